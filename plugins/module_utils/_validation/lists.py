# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Type coercions of lists (string_list, object_list); a list written as JSON text is read by json_text.py."""

from __future__ import annotations

import difflib
import re
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import has_secret_fields
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.characters import CONTROL
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.checks import CHECKS
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID, Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fields import check_fields
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.json_text import parse_json_text
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show


def string_list(ctx: Context, spec: dict, value: Any, path: str, secret: bool, nested: bool) -> Any:
    secret = secret or has_secret_fields(spec.get("fields"))
    if isinstance(value, str) and not nested:
        value = parse_json_text(ctx, value, path, secret, "the list")
        if value is INVALID:
            return INVALID
    if not isinstance(value, list):
        return ctx.type_error(path, value, secret, "a list of strings")
    allowed, rules = spec.get("allowed"), spec.get("rules") or {}
    item_pattern = rules.get("item_pattern")
    check = CHECKS[rules["item_check"]] if rules.get("item_check") else None
    ok = True
    for i, item in enumerate(value):
        item_path = "%s[%d]" % (path, i)
        if not isinstance(item, str):
            ctx.type_error(item_path, item, secret, "a string")
            ok = False
            continue
        bad = CONTROL.search(item)
        if bad:
            ctx.error(item_path, show(item, secret), "control_characters",
                      "contains the control character U+%04X" % ord(bad.group(0)))
        if allowed and item not in allowed:
            close = difflib.get_close_matches(item, allowed, n=1, cutoff=0.6)
            hint = "did you mean %s?" % show(close[0]) if close else ""
            if spec.get("allowed_strict", True):
                ctx.error(item_path, show(item, secret), "enum", "must be one of %s" % ", ".join(allowed), hint)
                ok = False
            else:
                ctx.warn(item_path, show(item, secret), "enum", "is not a documented name (%s); the documented "
                         "list may be out of date" % ", ".join(allowed), hint)
        if item_pattern is not None and not re.search(item_pattern, item):
            ctx.error(item_path, show(item, secret), "pattern", "does not match %s" % item_pattern,
                      rules.get("pattern_hint", ""))
            ok = False
        if check is not None:
            check(ctx, item, item_path, secret, None)
    strings = [x for x in value if isinstance(x, str)]
    if len(set(strings)) != len(strings):
        ctx.warn(path, show(value, secret), "duplicates", "lists the same entry more than once")
    return value if ok else INVALID


def object_list(ctx: Context, spec: dict, value: Any, path: str, secret: bool, nested: bool) -> Any:
    whole_secret = secret or has_secret_fields(spec.get("fields"))
    if isinstance(value, str) and not nested:
        value = parse_json_text(ctx, value, path, whole_secret, "the list")
        if value is INVALID:
            return INVALID
    if isinstance(value, dict) and spec.get("legacy_record_form"):
        ctx.deprecation(path, show(value, whole_secret), "deprecated_form",
                        "the record form of this setting is deprecated", catalog.DEPRECATION_CUTOFF,
                        spec["legacy_record_form"])
        return value
    if not isinstance(value, list):
        return ctx.type_error(path, value, whole_secret, "a list")
    ok = True
    strings_ok = spec.get("items") == "string_or_object"
    check = (spec.get("rules") or {}).get("item_check") or spec.get("check")
    for i, item in enumerate(value):
        item_path = "%s[%d]" % (path, i)
        if isinstance(item, str) and strings_ok:
            if CONTROL.search(item) or not item.strip():
                ctx.error(item_path, show(item, secret), "item_format",
                          "must be a non-empty string without control characters")
                ok = False
            elif check:
                CHECKS[check](ctx, item, item_path, secret, value)
            continue
        if not isinstance(item, dict):
            ctx.type_error(item_path, item, secret, "a string or an object" if strings_ok else "an object")
            ok = False
            continue
        if spec.get("fields") and not check_fields(ctx, spec["fields"], item, item_path, secret):
            ok = False
            continue
        if check:
            CHECKS[check](ctx, item, item_path, secret, value)
    return value if ok else INVALID
