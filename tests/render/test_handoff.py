"""Hand-off artifacts through the real render playbook: formats=all, signing, bootstrap and egress.

Each writing run is a triplet (check mode writes nothing, the real run changes, the re-run does not) and each
file is read back by a parser the project did not write (plistlib, json, zipfile/lxml, openssl cms).
"""

import importlib
import json
import os
import plistlib
import stat
import subprocess
import zipfile

import pytest
import yaml

from .certs import Pki
from .conftest import ROOT, need_tool
from .test_playbook import _playbook, _recap

PASSPHRASE = "vaulted passphrase 4711"
EXAMPLE = os.path.join(ROOT, "examples", "gateway.yml")
PER_DOCUMENT = ["claude-desktop.bootstrap.json", "claude-desktop.egress.txt", "claude-desktop.mobileconfig",
                "claude-desktop.plist", "claude-desktop.reg", "managed-settings.json"]
# format -> (module of the mdm-catalog branch, files it adds to formats=all)
CATALOG_WIDE = {
    "admx": ("_admx", ["claude-desktop.admx.zip", "claude-desktop.intune.json"]),
    "jamf_schema": ("_jamf", ["claude-desktop.jamf.json"]),
    "profile_manifest": ("_manifest", ["claude-desktop.manifest.plist"]),
}


def _available(module):
    try:
        importlib.import_module("ansible_collections.cowork3p.fleet.plugins.module_utils." + module)
    except ImportError:
        return False
    return True


