# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""validate(): one failing input per rule id, whole documents, normalisation, robustness, secrets."""

from __future__ import annotations

import ast
import datetime
import importlib
import inspect
import json
import os

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils import _validation
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate

from .cases import (
    AFTER, ANTHROPIC, BEDROCK, BEFORE, CUTOFF, FOUNDRY, GATEWAY, MANTLE, OPTION_CASES, RULE_CASES, SSO,
    VERTEX, assert_problem, doc, find, listing, mcp, rules_of, without,
)


@pytest.mark.parametrize("settings, kwargs, level, rule, key, msg, hint", RULE_CASES)
def test_rule(settings, kwargs, level, rule, key, msg, hint):
    report = validate(settings, **kwargs)
    assert_problem(report, level, rule, key, msg, hint)


def test_deprecated_names_for_every_alias():
    for entry in catalog.KEYS:
        for old, info in entry["aliases"].items():
            settings = doc(ANTHROPIC, **{old: _sample_value(entry)})
            before = validate(settings, now=BEFORE)
            after = validate(settings, now=AFTER)
            assert_problem(before, "warning", "deprecated_name", old, ("old name of %s" % entry["name"],),
                           ("rename it to %s" % entry["name"],))
            problem = assert_problem(after, "error", "deprecated_name", old, ("stopped reading it",))
            assert info["after_cutoff"] in problem.message
            # The normalised output keeps the admin's spelling.
            assert old in before.settings and entry["name"] not in before.settings


def _sample_value(entry):
    return {"boolean": True, "object": {"X-Team": "ai"}}[entry["type"]]


def test_cutoff_boundary_and_naive_now():
    settings = doc(GATEWAY, inferenceGatewayAuthScheme="auto")
    just_before = CUTOFF - datetime.timedelta(seconds=1)
    assert find(validate(settings, now=just_before), "warning", "deprecated_value", "inferenceGatewayAuthScheme")
    assert find(validate(settings, now=CUTOFF), "error", "deprecated_value", "inferenceGatewayAuthScheme")
    # A naive datetime is read as UTC.
    assert find(validate(settings, now=CUTOFF.replace(tzinfo=None)), "error", "deprecated_value", "inferenceGatewayAuthScheme")
    # 12:00 Pacific daylight time is 19:00 UTC.
    pacific = datetime.timezone(datetime.timedelta(hours=-7))
    assert find(validate(settings, now=datetime.datetime(2026, 10, 7, 11, 59, tzinfo=pacific)),
                "warning", "deprecated_value", "inferenceGatewayAuthScheme")


def test_unconfirmed_key_bad_value_is_only_a_warning():
    settings = doc(ANTHROPIC, chatSessionRetentionDays=0, coworkVmIpv6Enabled="maybe", sshTransport="ssh")
    report = validate(settings, now=BEFORE)
    assert report.ok, listing(report)
    for key, rule in (("chatSessionRetentionDays", "range"), ("coworkVmIpv6Enabled", "type"), ("sshTransport", "enum")):
        assert_problem(report, "warning", "unconfirmed", key, ("is not confirmed",))
        assert_problem(report, "warning", rule, key, ("not enforced: the rule is UNCONFIRMED",))
        assert not find(report, "error", rule, key)
    # The value is rendered as given.
    assert report.settings["coworkVmIpv6Enabled"] == "maybe"
    assert report.settings["chatSessionRetentionDays"] == 0


def test_unconfirmed_rule_on_a_documented_key_is_enforced():
    # inferenceCredentialKind carries an 'unconfirmed' note but is a reference key: its enum rule is an error.
    report = validate(doc(GATEWAY, inferenceCredentialKind="password"), now=BEFORE)
    assert_problem(report, "error", "enum", "inferenceCredentialKind", ("must be one of",))
    assert not find(report, "warning", "unconfirmed", "inferenceCredentialKind")


def test_desktop_version_accepts_numbers_and_blank():
    assert validate(ANTHROPIC, desktop_version="").ok
    assert validate(ANTHROPIC, desktop_version="1.46388.1").ok
    assert validate(ANTHROPIC, desktop_version=" 1.46388.1 ").ok
    # Only releases older than a key's first release produce "since" warnings.
    report = validate(doc(ANTHROPIC, chatTabEnabled=True), desktop_version="1.13576.0")
    assert "since" not in rules_of(report)


# ---------------------------------------------------------------------------------------------------------
# Every rule id the validator can emit has a case above.
# ---------------------------------------------------------------------------------------------------------
_RULE_ARG = {"error": 2, "warn": 2, "deprecation": 2, "add": 3, "Problem": 3}


