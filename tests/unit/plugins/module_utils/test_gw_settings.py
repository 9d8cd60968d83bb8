# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_settings.py: reading the gateway keys, refusing values that would break a header."""

from __future__ import annotations

import json

import pytest

from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import (
    HEX_RUN, HOSTILE_KEY, KEY, gw, hostile_settings, no_secret)


def test_extract_native_and_encoded_values():
    native, problems = gw.extract_settings({
        "inferenceProvider": "gateway", "inferenceGatewayBaseUrl": " https://gw/ ", "inferenceGatewayApiKey": KEY,
        "inferenceCustomHeaders": {"X-A": "1", "X-B": True}, "inferenceModels": ["a", {"name": "b", "supports1m": True}]})
    assert problems == []
    assert native["base_url"] == "https://gw/" and native["auth_scheme"] == "bearer"
    assert native["headers"] == {"X-A": "1", "X-B": "true"} and native["models"] == ["a", "b"]
    encoded, problems = gw.extract_settings({
        "inferenceGatewayBaseUrl": "https://gw", "inferenceGatewayApiKey": KEY, "inferenceGatewayAuthScheme": "X-API-KEY",
        "inferenceCustomHeaders": '{"X-A":"1"}', "inferenceModels": '["a",{"name":"b"}]'})
    assert problems == [] and encoded["headers"] == {"X-A": "1"} and encoded["models"] == ["a", "b"]
    assert encoded["auth_scheme"] == "x-api-key"


def test_extract_deprecated_and_bad_forms():
    config, problems = gw.extract_settings({"inferenceGatewayBaseUrl": "https://gw", "inferenceGatewayApiKey": KEY,
                                            "inferenceGatewayHeaders": "X-A=1,X-B=2", "inferenceGatewayAuthScheme": "auto"})
    assert config["headers"] == {"X-A": "1", "X-B": "2"} and config["auth_scheme"] == "bearer"
    texts = " | ".join(p["message"] for p in problems)
    assert "deprecated name" in texts and "'Name=value,...' string is deprecated" in texts and "auto is deprecated" in texts
    assert all(p["level"] == "warning" for p in problems)

    config, problems = gw.extract_settings({"inferenceGatewayBaseUrl": "https://gw", "inferenceGatewayApiKey": KEY,
                                            "inferenceCustomHeaders": ["X-A: 1"]})
    assert config["headers"] == {"X-A": "1"} and "list is deprecated" in problems[0]["message"]

    _config, problems = gw.extract_settings({
        "inferenceProvider": "vertex", "inferenceGatewayApiKey": KEY, "inferenceGatewayAuthScheme": "sso",
        "inferenceCustomHeaders": {"Bad Name": "x", "X-Ok": "a\r\nInjected: 1"}, "inferenceModels": "[not json"})
    errors = [p["message"] for p in problems if p["level"] == "error"]
    assert any("applies to inferenceProvider: gateway" in e for e in errors)
    assert any("cannot be tested with a static key" in e for e in errors)
    assert any("invalid header name" in e for e in errors)
    assert any("line break" in e for e in errors)
    assert any("not valid JSON" in e for e in errors)
    assert any("inferenceGatewayBaseUrl is not set" in e for e in errors)
    no_secret(problems)


@pytest.mark.parametrize("key,phrase", [
    (HOSTILE_KEY + '"\nX-Injected: 1', "a line break (LF)"),
    (HOSTILE_KEY + "\r\n", None),                                  # trailing line breaks are stripped, as fetch() does
    ("sk-" + HEX_RUN + "\rX", "a line break (CR)"),
    ("sk-" + HEX_RUN + "\x00", "U+0000"),
    ("sk-" + HEX_RUN + "\x7f", "U+007F"),
    ("sk-" + HEX_RUN + "\u2028x", "U+2028"),
])
def test_a_key_that_would_break_the_header_is_refused_without_echo(key, phrase):
    if phrase is None:
        config, problems = gw.extract_settings(hostile_settings(inferenceGatewayApiKey=key))
        assert config["api_key"] == HOSTILE_KEY
        assert [p["level"] for p in problems] == ["warning"] and "UNCONFIRMED" in problems[0]["message"]
        assert HEX_RUN not in problems[0]["message"]
        return
    calls = []
    report, problems = gw.run_preflight(hostile_settings(inferenceGatewayApiKey=key), lambda *a: calls.append(a))
    assert report is None and calls == []
    errors = [p["message"] for p in problems if p["level"] == "error"]
    assert len(errors) == 1 and phrase in errors[0] and "value not shown" in errors[0]
    assert HEX_RUN not in json.dumps(problems) and "X-Injected" not in json.dumps(problems)


def test_header_values_allow_tabs_but_no_line_breaks():
    config, problems = gw.extract_settings(hostile_settings(inferenceCustomHeaders={"X-A": "a\tb", "X-B": "ok\r\nX-C: 1"}))
    assert config["headers"] == {"X-A": "a\tb"}
    assert ["header X-B contains a line break (CR)" in p["message"] for p in problems] == [True]
    assert "X-C" not in json.dumps(problems)
