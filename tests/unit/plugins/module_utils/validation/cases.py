# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documents, helpers and the failing input of every rule, shared by the tests of the validation package."""

from __future__ import annotations

import datetime

import pytest


UTC = datetime.timezone.utc
BEFORE = datetime.datetime(2026, 1, 1, tzinfo=UTC)          # before every deprecation cut-off
AFTER = datetime.datetime(2027, 1, 1, tzinfo=UTC)           # after the 2026-10-07 cut-off
CUTOFF = datetime.datetime(2026, 10, 7, 19, 0, 0, tzinfo=UTC)

GATEWAY = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://llm-gateway.example.com",
    "inferenceGatewayApiKey": "sk-placeholder",
}
ANTHROPIC = {"inferenceProvider": "anthropic"}
BEDROCK = {"inferenceProvider": "bedrock", "inferenceBedrockRegion": "us-west-2", "inferenceBedrockProfile": "claude"}
MANTLE = {
    "inferenceProvider": "mantle",
    "inferenceBedrockRegion": "us-west-2",
    "inferenceBedrockBearerToken": "bearer-placeholder",
    "inferenceModels": ["anthropic.claude-sonnet-4"],
}
VERTEX = {
    "inferenceProvider": "vertex",
    "inferenceVertexProjectId": "acme-ai-prod",
    "inferenceVertexRegion": "us-east5",
    "inferenceModels": ["claude-sonnet-4@20250514"],
}
FOUNDRY = {
    "inferenceProvider": "foundry",
    "inferenceFoundryResource": "acme-foundry",
    "inferenceFoundryApiKey": "foundry-placeholder",
    "inferenceModels": ["claude-sonnet-4"],
}
SSO = {
    "inferenceBedrockSsoStartUrl": "https://d-1234567890.awsapps.com/start",
    "inferenceBedrockSsoRegion": "us-east-1",
    "inferenceBedrockSsoAccountId": "123456789012",
    "inferenceBedrockSsoRoleName": "ClaudeUsers",
}
OIDC = {"clientId": "claude-desktop", "issuer": "https://login.example.com/oauth2/default"}


def doc(base, **extra):
    """A copy of base with extra keys; an extra key given as None is removed instead."""
    out = dict(base)
    for name, value in extra.items():
        if value is None:
            out.pop(name, None)
        else:
            out[name] = value
    return out


def without(base, *names):
    return {k: v for k, v in base.items() if k not in names}


def mcp(**fields):
    entry = doc({"name": "tickets", "transport": "http", "url": "https://mcp.example.com/mcp"}, **fields)
    return doc(ANTHROPIC, managedMcpServers=[entry])


def listing(report):
    return "\n".join("  %s %s" % (p.level, p.text) for p in report.problems) or "  (no problems)"


def find(report, level, rule, key, msg=(), hint=()):
    """The problems matching level, rule, key and every message / hint fragment."""
    return [p for p in report.problems
            if p.level == level and p.rule == rule and p.key == key
            and all(part in p.message for part in msg) and all(part in p.hint for part in hint)]


def assert_problem(report, level, rule, key, msg=(), hint=()):
    hits = find(report, level, rule, key, msg, hint)
    assert hits, "expected %s %s on %s (message %r, hint %r); got:\n%s" % (level, rule, key, msg, hint, listing(report))
    if level == "error":
        assert not report.ok
    return hits[0]


def rules_of(report, level=None):
    return {p.rule for p in report.problems if level is None or p.level == level}


# ---------------------------------------------------------------------------------------------------------
# One failing input per rule id.
# Each case: (document, validate keyword arguments, level, rule, key, message fragments, hint fragments).
# ---------------------------------------------------------------------------------------------------------
SELF_LIST = ["Bash"]
SELF_LIST.append(SELF_LIST)     # what a YAML anchor inside its own value (&a [Bash, *a]) loads as
BOMB = ["lol"]
for _level in range(9):         # a "billion laughs": 9 levels of 9 references to the level below
    BOMB = [BOMB] * 9


class Undecryptable:
    """Stands in for Ansible's EncryptedString when the vault password is wrong: str() raises."""

    _ciphertext = "$ANSIBLE_VAULT;1.1;AES256\n3131"

    def __str__(self):
        raise RuntimeError("Decryption failed (no vault secrets were found that could decrypt)")


class Exploding:
    """A mapping whose items() fails: the last-resort guard still answers with a report."""

    def items(self):
        raise RuntimeError("boom")

    def __len__(self):
        return 1


def case(case_id, settings, level, rule, key, msg=(), hint=(), marks=(), **kwargs):
    kwargs.setdefault("now", BEFORE)
    if isinstance(msg, str):
        msg = (msg,)
    if isinstance(hint, str):
        hint = (hint,)
    return pytest.param(settings, kwargs, level, rule, key, msg, hint, id=case_id, marks=marks)


