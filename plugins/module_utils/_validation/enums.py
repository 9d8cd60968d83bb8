# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The type coercion of the catalog type enum: a documented value, a deprecated one (with its replacement and
cut-off), or the closest documented value as a hint."""

from __future__ import annotations

import difflib
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID, Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show


def enum(ctx: Context, spec: dict, value: Any, path: str, secret: bool, nested: bool) -> Any:
    allowed = tuple(spec.get("allowed") or ())
    if isinstance(value, bool) and ("off" in allowed or "on" in allowed):
        return ctx.type_error(path, value, secret, "one of %s" % ", ".join(allowed),
                              "YAML reads unquoted on/off as booleans; write '%s' in quotes" % ("off" if not value else "on"))
    if not isinstance(value, str):
        return ctx.type_error(path, value, secret, "one of %s" % ", ".join(allowed))
    if value in allowed:
        return value
    deprecated = _deprecated_values(spec)
    if value in deprecated:
        info = deprecated[value]
        hint = info.get("message", "")
        if info.get("replacement"):
            hint = (hint + "; " if hint else "") + "replace it with %s" % show(info["replacement"])
        elif not hint:
            hint = "remove it (no direct replacement; see the vendor's configuration changelog)"
        ctx.deprecation(path, show(value, secret), "deprecated_value", "the value %s is deprecated" % show(value),
                        info.get("cutoff"), hint)
        return value
    close = [a for a in allowed if a.lower() == value.strip().lower()] or \
        difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    hint = "did you mean %s?" % show(close[0]) if close else ""
    if not spec.get("allowed_strict", True):
        ctx.warn(path, show(value, secret), "enum", "is not one of the documented values (%s); the documented list "
                 "may be out of date" % ", ".join(allowed), hint)
        return value
    ctx.error(path, show(value, secret), "enum", "must be one of %s" % ", ".join(allowed), hint)
    return INVALID


def _deprecated_values(spec):
    """value -> {replacement, message, cutoff} of an enum: deprecated_values, then rules.value_deprecated."""
    deprecated = dict(spec.get("deprecated_values") or {})
    for old, new in ((spec.get("rules") or {}).get("value_deprecated") or {}).items():
        info = dict(new) if isinstance(new, dict) else {"replacement": new}
        info.setdefault("cutoff", catalog.DEPRECATION_CUTOFF)
        deprecated.setdefault(old, info)
    return deprecated
