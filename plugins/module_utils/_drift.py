# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compare what a host has with what it should have, by meaning (not bytes)."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate


def drift(actual: dict, desired: dict) -> dict:
    """{missing, unexpected, changed}: sorted key names.

    Both sides are decoded with the catalog first, so "true" and True, or a JSON
    string and the list it encodes, compare equal.
    """
    have = validate(actual or {}).decoded
    want = validate(desired or {}).decoded
    return {
        "missing": sorted(k for k in want if k not in have),
        "unexpected": sorted(k for k in have if k not in want),
        "changed": sorted(k for k in want if k in have and have[k] != want[k]),
    }


def in_sync(actual: dict, desired: dict) -> bool:
    found = drift(actual, desired)
    return not (found["missing"] or found["unexpected"] or found["changed"])
