# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What runs once every key of a document is read (document.py): what the target release does with each name
from this source, the selected provider's rules, the cross-key rules, then the last scrub of every message."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils import _providers, _releases
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import lookup
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import mask_value, scrub, secret_strings
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.cross import check_cross_rules
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import Problem, cut, show
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.report import Report


def finish(ctx: Context, normalised: dict, decoded: dict, given: set, spelled: list) -> Report:
    """The Report of a document. normalised: values by current name; decoded: every key as written; given: the
    current names set; spelled: (the name as written, its current name) in document order."""
    for key, verdict in _releases.document_verdicts([key for key, _name in spelled], ctx.target, ctx.now,
                                                    ctx.source).items():
        ctx.problems.append(Problem(verdict.level, key, None if verdict.rule == "deprecated_name" else show(
            mask_value(key, decoded.get(key)), lookup(key)[0]["secret"]), verdict.rule, verdict.message, verdict.hint))
    for found in _providers.findings(normalised):
        ctx.problems.append(Problem(found.level, found.key, None if found.value is None else show(found.value),
                                    found.rule, found.message, found.hint))
    check_cross_rules(ctx, normalised, given)
    # Keep the admin's spelling (an old name stays old) in the normalised output.
    out = {key: normalised[name] for key, name in spelled if name in normalised}
    scrub_messages(ctx.problems, decoded)
    return Report(out, decoded, ctx.problems)


def scrub_messages(problems: list, decoded: dict) -> None:
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
