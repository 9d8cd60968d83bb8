# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for plugin_utils/_artifacts: choosing the formats of a run, the checks before anything is written,
and what build() hands back per format. Whole runs (every format byte-identical, the catalog-wide files, the
Intune file) are in tests/render/test_artifacts.py."""

from __future__ import annotations

import json

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _formats, _sign
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _artifacts
from ansible_collections.cowork3p.fleet.tests.render.certs import issue

SECRET = "sk-unit-ARTIFACTS-8vN3"
GATEWAY = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.corp",
           "inferenceGatewayApiKey": SECRET}


def test_select_expands_all_and_names_unknown_formats():
    formats, errors, warnings = _artifacts.select(["json", "all"])
    assert formats[0] == "json" and "signed_mobileconfig" not in formats and warnings == []
    assert set(formats) == set(_formats.FORMATS) - {"signed_mobileconfig"} and errors == []
    formats, errors, _warnings = _artifacts.select(["reg", "docx"])
    assert formats == ["reg"] and len(errors) == 1 and "'docx'" in errors[0]


def test_every_catalog_wide_format_has_its_producer_in_this_build():
    for fmt, spec in _formats.FORMATS.items():
        if spec.scope == "catalog":
            assert _artifacts.catalog_module(fmt) is not None, fmt


def test_prepare_signer_names_each_problem_under_the_format():
    with pytest.raises(_artifacts.ArtifactError) as caught:
        _artifacts.prepare_signer({})
    assert caught.value.texts == ["signed_mobileconfig: signing needs signing_cert and signing_key (PEM files), "
                                  "or signing_pkcs12"]


def test_bootstrap_check_refuses_a_document_it_cannot_serve():
    with pytest.raises(_artifacts.ArtifactError) as caught:
        _artifacts.bootstrap_check(validate(dict(GATEWAY, inferenceGatewayBaseUrl="https://127.0.0.1:8443")).settings)
    assert caught.value.texts[0].startswith("bootstrap_json: ") and "inferenceGatewayBaseUrl" in caught.value.texts[0]
    subset, problems = _artifacts.bootstrap_check(validate(GATEWAY).settings)
    assert subset == validate(GATEWAY).settings and [p for p in problems if p.level == "error"] == []


def test_check_inputs_warns_when_admx_leaves_a_key_out_and_when_signing_options_are_unused():
    report = validate({"inferenceProvider": "anthropic", "chatSessionRetentionDays": 30})
    plan = _artifacts.check_inputs(report, ["json", "admx"], {"signing_key": "k.pem"})
    assert plan.errors == [] and plan.formats == ["json", "admx"] and plan.signer is None
    assert "signing_key given, but formats has no signed_mobileconfig; nothing is signed" in plan.warnings
    assert any(w.startswith("admx: chatSessionRetentionDays is left out") for w in plan.warnings)


def test_build_names_files_from_the_table_and_marks_which_hold_secrets():
    settings = validate(GATEWAY).settings
    outputs = _artifacts.build(["json", "reg", "egress"], settings, "eng")
    assert [(o.fmt, o.name, o.secret) for o in outputs] == [
        ("json", "managed-settings.json", True), ("reg", "eng.reg", True), ("egress", "eng.egress.txt", False)]
    assert json.loads(outputs[0].data)["inferenceGatewayApiKey"] == SECRET
    assert outputs[1].data.startswith(b"\xff\xfe") and SECRET.encode() not in outputs[2].data


def test_a_signed_profile_is_kept_when_it_already_holds_the_same_bytes():
    root = issue("Unit Root CA", ca=True)
    cert, key = issue("Unit Signer", issuer=root)
    settings = validate(GATEWAY).settings
    first = _artifacts.build(["signed_mobileconfig"], settings, "eng", signer=(cert, key, []))[0]
    assert first.name == "eng.signed.mobileconfig" and _sign.is_signed(first.data)
    kept = _artifacts.build(["signed_mobileconfig"], settings, "eng", signer=(cert, key, []),
                            existing=lambda name: first.data if name == first.name else None)[0]
    assert kept.data is first.data
    other = validate(dict(GATEWAY, inferenceGatewayBaseUrl="https://gw2.example.corp")).settings
    fresh = _artifacts.build(["signed_mobileconfig"], other, "eng", signer=(cert, key, []),
                             existing=lambda name: first.data)[0]
    assert fresh.data != first.data
    assert _sign.unwrap(fresh.data)[0] != _sign.unwrap(first.data)[0]
