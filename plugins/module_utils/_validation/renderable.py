# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The hard limit of every value: it can be written to every format (XML 1.0 text, JSON, a REG_SZ)."""

from __future__ import annotations

import math
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import looks_secret
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.characters import CONTROL
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.plain import MAX_INTEGER
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show


def renderable(ctx: Context, value: Any, path: str, secret: bool, depth: int = 0) -> bool:
    """True when every part of a value can be written to every format; else an error naming where. Whatever the
    key's confidence, whatever field (documented or not) holds it."""
    if isinstance(value, str):
        bad = CONTROL.search(value)
        if bad:
            ctx.error(path, show(value, secret), "control_characters",
                      "contains the character U+%04X, which the .mobileconfig (XML 1.0) cannot carry"
                      % ord(bad.group(0)), "remove it; tabs and line breaks are the only control characters allowed")
            return False
        return True
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int):
        if -MAX_INTEGER <= value <= MAX_INTEGER:
            return True
        ctx.error(path, "<an integer of %d digits>" % len(str(abs(value))) if abs(value) < 10 ** 4000
                  else "<a huge integer>", "number_size",
                  "is beyond +/-2^53, which JSON readers (the app's included) do not keep exact")
        return False
    if isinstance(value, float):
        if not math.isfinite(value):
            ctx.error(path, show(value, secret), "finite", "must be a finite number (JSON has no NaN or infinity)")
            return False
        return True
    if isinstance(value, dict):
        ok = True
        for name, item in value.items():
            bad = CONTROL.search(name)
            if bad:
                ctx.error(path, show(name), "control_characters",
                          "has a field name with the character U+%04X, which the .mobileconfig (XML 1.0) cannot "
                          "carry" % ord(bad.group(0)), "remove it from the name")
                ok = False
            elif not renderable(ctx, item, "%s.%s" % (path, name), secret or looks_secret(name), depth + 1):
                ok = False
        return ok
    if isinstance(value, list):
        ok = True
        for i, item in enumerate(value):
            ok = renderable(ctx, item, "%s[%d]" % (path, i), secret, depth + 1) and ok
        return ok
    ctx.error(path, "<%s>" % type(value).__name__, "type", "a %s cannot be written to a settings file"
              % type(value).__name__)
    return False
