# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Integrity of the key catalog (_catalog) and of the look-ups built on it (_index)."""

from __future__ import annotations

import datetime
import os
import re

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils import _index
from ansible_collections.cowork3p.fleet.plugins.module_utils import _validation
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.checks import CHECKS
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.coercions import COERCIONS

# The 136 key names of claude-desktop-3p-keys.yaml (reference snapshot), sorted. Kept here so the test runs
# where the reference folder is not mounted; set COWORK3P_REFERENCE to the YAML file to compare with it too.
REFERENCE_NAMES = [
    "allowedPluginMarketplaces", "allowedWorkspaceFolders", "autoContinueAtUsageLimit", "autoModeEnabled",
    "autoUpdaterEnforcementHours", "banner", "betaFeaturesEnabled", "blockReadsOutsideWorkingDirectories",
    "bootstrapEnabled", "bootstrapHeaders", "bootstrapHeadersHelper", "bootstrapOidc", "bootstrapUrl",
    "builtinBrowserAllowedDomains", "builtinBrowserBlockedDomains", "builtinBrowserDefaultDomainPolicy",
    "builtinToolPolicy", "chatAdvancedFileAnalysisEnabled", "chatCodeExecutionEnabled", "chatSessionRetentionDays",
    "chatTabEnabled", "claudeAiImport", "codeSessionRetentionDays", "configRecheckIntervalMinutes",
    "coworkEgressAllowedHosts", "coworkSessionRetentionDays", "coworkTabEnabled", "coworkVmIpv6Enabled",
    "deploymentDisplayName", "deploymentDisplaySubtitle", "deploymentOrganizationUuid", "disableAutoUpdates",
    "disableBundledSkills", "disableBypassPermissionsMode", "disableConfigDeprecationWarnings",
    "disableDeepLinkRegistration", "disableDefaultPlugins", "disableDeploymentModeChooser", "disableEssentialTelemetry",
    "disableFeatureDiscovery", "disableNonessentialServices", "disableNonessentialTelemetry", "disabledBuiltinTools",
    "egressProxyPacUrl", "egressProxyUrl", "endUserAttribution", "inferenceAnthropicApiKey", "inferenceBedrockAwsCliPath",
    "inferenceBedrockAwsDir", "inferenceBedrockBaseUrl", "inferenceBedrockBearerToken", "inferenceBedrockProfile",
    "inferenceBedrockRegion", "inferenceBedrockServiceTier", "inferenceBedrockSsoAccountId", "inferenceBedrockSsoRegion",
    "inferenceBedrockSsoRoleName", "inferenceBedrockSsoStartUrl", "inferenceCredentialHelper",
    "inferenceCredentialHelperSilentRefreshEnabled", "inferenceCredentialHelperTimeoutSec",
    "inferenceCredentialHelperTtlSec", "inferenceCredentialKind", "inferenceCustomHeaders", "inferenceFoundryApiKey",
    "inferenceFoundryAuthFlow", "inferenceFoundryClientId", "inferenceFoundryResource", "inferenceFoundryTenantId",
    "inferenceGatewayApiKey", "inferenceGatewayAuthScheme", "inferenceGatewayBaseUrl", "inferenceGatewayOidc",
    "inferenceGatewayOidcAuthFlow", "inferenceIdpAuthFlow", "inferenceIdpOidc", "inferenceMaxTokensPerWindow",
    "inferenceModelPricing", "inferenceModelPricingEnabled", "inferenceModelPricingMultiplier", "inferenceModels",
    "inferenceProvider", "inferenceSessionLifetimeSec", "inferenceStreamIdleTimeoutSec", "inferenceTokenWindowHours",
    "inferenceVertexBaseUrl", "inferenceVertexCredentialsFile", "inferenceVertexOAuthClientId",
    "inferenceVertexOAuthClientSecret", "inferenceVertexOAuthLoginHint", "inferenceVertexOAuthScopes",
    "inferenceVertexProjectId", "inferenceVertexRegion", "inferenceVertexWorkforceAudience",
    "inferenceVertexWorkforceAuthFlow", "inferenceVertexWorkforceOidc", "inferenceVertexWorkforceUserProject",
    "isClaudeCodeForDesktopEnabled", "isDesktopExtensionDirectoryEnabled", "isDesktopExtensionEnabled",
    "isDesktopExtensionSignatureRequired", "isLocalDevMcpEnabled", "keepAwakeEnabled", "managedMcpServers",
    "mcpPersistentAlwaysAllowEnabled", "mcpToolTimeoutSec", "microsoftAuthBroker", "modelDiscoveryEnabled",
    "modelPrefer1mContext", "orgPluginSettings", "organizationInstructions", "organizationPluginsUrl", "otlpAuthMode",
    "otlpContentCapture", "otlpDesktopLogLevel", "otlpEndpoint", "otlpHeaders", "otlpHeadersHelper", "otlpProtocol",
    "otlpResourceAttributes", "otlpTracesEnabled", "relaunchEnforcementHours", "requireCoworkFullVmSandbox",
    "scheduledTasksEnabled", "sessionRetentionHold", "skillCreationEnabled", "skipWebFetchPreflight", "sshClientPath",
    "sshHostAllowlist", "sshTransport", "toolSearchEnabled", "trustBootstrapDelivery", "updateViaUpdatesHost",
    "userContentRendererUrl", "userPluginMarketplacesEnabled", "userPluginUploadsEnabled",
]

