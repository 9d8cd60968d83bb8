# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-key rules: conditions between keys, checked once every key has its normalised value.

CROSS_RULES is the table, in the order the rules report. Adding one (a provider rule, a rule between keys):
a function ``rule(ctx, settings, given, present)`` and one row here."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import cross_provider, cross_rules

CROSS_RULES = (
    cross_provider.provider_set,
    cross_provider.provider_keys,
    cross_rules.key_groups,
    cross_rules.dependencies,
    cross_rules.conflicts,
    cross_rules.surfaces,
    cross_rules.broker_issuer,
    cross_rules.claude_ai_import,
)


def check_cross_rules(ctx, settings: dict, given: set) -> None:
    """settings: normalised values by current name; given: the current names the document set."""
    present = set(settings)
    for rule in CROSS_RULES:
        rule(ctx, settings, given, present)
