# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The problem/report model: a Problem's text and dict, how long values are shown."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate

from .cases import assert_problem


# ---------------------------------------------------------------------------------------------------------
# Problem objects
# ---------------------------------------------------------------------------------------------------------
def test_problem_text_and_as_dict():
    report = validate({"autoUpdaterEnforcementHours": 0, "inferenceProvider": "anthropic"})
    problem = assert_problem(report, "error", "range", "autoUpdaterEnforcementHours")
    assert problem.text == "autoUpdaterEnforcementHours: must be between 1 and 72 (value: 0; rule: range)"
    assert problem.as_dict() == {"level": "error", "key": "autoUpdaterEnforcementHours", "value": "0", "rule": "range",
                                 "message": "must be between 1 and 72", "hint": "", "text": problem.text}
    assert "range" in repr(problem)
    missing = assert_problem(validate({"inferenceGatewayBaseUrl": "https://gw.example.com"}), "error",
                             "provider_required", "inferenceProvider")
    assert missing.text.startswith("inferenceProvider: is missing")
    assert "(rule: provider_required). Hint: set inferenceProvider" in missing.text


def test_show_truncates_long_values():
    report = validate({"deploymentDisplayName": "x" * 500})
    problem = assert_problem(report, "error", "max_length", "deploymentDisplayName")
    assert len(problem.value) == 160 and problem.value.endswith("...")
