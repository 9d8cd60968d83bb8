# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/plain: the bounds of a document and the quick copy to plain Python types (the
reporting walk, reading.to_plain, is in test_reading.py)."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.plain import NotPlain, plain_copy, size


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


def test_size_of_a_mapping_without_len():
    class Items:
        def items(self):
            return iter([("a", 1), ("b", 2)])
    assert size(Items()) == 2 and size({"a": 1}) == 1