def _need_catalog(fmt):
    module = CATALOG_WIDE[fmt][0]
    if not _available(module):
        message = ("plugins/module_utils/%s.py (format %s) comes with the mdm-catalog branch and is not in this "
                   "checkout" % (module, fmt))
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _run(playbook_bin, ansible_env, cwd, *args):
    result = _playbook(playbook_bin, ansible_env, cwd, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_formats_all_writes_every_file_check_real_rerun(playbook_bin, ansible_env, tmp_path):
    args = ("-e", "settings_file=%s" % EXAMPLE, "-e", "dest=out", "-e", "formats=all")
    check = _run(playbook_bin, ansible_env, tmp_path, "--check", *args)
    assert _recap(check.stdout)["changed"] == 1
    assert not (tmp_path / "out").exists(), "check mode must not write anything"

    real = _run(playbook_bin, ansible_env, tmp_path, *args)
    assert _recap(real.stdout)["changed"] == 1
    out = tmp_path / "out"
    expected = list(PER_DOCUMENT)
    for fmt, (module, files) in CATALOG_WIDE.items():
        if _available(module):
            expected += files
        else:
            assert "format %s needs plugins/module_utils/%s.py" % (fmt, module) in real.stdout + real.stderr
    assert sorted(os.listdir(out)) == sorted(expected)
    assert "signed.mobileconfig" not in " ".join(os.listdir(out))     # all = no format that needs extra input
    first = {name: (out / name).read_bytes() for name in expected}

    # Modes: files with the document's values are 0600 (the example holds an API key); the rest 0644.
    for name in expected:
        secret_free = name.endswith((".egress.txt", ".admx.zip", ".jamf.json", ".manifest.plist"))
        assert stat.S_IMODE(os.stat(out / name).st_mode) == (0o644 if secret_free else 0o600), name

    # Read back by parsers the project did not write.
    example = yaml.safe_load(open(EXAMPLE, encoding="utf-8"))
    bootstrap = json.loads(first["claude-desktop.bootstrap.json"])
    assert bootstrap == json.loads(first["managed-settings.json"])    # nothing MDM-only in the example
    assert set(bootstrap) == set(example)
    profile = plistlib.loads(first["claude-desktop.mobileconfig"])
    assert profile["PayloadContent"][0]["inferenceGatewayBaseUrl"] == example["inferenceGatewayBaseUrl"]
    egress = first["claude-desktop.egress.txt"].decode("utf-8").splitlines()
    assert "llm-gateway.example.corp  # inferenceGatewayBaseUrl" in egress
    assert [line.split("  # ")[0] for line in egress] == sorted(line.split("  # ")[0] for line in egress)
    if _available("_admx"):
        with zipfile.ZipFile(out / "claude-desktop.admx.zip") as archive:
            assert archive.namelist() == ["PolicyDefinitions/Claude.admx", "PolicyDefinitions/en-US/Claude.adml"]
        oma = json.loads(first["claude-desktop.intune.json"])
        assert "ADMXInstall" in oma[0]["omaUri"]
    if _available("_jamf"):
        assert json.loads(first["claude-desktop.jamf.json"])["$schema"]
    if _available("_manifest"):
        assert plistlib.loads(first["claude-desktop.manifest.plist"])["pfm_domain"] == "com.anthropic.claudefordesktop"

    again = _run(playbook_bin, ansible_env, tmp_path, *args)
    assert _recap(again.stdout)["changed"] == 0
    assert {name: (out / name).read_bytes() for name in expected} == first

    # Only the API key changes: the diff of every format says so without showing either value.
    rotated = tmp_path / "rotated.yml"
    rotated.write_text(open(EXAMPLE, encoding="utf-8").read().replace("sk-placeholder-replace-me", "sk-rotated-4242"))
    diff = _run(playbook_bin, ansible_env, tmp_path, "--check", "--diff", "-e", "settings_file=%s" % rotated,
                *args[2:])
    combined = diff.stdout + diff.stderr
    assert _recap(diff.stdout)["changed"] == 1
    assert "sk-placeholder-replace-me" not in combined and "sk-rotated-4242" not in combined
    assert "******** (changed)" in combined
    assert {name: (out / name).read_bytes() for name in expected} == first


@pytest.mark.parametrize("fmt", sorted(CATALOG_WIDE))
def test_catalog_wide_format_on_request(playbook_bin, ansible_env, tmp_path, fmt):
    _need_catalog(fmt)
    _run(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=%s" % EXAMPLE, "-e", "dest=out",
         "-e", "formats=%s" % fmt)
    assert sorted(os.listdir(tmp_path / "out")) == sorted(CATALOG_WIDE[fmt][1])


def test_signed_profile_through_the_playbook(playbook_bin, ansible_env, tmp_path):
    pki = Pki(tmp_path)
    cert = pki.cert_file("signer.pem", pki.signer[0])
    key = pki.key_file("signer.key", pki.signer[1], PASSPHRASE)
    (tmp_path / "vault.yml").write_text("signing_key_passphrase: %s\n" % PASSPHRASE)
    args = ("-e", "settings_file=%s" % EXAMPLE, "-e", "dest=out", "-e", "formats=mobileconfig,signed_mobileconfig",
            "-e", "signing_cert=%s" % cert, "-e", "signing_key=%s" % key, "-e", "signing_chain=%s" % pki.chain_file,
            "-e", "@vault.yml", "-vvvv")
    check = _run(playbook_bin, ansible_env, tmp_path, "--check", *args)
    assert not (tmp_path / "out").exists()
    real = _run(playbook_bin, ansible_env, tmp_path, *args)
    assert _recap(real.stdout)["changed"] == 1
    for output in (check, real):
        assert PASSPHRASE not in output.stdout + output.stderr
    signed = tmp_path / "out" / "claude-desktop.signed.mobileconfig"
    assert stat.S_IMODE(os.stat(signed).st_mode) == 0o600
    verified = subprocess.run([need_tool("openssl"), "cms", "-verify", "-CAfile", str(pki.ca_file), "-inform", "DER",
                               "-in", str(signed)], capture_output=True, check=False)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout == (tmp_path / "out" / "claude-desktop.mobileconfig").read_bytes()

    # Same profile, same certificate: the signature is kept, nothing changes.
    before = signed.read_bytes()
    again = _run(playbook_bin, ansible_env, tmp_path, *args)
    assert _recap(again.stdout)["changed"] == 0 and signed.read_bytes() == before

    # A wrong passphrase: a clear error, nothing written, the passphrases never shown.
    (tmp_path / "vault.yml").write_text("signing_key_passphrase: wrong-%s\n" % PASSPHRASE)
    settings = tmp_path / "changed.yml"
    settings.write_text(open(EXAMPLE, encoding="utf-8").read().replace("eng-platform", "eng-other"))
    bad = _playbook(playbook_bin, ansible_env, tmp_path, *(("-e", "settings_file=%s" % settings) + args[2:]))
    assert bad.returncode != 0
    assert "signed_mobileconfig: signing_key" in bad.stdout and "wrong signing_key_passphrase" in bad.stdout
    assert PASSPHRASE not in bad.stdout + bad.stderr
    assert signed.read_bytes() == before
    assert b"eng-other" not in (tmp_path / "out" / "claude-desktop.mobileconfig").read_bytes()


def test_signed_profile_needs_signing_input(playbook_bin, ansible_env, tmp_path):
    result = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=%s" % EXAMPLE, "-e", "dest=out",
                       "-e", "formats=signed_mobileconfig,json")
    assert result.returncode != 0
    assert "signed_mobileconfig: signing needs signing_cert and signing_key (PEM files), or signing_pkcs12" in result.stdout
    assert not (tmp_path / "out").exists()