RULE_CASES = [
    # -- type / null / key and field names ------------------------------------------------------------
    case("type-boolean-text", {"disableAutoUpdates": "yes"}, "error", "type", "disableAutoUpdates",
         "expected a boolean (true or false), got a string", "'true'/'false' or 1/0"),
    case("type-boolean-number", {"disableAutoUpdates": 2}, "error", "type", "disableAutoUpdates",
         "got a number", "use true or false"),
    case("type-integer-boolean", {"autoUpdaterEnforcementHours": True}, "error", "type", "autoUpdaterEnforcementHours",
         "expected an integer, got a boolean", "YAML reads unquoted"),
    case("type-integer-decimal", {"autoUpdaterEnforcementHours": 5.0}, "error", "type", "autoUpdaterEnforcementHours",
         "expected an integer, got a decimal number", "write 5"),
    case("type-integer-text", {"autoUpdaterEnforcementHours": "12h"}, "error", "type", "autoUpdaterEnforcementHours",
         "expected an integer, got a string", "decimal digits"),
    case("type-integer-nested-text", mcp(transport="stdio", command="/usr/local/bin/mcp-tickets", url=None, startupTimeoutSec="30"),
         "error", "type", "managedMcpServers[0].startupTimeoutSec", "expected an integer, got a string"),
    case("type-number-text", doc(ANTHROPIC, inferenceModelPricingMultiplier="half"), "error", "type",
         "inferenceModelPricingMultiplier", "expected a number, got a string", "0.8"),
    case("type-string-number", {"deploymentDisplayName": 42}, "error", "type", "deploymentDisplayName",
         "expected a string, got a number", "quote the value"),
    case("type-string-list", {"disabledBuiltinTools": {"Bash": True}}, "error", "type", "disabledBuiltinTools",
         "expected a list of strings, got an object"),
    case("type-string-list-item", {"disabledBuiltinTools": ["Bash", 7]}, "error", "type", "disabledBuiltinTools[1]",
         "expected a string, got a number"),
    case("type-object", {"banner": [1, 2]}, "error", "type", "banner", "expected an object (a mapping), got a list"),
    case("nesting-self-reference", {"disabledBuiltinTools": SELF_LIST}, "error", "nesting", "disabledBuiltinTools",
         "contains itself", "YAML anchors"),
    case("type-object-list", {"managedMcpServers": {"name": "x"}}, "error", "type", "managedMcpServers",
         "expected a list, got an object"),
    case("type-object-list-item", {"managedMcpServers": ["tickets"]}, "error", "type", "managedMcpServers[0]",
         "expected an object, got a string"),
    case("type-enum-boolean-off", {"otlpDesktopLogLevel": False}, "error", "type", "otlpDesktopLogLevel",
         "got a boolean", "write 'off' in quotes"),
    case("type-enum-number", {"inferenceProvider": 5}, "error", "type", "inferenceProvider",
         "expected one of gateway, anthropic"),
    case("type-header-value", doc(GATEWAY, inferenceCustomHeaders={"X-Tenant": 5}), "error", "type",
         "inferenceCustomHeaders.X-Tenant", "expected a string, got a number"),
    case("type-python-object", {"deploymentDisplayName": datetime.date(2026, 1, 1)}, "error", "type",
         "deploymentDisplayName", "a date is not a valid settings value", "quote it to keep it a string"),
    case("type-settings-not-mapping", ["inferenceProvider"], "error", "type", "<document>",
         "must be a mapping of key names to values"),
    case("null", {"disableAutoUpdates": None}, "error", "null", "disableAutoUpdates", "has no value",
         "YAML reads an empty value as null"),
    case("key_type", {1: "x", "disableAutoUpdates": True}, "error", "key_type", "1", "key names must be strings",
         "quote the key"),
    case("field_name_type", doc(ANTHROPIC, banner={1: True}), "error", "field_name_type", "banner",
         "field names must be strings, got int", "quote the name"),

    # -- strings ---------------------------------------------------------------------------------------
    case("control_characters-string", {"deploymentDisplayName": "Acme\x01AI"}, "error", "control_characters",
         "deploymentDisplayName", "U+0001", "tabs and line breaks"),
    case("control_characters-list-item", {"disabledBuiltinTools": ["Ba\x07sh"]}, "error", "control_characters",
         "disabledBuiltinTools[0]", "U+0007"),
    case("header_value-header", doc(GATEWAY, inferenceCustomHeaders={"X-Tenant": "a\nb"}), "error",
         "header_value", "inferenceCustomHeaders.X-Tenant", "must not contain line breaks"),
    case("header_value-api-key", doc(GATEWAY, inferenceGatewayApiKey="sk-abc\r\nX-Evil: 1"), "error",
         "header_value", "inferenceGatewayApiKey", "sent in an HTTP header"),
    case("header_name", doc(GATEWAY, inferenceCustomHeaders={"X Tenant": "a"}), "error",
         "header_name", "inferenceCustomHeaders", "not a valid HTTP header name"),
    case("control_characters-attribute", doc(ANTHROPIC, otlpEndpoint="https://otel.example.com",
                                             otlpResourceAttributes={"team": "a\nb"}), "error",
         "control_characters", "otlpResourceAttributes.team", "must not contain line breaks"),
    case("empty", {}, "error", "empty", "<document>", "is empty", "allow_empty"),
    case("number_size", doc(ANTHROPIC, keepAwakeEnabled=[10 ** 30]), "error", "number_size", "keepAwakeEnabled[0]",
         "beyond +/-2^53"),
    case("url_host", doc(GATEWAY, inferenceGatewayBaseUrl="https://:443"), "error", "url_host",
         "inferenceGatewayBaseUrl", "has no host name"),
    case("size-alias-bomb", {"inferenceProvider": "anthropic", "disabledBuiltinTools": BOMB}, "error", "size",
         "disabledBuiltinTools", "more than", "anchors and aliases"),
    case("vault", doc(ANTHROPIC, inferenceAnthropicApiKey=Undecryptable()), "error", "vault",
         "inferenceAnthropicApiKey", "could not be decrypted", "vault password"),
    case("internal", Exploding(), "error", "internal", "<document>", "could not be validated"),
    case("min_length", doc(GATEWAY, inferenceGatewayApiKey=""), "error", "min_length", "inferenceGatewayApiKey",
         "must not be empty", "placeholder such as 'unused'"),
    case("max_length", {"deploymentDisplayName": "x" * 61}, "error", "max_length", "deploymentDisplayName",
         "is 61 characters long; the limit is 60", "shorten it"),
    case("max_length-banner", doc(ANTHROPIC, banner={"enabled": True, "text": "t" * 201}), "error", "max_length",
         "banner.text", "the limit is 200"),
    case("single_line", {"deploymentDisplayName": "Acme\nAI"}, "error", "single_line", "deploymentDisplayName",
         "must be a single line", "remove the line breaks"),
    case("pattern-account-id", doc(doc(BEDROCK, **SSO), inferenceBedrockSsoAccountId="1234-5678"), "error", "pattern",
         "inferenceBedrockSsoAccountId", "does not match", "12-digit"),
    case("pattern-project-id", doc(VERTEX, inferenceVertexProjectId="Acme_AI"), "error", "pattern",
         "inferenceVertexProjectId", "does not match", "lowercase letters"),
    case("pattern-uuid-braces", {"deploymentOrganizationUuid": "{6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f}"}, "error",
         "pattern", "deploymentOrganizationUuid", "does not match", "without braces"),
    case("pattern-banner-colour", doc(ANTHROPIC, banner={"enabled": False, "textColor": "black"}), "error", "pattern",
         "banner.textColor", "does not match", "#RRGGBB"),
    case("pattern-marketplace-repo", doc(ANTHROPIC, allowedPluginMarketplaces=[{"source": "github", "repo": "acme"}]),
         "error", "pattern", "allowedPluginMarketplaces[0].repo", "does not match", "owner/repo"),
    case("pattern-workspace-folder", doc(ANTHROPIC, allowedWorkspaceFolders=["Documents/work"]), "error", "pattern",
         "allowedWorkspaceFolders[0]", "does not match", "%OneDrive%"),
    case("pattern-workspace-folder-object", doc(ANTHROPIC, allowedWorkspaceFolders=[{"path": "%FOO%\\work"}]), "error",
         "pattern", "allowedWorkspaceFolders[0].path", "does not match"),
    case("whitespace-secret", doc(GATEWAY, inferenceGatewayApiKey="sk-abc\n"), "warning", "whitespace",
         "inferenceGatewayApiKey", "sent as part of the credential", "remove the surrounding spaces"),

    # -- URLs ------------------------------------------------------------------------------------------
    case("url_whitespace", doc(GATEWAY, inferenceGatewayBaseUrl=" https://gw.example.com "), "error", "url_whitespace",
         "inferenceGatewayBaseUrl", "must not contain white space", 'use "https://gw.example.com"'),
    case("url_format-relative", doc(GATEWAY, inferenceGatewayBaseUrl="gw.example.com"), "error", "url_format",
         "inferenceGatewayBaseUrl", "is not an absolute URL", 'e.g. "https://gw.example.com"'),
    case("url_format-port", doc(GATEWAY, inferenceGatewayBaseUrl="https://gw.example.com:99999"), "error", "url_format",
         "inferenceGatewayBaseUrl", "is not a valid URL"),
    case("url_format-ipv6", doc(ANTHROPIC, bootstrapUrl="https://[::1"), "error", "url_format", "bootstrapUrl",
         "is not a valid URL"),
    case("url_credentials", doc(GATEWAY, inferenceGatewayBaseUrl="https://svc:pw@gw.example.com"), "error",
         "url_credentials", "inferenceGatewayBaseUrl", "embeds credentials (user:password@)", "remove the user:password@"),
    case("https_url-error", doc(GATEWAY, inferenceGatewayBaseUrl="http://gw.example.com"), "error", "https_url",
         "inferenceGatewayBaseUrl", "must use https://", 'use "https://gw.example.com"'),
    case("https_url-mcp", mcp(url="http://mcp.example.com/mcp"), "error", "https_url", "managedMcpServers[0].url",
         "must use https://", 'use "https://mcp.example.com/mcp"'),
    case("https_url-loopback-ip", doc(GATEWAY, inferenceGatewayBaseUrl="http://127.0.0.1:4000"), "warning", "https_url",
         "inferenceGatewayBaseUrl", ("loopback", "UNCONFIRMED"), "use https://"),
    case("https_url-loopback-name", doc(GATEWAY, inferenceGatewayBaseUrl="http://localhost:4000"), "warning",
         "https_url", "inferenceGatewayBaseUrl", "loopback"),
    case("https_url-loopback-ipv6", doc(GATEWAY, inferenceGatewayBaseUrl="http://[::1]:4000"), "warning", "https_url",
         "inferenceGatewayBaseUrl", "loopback"),
    case("http_url", {"egressProxyUrl": "socks5://proxy.example.com:1080"}, "error", "http_url", "egressProxyUrl",
         "socks5:// is not supported"),
    case("url_origin", doc(ANTHROPIC, userContentRendererUrl="https://render.example.com/app"), "error", "url_origin",
         "userContentRendererUrl", "must be an origin", 'use "https://render.example.com"'),
    case("url_query", doc(GATEWAY, inferenceGatewayBaseUrl="https://gw.example.com/llm?team=a"), "error", "url_query",
         "inferenceGatewayBaseUrl", "query string or fragment", 'use "https://gw.example.com/llm"'),
    case("url_suffix-slash", doc(GATEWAY, inferenceGatewayBaseUrl="https://gw.example.com/"), "error", "url_suffix",
         "inferenceGatewayBaseUrl", "ends with /", 'use "https://gw.example.com"'),
    # /v1 is UNCONFIRMED (the newest reference's own example ends in /v1): a warning with the hint (ref3.5, ref16.6)
    case("url_suffix-v1", doc(GATEWAY, inferenceGatewayBaseUrl="https://gw.example.com/v1"), "warning", "url_suffix",
         "inferenceGatewayBaseUrl", ("ends in /v1", "/v1/v1/messages", "UNCONFIRMED"), "use https://gw.example.com "),
    case("url_suffix-v1-slash", doc(GATEWAY, inferenceGatewayBaseUrl="https://gw.example.com/v1/"), "error",
         "url_suffix", "inferenceGatewayBaseUrl", "ends with /", 'use "https://gw.example.com/v1"'),
    case("url_suffix-v1-slash-warning", doc(GATEWAY, inferenceGatewayBaseUrl="https://gw.example.com/v1/"), "warning",
         "url_suffix", "inferenceGatewayBaseUrl", "ends in /v1", "use https://gw.example.com "),
    case("url_suffix-messages", doc(GATEWAY, inferenceGatewayBaseUrl="https://gw.example.com/proxy/v1/messages"), "error",
         "url_suffix", "inferenceGatewayBaseUrl", "ends with /v1/messages", 'use "https://gw.example.com/proxy"'),
    case("url_suffix-oidc-issuer", doc(GATEWAY, inferenceCredentialKind="interactive", inferenceGatewayApiKey=None,
                                       inferenceGatewayOidc={"clientId": "c", "issuer": "https://login.example.com/.well-known/openid-configuration"}),
         "error", "url_suffix", "inferenceGatewayOidc.issuer", "/.well-known/openid-configuration",
         'use "https://login.example.com"'),

    # -- paths -----------------------------------------------------------------------------------------
    case("path_whitespace", doc(GATEWAY, inferenceCredentialHelper="/usr/local/bin/helper "), "error", "path_whitespace",
         "inferenceCredentialHelper", "leading or trailing white space", 'use "/usr/local/bin/helper"'),
    case("path_tilde", doc(GATEWAY, inferenceCredentialHelper="~/bin/helper"), "error", "path_tilde",
         "inferenceCredentialHelper", "starts with ~", "full path"),
    case("path_env-dollar", doc(GATEWAY, inferenceCredentialHelper="$HOME/bin/helper"), "error", "path_env",
         "inferenceCredentialHelper", "environment variable", "full path"),
    case("path_env-braces", doc(VERTEX, inferenceVertexCredentialsFile="/etc/${CORP}/vertex.json"), "error", "path_env",
         "inferenceVertexCredentialsFile", "environment variable"),
    case("path_env-windows", doc(GATEWAY, inferenceCredentialHelper="%ProgramFiles%\\Corp\\helper.exe"), "error",
         "path_env", "inferenceCredentialHelper", "environment variable"),
    case("path_absolute", doc(GATEWAY, inferenceCredentialHelper="bin/helper"), "error", "path_absolute",
         "inferenceCredentialHelper", "must be an absolute path", "drive letter"),
    case("path_absolute-mcp-command", mcp(transport="stdio", url=None, command="npx"), "error", "path_absolute",
         "managedMcpServers[0].command", "must be an absolute path"),
    case("path_arguments", doc(GATEWAY, inferenceCredentialHelper="/usr/local/bin/helper --profile corp"), "error",
         "path_arguments", "inferenceCredentialHelper", "run without arguments", "wrapper script"),

    # -- booleans and numbers --------------------------------------------------------------------------
    case("boolean_text", {"disableAutoUpdates": " true "}, "warning", "boolean_text", "disableAutoUpdates",
         "surrounding white space"),
    case("range-below", {"autoUpdaterEnforcementHours": 0}, "error", "range", "autoUpdaterEnforcementHours",
         "must be between 1 and 72"),
    case("range-above-text", {"autoUpdaterEnforcementHours": "100"}, "error", "range", "autoUpdaterEnforcementHours",
         "must be between 1 and 72"),
    case("range-min-only", {"mcpToolTimeoutSec": 0}, "error", "range", "mcpToolTimeoutSec", "must be at least 1"),
    case("range-number", doc(ANTHROPIC, inferenceModelPricingMultiplier=1.5, inferenceModelPricingEnabled=True), "error",
         "range", "inferenceModelPricingMultiplier", "must be between 0 and 1"),
    case("range-stream-idle", doc(GATEWAY, inferenceStreamIdleTimeoutSec=120), "error", "range",
         "inferenceStreamIdleTimeoutSec", "must be between 300 and 1800"),
    case("range-callback-port", mcp(oauth={"callbackPort": 80}), "error", "range",
         "managedMcpServers[0].oauth.callbackPort", "must be between 1024 and 65535"),
    case("finite-native", doc(ANTHROPIC, inferenceModelPricingMultiplier=float("nan")), "error", "finite",
         "inferenceModelPricingMultiplier", "must be a finite number"),
    case("finite-text", doc(ANTHROPIC, inferenceModelPricingMultiplier="1e999"), "error", "finite",
         "inferenceModelPricingMultiplier", "must be a finite number"),

    # -- enums -----------------------------------------------------------------------------------------
    case("enum-case", {"inferenceProvider": "Gateway"}, "error", "enum", "inferenceProvider",
         "must be one of gateway, anthropic, bedrock, mantle, vertex, foundry", 'did you mean "gateway"?'),
    case("enum-typo", {"inferenceProvider": "bedrok"}, "error", "enum", "inferenceProvider", "must be one of",
         'did you mean "bedrock"?'),
    case("enum-list-strict", doc(ANTHROPIC, otlpContentCapture=["userPrompt"]), "error", "enum", "otlpContentCapture[0]",
         "must be one of userPrompts", 'did you mean "userPrompts"?'),
    case("enum-list-lenient", doc(ANTHROPIC, disabledBuiltinTools=["Bsh"]), "warning", "enum", "disabledBuiltinTools[0]",
         "not a documented name", 'did you mean "Bash"?'),
    case("enum-not-strict", doc(BEDROCK, inferenceCredentialKind="external-idp", inferenceIdpOidc=OIDC,
                                inferenceBedrockBaseUrl="https://bedrock.example.com", inferenceModels=["m"],
                                inferenceIdpAuthFlow="device"), "warning", "enum", "inferenceIdpAuthFlow",
         "not one of the documented values"),
    case("enum-policy-blocked", doc(ANTHROPIC, builtinToolPolicy={"Bash": "blocked"}), "error", "enum",
         "builtinToolPolicy.Bash", "must be one of allow, ask", "disabledBuiltinTools"),
    case("enum-tool-policy", mcp(toolPolicy={"create_*": "deny"}), "error", "enum", "managedMcpServers[0].toolPolicy.create_*",
         "must be one of allow, ask, blocked"),
    case("enum-field", mcp(server="slack", transport=None, url=None), "error", "enum", "managedMcpServers[0].server",
         "must be one of microsoft365, websearch, github"),

    # -- JSON text -------------------------------------------------------------------------------------
    case("json-invalid", {"disabledBuiltinTools": '["Bash",'}, "error", "json", "disabledBuiltinTools",
         ("is not valid JSON", "at character"), "natively in YAML"),
    case("json-duplicate-name", {"managedMcpServers": '[{"name":"a","name":"b"}]'}, "error", "json", "managedMcpServers",
         'the name "name" appears twice'),
    case("json-nan", doc(ANTHROPIC, inferenceModelPricing='[{"name":"m","inputPerMtok":NaN}]'), "error", "json",
         "inferenceModelPricing", "NaN is not valid JSON"),
    case("json-infinity", {"banner": '{"enabled": Infinity}'}, "error", "json", "banner", "Infinity is not valid JSON"),
    case("duplicates", doc(ANTHROPIC, disabledBuiltinTools=["Bash", "Bash"]), "warning", "duplicates",
         "disabledBuiltinTools", "same entry more than once"),
    case("item_format", doc(ANTHROPIC, inferenceModels=["claude-sonnet-4", " "]), "error", "item_format",
         "inferenceModels[1]", "non-empty string"),

    # -- deprecations ----------------------------------------------------------------------------------
    case("deprecated_value-sso", doc(GATEWAY, inferenceGatewayAuthScheme="sso"), "warning", "deprecated_value",
         "inferenceGatewayAuthScheme", ('the value "sso" is deprecated', "stops reading it at 2026-10-07 19:00 UTC"),
         "inferenceCredentialKind: interactive"),
    case("deprecated_value-auto-after", doc(GATEWAY, inferenceGatewayAuthScheme="auto"), "error", "deprecated_value",
         "inferenceGatewayAuthScheme", "stopped reading it", 'replace it with "bearer"', now=AFTER),
    case("deprecated_value-oauth-kind", doc(VERTEX, inferenceCredentialKind="oauth", inferenceVertexOAuthClientId="c",
                                            inferenceVertexOAuthClientSecret="s"),
         "warning", "deprecated_value", "inferenceCredentialKind", 'the value "oauth" is deprecated',
         'replace it with "interactive"'),
    case("deprecated_value-policy", doc(ANTHROPIC, builtinToolPolicy={"Read": "ask-session"}), "warning",
         "deprecated_value", "builtinToolPolicy.Read", "ask-session", 'use "ask"'),
    case("deprecated_value-permission",
         doc(ANTHROPIC, orgPluginSettings=[{"serverName": "s", "tools": [{"toolName": "t", "permission": "ask-session"}]}]),
         "warning", "deprecated_value", "orgPluginSettings[0].tools[0].permission", "ask-session", 'replace it with "ask"'),
    case("deprecated_value-builtin-transport", mcp(transport="builtin", url=None), "warning", "deprecated_value",
         "managedMcpServers[0].transport", "the value \"builtin\" is deprecated", "server: microsoft365"),
    case("deprecated_name-before", doc(ANTHROPIC, isDxtEnabled=True), "warning", "deprecated_name", "isDxtEnabled",
         ("old name of isDesktopExtensionEnabled", "stops reading it at"), "rename it to isDesktopExtensionEnabled"),
    case("deprecated_name-after", doc(ANTHROPIC, isDxtEnabled=True), "error", "deprecated_name", "isDxtEnabled",
         ("old name of isDesktopExtensionEnabled", "extensions are disabled", "stopped reading it at"),
         "rename it to isDesktopExtensionEnabled", now=AFTER),
    case("duplicate_alias", doc(ANTHROPIC, enduserAttribution=True, endUserAttribution=False), "error", "duplicate_alias",
         "enduserAttribution", "both are set", "remove enduserAttribution"),
    case("deprecated_form-string", doc(ANTHROPIC, otlpResourceAttributes="team=ai,site=ber"), "warning", "deprecated_form",
         "otlpResourceAttributes", "'Name=value,...' string are deprecated", '{"team":"ai","site":"ber"}'),
    case("deprecated_form-list", doc(ANTHROPIC, otlpResourceAttributes=["team: ai"]), "error", "deprecated_form",
         "otlpResourceAttributes", "['Name: value'] list are deprecated", '{"team":"ai"}', now=AFTER),
    case("deprecated_form-json-list", doc(ANTHROPIC, otlpResourceAttributes='["team: ai"]'), "warning", "deprecated_form",
         "otlpResourceAttributes", "['Name: value'] list", '{"team":"ai"}'),
    case("deprecated_form-secret", doc(GATEWAY, inferenceCustomHeaders="X-Tenant=acme"), "warning", "deprecated_form",
         "inferenceCustomHeaders", "deprecated", '{"X-Tenant":"********"}'),
    case("deprecated_form-record", doc(ANTHROPIC, orgPluginSettings={"srv": {"tool": "allow"}}), "warning",
         "deprecated_form", "orgPluginSettings", "record form", "array form"),
    case("deprecated_form-oauth", mcp(oauth=1), "warning", "deprecated_form", "managedMcpServers[0].oauth",
         "must be true or an object", "dynamic client registration"),
    case("deprecated_form-no-transport", mcp(transport=None), "warning", "deprecated_form",
         "managedMcpServers[0].transport", "has no transport is deprecated", "add transport"),
    case("deprecated_field-oauth-scopes", mcp(oauth={"clientId": "c", "scopes": ["a", "b"]}), "warning",
         "deprecated_field", "managedMcpServers[0].oauth.scopes", "oauth.scopes is deprecated", "use scope"),
    case("deprecated_field-authority-host", mcp(server="microsoft365", transport=None, url=None,
                                                authorityHost="https://login.microsoftonline.us"),
         "warning", "deprecated_field", "managedMcpServers[0].authorityHost", "authorityHost is deprecated",
         "use azureCloud"),
    case("deprecated_field-source", mcp(source="org"), "error", "deprecated_field", "managedMcpServers[0].source",
         "source field is deprecated", now=AFTER),
    case("deprecated_key", doc(ANTHROPIC, requireCoworkFullVmSandbox=True), "warning", "deprecated_key",
         "requireCoworkFullVmSandbox", "do not set it", "remove it"),
    case("deprecated_key-no-cutoff-after", doc(ANTHROPIC, organizationPluginsUrl="https://plugins.example.com"), "warning",
         "deprecated_key", "organizationPluginsUrl", "deprecated in 1.25927.0", now=AFTER),
    case("removed", doc(ANTHROPIC, disableDefaultPlugins=True), "error", "removed", "disableDefaultPlugins",
         "removed in 1.18286.0", "remove it"),
    case("removed-newer-target", doc(ANTHROPIC, disableDefaultPlugins=True), "error", "removed", "disableDefaultPlugins",
         "removed in 1.18286.0", desktop_version="1.46388.1"),
    case("removed-older-target", doc(ANTHROPIC, disableDefaultPlugins=True), "warning", "removed", "disableDefaultPlugins",
         ("removed in 1.18286.0", "your target 1.10000.0 still reads it"), desktop_version="1.10000.0"),
    case("deprecated_combination", doc(VERTEX, inferenceCredentialKind="interactive", inferenceVertexOAuthClientId="c",
                                       inferenceVertexOAuthClientSecret="s", inferenceVertexWorkforceAudience="aud"),
         "warning", "deprecated_combination", "inferenceVertexWorkforceAudience",
         ("together with inferenceCredentialKind: interactive is deprecated", "stops reading"),
         "inferenceCredentialKind: workforce"),
    case("deprecated_combination-after", doc(VERTEX, inferenceCredentialKind="interactive", inferenceVertexOAuthClientId="c",
                                             inferenceVertexOAuthClientSecret="s", inferenceVertexWorkforceAudience="aud"),
         "error", "deprecated_combination", "inferenceVertexWorkforceAudience", "stopped reading", now=AFTER),

    # -- releases --------------------------------------------------------------------------------------
    case("since-key", doc(ANTHROPIC, chatTabEnabled=True), "warning", "since", "chatTabEnabled",
         ("needs Claude Desktop 1.13576.0 or newer", "the target 1.10000.0 ignores it"), "raise desktop_version",
         desktop_version="1.10000.0"),
    case("since-field", doc(GATEWAY, inferenceCredentialKind="interactive", inferenceGatewayOidc=dict(OIDC, resource="api")),
         "warning", "since", "inferenceGatewayOidc.resource", "needs Claude Desktop 1.30096.1",
         desktop_version="1.25927.0"),
    case("since-value", doc(GATEWAY, inferenceGatewayApiKey=None, inferenceCredentialKind="external-idp",
                            inferenceIdpOidc=OIDC), "warning", "since", "inferenceCredentialKind",
         "needs Claude Desktop 2.7032.0", desktop_version="1.46388.1"),
    case("version", ANTHROPIC, "error", "version", "desktop_version", "is not a release number", "1.46388.1",
         desktop_version="1.x"),
    case("version-words", ANTHROPIC, "error", "version", "desktop_version", "is not a release number",
         desktop_version="latest"),

    # -- keys and fields -------------------------------------------------------------------------------
    case("unknown_key-typo", doc(ANTHROPIC, disableAutoUpdate=True), "error", "unknown_key", "disableAutoUpdate",
         "not a key the app knows", "did you mean disableAutoUpdates?"),
    case("unknown_key-case", {"InferenceProvider": "anthropic"}, "error", "unknown_key", "InferenceProvider",
         "silently ignores unknown keys", "did you mean inferenceProvider?"),
    case("unknown_key-also-set", doc(ANTHROPIC, inferenceprovider="anthropic"), "error", "unknown_key", "inferenceprovider",
         "not a key", ("did you mean inferenceProvider?", "also set")),
    case("unknown_key-nothing-close", doc(ANTHROPIC, zzzUnrelated=1), "error", "unknown_key", "zzzUnrelated",
         "not a key", "check the spelling"),
    case("dotted_key", doc(ANTHROPIC, **{"banner.enabled": True}), "error", "dotted_key", "banner.enabled",
         "dotted names are never read", 'put "enabled" inside the banner object'),
    case("unknown_field", mcp(nmae="x"), "warning", "unknown_field", "managedMcpServers[0].nmae",
         "not a documented field", 'did you mean "name"?'),
    case("field_required-name", {"managedMcpServers": [{"transport": "http", "url": "https://mcp.example.com"}]}, "error",
         "field_required", "managedMcpServers[0].name", "is required but missing"),
    case("field_required-url", mcp(url=None), "error", "field_required", "managedMcpServers[0].url",
         "required for transport http"),
    case("field_required-command", mcp(transport="stdio", url=None), "error", "field_required",
         "managedMcpServers[0].command", "required for transport stdio"),
    case("field_required-oauth-client", mcp(oauth={"authorizationUrl": "https://idp.example.com/authorize",
                                                   "tokenUrl": "https://idp.example.com/token"}),
         "error", "field_required", "managedMcpServers[0].oauth.clientId", "required with authorizationUrl/tokenUrl"),
    case("field_required-oauth-scope", mcp(oauth={"clientId": "c", "tenantId": "t"}), "error", "field_required",
         "managedMcpServers[0].oauth.scope", "required with tenantId"),
    case("field_required-oauth-server", mcp(oauth={"clientId": "c", "clientSecret": "s"}), "warning", "field_required",
         "managedMcpServers[0].oauth.authorizationServer", "client secret"),
    case("field_required-oidc-client", doc(GATEWAY, inferenceCredentialKind="interactive",
                                           inferenceGatewayOidc={"issuer": "https://login.example.com"}),
         "error", "field_required", "inferenceGatewayOidc.clientId", "is required but missing"),
    case("field_required-oidc-scopes", doc(GATEWAY, inferenceCredentialKind="interactive",
                                           inferenceGatewayOidc=dict(OIDC, bearerTokenType="access_token")),
         "error", "field_required", "inferenceGatewayOidc.scopes", "bearerTokenType is access_token", "scope"),
    case("field_required-banner", doc(ANTHROPIC, banner={"enabled": True}), "error", "field_required", "banner.text",
         "required when the banner is enabled"),
    case("field_required-marketplace-repo", doc(ANTHROPIC, allowedPluginMarketplaces=[{"source": "github"}]), "error",
         "field_required", "allowedPluginMarketplaces[0].repo", "required for source github"),
    case("field_required-marketplace-url", doc(ANTHROPIC, allowedPluginMarketplaces=[{"source": "git"}]), "error",
         "field_required", "allowedPluginMarketplaces[0].url", "required for source git"),
    case("field_required-marketplace-sha",
         doc(ANTHROPIC, allowedPluginMarketplaces=[{"source": "url", "url": "https://plugins.example.com/marketplace.json",
                                                    "installationPreference": "auto_install"}]),
         "error", "field_required", "allowedPluginMarketplaces[0].manifestSha256", "installed automatically"),
    case("field_required-model-name", doc(ANTHROPIC, inferenceModels=[{"labelOverride": "Sonnet"}]), "error",
         "field_required", "inferenceModels[0].name", "is required but missing"),
    case("field_pair-oidc", doc(GATEWAY, inferenceCredentialKind="interactive",
                                inferenceGatewayOidc=dict(OIDC, tokenUrl="https://login.example.com/token")),
         "error", "field_pair", "inferenceGatewayOidc", "authorizationUrl and tokenUrl go together"),
    case("field_pair-mcp-oauth", mcp(oauth={"clientId": "c", "tokenUrl": "https://idp.example.com/token"}), "error",
         "field_pair", "managedMcpServers[0].oauth", "authorizationUrl and tokenUrl go together"),
    case("oidc_endpoints", doc(GATEWAY, inferenceCredentialKind="interactive", inferenceGatewayOidc={"clientId": "c"}),
         "error", "oidc_endpoints", "inferenceGatewayOidc", "needs issuer, or both authorizationUrl and tokenUrl"),
    case("unique", doc(ANTHROPIC, managedMcpServers=[{"name": "web", "server": "websearch"},
                                                     {"name": "web", "server": "github"}]),
         "error", "unique", "managedMcpServers[1].name", "used by another entry", "unique name"),
    case("stdio_only", mcp(env={"LOG": "debug"}), "warning", "stdio_only", "managedMcpServers[0].env",
         "used only with transport stdio"),
    case("builtin_transport", mcp(server="websearch", url=None), "warning", "builtin_transport",
         "managedMcpServers[0].transport", "built-in servers take no transport", "remove transport"),
    case("oauth_headers", mcp(oauth=True, headers={"X-Team": "ai"}), "warning", "oauth_headers", "managedMcpServers[0]",
         "oauth together with headers"),
    case("egress_host-grammar", doc(ANTHROPIC, coworkEgressAllowedHosts=["https://api.example.com"]), "warning",
         "egress_host", "coworkEgressAllowedHosts[0]", "not an exact host, *.domain or *"),
    case("egress_host-ipv6", doc(ANTHROPIC, coworkEgressAllowedHosts=["[2001:db8::1]"]), "warning", "egress_host",
         "coworkEgressAllowedHosts[0]", "IPv6 literals are not supported"),
    case("egress_host-port", doc(ANTHROPIC, coworkEgressAllowedHosts=["*.example.com:0"]), "warning", "egress_host",
         "coworkEgressAllowedHosts[0]", "port outside 1-65535"),
    case("needs_supports1m", doc(ANTHROPIC, inferenceModels=[{"name": "claude-sonnet-4", "prefer1m": True}]), "warning",
         "needs_supports1m", "inferenceModels[0].prefer1m", "without supports1m: true"),
    case("credential_header-authorization", doc(GATEWAY, inferenceCustomHeaders={"Authorization": "Bearer x"}), "warning",
         "credential_header", "inferenceCustomHeaders.Authorization", "looks like a credential", "inferenceCredentialHelper"),
    case("credential_header-otlp", doc(ANTHROPIC, otlpHeaders={"x-api-key": "k"}), "warning", "credential_header",
         "otlpHeaders.x-api-key", "looks like a credential"),
    case("credential_header-name-heuristic", doc(GATEWAY, inferenceCustomHeaders={"X-Session-Token": "t"}), "warning",
         "credential_header", "inferenceCustomHeaders.X-Session-Token", "looks like a credential"),

    # -- provider and credential rules -----------------------------------------------------------------
    case("provider_required-missing", {"inferenceGatewayBaseUrl": "https://gw.example.com"}, "error", "provider_required",
         "inferenceProvider", "standard (claude.ai) mode", "set inferenceProvider to one of gateway"),
    case("provider_required-gateway-url", without(GATEWAY, "inferenceGatewayBaseUrl"), "error", "provider_required",
         "inferenceGatewayBaseUrl", "is required when inferenceProvider is gateway", "appends /v1/messages"),
    case("provider_required-bedrock-region", without(BEDROCK, "inferenceBedrockRegion"), "error", "provider_required",
         "inferenceBedrockRegion", "is required when inferenceProvider is bedrock"),
    case("provider_required-mantle-models", without(MANTLE, "inferenceModels"), "error", "provider_required",
         "inferenceModels", "is required when inferenceProvider is mantle"),
    case("provider_required-vertex-models", without(VERTEX, "inferenceModels"), "error", "provider_required",
         "inferenceModels", "is required when inferenceProvider is vertex", "Models offered in the picker"),
    case("provider_required-vertex-project", without(VERTEX, "inferenceVertexProjectId"), "error", "provider_required",
         "inferenceVertexProjectId", "is required when inferenceProvider is vertex"),
    case("provider_required-foundry-resource", without(FOUNDRY, "inferenceFoundryResource"), "error", "provider_required",
         "inferenceFoundryResource", "is required when inferenceProvider is foundry"),
    case("credential_required-gateway", without(GATEWAY, "inferenceGatewayApiKey"), "error", "credential_required",
         "inferenceProvider", "LLM gateway needs a credential source and none is set", "inferenceGatewayApiKey"),
    case("credential_required-bedrock", without(BEDROCK, "inferenceBedrockProfile"), "error", "credential_required",
         "inferenceProvider", "Amazon Bedrock needs a credential source", "inferenceBedrockSso"),
    case("credential_required-mantle", without(MANTLE, "inferenceBedrockBearerToken"), "error", "credential_required",
         "inferenceProvider", "Amazon Bedrock Mantle needs a credential source", "inferenceBedrockBearerToken"),
    case("credential_required-foundry", without(FOUNDRY, "inferenceFoundryApiKey"), "error", "credential_required",
         "inferenceProvider", "Microsoft Foundry needs a credential source", "inferenceFoundryTenantId"),
    case("credential_kind-not-applicable", doc(MANTLE, inferenceCredentialKind="interactive"), "error", "credential_kind",
         "inferenceCredentialKind", "interactive does not apply to provider mantle",
         ("use one of static, helper-script", "remove the key")),
    case("credential_kind-missing-keys", doc(BEDROCK, inferenceCredentialKind="static"), "error", "credential_kind",
         "inferenceCredentialKind", ("static with provider bedrock needs inferenceBedrockBearerToken",
                                     "uses only that source"), "set inferenceBedrockBearerToken"),
    case("credential_kind-helper", doc(GATEWAY, inferenceCredentialKind="helper-script"), "error", "credential_kind",
         "inferenceCredentialKind", "needs inferenceCredentialHelper"),
    case("key_group-sso", doc(without(BEDROCK, "inferenceBedrockProfile"), **without(SSO, "inferenceBedrockSsoRoleName")),
         "error", "key_group", "inferenceBedrockSsoRoleName",
         ("is missing while inferenceBedrockSsoStartUrl, inferenceBedrockSsoRegion, inferenceBedrockSsoAccountId are set",
          "partial set"), "set all of"),
    case("key_group-foundry", doc(FOUNDRY, inferenceFoundryTenantId="tenant"), "error", "key_group",
         "inferenceFoundryClientId", ("inferenceFoundryTenantId is set", "Entra sign-in")),
    case("key_group-vertex", doc(VERTEX, inferenceVertexOAuthClientSecret="s"), "error", "key_group",
         "inferenceVertexOAuthClientId", "Google sign-in"),
    case("requires-claude-ai-import", doc(ANTHROPIC, claudeAiImport={"enabled": True, "automatic3pImport": True}), "error",
         "requires", "claudeAiImport.automatic3pImport", "needs deploymentOrganizationUuid"),
    case("conflict-credential-helper", doc(GATEWAY, inferenceCredentialHelper="/usr/local/bin/helper"), "warning",
         "conflict", "inferenceCredentialHelper", "together with inferenceGatewayApiKey", ()),
    case("surfaces", doc(ANTHROPIC, coworkTabEnabled=False, isClaudeCodeForDesktopEnabled="false"), "warning", "surfaces",
         "coworkTabEnabled", "turns off every surface", "leave at least one of them on"),
    case("broker_issuer", doc(GATEWAY, inferenceCredentialKind="interactive", inferenceGatewayOidc=OIDC,
                              inferenceGatewayOidcAuthFlow="broker"), "error", "broker_issuer",
         "inferenceGatewayOidcAuthFlow", "Entra issuer", "use browser"),
    case("other_provider", doc(ANTHROPIC, inferenceBedrockRegion="us-west-2"), "warning", "other_provider",
         "inferenceBedrockRegion", "belongs to bedrock / mantle, not to the selected provider anthropic",
         "check inferenceProvider"),
    case("unconfirmed", doc(ANTHROPIC, scheduledTasksEnabled=True), "warning", "unconfirmed", "scheduledTasksEnabled",
         ("is not confirmed", "third-party")),
]


