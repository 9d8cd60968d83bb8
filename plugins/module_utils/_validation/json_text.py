# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A list or an object written as JSON text (a .reg file, a form): parsed strictly, within the document's bounds."""

from __future__ import annotations

from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import loads_strict
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID, Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.plain import (
    MAX_DEPTH, MAX_VALUES, NotPlain, plain_copy,
)
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show


def parse_json_text(ctx: Context, value: str, path: str, secret: bool, want: str) -> Any:
    """A list or object written as JSON text: the parsed value, or INVALID after reporting."""
    try:
        parsed = loads_strict(value.strip())
    except RecursionError:
        ctx.error(path, show(value, secret), "json", "is nested too deeply to be read")
        return INVALID
    except ValueError as exc:
        ctx.error(path, show(value, secret), "json", "is not valid JSON: %s" % _json_reason(exc),
                  "write %s natively in YAML, or check the quoting of the JSON text" % want)
        return INVALID
    try:
        plain_copy(parsed, ctx.budget, 1)     # the parsed value obeys the document's bounds too
    except (NotPlain, RecursionError):
        ctx.error(path, show(value, secret), "nesting",
                  "holds JSON nested more than %d levels deep or with more than %d values" % (MAX_DEPTH, MAX_VALUES))
        return INVALID
    return parsed


def _json_reason(exc):
    # json's messages name a position and, for duplicates, a field name; never a value.
    msg = getattr(exc, "msg", None) or str(exc)
    pos = getattr(exc, "pos", None)
    return "%s at character %d" % (msg, pos + 1) if pos is not None else msg
