# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One document, key by key: read each value within the bounds, take the fast path or check the key; then
finish.py (what the target release does with each name, the provider's rules, the cross-key rules, the scrub)."""

from __future__ import annotations

import json
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME, lookup
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import keys
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.characters import CONTROL
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID, Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast import FAST, FAST_SINCE, SLOW
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.finish import finish
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.plain import MAX_VALUES, safe_str, size
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import DOCUMENT, ERROR, Problem, cut, show
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.reading import Unreadable, to_plain
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.report import Report
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.versions import compare_versions


def check_document(ctx: Context, settings: Any, allow_empty: bool) -> Report:
    """The Report of a settings mapping; ctx holds the problems found before (a bad desktop_version)."""
    if settings is None:
        settings = {}
    if not (isinstance(settings, dict) or hasattr(settings, "items")):
        ctx.error(DOCUMENT, show(type(settings).__name__), "type",
                  "the settings document must be a mapping of key names to values")
        return Report({}, {}, ctx.problems)
    count = size(settings)
    if not count and not allow_empty:
        ctx.error(DOCUMENT, None, "empty",
                  "is empty (no settings, or only comments); rendered, it would mark devices as managed with no "
                  "provider", "give the settings, or set allow_empty: true to render an empty document on purpose")
        return Report({}, {}, ctx.problems)
    budget = ctx.budget = [MAX_VALUES - count]
    if budget[0] < 0:
        ctx.error(DOCUMENT, None, "size", "has %d keys; a settings document has at most %d values"
                  % (count, MAX_VALUES), "check that this is a settings document")
        return Report({}, {}, ctx.problems)
    normalised, decoded, given, spelled = {}, {}, set(), []
    target = ctx.target
    for raw_key, raw_value in settings.items():
        if not isinstance(raw_key, str):
            ctx.error(safe_str(raw_key)[:80], None, "key_type", "key names must be strings", "quote the key in YAML")
            continue
        key = str(raw_key)
        entry, alias = BY_NAME.get(key), None     # (the current name, nearly always: no call to lookup())
        if entry is None:
            entry, alias = lookup(key)
        if entry is None and (len(key) > 200 or CONTROL.search(key)):
            ctx.error(cut(json.dumps(key), 80), None, "unknown_key",
                      "is not a key the app knows (a key name is at most 200 characters, without control "
                      "characters)", "check the spelling against the vendor's configuration reference")
            continue
        try:
            value = to_plain(raw_value, key, ctx.problems, budget)
        except Unreadable as exc:
            ctx.problems.append(Problem(ERROR, exc.path if exc.rule == "vault" else key, None, exc.rule, exc.message,
                                        exc.hint))
            decoded[key] = None
            if exc.rule == "size":
                break       # the budget of the whole document is spent: the other keys are not read
            continue
        decoded[key] = value
        if entry is None:
            keys.unknown_key(ctx, key, value, settings)
            continue
        if alias is None:
            fast = FAST.get(key)        # (inlined: this loop is most of the render benchmark's validation time)
            if fast is not None and (target is None or not FAST_SINCE[key] or compare_versions(FAST_SINCE[key], target) <= 0):
                result = fast(value)
                if result is not SLOW:      # a clean value: nothing to report, nothing to convert
                    given.add(key)
                    spelled.append((key, key))
                    normalised[key] = decoded[key] = result
                    continue
        elif not keys.old_name(ctx, entry, alias, key, settings):
            continue
        name = entry["name"]
        given.add(name)
        spelled.append((key, name))
        result = keys.check_key(ctx, entry, key, value)
        if result is not INVALID:
            normalised[name] = result
            decoded[key] = result
    return finish(ctx, normalised, decoded, given, spelled)
