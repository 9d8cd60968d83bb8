# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/cross_accounts: the two cross-key rules about the account the app signs in with
(broker sign-in needs an Entra issuer; the automatic claude.ai import needs the organization's id)."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import cross_accounts

from .helpers import context, found, run_rule


def test_broker_sign_in_needs_an_entra_issuer():
    entra = {"issuer": "https://login.microsoftonline.com/tenant-1/v2.0"}
    assert found(run_rule(cross_accounts.broker_issuer, {"inferenceGatewayOidcAuthFlow": "broker",
                                                         "inferenceGatewayOidc": {"issuer": "https://idp.example"}})) == [
        ("error", "inferenceGatewayOidcAuthFlow", "broker_issuer")]
    assert found(run_rule(cross_accounts.broker_issuer, {"inferenceGatewayOidcAuthFlow": "broker",
                                                         "inferenceGatewayOidc": entra})) == []


def test_automatic_import_needs_the_organization():
    ctx = context()
    ctx.pending.append(("claudeAiImport", {"automatic3pImport": True}))
    cross_accounts.claude_ai_import(ctx, {}, set(), set())
    assert found(ctx) == [("error", "claudeAiImport.automatic3pImport", "requires")]
    ctx = context()
    ctx.pending.append(("claudeAiImport", {"automatic3pImport": True}))
    cross_accounts.claude_ai_import(ctx, {}, set(), {"deploymentOrganizationUuid"})
    assert ctx.problems == []


@pytest.mark.parametrize("issuer, ok", [
    ("https://login.microsoftonline.com/tenant-1/v2.0/", True),
    ("https://login.microsoftonline.com/tenant-1", False),                  # the v1 endpoint
    ("https://login.microsoftonline.com/tenant-1/v2.0/extra", False),
    ("http://login.microsoftonline.com/tenant-1/v2.0", False),
    ("https://login.microsoftonline.com.example/tenant-1/v2.0", False),
    ("https://login.microsoftonline.com//v2.0", False),                     # no tenant
    (None, False), ("", False),
])
def test_which_issuers_are_entra(issuer, ok):
    ctx = run_rule(cross_accounts.broker_issuer, {"inferenceGatewayOidcAuthFlow": "broker",
                                                  "inferenceGatewayOidc": {"issuer": issuer}})
    assert found(ctx) == ([] if ok else [("error", "inferenceGatewayOidcAuthFlow", "broker_issuer")])


def test_the_broker_message_and_when_the_rule_stays_quiet():
    ctx = run_rule(cross_accounts.broker_issuer, {"inferenceGatewayOidcAuthFlow": "broker", "inferenceGatewayOidc": {}})
    problem = ctx.problems[0]
    assert problem.value == '"broker"'
    assert problem.message == \
        "broker sign-in works only with an Entra issuer https://login.microsoftonline.com/<tenant>/v2.0"
    assert problem.hint == "use browser, or point issuer at Entra"
    browser = {"inferenceGatewayOidcAuthFlow": "browser", "inferenceGatewayOidc": {"issuer": "https://idp.example"}}
    assert found(run_rule(cross_accounts.broker_issuer, browser)) == []
    # no OIDC object (or an invalid one, dropped before the cross-key rules): other rules report that
    assert found(run_rule(cross_accounts.broker_issuer, {"inferenceGatewayOidcAuthFlow": "broker"})) == []
    assert found(run_rule(cross_accounts.broker_issuer, {"inferenceGatewayOidcAuthFlow": "broker",
                                                         "inferenceGatewayOidc": "https://idp.example"})) == []
    assert cross_accounts.BROKER_KEYS == frozenset(("inferenceGatewayOidcAuthFlow",))


@pytest.mark.parametrize("pending", [
    [("claudeAiImport", {"automatic3pImport": False})],
    [("claudeAiImport", {})],
    [("claudeAiImport", True)],
    [("otherKey", {"automatic3pImport": True})],
    [],
])
def test_the_import_rule_only_reads_an_automatic_import(pending):
    ctx = context()
    ctx.pending.extend(pending)
    cross_accounts.claude_ai_import(ctx, {}, set(), set())
    assert ctx.problems == []


def test_the_import_message():
    ctx = context()
    ctx.pending.append(("claudeAiImport", {"automatic3pImport": True}))
    cross_accounts.claude_ai_import(ctx, {}, set(), {"inferenceProvider"})
    problem = ctx.problems[0]
    assert (problem.value, problem.message, problem.hint) == \
        ("true", "needs deploymentOrganizationUuid", "set deploymentOrganizationUuid on the device")
