# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/lists: lists of strings and lists of objects, natively or as JSON text."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import lists
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID

from .helpers import context, found

NAMES = {"type": "string_list", "allowed": ["Bash", "Read", "WebFetch"], "rules": {"item_pattern": "^[A-Z]"}}


def test_a_string_list_natively_or_as_json_text_at_the_top_level_only():
    ctx = context()
    assert lists.string_list(ctx, NAMES, ["Bash", "Read"], "k", False, False) == ["Bash", "Read"]
    assert lists.string_list(ctx, NAMES, ' ["Bash"] ', "k", False, False) == ["Bash"]
    assert ctx.problems == []
    assert lists.string_list(ctx, NAMES, '["Bash"]', "k", False, True) is INVALID
    assert found(ctx) == [("error", "k", "type")]


def test_string_list_items_are_checked_one_by_one():
    ctx = context()
    assert lists.string_list(ctx, NAMES, ["Bash", 3, "bash", "Read", "Read"], "k", False, False) is INVALID
    assert found(ctx) == [("error", "k[1]", "type"), ("error", "k[2]", "enum"), ("error", "k[2]", "pattern"),
                          ("warning", "k", "duplicates")]
    assert "Bash" in ctx.problems[1].hint


def test_a_loose_list_only_warns_about_undocumented_names():
    ctx = context()
    spec = dict(NAMES, allowed_strict=False)
    assert lists.string_list(ctx, spec, ["Grep"], "k", False, False) == ["Grep"]
    assert found(ctx) == [("warning", "k[0]", "enum")]


def test_an_object_list_checks_fields_and_may_take_strings():
    spec = {"type": "object_list", "fields": {"name": {"type": "string", "required": True, "rules": {}}}}
    ctx = context()
    assert lists.object_list(ctx, spec, [{"name": "a"}], "k", False, False) == [{"name": "a"}]
    assert lists.object_list(ctx, spec, [{"name": 1}, "x"], "k", False, False) is INVALID
    assert found(ctx) == [("error", "k[0].name", "type"), ("error", "k[1]", "type")]
    ctx = context()
    mixed = dict(spec, items="string_or_object")
    assert lists.object_list(ctx, mixed, ["model-a", {"name": "b"}], "k", False, False) == ["model-a", {"name": "b"}]
    assert lists.object_list(ctx, mixed, ["  "], "k", False, False) is INVALID
    assert found(ctx) == [("error", "k[0]", "item_format")]


def test_the_record_form_is_deprecated_but_kept():
    ctx = context()
    spec = {"type": "object_list", "legacy_record_form": "write a list of objects"}
    assert lists.object_list(ctx, spec, {"a": {"x": 1}}, "k", False, False) == {"a": {"x": 1}}
    assert [p.rule for p in ctx.problems] == ["deprecated_form"] and ctx.problems[0].hint == "write a list of objects"
