# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The check table of ``_gw_plan`` in words: the line of gateway_check's DOCUMENTATION and the table of
docs/gateway-preflight.md (tests hold both equal to what these functions write)."""

from __future__ import annotations

import re

from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_plan import TABLE

DOCS_BEGIN = "<!-- checks table: generated from _gw_plan.TABLE by _gw_docs.markdown_table -->"
DOCS_END = "<!-- end of checks table -->"


def _rules(row):
    """The row's skip rules and requirement, in words (module-doc markup)."""
    rules = []
    if row["required"] is False:
        rules.append("never required")
    elif isinstance(row["required"], str):
        rules.append("required only when C(%s) is set" % row["required"])
    if row["https_only"]:
        rules.append("skipped when the URL is not https")
    if row["needs"]:
        rules.append("skipped when C(%s) failed" % row["needs"])
    if row["stops_all"]:
        rules.append("when the URL is unusable no request is sent" if row["check"] is None
                     else "when it fails the later checks are skipped")
    if row["check"] is not None and row["after_timeout"] == "skip":
        rules.append("skipped, not failed, after a request ran out of time")
    return rules


def module_doc_line() -> str:
    """The description item of gateway_check's DOCUMENTATION that lists the checks."""
    parts = ["C(%s) (%s)" % (row["name"], "; ".join([row["doc"]] + _rules(row))) for row in TABLE]
    return ("Runs these checks in this order, each reported as C(pass), C(fail), C(warn) or C(skip) with its timing "
            "and a one-line reason: %s. Once a request runs out of time, the later checks are not run and count as "
            "failed." % "; ".join(parts))


def _markdown(text):
    return re.sub(r"C\(([^)]*)\)", r"`\1`", text)


def markdown_table() -> str:
    """The table of the docs page: check, what it sends and proves, required, when it is skipped."""
    lines = [DOCS_BEGIN, "", "| Order | Check | What it tests | Required | Skipped or stops others |",
             "|---|---|---|---|---|"]
    for index, row in enumerate(TABLE, 1):
        rules = _rules(row)
        required = "yes" if row["required"] is True else ("no" if row["required"] is False
                                                          else "when `%s` is set" % row["required"])
        rules = [r for r in rules if not r.startswith(("never required", "required only"))]
        lines.append("| %d | `%s` | %s | %s | %s |" % (index, row["name"], _markdown(row["doc"]), required,
                                                       _markdown("; ".join(rules)) or "-"))
    lines += ["", DOCS_END]
    return "\n".join(lines)
