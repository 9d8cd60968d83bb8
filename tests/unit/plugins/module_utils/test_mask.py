# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _mask (secret masking), _encode (string encoding) and _drift (comparison by meaning)."""

from __future__ import annotations

import copy
import json

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._drift import drift, in_sync
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import (
    encode_string, json_compact, json_readable, native_items, number_text, string_items)
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


# -- _mask ---------------------------------------------------------------------------------------------------
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


# -- _encode -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value, text", [
    (True, "true"),
    (False, "false"),
    (0, "0"),
    (60, "60"),
    (-5, "-5"),
    (3600, "3600"),
    (0.5, "0.5"),
    (1.0, "1"),
    (0.1, "0.1"),
    ("plain text", "plain text"),
    ("", ""),
    (["claude-sonnet-4", "claude-opus-4"], '["claude-sonnet-4","claude-opus-4"]'),
    ({"X-Tenant": "acme", "X-Team": "ai"}, '{"X-Team":"ai","X-Tenant":"acme"}'),      # names sorted
    ([{"name": "m", "supports1m": True}], '[{"name":"m","supports1m":true}]'),
    (["Zürich", "東京", "emoji \U0001F600"], '["Zürich","東京","emoji \U0001F600"]'),
    ([], "[]"),
    ({}, "{}"),
], ids=repr)
def test_encode_string(value, text):
    assert encode_string(value) == text


def test_encode_string_rejects_what_a_plist_string_cannot_hold():
    with pytest.raises(TypeError):
        encode_string(None)
    with pytest.raises(TypeError):
        encode_string(object())
    with pytest.raises(ValueError):
        encode_string(float("nan"))
    with pytest.raises(ValueError):
        encode_string(float("inf"))
    with pytest.raises(ValueError):
        encode_string([float("nan")])


def test_number_text():
    assert number_text(7) == "7"
    assert number_text(0.25) == "0.25"
    assert number_text(2.0) == "2"
    with pytest.raises(TypeError):
        number_text(True)
    with pytest.raises(ValueError):
        number_text(float("-inf"))


def test_json_helpers():
    value = {"b": [1, 2], "a": "é"}
    assert json_compact(value) == '{"a":"é","b":[1,2]}'          # names sorted, no spaces, UTF-8 kept
    assert json_readable(value) == '{"a": "é", "b": [1, 2]}'
    assert json.loads(json_compact(value)) == value
    with pytest.raises(ValueError):
        json_readable({"x": float("nan")})


JSON_CORPUS = [
    "", "plain", "é \u2028 \"quoted\" \\ \n\t\x01", 0, -7, 10 ** 30, 0.5, -1e300, 1e-7, True, False, None,
    [], {}, [1, "a", [True, None], {"k": 0.25}], {"b": {"a": []}, "a": "é", "": 1}, {"X-Org": "org-1"},
]


@pytest.mark.parametrize("value", JSON_CORPUS)
def test_json_helpers_write_what_json_dumps_writes(value):
    # json_compact/json_readable reuse one C encoder instead of building one per call; the text must not change.
    assert json_compact(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                                             sort_keys=True)
    assert json_readable(value) == json.dumps(value, ensure_ascii=False, separators=(", ", ": "), allow_nan=False,
                                              sort_keys=True)


@pytest.mark.parametrize("value", [float("nan"), float("-inf"), [float("inf")], {"x": object()}, {(1,): 2}, b"x"])
def test_json_helpers_refuse_what_json_dumps_refuses(value):
    for helper, separators in ((json_compact, (",", ":")), (json_readable, (", ", ": "))):
        with pytest.raises((TypeError, ValueError)) as expected:
            json.dumps(value, ensure_ascii=False, separators=separators, allow_nan=False)
        with pytest.raises(expected.type):
            helper(value)


def test_json_helpers_use_the_reusable_encoder_on_cpython():
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _encode  # pylint: disable=import-outside-toplevel
    assert _encode._COMPACT_FAST is not None and _encode._READABLE_FAST is not None


