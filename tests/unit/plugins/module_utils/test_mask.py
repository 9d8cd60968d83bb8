# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _mask: masking secrets in settings, values and text (encoded forms: test_mask_encoded.py)."""

from __future__ import annotations

import copy
import json

from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import (
    MASK, has_secrets, mask_settings, mask_value, scrub, secret_strings)

GW_KEY = "sk-gw-4Hq8"
ANT_KEY = "sk-ant-9Zt2"
BEDROCK_TOKEN = "bedrock-7Lm3"
FOUNDRY_KEY = "foundry-2Kd6"
VERTEX_SECRET = "GOCSPX-5Rw1"
HEADER_VALUE = "tenant-token-8Vb4"
OTLP_VALUE = "otlp-3Nc7"
BOOT_VALUE = "boot-6Yp9"
MCP_HEADER = "mcp-hdr-1Qs5"
MCP_ENV = "mcp-env-4Gx2"
MCP_CLIENT_SECRET = "mcp-cs-7Fj8"

ALL_SECRETS = [GW_KEY, ANT_KEY, BEDROCK_TOKEN, FOUNDRY_KEY, VERTEX_SECRET, HEADER_VALUE, OTLP_VALUE, BOOT_VALUE,
               MCP_HEADER, MCP_ENV, MCP_CLIENT_SECRET]


def full_settings():
    return {
        "inferenceProvider": "gateway",
        "inferenceGatewayBaseUrl": "https://gw.example.com",
        "inferenceGatewayApiKey": GW_KEY,
        "inferenceAnthropicApiKey": ANT_KEY,
        "inferenceBedrockBearerToken": BEDROCK_TOKEN,
        "inferenceFoundryApiKey": FOUNDRY_KEY,
        "inferenceVertexOAuthClientSecret": VERTEX_SECRET,
        "inferenceVertexOAuthClientId": "client.apps.example.com",
        "inferenceCustomHeaders": {"X-Tenant": HEADER_VALUE},
        "otlpHeaders": '{"X-Org":"%s"}' % OTLP_VALUE,
        "bootstrapHeaders": {"X-Svc": BOOT_VALUE},
        "managedMcpServers": [
            {"name": "tickets", "transport": "http", "url": "https://mcp.example.com",
             "headers": {"Authorization": "Bearer " + MCP_HEADER},
             "oauth": {"clientId": "public-client", "clientSecret": MCP_CLIENT_SECRET}},
            {"name": "files", "transport": "stdio", "command": "/usr/local/bin/files", "env": {"TOKEN": MCP_ENV},
             "args": ["--root", "/srv"]},
        ],
        "inferenceModels": ["claude-sonnet-4"],
        "deploymentDisplayName": "Acme AI",
    }


def test_mask_settings_hides_every_secret_and_keeps_the_rest():
    settings = full_settings()
    masked = mask_settings(settings)
    text = json.dumps(masked)
    for secret in ALL_SECRETS:
        assert secret not in text, secret
    assert masked["inferenceGatewayApiKey"] == MASK
    assert masked["inferenceAnthropicApiKey"] == MASK
    assert masked["inferenceBedrockBearerToken"] == MASK
    assert masked["inferenceFoundryApiKey"] == MASK
    assert masked["inferenceVertexOAuthClientSecret"] == MASK
    # Header maps keep their names (useful in a diff) and lose their values; JSON text is decoded first.
    assert masked["inferenceCustomHeaders"] == {"X-Tenant": MASK}
    assert masked["otlpHeaders"] == {"X-Org": MASK}
    assert masked["bootstrapHeaders"] == {"X-Svc": MASK}
    first, second = masked["managedMcpServers"]
    assert first["headers"] == {"Authorization": MASK}
    assert first["oauth"] == {"clientId": "public-client", "clientSecret": MASK}
    assert first["url"] == "https://mcp.example.com" and first["name"] == "tickets"
    assert second["env"] == {"TOKEN": MASK} and second["args"] == ["--root", "/srv"]
    # Everything else is untouched.
    for key in ("inferenceProvider", "inferenceGatewayBaseUrl", "inferenceVertexOAuthClientId", "inferenceModels",
                "deploymentDisplayName"):
        assert masked[key] == settings[key]


def test_mask_settings_does_not_modify_its_input():
    settings = full_settings()
    snapshot = copy.deepcopy(settings)
    mask_settings(settings)
    assert settings == snapshot


def test_mask_settings_edge_values():
    assert mask_settings({"inferenceGatewayApiKey": ""}) == {"inferenceGatewayApiKey": ""}
    assert mask_settings({"inferenceGatewayApiKey": None}) == {"inferenceGatewayApiKey": None}
    assert mask_settings({}) == {}
    assert mask_settings(["not", "a", "mapping"]) == ["not", "a", "mapping"]
    assert mask_settings(None) is None


