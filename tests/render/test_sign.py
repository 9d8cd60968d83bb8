"""Signed profiles (_sign): openssl accepts them and returns the exact unsigned bytes; every bad input is named;
the import side checks the signature and, with a CA bundle, the signer."""

import random
import subprocess

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _importers, _sign
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _artifacts, _templating as templating

from .certs import Pki, issue
from .conftest import need_tool

PASSPHRASE = "correct horse battery staple 7"
SETTINGS = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.corp",
            "inferenceGatewayApiKey": "sk-sign-test", "organizationInstructions": "Line 1\r\nLine 2 & <3>"}


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return Pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def unsigned():
    settings = templating.check_settings(SETTINGS).settings
    return templating.render_bytes("mobileconfig", settings)


def _signing(pki, **extra):
    options = {"signing_cert": str(pki.cert_file("signer.pem", pki.signer[0])),
               "signing_key": str(pki.key_file("signer.key", pki.signer[1], PASSPHRASE)),
               "signing_key_passphrase": PASSPHRASE, "signing_chain": str(pki.chain_file)}
    options.update(extra)
    return {k: v for k, v in options.items() if v is not None}


def _openssl_verify(path, ca_file, tmp_path):
    out = tmp_path / "verified.out"
    result = subprocess.run([need_tool("openssl"), "cms", "-verify", "-CAfile", str(ca_file), "-inform", "DER",
                             "-in", str(path), "-out", str(out)], capture_output=True, check=False)
    return result, out.read_bytes() if out.exists() else None


def test_openssl_accepts_the_signature_and_returns_the_exact_bytes(pki, unsigned, tmp_path):
    signed = _sign.sign_profile(unsigned, *_artifacts.prepare_signer(_signing(pki)))
    path = tmp_path / "p.signed.mobileconfig"
    path.write_bytes(signed)
    result, content = _openssl_verify(path, pki.ca_file, tmp_path)
    assert result.returncode == 0, result.stderr
    assert content == unsigned
    assert b"\r\n" not in content      # binary mode: no translation of line ends to CR LF


def test_pkcs12_input_signs_too(pki, unsigned, tmp_path):
    p12 = pki.p12_file("signer.p12", pki.signer, PASSPHRASE, chain=[pki.intermediate[0]])
    signer = _artifacts.prepare_signer({"signing_pkcs12": str(p12), "signing_key_passphrase": PASSPHRASE})
    path = tmp_path / "p12.signed.mobileconfig"
    path.write_bytes(_sign.sign_profile(unsigned, *signer))
    result, content = _openssl_verify(path, pki.ca_file, tmp_path)
    assert result.returncode == 0, result.stderr
    assert content == unsigned


def _error(options):
    with pytest.raises(_artifacts.ArtifactError) as caught:
        _artifacts.prepare_signer(options)
    text = str(caught.value)
    assert PASSPHRASE not in text
    return text


def test_signing_errors_are_named(pki, tmp_path):
    good = _signing(pki)
    assert "wrong signing_key_passphrase" in _error(dict(good, signing_key_passphrase="nope"))
    assert "is encrypted; set signing_key_passphrase" in _error({k: v for k, v in good.items()
                                                                if k != "signing_key_passphrase"})
    other = issue("Someone Else", issuer=pki.intermediate)
    assert "signing_key does not belong to the certificate" in _error(
        dict(good, signing_key=str(pki.key_file("other.key", other[1])), signing_key_passphrase=None))
    expired = issue("Expired Signer", issuer=pki.intermediate, not_before=-30, not_after=-1)
    assert "expired on" in _error(dict(good, signing_cert=str(pki.cert_file("expired.pem", expired[0])),
                                       signing_key=str(pki.key_file("expired.key", expired[1])),
                                       signing_key_passphrase=None))
    future = issue("Future Signer", issuer=pki.intermediate, not_before=2, not_after=30)
    assert "is not valid before" in _error(dict(good, signing_cert=str(pki.cert_file("future.pem", future[0])),
                                                signing_key=str(pki.key_file("future.key", future[1])),
                                                signing_key_passphrase=None))
    no_sig = issue("Encryption Only", issuer=pki.intermediate, digital_signature=False)
    assert "does not allow digital signatures" in _error(dict(good, signing_cert=str(pki.cert_file("nosig.pem", no_sig[0])),
                                                              signing_key=str(pki.key_file("nosig.key", no_sig[1])),
                                                              signing_key_passphrase=None))
    assert "needs signing_cert and signing_key" in _error({"signing_cert": good["signing_cert"]})
    assert "signing_chain" in _error(dict(good, signing_chain=str(pki.key_file("bad-chain.pem", other[1]))))
    p12 = pki.p12_file("wrong.p12", pki.signer, PASSPHRASE)
    assert "signing_pkcs12" in _error({"signing_pkcs12": str(p12), "signing_key_passphrase": "nope"})
    assert "not both" in _error(dict(good, signing_pkcs12=str(p12)))
    assert "cannot be read" in _error(dict(good, signing_cert=str(tmp_path / "missing.pem")))


