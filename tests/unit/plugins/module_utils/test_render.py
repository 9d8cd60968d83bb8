# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _render: the escaping and the template variables of each format, function by function.
Whole artifacts (golden files, independent parsers: plistlib, xmllint, hivex/regipy) are in tests/render/."""

from __future__ import annotations

import codecs
import uuid
import xml.etree.ElementTree as ET

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _render

SETTINGS = {"inferenceProvider": "gateway", "disableAutoUpdates": True, "inferenceModels": ["m1", "m2"],
            "mcpToolTimeoutSec": 60}


@pytest.mark.parametrize("value", ["plain", "a & b", "<tag>", "x\r\ny", "]]>", "é\t\n"])
def test_xml_text_reads_back_as_the_same_text(value):
    escaped = _render.xml_text(value)
    assert ET.fromstring("<string>%s</string>" % escaped).text == value
    assert "\r" not in escaped and "<" not in escaped.replace("&lt;", "")


def test_xml_text_keeps_plain_text_as_the_same_object():
    value = "https://gw.example.test/v1"
    assert _render.xml_text(value) is value


@pytest.mark.parametrize("value, data", [
    ("gateway", '"gateway"'),
    ('say "hi"', '"say \\"hi\\""'),
    ("C:\\Users\\x", '"C:\\\\Users\\\\x"'),
    ("", '""'),
    ("a\nb", "hex(1):61,00,0a,00,62,00,00,00"),
    ("tab\there", "hex(1):" + ("tab\there\0".encode("utf-16-le").hex(","))),
])
def test_reg_data_quotes_or_falls_back_to_hex(value, data):
    assert _render.reg_data(value) == data
    if data.startswith("hex(1):"):
        raw = bytes.fromhex(data[len("hex(1):"):].replace(",", ""))
        assert raw.decode("utf-16-le") == value + "\0"


def test_reg_comment_shows_hex_values_as_text_but_never_a_secret():
    assert _render.reg_comment("plain", "k") == ""
    text = _render.reg_comment("line one\nends with \\\n\x01x", "organizationInstructions")
    assert text == ("; organizationInstructions as text (REG_SZ, written as hex(1) because it holds line breaks or "
                    "control characters):\n;   line one\n;   ends with \\ (end of line)\n;   \\x01x\n")
    assert _render.reg_comment("secret\nvalue", "inferenceGatewayApiKey", secret=True) == ""


def test_reg_sections_start_a_section_at_each_commented_value():
    items = [("a", "1"), ("b", "x\ny"), ("c", "2"), ("d", "p\nq")]
    sections = _render.reg_sections(items, is_secret=lambda key: key == "d")
    assert [[key for key, _v in section] for _lead, section in sections] == [["a"], ["b", "c", "d"]]
    assert sections[0][0] == "" and sections[1][0].startswith("\n; b as text")
    assert _render.reg_sections([("a", "1")]) == [("", [("a", "1")])]


@pytest.mark.parametrize("identifier", ["com.example.claude", "a1", "cowork3p.fleet.eng-team"])
def test_check_identifier_accepts_reverse_dns(identifier):
    assert _render.check_identifier(identifier) == identifier


@pytest.mark.parametrize("identifier", ["", "-x", "x.", "has space", "a/b", None, 7])
def test_check_identifier_refuses_the_rest(identifier):
    with pytest.raises(ValueError, match="reverse-DNS style"):
        _render.check_identifier(identifier)


def test_profile_uuids_are_stable_distinct_and_upper_case():
    outer, inner = _render.profile_uuids("com.example.claude")
    assert (outer, inner) == _render.profile_uuids("com.example.claude")
    assert outer != inner and outer == outer.upper() and uuid.UUID(outer).version == 5
    assert _render.profile_uuids("com.example.other")[0] != outer


def test_identifier_for_cleans_the_basename():
    assert _render.identifier_for("eng team/macOS") == "cowork3p.fleet.eng-team-macOS"
    assert _render.identifier_for("...") == "cowork3p.fleet.claude-desktop"


def test_mobileconfig_context_sorts_payload_and_profile_keys():
    context = _render.mobileconfig_context(SETTINGS, identifier="com.example.claude", organization="Acme",
                                           removal_disallowed=True)
    payload = dict(context["payload"])
    profile = dict(context["profile"])
    assert [item.key for item in context["payload"]] == sorted(payload)
    assert payload["PayloadType"] == _render.PAYLOAD_TYPE and payload["disableAutoUpdates"] == "true"
    assert payload["inferenceModels"] == '["m1","m2"]' and payload["mcpToolTimeoutSec"] == "60"
    assert profile["PayloadIdentifier"] == "com.example.claude" and profile["PayloadScope"] == "System"
    assert profile["PayloadOrganization"] == "Acme" and profile["PayloadRemovalDisallowed"] is True
    assert "PayloadOrganization" not in dict(_render.mobileconfig_context(SETTINGS)["profile"])
    with pytest.raises(ValueError, match="profile scope must be one of System, User"):
        _render.mobileconfig_context(SETTINGS, scope="Machine")


def test_reg_context_and_registry_values_name_the_hive():
    context = _render.reg_context(SETTINGS, hive="HKCU")
    assert context["header"] == "Windows Registry Editor Version 5.00"
    assert context["key_path"] == "HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Claude"
    values = _render.registry_values(SETTINGS, hive="HKLM", secret_keys=("inferenceProvider",))
    assert [(v["path"], v["name"], v["data"], v["secret"]) for v in values][:2] == [
        ("HKLM:\\SOFTWARE\\Policies\\Claude", "disableAutoUpdates", "true", False),
        ("HKLM:\\SOFTWARE\\Policies\\Claude", "inferenceModels", '["m1","m2"]', False)]
    assert [v["name"] for v in values if v["secret"]] == ["inferenceProvider"]
    for call in (_render.reg_context, _render.registry_values):
        with pytest.raises(ValueError, match="registry hive must be one of HKLM, HKCU, not 'HKU'"):
            call(SETTINGS, hive="HKU")


def test_json_context_keeps_arrays_native_and_scalars_as_strings():
    assert dict(_render.json_context(SETTINGS)["settings"]) == {
        "disableAutoUpdates": "true", "inferenceModels": ["m1", "m2"], "inferenceProvider": "gateway",
        "mcpToolTimeoutSec": "60"}
    assert dict(_render.json_context(SETTINGS, native_scalars=True)["settings"])["mcpToolTimeoutSec"] == 60
    assert _render.json_key("inferenceProvider") == '"inferenceProvider"'
    assert _render.json_value({"b": 1, "a": "é"}) == '{"a": "é", "b": 1}'


def test_reg_bytes_are_utf16_with_bom_and_crlf():
    data = _render.reg_bytes("a\nb\n")
    assert data.startswith(codecs.BOM_UTF16_LE) and data[2:].decode("utf-16-le") == "a\r\nb\r\n"
