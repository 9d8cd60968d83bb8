# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/cross_rules: key groups, dependencies, conflicts and surfaces, each a plain function
over the catalog's tables (the account rules are in test_cross_accounts.py)."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import cross_rules

from .helpers import found, run_rule


@pytest.mark.parametrize("spec, result", [
    ("inferenceProvider", True), ("inferenceProvider=gateway", True), ("inferenceProvider=vertex", False),
    ("disableAutoUpdates=true", True), ("missingKey", False),
])
def test_condition(spec, result):
    settings = {"inferenceProvider": "gateway", "disableAutoUpdates": True}
    assert cross_rules.condition(settings, spec) is result


def test_condition_with_a_value_that_cannot_be_encoded_is_false():
    assert cross_rules.condition({"k": None}, "k=x") is False
    assert cross_rules.describe("k=v") == "k: v" and cross_rules.describe("k") == "k"


def test_a_partial_key_group_names_the_first_missing_key():
    ctx = run_rule(cross_rules.key_groups, {"inferenceFoundryTenantId": "t"})
    assert found(ctx) == [("error", "inferenceFoundryClientId", "key_group")]
    assert found(run_rule(cross_rules.key_groups, {"inferenceFoundryTenantId": "t", "inferenceFoundryClientId": "c"})) == []


def test_dependencies_and_conflicts_come_from_the_catalog():
    assert found(run_rule(cross_rules.dependencies, {"inferenceMaxTokensPerWindow": 5})) == [
        ("error", "inferenceMaxTokensPerWindow", "requires")]
    assert found(run_rule(cross_rules.dependencies, {"inferenceMaxTokensPerWindow": 5, "inferenceTokenWindowHours": 1})) == []
    assert found(run_rule(cross_rules.conflicts, {"toolSearchEnabled": True, "inferenceProvider": "vertex"})) == [
        ("error", "toolSearchEnabled", "conflict")]
    assert found(run_rule(cross_rules.conflicts, {"toolSearchEnabled": False, "inferenceProvider": "vertex"})) == []
    assert found(run_rule(cross_rules.conflicts, {"egressProxyPacUrl": "https://p", "egressProxyUrl": "http://x"})) == [
        ("warning", "egressProxyPacUrl", "conflict")]


def test_every_surface_off_warns():
    off = {key: False for key in cross_rules.SURFACE_KEYS}
    assert found(run_rule(cross_rules.surfaces, off)) == [("warning", "coworkTabEnabled", "surfaces")]
    assert found(run_rule(cross_rules.surfaces, dict(off, chatTabEnabled=True))) == []
