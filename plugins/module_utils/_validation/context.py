# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The state of one validation run, handed to every rule as ``ctx``: the problems so far and how to add one."""

from __future__ import annotations

import datetime
from typing import Any, Callable

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.plain import MAX_VALUES
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import ERROR, WARNING, Problem, show
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.versions import (
    compare_versions, describe_cutoff, parse_instant, parse_version,
)

INVALID = object()      # what a coercion returns after reporting why the value cannot be used

# Rules that hold whatever the key's confidence: a value breaking them breaks the file or the app's requests.
HARD_RULES = frozenset(("null", "control_characters", "finite", "header_name", "header_value", "nesting",
                        "size", "vault", "number_size"))


class Context:
    """now: aware datetime for cut-offs; target: the release tuple checked against, or None; coercions: the
    table of type coercions (catalog type -> function), given by the caller so the rules can recurse."""

    def __init__(self, now: datetime.datetime, target: tuple | None, coercions: dict) -> None:
        self.now = now
        self.target = target
        self.coercions = coercions
        self.problems = []
        self.pending = []         # (name, value) that a cross-key rule reads after every key is checked
        self.lenient = False      # True while checking a key whose rules are UNCONFIRMED
        self.hard = 0             # errors so far that no confidence level turns into warnings
        self.budget = [MAX_VALUES]  # values the document may still hold (shared with reading.to_plain)
        self.source = "mdm"       # where the document is delivered: mdm, local or bootstrap (_releases)
        self.allow_insecure_http = False  # an http:// gateway URL on a network address: warning, not error

    def add(self, level: str, key: str, value: Any, rule: str, message: str, hint: str = "") -> None:
        if level == ERROR:
            if rule in HARD_RULES:
                self.hard += 1
            elif self.lenient:
                level = WARNING
                message += " (not enforced: the rule is UNCONFIRMED)"
        self.problems.append(Problem(level, key, value, rule, message, hint))

    def error(self, key: str, value: Any, rule: str, message: str, hint: str = "") -> None:
        self.add(ERROR, key, value, rule, message, hint)

    def warn(self, key: str, value: Any, rule: str, message: str, hint: str = "") -> None:
        self.add(WARNING, key, value, rule, message, hint)

    def deprecation(self, key: str, value: Any, rule: str, message: str, cutoff: str | None, hint: str = "") -> None:
        """A deprecated name or value: warning before the cut-off, error after it."""
        if cutoff is None:
            self.problems.append(Problem(WARNING, key, value, rule, message, hint))
            return
        when = describe_cutoff(cutoff)
        if self.now >= parse_instant(cutoff):
            self.problems.append(Problem(ERROR, key, value, rule,
                                         "%s; the app stopped reading it at %s" % (message, when), hint))
        else:
            self.problems.append(Problem(WARNING, key, value, rule,
                                         "%s; the app stops reading it at %s" % (message, when), hint))

    def since(self, path: str, since: str | None, shown: str | Callable[[], str]) -> None:
        """A warning when the target release is older than ``since``. shown: the value as displayed, or a
        callable giving it (computed only when needed)."""
        if self.target is None or not since:
            return
        version = parse_version(since)
        if version and compare_versions(version, self.target) > 0:
            self.warn(path, shown() if callable(shown) else shown, "since",
                      "needs Claude Desktop %s or newer; the target %s ignores it"
                      % (".".join(map(str, version)), ".".join(map(str, self.target))),
                      "raise desktop_version or drop the setting for this population")

    def coerce(self, spec: dict, value: Any, path: str, secret: bool = False, nested: bool = False) -> Any:
        """The normalised native value, or INVALID after recording the problems."""
        kind = spec["type"]
        secret = secret or spec.get("secret", False)
        if value is None:
            self.error(path, "null", "null", "has no value",
                       "give it a value or remove the key (YAML reads an empty value as null)")
            return INVALID
        handler = self.coercions.get(kind)
        if handler is None:
            raise ValueError("catalog type %r has no handler" % kind)
        return handler(self, spec, value, path, secret, nested)

    def type_error(self, path: str, value: Any, secret: bool, expected: str, hint: str = "") -> object:
        """Report a value of the wrong type; returns INVALID."""
        got = "a boolean" if isinstance(value, bool) else "a list" if isinstance(value, list) else \
            "an object" if isinstance(value, dict) else "a number" if isinstance(value, (int, float)) else \
            "a string"
        if not hint and isinstance(value, bool) and expected != "a boolean":
            hint = "YAML reads unquoted yes/no/on/off/true/false as booleans; quote the value"
        if not hint and isinstance(value, (int, float)) and expected.startswith("a string"):
            hint = "quote the value in YAML so it stays a string"
        self.error(path, show(value, secret), "type", "expected %s, got %s" % (expected, got), hint)
        return INVALID
