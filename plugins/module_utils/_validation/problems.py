# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One finding (Problem) and how a value is shown in it (show, cut); report.py holds the outcome of a run."""

from __future__ import annotations

import json
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import MASK, mask_credentials, mask_userinfo

ERROR = "error"
WARNING = "warning"
DOCUMENT = "<document>"     # the name problems about the whole document carry


class Problem:
    """One finding: an error (the document must not be rendered) or a warning."""

    __slots__ = ("level", "key", "value", "rule", "message", "hint")

    def __init__(self, level: str, key: str, value: Any, rule: str, message: str, hint: str = "") -> None:
        self.level = level
        self.key = key
        self.value = value
        self.rule = rule
        self.message = message
        self.hint = hint

    @property
    def text(self) -> str:
        out = "%s: %s" % (self.key, self.message)
        details = ["rule: %s" % self.rule]
        if self.value is not None:
            details.insert(0, "value: %s" % self.value)
        out += " (%s)" % "; ".join(details)
        if self.hint:
            out += ". Hint: %s" % self.hint
        return out

    def as_dict(self) -> dict:
        return {"level": self.level, "key": self.key, "value": self.value, "rule": self.rule,
                "message": self.message, "hint": self.hint, "text": self.text}

    def __repr__(self):
        return "Problem(%s, %s)" % (self.level, self.text)


def show(value: Any, secret: bool = False, limit: int = 1000) -> str:
    """How a value appears in a message."""
    if value is None:
        return "null"
    if secret:
        return MASK if value != "" else '""'
    value = mask_credentials(value)      # a credential nobody declared secret (auth: "Bearer ...") is hidden too
    try:
        if isinstance(value, str):
            text = json.dumps(value, ensure_ascii=False)
        else:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False,
                              default=lambda item: "<%s>" % type(item).__name__)
    except ValueError:
        text = "<a value too large to show>"
    text = mask_userinfo(text)
    if len(text) > limit:
        text = text[:limit - 3] + "..."
    return text


def cut(text: Any, limit: int) -> Any:
    """Shorten a text shown in a message (after masking: the cut never shows part of a secret)."""
    if isinstance(text, str) and len(text) > limit:
        return text[:limit - 3] + "..."
    return text
