# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One document, key by key: read each value within the bounds, take the fast path or check the key, then the
cross-key rules, then the last scrub of every message."""

from __future__ import annotations

import json

from ansible_collections.cowork3p.fleet.plugins.module_utils import _providers, _releases
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME, lookup
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import mask_value, scrub, secret_strings
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import keys
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.characters import CONTROL
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.cross import check_cross_rules
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast import FAST, FAST_SINCE, SLOW
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.plain import (
    MAX_TEXT, MAX_VALUES, PLAIN_SCALARS, Unreadable, safe_str, size, to_plain,
)
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import (
    DOCUMENT, ERROR, Problem, Report, cut, show,
)
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.versions import compare_versions


def check_document(ctx, settings, allow_empty: bool) -> Report:
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
            if type(raw_value) is str and len(raw_value) <= MAX_TEXT or type(raw_value) in PLAIN_SCALARS:  # pylint: disable=unidiomatic-typecheck
                value = raw_value       # what to_plain returns for these, without two calls
            else:
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
    # what the target release does with each name from this source, then the selected provider's rules
    for key, verdict in _releases.document_verdicts([key for key, _name in spelled], target, ctx.now,
                                                    ctx.source).items():
        ctx.problems.append(Problem(verdict.level, key, None if verdict.rule == "deprecated_name" else show(
            mask_value(key, decoded.get(key)), lookup(key)[0]["secret"]), verdict.rule, verdict.message, verdict.hint))
    for found in _providers.findings(normalised):
        ctx.problems.append(Problem(found.level, found.key, None if found.value is None else show(found.value),
                                    found.rule, found.message, found.hint))
    check_cross_rules(ctx, normalised, given)
    # Keep the admin's spelling (an old name stays old) in the normalised output.
    out = {key: normalised[name] for key, name in spelled if name in normalised}
    _finish(ctx.problems, decoded)
    return Report(out, decoded, ctx.problems)


def _finish(problems, decoded):
    """Defence in depth: whatever path a message took, no secret string of the input survives in it. Very short
    strings are left out: masking every "a" would garble the text while the direct masking already covers values
    of any length. Then the value and hint are cut to a readable length."""
    secrets = [item for item in secret_strings(decoded) if len(item) >= 6] if problems else []
    for problem in problems:
        if secrets:
            problem.key = scrub(problem.key, secrets)
            problem.value = scrub(problem.value, secrets) if isinstance(problem.value, str) else problem.value
            problem.message = scrub(problem.message, secrets)
            problem.hint = scrub(problem.hint, secrets)
        problem.value = cut(problem.value, 160)
        problem.hint = cut(problem.hint, 400)
