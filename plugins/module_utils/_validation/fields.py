# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The documented fields of an object (an MCP server, an OIDC block...): each coerced by its own type."""

from __future__ import annotations

import difflib

from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import looks_secret
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID, Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show


def check_fields(ctx: Context, fields: dict, value: dict, path: str, secret: bool) -> bool:
    """Check every field of ``value`` against the catalog's ``fields``; False when one of them is unusable."""
    ok = True
    for name, item in value.items():
        item_path = "%s.%s" % (path, name)
        spec = fields.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.75)
            ctx.warn(item_path, show(item, secret or looks_secret(name)), "unknown_field",
                     "is not a documented field; the app ignores it",
                     "did you mean %s?" % show(close[0]) if close else "")
            continue
        field_secret = secret if spec["type"] in ("object", "object_list") else spec.get("secret", False)
        if spec.get("deprecated"):
            info = spec["deprecated"]
            ctx.deprecation(item_path, show(item, field_secret), "deprecated_field",
                            info.get("message") or "the field %s is deprecated" % name, info.get("cutoff"),
                            "use %s" % info["replacement"] if info.get("replacement") else "")
        if ctx.target is not None and spec.get("since"):
            ctx.since(item_path, spec["since"], show(item, field_secret))
        if ctx.coerce(spec, item, item_path, field_secret or spec.get("secret", False), nested=True) is INVALID:
            ok = False
    for name, spec in fields.items():
        if spec.get("required") and name not in value:
            ctx.error("%s.%s" % (path, name), None, "field_required", "is required but missing")
            ok = False
    return ok
