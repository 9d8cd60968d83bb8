# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/fields: the fields of an object value against the catalog's fields."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fields import check_fields

from .helpers import context, found

FIELDS = {
    "name": {"type": "string", "required": True, "rules": {}},
    "token": {"type": "string", "secret": True, "rules": {}},
    "port": {"type": "integer", "rules": {}},
    "legacy": {"type": "string", "rules": {}, "deprecated": {"message": "legacy is old", "replacement": "name"}},
    "newer": {"type": "string", "rules": {}, "since": "1.5000.0"},
}


def test_good_fields_pass():
    ctx = context()
    assert check_fields(ctx, FIELDS, {"name": "n", "port": 8, "token": "t"}, "k[0]", False)
    assert ctx.problems == []


def test_unknown_fields_warn_with_a_suggestion():
    ctx = context()
    assert check_fields(ctx, FIELDS, {"name": "n", "nmae": "x"}, "k", False)
    assert found(ctx) == [("warning", "k.nmae", "unknown_field")]
    assert ctx.problems[0].hint.startswith("did you mean") and "name" in ctx.problems[0].hint


def test_a_missing_required_field_and_a_bad_value_are_errors():
    ctx = context()
    assert not check_fields(ctx, FIELDS, {"port": "eight"}, "k", False)
    assert found(ctx) == [("error", "k.port", "type"), ("error", "k.name", "field_required")]


def test_deprecated_and_newer_fields():
    ctx = context(target=(1, 4000, 0))
    assert check_fields(ctx, FIELDS, {"name": "n", "legacy": "x", "newer": "y"}, "k", False)
    assert found(ctx) == [("warning", "k.legacy", "deprecated_field"), ("warning", "k.newer", "since")]
    assert ctx.problems[0].hint == "use name"


def test_a_secret_field_or_a_secret_looking_unknown_field_is_masked():
    ctx = context()
    check_fields(ctx, FIELDS, {"name": "n", "token": 5, "apiKey": "sk-unit-FIELDS-1"}, "k", False)
    shown = " ".join(str(p.value) for p in ctx.problems)
    assert "sk-unit-FIELDS-1" not in shown and "5" not in shown
