# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-key rules: conditions between keys, checked once every key has its normalised value.

CROSS_RULES is the table, in the order the rules report: (the keys the rule reads, or None for every document;
the rule). A document that sets none of a rule's keys skips it (most documents touch few families). Adding a
rule (a provider rule, a rule between keys): a function ``rule(ctx, settings, given, present)`` and one row."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import cross_accounts, cross_provider, cross_rules
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context

CROSS_RULES = (
    (None, cross_provider.provider_set),
    (None, cross_provider.provider_keys),
    (cross_rules.GROUP_KEYS, cross_rules.key_groups),
    (cross_rules.DEPENDENCY_KEYS, cross_rules.dependencies),
    (cross_rules.CONFLICT_KEYS, cross_rules.conflicts),
    (cross_rules.SURFACE_KEYS, cross_rules.surfaces),
    (cross_accounts.BROKER_KEYS, cross_accounts.broker_issuer),
    (None, cross_accounts.claude_ai_import),       # (reads what the claude_ai_import check left in ctx.pending)
)


def check_cross_rules(ctx: Context, settings: dict, given: set) -> None:
    """settings: normalised values by current name; given: the current names the document set."""
    present = set(settings)
    for keys, rule in CROSS_RULES:
        if keys is None or not present.isdisjoint(keys):
            rule(ctx, settings, given, present)
