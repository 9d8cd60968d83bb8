# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Signed configuration profiles: CMS SignedData over the exact bytes of a .mobileconfig.

Signing runs on the controller with the ``cryptography`` package (no shell, no
openssl binary): the admin's certificate and key (PEM files, or one PKCS#12
file), an optional chain of intermediates, SHA-256. The content is embedded
as is (binary mode: no line-end translation), so ``openssl cms -verify``
returns exactly the unsigned profile. Each signature carries a signing time:
the bytes differ between two signing runs of the same profile.

Reading a signed profile back (``unwrap``) parses the SignedData here (a
small BER reader: openssl writes DER, Apple's tools may write BER), checks that
the signature matches the content, and, given a CA bundle, that the signer
chains to one of its certificates. Secrets: the key and its passphrase are
never part of a message or a return value.
"""

from __future__ import annotations

import datetime
import os
from typing import Any, Sequence

OID_DATA = "1.2.840.113549.1.7.1"
OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
_HASHES = {
    "1.3.14.3.2.26": "SHA1", "2.16.840.1.101.3.4.2.1": "SHA256", "2.16.840.1.101.3.4.2.2": "SHA384",
    "2.16.840.1.101.3.4.2.3": "SHA512", "2.16.840.1.101.3.4.2.4": "SHA224",
}
_RSA = ("1.2.840.113549.1.1.1", "1.2.840.113549.1.1.5", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12",
        "1.2.840.113549.1.1.13", "1.2.840.113549.1.1.14")
_ECDSA = ("1.2.840.10045.2.1", "1.2.840.10045.4.1", "1.2.840.10045.4.3.1", "1.2.840.10045.4.3.2",
          "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4")


class SigningError(Exception):
    """A signing input is missing, unreadable or unfit; the message names the option and never a secret."""


class SignatureError(ValueError):
    """A signed profile that cannot be read or whose signature does not hold."""


# --------------------------------------------------------------------------- signing
def _read(option, path):
    if not path:
        raise SigningError("%s is not set" % option)
    try:
        with open(os.path.expanduser(path), "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise SigningError("%s %s cannot be read: %s" % (option, path, exc.strerror or exc))


def _passphrase(passphrase):
    if passphrase in (None, ""):
        return None
    return passphrase.encode("utf-8") if isinstance(passphrase, str) else bytes(passphrase)


def load_signer(cert: str | None = None, key: str | None = None, pkcs12: str | None = None,
                passphrase: str | bytes | None = None, chain: str | None = None) -> tuple:
    """(certificate, private key, [intermediates]) from the admin's files; SigningError on any problem."""
    # pylint: disable=import-outside-toplevel
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12 as p12

    secret = _passphrase(passphrase)
    extra = []
    if pkcs12:
        if cert or key:
            raise SigningError("give signing_pkcs12, or signing_cert with signing_key, not both")
        data = _read("signing_pkcs12", pkcs12)
        try:
            private_key, certificate, extra = p12.load_key_and_certificates(data, secret)
        except (ValueError, TypeError):
            raise SigningError("signing_pkcs12 %s cannot be opened: wrong signing_key_passphrase, or not a PKCS#12 "
                               "file" % pkcs12)
        if private_key is None or certificate is None:
            raise SigningError("signing_pkcs12 %s must hold a private key and its certificate" % pkcs12)
        extra = list(extra or [])
    else:
        if not cert or not key:
            raise SigningError("signing needs signing_cert and signing_key (PEM files), or signing_pkcs12")
        try:
            certificate = x509.load_pem_x509_certificate(_read("signing_cert", cert))
        except ValueError:
            raise SigningError("signing_cert %s is not a PEM certificate" % cert)
        key_data = _read("signing_key", key)
        try:
            private_key = serialization.load_pem_private_key(key_data, secret)
        except TypeError:
            if secret is None:
                raise SigningError("signing_key %s is encrypted; set signing_key_passphrase" % key)
            raise SigningError("signing_key %s is not encrypted; remove signing_key_passphrase" % key)
        except ValueError:
            raise SigningError("signing_key %s cannot be read: wrong signing_key_passphrase, or not a PEM private key"
                               % key)
    if chain:
        try:
            extra = extra + x509.load_pem_x509_certificates(_read("signing_chain", chain))
        except ValueError:
            raise SigningError("signing_chain %s is not a PEM file of certificates" % chain)
    return certificate, private_key, extra


def check_signer(certificate: Any, private_key: Any, now: datetime.datetime | None = None) -> list:
    """Every reason the pair cannot sign a profile (empty when it can)."""
    # pylint: disable=import-outside-toplevel
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    now = now or datetime.datetime.now(datetime.timezone.utc)
    subject = certificate.subject.rfc4514_string()
    problems = []
    if not isinstance(private_key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        problems.append("the signing key must be an RSA or EC key, not %s" % type(private_key).__name__)
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if private_key.public_key().public_bytes(*spki) != certificate.public_key().public_bytes(*spki):
        problems.append("signing_key does not belong to the certificate %s" % subject)
    if certificate.not_valid_after_utc < now:
        problems.append("the certificate %s expired on %s" % (subject, certificate.not_valid_after_utc.isoformat()))
    if certificate.not_valid_before_utc > now:
        problems.append("the certificate %s is not valid before %s"
                        % (subject, certificate.not_valid_before_utc.isoformat()))
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None    # no key usage extension: the certificate is not restricted (RFC 5280 4.2.1.3)
    if usage is not None and not usage.digital_signature:
        problems.append("the certificate %s does not allow digital signatures (its key usage lacks "
                        "digitalSignature)" % subject)
    return problems


def sign_profile(data: bytes, certificate: Any, private_key: Any, chain: Sequence = ()) -> bytes:
    """CMS SignedData (DER) with the profile's bytes embedded unchanged."""
    # pylint: disable=import-outside-toplevel
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7

    builder = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(certificate, private_key, hashes.SHA256())
    for extra in chain:
        builder = builder.add_certificate(extra)
    return builder.sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary, pkcs7.PKCS7Options.NoCapabilities])


