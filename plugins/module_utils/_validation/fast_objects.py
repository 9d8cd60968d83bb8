# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fast checker of maps (see fast.py): the catalog type object without fields (header maps, tool permissions)."""

from __future__ import annotations

from typing import Any, Callable

from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import looks_secret
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.characters import (
    CONTROL, CREDENTIAL_HEADERS, HEADER_NAME, HEADER_VALUE_BAD, is_header_map,
)
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast_values import SLOW

_OBJECT_RULES = frozenset(("value_type", "header_map", "no_credential_headers"))


def fast_object(spec: dict) -> Callable[[Any], Any] | None:
    rules = spec.get("rules") or {}
    if not _OBJECT_RULES.issuperset(rules) or spec.get("fields") or spec.get("check"):
        return None
    strings_only, no_credentials = rules.get("value_type") == "string", rules.get("no_credential_headers")
    headers = is_header_map(spec)

    def mapping(value):
        if not isinstance(value, dict):
            return SLOW
        for name, item in value.items():
            if (HEADER_NAME.match(name) is None) if headers else (CONTROL.search(name) is not None):
                return SLOW
            if isinstance(item, str):
                if (HEADER_VALUE_BAD.search(item) if headers else
                        (CONTROL.search(item) or (strings_only and "\n" in item))):
                    return SLOW
            elif strings_only or not isinstance(item, int):     # (bool is an int)
                return SLOW
            if no_credentials and (looks_secret(name) or name.lower() in CREDENTIAL_HEADERS):
                return SLOW
        return value
    return mapping