def test_bootstrap_errors_and_unknown_formats_all_at_once(playbook_bin, ansible_env, tmp_path):
    (tmp_path / "settings.yml").write_text(yaml.safe_dump({
        "inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.corp",
        "inferenceGatewayApiKey": "sk-bootstrap-secret-1", "otlpEndpoint": "http://127.0.0.1:4318",
        "bootstrapUrl": "https://config.example.corp/bootstrap", "egressProxyUrl": "http://proxy.example.corp:3128"}))
    result = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=settings.yml", "-e", "dest=out",
                       "-e", "formats=json,bootstrap_json,egress,docx")
    assert result.returncode != 0
    text = result.stdout
    assert "3 error(s); nothing was written" in text
    assert "unknown format 'docx'" in text
    assert "bootstrap_json: otlpEndpoint: a bootstrap response may not carry a loopback host" in text
    assert "bootstrap_json: inferenceGatewayBaseUrl: must share the bootstrap origin https://config.example.corp" in text
    assert "sk-bootstrap-secret-1" not in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


def test_bootstrap_file_leaves_out_mdm_only_keys(playbook_bin, ansible_env, tmp_path):
    (tmp_path / "settings.yml").write_text(yaml.safe_dump({
        "inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.corp",
        "inferenceGatewayApiKey": "sk-bootstrap-secret-2", "bootstrapUrl": "https://gw.example.corp/bootstrap",
        "trustBootstrapDelivery": True, "egressProxyUrl": "http://proxy.example.corp:3128"}))
    args = ("-e", "settings_file=settings.yml", "-e", "dest=out", "-e", "formats=bootstrap_json,json", "--diff")
    result = _run(playbook_bin, ansible_env, tmp_path, *args)
    for key in ("bootstrapUrl", "trustBootstrapDelivery", "egressProxyUrl"):
        assert "bootstrap_json: %s: is never accepted from a bootstrap response" % key in result.stdout + result.stderr
    assert "sk-bootstrap-secret-2" not in result.stdout + result.stderr    # the diff is masked
    served = json.loads((tmp_path / "out" / "claude-desktop.bootstrap.json").read_text())
    assert sorted(served) == ["inferenceGatewayApiKey", "inferenceGatewayBaseUrl", "inferenceProvider"]
    assert "bootstrapUrl" in json.loads((tmp_path / "out" / "managed-settings.json").read_text())
    again = _run(playbook_bin, ansible_env, tmp_path, *args)
    assert _recap(again.stdout)["changed"] == 0


FILTER_PLAY = """
- name: Read a signed profile back through the filter
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Read the file
      ansible.builtin.slurp:
        src: out/claude-desktop.signed.mobileconfig
      register: signed
    - name: Import it, checking the signer
      ansible.builtin.copy:
        content: "{{ signed.content | cowork3p.fleet.from_mobileconfig(b64=true, ca_bundle=ca, signer=true) | to_json }}"
        dest: imported.json
        mode: "0600"
      no_log: true
"""


def test_from_mobileconfig_checks_the_signer(playbook_bin, ansible_env, tmp_path):
    pki = Pki(tmp_path)
    _run(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=%s" % EXAMPLE, "-e", "dest=out",
         "-e", "formats=signed_mobileconfig", "-e", "signing_cert=%s" % pki.cert_file("s.pem", pki.signer[0]),
         "-e", "signing_key=%s" % pki.key_file("s.key", pki.signer[1]), "-e", "signing_chain=%s" % pki.chain_file)
    (tmp_path / "play.yml").write_text(FILTER_PLAY)
    ok = subprocess.run([playbook_bin, "play.yml", "-e", "ca=%s" % pki.ca_file], cwd=tmp_path, env=ansible_env,
                        capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    imported = json.loads((tmp_path / "imported.json").read_text())
    assert imported["signer"]["subject"] == "CN=Profile Signer,O=cowork3p tests"
    assert imported["signer"]["trusted"] is True
    assert imported["settings"]["inferenceGatewayBaseUrl"] == "https://llm-gateway.example.corp"

    (tmp_path / "stranger").mkdir()
    stranger = Pki(tmp_path / "stranger")
    bad = subprocess.run([playbook_bin, "play.yml", "-e", "ca=%s" % stranger.ca_file], cwd=tmp_path,
                         env=ansible_env, capture_output=True, text=True, check=False)
    assert bad.returncode != 0
    assert "does not chain to a certificate of the CA bundle" in bad.stdout