def package_sources():
    """The source of every module of the validation package."""
    return [inspect.getsource(module) for module in package_modules()]


def package_modules():
    folder = os.path.dirname(_validation.__file__)
    return [importlib.import_module("%s.%s" % (_validation.__name__, name[:-3])) if name != "__init__.py" else _validation
            for name in sorted(os.listdir(folder)) if name.endswith(".py")]


def _emitted_rule_ids():
    nodes = [node for source in package_sources() for node in ast.walk(ast.parse(source))]
    found = set()
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        position = _RULE_ARG.get(name)
        if position is None or len(node.args) <= position:
            continue
        arg = node.args[position]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.add(arg.value)
    return found


def test_every_rule_id_has_a_failing_case():
    emitted = _emitted_rule_ids()
    # Sanity check of the scan itself.
    assert {"type", "url_suffix", "credential_kind", "duplicate_alias"} <= emitted
    covered = {param.values[3] for param in RULE_CASES} | {"requires", "conflict", "deprecated_combination"}
    covered |= {rule for _options, rule, _key in OPTION_CASES}
    missing = sorted(emitted - covered)
    assert not missing, "rule ids without a failing test case: %s" % missing


# ---------------------------------------------------------------------------------------------------------
# Whole-document behaviour
# ---------------------------------------------------------------------------------------------------------
def test_every_error_is_reported_at_once():
    settings = {
        "inferenceProvider": "gateway",
        "inferenceGatewayBaseUrl": "http://gw.example.com/v1/messages",  # https_url + url_suffix
        "autoUpdaterEnforcementHours": 500,                               # range
        "deploymentOrganizationUuid": "not-a-uuid",                      # pattern
        "disabledBuiltinTools": "[Bash",                                  # json
        "inferenceProviderr": "gateway",                                  # unknown_key
        "inferenceCredentialHelper": "~/helper",                          # path_tilde
    }
    report = validate(settings, now=BEFORE)
    assert len(report.errors) >= 7, listing(report)
    assert {"https_url", "url_suffix", "range", "pattern", "json", "unknown_key", "path_tilde"} <= rules_of(report, "error")
    assert report.error_text().count("\n- ") + 1 == len(report.errors)
    assert report.problems == report.errors + report.warnings


def test_validate_does_not_modify_its_input():
    settings = {"inferenceProvider": "anthropic", "disabledBuiltinTools": '["Bash"]', "banner": {"enabled": "true"}}
    snapshot = json.dumps(settings, sort_keys=True)
    validate(settings)
    assert json.dumps(settings, sort_keys=True) == snapshot


def test_empty_and_none_documents():
    for settings in ({}, None):
        report = validate(settings)
        assert [(p.key, p.rule) for p in report.errors] == [("<document>", "empty")]
        assert report.settings == {} and report.decoded == {}
        report = validate(settings, allow_empty=True)
        assert report.ok and report.settings == {} and report.decoded == {}


def test_normalisation_of_encoded_strings():
    settings = {
        "inferenceProvider": "anthropic",
        "isLocalDevMcpEnabled": "false",
        "disableAutoUpdates": "TRUE",
        "chatTabEnabled": "1",
        "mcpToolTimeoutSec": "60",
        "inferenceModelPricingEnabled": "true",
        "inferenceModelPricingMultiplier": "0.5",
        "disabledBuiltinTools": '["Bash","WebFetch"]',
        "banner": '{"enabled":true,"text":"Managed by IT — ünïcode"}',
        "inferenceModels": '["claude-sonnet-4",{"name":"claude-opus-4","supports1m":true}]',
    }
    report = validate(settings, now=BEFORE)
    assert report.ok, listing(report)
    out = report.settings
    assert out["isLocalDevMcpEnabled"] is False
    assert out["disableAutoUpdates"] is True
    assert out["chatTabEnabled"] is True
    assert out["mcpToolTimeoutSec"] == 60 and isinstance(out["mcpToolTimeoutSec"], int)
    assert out["inferenceModelPricingMultiplier"] == 0.5
    assert out["disabledBuiltinTools"] == ["Bash", "WebFetch"]
    assert out["banner"] == {"enabled": True, "text": "Managed by IT — ünïcode"}
    assert out["inferenceModels"] == ["claude-sonnet-4", {"name": "claude-opus-4", "supports1m": True}]
    assert report.decoded == out


