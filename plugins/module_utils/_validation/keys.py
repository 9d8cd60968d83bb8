# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One top-level key of the document: an old name, an UNCONFIRMED key, its value's type and rules, its
releases; or a name the app does not know."""

from __future__ import annotations

from typing import Any, Mapping

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import lookup, suggest
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import key_is_secret, looks_secret
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID, Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import WARNING, Problem, show
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.releases import check_releases
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.renderable import renderable


def old_name(ctx: Context, entry: dict, alias: dict, key: str, settings: Mapping) -> bool:
    """Report a key written with its old name; False when the current name is set too (the key is dropped)."""
    name = entry["name"]
    if name in settings:
        ctx.error(key, None, "duplicate_alias", "is the old name of %s, and both are set" % name, "remove %s" % key)
        return False
    del alias       # the old name's own life (releases, cut-off) is judged with every name by _releases
    return True


def check_key(ctx: Context, entry: dict, key: str, value: Any) -> Any:
    """The normalised value of a known key, or INVALID; every problem reported on the way."""
    secret = entry["secret"]
    ctx.lenient = entry["confidence"] == "unconfirmed"
    if ctx.lenient:
        ctx.problems.append(Problem(WARNING, key, None, "unconfirmed",
                                    "is not confirmed by the vendor's configuration reference (%s); it is rendered "
                                    "as given and its rules are not enforced" % (entry["unconfirmed"] or "UNCONFIRMED")))
    hard = ctx.hard
    result = ctx.coerce(entry, value, key, secret)
    if result is INVALID and ctx.lenient and ctx.hard == hard:
        result = value      # an UNCONFIRMED rule said no: rendered as given (it can be rendered)
    ctx.lenient = False
    if result is not INVALID and not renderable(ctx, result, key, secret):
        result = INVALID
    check_releases(ctx, entry, key, value, result, secret)
    return result


def unknown_key(ctx: Context, key: str, value: Any, settings: Mapping) -> None:
    guess = suggest(key)
    head = key.partition(".")[0]
    secret = looks_secret(key) or (guess is not None and key_is_secret(guess)) or ("." in key and key_is_secret(head))
    shown = show(value, secret)
    if "." in key:
        head, _sep, tail = key.partition(".")
        parent, _alias = lookup(head)
        if parent is not None:
            ctx.error(key, shown, "dotted_key", "dotted names are never read by the app",
                      "put %s inside the %s %s instead"
                      % (show(tail), head, "object" if parent["type"] == "object" else "value"))
            return
    if guess and guess != key:
        hint = "did you mean %s?" % guess
        if guess in settings:
            hint += " (it is also set; remove this one)"
    else:
        hint = "check the spelling against the vendor's configuration reference"
    ctx.error(key, shown, "unknown_key", "is not a key the app knows; the app silently ignores unknown keys", hint)
