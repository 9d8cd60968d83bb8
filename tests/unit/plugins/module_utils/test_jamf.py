# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _jamf: the Jamf Pro JSON schema of the catalog, parsed back with json and compared with the
catalog entries. The jsonschema meta-schema check is in tests/render/test_mdm_validators.py."""

from __future__ import annotations

import json

from ansible_collections.cowork3p.fleet.plugins.module_utils import _jamf
from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.mdm_documents import EXPECTED


def test_jamf_schema_describes_every_key_as_a_string():
    data = _jamf.jamf_schema()
    assert data.endswith(b"}\n")
    schema = json.loads(data.decode("utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert sorted(schema["properties"]) == sorted(EXPECTED)
    for name, prop in schema["properties"].items():
        entry = EXPECTED[name]
        assert prop["type"] == "string" and prop["title"] == name and entry["doc"] in prop["description"]
        if entry["type"] == "boolean":
            assert prop["enum"] == ["true", "false"] and len(prop["options"]["enum_titles"]) == 2
        elif entry["type"] == "enum":
            assert prop["enum"] == list(entry["allowed"])
        elif entry["type"] == "integer":
            assert "pattern" in prop and str(entry["rules"]["min"]) in prop["description"]
        elif entry["type"] in ("string_list", "object", "object_list"):
            assert "JSON" in prop["description"]
        if entry["rules"].get("pattern"):
            assert prop["pattern"] == entry["rules"]["pattern"]


def test_the_schema_is_built_once():
    assert _jamf.jamf_schema() is _jamf.jamf_schema()
