# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""prepare_documents (one validation and rendering per distinct document of a fleet) and render_outputs."""

from __future__ import annotations

import json

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.cowork3p.fleet.plugins.filter import claude
from ansible_collections.cowork3p.fleet.plugins.filter.claude import (
    prepare_documents, render_outputs, to_managed_json, to_managed_plist, to_mobileconfig, to_registry_values)

SECRET = "sk-unit-PREPARE-key"
BASE = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://gateway.example.test",
    "inferenceGatewayApiKey": SECRET,
    "inferenceModels": ["claude-sonnet-4"],
}
POPULATIONS = {
    "blue": dict(BASE, disableAutoUpdates=True),
    "green": dict(BASE, inferenceModels=["claude-opus-4"]),
    "red": dict(BASE, autoUpdaterEnforcementHours=24),
}


def fleet(size, populations=None):
    populations = populations or POPULATIONS
    names = sorted(populations)
    docs = []
    for i in range(size):
        name = names[i % len(names)]
        docs.append({"id": name, "host": "h%d" % i, "settings": populations[name], "desktop_version": ""})
    return docs


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = claude._validate

    def validate(settings, desktop_version=None, **kwargs):
        calls.append(json.dumps(settings, sort_keys=True))
        return real(settings, desktop_version=desktop_version, **kwargs)

    monkeypatch.setattr(claude, "_validate", validate)
    return calls


def test_five_thousand_hosts_three_populations_validate_three_times(counted):
    out = prepare_documents(fleet(5000))
    assert len(counted) == 3
    assert sorted(out) == ["blue", "green", "red"]
    for doc_id, entry in out.items():
        assert entry["new"] and not entry["errors"] and entry["outputs"]
        assert entry["count"] in (1666, 1667)
        assert entry["hosts"] == [d["host"] for d in fleet(15) if d["id"] == doc_id][:5]
        assert entry["settings"] == POPULATIONS[doc_id]


def test_documents_rendered_before_are_not_checked_again(counted):
    first = prepare_documents(fleet(3))
    assert len(counted) == 3
    more = dict(POPULATIONS, yellow=dict(BASE, disableAutoUpdates=False))
    second = prepare_documents(fleet(8, more), rendered=first)
    assert len(counted) == 4, "only the new document may be validated"
    assert second["yellow"]["new"] and not any(second[k]["new"] for k in POPULATIONS)
    assert all(second[k]["outputs"] == first[k]["outputs"] for k in POPULATIONS)


def test_outputs_are_what_the_single_format_filters_render():
    profile = {"identifier": "com.example.claude", "organization": "Example", "scope": "User"}
    entry = prepare_documents(fleet(1), **profile)["blue"]
    settings = POPULATIONS["blue"]
    assert entry["outputs"] == render_outputs(settings, **profile)
    assert entry["outputs"]["json"] == to_managed_json(settings)
    assert entry["outputs"]["plist"] == to_managed_plist(settings)
    assert entry["outputs"]["mobileconfig"] == to_mobileconfig(settings, **profile)
    assert entry["outputs"]["registry_hklm"] == to_registry_values(settings, hive="HKLM")
    assert entry["outputs"]["registry_hkcu"] == to_registry_values(settings, hive="HKCU")


def test_every_problem_of_every_document_is_reported_and_masked():
    bad = {
        "one": dict(BASE, inferenceGatewayBaseUrl="http://gateway.example.test"),
        "two": dict(BASE, inferenceProvider="nope", autoUpdaterEnforcementHours="soon"),
    }
    out = prepare_documents(fleet(4, bad))
    assert out["one"]["outputs"] is None and out["two"]["outputs"] is None
    assert any("inferenceGatewayBaseUrl" in text for text in out["one"]["errors"])
    assert any("inferenceProvider" in text for text in out["two"]["errors"])
    assert any("autoUpdaterEnforcementHours" in text for text in out["two"]["errors"])
    assert SECRET not in json.dumps({k: {"errors": v["errors"], "warnings": v["warnings"]} for k, v in out.items()})


def test_desktop_version_is_part_of_the_check(counted):
    docs = [{"id": "a", "host": "h1", "settings": BASE, "desktop_version": "1.0.0"}]
    prepare_documents(docs)
    assert len(counted) == 1


@pytest.mark.parametrize("documents, message", [
    ({"id": "x"}, "expected a list"),
    ([{"host": "h1", "settings": BASE}], "needs an id"),
    (["text"], "needs an id"),
    ([{"id": "x", "host": "h9", "settings": "inferenceProvider=gateway"}], "settings of host h9 are not a mapping"),
])
def test_bad_input_is_refused(documents, message):
    with pytest.raises(AnsibleFilterError, match=message):
        prepare_documents(documents)


def test_render_outputs_refuses_invalid_settings_naming_key_and_masking_the_secret():
    with pytest.raises(AnsibleFilterError) as info:
        render_outputs(dict(BASE, inferenceGatewayBaseUrl="ftp://gateway.example.test"))
    assert "inferenceGatewayBaseUrl" in str(info.value) and SECRET not in str(info.value)
