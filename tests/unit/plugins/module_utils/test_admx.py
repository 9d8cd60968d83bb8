# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _admx: the ADMX/ADML templates and the Intune OMA-URI list, parsed back with the standard library
(ElementTree, zipfile, json) and compared with the catalog entries directly, not with _mdm_keys. The published ADMX
schema, xmllint and jsonschema checks are in tests/render/test_mdm_validators.py (they need the tool venv)."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _admx
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import encode_string, string_items
from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.mdm_documents import DOCUMENTS, EXPECTED

NS = {"pd": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}


def test_examples_are_found():
    assert any(name.endswith(".yml") for name, _doc in DOCUMENTS), "no examples/*.yml next to the collection"


# ------------------------------------------------------------------------------------------------ ADMX / ADML

def _local(element):
    return element.tag.rsplit("}", 1)[-1]


def _parsed(admx_class="machine"):
    files = _admx.admx_files(admx_class)
    return (ET.fromstring(files["PolicyDefinitions/Claude.admx"]),
            ET.fromstring(files["PolicyDefinitions/en-US/Claude.adml"]))


def _category_path(admx, name):
    parents = {c.get("name"): c.find("pd:parentCategory", NS) for c in admx.iterfind(".//pd:category", NS)}
    path = [name]
    while parents[path[0]] is not None:
        path.insert(0, parents[path[0]].get("ref"))
    return path


def test_one_policy_per_mdm_readable_key_writing_reg_sz_under_the_policy_key():
    admx, _adml = _parsed()
    policies = admx.findall(".//pd:policy", NS)
    assert sorted(p.get("name") for p in policies) == sorted(EXPECTED)
    assert not admx.findall(".//pd:list", NS) and not admx.findall(".//pd:multiText", NS)
    for policy in policies:
        entry = EXPECTED[policy.get("name")]
        assert policy.get("class") == "Machine"
        assert policy.get("key") == "SOFTWARE\\Policies\\Claude"        # never a subkey
        assert policy.get("valueName") is None                         # no REG_DWORD from the policy itself
        assert policy.find("pd:enabledValue", NS) is None and policy.find("pd:disabledValue", NS) is None
        elements = list(policy.find("pd:elements", NS))
        assert len(elements) == 1, entry["name"]
        element = elements[0]
        tag = _local(element)
        assert element.get("valueName") == entry["name"] and element.get("id") == entry["name"]
        assert element.get("key") is None
        rules = entry["rules"]
        if entry["type"] == "boolean":
            assert tag == "boolean"
            assert element.findtext("pd:trueValue/pd:string", namespaces=NS) == "true"
            assert element.findtext("pd:falseValue/pd:string", namespaces=NS) == "false"
        elif entry["type"] == "integer":
            assert tag == "decimal" and element.get("storeAsText") == "true"
            assert int(element.get("minValue")) == rules["min"]
            assert int(element.get("maxValue")) == rules.get("max", 4294967295)
        elif entry["type"] == "enum":
            assert tag == "enum"
            assert [v.text for v in element.iterfind("pd:item/pd:value/pd:string", NS)] == list(entry["allowed"])
        else:
            assert tag == "text" and element.get("expandable") is None
            limit = int(element.get("maxLength"))
            if "max_length" in rules:
                assert limit == rules["max_length"]
            else:
                assert limit >= (24 if entry["type"] == "number" else 4096)   # a number's longest repr is 24
            if entry["type"] in ("string_list", "object", "object_list"):
                assert limit >= 65535


def test_categories_follow_catalog_sections_and_deprecated_keys_have_their_own():
    admx, adml = _parsed()
    strings = {s.get("id"): s.text for s in adml.iterfind(".//pd:string", NS)}
    for policy in admx.iterfind(".//pd:policy", NS):
        entry = EXPECTED[policy.get("name")]
        path = _category_path(admx, policy.find("pd:parentCategory", NS).get("ref"))
        assert path[0] == "Claude"
        explanation = strings[policy.get("explainText")[len("$(string."):-1]]
        assert entry["doc"] in explanation
        if entry["deprecated"]:
            assert path == ["Claude", "Claude_deprecated"]
            replacement = entry["deprecated"]["replacement"]
            assert ("Use %s instead." % replacement if replacement else "No replacement key.") in explanation
        else:
            assert len(path) == 1 + len(entry["section"].split("."))
            assert path[-1] == "Claude_" + entry["section"].replace(".", "_")


def test_adml_holds_every_string_and_presentation_the_admx_refers_to():
    admx, adml = _parsed()
    ids = [s.get("id") for s in adml.iterfind(".//pd:string", NS)]
    assert len(ids) == len(set(ids))
    presentations = {p.get("id"): p for p in adml.iterfind(".//pd:presentation", NS)}
    text = ET.tostring(admx, encoding="unicode")
    for ref in re.findall(r"\$\(string\.([A-Za-z0-9_]+)\)", text):
        assert ref in ids, ref
    for policy in admx.iterfind(".//pd:policy", NS):
        presentation = presentations[policy.get("presentation")[len("$(presentation."):-1]]
        element = list(policy.find("pd:elements", NS))[0]
        controls = [c for c in presentation if c.get("refId")]
        assert [c.get("refId") for c in controls] == [element.get("id")]
        expected = {"boolean": "checkBox", "decimal": "decimalTextBox", "enum": "dropdownList", "text": "textBox"}
        assert _local(controls[0]) == expected[_local(element)]
    strings = dict(zip(ids, (s.text for s in adml.iterfind(".//pd:string", NS))))
    assert "at most 65535 characters" in strings["managedMcpServers_Explain"]
    assert "JSON array of objects" in strings["managedMcpServers_Explain"]
    assert "at most 3000 characters" in strings["organizationInstructions_Explain"]


