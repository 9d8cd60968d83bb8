# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bounds of a document and the copy to plain Python types."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.plain import MAX_DEPTH, NotPlain, plain_copy, size
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.reading import Unreadable, to_plain


class Tagged(str):
    """What Ansible hands over: a str subclass."""


def test_plain_copy_makes_plain_types_and_spends_the_budget():
    budget = [10]
    copy = plain_copy({"a": [Tagged("x"), 1, 2.5, None, True]}, budget, 0)
    assert copy == {"a": ["x", 1, 2.5, None, True]} and type(copy["a"][0]).__name__ == "str"
    assert budget == [4]


def test_plain_copy_refuses_what_needs_reporting():
    with pytest.raises(NotPlain):
        plain_copy({1: "x"}, [10], 0)
    with pytest.raises(NotPlain):
        plain_copy([1, 2, 3], [2], 0)


def test_to_plain_names_where_and_raises_for_the_unreadable():
    problems = []
    assert to_plain({"a": {1: "x"}}, "k", problems, [100]) == {"a": {"1": "x"}}
    assert [(p.key, p.rule) for p in problems] == [("k.a", "field_name_type")]
    nested = []
    for _level in range(MAX_DEPTH + 1):
        nested = [nested]
    with pytest.raises(Unreadable) as raised:
        to_plain(nested, "k", [], [10 ** 6])
    assert raised.value.rule == "nesting"


def test_size_of_a_mapping_without_len():
    class Items:
        def items(self):
            return iter([("a", 1), ("b", 2)])
    assert size(Items()) == 2 and size({"a": 1}) == 1
