# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fast checkers of scalar values (see fast.py): ``checker(value)`` -> the value when clean, else SLOW.
A builder returns None when it was not taught every rule of the spec (the key then has no fast checker)."""

from __future__ import annotations

import math
import re
from typing import Any, Callable

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.characters import CONTROL, HEADER_UNSAFE
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.plain import MAX_INTEGER

SLOW = object()     # "not sure": the full rules decide
_STRING_RULES = frozenset(("min_length", "max_length", "single_line", "pattern", "pattern_hint",
                           "url", "url_no_suffix", "url_no_query", "url_origin"))
_CLEAN_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?(/[A-Za-z0-9._~/-]*)?\Z")


def _url(rules):
    mode = rules["url"]
    schemes = ("https",) if mode == "https" else ("http", "https") if mode == "http_or_https" else None
    if schemes is None:
        return None
    origin, suffixes = rules.get("url_origin"), tuple(suffix.lower() for suffix in rules.get("url_no_suffix") or ())

    def clean(value):
        match = _CLEAN_URL.match(value)     # no user:password@, query, fragment, white space or IPv6 literal
        if match is None or match.group(1).lower() not in schemes:
            return False
        if match.group(3) is not None and int(match.group(3)) > 65535:
            return False
        if origin and match.group(4) not in (None, "/"):
            return False
        return not value.lower().endswith(suffixes)     # (/V1 is /v1 to a server)
    return clean


def _string(spec):
    rules = spec.get("rules") or {}
    if not _STRING_RULES.issuperset(rules):
        return None
    low, high, single = rules.get("min_length"), rules.get("max_length"), rules.get("single_line")
    pattern = re.compile(rules["pattern"]) if "pattern" in rules else None
    url = _url(rules) if "url" in rules else None
    if "url" in rules and url is None:
        return None
    secret = spec.get("secret", False)

    def check(value):
        if not isinstance(value, str) or CONTROL.search(value):
            return SLOW
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            return SLOW
        if single and ("\n" in value or "\r" in value):
            return SLOW
        if pattern is not None and pattern.search(value) is None:
            return SLOW
        if url is not None and not url(value):
            return SLOW
        if secret and (value != value.strip() or HEADER_UNSAFE.search(value)):
            return SLOW
        return value
    return check


def _number(spec):
    kind, rules = spec["type"], spec.get("rules") or {}
    if not {"min", "max"}.issuperset(rules):
        return None
    low, high = rules.get("min"), rules.get("max")
    kinds = int if kind == "integer" else (int, float)

    def number(value):
        if isinstance(value, bool) or not isinstance(value, kinds):
            return SLOW
        if kind == "number" and isinstance(value, float) and not math.isfinite(value):
            return SLOW
        if not -MAX_INTEGER <= value <= MAX_INTEGER:
            return SLOW
        if (low is not None and value < low) or (high is not None and value > high):
            return SLOW
        return value
    return number


def fast_scalar(spec: dict) -> Callable[[Any], Any] | None:
    """The fast checker of a boolean, integer, number, enum or string spec, or None."""
    kind = spec["type"]
    if kind == "boolean":
        return lambda value: value if value is True or value is False else SLOW
    if kind in ("integer", "number"):
        return _number(spec)
    if kind == "enum":
        allowed = frozenset(spec.get("allowed") or ())
        return lambda value: value if isinstance(value, str) and value in allowed else SLOW
    if kind == "string":
        return _string(spec)
    return None
