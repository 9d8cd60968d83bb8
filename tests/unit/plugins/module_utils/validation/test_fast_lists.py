# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/fast_lists: the fast checkers of string lists and object lists (the value when
clean, SLOW otherwise; None when the spec has rules they were not taught)."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import fast_lists as fl
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast_values import SLOW


def test_a_string_list():
    check = fl.fast_string_list({"type": "string_list", "allowed": ["Bash", "Read"], "rules": {}})
    assert check(["Bash", "Read"]) == ["Bash", "Read"]
    assert check(["Bash", "Bash"]) is SLOW            # a repeated entry gets a warning from the full rules
    assert check(["Grep"]) is SLOW and check("Bash") is SLOW and check([1]) is SLOW and check(["a\x01"]) is SLOW
    assert fl.fast_string_list({"type": "string_list", "rules": {"min_items": 1}}) is None


def test_a_string_list_with_a_pattern_and_an_item_check():
    check = fl.fast_string_list({"type": "string_list", "rules": {"item_pattern": "^[a-z*]", "item_check": "egress_host"}})
    assert check(["api.example.com", "*.example.com:443"]) == ["api.example.com", "*.example.com:443"]
    assert check(["Api.example.com"]) is SLOW                   # the pattern
    assert check(["a.example.com:70000"]) is SLOW               # the catalog check would warn (port)
    assert fl.fast_string_list({"type": "string_list", "rules": {"item_check": "workspace_folder"}}) is None
    assert fl.fast_string_list({"type": "string_list", "rules": {}, "fields": {"a": {}}}) is None


def test_an_object_list_with_simple_fields():
    spec = {"type": "object_list", "rules": {}, "fields": {
        "name": {"type": "string", "required": True, "rules": {}}, "on": {"type": "boolean", "rules": {}}}}
    check = fl.fast_object_list(spec)
    assert check([{"name": "a", "on": True}]) == [{"name": "a", "on": True}]
    assert check([{"on": True}]) is SLOW and check([{"name": "a", "other": 1}]) is SLOW and check({}) is SLOW
    deprecated = {"type": "object_list", "rules": {}, "fields": {"x": {"type": "string", "deprecated": {"message": "old"}, "rules": {}}}}
    assert fl.fast_object_list(deprecated) is None


def test_an_object_list_of_strings_or_objects_with_an_item_check():
    spec = {"type": "object_list", "items": "string_or_object", "check": "model", "rules": {}}
    check = fl.fast_object_list(spec)
    assert check(["model-a", {"name": "b", "prefer1m": True, "supports1m": True}]) is not SLOW
    assert check(["  "]) is SLOW and check(["a\x01"]) is SLOW and check([3]) is SLOW
    assert check([{"name": "b", "prefer1m": True}]) is SLOW       # check_model would warn (needs_supports1m)
    assert fl.fast_object_list({"type": "object_list", "rules": {}})(["x"]) is SLOW     # strings only if allowed
    assert fl.fast_object_list(dict(spec, legacy_record_form="write a list")) is None
    assert fl.fast_object_list({"type": "object_list", "rules": {"min_items": 1}}) is None
    assert fl.fast_object_list({"type": "object_list", "check": "marketplace", "rules": {}}) is None