SECRET_KEYS = {"inferenceGatewayApiKey", "inferenceAnthropicApiKey", "inferenceBedrockBearerToken",
               "inferenceFoundryApiKey", "inferenceVertexOAuthClientSecret"}
SECRET_VALUE_KEYS = {"inferenceCustomHeaders", "otlpHeaders", "bootstrapHeaders"}

KEY_TYPES = {"string", "boolean", "integer", "number", "enum", "string_list", "object", "object_list", "unknown"}
FIELD_TYPES = KEY_TYPES | {"boolean_or_object"}
RULE_WORDS = {"url", "url_origin", "url_no_suffix", "url_no_query", "path", "no_arguments", "min", "max", "min_length",
              "max_length", "single_line", "pattern", "pattern_hint", "item_pattern", "value_type", "header_map",
              "no_credential_headers", "item_check", "check", "value_allowed", "value_deprecated"}
CONFIDENCE = {"reference", "changelog", "unconfirmed"}
AVAILABILITY = {"mdm_and_bootstrap", "mdm_only", "bootstrap_only", "unknown"}
YAML_TYPES = {"string": "string", "boolean": "boolean", "integer": "integer", "number": "number", "enum": "enum",
              "string_list_json": "string_list", "object_json": "object", "object_list_json": "object_list",
              "unknown": "unknown"}
VERSION = re.compile(r"^[0-9]+(\.[0-9]+)+$")
NATIVE = {"string": str, "boolean": bool, "integer": int, "number": (int, float), "enum": str,
          "string_list": (list, tuple), "object": dict, "object_list": (list, tuple)}

KEYS = catalog.KEYS
BY_NAME = _index.BY_NAME


def all_specs():
    """(path, spec, is_field) for every key and (recursively) every field."""
    out = []

    def walk(path, spec, is_field):
        out.append((path, spec, is_field))
        for name, field in (spec.get("fields") or {}).items():
            walk("%s.%s" % (path, name), field, True)

    for entry in KEYS:
        walk(entry["name"], entry, False)
    return out


SPECS = all_specs()
SPEC_IDS = [path for path, _spec, _is_field in SPECS]


def key_of(condition):
    """'inferenceCredentialKind=interactive' -> 'inferenceCredentialKind'."""
    return condition.partition("=")[0]


def check_condition(condition):
    name, sep, wanted = condition.partition("=")
    assert name in BY_NAME, "%s names an unknown key" % condition
    if sep:
        entry = BY_NAME[name]
        if entry["type"] == "enum":
            assert wanted in entry["allowed"], "%s: %s is not an allowed value" % (condition, wanted)
        elif entry["type"] == "boolean":
            assert wanted in ("true", "false"), condition
        else:
            pytest.fail("%s compares a key of type %s" % (condition, entry["type"]))


