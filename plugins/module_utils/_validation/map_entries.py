# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One name and value of a map (objects.py): a header name and value that HTTP can carry, the value's type
(rule value_type), and the allowed or deprecated values (value_allowed, value_deprecated)."""

from __future__ import annotations

from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.characters import (
    CONTROL, HEADER_NAME, HEADER_UNSAFE,
)
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show


def check_entry(ctx: Context, rules: dict, headers: bool, name: str, item: Any, item_path: str, path: str,
                secret: bool) -> bool:
    """One name and value of a map (headers: the map is sent as HTTP headers); False when it is unusable."""
    ok = True
    value_type = rules.get("value_type")
    if headers and not HEADER_NAME.match(name):
        ctx.error(path, show(name), "header_name",
                  "has the header name %s, which is not a valid HTTP header name (letters, digits and "
                  "!#$%%&'*+.^_`|~- only: no spaces, colons or line breaks)" % show(name),
                  "fix the name; an empty name is not allowed either")
        ok = False
    if value_type == "string" and not isinstance(item, str):
        ctx.type_error(item_path, item, secret, "a string")
        ok = False
    elif isinstance(item, str):
        if headers and HEADER_UNSAFE.search(item):
            ctx.error(item_path, show(item, secret), "header_value",
                      "a header value must not contain line breaks or control characters (header injection)",
                      "remove them")
            ok = False
        elif CONTROL.search(item) or ("\n" in item and value_type == "string"):
            ctx.error(item_path, show(item, secret), "control_characters",
                      "must not contain line breaks or control characters")
            ok = False
    if "value_allowed" not in rules or not isinstance(item, str):
        return ok       # (a value that is not a string was reported above: the values of this map are strings)
    legacy = rules.get("value_deprecated") or {}
    if item in legacy:
        ctx.deprecation(item_path, show(item), "deprecated_value", "the value %s is deprecated" % show(item),
                        catalog.DEPRECATION_CUTOFF, "use %s" % show(legacy[item]))
    elif item not in rules["value_allowed"]:
        ctx.error(item_path, show(item), "enum", "must be one of %s" % ", ".join(rules["value_allowed"]),
                  "'blocked' is not accepted here; remove the tool with disabledBuiltinTools"
                  if item == "blocked" else "")
        ok = False
    return ok