def test_string_items_are_sorted_and_encoded():
    settings = {"inferenceProvider": "gateway", "disableAutoUpdates": True, "mcpToolTimeoutSec": 60,
                "inferenceModels": ["m"], "banner": {"enabled": False}, "inferenceModelPricingMultiplier": 0.5}
    assert string_items(settings) == [
        ("banner", '{"enabled":false}'),
        ("disableAutoUpdates", "true"),
        ("inferenceModelPricingMultiplier", "0.5"),
        ("inferenceModels", '["m"]'),
        ("inferenceProvider", "gateway"),
        ("mcpToolTimeoutSec", "60"),
    ]
    assert string_items({}) == []
    # Sorting is by code point (upper case first), exactly like a plist writer with sorted keys.
    assert [key for key, _text in string_items({"b": "1", "B": "2", "a": "3"})] == ["B", "a", "b"]


def test_native_items_are_sorted_with_scalars_as_strings_by_default():
    # Reference 1.4 confirms native JSON on Linux for arrays and objects only; section 2 documents booleans and
    # integers as strings. Native scalars are an explicit choice.
    settings = {"mcpToolTimeoutSec": 60, "disableAutoUpdates": True, "inferenceModels": ["m"], "banner": {"enabled": True},
                "inferenceModelPricingMultiplier": 0.5}
    assert native_items(settings) == [("banner", {"enabled": True}), ("disableAutoUpdates", "true"),
                                      ("inferenceModelPricingMultiplier", "0.5"), ("inferenceModels", ["m"]),
                                      ("mcpToolTimeoutSec", "60")]
    assert native_items(settings, native_scalars=True) == [
        ("banner", {"enabled": True}), ("disableAutoUpdates", True), ("inferenceModelPricingMultiplier", 0.5),
        ("inferenceModels", ["m"]), ("mcpToolTimeoutSec", 60)]


# -- _drift --------------------------------------------------------------------------------------------------
def test_drift_compares_by_meaning():
    actual = {
        "disableAutoUpdates": "true",
        "mcpToolTimeoutSec": "60",
        "inferenceModelPricingMultiplier": "0.5",
        "disabledBuiltinTools": '["Bash","WebFetch"]',
        "banner": '{"text":"Managed","enabled":true}',
        "inferenceGatewayApiKey": GW_KEY,
    }
    desired = {
        "disableAutoUpdates": True,
        "mcpToolTimeoutSec": 60,
        "inferenceModelPricingMultiplier": 0.5,
        "disabledBuiltinTools": ["Bash", "WebFetch"],
        "banner": {"enabled": True, "text": "Managed"},
        "inferenceGatewayApiKey": GW_KEY,
    }
    assert drift(actual, desired) == {"missing": [], "unexpected": [], "changed": []}
    assert in_sync(actual, desired)


def test_drift_reports_missing_unexpected_and_changed():
    actual = {"disableAutoUpdates": "false", "chatTabEnabled": "true", "zzUnknown": "1", "disabledBuiltinTools": '["Bash"]',
              "inferenceGatewayApiKey": "old-key"}
    desired = {"disableAutoUpdates": True, "coworkTabEnabled": True, "autoModeEnabled": False,
               "disabledBuiltinTools": ["Bash", "Read"], "inferenceGatewayApiKey": "new-key"}
    found = drift(actual, desired)
    assert found == {
        "missing": ["autoModeEnabled", "coworkTabEnabled"],
        "unexpected": ["chatTabEnabled", "zzUnknown"],
        "changed": ["disableAutoUpdates", "disabledBuiltinTools", "inferenceGatewayApiKey"],
    }
    assert not in_sync(actual, desired)
    # Only key names are reported: no value (and so no secret) appears in the result.
    assert "old-key" not in json.dumps(found) and "new-key" not in json.dumps(found)


def test_drift_list_order_matters():
    # The first inferenceModels entry is the default model, so order is meaningful.
    found = drift({"inferenceModels": '["a","b"]'}, {"inferenceModels": ["b", "a"]})
    assert found["changed"] == ["inferenceModels"]


def test_drift_with_empty_sides():
    assert drift(None, None) == {"missing": [], "unexpected": [], "changed": []}
    assert drift({}, {"disableAutoUpdates": True}) == {"missing": ["disableAutoUpdates"], "unexpected": [], "changed": []}
    assert drift({"disableAutoUpdates": True}, None) == {"missing": [], "unexpected": ["disableAutoUpdates"], "changed": []}


def test_drift_of_invalid_values_compares_what_was_given():
    assert in_sync({"mcpToolTimeoutSec": "soon"}, {"mcpToolTimeoutSec": "soon"})
    assert drift({"mcpToolTimeoutSec": "soon"}, {"mcpToolTimeoutSec": 60})["changed"] == ["mcpToolTimeoutSec"]