# -- names -----------------------------------------------------------------------------------------------
def test_reference_list_is_sorted_and_has_136_names():
    assert len(REFERENCE_NAMES) == 136
    assert REFERENCE_NAMES == sorted(REFERENCE_NAMES)
    assert len(set(REFERENCE_NAMES)) == 136


def test_catalog_has_exactly_the_reference_names_once_each():
    names = [entry["name"] for entry in KEYS]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    assert not duplicates
    assert sorted(names) == REFERENCE_NAMES
    assert len(BY_NAME) == 136


def test_key_names_are_plain_identifiers():
    for entry in KEYS:
        assert re.match(r"^[a-z][A-Za-z0-9]*$", entry["name"]), entry["name"]


def test_catalog_matches_the_reference_yaml_when_available():
    path = os.environ.get("COWORK3P_REFERENCE")
    if not path:
        pytest.skip("COWORK3P_REFERENCE is not set")
    yaml = pytest.importorskip("yaml")
    with open(path, encoding="utf-8") as handle:
        reference = yaml.safe_load(handle)
    keys = {item["name"]: item for item in reference["keys"]}
    assert sorted(keys) == REFERENCE_NAMES
    for name, item in keys.items():
        entry = BY_NAME[name]
        assert YAML_TYPES[item["type"]] == entry["type"], name
        assert sorted(item.get("aliases") or []) == sorted(entry["aliases"]), name
        if item.get("allowed") and entry["type"] == "enum":
            assert set(item["allowed"]) <= set(entry["allowed"]) | set(entry["deprecated_values"]), name


# -- vocabulary ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path, spec, is_field", SPECS, ids=SPEC_IDS)
def test_types_and_rule_words_are_known(path, spec, is_field):
    assert spec["type"] in (FIELD_TYPES if is_field else KEY_TYPES), path
    assert spec["type"] in COERCIONS, "no handler for type %s (%s)" % (spec["type"], path)
    rules = spec.get("rules") or {}
    unknown = set(rules) - RULE_WORDS
    assert not unknown, "%s uses unknown rule words %s" % (path, sorted(unknown))
    if spec.get("fields") is not None:
        assert spec["type"] in ("object", "object_list", "boolean_or_object"), path
    if spec["type"] == "enum":
        assert spec["allowed"] and all(isinstance(value, str) for value in spec["allowed"]), path
    elif spec["type"] != "string_list":
        assert not spec.get("allowed"), "%s: allowed on a %s" % (path, spec["type"])


def test_every_rule_word_is_read_by_the_validator():
    folder = os.path.dirname(_validation.__file__)
    source = ""
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                source += handle.read()
    unread = sorted(word for word in RULE_WORDS if '"%s"' % word not in source)
    assert not unread, "rule words the validator never reads: %s" % unread


@pytest.mark.parametrize("path, spec, is_field", SPECS, ids=SPEC_IDS)
def test_rule_values_are_well_formed(path, spec, is_field):
    rules = spec.get("rules") or {}
    if "url" in rules:
        assert rules["url"] in ("https", "http_or_https"), path
        assert spec["type"] == "string", path
    for word in ("url_origin", "url_no_suffix", "url_no_query"):
        if word in rules:
            assert "url" in rules, "%s: %s without url" % (path, word)
    for suffix in rules.get("url_no_suffix") or ():
        assert suffix.startswith("/"), path
    if "path" in rules:
        assert rules["path"] == "absolute", path
    if "no_arguments" in rules:
        assert "path" in rules, path
    if "min" in rules or "max" in rules:
        assert spec["type"] in ("integer", "number"), path
        if "min" in rules and "max" in rules:
            assert rules["min"] <= rules["max"], path
    for word in ("min_length", "max_length"):
        if word in rules:
            assert isinstance(rules[word], int) and rules[word] >= 1, path
    for word in ("pattern", "item_pattern"):
        if word in rules:
            re.compile(rules[word])
    if "pattern" in rules:
        assert rules.get("pattern_hint"), "%s: a pattern needs a pattern_hint" % path
    if "value_allowed" in rules or "header_map" in rules:
        assert spec["type"] == "object" and rules.get("value_type") == "string", path
    for old, new in (rules.get("value_deprecated") or {}).items():
        allowed = rules.get("value_allowed") or spec.get("allowed") or ()
        assert old not in allowed, path
        if isinstance(new, dict):
            assert set(new) <= {"replacement", "message", "cutoff"} and new.get("message"), path
            new = new.get("replacement")
        assert new is None or new in allowed, "%s: %s -> %s is not an allowed value" % (path, old, new)


