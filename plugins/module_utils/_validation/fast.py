# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fast path: clean values answered without the full rules (it keeps rendering within 3x its floor;
without it the render benchmark measured 3.9-4.0x).

Nearly every value in a fleet's documents is plain and clean: a string that matches its pattern, a number in
range, a documented enum value, a list of clean host names. For such values a checker compiled once per catalog
key, from the same rule data, answers with a few operations. Whenever it is not sure (a value that could get any
problem, a rule it was not taught, a target release older than the key) it says SLOW and the full rules decide;
they remain the only place a message is written. tests/unit/plugins/module_utils/validation/test_fast.py proves
that validation with and without this path gives identical reports."""

from __future__ import annotations

from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast_lists import fast_object_list, fast_string_list
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast_objects import fast_object
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast_values import SLOW, fast_scalar
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.versions import compare_versions, parse_version

__all__ = ("FAST", "FAST_SINCE", "SLOW", "fast_value")


def _newest_since(entry):
    """The newest release the key's checks name (its own since, its fields', its values'), or None: with a
    target release older than that, the full rules run (they warn)."""
    versions = [parse_version(entry.get("since"))]
    versions += [parse_version(field.get("since")) for field in (entry.get("fields") or {}).values()]
    versions += [parse_version(since) for (name, _value), since in catalog.VALUE_SINCE.items() if name == entry["name"]]
    versions = [v for v in versions if v is not None]
    return max(versions, key=lambda v: v + (0,) * (8 - len(v))) if versions else None


def _fast_checker(entry):
    kind = entry["type"]
    if entry["confidence"] == "unconfirmed" or entry.get("deprecated"):
        return None     # every value of such a key gets a warning
    if entry.get("deprecated_values") and kind != "enum":     # (an enum answers for its documented values first)
        return None
    if entry.get("check") and kind != "object_list":
        return None
    builder = {"string_list": fast_string_list, "object_list": fast_object_list, "object": fast_object}
    return builder.get(kind, fast_scalar)(entry)


FAST = {}            # key name -> checker: the normalised value, or SLOW
FAST_SINCE = {}      # key name -> _newest_since (None: the key names no release)
for _entry in BY_NAME.values():
    _checker = _fast_checker(_entry)
    if _checker is not None:
        FAST[_entry["name"]] = _checker
        FAST_SINCE[_entry["name"]] = _newest_since(_entry)


def fast_value(key: str, value: Any, target: tuple | None) -> Any:
    """The clean value of a key under its current name, or SLOW (the full rules must look)."""
    checker = FAST.get(key)
    if checker is None:
        return SLOW
    newest = FAST_SINCE[key]
    if target is not None and newest and compare_versions(newest, target) > 0:
        return SLOW     # the target release is older than something the key's checks name
    return checker(value)
