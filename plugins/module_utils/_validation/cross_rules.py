# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cross-key rules read from the catalog's tables: key groups, dependencies, conflicts, surfaces (the two rules
of their own, broker sign-in and the claude.ai import, are in cross_accounts.py). A rule is
``rule(ctx, settings, given, present)``: settings are the normalised values, given the current names the admin
set, present the set of their names.

The keys each family reads are worked out once from the catalog (GROUP_KEYS...): cross.py skips a family when
the document sets none of them."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import encode_string
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import ERROR

GROUP_KEYS = frozenset(key for group in catalog.KEY_GROUPS for key in group["keys"])
DEPENDENCY_KEYS = frozenset(rule["key"] for rule in catalog.DEPENDENCIES)
CONFLICT_KEYS = frozenset(rule["key"] for rule in catalog.CONFLICTS)
SURFACE_KEYS = frozenset(catalog.SURFACE_KEYS)


def condition(settings: dict, spec: str) -> bool:
    """'key' -> present; 'key=value' -> present and equal (compared as encoded text)."""
    name, sep, wanted = spec.partition("=")
    if name not in settings:
        return False
    if not sep:
        return True
    try:
        return encode_string(settings[name]) == wanted
    except (TypeError, ValueError):
        return False


def describe(spec: str) -> str:
    """'key=value' as a message shows it."""
    name, sep, wanted = spec.partition("=")
    return "%s: %s" % (name, wanted) if sep else name


def key_groups(ctx: Context, s: dict, given: set, present: set) -> None:
    for group in catalog.KEY_GROUPS:
        have = [k for k in group["keys"] if k in present]
        if have and len(have) != len(group["keys"]):
            missing = [k for k in group["keys"] if k not in present]
            ctx.error(missing[0], None, "key_group", "is missing while %s %s set: %s"
                      % (", ".join(have), "is" if len(have) == 1 else "are", group["why"]),
                      "set all of %s, or none" % ", ".join(group["keys"]))


def dependencies(ctx: Context, s: dict, given: set, present: set) -> None:
    for rule in catalog.DEPENDENCIES:
        key = rule["key"]
        if key not in present or ("when" in rule and s[key] != rule["when"]):
            continue
        missing = [r for r in rule["requires"] if not condition(s, r)]
        if missing:
            ctx.add(rule.get("level", ERROR), key, None, "requires",
                    "needs %s: %s" % (" and ".join(describe(m) for m in missing), rule["why"]),
                    rule.get("hint", "set %s" % " and ".join(describe(m) for m in missing)))


def conflicts(ctx: Context, s: dict, given: set, present: set) -> None:
    for rule in catalog.CONFLICTS:
        key = rule["key"]
        if key not in present or ("when" in rule and s[key] != rule["when"]):
            continue
        hits = [c for c in rule["conflicts"] if condition(s, c)]
        if not hits:
            continue
        if rule.get("level") == "deprecated":
            ctx.deprecation(key, None, "deprecated_combination", "together with %s is deprecated: %s"
                            % (", ".join(describe(h) for h in hits), rule["why"]), rule.get("cutoff"), rule.get("hint", ""))
        else:
            ctx.add(rule.get("level", ERROR), key, None, "conflict",
                    "together with %s: %s" % (", ".join(describe(h) for h in hits), rule["why"]), rule.get("hint", ""))


def surfaces(ctx: Context, s: dict, given: set, present: set) -> None:
    found = [k for k in catalog.SURFACE_KEYS if k in present]
    if found and not any(s.get(k, BY_NAME[k]["default"]) for k in catalog.SURFACE_KEYS):
        ctx.warn(found[0], None, "surfaces", "turns off every surface (%s); the app re-enables Cowork with a warning"
                 % ", ".join(catalog.SURFACE_KEYS), "leave at least one of them on")
