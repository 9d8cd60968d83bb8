"""Rendered artifacts checked with parsers that are not ours.

.mobileconfig / plist: plistlib and xmllint (well-formedness, and validity against
the plist DTD through a local catalog). .reg: merged into a real hive file with
hivexregedit, read back with regipy, libregf (pyregf) and hivexget. JSON: a strict
json load. Then the import side of the core must give the same settings back.
"""

import json
import os
import plistlib
import random

import pyregf                                   # libregf-python, pinned in tests/requirements.txt
import pytest
from regipy import registry as regipy_registry  # pinned in tests/requirements.txt

from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import encode_string
from ansible_collections.cowork3p.fleet.plugins.module_utils import _importers
from ansible_collections.cowork3p.fleet.plugins.module_utils._importers import import_settings
from ansible_collections.cowork3p.fleet.plugins.module_utils import _render as render
from ansible_collections.cowork3p.fleet.plugins.module_utils._render import profile_uuids
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _templating as templating

from .conftest import GOLDEN, LAB_FILES, TRICKY, need_tool, run

PAYLOAD = "com.anthropic.claudefordesktop"


@pytest.fixture(scope="module")
def tricky():
    report = validate(TRICKY)
    assert not report.errors, report.error_text()
    return report.settings


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _strict_json(text):
    def pairs(items):
        seen = {}
        for key, value in items:
            assert key not in seen, "duplicate key %s" % key
            seen[key] = value
        return seen

    def constant(name):
        raise AssertionError("non-standard JSON constant %s" % name)

    return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)


# -- .mobileconfig -----------------------------------------------------------------
def test_mobileconfig_reads_back_with_plistlib(tricky):
    data = templating.render_bytes("mobileconfig", tricky, identifier="com.example.claude")
    profile = plistlib.loads(data)
    assert profile["PayloadType"] == "Configuration"
    assert profile["PayloadVersion"] == 1
    assert profile["PayloadScope"] == "System"
    assert profile["PayloadIdentifier"] == "com.example.claude"
    (payload,) = profile["PayloadContent"]
    assert payload["PayloadType"] == PAYLOAD
    assert payload["PayloadIdentifier"] == "com.example.claude.settings"
    assert payload["PayloadVersion"] == 1
    assert payload["PayloadUUID"] != profile["PayloadUUID"]
    assert (profile["PayloadUUID"], payload["PayloadUUID"]) == profile_uuids("com.example.claude")
    body = {k: v for k, v in payload.items() if not k.startswith("Payload")}
    # Every value is a string: no native arrays, dicts, booleans or integers.
    assert all(isinstance(v, str) for v in body.values())
    assert body == {k: encode_string(v) for k, v in tricky.items()}
    # Spot checks of the trickiest ones, decoded by hand.
    assert body["disableDeploymentModeChooser"] == "true"
    assert body["inferenceCredentialHelperTimeoutSec"] == "45"
    assert body["inferenceModelPricingMultiplier"] == "0.75"
    assert json.loads(body["inferenceCustomHeaders"])["X-Json"] == TRICKY["inferenceCustomHeaders"]["X-Json"]
    assert body["organizationInstructions"] == TRICKY["organizationInstructions"]   # CR survives
    assert body["inferenceVertexOAuthLoginHint"] == ""


def test_mobileconfig_is_valid_xml_and_valid_plist(tricky, tmp_path):
    xmllint = need_tool("xmllint")
    path = _write(tmp_path, "t.mobileconfig", templating.render_bytes("mobileconfig", tricky))
    assert run([xmllint, "--noout", "--nonet", path]).returncode == 0
    env = dict(os.environ, XML_CATALOG_FILES=os.path.join(LAB_FILES, "catalog.xml"))
    result = run([xmllint, "--noout", "--nonet", "--valid", path], env=env)
    assert result.returncode == 0, result.stderr
    # The DTD check is real: a key without a value is refused.
    broken = _write(tmp_path, "b.mobileconfig", templating.render_bytes("mobileconfig", tricky)
                    .replace(b"<string>gateway</string>", b""))
    assert run([xmllint, "--noout", "--nonet", "--valid", broken], env=env).returncode != 0