def test_mask_settings_old_names_and_legacy_forms():
    masked = mask_settings({
        "inferenceGatewayHeaders": {"X-Tenant": HEADER_VALUE},          # old name of inferenceCustomHeaders
        "otlpHeaders": "Authorization=Bearer " + OTLP_VALUE,           # deprecated 'Name=value' form
        "bootstrapHeaders": ["X-Svc: " + BOOT_VALUE],                  # deprecated ['Name: value'] form
    })
    assert masked == {"inferenceGatewayHeaders": {"X-Tenant": MASK}, "otlpHeaders": MASK, "bootstrapHeaders": MASK}


def test_mask_settings_mcp_json_text_and_secret_looking_fields():
    text = json.dumps([{"name": "a", "headers": {"X": MCP_HEADER}, "apiToken": MCP_ENV, "region": "eu"}])
    masked = mask_settings({"managedMcpServers": text})
    assert masked == {"managedMcpServers": [{"name": "a", "headers": {"X": MASK}, "apiToken": MASK, "region": "eu"}]}
    # A value that is not JSON stays as it is.
    assert mask_settings({"managedMcpServers": "[not json"}) == {"managedMcpServers": "[not json"}


def test_mask_unknown_keys_by_name():
    masked = mask_settings({"corpApiKey": "k-1", "someToken": "t-1", "corpPassword": "p-1", "teamName": "ai", "emptyToken": ""})
    assert masked == {"corpApiKey": MASK, "someToken": MASK, "corpPassword": MASK, "teamName": "ai", "emptyToken": ""}


def test_mask_value_single_key():
    assert mask_value("inferenceGatewayApiKey", GW_KEY) == MASK
    assert mask_value("inferenceCustomHeaders", '{"A":"b"}') == {"A": MASK}
    assert mask_value("inferenceProvider", "gateway") == "gateway"
    assert mask_value("inferenceGatewayOidc", {"clientId": "c", "issuer": "https://i.example.com"}) == \
        {"clientId": "c", "issuer": "https://i.example.com"}


def test_mask_settings_hides_url_credentials():
    masked = mask_settings({"inferenceGatewayBaseUrl": "https://svc:pw-9Tt4@gw.example.com",
                            "managedMcpServers": [{"name": "a", "url": "https://u:pw-9Tt4@mcp.example.com"}]})
    assert "pw-9Tt4" not in json.dumps(masked)


def test_secret_strings_lists_every_secret_longest_first():
    found = secret_strings(full_settings())
    assert found == sorted(found, key=len, reverse=True)
    for secret in ALL_SECRETS:
        assert any(secret in item for item in found), secret
    assert "Bearer " + MCP_HEADER in found
    for public in ("gateway", "https://gw.example.com", "public-client", "client.apps.example.com", "tickets", "Acme AI"):
        assert public not in found


def test_secret_strings_edge_cases():
    assert secret_strings({}) == []
    assert secret_strings(None) == []
    assert secret_strings({"inferenceProvider": "anthropic", "inferenceAnthropicApiKey": ""}) == []


def test_secret_strings_of_legacy_header_forms_are_the_values():
    found = secret_strings({"otlpHeaders": "X-Org=" + OTLP_VALUE})
    assert OTLP_VALUE in found


def test_has_secrets():
    assert has_secrets(full_settings())
    assert has_secrets({"inferenceAnthropicApiKey": ANT_KEY})
    assert has_secrets({"managedMcpServers": [{"name": "a", "env": {"T": MCP_ENV}}]})
    assert has_secrets({"inferenceCustomHeaders": {"X-Tenant": "acme"}})     # header values count as secrets
    assert not has_secrets({"inferenceProvider": "anthropic", "inferenceModels": ["m"]})
    assert not has_secrets({"inferenceGatewayApiKey": ""})
    assert not has_secrets({"managedMcpServers": [{"name": "a", "url": "https://mcp.example.com"}]})
    assert not has_secrets(None)


def test_scrub():
    secrets = [MCP_HEADER, 'quote"d-secret', ANT_KEY]
    text = 'body %s, json {"k": "quote\\"d-secret"}, raw quote"d-secret, %s twice %s' % (MCP_HEADER, ANT_KEY, ANT_KEY)
    out = scrub(text, secrets)
    assert MCP_HEADER not in out and ANT_KEY not in out and "quote" not in out
    assert out.count(MASK) == 5
    assert scrub("", secrets) == ""
    assert scrub(None, secrets) is None
    assert scrub("nothing here", []) == "nothing here"


def test_scrub_with_secret_strings_end_to_end():
    settings = full_settings()
    body = json.dumps({"echo": settings}, ensure_ascii=False)
    out = scrub(body, secret_strings(settings))
    for secret in ALL_SECRETS:
        assert secret not in out, secret
