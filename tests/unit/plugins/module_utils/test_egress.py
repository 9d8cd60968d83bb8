# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _egress: the list of hosts a provider's settings need through the firewall."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _egress
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate


def _valid(settings):
    report = validate(settings)
    assert not report.errors, [p.text for p in report.errors]
    return report.settings


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
