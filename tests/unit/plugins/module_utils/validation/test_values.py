# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one table of value rules: order, what turns a rule on, and a new rule as one function and one row."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import values

from .helpers import context, found


def test_rules_report_in_table_order():
    ctx = context()
    rules = {"min_length": 5, "pattern": "^[a-z]+$", "single_line": True, "pattern_hint": "letters"}
    values.check_value(ctx, "string", rules, "A\n\x01", "k", False)
    assert [rule for _level, _key, rule in found(ctx)] == ["control_characters", "min_length", "single_line", "pattern"]


def test_a_secret_is_checked_as_an_http_header_value():
    ctx = context()
    values.check_value(ctx, "string", {"single_line": True}, " sk-1\r\n", "k", True)
    assert found(ctx) == [("error", "k", "header_value"), ("warning", "k", "whitespace")]
    assert ctx.problems[0].value == "********"


@pytest.mark.parametrize("rules, message", [({"min": 1, "max": 72}, "must be between 1 and 72"),
                                            ({"min": 1}, "must be at least 1"), ({"max": -1}, "must be at most -1")])
def test_number_range(rules, message):
    ctx = context()
    values.check_value(ctx, "number", rules, 0, "k", False)
    assert ctx.problems[0].message == message


def test_a_new_rule_is_one_function_and_one_row(monkeypatch):
    def no_tabs(ctx, rules, value, path, secret):
        if "\t" in value:
            ctx.error(path, None, "no_tabs", "has a tab")
    monkeypatch.setattr(values, "VALUE_RULES", values.VALUE_RULES + (("string", "no_tabs", no_tabs),))
    ctx = context()
    values.check_value(ctx, "string", {}, "a\tb", "k", False)
    values.check_value(ctx, "string", {"no_tabs": True}, "a\tb", "k", False)
    assert found(ctx) == [("error", "k", "no_tabs")]
