# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One check's result, and the exception a check raises when a request inside it went wrong."""

from __future__ import annotations

PASS, FAIL, WARN, SKIP = "pass", "fail", "warn", "skip"


def result(name: str, status: str, reason: str, required: bool = True, elapsed: float | None = None,
           details: dict | None = None) -> dict:
    return {"name": name, "status": status, "required": required, "reason": reason,
            "elapsed_ms": None if elapsed is None else int(round(elapsed * 1000)), "details": details or {}}


class Failed(Exception):
    """A request inside a check went wrong; carries the one-line reason."""

    def __init__(self, reason: str, details: dict | None = None) -> None:
        super(Failed, self).__init__(reason)
        self.reason = reason
        self.details = details or {}


def plural(count: int, word: str) -> str:
    """'1 model', '2 models'."""
    return "%d %s%s" % (count, word, "" if count == 1 else "s")


def ms(seconds: float) -> int:
    """Seconds as whole milliseconds."""
    return int(round(seconds * 1000))