@pytest.mark.parametrize("admx_class, expected", [("user", "User"), ("both", "Both")])
def test_policy_class_option(admx_class, expected):
    admx, _adml = _parsed(admx_class)
    assert {p.get("class") for p in admx.iterfind(".//pd:policy", NS)} == {expected}


@pytest.mark.parametrize("call", [_admx.admx_files, _admx.admx_zip, lambda c: _admx.intune_oma({}, c)])
def test_unknown_class_is_a_clear_error(call):
    with pytest.raises(ValueError, match="admx_class must be one of machine, user, both"):
        call("computer")


def test_namespace_prefix_and_supported_on_are_stable():
    admx, _adml = _parsed()
    target = admx.find("pd:policyNamespaces/pd:target", NS)
    assert (target.get("prefix"), target.get("namespace")) == ("claude", "cowork3p.fleet.Policies.Claude")
    names = [d.get("name") for d in admx.iterfind(".//pd:supportedOn/pd:definitions/pd:definition", NS)]
    assert names[0] == "SUPPORTED_Claude" and "SUPPORTED_Claude_1_8089_0" in names


def test_zip_is_deterministic_and_holds_both_files():
    first = _admx.admx_zip()
    _admx.admx_zip.cache_clear()
    _admx.admx_text.cache_clear()
    _admx.adml_text.cache_clear()
    second = _admx.admx_zip()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["PolicyDefinitions/Claude.admx", "PolicyDefinitions/en-US/Claude.adml"]
        for info in infos:
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
            assert archive.read(info) == _admx.admx_files()[info.filename]


def test_catalog_wide_artifacts_are_built_once():
    assert _admx.admx_files()["PolicyDefinitions/Claude.admx"] is _admx.admx_files()["PolicyDefinitions/Claude.admx"]


# ------------------------------------------------------------------------------------------------ Intune

@pytest.mark.parametrize("name, settings", DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
@pytest.mark.parametrize("admx_class", ["machine", "user"])
def test_intune_settings_round_trip_every_value(name, settings, admx_class):
    del name
    data = _admx.intune_oma(settings, admx_class)
    assert data.endswith(b"\n") and data == _admx.intune_oma(settings, admx_class)
    entries = json.loads(data.decode("utf-8"))
    assert entries[0]["omaUri"] == "./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/Claude/Policy/ClaudeAdmx"
    assert entries[0]["value"].encode("utf-8") == _admx.admx_files(admx_class)["PolicyDefinitions/Claude.admx"]
    assert all(e["@odata.type"] == "#microsoft.graph.omaSettingString" and e["displayName"] for e in entries)
    admx, _adml = _parsed(admx_class)
    scope = "./User" if admx_class == "user" else "./Device"
    expected = dict(string_items(settings))
    seen = {}
    for entry in entries[1:]:
        payload = ET.fromstring("<payload>%s</payload>" % entry["value"])
        assert [_local(c) for c in payload] == ["enabled", "data"]
        data_id, value = payload[1].get("id"), payload[1].get("value")
        policy = admx.find(".//pd:policy[@name='%s']" % data_id, NS)
        path = _category_path(admx, policy.find("pd:parentCategory", NS).get("ref"))
        assert entry["omaUri"] == "%s/Vendor/MSFT/Policy/Config/Claude~Policy~%s/%s" % (scope, "~".join(path), data_id)
        seen[data_id] = value
    assert seen == expected
    assert seen == {key: encode_string(value) for key, value in settings.items()}


def test_intune_refuses_what_the_template_cannot_carry():
    with pytest.raises(ValueError) as caught:
        _admx.intune_oma({
            "chatSessionRetentionDays": 30,                  # availability unknown: left out, not an error
            "inferenceGatewayAuthScheme": "auto",            # deprecated value: not an item of the enum
            "organizationInstructions": "x" * 3001,          # longer than the text element allows
            "inferenceGatewayApiKey": "bad\x01key",          # XML cannot carry it
            "inferenceProvider": "gateway",
        })
    message = str(caught.value)
    for key in ("inferenceGatewayAuthScheme", "organizationInstructions", "inferenceGatewayApiKey"):
        assert "- %s:" % key in message
    assert "inferenceProvider" not in message and "bad\x01key" not in message
    assert "chatSessionRetentionDays" not in message


def test_intune_leaves_out_keys_without_a_policy():
    settings = {"chatSessionRetentionDays": 30, "inferenceProvider": "gateway"}
    assert [key for key, _reason in _admx.not_in_template(settings)] == ["chatSessionRetentionDays"]
    uris = [entry["omaUri"] for entry in json.loads(_admx.intune_oma(settings))]
    assert len(uris) == 2 and uris[1].endswith("/inferenceProvider")
    assert not any("chatSessionRetentionDays" in uri for uri in uris)
