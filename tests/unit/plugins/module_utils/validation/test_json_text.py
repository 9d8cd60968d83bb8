# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/json_text: a list or an object written as JSON text, parsed strictly and within
the document's bounds; a reason names the position, never the text."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import json_text
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID

from .helpers import context, found


def test_json_text_that_does_not_parse_names_the_position_not_the_text():
    ctx = context()
    assert json_text.parse_json_text(ctx, '["a", "sk-unit-LISTS-9"', "k", True, "the list") is INVALID
    assert found(ctx) == [("error", "k", "json")]
    assert "at character" in ctx.problems[0].message and "sk-unit" not in str(ctx.problems[0].value)
    ctx = context()
    assert json_text.parse_json_text(ctx, "[" * 200 + "]" * 200, "k", False, "the list") is INVALID
    assert ctx.problems[0].rule in ("nesting", "json")


def test_json_text_around_white_space_is_parsed():
    ctx = context()
    assert json_text.parse_json_text(ctx, '  ["a", 1] \n', "k", False, "the list") == ["a", 1]
    assert json_text.parse_json_text(ctx, '{"X-Team": "blue"}', "k", False, "the object") == {"X-Team": "blue"}
    assert ctx.problems == []


@pytest.mark.parametrize("text, reason", [
    ('{"a": 1, "a": 2}', 'the name "a" appears twice'),
    ("[1, 2,]", "Expecting value at character 7"),
    ('{"a": NaN}', "NaN is not valid JSON"),
    ("not json", "Expecting value at character 1"),
    ("", "Expecting value at character 1"),
    ('{"a": 1}   x', "Extra data at character 12"),
])
def test_the_reasons_json_text_is_refused(text, reason):
    ctx = context()
    assert json_text.parse_json_text(ctx, text, "k", False, "the object") is INVALID
    assert [(p.rule, p.message, p.hint) for p in ctx.problems] == [
        ("json", "is not valid JSON: " + reason, "write the object natively in YAML, or check the quoting of the JSON text")]


def test_too_deep_for_the_parser_or_beyond_the_documents_bounds():
    ctx = context()
    assert json_text.parse_json_text(ctx, "[" * 5000 + "]" * 5000, "k", False, "the list") is INVALID
    assert [(p.rule, p.message) for p in ctx.problems] == [("json", "is nested too deeply to be read")]
    ctx = context()
    assert json_text.parse_json_text(ctx, "[" * 40 + "]" * 40, "k", False, "the list") is INVALID
    assert [(p.rule, p.message) for p in ctx.problems] == [
        ("nesting", "holds JSON nested more than 32 levels deep or with more than 20000 values")]
    ctx = context()
    ctx.budget = [3]                          # what the rest of the document left
    assert json_text.parse_json_text(ctx, "[1, 2, 3, 4]", "k", False, "the list") is INVALID
    assert found(ctx) == [("error", "k", "nesting")]


def test_the_reason_of_an_error_without_a_position():
    assert json_text._json_reason(ValueError("no position")) == "no position"