def test_native_values_stay_native():
    settings = {
        "inferenceProvider": "anthropic",
        "isLocalDevMcpEnabled": False,
        "mcpToolTimeoutSec": 60,
        "inferenceModelPricingEnabled": True,
        "inferenceModelPricingMultiplier": 1,
        "disabledBuiltinTools": ["Bash"],
        "builtinToolPolicy": {"Bash(curl *)": "ask"},
        "inferenceModels": ("claude-sonnet-4",),
    }
    report = validate(settings)
    assert report.ok, listing(report)
    assert report.settings["isLocalDevMcpEnabled"] is False
    assert report.settings["mcpToolTimeoutSec"] == 60
    assert report.settings["inferenceModelPricingMultiplier"] == 1
    assert report.settings["builtinToolPolicy"] == {"Bash(curl *)": "ask"}
    assert report.settings["inferenceModels"] == ["claude-sonnet-4"]     # a tuple becomes a list


class TaggedStr(str):
    """Stands in for Ansible's tagged / unsafe text types."""


class TaggedDict(dict):
    """Stands in for Ansible's tagged dict."""


class TaggedList(list):
    """Stands in for Ansible's tagged list."""


class TaggedInt(int):
    """Stands in for an int subclass."""


class MappingOnly:
    """A mapping that is not a dict (only items())."""

    def __init__(self, data):
        self._data = data

    def items(self):
        return self._data.items()

    def __iter__(self):
        return iter(self._data)

    def __contains__(self, name):
        return name in self._data


def test_ansible_like_subclasses_are_accepted_and_made_plain():
    settings = TaggedDict({
        TaggedStr("inferenceProvider"): TaggedStr("gateway"),
        TaggedStr("inferenceGatewayBaseUrl"): TaggedStr("https://gw.example.com"),
        TaggedStr("inferenceGatewayApiKey"): TaggedStr("sk-placeholder"),
        TaggedStr("mcpToolTimeoutSec"): TaggedInt(90),
        TaggedStr("inferenceModels"): TaggedList([TaggedStr("claude-sonnet-4")]),
        TaggedStr("inferenceCustomHeaders"): TaggedDict({TaggedStr("X-Tenant"): TaggedStr("acme")}),
    })
    report = validate(settings)
    assert report.ok, listing(report)
    out = report.settings
    assert type(out["inferenceProvider"]) is str  # pylint: disable=unidiomatic-typecheck
    assert type(out["mcpToolTimeoutSec"]) is int  # pylint: disable=unidiomatic-typecheck
    assert type(out["inferenceModels"]) is list  # pylint: disable=unidiomatic-typecheck
    assert type(out["inferenceModels"][0]) is str  # pylint: disable=unidiomatic-typecheck
    assert type(out["inferenceCustomHeaders"]) is dict  # pylint: disable=unidiomatic-typecheck
    assert out["inferenceCustomHeaders"] == {"X-Tenant": "acme"}


def test_settings_keys_are_plain_str():
    report = validate(TaggedDict({TaggedStr("inferenceProvider"): TaggedStr("anthropic")}))
    assert report.ok
    assert all(type(key) is str for key in report.settings)  # pylint: disable=unidiomatic-typecheck
    assert all(type(key) is str for key in report.decoded)  # pylint: disable=unidiomatic-typecheck


def test_mapping_without_dict_base_is_accepted():
    report = validate(MappingOnly({"inferenceProvider": "anthropic", "banner": MappingOnly({"enabled": False})}))
    assert report.ok, listing(report)
    assert report.settings == {"inferenceProvider": "anthropic", "banner": {"enabled": False}}


def test_settings_keep_the_admins_spelling_and_drop_invalid_values():
    report = validate(doc(ANTHROPIC, isDxtEnabled=True, mcpToolTimeoutSec="soon"), now=BEFORE)
    assert "isDxtEnabled" in report.settings
    assert "mcpToolTimeoutSec" not in report.settings           # invalid type: dropped from the settings
    assert report.decoded["mcpToolTimeoutSec"] == "soon"        # but kept, as given, in decoded


