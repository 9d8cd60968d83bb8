# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Type coercions of single values (enums in enums.py): ``coerce(ctx, spec, value, path, secret, nested)`` ->
the normalised value, or INVALID after reporting. A value written as text (a .reg file, a form) is read as the
app reads it, except inside a list or object (``nested``)."""

from __future__ import annotations

import math
import re
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID, Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.values import check_value

_INT_TEXT = re.compile(r"^[+-]?[0-9]{1,30}$")
_NUM_TEXT = re.compile(r"^[+-]?([0-9]{1,30}(\.[0-9]{0,30})?|\.[0-9]{1,30})([eE][+-]?[0-9]{1,3})?$")


def unknown(ctx: Context, spec: dict, value: Any, path: str, secret: bool, nested: bool) -> Any:
    if isinstance(value, (dict, list, str, bool, int, float)):
        return value
    return ctx.type_error(path, value, secret, "a string, boolean, number, list or object")


def string(ctx: Context, spec: dict, value: Any, path: str, secret: bool, nested: bool) -> Any:
    if not isinstance(value, str):
        return ctx.type_error(path, value, secret, "a string")
    check_value(ctx, "string", spec.get("rules") or {}, value, path, secret)
    return value


def boolean(ctx: Context, spec: dict, value: Any, path: str, secret: bool, nested: bool) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0") and not nested:
        text = value.strip().lower()
        if value != text and value.lower() not in ("true", "false"):
            ctx.warn(path, show(value), "boolean_text", "has surrounding white space")
        return text in ("true", "1")
    if isinstance(value, int) and value in (0, 1) and not nested:
        return bool(value)
    return ctx.type_error(path, value, secret, "a boolean (true or false)",
                          "use true or false" + ("" if not isinstance(value, str) else
                                                 "; the app reads only 'true'/'false' or 1/0"))


def integer(ctx: Context, spec: dict, value: Any, path: str, secret: bool, nested: bool) -> Any:
    if isinstance(value, bool):
        return ctx.type_error(path, value, secret, "an integer")
    if isinstance(value, str) and _INT_TEXT.match(value.strip()) and not nested:
        number = int(value.strip())
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        ctx.error(path, show(value, secret), "type", "expected an integer, got a decimal number", "write %d" % int(value))
        return INVALID
    else:
        return ctx.type_error(path, value, secret, "an integer", "write decimal digits only, e.g. 3600")
    check_value(ctx, "number", spec.get("rules") or {}, number, path, secret)
    return number


def number(ctx: Context, spec: dict, value: Any, path: str, secret: bool, nested: bool) -> Any:
    if isinstance(value, bool):
        return ctx.type_error(path, value, secret, "a number")
    if isinstance(value, str) and _NUM_TEXT.match(value.strip()) and not nested:
        text = value.strip()
        found = int(text) if _INT_TEXT.match(text) else float(text)
    elif isinstance(value, (int, float)):
        found = value
    else:
        return ctx.type_error(path, value, secret, "a number", "write a decimal number such as 0.8")
    if isinstance(found, float) and not math.isfinite(found):
        ctx.error(path, show(value, secret), "finite", "must be a finite number")
        return INVALID
    check_value(ctx, "number", spec.get("rules") or {}, found, path, secret)
    return found