# --------------------------------------------------------------------------- reading (BER)
class _Node:
    __slots__ = ("tag", "value", "raw", "children")

    def __init__(self, tag, value, raw, children):
        self.tag, self.value, self.raw, self.children = tag, value, raw, children


def _parse(data, pos=0, depth=0):
    """One BER element at pos: (_Node, end). Constructed elements are parsed into children."""
    if depth > 32 or pos + 2 > len(data):
        raise SignatureError("the signed profile is truncated or malformed")
    start, tag = pos, data[pos]
    if tag & 0x1F == 0x1F:
        raise SignatureError("the signed profile uses an unsupported ASN.1 tag")
    length = data[pos + 1]
    pos += 2
    indefinite = length == 0x80
    if length & 0x80 and not indefinite:
        count = length & 0x7F
        if count > 4 or pos + count > len(data):
            raise SignatureError("the signed profile is truncated or malformed")
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    children = None
    if tag & 0x20:
        children = []
        if indefinite:
            while data[pos:pos + 2] != b"\x00\x00":
                child, pos = _parse(data, pos, depth + 1)
                children.append(child)
            end = pos + 2
            value = None
        else:
            end = pos + length
            if end > len(data):
                raise SignatureError("the signed profile is truncated or malformed")
            inner = pos
            while inner < end:
                child, inner = _parse(data, inner, depth + 1)
                children.append(child)
            value = data[pos:end]
    else:
        if indefinite:
            raise SignatureError("the signed profile is malformed (indefinite primitive)")
        end = pos + length
        if end > len(data):
            raise SignatureError("the signed profile is truncated or malformed")
        value = data[pos:end]
    return _Node(tag, value, data[start:end], children), end