# ---------------------------------------------------------------------------------------------------------
# Valid realistic documents
# ---------------------------------------------------------------------------------------------------------
VALID_DOCUMENTS = {
    "gateway-key": {
        "inferenceProvider": "gateway",
        "inferenceGatewayBaseUrl": "https://llm-gateway.example.corp",
        "inferenceGatewayApiKey": "sk-example",
        "inferenceGatewayAuthScheme": "bearer",
        "inferenceModels": '["claude-sonnet-4","claude-opus-4"]',
        "deploymentOrganizationUuid": "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
        "disableDeploymentModeChooser": "true",
        "inferenceCustomHeaders": {"X-Tenant": "acme"},
    },
    "gateway-helper": {
        "inferenceProvider": "gateway",
        "inferenceGatewayBaseUrl": "https://llm-gateway.example.corp/anthropic",
        "inferenceCredentialHelper": "/Library/Application Support/Corp/claude-key",
        "inferenceCredentialHelperTtlSec": 900,
        "inferenceCredentialHelperTimeoutSec": "30",
        "inferenceStreamIdleTimeoutSec": 600,
        "modelDiscoveryEnabled": True,
    },
    "gateway-interactive-oidc": {
        "inferenceProvider": "gateway",
        "inferenceGatewayBaseUrl": "https://llm-gateway.example.corp",
        "inferenceCredentialKind": "interactive",
        "inferenceGatewayOidc": {"clientId": "0oa1claude", "issuer": "https://login.microsoftonline.com/tenant-id/v2.0",
                                 "scopes": "openid profile api://gateway/.default", "bearerTokenType": "access_token",
                                 "redirectPort": 53682},
        "inferenceGatewayOidcAuthFlow": "broker",
        "inferenceSessionLifetimeSec": 28800,
    },
    "anthropic-key": {"inferenceProvider": "anthropic", "inferenceAnthropicApiKey": "sk-ant-example"},
    "anthropic-browser": {"inferenceProvider": "anthropic", "chatTabEnabled": True},
    "bedrock-bearer": {"inferenceProvider": "bedrock", "inferenceBedrockRegion": "us-west-2",
                       "inferenceBedrockBearerToken": "bedrock-api-key", "inferenceBedrockServiceTier": "priority"},
    "bedrock-profile": {"inferenceProvider": "bedrock", "inferenceBedrockRegion": "eu-central-1",
                        "inferenceBedrockProfile": "claude", "inferenceBedrockAwsCliPath": "/usr/local/bin/aws",
                        "inferenceBedrockBaseUrl": "https://vpce-1.bedrock-runtime.eu-central-1.vpce.amazonaws.com",
                        "inferenceModels": ["eu.anthropic.claude-sonnet-4-5-20250929-v1:0"]},    # required (ref3.3)
    "bedrock-sso": dict(SSO, inferenceProvider="bedrock", inferenceBedrockRegion="us-west-2",
                        inferenceModels=["us.anthropic.claude-opus-4-1-20250805-v1:0"]),
    "mantle": dict(MANTLE),
    "vertex-credentials-file": dict(VERTEX, inferenceVertexCredentialsFile="/Library/Application Support/Corp/vertex.json"),
    "vertex-adc": dict(VERTEX),
    "vertex-google-sign-in": dict(VERTEX, inferenceCredentialKind="interactive", inferenceVertexOAuthClientId="c.apps",
                                  inferenceVertexOAuthClientSecret="GOCSPX-example"),
    "vertex-workforce": dict(VERTEX, inferenceCredentialKind="workforce",
                             inferenceVertexWorkforceAudience="//iam.googleapis.com/locations/global/workforcePools/p/providers/q",
                             inferenceVertexWorkforceOidc={"clientId": "c", "issuer": "https://idp.example.com"}),
    "foundry-key": dict(FOUNDRY),
    "foundry-entra": dict(without(FOUNDRY, "inferenceFoundryApiKey"), inferenceFoundryTenantId="t",
                          inferenceFoundryClientId="c", inferenceFoundryAuthFlow="browser"),
    "workspace-and-connectors": {
        "inferenceProvider": "anthropic",
        "allowedWorkspaceFolders": ["~/Projects", {"path": "%OneDrive%\\Work", "mode": "ro"}, "C:\\Data", "/srv/shared"],
        "coworkEgressAllowedHosts": ["*.example.com", "api.example.com:8443", "10.0.0.1"],   # "*" warns (ref3.8)
        "disabledBuiltinTools": ["WebSearch"],
        "builtinToolPolicy": {"Bash(git *)": "allow", "WebFetch": "ask"},
        "banner": {"enabled": True, "text": "Managed by Corp IT", "backgroundColor": "#F5F5F5",
                   "linkUrl": "https://intranet.example.com/ai"},
        "managedMcpServers": [
            {"name": "tickets", "transport": "http", "url": "https://mcp.example.com/tickets",
             "headers": {"X-Team": "ai"}, "toolPolicy": {"delete_*": "blocked", "*": "ask"}},
            {"name": "local-files", "transport": "stdio", "command": "/usr/local/bin/mcp-files",
             "args": ["--root", "/srv"], "env": {"LOG_LEVEL": "info"}},
            {"name": "m365", "server": "microsoft365", "tenantId": "t", "azureCloud": "global"},
            {"name": "sso-app", "transport": "http", "url": "https://mcp2.example.com/mcp",
             "oauth": {"clientId": "c", "clientSecret": "s", "authorizationServer": ["https://idp.example.com"]}},
        ],
        "allowedPluginMarketplaces": [{"source": "github", "repo": "acme/claude-plugins", "installationPreference": "available"}],
        "otlpEndpoint": "https://otel.example.com:4318",
        "otlpProtocol": "http/json",
        "otlpHeaders": {"X-Scope-OrgID": "ai"},
        "otlpContentCapture": [],
        "deploymentOrganizationUuid": "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
        "claudeAiImport": {"enabled": True, "automatic3pImport": True, "bannerBehavior": "off"},
        "inferenceMaxTokensPerWindow": 2000000,
        "inferenceTokenWindowHours": 24,
        "organizationInstructions": "Answer in British English.\nCite internal sources.",
    },
}


