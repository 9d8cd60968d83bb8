# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bounds of one document, and the quick copy of a well-formed value to plain Python types within them
(reading.py walks the values this copy refuses, naming what is wrong and where).

YAML aliases count each time they are used, so an alias bomb reaches MAX_VALUES after a few thousand steps
instead of expanding to billions of values."""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 32              # nesting of lists and objects inside one setting
MAX_VALUES = 20000          # values (items of lists and objects) in one document
MAX_TEXT = 1000000          # characters of one string
MAX_INTEGER = 2 ** 53       # beyond this a JSON reader no longer keeps an integer exact

_PLAIN = frozenset((bool, int, float, type(None)))


class NotPlain(Exception):
    """Raised by plain_copy when a value needs the reporting of reading.to_plain."""


def plain_copy(value: Any, budget: list, depth: int) -> Any:
    """Plain copy of a well-formed value without building a path per item; NotPlain otherwise.

    budget: [values left in the document]; depth: nesting of the value."""
    kind = type(value)
    if kind is str:
        if len(value) > MAX_TEXT:
            raise NotPlain()
        return value
    if kind in _PLAIN or isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise NotPlain()
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dict):
        budget[0] -= len(value)
        if depth >= MAX_DEPTH or budget[0] < 0:
            raise NotPlain()
        out = {}
        for name, item in value.items():
            if type(name) is not str and not isinstance(name, str):  # pylint: disable=unidiomatic-typecheck
                raise NotPlain()
            out[str(name)] = plain_copy(item, budget, depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        budget[0] -= len(value)
        if depth >= MAX_DEPTH or budget[0] < 0:
            raise NotPlain()
        return [plain_copy(item, budget, depth + 1) for item in value]
    raise NotPlain()


def safe_str(value: Any) -> str:
    """str() of an odd value (a date, a set, a tagged object); a placeholder when even that fails."""
    try:
        text = str(value)
    except Exception:  # pylint: disable=broad-except
        return "<%s>" % type(value).__name__
    return text if len(text) <= MAX_TEXT else text[:64]


def size(mapping: Any) -> int:
    """Number of keys of a mapping (one that has items() but no len() included)."""
    try:
        return len(mapping)
    except TypeError:
        return sum(1 for _item in mapping.items())
