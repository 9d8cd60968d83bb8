# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The catalog-free core of masking: the mask text, the collection's one pattern of secret-looking names, its one
pattern of credential-looking values, and how one document is masked by what the catalog says about secrets.

What the catalog says about secrets is the generated table _secret_keys_table.SPECS (tests hold it equal to the
catalog), so code that runs on hosts (managed_file, through _delivery) masks a document without carrying the
whole catalog. _mask builds on this module for everything that runs on the controller (free text, encoded forms,
the collector of secret strings); this is the one place the rules below are written.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, Optional

from ansible_collections.cowork3p.fleet.plugins.module_utils._secret_keys_table import SPECS

MASK = "********"
# Names of settings, fields, headers or variables whose value is likely a credential.
SECRET_NAME = re.compile(r"(api[_-]?key|apikey|token|secret|passw|credential|auth|cookie|bearer|private[_-]?key"
                         r"|signature|session[_-]?id)", re.IGNORECASE)
# Values that are credentials whatever their name: an HTTP authorization value, a well-known key prefix, a JWT.
CREDENTIAL_VALUE = re.compile(r"^\s*(?:(?:bearer|basic|digest|token|negotiate|apikey)\s+\S{4,}"
                              r"|(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}|sk_(?:live|test)_\S{8,}|gh[pousr]_[A-Za-z0-9]{16,}"
                              r"|github_pat_\S{16,}|xox[abprs]-\S{8,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{20,}"
                              r"|eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.)", re.IGNORECASE)
# The user:password@ part of a URL.
USERINFO = re.compile(r"(?<=//)[^/@\s?#]*@")


def looks_secret(name: object) -> bool:
    """True when a name (of a setting, field, header or variable) suggests its value is a credential."""
    return bool(SECRET_NAME.search(name or "")) if isinstance(name, str) else False


def looks_like_credential(value: object) -> bool:
    """True when a string value looks like a credential whatever name it is stored under."""
    return isinstance(value, str) and CREDENTIAL_VALUE.match(value) is not None


def mask_credentials(value: Any) -> Any:
    """Mask every string inside a value that looks like a credential (values nobody declared secret)."""
    if isinstance(value, str):
        return MASK if looks_like_credential(value) else value
    if isinstance(value, dict):
        return {name: (whole_or_values(item) if looks_secret(name) else mask_credentials(item))
                for name, item in value.items()}
    if isinstance(value, list):
        return [mask_credentials(item) for item in value]
    return value


def mask_userinfo(text: Any) -> Any:
    """Hide the user:password@ part of every URL inside a text."""
    if isinstance(text, str) and "@" in text:
        return USERINFO.sub(MASK + "@", text)
    return text


def mask_urls(value: Any) -> Any:
    """mask_userinfo on every string inside a value."""
    if isinstance(value, str):
        return mask_userinfo(value)
    if isinstance(value, dict):
        return {name: mask_urls(item) for name, item in value.items()}
    if isinstance(value, list):
        return [mask_urls(item) for item in value]
    return value


def maybe_json(value: Any) -> tuple:
    """(the value a JSON object or array text holds, True), or (value, False)."""
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in ("{", "["):
            try:
                return json.loads(text), True
            except (ValueError, RecursionError):
                return value, False
    return value, False


def whole_or_values(value: Any) -> Any:
    """A secret map keeps its names (useful in a diff) and loses its values."""
    if isinstance(value, dict):
        return {name: MASK for name in value}
    if value in (None, ""):
        return value
    return MASK


def has_secret_fields(fields: Optional[dict]) -> bool:
    """True when a field (at any depth) of a table field spec {name: (secret, fields)} is secret."""
    return bool(fields) and any(secret or has_secret_fields(sub) for secret, sub in fields.values())


def with_fields(value: Any, fields: dict) -> Any:
    """Mask the secret fields of an object (or of every object of a list); unknown fields by their name."""
    if isinstance(value, list):
        return [with_fields(item, fields) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for name, item in value.items():
        spec = fields.get(name)
        if spec is None:
            out[name] = whole_or_values(item) if looks_secret(name) else mask_credentials(item)
        elif spec[0]:
            out[name] = whole_or_values(item)
        elif spec[1] and isinstance(item, (dict, list)):
            out[name] = with_fields(item, spec[1])
        else:
            out[name] = item
    return out


def mask_by_key(key: str, value: Any) -> Any:
    """One setting's value masked by what the catalog says of its key (not yet the URLs' user:password@)."""
    spec = SPECS.get(key)
    if spec is None:        # an unknown key, or one masked as an unknown key would be
        return whole_or_values(value) if looks_secret(key) else mask_credentials(value)
    secret, secret_values, fields = spec
    if secret:
        return value if value in (None, "") else MASK
    if secret_values:
        parsed, _was_json = maybe_json(value)
        if isinstance(parsed, dict):
            return whole_or_values(parsed)
        return value if value in (None, "") else MASK
    if fields:
        parsed, was_json = maybe_json(value)
        if was_json or isinstance(parsed, (dict, list)):
            masked = with_fields(parsed, fields)
            if masked == parsed and not has_secret_fields(fields):
                return value
            return masked
    return mask_credentials(value)


def mask_value(key: str, value: Any) -> Any:
    """Mask one setting's value according to the catalog (and credentials inside URLs)."""
    return mask_urls(mask_by_key(key, value))


def mask_settings(settings: Dict[str, Any]) -> Dict[str, Any]:
    """Copy of a settings mapping with every secret replaced by ``********``."""
    if not isinstance(settings, dict):
        return settings
    return {key: mask_urls(mask_by_key(key, value)) for key, value in settings.items()}
