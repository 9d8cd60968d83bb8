"""A throw-away PKI for the signing tests: a CA, an intermediate and signers, made with cryptography."""

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cowork3p tests"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def issue(common_name, issuer=None, ca=False, rsa_key=False, not_before=-1, not_after=30, digital_signature=True,
          key_usage=True):
    """(certificate, key); issuer = (certificate, key) of the CA, None for a self-signed root."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if rsa_key else ec.generate_private_key(
        ec.SECP256R1())
    builder = (x509.CertificateBuilder().subject_name(_name(common_name))
               .issuer_name(issuer[0].subject if issuer else _name(common_name))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(NOW + not_before * DAY).not_valid_after(NOW + not_after * DAY)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if key_usage:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=digital_signature and not ca, content_commitment=False, key_encipherment=not ca,
            data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca, encipher_only=False,
            decipher_only=False), critical=True)
    return builder.sign(issuer[1] if issuer else key, hashes.SHA256()), key


class Pki:
    """Root CA -> intermediate -> signer, written under a directory as PEM and PKCS#12 files."""

    def __init__(self, directory):
        self.dir = directory
        self.root = issue("Test Root CA", ca=True)
        self.intermediate = issue("Test Intermediate CA", issuer=self.root, ca=True)
        self.signer = issue("Profile Signer", issuer=self.intermediate, rsa_key=True)
        self.ca_file = self.cert_file("ca.pem", self.root[0])
        self.chain_file = self.cert_file("chain.pem", self.intermediate[0])

    def cert_file(self, name, *certs):
        path = self.dir / name
        path.write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs))
        return path

    def key_file(self, name, key, passphrase=None):
        encryption = (serialization.BestAvailableEncryption(passphrase.encode()) if passphrase
                      else serialization.NoEncryption())
        path = self.dir / name
        path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption))
        path.chmod(0o600)
        return path

    def p12_file(self, name, pair, passphrase, chain=()):
        path = self.dir / name
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            b"signer", pair[1], pair[0], list(chain), serialization.BestAvailableEncryption(passphrase.encode())))
        path.chmod(0o600)
        return path