def test_managed_plist_reads_back(tricky, tmp_path):
    xmllint = need_tool("xmllint")
    data = templating.render_bytes("plist", tricky)
    assert plistlib.loads(data) == {k: encode_string(v) for k, v in tricky.items()}
    env = dict(os.environ, XML_CATALOG_FILES=os.path.join(LAB_FILES, "catalog.xml"))
    assert run([xmllint, "--noout", "--nonet", "--valid", _write(tmp_path, "p.plist", data)], env=env).returncode == 0


def test_plistutil_converts_the_profile(tricky, tmp_path):
    """libplist's converter agrees (its exit code is not trusted: compare its output)."""
    plistutil = need_tool("plistutil")
    src = _write(tmp_path, "t.mobileconfig", templating.render_bytes("mobileconfig", tricky))
    binary = str(tmp_path / "t.bin")
    run([plistutil, "-i", src, "-o", binary, "-f", "bin"])
    with open(binary, "rb") as handle:
        assert plistlib.load(handle) == plistlib.loads(templating.render_bytes("mobileconfig", tricky))


# -- .reg --------------------------------------------------------------------------------
def _hive_with_reg(tmp_path, reg_bytes, hive_prefix="HKEY_LOCAL_MACHINE"):
    hivexregedit = need_tool("hivexregedit")
    iconv = need_tool("iconv")
    hive = str(tmp_path / "software.hive")
    result = run(["python3", os.path.join(LAB_FILES, "mkhive.py"), hive])
    assert result.returncode == 0, result.stderr
    prefix = hive_prefix + "\\SOFTWARE"
    parent = "Windows Registry Editor Version 5.00\n\n[%s\\Policies]\n\n" % prefix
    assert run([hivexregedit, "--merge", "--prefix", prefix, hive], input=parent).returncode == 0
    reg = _write(tmp_path, "settings.reg", reg_bytes)
    utf8 = run([iconv, "-f", "UTF-16", "-t", "UTF-8", reg], text=False).stdout.replace(b"\r", b"")
    env = dict(os.environ, PERL_UNICODE="SD")
    merged = run([hivexregedit, "--merge", "--prefix", prefix, "--encoding", "UTF-16LE", hive],
                 input=utf8, text=False, env=env)
    assert merged.returncode == 0, merged.stderr
    return hive


def test_reg_file_bytes(tricky):
    data = templating.render_bytes("reg", tricky)
    assert data.startswith(b"\xff\xfeW\x00i\x00n\x00")              # BOM + UTF-16LE
    text = data[2:].decode("utf-16-le")
    assert text.startswith("Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude]\r\n")
    assert "\n" not in text.replace("\r\n", "")                       # CRLF only
    assert text.endswith("\r\n\r\n")
    lines = text.split("\r\n")[3:]
    for line in lines:
        if line and not line.startswith(";") and line != "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude]":
            assert line.startswith('"') and ('"="' in line or '"=hex(1):' in line), line   # REG_SZ only
    # A multi-line value (hex(1)) is preceded by its readable text in comment lines, after which the key is opened
    # again (hivexregedit ends a key's section at a comment); a secret's text never goes into a comment.
    at = lines.index(next(line for line in lines if line.startswith('"organizationInstructions"=hex(1):')))
    assert lines[at - 7:at] == [
        '"inferenceVertexOAuthLoginHint"=""',
        "",
        "; organizationInstructions as text (REG_SZ, written as hex(1) because it holds line breaks or control "
        "characters):",
        ";   Line 1",
        ';   Line 2 with "quotes" & <angle> brackets',
        ";   Windows line\ttab \\ backslash é",
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude]",
    ]
    assert sum(line.startswith(";") for line in lines) == 4


