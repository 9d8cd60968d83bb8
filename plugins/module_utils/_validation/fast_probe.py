# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The catalog checks on the fast path (see fast.py): they are not repeated here, they run against a Probe,
which only notes whether they would have said anything."""

from __future__ import annotations

from typing import Any, Callable

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.checks import CHECKS

_ITEM_CHECKS = frozenset(("egress_host", "model"))     # checks that only ever report, never record


class Probe:
    """Stands in for the Context when a catalog check runs on the fast path: notes whether it reported."""

    __slots__ = ("reported",)

    def __init__(self) -> None:
        self.reported = False

    def _note(self, *_args, **_kwargs):
        self.reported = True

    error = warn = add = deprecation = _note


def item_check(name: str | None) -> Callable | bool | None:
    """None when there is no check, False when the check keeps state for the cross-key rules (no fast path)."""
    if not name:
        return None
    return CHECKS[name] if name in _ITEM_CHECKS else False


def silent(check: Callable, item: Any, siblings: list | None) -> bool:
    probe = Probe()
    check(probe, item, "", False, siblings)
    return not probe.reported
