# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The table of formats (_formats), the egress list (_egress) and the bootstrap file (_bootstrap)."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import (
    _bootstrap, _delivery, _egress, _formats, _importers, _urls)
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate


def _valid(settings):
    report = validate(settings)
    assert not report.errors, [p.text for p in report.errors]
    return report.settings


# ------------------------------------------------------------------ formats
def test_every_format_has_a_fixed_file_name_and_a_known_scope():
    names = {fmt: _formats.file_name(fmt, "eng") for fmt in _formats.FORMATS}
    assert names == {
        "mobileconfig": "eng.mobileconfig", "reg": "eng.reg", "json": "managed-settings.json", "plist": "eng.plist",
        "admx": "eng.admx.zip", "jamf_schema": "eng.jamf.json", "profile_manifest": "eng.manifest.plist",
        "signed_mobileconfig": "eng.signed.mobileconfig", "bootstrap_json": "eng.bootstrap.json",
        "egress": "eng.egress.txt",
    }
    assert _formats.FORMATS["admx"].extra == (("{basename}.intune.json", "settings"),)
    for spec in _formats.FORMATS.values():
        assert spec.scope in ("document", "catalog")
        assert spec.producer[0] in ("template", "python")
        assert spec.delivery in _formats.DELIVERY_FORMATS
        assert spec.scope == "document" or not spec.secret     # catalog-wide files never hold a value


def test_all_is_every_format_without_extra_input():
    formats, unknown = _formats.expand(["all"])
    assert unknown == []
    assert "signed_mobileconfig" not in formats
    assert set(formats) == set(_formats.FORMATS) - {"signed_mobileconfig"}
    assert _formats.expand(["json", "all", "json", "signed_mobileconfig"])[0][0] == "json"


def test_unknown_formats_are_named():
    formats, unknown = _formats.expand(["json", "docx", "pdf"])
    assert formats == ["json"] and unknown == ["docx", "pdf"]
    text = _formats.unknown_text(unknown)
    assert "'docx'" in text and "'pdf'" in text and "egress" in text and "all" in text


def test_import_reads_the_table():
    settings, _report, _notes = _importers.import_settings(b'{"disableAutoUpdates": true}\n', "bootstrap_json")
    assert settings == {"disableAutoUpdates": True}
    with pytest.raises(_importers.ImportError_, match="holds no settings document"):
        _importers.import_settings(b"x", "egress")
    with pytest.raises(_importers.ImportError_, match="unknown format"):
        _importers.import_settings(b"x", "docx")


def test_delivery_reads_the_table():
    assert _delivery.FORMATS == ("mobileconfig", "json", "plist", "text")


# ------------------------------------------------------------------ egress
GATEWAY = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://llm-gateway.example.corp:8443/tenant",
    "inferenceCredentialKind": "interactive",
    "inferenceGatewayOidc": {"issuer": "https://login.microsoftonline.com/abc/v2.0", "clientId": "c"},
    "otlpEndpoint": "http://otel.example.corp:4318",
    "managedMcpServers": [{"name": "docs", "transport": "http", "url": "https://mcp.example.corp/mcp"},
                          {"name": "local", "transport": "stdio", "command": "/usr/bin/local-mcp"}],
    "allowedPluginMarketplaces": [{"source": "url", "url": "https://plugins.example.corp/marketplace.json"}],
    "inferenceVertexRegion": "us-east5",          # another provider's key: the app ignores it
    "disableAutoUpdates": True, "disableNonessentialTelemetry": True, "disableEssentialTelemetry": True,
    "disableNonessentialServices": True,
}
DOWNLOADS = "downloads.claude.ai  # VM bundle and CLI at session start (not needed with the offline installer)"
MCP_APPS = "*.claudemcpcontent.com  # MCP Apps widgets (disableNonessentialServices off)"
CLAUDE_AI = ("claude.ai  # telemetry and updates (reference 14 names the host; which of them needs it is "
             "UNCONFIRMED)")
UPDATES = ("updates (disableAutoUpdates off; updateViaUpdatesHost moves them to releases.claude.com)")
TELEMETRY = "nonessential telemetry (disableNonessentialTelemetry off)"
ANTHROPIC = "api.anthropic.com  # %s; %s" % (TELEMETRY, UPDATES)