def test_reg_comment_keeps_secrets_out_and_marks_line_ends():
    secret = templating.render_text("reg", validate({"inferenceProvider": "gateway",
                                                     "inferenceGatewayBaseUrl": "https://gw.example.com",
                                                     "inferenceGatewayApiKey": "sk-line1\nline2"}).settings)
    assert "=hex(1):" in secret and not [line for line in secret.splitlines() if line.startswith(";")]
    assert render.reg_comment("a\\\nb \n\x07c", "k") == (
        "; k as text (REG_SZ, written as hex(1) because it holds line breaks or control characters):\n"
        ";   a\\ (end of line)\n;   b  (end of line)\n;   \\x07c\n")
    assert render.reg_comment("plain", "k") == ""


def test_reg_loads_into_a_hive_and_reads_back(tricky, tmp_path):
    hive = _hive_with_reg(tmp_path, templating.render_bytes("reg", tricky))
    expected = {k: encode_string(v) for k, v in tricky.items()}

    key = regipy_registry.RegistryHive(hive).get_key(r"\Policies\Claude")
    assert {v.name: (v.value_type, v.value) for v in key.iter_values()} == {k: ("REG_SZ", v) for k, v in expected.items()}
    assert key.header.subkey_count == 0                                 # no subkeys

    handle = pyregf.file()
    handle.open(hive)
    try:
        key = handle.get_key_by_path(r"\Policies\Claude")
        values = [key.get_value(i) for i in range(key.number_of_values)]
        assert {v.name: (v.type, v.get_data_as_string()) for v in values} == {k: (1, v) for k, v in expected.items()}
    finally:
        handle.close()

    hivexget = need_tool("hivexget")
    api_key = run([hivexget, hive, r"\Policies\Claude", "inferenceGatewayApiKey"], env=dict(os.environ, PERL_UNICODE="SD"))
    assert api_key.stdout.rstrip("\n") == expected["inferenceGatewayApiKey"]


def test_reg_with_commented_values_first_and_in_a_row_loads_into_a_hive(tmp_path):
    """Comments before the first value and before two hex(1) values in a row: hivexregedit merges the file,
    regipy reads every value back, and the collection's importer too."""
    settings = {"aFirst": "one\ntwo", "bSecond": "three\r\nfour", "cPlain": "five", "dLast": "\tsix\\"}
    data = templating.render_bytes("reg", settings)
    text = data[2:].decode("utf-16-le")
    assert text.count("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude]") == 3
    assert text.startswith("Windows Registry Editor Version 5.00\r\n\r\n; aFirst as text")
    hive = _hive_with_reg(tmp_path, data)
    key = regipy_registry.RegistryHive(hive).get_key(r"\Policies\Claude")
    assert {v.name: (v.value_type, v.value) for v in key.iter_values()} == {k: ("REG_SZ", v) for k, v in settings.items()}
    assert _importers.reg_mapping(data) == (settings, [])


def test_hkcu_reg_targets_the_user_hive(tricky, tmp_path):
    data = templating.render_bytes("reg", tricky, hive="HKCU")
    assert "[HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Claude]" in data[2:].decode("utf-16-le")
    hive = _hive_with_reg(tmp_path, data, hive_prefix="HKEY_CURRENT_USER")
    key = regipy_registry.RegistryHive(hive).get_key(r"\Policies\Claude")
    assert {v.name for v in key.iter_values()} == set(tricky)


# -- JSON -----------------------------------------------------------------------------------
def test_managed_json_is_strict_json_with_the_confirmed_types(tricky):
    # Reference 1.4: arrays and objects native on Linux; section 2: booleans and numbers as strings.
    text = templating.render_text("json", tricky)
    assert text.endswith("}\n")
    doc = _strict_json(text)
    assert list(doc) == sorted(doc)
    assert doc["disableDeploymentModeChooser"] == "true"
    assert doc["inferenceCredentialHelperTimeoutSec"] == "45"
    assert doc["inferenceModelPricingMultiplier"] == "0.75"
    assert doc["inferenceModels"][1]["supports1m"] is True      # inside an array: native JSON
    assert isinstance(doc["coworkEgressAllowedHosts"], list) and isinstance(doc["inferenceCustomHeaders"], dict)
    back, report, _notes = import_settings(text.encode("utf-8"), "json")
    assert not report.errors and back == tricky


