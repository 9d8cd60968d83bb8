# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/scalars: the coercions of the scalar types (text read as the app reads it at the
top level only, booleans, integers, numbers; enums are in test_enums.py)."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import scalars
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID

from .helpers import context, found

PLAIN = {"rules": {}}


def _same(got, want):
    return got is INVALID if want is INVALID else (got == want and type(got) is type(want))


@pytest.mark.parametrize("value, result, problems", [
    (True, True, []), ("false", False, []), ("1", True, []), (0, False, []), ("TRUE", True, []),
    (" true", True, [("warning", "k", "boolean_text")]), ("yes", INVALID, [("error", "k", "type")]),
    (2, INVALID, [("error", "k", "type")]),
])
def test_boolean(value, result, problems):
    ctx = context()
    assert _same(scalars.boolean(ctx, PLAIN, value, "k", False, False), result)
    assert found(ctx) == problems


def test_text_forms_are_read_only_at_the_top_level():
    ctx = context()
    assert scalars.boolean(ctx, PLAIN, "true", "k", False, True) is INVALID
    assert scalars.integer(ctx, PLAIN, "24", "k", False, True) is INVALID
    assert scalars.number(ctx, PLAIN, "0.5", "k", False, True) is INVALID
    assert [p.rule for p in ctx.problems] == ["type", "type", "type"]


@pytest.mark.parametrize("value, result, rule", [
    (3600, 3600, None), (" 42 ", 42, None), ("-7", -7, "range"), (True, INVALID, "type"), (1.0, INVALID, "type"),
    (1.5, INVALID, "type"), ("1e3", INVALID, "type"), (0, 0, "range"),
])
def test_integer(value, result, rule):
    ctx = context()
    assert _same(scalars.integer(ctx, {"rules": {"min": 1}}, value, "k", False, False), result)
    assert [p.rule for p in ctx.problems][:1] == ([rule] if rule else [])


def test_a_whole_decimal_for_an_integer_says_what_to_write():
    ctx = context()
    scalars.integer(ctx, PLAIN, 60.0, "k", False, False)
    assert ctx.problems[0].message == "expected an integer, got a decimal number" and ctx.problems[0].hint == "write 60"


@pytest.mark.parametrize("value, result", [(0.8, 0.8), ("0.8", 0.8), ("2", 2), (".5", 0.5), ("1e2", 100.0), (3, 3)])
def test_number(value, result):
    ctx = context()
    assert _same(scalars.number(ctx, PLAIN, value, "k", False, False), result) and ctx.problems == []


@pytest.mark.parametrize("value, rule", [(True, "type"), ("abc", "type"), (float("nan"), "finite"),
                                         ("1e999", "finite")])
def test_number_refusals(value, rule):
    ctx = context()
    assert scalars.number(ctx, PLAIN, value, "k", False, False) is INVALID
    assert found(ctx) == [("error", "k", rule)]


def test_unknown_type_takes_any_plain_value():
    ctx = context()
    assert scalars.unknown(ctx, PLAIN, {"a": [1]}, "k", False, False) == {"a": [1]}
    assert scalars.unknown(ctx, PLAIN, object(), "k", False, False) is INVALID
    assert scalars.string(ctx, PLAIN, 5, "s", False, False) is INVALID
    assert [p.key for p in ctx.problems] == ["k", "s"]
