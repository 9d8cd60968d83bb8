# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/report: the outcome of a validation run (Report): errors and warnings apart, and
their texts, the first MAX_SHOWN then a count of the rest."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import ERROR, WARNING, Problem
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.report import MAX_SHOWN, Report


def _problem(level, key, hint=""):
    return Problem(level, key, '"v"', "rule", "is wrong", hint)


def test_errors_and_warnings_are_kept_apart_in_their_order():
    problems = [_problem(WARNING, "w1"), _problem(ERROR, "e1"), _problem(WARNING, "w2"), _problem(ERROR, "e2")]
    report = Report({"a": 1}, {"a": 1, "Old": 2}, problems)
    assert [p.key for p in report.errors] == ["e1", "e2"] and [p.key for p in report.warnings] == ["w1", "w2"]
    assert [p.key for p in report.problems] == ["e1", "e2", "w1", "w2"]       # errors first
    assert report.settings == {"a": 1} and report.decoded == {"a": 1, "Old": 2}
    assert not report.ok


def test_a_report_with_warnings_only_is_ok():
    report = Report({}, {}, [_problem(WARNING, "w")])
    assert report.ok and report.error_text() == ""
    assert Report({}, {}, []).ok and Report({}, {}, []).warning_texts() == []


def test_the_texts_are_the_problems_texts():
    report = Report({}, {}, [_problem(ERROR, "e", "fix it"), _problem(WARNING, "w")])
    assert report.error_text() == '- e: is wrong (value: "v"; rule: rule). Hint: fix it'
    assert report.warning_texts() == ['w: is wrong (value: "v"; rule: rule)']


def test_beyond_max_shown_the_rest_is_counted():
    errors = [_problem(ERROR, "e%d" % i) for i in range(MAX_SHOWN + 3)]
    warnings = [_problem(WARNING, "w%d" % i) for i in range(MAX_SHOWN + 1)]
    report = Report({}, {}, errors + warnings)
    lines = report.error_text().split("\n")
    assert len(lines) == MAX_SHOWN + 1 and lines[0].startswith("- e0: ") and lines[-2].startswith("- e%d: " % (MAX_SHOWN - 1))
    assert lines[-1] == "... and 3 more error(s)"
    texts = report.warning_texts()
    assert len(texts) == MAX_SHOWN + 1 and texts[-1] == "... and 1 more warning(s)"
    assert len(report.problems) == 2 * MAX_SHOWN + 4          # the list itself is never cut


def test_exactly_max_shown_is_not_summarised_and_the_limit_can_be_set():
    report = Report({}, {}, [_problem(ERROR, "e%d" % i) for i in range(MAX_SHOWN)])
    assert "more error(s)" not in report.error_text() and report.error_text().count("\n") == MAX_SHOWN - 1
    assert report.error_text(limit=2).split("\n") == [
        '- e0: is wrong (value: "v"; rule: rule)', '- e1: is wrong (value: "v"; rule: rule)',
        "... and %d more error(s)" % (MAX_SHOWN - 2)]
    assert Report({}, {}, [_problem(WARNING, "w0"), _problem(WARNING, "w1")]).warning_texts(limit=1) == [
        'w0: is wrong (value: "v"; rule: rule)', "... and 1 more warning(s)"]