@pytest.mark.parametrize("path, spec, is_field", SPECS, ids=SPEC_IDS)
def test_checks_exist(path, spec, is_field):
    rules = spec.get("rules") or {}
    for name in (spec.get("check"), rules.get("check"), rules.get("item_check")):
        if name is not None:
            assert name in CHECKS, "%s names the unknown check %s" % (path, name)


def test_every_check_is_used():
    used = set()
    for path, spec, is_field in SPECS:
        rules = spec.get("rules") or {}
        used.update(name for name in (spec.get("check"), rules.get("check"), rules.get("item_check")) if name)
    assert used == set(CHECKS)


# -- entries -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("entry", KEYS, ids=[entry["name"] for entry in KEYS])
def test_entry_attributes(entry):
    name = entry["name"]
    assert entry["confidence"] in CONFIDENCE, name
    assert entry["availability"] in AVAILABILITY, name
    assert entry["since"] in (None, "baseline") or VERSION.match(entry["since"]), name
    assert isinstance(entry["doc"], str) and entry["doc"].strip() and "\n" not in entry["doc"], name
    assert entry["sources"] and isinstance(entry["sources"], tuple), name
    assert entry["items"] in ("object", "string_or_object"), name
    if entry["items"] == "string_or_object":
        assert entry["type"] == "object_list", name
    if entry["providers"] is not None:
        assert entry["providers"] and set(entry["providers"]) <= set(catalog.PROVIDERS), name
    if entry["confidence"] == "unconfirmed":
        assert entry["unconfirmed"] and entry["unconfirmed"].strip(), "%s is unconfirmed without saying what" % name
    if entry["secret"]:
        assert entry["type"] == "string", name
    if entry["secret_values"]:
        assert entry["type"] == "object", name
    if entry["legacy_record_form"]:
        assert entry["type"] == "object_list", name


@pytest.mark.parametrize("entry", [e for e in KEYS if e["default"] is not None], ids=lambda entry: entry["name"])
def test_defaults_have_the_declared_type_and_pass_the_value_rules(entry):
    name = entry["name"]
    default = entry["default"]
    if entry["type"] in NATIVE:
        assert isinstance(default, NATIVE[entry["type"]]), name
        if entry["type"] in ("integer", "number"):
            assert not isinstance(default, bool), name
    if entry["type"] == "enum":
        assert default in entry["allowed"], name
    report = _validation.validate({name: default})
    ignored = ("provider_required", "other_provider", "unconfirmed", "surfaces", "requires", "conflict",
               "deprecated_key", "removed")
    bad = [p.text for p in report.problems if p.key.startswith(name) and p.rule not in ignored]
    assert not bad, bad


@pytest.mark.parametrize("entry", [e for e in KEYS if e["deprecated"]], ids=lambda entry: entry["name"])
def test_deprecated_entries(entry):
    dep = entry["deprecated"]
    assert set(dep) == {"message", "replacement", "cutoff", "removed_in"}, entry["name"]
    assert dep["message"], entry["name"]
    assert dep["replacement"] is None or dep["replacement"] in BY_NAME, entry["name"]
    assert dep["removed_in"] is None or VERSION.match(dep["removed_in"]), entry["name"]
    if dep["cutoff"] is not None:
        parse_instant(dep["cutoff"])


@pytest.mark.parametrize("entry", [e for e in KEYS if e["deprecated_values"]], ids=lambda entry: entry["name"])
def test_deprecated_values(entry):
    assert entry["type"] == "enum"
    for value, info in entry["deprecated_values"].items():
        assert value not in entry["allowed"], value
        assert info.get("replacement") is None or info["replacement"] in entry["allowed"], value
        assert info.get("message") or info.get("replacement"), "%s=%s explains nothing" % (entry["name"], value)
        if info.get("cutoff"):
            parse_instant(info["cutoff"])


