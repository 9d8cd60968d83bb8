# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Masking of a settings document for code that runs on hosts (the managed_file module's diff).

_mask masks by the catalog, which is some 70 KB of Python that every module payload would carry. This module
masks by _secret_keys_table, what the catalog says about secrets and _mask's patterns (generated from both),
and gives the same result as _mask.mask_settings: tests/unit/plugins/module_utils/test_secret_keys.py holds
the table equal to the catalog and to _mask, and the results equal on generated documents. Controller code
keeps using _mask.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict

from ansible_collections.cowork3p.fleet.plugins.module_utils._secret_keys_table import MASK, PATTERNS, SPECS

_SECRET_NAME, _CREDENTIAL_VALUE, _USERINFO = (re.compile(*PATTERNS[name])
                                              for name in ("secret_name", "credential_value", "userinfo"))


def _looks_secret(name):
    return bool(_SECRET_NAME.search(name or "")) if isinstance(name, str) else False


def _credentials(value):
    if isinstance(value, str):
        return MASK if _CREDENTIAL_VALUE.match(value) is not None else value
    if isinstance(value, dict):
        return {name: (_whole_or_values(item) if _looks_secret(name) else _credentials(item))
                for name, item in value.items()}
    if isinstance(value, list):
        return [_credentials(item) for item in value]
    return value


def _urls(value):
    if isinstance(value, str):
        return _USERINFO.sub(MASK + "@", value) if "@" in value else value
    if isinstance(value, dict):
        return {name: _urls(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_urls(item) for item in value]
    return value


def _maybe_json(value):
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in ("{", "["):
            try:
                return json.loads(text), True
            except (ValueError, RecursionError):
                return value, False
    return value, False


def _whole_or_values(value):
    if isinstance(value, dict):
        return {name: MASK for name in value}
    if value in (None, ""):
        return value
    return MASK


def _has_secret_fields(fields):
    return bool(fields) and any(secret or _has_secret_fields(sub) for secret, sub in fields.values())


def _with_fields(value, fields):
    if isinstance(value, list):
        return [_with_fields(item, fields) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for name, item in value.items():
        spec = fields.get(name)
        if spec is None:
            out[name] = _whole_or_values(item) if _looks_secret(name) else _credentials(item)
        elif spec[0]:
            out[name] = _whole_or_values(item)
        elif spec[1] and isinstance(item, (dict, list)):
            out[name] = _with_fields(item, spec[1])
        else:
            out[name] = item
    return out


def _by_table(key, value):
    spec = SPECS.get(key)
    if spec is None:        # an unknown key, or one masked as an unknown key would be
        return _whole_or_values(value) if _looks_secret(key) else _credentials(value)
    secret, secret_values, fields = spec
    if secret:
        return value if value in (None, "") else MASK
    if secret_values:
        parsed, _was_json = _maybe_json(value)
        if isinstance(parsed, dict):
            return _whole_or_values(parsed)
        return value if value in (None, "") else MASK
    if fields:
        parsed, was_json = _maybe_json(value)
        if was_json or isinstance(parsed, (dict, list)):
            masked = _with_fields(parsed, fields)
            if masked == parsed and not _has_secret_fields(fields):
                return value
            return masked
    return _credentials(value)


def mask_settings(settings: Dict[str, Any]) -> Dict[str, Any]:
    """Copy of a settings mapping with every secret replaced by ``********`` (as _mask.mask_settings)."""
    if not isinstance(settings, dict):
        return settings
    return {key: _urls(_by_table(key, value)) for key, value in settings.items()}
