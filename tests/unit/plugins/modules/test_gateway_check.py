# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the gateway_check module: its edge (arguments, documentation, what it returns and never returns).
The checks themselves are unit tested in tests/unit/plugins/module_utils/test_gw_*.py and run against real
gateways in tests/gateway/ (the gateway lab)."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _gateway
from ansible_collections.cowork3p.fleet.plugins.modules import gateway_check
from ansible_collections.cowork3p.fleet.tests.unit.plugins.modules.module_harness import (
    assert_documented, closed_port, documented_options, run)

SECRET = "sk-unit-GWCHECK-4f9a1c7e"


def test_documentation_matches_the_argument_spec(monkeypatch):
    assert_documented(gateway_check, monkeypatch)
    assert documented_options(gateway_check)["checks"]["choices"] == list(_gateway.CHECKS)


def test_invalid_settings_fail_before_anything_is_sent(capsys):
    result, raw = run(gateway_check, {"settings": {
        "inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "ftp://gw.example.test",
        "inferenceGatewayApiKey": SECRET}}, capsys)
    assert result["failed"] and not result["changed"]
    assert result["msg"].startswith("the settings do not validate, nothing was sent to the gateway: ")
    assert "inferenceGatewayBaseUrl" in result["msg"]
    assert SECRET not in raw
    # ansible-core 2.19 returns the invocation, 2.21 leaves it out: where it is there, the settings are hidden
    assert "invocation" not in result or result["invocation"]["module_args"]["settings"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def test_a_gateway_that_does_not_answer_fails_with_the_reason_and_no_secret(capsys):
    result, raw = run(gateway_check, {"settings": {
        "inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://127.0.0.1:%d" % closed_port(),
        "inferenceGatewayApiKey": SECRET}, "timeout": 5}, capsys)
    assert result["failed"] and result["msg"].startswith("gateway preflight failed: ")
    assert not result["passed"] and result["failed_checks"]
    assert "refused" in result["msg"]
    assert SECRET not in raw


@pytest.mark.parametrize("args, message", [
    ({}, "missing required arguments: settings"),
    ({"settings": {}, "checks": ["no_such_check"]}, "value of checks must be one or more of"),
])
def test_bad_arguments_are_refused_by_the_spec(capsys, args, message):
    result, _raw = run(gateway_check, args, capsys)
    assert result["failed"] and message in result["msg"]
