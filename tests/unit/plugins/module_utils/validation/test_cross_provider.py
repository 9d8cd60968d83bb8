# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/cross_provider: the cross-key rules about the provider and its credentials."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import cross_provider

from .helpers import context, found, run_rule


def test_a_provider_is_needed_unless_only_app_behaviour_keys_are_set():
    assert found(run_rule(cross_provider.provider_set, {"inferenceModels": ["m"]})) == [
        ("error", "inferenceProvider", "provider_required")]
    assert found(run_rule(cross_provider.provider_set, {"disableAutoUpdates": True})) == []
    assert found(run_rule(cross_provider.provider_set, {"bootstrapUrl": "https://b"})) == []
    assert found(run_rule(cross_provider.provider_set, {})) == []


def test_the_providers_required_keys_and_credential():
    assert found(run_rule(cross_provider.provider_keys, {"inferenceProvider": "gateway"})) == [
        ("error", "inferenceGatewayBaseUrl", "provider_required"), ("error", "inferenceProvider", "credential_required")]
    good = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw", "inferenceGatewayApiKey": "k"}
    assert found(run_rule(cross_provider.provider_keys, good)) == []
    assert found(run_rule(cross_provider.provider_keys, {"inferenceProvider": "nope"})) == []   # the enum reported it


def test_keys_of_another_provider_warn():
    settings = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw", "inferenceGatewayApiKey": "k",
                "inferenceAnthropicApiKey": "a"}
    assert found(run_rule(cross_provider.provider_keys, settings)) == [
        ("warning", "inferenceAnthropicApiKey", "other_provider")]


def test_a_credential_kind_uses_only_its_own_source():
    ctx = context()
    cross_provider.credential_kind(ctx, {"inferenceProvider": "gateway"}, "gateway", "static")
    assert found(ctx) == [("error", "inferenceCredentialKind", "credential_kind")]
    assert "needs inferenceGatewayApiKey" in ctx.problems[0].message
    ctx = context()
    cross_provider.credential_kind(ctx, {"inferenceGatewayApiKey": "k"}, "gateway", "static")
    cross_provider.credential_kind(ctx, {}, "gateway", "no-such-kind")
    assert ctx.problems == []