@pytest.mark.parametrize("name", sorted(VALID_DOCUMENTS))
def test_valid_documents_have_no_errors(name):
    report = validate(VALID_DOCUMENTS[name], desktop_version="1.52386.0", now=BEFORE)
    assert report.ok, listing(report)
    assert not report.warnings, listing(report)
    assert set(report.settings) == set(VALID_DOCUMENTS[name])


@pytest.mark.parametrize("settings", [
    {"disableAutoUpdates": True},
    {"autoUpdaterEnforcementHours": "24", "updateViaUpdatesHost": "true"},
    {"egressProxyUrl": "http://proxy.example.com:3128"},
    {"bootstrapUrl": "https://bootstrap.example.com/config", "bootstrapEnabled": True},
], ids=["updates", "encoded", "proxy", "bootstrap"])
def test_documents_without_a_provider(settings):
    report = validate(settings)
    assert report.ok, listing(report)
    assert not report.warnings, listing(report)


# ---------------------------------------------------------------------------------------------------------
# Robustness: validate() never raises on bad input
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("settings, kwargs", [
    pytest.param({"banner": {"enabled": {"nested": [1, {"deep": None}]}}}, {}, id="nested-junk"),
    pytest.param({"managedMcpServers": [None, 1, [], {"name": None}]}, {}, id="mcp-junk"),
    pytest.param({"inferenceModels": [{"name": ""}, {}]}, {}, id="models-junk"),
    pytest.param({"inferenceProvider": "anthropic", "mcpToolTimeoutSec": "9" * 5000}, {}, id="huge-integer-text"),
    pytest.param({"inferenceProvider": "anthropic", "inferenceModelPricingMultiplier": "9" * 5000}, {}, id="huge-number-text"),
    pytest.param({"inferenceProvider": "anthropic", "autoUpdaterEnforcementHours": 10 ** 5000}, {}, id="huge-native-integer"),
    pytest.param({"inferenceProvider": "anthropic"}, {"desktop_version": "1." + "9" * 5000}, id="huge-desktop-version"),
    pytest.param({"inferenceProvider": "anthropic", "disabledBuiltinTools": "[" * 100000}, {}, id="deep-json-text"),
])
def test_validate_never_raises(settings, kwargs):
    report = validate(settings, **kwargs)
    assert isinstance(report.errors, list)


# ---------------------------------------------------------------------------------------------------------
# Defects found in review, kept as regression tests
# ---------------------------------------------------------------------------------------------------------
def test_otlp_suffix_message_does_not_mention_messages_path():
    report = validate(doc(ANTHROPIC, otlpEndpoint="https://otel.example.com:4318/v1/traces"))
    problem = assert_problem(report, "error", "url_suffix", "otlpEndpoint", (), ('use "https://otel.example.com:4318"',))
    assert "/v1/traces" in problem.message
    assert "/v1/messages" not in problem.message


def test_builtin_transport_is_reported_once():
    report = validate(mcp(transport="builtin", url=None), now=BEFORE)
    hits = [p for p in report.problems if p.key == "managedMcpServers[0].transport" and p.rule == "deprecated_value"]
    assert len(hits) == 1, listing(report)


# ---------------------------------------------------------------------------------------------------------
# Secrets never appear in a Problem
# ---------------------------------------------------------------------------------------------------------
SECRET = "s3cr3t-Value-7Qx9"
URL_USER = "svc-user-8Kp"


def _leak(problem, secret):
    fields = [problem.text, problem.value, problem.message, problem.hint, problem.key, repr(problem),
              json.dumps(problem.as_dict(), ensure_ascii=False)]
    return any(secret in str(field) for field in fields if field is not None)


def secret_case(case_id, settings, key_prefix, secrets=(SECRET,), desktop_version=None):
    return pytest.param(settings, key_prefix, secrets, desktop_version, id=case_id)


def _url(template):
    return template.format(auth="%s:%s@" % (URL_USER, SECRET))


