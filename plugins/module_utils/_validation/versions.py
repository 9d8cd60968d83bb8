# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Release numbers ('1.46388.1') and deprecation cut-offs ('2026-10-07T19:00:00Z')."""

from __future__ import annotations

import datetime
import re
from typing import Any

_VERSION = re.compile(r"^([0-9]{1,9}(?:\.[0-9]{1,9})*)")


def parse_version(text: Any) -> tuple | None:
    """'1.46388.1' -> (1, 46388, 1); None when the text holds no version."""
    if text is None:
        return None
    match = _VERSION.match(str(text).strip())
    if not match:
        return None
    return tuple(int(part) for part in match.group(1).split("."))


def compare_versions(a: tuple, b: tuple) -> int:
    """-1, 0 or 1, a shorter release padded with zeros (1.2 == 1.2.0)."""
    width = max(len(a), len(b))
    a = a + (0,) * (width - len(a))
    b = b + (0,) * (width - len(b))
    return (a > b) - (a < b)


def parse_instant(text: str) -> datetime.datetime:
    """'2026-10-07T19:00:00Z' -> an aware datetime (UTC)."""
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def describe_cutoff(text: str) -> str:
    """How a cut-off appears in a message."""
    instant = parse_instant(text)
    return "%s (12:00 Pacific)" % instant.strftime("%Y-%m-%d %H:%M UTC")