@pytest.mark.parametrize("path, spec, is_field", [s for s in SPECS if s[2]], ids=[s[0] for s in SPECS if s[2]])
def test_fields(path, spec, is_field):
    assert set(spec) >= {"type", "required", "secret", "since", "allowed", "rules", "fields", "deprecated", "doc", "check"}
    assert spec["since"] is None or VERSION.match(spec["since"]), path
    if spec["deprecated"]:
        replacement = spec["deprecated"].get("replacement")
        if replacement:
            parent_path = path.rsplit(".", 1)[0]
            parent = dict((p, s) for p, s, _f in SPECS)[parent_path]
            assert replacement in parent["fields"], "%s: replacement %s is not a sibling field" % (path, replacement)


def test_secret_keys_are_exactly_the_five_credentials():
    assert {entry["name"] for entry in KEYS if entry["secret"]} == SECRET_KEYS
    assert {entry["name"] for entry in KEYS if entry["secret_values"]} == SECRET_VALUE_KEYS


def test_secret_fields_of_mcp_servers():
    fields = BY_NAME["managedMcpServers"]["fields"]
    assert fields["headers"]["secret"] and fields["env"]["secret"]
    assert fields["oauth"]["fields"]["clientSecret"]["secret"]
    assert not fields["url"]["secret"] and not fields["name"]["secret"]


def test_unconfirmed_entries_say_what_is_unconfirmed():
    unconfirmed = [entry for entry in KEYS if entry["confidence"] == "unconfirmed"]
    assert unconfirmed
    for entry in unconfirmed:
        assert entry["unconfirmed"], entry["name"]


# -- aliases -----------------------------------------------------------------------------------------------
def test_aliases():
    seen = {}
    for entry in KEYS:
        for old, info in entry["aliases"].items():
            assert old not in BY_NAME, "alias %s is also a key" % old
            assert old not in seen, "alias %s used twice" % old
            seen[old] = entry["name"]
            assert info.get("cutoff"), old
            parse_instant(info["cutoff"])
            assert info.get("after_cutoff"), old
            target, alias_info = _index.lookup(old)
            assert target is entry and alias_info is info
            assert _index.canonical_name(old) == entry["name"]
    assert seen == {"inferenceGatewayHeaders": "inferenceCustomHeaders", "trustBootstrapLocalExec": "trustBootstrapDelivery",
                    "enduserAttribution": "endUserAttribution", "isDxtEnabled": "isDesktopExtensionEnabled",
                    "isDxtSignatureRequired": "isDesktopExtensionSignatureRequired"}


