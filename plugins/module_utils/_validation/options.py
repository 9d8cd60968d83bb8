# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of the artifacts (profile texts, file name): validated like keys."""

from __future__ import annotations

import re

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.characters import CONTROL
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import ERROR, Problem, cut, show

MAX_OPTION = 1000       # characters of a profile text or file name
_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]$")
_OPTION_KINDS = {
    "basename": "file_name",
    "profile_identifier": "identifier", "identifier": "identifier",
    "profile_display_name": "line", "display_name": "line",
    "profile_organization": "line", "organization": "line",
    "profile_description": "text", "description": "text",
}


def validate_options(options: dict) -> list:
    """Problems (errors) of the artifact options: a profile's texts go into XML, a basename names files.

    options: {name: value}, names as the caller's user writes them (profile_organization or organization);
    None values are left out (the defaults apply)."""
    problems = []

    def error(name, value, rule, message, hint=""):
        problems.append(Problem(ERROR, name, cut(show(value), 160), rule, message, hint))

    for name, value in options.items():
        kind = _OPTION_KINDS.get(name)
        if kind is None or value is None:
            continue
        if not isinstance(value, str):
            error(name, value if isinstance(value, (bool, int, float)) else "<%s>" % type(value).__name__, "type",
                  "expected a string")
            continue
        bad = CONTROL.search(value) or (kind != "text" and re.search("[\r\n\x7f]", value))
        if bad:
            error(name, value, "control_characters",
                  "contains the character U+%04X, which %s cannot carry" % (
                      ord(bad.group(0)), "a file name" if kind == "file_name" else "a profile (XML) text" if
                      kind == "text" else "a one-line profile text"), "remove it")
        elif len(value) > MAX_OPTION:
            error(name, value, "max_length", "is %d characters long; the limit is %d" % (len(value), MAX_OPTION),
                  "shorten it")
        elif kind == "file_name" and (value in ("", ".", "..") or "/" in value or "\\" in value):
            error(name, value, "file_name", "must be a plain file name (not empty, '.' or '..', without / or \\)",
                  "for example claude-desktop")
        elif kind == "identifier" and not _IDENTIFIER.match(value):
            error(name, value, "pattern", "must be reverse-DNS style: letters, digits, dots and hyphens",
                  "for example com.example.claude")
    return problems
