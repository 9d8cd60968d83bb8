# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Type coercions of objects: maps of names to values (headers, tool permissions; each entry checked by
map_entries.py), objects with fields (fields.py)."""

from __future__ import annotations

from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._header_maps import parse_legacy_header_map
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import MASK, has_secret_fields, looks_secret
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.characters import CREDENTIAL_HEADERS, is_header_map
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.checks import CHECKS
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID, Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fields import check_fields
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.json_text import parse_json_text
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.map_entries import check_entry
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show


def mapping(ctx: Context, spec: dict, value: Any, path: str, secret: bool, nested: bool) -> Any:
    """The catalog type "object"."""
    rules = spec.get("rules") or {}
    values_secret = secret or spec.get("secret_values", False)
    whole_secret = values_secret or has_secret_fields(spec.get("fields"))
    if isinstance(value, (str, list)) and rules.get("header_map") and not nested:
        value = _old_header_form(ctx, value, path, values_secret)
    if isinstance(value, str) and not nested:
        value = parse_json_text(ctx, value, path, whole_secret, "the object")
        if value is INVALID:
            return INVALID
    if not isinstance(value, dict):
        return ctx.type_error(path, value, whole_secret, "an object (a mapping)")
    ok = True
    headers = is_header_map(spec)
    for name, item in value.items():
        ok = check_entry(ctx, rules, headers, name, item, "%s.%s" % (path, name), path, values_secret) and ok
    if rules.get("no_credential_headers"):
        for name in value:
            if looks_secret(name) or name.lower() in CREDENTIAL_HEADERS:
                ctx.warn("%s.%s" % (path, name), MASK, "credential_header",
                         "looks like a credential; these headers are for routing and tenant values only",
                         "send credentials through the API key setting or inferenceCredentialHelper")
    if spec.get("fields"):
        ok = check_fields(ctx, spec["fields"], value, path, values_secret) and ok
    check = rules.get("check") or spec.get("check")
    if check and ok:
        CHECKS[check](ctx, value, path, secret, None)
    return value if ok else INVALID


def _old_header_form(ctx, value, path, secret):
    """A header map in a deprecated form, converted to a dict and reported; else the value unchanged."""
    found = parse_legacy_header_map(value)
    if found is None or found.missing:
        return value
    converted = dict(found.pairs)
    ctx.deprecation(path, MASK if secret else show(found.read), "deprecated_form",
                    "header maps written as %s are deprecated" % found.form,
                    catalog.HEADER_FORM_DEPRECATION["cutoff"],
                    "write an object instead: %s" % show({k: (MASK if secret else v) for k, v in converted.items()}))
    return converted


def boolean_or_object(ctx: Context, spec: dict, value: Any, path: str, secret: bool, nested: bool) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, dict):
        return mapping(ctx, spec, value, path, secret, True)
    ctx.deprecation(path, show(value, secret or has_secret_fields(spec.get("fields"))), "deprecated_form",
                    "must be true or an object; other forms are deprecated", catalog.DEPRECATION_CUTOFF,
                    "use true (dynamic client registration) or an object with clientId")
    return value