def test_a_certificate_without_key_usage_may_sign(pki, unsigned):
    plain = issue("No Key Usage", issuer=pki.intermediate, key_usage=False)
    assert _sign.check_signer(*plain) == []


def test_import_verifies_and_reports_the_signer(pki, unsigned, tmp_path):
    signed = _sign.sign_profile(unsigned, *_artifacts.prepare_signer(_signing(pki)))
    settings, _report, notes = _importers.import_settings(signed, "mobileconfig", ca_bundle=str(pki.ca_file))
    assert settings == templating.check_settings(SETTINGS).settings
    assert any(isinstance(n, str) and n.startswith("signed by CN=Profile Signer,O=cowork3p tests") and "chains to the CA bundle" in n
               for n in notes)
    signer = _importers.profile_signer(signed, ca_bundle=pki.ca_file.read_text())
    assert signer["subject"] == "CN=Profile Signer,O=cowork3p tests" and signer["trusted"] is True
    assert _importers.profile_signer(signed)["trusted"] is None
    assert _importers.profile_signer(unsigned) is None

    # Another CA: the signature holds, the signer is not trusted.
    stranger = Pki(tmp_path)
    with pytest.raises(_importers.ImportError_, match="does not chain to a certificate of the CA bundle"):
        _importers.import_settings(signed, "mobileconfig", ca_bundle=str(stranger.ca_file))
    with pytest.raises(_importers.ImportError_, match="not signed, but a CA bundle was given"):
        _importers.import_settings(unsigned, "mobileconfig", ca_bundle=str(pki.ca_file))


def test_a_tampered_profile_is_an_error(pki, unsigned, tmp_path):
    signed = _sign.sign_profile(unsigned, *_artifacts.prepare_signer(_signing(pki)))
    at = signed.index(b"gw.example.corp")
    tampered = signed[:at] + b"ev" + signed[at + 2:]
    for ca_bundle in (None, str(pki.ca_file)):
        with pytest.raises(_importers.ImportError_, match="changed after it was signed"):
            _importers.import_settings(tampered, "mobileconfig", ca_bundle=ca_bundle)
    path = tmp_path / "tampered.mobileconfig"
    path.write_bytes(tampered)
    assert _openssl_verify(path, pki.ca_file, tmp_path)[0].returncode != 0     # openssl agrees
    with pytest.raises(_importers.ImportError_, match="truncated or malformed"):
        _importers.import_settings(signed[:len(signed) // 2], "mobileconfig")


def test_damaged_signed_profiles_never_pass_changed_content(pki, unsigned):
    """Truncated, flipped or cut bytes: an ImportError_ (never a traceback), or the very same settings when the
    damage missed everything the signature covers."""
    signed = _sign.sign_profile(unsigned, *_artifacts.prepare_signer(_signing(pki)))
    expected = templating.check_settings(SETTINGS).settings
    rnd = random.Random(13)
    for round_ in range(600):
        damaged = bytearray(signed)
        if round_ % 3 == 0:
            damaged = damaged[:rnd.randrange(len(damaged))]
        elif round_ % 3 == 1:
            damaged[rnd.randrange(len(damaged))] ^= 1 << rnd.randrange(8)
        else:
            start = rnd.randrange(len(damaged))
            del damaged[start:start + rnd.randint(1, 20)]
        for ca_bundle in (None, str(pki.ca_file)):
            try:
                settings, _report, _notes = _importers.import_settings(bytes(damaged), "mobileconfig",
                                                                       ca_bundle=ca_bundle)
            except _importers.ImportError_:
                continue
            assert settings == expected