EGRESS = {
    "gateway": (GATEWAY, [
        DOWNLOADS,
        "llm-gateway.example.corp:8443  # inferenceGatewayBaseUrl",
        "login.microsoftonline.com  # inferenceGatewayOidc.issuer",
        "mcp.example.corp  # managedMcpServers[0].url",
        "otel.example.corp:4318  # otlpEndpoint",
        "plugins.example.corp  # allowedPluginMarketplaces[0].url",
    ]),
    "vertex": ({"inferenceProvider": "vertex", "inferenceVertexProjectId": "p1", "inferenceVertexRegion": "europe-west4",
                "inferenceModels": ["claude-sonnet-4@20250514"], "updateViaUpdatesHost": True,
                "disableNonessentialTelemetry": True}, [
        MCP_APPS, CLAUDE_AI, DOWNLOADS,
        "europe-west4-aiplatform.googleapis.com  # inferenceVertexRegion",
        "oauth2.googleapis.com  # inferenceProvider vertex (Google token endpoint)",
        "releases.claude.com  # updates (updateViaUpdatesHost)",
    ]),
    "vertex_global": ({"inferenceProvider": "vertex", "inferenceVertexProjectId": "p1", "inferenceVertexRegion": "global",
                       "inferenceModels": ["m"], "disableAutoUpdates": True, "disableNonessentialTelemetry": True,
                       "disableEssentialTelemetry": True, "disableNonessentialServices": True}, [
        "aiplatform.googleapis.com  # inferenceVertexRegion", DOWNLOADS,
        "oauth2.googleapis.com  # inferenceProvider vertex (Google token endpoint)",
    ]),
    "vertex_multi_region_psc": ({"inferenceProvider": "vertex", "inferenceVertexProjectId": "p1",
                                 "inferenceVertexRegion": "eu", "inferenceModels": ["m"], "disableAutoUpdates": True,
                                 "disableNonessentialTelemetry": True, "disableEssentialTelemetry": True,
                                 "disableNonessentialServices": True}, [
        "aiplatform.eu.rep.googleapis.com  # inferenceVertexRegion", DOWNLOADS,
        "oauth2.googleapis.com  # inferenceProvider vertex (Google token endpoint)",
    ]),
    "bedrock": ({"inferenceProvider": "bedrock", "inferenceBedrockRegion": "us-west-2",
                 "inferenceBedrockSsoStartUrl": "https://d-1234567890.awsapps.com/start",
                 "inferenceBedrockSsoRegion": "us-east-1", "inferenceBedrockSsoAccountId": "123456789012",
                 "inferenceBedrockSsoRoleName": "BedrockUsers", "inferenceModels": ["m"]}, [
        MCP_APPS, ANTHROPIC,
        "bedrock-runtime.us-west-2.amazonaws.com  # inferenceBedrockRegion (the standard AWS runtime endpoint; the "
        "reference does not name it: UNCONFIRMED)",
        CLAUDE_AI,
        "d-1234567890.awsapps.com  # inferenceBedrockSsoStartUrl",
        DOWNLOADS,
        "oidc.us-east-1.amazonaws.com  # inferenceBedrockSsoRegion (AWS sign-in)",
        "portal.sso.us-east-1.amazonaws.com  # inferenceBedrockSsoRegion (AWS sign-in)",
    ]),
    "bedrock_private_link": ({"inferenceProvider": "bedrock", "inferenceBedrockRegion": "us-west-2",
                              "inferenceBedrockBaseUrl": "https://vpce-1.bedrock-runtime.us-west-2.vpce.amazonaws.com",
                              "inferenceBedrockBearerToken": "t", "disableAutoUpdates": True,
                              "disableNonessentialTelemetry": True, "disableEssentialTelemetry": True,
                              "disableNonessentialServices": True}, [
        DOWNLOADS, "vpce-1.bedrock-runtime.us-west-2.vpce.amazonaws.com  # inferenceBedrockBaseUrl",
    ]),
    "mantle": ({"inferenceProvider": "mantle", "inferenceBedrockRegion": "us-east-1",
                "inferenceBedrockBearerToken": "t", "inferenceModels": ["m"]}, [
        MCP_APPS, ANTHROPIC, "bedrock-mantle.us-east-1.api.aws  # inferenceBedrockRegion (Mantle)", CLAUDE_AI,
        DOWNLOADS,
    ]),
    "foundry": ({"inferenceProvider": "foundry", "inferenceFoundryResource": "Acme-AI", "inferenceFoundryTenantId": "t",
                 "inferenceFoundryClientId": "c", "inferenceCredentialKind": "interactive", "inferenceModels": ["m"]}, [
        MCP_APPS, "acme-ai.services.ai.azure.com  # inferenceFoundryResource", ANTHROPIC, CLAUDE_AI, DOWNLOADS,
        "login.microsoftonline.com  # inferenceFoundryTenantId (Entra sign-in)",
    ]),
    "anthropic": ({"inferenceProvider": "anthropic", "inferenceAnthropicApiKey": "sk-ant-x"}, [
        MCP_APPS, "api.anthropic.com  # inferenceProvider anthropic (Claude API); %s; %s" % (TELEMETRY, UPDATES),
        CLAUDE_AI, DOWNLOADS,
    ]),
}


@pytest.mark.parametrize("name", sorted(EGRESS))
def test_egress_list_per_provider(name):
    settings, expected = EGRESS[name]
    text = _egress.egress_text(_valid(settings)).decode("utf-8")
    assert text.splitlines() == expected
    assert text.endswith("\n")
    hosts = [line.split("  # ")[0] for line in text.splitlines()]
    assert hosts == sorted(hosts) and len(hosts) == len(set(hosts))


def test_egress_is_deterministic():
    settings = _valid(GATEWAY)
    assert _egress.egress_text(settings) == _egress.egress_text(dict(reversed(list(settings.items()))))


@pytest.mark.parametrize("host, loopback", [
    ("localhost", True), ("LOCALHOST.", True), ("app.localhost", True), ("127.0.0.1", True), ("127.9.8.7", True),
    ("[::1]", True), ("::ffff:127.0.0.1", True), ("10.0.0.1", False), ("localhost.example.corp", False), ("", False),
])
def test_loopback_hosts(host, loopback):
    assert _urls.is_loopback(host) is loopback


def test_url_parts_and_origin():
    assert _urls.parts("HTTPS://GW.Example.corp:443/x") == ("https", "gw.example.corp", 443)
    assert _urls.parts("http://h") == ("http", "h", 80)
    assert _urls.parts("ftp://h") is None and _urls.parts("https://h:99999") is None
    assert _urls.origin("https://h:443/a?b") == "https://h" and _urls.origin("https://h:8443/") == "https://h:8443"
    assert _urls.origin("https://[::1]:9/") == "https://[::1]:9"
    assert _urls.url_strings({"b": ["x", "https://a"], "a": {"u": "http://b"}}, "k") == [
        ("k.a.u", "http://b"), ("k.b[1]", "https://a")]


# ------------------------------------------------------------------ bootstrap
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