def test_empty_settings_render_valid_files():
    for fmt in ("mobileconfig", "plist", "reg", "json"):
        data = templating.render_bytes(fmt, {})
        back, report, _notes = import_settings(data, fmt if fmt != "plist" else "plist")
        assert back == {} and not report.errors


# -- round trips, determinism, golden files ------------------------------------------------
@pytest.mark.parametrize("fmt", ["mobileconfig", "plist", "reg", "json"])
def test_import_gives_the_settings_back(tricky, fmt):
    data = templating.render_bytes(fmt, tricky)
    back, report, _notes = import_settings(data, fmt)
    assert not report.errors, report.error_text()
    assert back == tricky
    # ... and rendering the imported settings gives the same bytes.
    assert templating.render_bytes(fmt, back) == data


@pytest.mark.parametrize("fmt", ["mobileconfig", "plist", "reg", "json"])
def test_output_is_deterministic(fmt):
    items = list(TRICKY.items())
    outputs = set()
    for seed in range(5):
        random.Random(seed).shuffle(items)
        settings = validate(dict(items)).settings
        outputs.add(templating.render_bytes(fmt, settings))
    assert len(outputs) == 1


def test_admin_templates_keep_the_jinja_globals(tricky, tmp_path):
    # The built-in environment carries no Jinja globals (a render then does not copy them into its context);
    # an admin's own template directory keeps range, namespace and the rest.
    assert not templating.environment().globals
    (tmp_path / "managed-settings.json.j2").write_text(
        "{\n{% for i in range(settings | length) %}\n"
        "  {{ settings[i].key | json_key }}: {{ settings[i].value | json_value }}{{ ',' if not loop.last }}\n"
        "{% endfor %}\n}\n")
    own = templating.render_text("json", tricky, template_dir=str(tmp_path))     # verified: parses back equal
    assert own == templating.render_text("json", tricky)


GOLDEN_CASES = {
    "tricky.mobileconfig": ("mobileconfig", {"identifier": "com.example.claude.tricky"}),
    "tricky.plist": ("plist", {}),
    "tricky.reg.txt": ("reg", {}),
    "managed-settings.json": ("json", {}),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_files(tricky, name):
    """Golden files are UTF-8 (the .reg one as decoded text) so git diffs stay readable.

    Regenerate with COWORK3P_REGEN_GOLDEN=1 after an intended change, and review the diff.
    """
    fmt, options = GOLDEN_CASES[name]
    text = templating.render_text(fmt, tricky, **options)
    path = os.path.join(GOLDEN, name)
    if os.environ.get("COWORK3P_REGEN_GOLDEN") == "1":
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    with open(path, encoding="utf-8", newline="") as handle:
        assert handle.read() == text


def test_import_of_a_hand_written_export(tmp_path):
    """A .reg as another tool might write it: UTF-8, dword values, a subkey, both hives."""
    text = (
        "Windows Registry Editor Version 5.00\r\n\r\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude]\r\n"
        "\"inferenceProvider\"=\"vertex\"\r\n"
        "\"inferenceVertexProjectId\"=\"acme-prod\"\r\n"
        "\"inferenceVertexRegion\"=\"us-east5\"\r\n"
        "\"inferenceModels\"=\"[\\\"claude-sonnet-4@20250514\\\"]\"\r\n"
        "\"disableDeploymentModeChooser\"=dword:00000001\r\n"
        "\"mcpToolTimeoutSec\"=dword:000000b4\r\n\r\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude\\Nested]\r\n"
        "\"ignored\"=\"x\"\r\n\r\n"
        "[HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Claude]\r\n"
        "\"inferenceProvider\"=\"gateway\"\r\n"
    ).encode("utf-8")
    settings, report, notes = import_settings(text, "reg")
    assert not report.errors, report.error_text()
    assert settings == {
        "inferenceProvider": "vertex",
        "inferenceVertexProjectId": "acme-prod",
        "inferenceVertexRegion": "us-east5",
        "inferenceModels": ["claude-sonnet-4@20250514"],
        "disableDeploymentModeChooser": True,
        "mcpToolTimeoutSec": 180,
    }
    assert any("subkey" in n for n in notes)
    assert any("HKLM and HKCU" in n for n in notes)
