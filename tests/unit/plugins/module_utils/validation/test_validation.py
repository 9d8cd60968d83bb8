# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the package façade _validation/__init__.py: validate() sets up the run (now, target release,
source, allow_insecure_http) and never raises. The rules themselves are tested file by file in this folder, and
through whole documents in test_document.py."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _validation

GATEWAY = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.test",
           "inferenceGatewayApiKey": "sk-unit-FACADE-2"}


def test_the_public_names():
    assert set(_validation.__all__) == {"DOCUMENT", "ERROR", "MAX_SHOWN", "WARNING", "Problem", "Report",
                                        "parse_version", "show", "validate", "validate_options"}
    assert all(hasattr(_validation, name) for name in _validation.__all__)


def test_a_naive_now_is_read_as_utc():
    old = dict(GATEWAY, inferenceGatewayAuthScheme="auto")      # a value deprecated at a cut-off
    naive = datetime.datetime(2030, 1, 1)
    aware = naive.replace(tzinfo=datetime.timezone.utc)
    assert [p.as_dict() for p in _validation.validate(old, now=naive).problems] == \
        [p.as_dict() for p in _validation.validate(old, now=aware).problems]


@pytest.mark.parametrize("version, ok", [("1.46388.1", True), (" 1.2 ", True), ("", True), (None, True),
                                         ("latest", False), ("1.x", False), ("1..2", False)])
def test_the_target_release_is_checked(version, ok):
    report = _validation.validate(GATEWAY, desktop_version=version)
    bad = [p for p in report.errors if p.key == "desktop_version"]
    assert (not bad) is ok
    if bad:
        assert bad[0].rule == "version" and bad[0].hint == "write it like 1.46388.1"


def test_an_internal_failure_is_a_problem_not_a_traceback(monkeypatch):
    def broken(ctx, settings, allow_empty):
        raise KeyError("sk-unit-FACADE-2")
    monkeypatch.setattr(_validation, "check_document", broken)
    report = _validation.validate(GATEWAY)
    assert [(p.key, p.rule) for p in report.errors] == [(_validation.DOCUMENT, "internal")]
    assert "KeyError" in report.errors[0].message and "sk-unit" not in report.error_text()
    assert report.settings == {}


def test_an_http_gateway_url_on_a_network_address_is_an_error_unless_allowed():
    plain = dict(GATEWAY, inferenceGatewayBaseUrl="http://gw.example.test")
    strict = _validation.validate(plain)
    assert any(p.key == "inferenceGatewayBaseUrl" for p in strict.errors)
    loose = _validation.validate(plain, allow_insecure_http=True)
    assert not any(p.key == "inferenceGatewayBaseUrl" for p in loose.errors)
    assert any(p.key == "inferenceGatewayBaseUrl" for p in loose.warnings)


def test_an_empty_document_is_an_error_unless_allowed():
    assert _validation.validate({}).errors
    assert not _validation.validate({}, allow_empty=True).errors
