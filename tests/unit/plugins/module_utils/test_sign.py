# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _sign: signing inputs, the signer checks, and reading a CMS SignedData back, in memory with a
throw-away PKI (tests/render/certs.py). openssl cms checks the signatures in tests/render/test_sign.py."""

from __future__ import annotations

import datetime

import pytest

from cryptography.hazmat.primitives import serialization

from ansible_collections.cowork3p.fleet.plugins.module_utils import _sign
from ansible_collections.cowork3p.fleet.tests.render.certs import issue

PROFILE = b'<?xml version="1.0"?>\n<plist version="1.0"><dict/></plist>\n'


@pytest.fixture(scope="module")
def pki():
    root = issue("Unit Root CA", ca=True)
    return {"root": root, "signer": issue("Unit Signer", issuer=root), "other": issue("Other Root CA", ca=True)}


def _pem(*certs):
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def test_a_signed_profile_embeds_the_bytes_unchanged_and_names_its_signer(pki):
    cert, key = pki["signer"]
    signed = _sign.sign_profile(PROFILE, cert, key)
    assert _sign.is_signed(signed) and not _sign.is_signed(PROFILE)
    parsed = _sign.parse_signed(signed)
    assert parsed["content"] == PROFILE and len(parsed["signers"]) == 1
    content, signer = _sign.unwrap(signed)
    assert content == PROFILE
    assert signer["subject"] == cert.subject.rfc4514_string() and signer["trusted"] is None
    assert signer["serial"] == "%x" % cert.serial_number


def test_the_ca_bundle_decides_trust(pki):
    signed = _sign.sign_profile(PROFILE, *pki["signer"])
    assert _sign.unwrap(signed, ca_bundle=_pem(pki["root"][0]))[1]["trusted"] is True
    assert _sign.unwrap(signed, ca_bundle=_pem(pki["root"][0]).decode("ascii"))[1]["trusted"] is True
    with pytest.raises(_sign.SignatureError, match="does not chain to a certificate of the CA bundle"):
        _sign.unwrap(signed, ca_bundle=_pem(pki["other"][0]))
    with pytest.raises(_sign.SignatureError, match="ca_bundle holds no PEM certificate"):
        _sign.unwrap(signed, ca_bundle=b"-----BEGIN nothing")


def test_changed_content_breaks_the_signature(pki):
    signed = _sign.sign_profile(PROFILE, *pki["signer"])
    tampered = signed.replace(b"<dict/>", b"<dixt/>")
    assert tampered != signed
    with pytest.raises(_sign.SignatureError):
        _sign.unwrap(tampered)


@pytest.mark.parametrize("data", [b"", b"\x30", b"\x30\x03\x02\x01\x01", PROFILE, b"\x30\x82\xff\xff" + b"\x00" * 8])
def test_what_is_not_signed_data_is_a_signature_error(data):
    with pytest.raises(_sign.SignatureError):
        _sign.parse_signed(data)


def test_check_signer_lists_every_problem(pki):
    cert, key = pki["signer"]
    assert _sign.check_signer(cert, key) == []
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=400)
    problems = _sign.check_signer(cert, pki["other"][1], now=later)
    assert any(p.startswith("signing_key does not belong to the certificate") for p in problems)
    assert any(" expired on " in p for p in problems)
    no_signing = issue("No Signing", issuer=pki["root"], digital_signature=False)
    assert _sign.check_signer(*no_signing) == [
        "the certificate %s does not allow digital signatures (its key usage lacks digitalSignature)"
        % no_signing[0].subject.rfc4514_string()]
    assert _sign.check_signer(*issue("No Usage", issuer=pki["root"], key_usage=False)) == []


def test_load_signer_names_the_option(tmp_path, pki):
    cert, key = pki["signer"]
    cert_file = tmp_path / "signer.pem"
    cert_file.write_bytes(_pem(cert))
    key_file = tmp_path / "signer.key"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.BestAvailableEncryption(b"pass-Unit-1")))
    loaded, private_key, extra = _sign.load_signer(str(cert_file), str(key_file), passphrase="pass-Unit-1")
    assert loaded == cert and extra == [] and _sign.check_signer(loaded, private_key) == []
    cases = [
        ({}, "signing needs signing_cert and signing_key"),
        ({"cert": str(cert_file), "pkcs12": "x.p12"}, "give signing_pkcs12, or signing_cert with signing_key"),
        ({"cert": str(tmp_path / "none.pem"), "key": str(key_file)}, "signing_cert .*none.pem cannot be read"),
        ({"cert": str(key_file), "key": str(key_file)}, "is not a PEM certificate"),
        ({"cert": str(cert_file), "key": str(key_file)}, "is encrypted; set signing_key_passphrase"),
        ({"cert": str(cert_file), "key": str(key_file), "passphrase": "wrong"}, "wrong signing_key_passphrase"),
        ({"cert": str(cert_file), "key": str(key_file), "passphrase": "pass-Unit-1", "chain": str(key_file)},
         "signing_chain .* is not a PEM file of certificates"),
    ]
    for kwargs, message in cases:
        with pytest.raises(_sign.SigningError, match=message) as caught:
            _sign.load_signer(**kwargs)
        assert "pass-Unit-1" not in str(caught.value)
