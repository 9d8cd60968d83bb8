# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_session.py: requests, auth hints, masking before cutting."""

from __future__ import annotations

import io
import json

from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import (
    BASE, HEX_RUN, HOSTILE_KEY, KEY, gw, hostile_settings, no_secret, run, status)


def test_wrong_scheme_is_diagnosed_with_the_other_scheme():
    report, _p, _f = run(want="x-api-key")
    reason = report["checks"]["messages"]["reason"]
    assert "HTTP 401" in reason and "set inferenceGatewayAuthScheme: x-api-key" in reason
    assert status(report)["streaming"] == "skip" and status(report)["models"] == "warn"
    no_secret(report)
    assert "********" in reason      # the gateway echoed the headers; they come back masked


def test_wrong_key_is_not_blamed_on_the_scheme():
    report, _p, _f = run({"inferenceGatewayApiKey": "sk-other-key-123"})
    assert "does not work either" in report["checks"]["messages"]["reason"]


def test_transport_error_mid_check_is_explained():
    def broken(*_a):
        raise gw.TransportError("refused", "connection refused")
    config, _p = gw.extract_settings({"inferenceGatewayBaseUrl": BASE, "inferenceGatewayApiKey": KEY})
    report = gw.Preflight(config, broken, {"checks": ["messages", "errors"], "model": "m"}).run()
    assert "connection refused" in report["checks"]["messages"]["reason"]
    assert report["checks"]["errors"]["status"] == "warn"      # errors is never required


def test_masking_comes_before_cutting():
    """An error text with the key across character 200 shows no piece of it."""
    body = json.dumps({"error": {"type": "invalid_request_error", "message": "x" * 180 + HOSTILE_KEY}}).encode()

    def fake(*_args):
        return gw.Response(400, {"content-type": "application/json"}, io.BytesIO(body))
    report, _problems = gw.run_preflight(hostile_settings(), fake, {"checks": ["messages"]})
    text = json.dumps(report)
    assert "invalid_request_error" in text
    assert HEX_RUN[:8].lower() not in text.lower() and "sk-ant-api03" not in text
