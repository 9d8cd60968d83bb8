# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-key rules: a failing input for every DEPENDENCIES and CONFLICTS row of the catalog."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import cross, validate

from .cases import AFTER, BEFORE, CONFLICT_CASES, DEPENDENCY_CASES, GATEWAY, OIDC, assert_problem, doc, find


def test_every_dependency_and_conflict_has_a_case():
    assert sorted(DEPENDENCY_CASES) == sorted(rule["key"] for rule in catalog.DEPENDENCIES)
    assert sorted(CONFLICT_CASES) == sorted(rule["key"] for rule in catalog.CONFLICTS)


@pytest.mark.parametrize("rule", catalog.DEPENDENCIES, ids=lambda rule: rule["key"])
def test_requires(rule):
    settings, missing = DEPENDENCY_CASES[rule["key"]]
    report = validate(settings, now=BEFORE)
    problem = assert_problem(report, rule["level"], "requires", rule["key"], ("needs %s" % missing, rule["why"]))
    assert problem.hint == rule.get("hint", "set %s" % missing)
    # Satisfying the requirement removes the problem.
    fixed = dict(settings)
    name, _sep, wanted = _condition_parts(rule["requires"][0])
    fixed[name] = {"true": True}.get(wanted, wanted) if wanted else _satisfying_value(name)
    assert not find(validate(fixed, now=BEFORE), rule["level"], "requires", rule["key"])


def _condition_parts(spec):
    return spec.partition("=")


def _satisfying_value(name):
    return {
        "inferenceTokenWindowHours": 24,
        "inferenceModels": ["claude-sonnet-4"],
        "deploymentDisplayName": "Acme AI",
        "inferenceGatewayOidc": OIDC,
        "inferenceVertexWorkforceAudience": "//iam.googleapis.com/locations/global/workforcePools/p/providers/q",
    }[name]


@pytest.mark.parametrize("rule", catalog.CONFLICTS, ids=lambda rule: rule["key"])
def test_conflict(rule):
    settings, clash = CONFLICT_CASES[rule["key"]]
    report = validate(settings, now=BEFORE)
    if rule.get("level") == "deprecated":
        problem = assert_problem(report, "warning", "deprecated_combination", rule["key"], ("together with %s" % clash,))
        assert find(validate(settings, now=AFTER), "error", "deprecated_combination", rule["key"])
    else:
        problem = assert_problem(report, rule["level"], "conflict", rule["key"], ("together with %s" % clash, rule["why"]))
    assert problem.hint == rule.get("hint", "")


def test_the_table_runs_in_order_and_takes_a_new_rule_as_one_row(monkeypatch):
    seen = []

    def spy(ctx, settings, given, present):
        seen.append((sorted(given), present == set(settings)))
        ctx.warn("inferenceProvider", None, "spy", "ran last")
    monkeypatch.setattr(cross, "CROSS_RULES", cross.CROSS_RULES + ((None, spy),))
    report = validate(doc(GATEWAY, inferenceGatewayAuthScheme="bearer"), now=BEFORE)
    assert seen == [(sorted(doc(GATEWAY, inferenceGatewayAuthScheme="bearer")), True)]
    assert [p.rule for p in report.problems] == ["spy"]