# One case per DEPENDENCIES and CONFLICTS entry: the catalog tables are data, so every row gets a failing input.
DEPENDENCY_CASES = {
    "inferenceMaxTokensPerWindow": (doc(ANTHROPIC, inferenceMaxTokensPerWindow=100000), "inferenceTokenWindowHours"),
    "inferenceGatewayOidc": (doc(GATEWAY, inferenceGatewayOidc=OIDC), "inferenceCredentialKind: interactive"),
    "inferenceIdpOidc": (doc(BEDROCK, inferenceIdpOidc=OIDC), "inferenceCredentialKind: external-idp"),
    "modelDiscoveryEnabled": (doc(GATEWAY, modelDiscoveryEnabled="false"), "inferenceModels"),
    "inferenceModelPricing": (doc(ANTHROPIC, inferenceModelPricing=[{"name": "m", "inputPerMtok": 3}]),
                              "inferenceModelPricingEnabled: true"),
    "inferenceModelPricingMultiplier": (doc(ANTHROPIC, inferenceModelPricingMultiplier=0.5,
                                            inferenceModelPricingEnabled=False), "inferenceModelPricingEnabled: true"),
    "deploymentDisplaySubtitle": (doc(ANTHROPIC, deploymentDisplaySubtitle="EU"), "deploymentDisplayName"),
    "inferenceGatewayOidcAuthFlow": (doc(GATEWAY, inferenceGatewayOidcAuthFlow="browser"), "inferenceGatewayOidc"),
    "inferenceVertexWorkforceOidc": (doc(VERTEX, inferenceVertexWorkforceOidc={"clientId": "c", "issuer": "https://idp.example.com"}),
                                     "inferenceVertexWorkforceAudience"),
}