def _oid(node):
    if node.tag != 0x06 or not node.value:
        raise SignatureError("the signed profile is malformed (expected an object identifier)")
    raw = node.value
    first = raw[0]
    arcs = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    value = 0
    for byte in raw[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    return ".".join(str(a) for a in arcs)


def _octets(node):
    """Bytes of an OCTET STRING, also a constructed (BER) one."""
    if node.children is None:
        return node.value
    return b"".join(_octets(child) for child in node.children)


def _kids(node, what):
    if node.children is None:
        raise SignatureError("the signed profile is malformed (%s)" % what)
    return node.children


def parse_signed(data: bytes) -> dict:
    """{content, certificates (DER list), signers} of a CMS SignedData; SignatureError when it is not one."""
    try:
        return _parse_signed(bytes(data))
    except SignatureError:
        raise
    except (IndexError, TypeError, AttributeError, ValueError):
        raise SignatureError("the signed profile is truncated or malformed")


def _parse_signed(data):
    top, _end = _parse(data)
    parts = _kids(top, "ContentInfo")
    if len(parts) < 2 or _oid(parts[0]) != OID_SIGNED_DATA:
        raise SignatureError("the file is not CMS SignedData")
    signed = _kids(_kids(parts[1], "SignedData")[0], "SignedData")
    encap = _kids(signed[2], "encapsulated content")
    if _oid(encap[0]) != OID_DATA or len(encap) < 2:
        raise SignatureError("the signed profile does not embed its content")
    content = _octets(_kids(encap[1], "content")[0])
    certificates, signer_set = [], None
    for node in signed[3:]:
        if node.tag == 0xA0:
            certificates = [child.raw for child in _kids(node, "certificates") if child.tag == 0x30]
        elif node.tag == 0x31:
            signer_set = node
    if signer_set is None or not signer_set.children:
        raise SignatureError("the signed profile has no signer")
    signers = []
    for info in signer_set.children:
        fields = _kids(info, "SignerInfo")
        sid = fields[1]
        index = 2
        digest = _oid(_kids(fields[index], "digest algorithm")[0])
        index += 1
        attrs = None
        if fields[index].tag == 0xA0:
            attrs = fields[index]
            index += 1
        sig_alg = _oid(_kids(fields[index], "signature algorithm")[0])
        signature = fields[index + 1].value
        signers.append({"sid": sid, "digest": digest, "attrs": attrs, "sig_alg": sig_alg, "signature": signature})
    return {"content": content, "certificates": certificates, "signers": signers}


def is_signed(data: bytes) -> bool:
    """True when the bytes look like CMS SignedData (DER/BER SEQUENCE holding the signedData OID)."""
    return bytes(data[:1]) == b"\x30" and bytes.fromhex("2a864886f70d010702") in bytes(data[:40])


# --------------------------------------------------------------------------- verification
def _signer_cert(signer, certificates):
    from cryptography import x509  # pylint: disable=import-outside-toplevel
    sid = signer["sid"]
    loaded = [x509.load_der_x509_certificate(der) for der in certificates]
    for cert in loaded:
        if sid.tag == 0x30:
            issuer, serial = _kids(sid, "signer id")[:2]
            if cert.issuer.public_bytes() == issuer.raw and cert.serial_number == int.from_bytes(serial.value, "big"):
                return cert, loaded
        elif sid.tag == 0x80:
            try:
                ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
            except x509.ExtensionNotFound:
                continue
            if ski == sid.value:
                return cert, loaded
    raise SignatureError("the signer's certificate is not in the signed profile")


def _verify_one(signer, content, cert):
    # pylint: disable=import-outside-toplevel
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    name = _HASHES.get(signer["digest"])
    if name is None:
        raise SignatureError("the signature uses an unsupported digest (%s)" % signer["digest"])
    algorithm = getattr(hashes, name)()
    attrs = signer["attrs"]
    if attrs is not None:
        digest = hashes.Hash(algorithm)
        digest.update(content)
        wanted = None
        for attr in _kids(attrs, "signed attributes"):
            pair = _kids(attr, "attribute")
            if _oid(pair[0]) == OID_MESSAGE_DIGEST:
                wanted = _kids(pair[1], "message digest")[0].value
        if wanted != digest.finalize():
            raise SignatureError("the signed profile was changed after it was signed (its content does not match the "
                                 "signature)")
        if attrs.value is None:
            raise SignatureError("the signed attributes use indefinite-length BER; cannot verify them")
        signed_bytes = b"\x31" + attrs.raw[1:]
    else:
        signed_bytes = content
    key = cert.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey) and signer["sig_alg"] in _RSA:
            key.verify(signer["signature"], signed_bytes, padding.PKCS1v15(), algorithm)
        elif isinstance(key, ec.EllipticCurvePublicKey) and signer["sig_alg"] in _ECDSA:
            key.verify(signer["signature"], signed_bytes, ec.ECDSA(algorithm))
        else:
            raise SignatureError("the signature algorithm %s is not supported" % signer["sig_alg"])
    except InvalidSignature:
        raise SignatureError("the signature of the profile does not verify (the file was changed after signing, "
                             "or the signature is damaged)")


