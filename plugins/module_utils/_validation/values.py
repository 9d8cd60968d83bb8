# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The value rules: what a string or a number of the right type must also satisfy (catalog ``rules``).

VALUE_RULES is the one table: a row is (kind of value, the rule word of the catalog that turns the rule on or
None for always, function). Rows run in table order, which is the order of the messages. Adding a rule is one
function ``rule(ctx, rules, value, path, secret)`` (here, or in a file of its own like urls.py and paths.py)
and one row."""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.characters import CONTROL, HEADER_UNSAFE
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.paths import path_or_spacing
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.urls import check_url


def control_characters(ctx: Context, rules: dict, value: str, path: str, secret: bool) -> None:
    bad = CONTROL.search(value)
    if bad:
        ctx.error(path, show(value, secret), "control_characters",
                  "contains the control character U+%04X, which a plist cannot carry" % ord(bad.group(0)),
                  "remove it; tabs and line breaks are the only control characters allowed")


def min_length(ctx: Context, rules: dict, value: str, path: str, secret: bool) -> None:
    if len(value) < rules["min_length"]:
        ctx.error(path, show(value, secret), "min_length",
                  "must not be empty" if rules["min_length"] == 1 else
                  "must be at least %d characters" % rules["min_length"],
                  "use a placeholder such as 'unused' if the gateway needs no key" if secret else "")


def max_length(ctx: Context, rules: dict, value: str, path: str, secret: bool) -> None:
    if len(value) > rules["max_length"]:
        ctx.error(path, show(value, secret), "max_length",
                  "is %d characters long; the limit is %d" % (len(value), rules["max_length"]), "shorten it")


def line_breaks(ctx: Context, rules: dict, value: str, path: str, secret: bool) -> None:
    """A secret travels in an HTTP header (no control character at all); single_line keys take no line break."""
    if secret and HEADER_UNSAFE.search(value):
        ctx.error(path, show(value, secret), "header_value",
                  "contains a line break or control character; the value is sent in an HTTP header, "
                  "which cannot carry it (header injection)", "remove the line breaks and control characters")
    elif rules.get("single_line") and ("\n" in value or "\r" in value):
        ctx.error(path, show(value, secret), "single_line", "must be a single line", "remove the line breaks")


def pattern(ctx: Context, rules: dict, value: str, path: str, secret: bool) -> None:
    if not re.search(rules["pattern"], value):
        ctx.error(path, show(value, secret), "pattern", "does not match %s" % rules["pattern"],
                  rules.get("pattern_hint", ""))


def number_range(ctx: Context, rules: dict, value: int | float, path: str, secret: bool) -> None:
    low, high = rules.get("min"), rules.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            what = "must be between %s and %s" % (low, high)
        elif low is not None:
            what = "must be at least %s" % low
        else:
            what = "must be at most %s" % high
        ctx.error(path, show(value, secret), "range", what)


VALUE_RULES = (
    ("string", None, control_characters),
    ("string", "min_length", min_length),
    ("string", "max_length", max_length),
    ("string", None, line_breaks),
    ("string", "pattern", pattern),
    ("string", "url", check_url),
    ("string", None, path_or_spacing),
    ("number", None, number_range),
)


def check_value(ctx: Context, kind: str, rules: dict, value: Any, path: str, secret: bool) -> None:
    """Run the value rules of one kind ('string' or 'number') that ``rules`` turns on."""
    for row_kind, word, rule in VALUE_RULES:
        if row_kind == kind and (word is None or word in rules):
            rule(ctx, rules, value, path, secret)
