# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one reader of the deprecated header-map forms: 'Name=value,Other=value' and ['Name: value'].

Used by the validator (which converts a clean old form and reports it as deprecated) and by gateway_check
(which also reports each entry without its separator). No dependencies: it travels in module payloads.
"""

from __future__ import annotations

import json
from typing import Any


class LegacyHeaderMap:
    """What an old-form header map holds.

    form       how the admin wrote it, for messages: "a 'Name=value,...' string" or "a ['Name: value'] list"
    separator  '=' or ':'; example: 'Name=value' or 'Name: value'
    pairs      [(name, value)] in order, both stripped, of the entries that have the separator
    missing    the entries without the separator (stripped)
    read       the value read: the list itself when it was given as a JSON text
    """

    __slots__ = ("form", "separator", "example", "pairs", "missing", "read")

    def __init__(self, form: str, separator: str, example: str, pairs: list, missing: list, read: Any) -> None:
        self.form, self.separator, self.example = form, separator, example
        self.pairs, self.missing, self.read = pairs, missing, read


def parse_legacy_header_map(value: Any) -> LegacyHeaderMap | None:
    """The old-form header map in ``value``, or None when it is not one (an object, a JSON object text, a list
    holding something other than strings, another type). A JSON text of a list is read as the list form."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                return None
            return parse_legacy_header_map(parsed) if isinstance(parsed, list) else None
        if text.startswith("{"):
            return None
        pairs, missing = _split((part.strip() for part in text.split(",")), "=")
        return LegacyHeaderMap("a 'Name=value,...' string", "=", "Name=value", pairs, missing, value)
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        pairs, missing = _split(value, ":")
        return LegacyHeaderMap("a ['Name: value'] list", ":", "Name: value", pairs, missing, value)
    return None


def _split(parts, separator):
    pairs, missing = [], []
    for part in parts:
        if separator == "=" and not part:
            continue            # 'A=1,,B=2' and a trailing comma: empty entries are skipped
        name, sep, item = part.partition(separator)
        if sep:
            pairs.append((name.strip(), item.strip()))
        else:
            missing.append(part.strip())
    return pairs, missing
