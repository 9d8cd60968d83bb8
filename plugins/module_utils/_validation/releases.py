# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per key, per release: a key's deprecation or removal, and the release a key or one of its values needs.

RELEASE_CHECKS is the table, run for every recognised key after its value is coerced, in row order. A check is
``check(ctx, entry, key, value, result, secret)``: entry the catalog entry, key as the admin spelled it, value
as given, result the coerced value (or INVALID). Adding a per-release check: one function and one row."""

from __future__ import annotations

from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import mask_value
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.versions import compare_versions, parse_version

_VALUE_SINCE_KEYS = frozenset(name for name, _value in catalog.VALUE_SINCE)


def key_deprecated(ctx: Context, entry: dict, key: str, value: Any, result: Any, secret: bool) -> None:
    dep = entry.get("deprecated")
    if not dep:
        return
    shown = show(mask_value(key, value), secret)
    removed = dep.get("removed_in")
    hint = "use %s" % dep["replacement"] if dep.get("replacement") else "remove it"
    if not removed:
        ctx.deprecation(key, shown, "deprecated_key", dep["message"], dep.get("cutoff"), hint)
    elif ctx.target is not None and compare_versions(ctx.target, parse_version(removed)) < 0:
        ctx.warn(key, shown, "removed", "%s (your target %s still reads it)"
                 % (dep["message"], ".".join(map(str, ctx.target))), hint)
    else:
        ctx.error(key, shown, "removed", dep["message"], hint)


def value_since(ctx: Context, entry: dict, key: str, value: Any, result: Any, secret: bool) -> None:
    name = entry["name"]
    if name in _VALUE_SINCE_KEYS and isinstance(result, str) and (name, result) in catalog.VALUE_SINCE:
        ctx.since(key, catalog.VALUE_SINCE[(name, result)], show(mask_value(key, result), secret))


# (a key's own first release, and the sources a release reads it from, are judged once per document by
# module_utils/_releases.py: see document.py)
RELEASE_CHECKS = (key_deprecated, value_since)


def check_releases(ctx: Context, entry: dict, key: str, value: Any, result: Any, secret: bool) -> None:
    for check in RELEASE_CHECKS:
        check(ctx, entry, key, value, result, secret)
