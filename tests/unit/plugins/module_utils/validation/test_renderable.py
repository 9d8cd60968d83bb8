# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/renderable: whether every part of a value can be written to every format."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.renderable import renderable

from .helpers import context, found


@pytest.mark.parametrize("value", ["text\twith\ttabs\n", True, None, 0, -(2 ** 53), 2 ** 53, 0.5,
                                   {"a": [1, "b", {"c": False}]}, []])
def test_what_every_format_can_carry(value):
    ctx = context()
    assert renderable(ctx, value, "k", False) and ctx.problems == []


@pytest.mark.parametrize("value, path, rule", [
    ("bell\x07", "k", "control_characters"),
    (2 ** 53 + 1, "k", "number_size"),
    (float("nan"), "k", "finite"),
    ({"a": [1, float("inf")]}, "k.a[1]", "finite"),
    ({"bad\x01name": 1}, "k", "control_characters"),
    (b"bytes", "k", "type"),
])
def test_what_cannot_be_written_is_named_where_it_is(value, path, rule):
    ctx = context()
    assert renderable(ctx, value, "k", False) is False
    assert found(ctx) == [("error", path, rule)]


def test_a_secret_is_never_shown_and_a_secret_looking_field_counts_as_secret():
    ctx = context()
    assert not renderable(ctx, {"token": "sk-unit-\x01-RENDER"}, "k", False)
    assert "sk-unit" not in ctx.problems[0].value
    ctx = context()
    assert not renderable(ctx, "sk-unit-\x02-RENDER", "k", True)
    assert "sk-unit" not in ctx.problems[0].value


def test_every_problem_of_a_value_is_reported():
    ctx = context()
    assert not renderable(ctx, ["\x01", "ok", float("-inf")], "k", False)
    assert found(ctx) == [("error", "k[0]", "control_characters"), ("error", "k[2]", "finite")]


def test_a_huge_integer_is_not_printed():
    ctx = context()
    renderable(ctx, 10 ** 5000, "k", False)
    assert ctx.problems[0].value == "<a huge integer>"