CONFLICT_CASES = {
    "toolSearchEnabled": (doc(VERTEX, toolSearchEnabled="true"), "inferenceProvider: vertex"),
    "egressProxyPacUrl": ({"egressProxyPacUrl": "https://proxy.example.com/proxy.pac",
                           "egressProxyUrl": "http://proxy.example.com:3128"}, "egressProxyUrl"),
    "inferenceCredentialHelper": (doc(FOUNDRY, inferenceCredentialHelper="/opt/corp/foundry-key"), "inferenceFoundryApiKey"),
    "inferenceVertexCredentialsFile": (doc(VERTEX, inferenceVertexCredentialsFile="/etc/corp/vertex.json",
                                           inferenceVertexOAuthClientId="c", inferenceVertexOAuthClientSecret="s"),
                                       "inferenceVertexOAuthClientId"),
    "inferenceVertexWorkforceAudience": (doc(VERTEX, inferenceVertexWorkforceAudience="aud", inferenceCredentialKind="interactive",
                                             inferenceVertexOAuthClientId="c", inferenceVertexOAuthClientSecret="s"),
                                         "inferenceCredentialKind: interactive"),
}


OPTION_CASES = [
    ({"basename": "claude\x00desktop"}, "control_characters", "basename"),
    ({"basename": "../etc"}, "file_name", "basename"),
    ({"basename": ".."}, "file_name", "basename"),
    ({"profile_organization": "Acme\x01"}, "control_characters", "profile_organization"),
    ({"profile_organization": "Acme\uffff"}, "control_characters", "profile_organization"),
    ({"organization": "Acme\r\nEvil"}, "control_characters", "organization"),
    ({"profile_display_name": ["a"]}, "type", "profile_display_name"),
    ({"profile_identifier": "com example"}, "pattern", "profile_identifier"),
    ({"profile_description": "x" * 5000}, "max_length", "profile_description"),
]