# -- cross-key tables --------------------------------------------------------------------------------------
def parse_instant(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


def test_deprecation_cutoff_is_noon_pacific():
    instant = parse_instant(catalog.DEPRECATION_CUTOFF).replace(tzinfo=datetime.timezone.utc)
    pacific_daylight = datetime.timezone(datetime.timedelta(hours=-7))
    assert instant.astimezone(pacific_daylight).replace(tzinfo=None) == datetime.datetime(2026, 10, 7, 12, 0)
    assert catalog.HEADER_FORM_DEPRECATION["cutoff"] == catalog.DEPRECATION_CUTOFF


def test_providers():
    assert set(catalog.PROVIDERS) == set(BY_NAME["inferenceProvider"]["allowed"])
    for provider, info in catalog.PROVIDERS.items():
        assert set(info) == {"label", "required", "credentials", "credential_hint"}, provider
        assert info["label"], provider
        for key in info["required"]:
            assert key in BY_NAME, key
            providers = BY_NAME[key]["providers"]
            assert providers is None or provider in providers, "%s requires %s, which it ignores" % (provider, key)
        assert info["credentials"], provider
        for alternative in info["credentials"]:
            for condition in alternative:
                check_condition(condition)
        if all(alternative for alternative in info["credentials"]):
            assert info["credential_hint"], "%s needs a credential but has no hint" % provider


def test_key_groups():
    for group in catalog.KEY_GROUPS:
        assert len(group["keys"]) >= 2 and group["why"]
        for key in group["keys"]:
            assert key in BY_NAME, key


def test_dependencies():
    for rule in catalog.DEPENDENCIES:
        assert rule["key"] in BY_NAME, rule["key"]
        assert rule["level"] in ("error", "warning"), rule["key"]
        assert rule["why"], rule["key"]
        assert rule["requires"], rule["key"]
        for condition in rule["requires"]:
            check_condition(condition)
        if "when" in rule:
            assert isinstance(rule["when"], NATIVE[BY_NAME[rule["key"]]["type"]]), rule["key"]


def test_conflicts():
    for rule in catalog.CONFLICTS:
        assert rule["key"] in BY_NAME, rule["key"]
        assert rule["level"] in ("error", "warning", "deprecated"), rule["key"]
        assert rule["why"] and rule["conflicts"], rule["key"]
        for condition in rule["conflicts"]:
            check_condition(condition)
        if rule["level"] == "deprecated":
            parse_instant(rule["cutoff"])
        if "when" in rule:
            assert isinstance(rule["when"], NATIVE[BY_NAME[rule["key"]]["type"]]), rule["key"]


def test_credential_kinds():
    kind_entry = BY_NAME["inferenceCredentialKind"]
    known = set(kind_entry["allowed"]) | set(kind_entry["deprecated_values"])
    assert set(catalog.CREDENTIAL_KINDS) <= known
    assert set(kind_entry["allowed"]) <= set(catalog.CREDENTIAL_KINDS), "an allowed kind has no table"
    for kind, table in catalog.CREDENTIAL_KINDS.items():
        assert table, kind
        for provider, needs in table.items():
            assert provider == "*" or provider in catalog.PROVIDERS, (kind, provider)
            for condition in needs:
                check_condition(condition)
                providers = BY_NAME[key_of(condition)]["providers"]
                assert provider == "*" or providers is None or provider in providers, (kind, provider, condition)


def test_value_since():
    for (key, value), release in catalog.VALUE_SINCE.items():
        entry = BY_NAME[key]
        assert value in (entry["allowed"] or ()), (key, value)
        assert VERSION.match(release), release
        key_since = _validation.parse_version(entry["since"]) or (0,)
        assert _validation.parse_version(release) > key_since, (key, value)


def test_surface_keys():
    assert len(catalog.SURFACE_KEYS) == 3
    for key in catalog.SURFACE_KEYS:
        assert BY_NAME[key]["type"] == "boolean", key
        assert isinstance(BY_NAME[key]["default"], bool), key


def test_app_behavior_keys():
    for key in catalog.APP_BEHAVIOR_KEYS:
        assert key in BY_NAME, key
        assert BY_NAME[key]["providers"] is None, key
    assert not set(catalog.APP_BEHAVIOR_KEYS) & {"inferenceProvider", "bootstrapUrl"}


def test_every_key_named_in_a_table_exists():
    named = set(catalog.SURFACE_KEYS) | set(catalog.APP_BEHAVIOR_KEYS) | {key for key, _value in catalog.VALUE_SINCE}
    for info in catalog.PROVIDERS.values():
        named.update(info["required"])
        named.update(key_of(c) for alternative in info["credentials"] for c in alternative)
    for group in catalog.KEY_GROUPS:
        named.update(group["keys"])
    for rule in catalog.DEPENDENCIES:
        named.add(rule["key"])
        named.update(key_of(c) for c in rule["requires"])
    for rule in catalog.CONFLICTS:
        named.add(rule["key"])
        named.update(key_of(c) for c in rule["conflicts"])
    for table in catalog.CREDENTIAL_KINDS.values():
        named.update(key_of(c) for needs in table.values() for c in needs)
    assert not sorted(named - set(BY_NAME))


def test_every_section_and_parent_has_a_title():
    for entry in catalog.KEYS:
        parts = entry["section"].split(".")
        for depth in range(1, len(parts) + 1):
            assert catalog.SECTION_TITLES.get(".".join(parts[:depth])), entry["section"]