def _chain_to(cert, pool, anchors, now):
    """True when cert chains through pool (the profile's certificates) to one of anchors."""
    current = cert
    for _depth in range(10):
        for step in (anchors, pool):
            issuer = _issuer_of(current, step)
            if issuer is None:
                continue
            if not issuer.not_valid_before_utc <= now <= issuer.not_valid_after_utc:
                raise SignatureError("the certificate %s in the signer's chain is not valid now"
                                     % issuer.subject.rfc4514_string())
            if step is anchors:
                return True
            current = issuer
            break
        else:
            return False
    return False


def _issuer_of(cert, candidates):
    for candidate in candidates:
        if candidate == cert or candidate.subject != cert.issuer:
            continue
        try:
            cert.verify_directly_issued_by(candidate)
        except Exception:   # pylint: disable=broad-except  # InvalidSignature, or a key type that cannot verify
            continue
        return candidate
    return None


def load_ca_bundle(ca_bundle: str | bytes) -> list:
    """Certificates of a CA bundle: PEM text, PEM bytes, or a path to a PEM file."""
    from cryptography import x509  # pylint: disable=import-outside-toplevel
    if isinstance(ca_bundle, str) and "-----BEGIN" not in ca_bundle:
        try:
            with open(os.path.expanduser(ca_bundle), "rb") as handle:
                ca_bundle = handle.read()
        except OSError as exc:
            raise SignatureError("ca_bundle %s cannot be read: %s" % (ca_bundle, exc.strerror or exc))
    if isinstance(ca_bundle, str):
        ca_bundle = ca_bundle.encode("ascii", "replace")
    try:
        return x509.load_pem_x509_certificates(ca_bundle)
    except ValueError:
        raise SignatureError("ca_bundle holds no PEM certificate")


def unwrap(data: bytes, ca_bundle: str | bytes | None = None, now: datetime.datetime | None = None) -> tuple:
    """(content, signer) of a signed profile: the embedded bytes, and who signed them.

    The signature is checked against the content; with ca_bundle the signer must also chain to
    one of its certificates. signer = {subject, issuer, serial, not_after, trusted}; trusted is
    None when no CA bundle was given. SignatureError on anything that does not hold.
    """
    parsed = parse_signed(data)
    try:
        # pylint: disable-next=import-outside-toplevel
        from cryptography.exceptions import UnsupportedAlgorithm
        from cryptography.x509 import InvalidVersion  # pylint: disable=import-outside-toplevel
    except ImportError:
        if ca_bundle is not None:
            raise SignatureError("verifying a signed profile needs the Python package cryptography on the controller")
        return parsed["content"], None
    try:
        return parsed["content"], _check(parsed, ca_bundle, now or datetime.datetime.now(datetime.timezone.utc))
    except SignatureError:
        raise
    except (IndexError, TypeError, AttributeError, ValueError, UnsupportedAlgorithm, InvalidVersion):
        # cryptography parses certificate fields lazily: a damaged one fails where it is first read
        raise SignatureError("the signed profile is malformed (its signer or certificates cannot be read)")


def _check(parsed, ca_bundle, now):
    """The signer of parsed SignedData whose signature holds (and, with ca_bundle, chains to it)."""
    signer = parsed["signers"][0]
    cert, pool = _signer_cert(signer, parsed["certificates"])
    _verify_one(signer, parsed["content"], cert)
    trusted = None
    if ca_bundle is not None:
        anchors = load_ca_bundle(ca_bundle)
        if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            raise SignatureError("the signer's certificate %s is not valid now" % cert.subject.rfc4514_string())
        trusted = cert in anchors or _chain_to(cert, pool, anchors, now)
        if not trusted:
            raise SignatureError("the signer %s does not chain to a certificate of the CA bundle"
                                 % cert.subject.rfc4514_string())
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "serial": "%x" % cert.serial_number,
        "not_after": cert.not_valid_after_utc.isoformat(),
        "trusted": trusted,
    }