SECRET_CASES = [
    # inferenceGatewayApiKey
    secret_case("gateway-key-whitespace", doc(GATEWAY, inferenceGatewayApiKey=" %s " % SECRET), "inferenceGatewayApiKey"),
    secret_case("gateway-key-control", doc(GATEWAY, inferenceGatewayApiKey=SECRET + "\x01"), "inferenceGatewayApiKey"),
    secret_case("gateway-key-list", doc(GATEWAY, inferenceGatewayApiKey=[SECRET]), "inferenceGatewayApiKey"),
    secret_case("gateway-key-object", doc(GATEWAY, inferenceGatewayApiKey={"key": SECRET}), "inferenceGatewayApiKey"),
    secret_case("gateway-key-other-provider", doc(ANTHROPIC, inferenceGatewayApiKey=SECRET), "inferenceGatewayApiKey"),
    secret_case("gateway-key-with-helper", doc(GATEWAY, inferenceGatewayApiKey=SECRET,
                                               inferenceCredentialHelper="/usr/local/bin/helper"), "inferenceCredentialHelper"),
    secret_case("gateway-key-typo-suffix", doc(GATEWAY, inferenceGatewayAuthScheme="x-api-key", inferenceGatewayApiKeyy=SECRET),
                "inferenceGatewayApiKeyy"),
    secret_case("gateway-key-typo", doc(GATEWAY, inferenceGatewayAPIKey=SECRET), "inferenceGatewayAPIKey"),
    # inferenceAnthropicApiKey
    secret_case("anthropic-key-newline", doc(ANTHROPIC, inferenceAnthropicApiKey=SECRET + "\n"), "inferenceAnthropicApiKey"),
    secret_case("anthropic-key-number", doc(ANTHROPIC, inferenceAnthropicApiKey=int("7" * 12)), "inferenceAnthropicApiKey",
                secrets=("7" * 12,)),
    secret_case("anthropic-key-misspelt", doc(ANTHROPIC, inferenceAnthropicApiKye=SECRET), "inferenceAnthropicApiKye"),
    # inferenceBedrockBearerToken
    secret_case("bedrock-token-control", doc(BEDROCK, inferenceBedrockBearerToken=SECRET + "\x1f"),
                "inferenceBedrockBearerToken"),
    secret_case("bedrock-token-list", doc(MANTLE, inferenceBedrockBearerToken=[SECRET]), "inferenceBedrockBearerToken"),
    secret_case("bedrock-token-kind", doc(MANTLE, inferenceBedrockBearerToken=" " + SECRET, inferenceCredentialKind="interactive"),
                "inferenceBedrockBearerToken"),
    # inferenceFoundryApiKey
    secret_case("foundry-key-whitespace", doc(FOUNDRY, inferenceFoundryApiKey=SECRET + " "), "inferenceFoundryApiKey"),
    secret_case("foundry-key-object", doc(FOUNDRY, inferenceFoundryApiKey={"k": SECRET}), "inferenceFoundryApiKey"),
    secret_case("foundry-key-python-object", doc(FOUNDRY, inferenceFoundryApiKey=bytearray(SECRET.encode())),
                "inferenceFoundryApiKey"),
    # inferenceVertexOAuthClientSecret
    secret_case("vertex-secret-whitespace", doc(VERTEX, inferenceVertexOAuthClientSecret="\t" + SECRET),
                "inferenceVertexOAuthClientSecret"),
    secret_case("vertex-secret-number-list", doc(VERTEX, inferenceVertexOAuthClientSecret=[SECRET, 1]),
                "inferenceVertexOAuthClientSecret"),
    secret_case("vertex-secret-misspelt", doc(VERTEX, inferenceVertexOAuthClientSecrt=SECRET), "inferenceVertexOAuthClientSecrt"),
    # inferenceCustomHeaders values
    secret_case("headers-string-form", doc(GATEWAY, inferenceCustomHeaders="X-Tenant=%s" % SECRET), "inferenceCustomHeaders"),
    secret_case("headers-list-form", doc(GATEWAY, inferenceCustomHeaders=["X-Tenant: " + SECRET]), "inferenceCustomHeaders"),
    secret_case("headers-json-list-form", doc(GATEWAY, inferenceCustomHeaders='["X-Tenant: %s"]' % SECRET),
                "inferenceCustomHeaders"),
    secret_case("headers-old-name-string-form", doc(GATEWAY, inferenceGatewayHeaders="X-Tenant=" + SECRET), "inferenceGatewayHeaders"),
    secret_case("headers-control", doc(GATEWAY, inferenceCustomHeaders={"X-Tenant": SECRET + "\n"}), "inferenceCustomHeaders"),
    secret_case("headers-credential-name", doc(GATEWAY, inferenceCustomHeaders={"Authorization": "Bearer " + SECRET}),
                "inferenceCustomHeaders"),
    secret_case("headers-since", doc(GATEWAY, inferenceCustomHeaders={"X-Tenant": SECRET}), "inferenceCustomHeaders",
                desktop_version="1.3000.0"),
    secret_case("headers-invalid-json", doc(GATEWAY, inferenceCustomHeaders='{"X-Tenant": "%s"' % SECRET),
                "inferenceCustomHeaders"),
    secret_case("headers-list-not-name-value", doc(GATEWAY, inferenceCustomHeaders=["X-Tenant=" + SECRET]),
                "inferenceCustomHeaders"),
    secret_case("headers-dotted-key", doc(GATEWAY, **{"inferenceCustomHeaders.X-Tenant": SECRET}),
                "inferenceCustomHeaders.X-Tenant"),
    # otlpHeaders
    secret_case("otlp-headers-string-form", doc(ANTHROPIC, otlpHeaders="Authorization=Bearer " + SECRET), "otlpHeaders"),
    secret_case("otlp-headers-credential", doc(ANTHROPIC, otlpHeaders={"x-api-key": SECRET}), "otlpHeaders"),
    secret_case("otlp-headers-number-value", doc(ANTHROPIC, otlpHeaders={"X-Org": int("9" * 10)}), "otlpHeaders",
                secrets=("9" * 10,)),
    secret_case("otlp-headers-invalid-json", doc(ANTHROPIC, otlpHeaders='{"a": "%s",}' % SECRET), "otlpHeaders"),
    # bootstrapHeaders
    secret_case("bootstrap-headers-list-form", {"bootstrapUrl": "https://boot.example.com", "bootstrapHeaders": ["X-Svc: " + SECRET]},
                "bootstrapHeaders"),
    secret_case("bootstrap-headers-control", {"bootstrapUrl": "https://boot.example.com", "bootstrapHeaders": {"X": SECRET + "\x02"}},
                "bootstrapHeaders"),
    secret_case("bootstrap-headers-since", {"bootstrapUrl": "https://boot.example.com", "bootstrapHeaders": {"X-Svc": SECRET}},
                "bootstrapHeaders", desktop_version="1.20000.0"),
    secret_case("bootstrap-headers-bad-string", {"bootstrapUrl": "https://boot.example.com", "bootstrapHeaders": "X-Svc " + SECRET},
                "bootstrapHeaders"),
    # managedMcpServers headers / env / oauth.clientSecret
    secret_case("mcp-headers-string", mcp(headers="Authorization: Bearer " + SECRET), "managedMcpServers[0].headers"),
    secret_case("mcp-headers-control", mcp(headers={"Authorization": SECRET + "\n"}), "managedMcpServers[0].headers"),
    secret_case("mcp-headers-entry-error", mcp(url=None, headers={"Authorization": "Bearer " + SECRET}), "managedMcpServers[0]"),
    secret_case("mcp-headers-with-oauth", mcp(oauth=True, headers={"Authorization": "Bearer " + SECRET}), "managedMcpServers[0]"),
    secret_case("mcp-env-list", mcp(transport="stdio", url=None, command="/usr/local/bin/x", env=[SECRET]),
                "managedMcpServers[0].env"),
    secret_case("mcp-env-on-http", mcp(env={"API_TOKEN": SECRET}), "managedMcpServers[0].env"),
    secret_case("mcp-env-control", mcp(transport="stdio", url=None, command="/usr/local/bin/x", env={"TOKEN": SECRET + "\x03"}),
                "managedMcpServers[0].env"),
    secret_case("mcp-client-secret-whitespace", mcp(oauth={"clientId": "c", "clientSecret": SECRET + " ",
                                                           "authorizationServer": ["https://idp.example.com"]}),
                "managedMcpServers[0].oauth.clientSecret"),
    secret_case("mcp-client-secret-list", mcp(oauth={"clientId": "c", "clientSecret": [SECRET]}),
                "managedMcpServers[0].oauth.clientSecret"),
    secret_case("mcp-client-secret-no-server", mcp(oauth={"clientId": "c", "clientSecret": SECRET}),
                "managedMcpServers[0].oauth.authorizationServer"),
    secret_case("mcp-unknown-secret-field", mcp(apiToken=SECRET), "managedMcpServers[0].apiToken"),
    secret_case("mcp-json-text-invalid", doc(ANTHROPIC, managedMcpServers='[{"name":"a","headers":{"Authorization":"%s"}},]' % SECRET),
                "managedMcpServers"),
    secret_case("mcp-json-text-duplicate", doc(ANTHROPIC, managedMcpServers='[{"name":"a","env":{"T":"%s","T":"x"}}]' % SECRET),
                "managedMcpServers"),
    secret_case("mcp-oauth-as-text", mcp(oauth='{"clientId":"c","clientSecret":"%s"}' % SECRET), "managedMcpServers[0].oauth"),
    # URL user:password
    secret_case("url-credentials", doc(GATEWAY, inferenceGatewayBaseUrl=_url("https://{auth}gw.example.com")),
                "inferenceGatewayBaseUrl", secrets=(SECRET, URL_USER)),
    secret_case("url-credentials-http-suffix", doc(GATEWAY, inferenceGatewayBaseUrl=_url("http://{auth}gw.example.com/v1")),
                "inferenceGatewayBaseUrl", secrets=(SECRET, URL_USER)),
    secret_case("url-credentials-query", doc(GATEWAY, inferenceGatewayBaseUrl=_url("https://{auth}gw.example.com?a=1")),
                "inferenceGatewayBaseUrl", secrets=(SECRET, URL_USER)),
    secret_case("url-credentials-origin", doc(ANTHROPIC, userContentRendererUrl=_url("https://{auth}render.example.com/x")),
                "userContentRendererUrl", secrets=(SECRET, URL_USER)),
    secret_case("url-credentials-mcp", mcp(url=_url("https://{auth}mcp.example.com/mcp")), "managedMcpServers[0].url",
                secrets=(SECRET, URL_USER)),
    secret_case("url-credentials-proxy", {"egressProxyUrl": _url("ftp://{auth}proxy.example.com:3128")}, "egressProxyUrl",
                secrets=(SECRET, URL_USER)),
    secret_case("url-credentials-otlp", doc(ANTHROPIC, otlpEndpoint=_url("https://{auth}otel.example.com/v1/logs")),
                "otlpEndpoint", secrets=(SECRET, URL_USER)),
    secret_case("url-credentials-since", doc(ANTHROPIC, userContentRendererUrl=_url("https://{auth}render.example.com")),
                "userContentRendererUrl", secrets=(SECRET,), desktop_version="1.3000.0"),
    secret_case("url-credentials-whitespace", doc(GATEWAY, inferenceGatewayBaseUrl=_url("https://{auth}gw.example.com/ x")),
                "inferenceGatewayBaseUrl", secrets=(SECRET,)),
    secret_case("url-credentials-bad-port", doc(GATEWAY, inferenceGatewayBaseUrl=_url("https://{auth}gw.example.com:99999")),
                "inferenceGatewayBaseUrl", secrets=(SECRET,)),
    secret_case("url-credentials-no-scheme", doc(GATEWAY, inferenceGatewayBaseUrl=_url("//{auth}gw.example.com")),
                "inferenceGatewayBaseUrl", secrets=(SECRET,)),
    secret_case("url-credentials-control", doc(ANTHROPIC, bootstrapUrl=_url("https://{auth}boot.example.com\x01")),
                "bootstrapUrl", secrets=(SECRET,)),
]


