# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fast path: validation with and without it gives identical reports."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import fast, validate

from .cases import (
    AFTER, ANTHROPIC, BEDROCK, BEFORE, CONFLICT_CASES, DEPENDENCY_CASES, FOUNDRY, GATEWAY, MANTLE, RULE_CASES, SSO,
    VERTEX, doc,
)


# ---------------------------------------------------------------------------------------------------------
# The fast path (clean values answered by per-key checkers compiled from the catalog) must never change a
# report: every document below is validated with and without it and the reports must be identical.
# ---------------------------------------------------------------------------------------------------------
def _full_rules_only(settings, **kwargs):
    saved = dict(fast.FAST)
    fast.FAST.clear()
    try:
        return validate(settings, **kwargs)
    finally:
        fast.FAST.update(saved)


def _report_text(report):
    return (repr(report.settings), repr(report.decoded), [repr(sorted(p.as_dict().items())) for p in report.problems])


def assert_fast_path_changes_nothing(settings, **kwargs):
    kwargs.setdefault("now", BEFORE)
    assert _report_text(validate(settings, **kwargs)) == _report_text(_full_rules_only(settings, **kwargs))


CLEAN_GATEWAY = doc(
    GATEWAY,
    inferenceGatewayAuthScheme="bearer",
    inferenceCustomHeaders={"X-Org-Id": "org-00042", "X-Cost-Center": "cc-7"},
    inferenceModels=["claude-sonnet-4-5", {"name": "claude-opus-4-1", "labelOverride": "Opus", "supports1m": True}],
    deploymentOrganizationUuid="6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
    disableDeploymentModeChooser=True,
    autoUpdaterEnforcementHours=24,
    coworkEgressAllowedHosts=["*.example.corp", "pypi.org:443", "*"],
    mcpToolTimeoutSec=120,
    organizationInstructions="Prefer internal mirrors & say so when a <secret> may be involved.\nThank you.",
)

# Values that sit on either side of a rule, tried on every key that has a fast checker.
EDGE_VALUES = [
    None, True, False, 0, 1, -1, 24, 72, 3600, 10 ** 12, 0.5, 1.0, float("nan"), float("inf"), "", " ", "x", " x",
    "x ", "x\n", "x\ty", "x\x01", "\u2028", "true", "1", "5", "bearer", "Bearer", "sso", "gateway",
    "https://gw.example.com", "https://gw.example.com/", "https://gw.example.com/v1", "https://gw.example.com/v1/",
    "https://gw.example.com/v1/messages", "https://gw.example.com/api", "https://gw.example.com:8443/api",
    "https://gw.example.com:99999", "HTTPS://gw.example.com", "http://gw.example.com", "http://127.0.0.1:4000",
    "http://localhost:4000", "https://user:pw@gw.example.com", "https://gw.example.com/?a=b",
    "https://gw.example.com/#x", "https://[::1]:8443", "ftp://gw.example.com", "gw.example.com", "//gw.example.com",
    "https://gw.example.com/a b", "https://gw_x.example.com", "/usr/local/bin/helper", "~/helper",
    "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "{6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f}", "x" * 3001,
    [], ["a"], ["a", "a"], ["*"], ["*.example.com", "a.example.com:443"], ["a.example.com:0"],
    ["a.example.com:99999"], ["bad host"], ["-a.example.com"], ["[::1]"], ["::1"], ["a\x01"], [1], ["Bash"],
    '["a"]', ["claude-sonnet-4-5"], [" "], [{"name": "m"}], [{"name": "m", "supports1m": True, "prefer1m": True}],
    [{"name": "m", "prefer1m": True}], [{"labelOverride": "x"}], [{"name": "m", "supports1m": "true"}],
    [{"name": "m", "colour": "red"}], [{"name": "m", "anthropicFamilyTier": "opus"}], [{"name": 5}], [None],
    {}, {"X-Org": "a"}, {"X-Org": "a\nb"}, {"X-Org": 1}, {"X-Org": None}, {"Authorization": "x"},
    {"X-Api-Token": "x"}, {"x-api-key": "x"}, {"X-Org": True}, {"X-Org": {"a": 1}}, {"Bash": "allow"},
    {"Bash": "blocked"}, {"Bash": "ask-session"}, {"issuer": "https://login.example.com", "clientId": "x"},
]


def test_fast_path_covers_the_common_keys():
    # The common keys of a gateway rollout have fast checkers, and clean values take them.
    for key, value in CLEAN_GATEWAY.items():
        assert key in fast.FAST, key
        assert fast.FAST[key](value) is not fast.SLOW, (key, value)
    assert len(fast.FAST) >= 90, sorted(set(BY_NAME) - set(fast.FAST))
    # Keys whose every value gets a warning are never answered by the fast path.
    for name, entry in BY_NAME.items():
        if entry["confidence"] == "unconfirmed" or entry["deprecated"]:
            assert name not in fast.FAST, name


@pytest.mark.parametrize("key", sorted(fast.FAST))
def test_fast_path_agrees_with_the_full_rules_for_every_value(key):
    entry = BY_NAME[key]
    values = list(EDGE_VALUES) + [v for v in (entry["default"], CLEAN_GATEWAY.get(key)) if v is not None]
    values += list(entry["allowed"] or ())
    targets = [None, "1.0.0", "99.0.0"]
    newest = fast.FAST_SINCE.get(key)
    if newest:      # exactly the newest release the key's checks name, and the release before it
        last = max(i for i, part in enumerate(newest) if part > 0)
        before = newest[:last] + (newest[last] - 1,)
        targets += [".".join(map(str, newest)), ".".join(map(str, before))]
    for value in values:
        for target in targets:
            assert_fast_path_changes_nothing(doc(GATEWAY, **{key: value}), desktop_version=target)


@pytest.mark.parametrize("settings, kwargs, level, rule, key, msg, hint", RULE_CASES)
def test_fast_path_agrees_with_the_full_rules_on_every_rule_case(settings, kwargs, level, rule, key, msg, hint):
    assert_fast_path_changes_nothing(settings, **kwargs)


@pytest.mark.parametrize("settings", [CLEAN_GATEWAY, GATEWAY, ANTHROPIC, BEDROCK, MANTLE, VERTEX, FOUNDRY,
                                      doc(BEDROCK, **SSO)]
                         + [case[0] for case in DEPENDENCY_CASES.values()]
                         + [case[0] for case in CONFLICT_CASES.values()])
def test_fast_path_agrees_with_the_full_rules_on_whole_documents(settings):
    for kwargs in ({}, {"desktop_version": "1.3036.0"}, {"now": AFTER}):
        assert_fast_path_changes_nothing(settings, **kwargs)


def test_fast_path_hands_back_plain_copies():
    class Tagged(str):
        pass
    report = validate(doc(GATEWAY, inferenceCustomHeaders={Tagged("X-Org"): Tagged("a")}), now=BEFORE)
    assert report.ok
    headers = report.settings["inferenceCustomHeaders"]
    assert [type(k) for k in headers] == [str] and [type(v) for v in headers.values()] == [str]
