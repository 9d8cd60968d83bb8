# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/fast_lists (and, until they are split out, fast_objects and fast_probe): the fast checkers of lists and maps (value when clean, SLOW
otherwise; None when the spec has rules they were not taught), and the Probe that runs a catalog check silently."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import fast_lists, fast_objects, fast_probe
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast_values import SLOW


def test_the_probe_only_notes_that_something_was_said():
    probe = fast_probe.Probe()
    assert not probe.reported
    probe.warn("k", None, "rule", "message")
    assert probe.reported


def test_a_string_list():
    check = fast_lists.fast_string_list({"type": "string_list", "allowed": ["Bash", "Read"], "rules": {}})
    assert check(["Bash", "Read"]) == ["Bash", "Read"]
    assert check(["Bash", "Bash"]) is SLOW            # a repeated entry gets a warning from the full rules
    assert check(["Grep"]) is SLOW and check("Bash") is SLOW and check([1]) is SLOW and check(["a\x01"]) is SLOW
    assert fast_lists.fast_string_list({"type": "string_list", "rules": {"min_items": 1}}) is None


def test_an_object_list_with_simple_fields():
    spec = {"type": "object_list", "rules": {}, "fields": {
        "name": {"type": "string", "required": True, "rules": {}}, "on": {"type": "boolean", "rules": {}}}}
    check = fast_lists.fast_object_list(spec)
    assert check([{"name": "a", "on": True}]) == [{"name": "a", "on": True}]
    assert check([{"on": True}]) is SLOW and check([{"name": "a", "other": 1}]) is SLOW and check({}) is SLOW
    deprecated = {"type": "object_list", "rules": {}, "fields": {"x": {"type": "string", "deprecated": {"message": "old"}, "rules": {}}}}
    assert fast_lists.fast_object_list(deprecated) is None


def test_a_header_map():
    check = fast_objects.fast_object(BY_NAME["inferenceCustomHeaders"])
    assert check({"X-Tenant": "acme"}) == {"X-Tenant": "acme"}
    assert check({"X Tenant": "acme"}) is SLOW and check({"X-Tenant": "a\r\nb"}) is SLOW
    assert check({"Authorization": "x"}) is SLOW and check({"X-N": 5}) is SLOW and check(["x"]) is SLOW


def test_a_plain_map_takes_strings_and_numbers():
    check = fast_objects.fast_object({"type": "object", "rules": {}})
    assert check({"a": "b", "c": 1, "d": True}) == {"a": "b", "c": 1, "d": True}
    assert check({"a": [1]}) is SLOW and check({"a\x01": "b"}) is SLOW
    assert fast_objects.fast_object({"type": "object", "rules": {}, "fields": {"a": {}}}) is None