@pytest.mark.parametrize("settings, key_prefix, secrets, desktop_version", SECRET_CASES)
def test_secret_never_appears_in_problems(settings, key_prefix, secrets, desktop_version):
    report = validate(settings, desktop_version=desktop_version, now=BEFORE)
    about = [p for p in report.problems if p.key.startswith(key_prefix)]
    assert about, "no problem about %s:\n%s" % (key_prefix, listing(report))
    leaks = [p.text for p in report.problems for secret in secrets if _leak(p, secret)]
    assert not leaks, "secret shown in:\n%s" % "\n".join(leaks)
    assert all(secret not in report.error_text() for secret in secrets)


def test_secret_masks_keep_the_shape_of_header_maps():
    report = validate(doc(GATEWAY, inferenceCustomHeaders="X-Tenant=%s,X-Team=%s" % (SECRET, SECRET)), now=BEFORE)
    problem = assert_problem(report, "warning", "deprecated_form", "inferenceCustomHeaders")
    assert problem.value == "********"
    assert problem.hint == 'write an object instead: {"X-Tenant":"********","X-Team":"********"}'
    # The converted value is still usable (it is what gets rendered).
    assert report.settings["inferenceCustomHeaders"] == {"X-Tenant": SECRET, "X-Team": SECRET}


def test_empty_secret_is_shown_as_empty():
    report = validate(doc(GATEWAY, inferenceGatewayApiKey=""))
    assert assert_problem(report, "error", "min_length", "inferenceGatewayApiKey").value == '""'
