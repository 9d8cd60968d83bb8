# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fast checkers of lists (see fast.py): string_list and object_list, their items' catalog checks through
the Probe of fast_probe.py."""

from __future__ import annotations

import re
from typing import Any, Callable

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.characters import CONTROL
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast_probe import item_check, silent
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast_values import SLOW, fast_scalar


def fast_string_list(spec: dict) -> Callable[[Any], Any] | None:
    rules = spec.get("rules") or {}
    if not {"item_check", "item_pattern"}.issuperset(rules) or spec.get("fields"):
        return None
    check = item_check(rules.get("item_check"))
    if check is False:
        return None
    allowed = frozenset(spec["allowed"]) if spec.get("allowed") else None
    pattern = re.compile(rules["item_pattern"]) if "item_pattern" in rules else None

    def string_list(value):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value) \
                or len(set(value)) != len(value):
            return SLOW     # (a repeated entry gets a warning)
        for item in value:
            if CONTROL.search(item) or (allowed is not None and item not in allowed):
                return SLOW
            if pattern is not None and pattern.search(item) is None:
                return SLOW
            if check is not None and not silent(check, item, None):
                return SLOW
        return value
    return string_list


def _fields(fields):
    """Checker of an object's fields (every field a simple type, none deprecated), or None."""
    checkers = {}
    for name, spec in fields.items():
        simple = not (spec.get("deprecated") or spec.get("check") or spec.get("fields"))
        checkers[name] = fast_scalar(spec) if simple else None
        if checkers[name] is None:
            return None
    required = tuple(name for name, spec in fields.items() if spec.get("required"))

    def fields_ok(item):
        for name, field in item.items():
            checker = checkers.get(name)      # an undocumented field gets a warning
            if checker is None or checker(field) is SLOW:
                return False
        return all(name in item for name in required)
    return fields_ok


def fast_object_list(spec: dict) -> Callable[[Any], Any] | None:
    rules = spec.get("rules") or {}
    if not {"item_check"}.issuperset(rules) or spec.get("legacy_record_form"):
        return None
    check = item_check(rules.get("item_check") or spec.get("check"))
    fields_ok = _fields(spec["fields"]) if spec.get("fields") else None
    if check is False or (spec.get("fields") and fields_ok is None):
        return None
    strings_ok = spec.get("items") == "string_or_object"

    def object_list(value):
        if not isinstance(value, list):
            return SLOW
        for item in value:
            if isinstance(item, str) and strings_ok:
                if CONTROL.search(item) or not item.strip():
                    return SLOW
            elif not isinstance(item, dict) or (fields_ok is not None and not fields_ok(item)):
                return SLOW
            if check is not None and not silent(check, item, value):
                return SLOW
        return value
    return object_list
