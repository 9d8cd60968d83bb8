# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _manifest: the macOS Profile Manifest of the catalog, parsed back with plistlib and compared
with the catalog entries and every example document."""

from __future__ import annotations

import plistlib
import re

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _manifest
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import string_items
from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.mdm_documents import DOCUMENTS, EXPECTED


def test_manifest_parses_and_names_the_domain():
    data = _manifest.profile_manifest()
    manifest = plistlib.loads(data)
    assert manifest["pfm_domain"] == "com.anthropic.claudefordesktop"
    assert manifest["pfm_format_version"] == 1
    assert manifest["pfm_platforms"] == ["macOS"] and manifest["pfm_targets"] == ["system", "user"]
    names = [k["pfm_name"] for k in manifest["pfm_subkeys"]]
    for payload_key in ("PayloadDescription", "PayloadDisplayName", "PayloadIdentifier", "PayloadType",
                        "PayloadUUID", "PayloadVersion", "PayloadOrganization"):
        assert payload_key in names
    assert [k for k in manifest["pfm_subkeys"] if k["pfm_name"] == "PayloadType"][0]["pfm_default"] == \
        "com.anthropic.claudefordesktop"
    # from the catalog, never the clock: the newest release and the reference date
    assert manifest["pfm_version"] == 2007032000
    assert manifest["pfm_last_modified"].isoformat() == "2026-09-11T00:00:00"


def test_every_manifest_subkey_matches_the_catalog():
    subkeys = {k["pfm_name"]: k for k in plistlib.loads(_manifest.profile_manifest())["pfm_subkeys"]
               if not k["pfm_name"].startswith("Payload")}
    assert sorted(subkeys) == sorted(EXPECTED)
    for name, subkey in subkeys.items():
        entry = EXPECTED[name]
        assert subkey["pfm_type"] == "string" and entry["doc"] in subkey["pfm_description"]
        if entry["type"] == "boolean":
            assert subkey["pfm_range_list"] == ["true", "false"] and len(subkey["pfm_range_list_titles"]) == 2
        elif entry["type"] == "enum":
            assert subkey["pfm_range_list"] == list(entry["allowed"])
        else:
            assert "pfm_range_list" not in subkey
        if entry["rules"].get("pattern"):
            assert subkey["pfm_format"] == entry["rules"]["pattern"]
        since = entry["since"] if entry["since"] != "baseline" else None
        assert subkey.get("pfm_app_min") == since


@pytest.mark.parametrize("name, settings", DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_documents_fit_the_manifest(name, settings):
    del name
    subkeys = {k["pfm_name"]: k for k in plistlib.loads(_manifest.profile_manifest())["pfm_subkeys"]}
    for key, value in string_items(settings):
        subkey = subkeys[key]
        if "pfm_range_list" in subkey:
            assert value in subkey["pfm_range_list"], key
        if "pfm_format" in subkey:
            assert re.search(subkey["pfm_format"], value), key


def test_the_manifest_is_built_once():
    assert _manifest.profile_manifest() is _manifest.profile_manifest()
