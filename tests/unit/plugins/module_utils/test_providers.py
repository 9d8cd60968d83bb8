# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-provider rules (_providers), through validate(): a table of document -> expected verdict.

Every case id names the reference section (claude-desktop-3p.md) the expected verdict comes from.
"""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _providers as providers
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate

NOW = datetime.datetime(2026, 9, 1, tzinfo=datetime.timezone.utc)
GATEWAY = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.corp",
           "inferenceGatewayApiKey": "sk-test-0123456789"}
BEDROCK = {"inferenceProvider": "bedrock", "inferenceBedrockRegion": "us-west-2"}
SSO = {"inferenceBedrockSsoStartUrl": "https://d-1234567890.awsapps.com/start", "inferenceBedrockSsoRegion": "us-east-1",
       "inferenceBedrockSsoAccountId": "123456789012", "inferenceBedrockSsoRoleName": "Bedrock"}
MODELS = ["us.anthropic.claude-sonnet-4-5-20250929-v1:0"]
MANTLE = {"inferenceProvider": "mantle", "inferenceBedrockRegion": "us-east-1", "inferenceBedrockBearerToken": "tok-0123456789",
          "inferenceModels": ["anthropic.claude-sonnet-4-5"]}
FOUNDRY = {"inferenceProvider": "foundry", "inferenceFoundryResource": "acme", "inferenceModels": ["claude-sonnet-4-5"]}
ENTRA = {"inferenceFoundryTenantId": "tenant", "inferenceFoundryClientId": "client"}


def doc(base, **extra):
    out = dict(base)
    out.update(extra)
    return out


def case(ref, what, settings, level, rule, key, words=(), **kwargs):
    """level None: the rule must not fire on key."""
    return pytest.param(settings, kwargs, level, rule, key, words, id="%s-%s" % (ref, what))


TABLE = [
    # Bedrock with a named profile or AWS SSO: no discovery, inferenceModels required (3.3 "Model list", 3.6, 12).
    case("ref3.3", "profile-without-models", doc(BEDROCK, inferenceBedrockProfile="claude"), "error",
         "provider_required", "inferenceModels", ("named profile", "does not discover")),
    case("ref3.3", "sso-without-models", doc(BEDROCK, **SSO), "error", "provider_required", "inferenceModels",
         ("AWS sign-in",)),
    case("ref3.3", "vendor-profile-without-models", doc(BEDROCK, inferenceBedrockProfile="claude",
                                                        inferenceCredentialKind="vendor-profile"),
         "error", "provider_required", "inferenceModels"),
    case("ref3.3", "profile-with-models", doc(BEDROCK, inferenceBedrockProfile="claude", inferenceModels=MODELS),
         None, "provider_required", "inferenceModels"),
    case("ref3.3", "bearer-discovers", doc(BEDROCK, inferenceBedrockBearerToken="tok-0123456789"), None,
         "provider_required", "inferenceModels"),
    case("ref3.3", "static-kind-ignores-profile", doc(BEDROCK, inferenceBedrockBearerToken="tok-0123456789",
                                                      inferenceBedrockProfile="claude", inferenceCredentialKind="static"),
         None, "provider_required", "inferenceModels"),
    # Bedrock bearer token and profile together: ambiguous, warn with the precedence (3.3, 16.7).
    case("ref3.3", "bearer-and-profile", doc(BEDROCK, inferenceBedrockBearerToken="tok-0123456789",
                                             inferenceBedrockProfile="claude", inferenceModels=MODELS),
         "warning", "ambiguous_credentials", "inferenceBedrockBearerToken",
         ("in-app AWS sign-in", "named profile", "bearer token", "the profile wins", "older page")),
    case("ref3.3", "bearer-and-profile-with-kind", doc(BEDROCK, inferenceBedrockBearerToken="tok-0123456789",
                                                       inferenceBedrockProfile="claude", inferenceModels=MODELS,
                                                       inferenceCredentialKind="vendor-profile"),
         None, "ambiguous_credentials", "inferenceBedrockBearerToken"),
    # Foundry: exactly one credential source (3.4).
    case("ref3.4", "key-and-helper", doc(FOUNDRY, inferenceFoundryApiKey="k-0123456789",
                                         inferenceCredentialHelper="/usr/local/bin/helper"),
         "error", "credential_sources", "inferenceProvider", ("exactly one credential source", "2 are set")),
    case("ref3.4", "key-and-entra", doc(FOUNDRY, inferenceFoundryApiKey="k-0123456789", **ENTRA),
         "error", "credential_sources", "inferenceProvider"),
    case("ref3.4", "several-with-kind", doc(FOUNDRY, inferenceFoundryApiKey="k-0123456789",
                                            inferenceCredentialKind="interactive", **ENTRA),
         "warning", "credential_sources", "inferenceProvider", ("picks one",)),
    case("ref3.4", "one-source", doc(FOUNDRY, **ENTRA), None, "credential_sources", "inferenceProvider"),
    # Base URL shapes: origin for Bedrock (CFG), /anthropic for Mantle (MTL); the pages disagree (16.9): warnings.
    case("ref16.9", "mantle-without-anthropic", doc(MANTLE, inferenceBedrockBaseUrl="https://bedrock-mantle.us-east-1.api.aws"),
         "warning", "base_url_shape", "inferenceBedrockBaseUrl", ("/anthropic", "not enforced")),
    case("ref16.9", "mantle-with-anthropic", doc(MANTLE, inferenceBedrockBaseUrl="https://bedrock-mantle.us-east-1.api.aws/anthropic"),
         None, "base_url_shape", "inferenceBedrockBaseUrl"),
    case("ref3.3", "bedrock-with-path", doc(BEDROCK, inferenceBedrockBearerToken="tok-0123456789",
                                            inferenceBedrockBaseUrl="https://proxy.example.corp/bedrock"),
         "warning", "base_url_shape", "inferenceBedrockBaseUrl", ("host origin only", "https://proxy.example.corp")),
    case("ref3.3", "bedrock-origin", doc(BEDROCK, inferenceBedrockBearerToken="tok-0123456789",
                                         inferenceBedrockBaseUrl="https://vpce-1.bedrock-runtime.us-west-2.vpce.amazonaws.com"),
         None, "base_url_shape", "inferenceBedrockBaseUrl"),
    # Gateway URL: /v1 is UNCONFIRMED (3.5, 16.6) -> warning; http:// protects the admin (13.5, 17) -> error.
    case("ref16.6", "gateway-v1", doc(GATEWAY, inferenceGatewayBaseUrl="https://gw.example.corp/v1"), "warning",
         "url_suffix", "inferenceGatewayBaseUrl", ("UNCONFIRMED", "use https://gw.example.corp ")),
    case("ref16.6", "gateway-proxy-v1", doc(GATEWAY, inferenceGatewayBaseUrl="https://gw.example.corp/litellm/V1"),
         "warning", "url_suffix", "inferenceGatewayBaseUrl", ("use https://gw.example.corp/litellm ",)),
    case("ref13.5", "gateway-http", doc(GATEWAY, inferenceGatewayBaseUrl="http://gw.example.corp"), "error",
         "https_url", "inferenceGatewayBaseUrl", ("clear text", "protects you", "allow_insecure_http")),
    case("ref13.5", "gateway-http-allowed", doc(GATEWAY, inferenceGatewayBaseUrl="http://gw.example.corp"), "warning",
         "https_url", "inferenceGatewayBaseUrl", ("allow_insecure_http", "clear text"), allow_insecure_http=True),
    case("ref17", "gateway-http-loopback", doc(GATEWAY, inferenceGatewayBaseUrl="http://127.0.0.1:4000"), "warning",
         "https_url", "inferenceGatewayBaseUrl", ("UNCONFIRMED",)),
    # coworkEgressAllowedHosts ["*"] disables the network sandbox (3.8).
    case("ref3.8", "egress-star", doc(GATEWAY, coworkEgressAllowedHosts=["*"]), "warning", "egress_everything",
         "coworkEgressAllowedHosts", ("sandbox is off",)),
    case("ref3.8", "egress-hosts", doc(GATEWAY, coworkEgressAllowedHosts=["*.example.com"]), None,
         "egress_everything", "coworkEgressAllowedHosts"),
    # Model IDs that do not look like Claude, discovery on: the picker may hide them (10; UNCONFIRMED test).
    case("ref10", "opaque-id-discovery-on", doc(GATEWAY, modelDiscoveryEnabled=True, inferenceModels=["fast-model"]),
         "warning", "model_not_claude", "inferenceModels[0]", ("may be hidden", "UNCONFIRMED")),
    case("ref10", "object-id-discovery-on", doc(GATEWAY, modelDiscoveryEnabled=True,
                                                inferenceModels=["claude-opus-4", {"name": "gpt-proxy"}]),
         "warning", "model_not_claude", "inferenceModels[1]"),
    case("ref10", "alias-discovery-on", doc(GATEWAY, modelDiscoveryEnabled=True, inferenceModels=["sonnet"]),
         None, "model_not_claude", "inferenceModels[0]"),
    case("ref10", "opaque-id-discovery-unset", doc(GATEWAY, inferenceModels=["fast-model"]), None,
         "model_not_claude", "inferenceModels[0]"),
]


@pytest.mark.parametrize("settings, kwargs, level, rule, key, words", TABLE)
def test_provider_table(settings, kwargs, level, rule, key, words):
    report = validate(settings, now=NOW, **kwargs)
    hits = [p for p in report.problems if p.rule == rule and p.key == key]
    if level is None:
        assert not hits, [p.text for p in hits]
        return
    assert [p.level for p in hits] == [level], [p.text for p in report.problems]
    for word in words:
        assert word in hits[0].message + " " + hits[0].hint, (word, hits[0].text)


def test_every_rule_has_a_case():
    fired = set()
    for param in TABLE:
        settings, kwargs, level = param.values[0], param.values[1], param.values[2]
        if level is not None:
            fired.update(f.rule for f in providers.findings(validate(settings, now=NOW, **kwargs).settings))
    rules = {"provider_required", "ambiguous_credentials", "base_url_shape", "credential_sources", "url_suffix",
             "egress_everything", "model_not_claude"}
    assert rules <= fired
    assert len(providers.RULES) == len(rules)


def test_unconfirmed_findings_are_warnings():
    for param in TABLE:
        for found in providers.findings(validate(param.values[0], now=NOW).settings):
            if "UNCONFIRMED" in found.message or "not enforced" in found.message:
                assert found.level == "warning", found


def test_warnings_never_fail_validation_alone():
    settings = doc(GATEWAY, inferenceGatewayBaseUrl="https://gw.example.corp/v1", coworkEgressAllowedHosts=["*"],
                   modelDiscoveryEnabled=True, inferenceModels=["fast-model"])
    report = validate(settings, now=NOW)
    assert report.ok, report.error_text()
    assert {"url_suffix", "egress_everything", "model_not_claude"} <= {p.rule for p in report.warnings}
