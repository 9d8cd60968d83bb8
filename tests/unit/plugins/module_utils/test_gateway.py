# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gateway.py: the entry points (prepare, check, run_preflight) and the secrets they collect."""

from __future__ import annotations

import json

from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import (
    BASE, HDR, KEY, Clock, FakeGateway, gw, no_secret, run, status)


def test_secret_values_cover_key_headers_url_password_and_other_secrets():
    settings = {"inferenceGatewayBaseUrl": "https://u:urlpw@gw", "inferenceGatewayApiKey": KEY,
                "inferenceCustomHeaders": '{"X-T":"%s"}' % HDR, "otlpHeaders": {"Authorization": "Bearer otlp"},
                "inferenceAnthropicApiKey": "sk-ant-x", "inferenceModels": ["claude-x"],
                "managedMcpServers": [{"name": "s", "headers": {"Authorization": "mcp-token"}}]}
    config, _problems = gw.extract_settings(settings)
    found = gw.secret_values(config, settings)
    for value in (KEY, HDR, "urlpw", "Bearer otlp", "sk-ant-x", "mcp-token"):
        assert value in found
    for value in ("claude-x", "https://u:urlpw@gw", "gateway", "s"):
        assert value not in found


def test_missing_key_is_a_warning_and_run_preflight_refuses_errors():
    _config, problems = gw.extract_settings({"inferenceGatewayBaseUrl": "https://gw", "inferenceCredentialHelper": "/x"})
    assert problems[0]["level"] == "warning" and "give the module credential_helper" in problems[0]["message"]
    report, problems = gw.run_preflight({"inferenceGatewayApiKey": KEY}, lambda *a: None)
    assert report is None and any(p["level"] == "error" for p in problems)
    assert gw.extract_settings("nope")[0] is None


def test_good_gateway_passes_and_requests_look_like_the_app():
    report, _problems, fake = run()
    assert report["passed"] is True and set(status(report).values()) == {"pass"}
    assert list(report["checks"]) == list(gw.CHECKS)
    posts = [c for c in fake.calls if c["method"] == "POST"]
    assert all(c["headers"]["Authorization"] == "Bearer " + KEY and c["headers"]["X-Tenant"] == HDR for c in posts)
    assert {c["url"] for c in posts} == {BASE + "/v1/messages"}
    assert report["summary"][0].startswith("Gateway https://gw.example.test (auth bearer, model claude-sonnet-4-5")
    assert report["summary"][-1] == "RESULT: PASSED"
    assert report["checks"]["streaming"]["details"]["bursts"] > 1
    no_secret(report)


def test_only_selected_checks_run():
    report, _problems, fake = run(options={"checks": ["messages", "url"]})
    assert list(report["checks"]) == ["url", "messages"]
    assert len(fake.calls) == 1


def test_helper_credential_and_headers_win():
    clock = Clock()
    fake = FakeGateway(clock)
    settings = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": BASE,
                "inferenceCustomHeaders": {"X-Tenant": "static-tenant-value", "X-Org": "org-1"},
                "inferenceModels": ["claude-sonnet-4-5"]}
    report, problems = gw.run_preflight(settings, fake, {"checks": ["messages"]}, clock=clock,
                                        helper=(KEY, {"x-tenant": "helper-tenant-value-123"}))
    assert report["passed"], report["summary"]
    sent = fake.calls[-1]["headers"]
    assert sent["Authorization"] == "Bearer " + KEY and sent["x-tenant"] == "helper-tenant-value-123"
    assert "X-Tenant" not in sent and sent["X-Org"] == "org-1"
    assert report["gateway"]["credential_source"] == "helper"
    assert "helper-tenant-value-123" not in json.dumps(report) and KEY not in json.dumps(report)
    assert not any("without a credential" in p["message"] for p in problems)
    _report, problems = gw.run_preflight(dict(settings, inferenceGatewayApiKey="static-key-xyz-123"), fake,
                                         {"checks": ["url"]}, clock=clock, helper=(KEY, {}))
    assert any("uses the helper" in p["message"] for p in problems)


def refused(*_args):
    raise gw.TransportError("refused", "connection refused")


def test_preflight_keeps_the_gateway_host_readable_with_a_short_header_value():
    """The case of issue 14: X-Org-Id: acme and the gateway at llm.acme.example."""
    settings = {"inferenceGatewayBaseUrl": "https://llm.acme.example", "inferenceGatewayApiKey": KEY,
                "inferenceCustomHeaders": {"X-Org-Id": "acme"}, "inferenceModels": ["claude-x"]}
    report, _problems = gw.run_preflight(settings, refused, {"checks": ["url", "tls"]})
    assert report["gateway"]["base_url"] == "https://llm.acme.example"
    assert report["summary"][0].startswith("Gateway https://llm.acme.example (")
    assert "llm.acme.example:443" in report["checks"]["tls"]["reason"]
    assert "********" not in " ".join(report["summary"])


def test_preflight_keeps_the_host_even_when_a_long_secret_is_part_of_it():
    settings = {"inferenceGatewayBaseUrl": "https://tenant-0042.gw.example", "inferenceGatewayApiKey": KEY,
                "inferenceCustomHeaders": {"X-Tenant": "tenant-0042"}}
    report, _problems = gw.run_preflight(settings, refused, {"checks": ["tls"], "model": "m"})
    assert "tenant-0042.gw.example:443" in report["checks"]["tls"]["reason"]
