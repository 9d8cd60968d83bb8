# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _bootstrap: the subset of settings a bootstrap response may carry and its URL rules."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils import _bootstrap
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate


def _valid(settings):
    report = validate(settings)
    assert not report.errors, [p.text for p in report.errors]
    return report.settings


def test_mdm_only_keys_come_from_the_catalog():
    assert _bootstrap.MDM_ONLY == {
        "bootstrapUrl", "bootstrapOidc", "bootstrapHeaders", "bootstrapHeadersHelper", "bootstrapEnabled",
        "trustBootstrapDelivery", "egressProxyUrl", "egressProxyPacUrl"}
    assert all(BY_NAME[name]["availability"] == "mdm_only" for name in _bootstrap.MDM_ONLY)
    assert _bootstrap.PINNED == ("inferenceBedrockBaseUrl", "inferenceGatewayBaseUrl", "inferenceVertexBaseUrl")
    assert _bootstrap.MCP_KEYS == {"managedMcpServers"}


def _bootstrap_of(settings, **kwargs):
    subset, problems = _bootstrap.bootstrap_settings(_valid(settings), **kwargs)
    return subset, [p for p in problems if p.level == "error"], [p for p in problems if p.level == "warning"]


def test_bootstrap_leaves_out_mdm_only_keys_with_a_warning():
    subset, errors, warnings = _bootstrap_of({
        "inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.corp",
        "inferenceGatewayApiKey": "k", "bootstrapUrl": "https://gw.example.corp/bootstrap",
        "bootstrapHeaders": {"X-Device": "d"}, "trustBootstrapDelivery": True, "bootstrapEnabled": True,
        "egressProxyUrl": "http://proxy.example.corp:3128", "disableDeploymentModeChooser": True})
    assert errors == []
    assert sorted(subset) == ["disableDeploymentModeChooser", "inferenceGatewayApiKey", "inferenceGatewayBaseUrl",
                              "inferenceProvider"]
    assert sorted(p.key for p in warnings) == ["bootstrapEnabled", "bootstrapHeaders", "bootstrapUrl",
                                               "egressProxyUrl", "trustBootstrapDelivery"]
    assert all(p.rule == "bootstrap_excluded" and "never accepted from a bootstrap response" in p.message
               for p in warnings)


def test_bootstrap_refuses_loopback_and_plain_http_mcp():
    _subset, errors, _warnings = _bootstrap_of({
        "inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://127.0.0.1:8443",
        "inferenceGatewayApiKey": "k",
        "otlpEndpoint": "http://localhost:4318",
        "managedMcpServers": [
            {"name": "ok", "transport": "http", "url": "https://mcp.example.corp/mcp"},
            {"name": "loop", "transport": "http", "url": "https://[::1]:9000/mcp"},
            {"name": "plain", "transport": "http", "url": "https://mcp2.example.corp/mcp",
             "oauth": {"clientId": "c", "authorizationServer": ["http://as.example.corp"]}},
        ]})
    found = {(p.key, p.rule) for p in errors}
    assert found == {
        ("inferenceGatewayBaseUrl", "bootstrap_loopback"),
        ("otlpEndpoint", "bootstrap_loopback"),
        ("managedMcpServers[1].url", "bootstrap_loopback"),
        ("managedMcpServers[2].oauth.authorizationServer[0]", "bootstrap_mcp_https"),
    }
    assert all(p.value for p in errors)


def test_bootstrap_origin_pinning():
    doc = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.corp",
           "inferenceGatewayApiKey": "k", "bootstrapUrl": "https://config.example.corp/bootstrap"}
    _subset, errors, _warnings = _bootstrap_of(doc)
    assert [(p.key, p.rule) for p in errors] == [("inferenceGatewayBaseUrl", "bootstrap_origin")]
    assert "https://config.example.corp (from bootstrapUrl)" in errors[0].message

    same = dict(doc, bootstrapUrl="https://gw.example.corp/bootstrap")
    assert _bootstrap_of(same)[1] == []

    # The option stands in for a bootstrapUrl the document does not set.
    without = {k: v for k, v in doc.items() if k != "bootstrapUrl"}
    assert _bootstrap_of(without)[1] == []
    _subset, errors, _warnings = _bootstrap_of(without, bootstrap_url="https://gw.example.corp:444/b")
    assert [(p.key, p.rule) for p in errors] == [("inferenceGatewayBaseUrl", "bootstrap_origin")]
    assert "(from bootstrap_url)" in errors[0].message
    assert _bootstrap_of(without, bootstrap_url="https://GW.example.corp:443/b")[1] == []

    # With a separate identity provider for bootstrap sign-in the origins may differ.
    oidc = dict(doc, bootstrapOidc={"issuer": "https://idp.example.corp", "clientId": "c"})
    assert _bootstrap_of(oidc)[1] == []

    vertex = {"inferenceProvider": "vertex", "inferenceVertexProjectId": "p", "inferenceVertexRegion": "us-east5",
              "inferenceModels": ["m"], "inferenceVertexBaseUrl": "https://psc.example.corp"}
    _subset, errors, _warnings = _bootstrap_of(vertex, bootstrap_url="https://config.example.corp/b")
    assert [(p.key, p.rule) for p in errors] == [("inferenceVertexBaseUrl", "bootstrap_origin")]
