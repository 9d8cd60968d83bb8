# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The gateway keys of a settings document, read tolerantly: what the preflight sends and to where.

``extract_settings`` turns the (validated, when the validator ran) settings into the preflight's config:
base_url, api_key, auth_scheme, headers, models, tool_search. ``apply_helper`` puts a credential helper's
output in place of the static key, as the app does. Problems come back as ``{level, key, message}``
without secret values.
"""

from __future__ import annotations

import json
import re

from ansible_collections.cowork3p.fleet.plugins.module_utils._header_maps import parse_legacy_header_map

AUTH_SCHEMES = ("bearer", "x-api-key")
SETTING_KEYS = {
    "provider": "inferenceProvider",
    "base_url": "inferenceGatewayBaseUrl",
    "api_key": "inferenceGatewayApiKey",
    "auth_scheme": "inferenceGatewayAuthScheme",
    "headers": "inferenceCustomHeaders",
    "models": "inferenceModels",
}
LEGACY_HEADERS_KEY = "inferenceGatewayHeaders"
TOOL_SEARCH_KEY = "toolSearchEnabled"
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def _problem(level, key, message):
    return {"level": level, "key": key, "message": message}


def _maybe_json(value):
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            return json.loads(value), None
        except ValueError as exc:
            return value, "is not valid JSON (%s)" % exc.msg
    return value, None


def _bad_char(text, allow_tab=False):
    """Where ``text`` holds a character an HTTP header value cannot carry, described without the value; or None."""
    for index, char in enumerate(text):
        code = ord(char)
        if char in "\r\n":
            return "a line break (%s) at character %d" % ("CR" if char == "\r" else "LF", index + 1)
        if (code < 0x20 and not (allow_tab and char == "\t")) or code == 0x7F:
            return "a control character (U+%04X) at character %d" % (code, index + 1)
        if code > 0xFF:
            return "the character U+%04X at character %d, which an HTTP header cannot carry" % (code, index + 1)
    return None


_HTTP_SPACE = " \t\r\n"     # what fetch() strips from both ends of a header value


def _edge_break_warning(raw, where):
    """A warning when a value starts or ends with a line break (stripped here; whether the app strips it is not known)."""
    if isinstance(raw, str) and raw.strip(" \t") != raw.strip(_HTTP_SPACE):
        return ("%s starts or ends with a line break (from a file or a paste?); the check strips it as fetch() "
                "does, but whether the app does is UNCONFIRMED: remove it" % where)
    return None


def _parse_headers(value, key, problems):
    """inferenceCustomHeaders: a dict, or a JSON string of one; older string/list forms are deprecated."""
    if value in (None, ""):
        return {}
    value, error = _maybe_json(value)
    if error:
        problems.append(_problem("error", key, "%s %s" % (key, error)))
        return {}
    pairs, legacy = [], parse_legacy_header_map(value)
    if isinstance(value, dict):
        pairs = list(value.items())
    elif legacy is not None:
        problems.append(_problem("warning", key, "%s as %s is deprecated; write a JSON object" % (key, legacy.form)))
        problems.extend(_problem("error", key, "%s entry without '%s' (expected '%s')"
                                 % (key, legacy.separator, legacy.example)) for _entry in legacy.missing)
        pairs = legacy.pairs
    else:
        problems.append(_problem("error", key, "%s must be an object of header names to values" % key))
        return {}
    headers = {}
    for name, text in pairs:
        name = str(name)
        if not _HEADER_NAME.match(name):
            problems.append(_problem("error", key, "%s has an invalid header name %r" % (key, name[:60])))
            continue
        if isinstance(text, (dict, list)) or text is None:
            problems.append(_problem("error", key, "%s: the value of header %s must be a string" % (key, name)))
            continue
        if isinstance(text, bool):
            text = "true" if text else "false"
        warning = _edge_break_warning(text, "%s: the value of header %s" % (key, name))
        if warning:
            problems.append(_problem("warning", key, warning))
        text = str(text).strip(_HTTP_SPACE)
        bad = _bad_char(text, allow_tab=True)
        if bad:
            problems.append(_problem("error", key, "%s: the value of header %s contains %s; it would break the "
                                                   "request (value not shown)" % (key, name, bad)))
            continue
        headers[name] = text
    return headers


def _parse_models(value, key, problems):
    """inferenceModels: strings and/or {name: ...} objects, natively or as a JSON string."""
    if value in (None, ""):
        return []
    value, error = _maybe_json(value)
    if error:
        problems.append(_problem("error", key, "%s %s" % (key, error)))
        return []
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        problems.append(_problem("error", key, "%s must be a list of model ids or {name: ...} objects" % key))
        return []
    names = []
    for index, item in enumerate(value):
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str) or not name.strip():
            problems.append(_problem("error", key, "%s[%d] has no model id (a string, or an object with name)" % (key, index)))
            continue
        names.append(name.strip())
    return names


def extract_settings(settings: object) -> tuple:
    """Pick the gateway keys out of a settings mapping.

    Returns ``(config, problems)``; ``config`` holds base_url, api_key,
    auth_scheme, headers, models and provider; ``problems`` is a list of
    ``{level: error|warning, key, message}`` without secret values.
    """
    problems = []
    if not isinstance(settings, dict):
        return None, [_problem("error", None, "settings must be a mapping of Claude Desktop setting names to values")]

    provider = settings.get(SETTING_KEYS["provider"])
    if provider not in (None, "") and str(provider).strip().lower() != "gateway":
        problems.append(_problem("error", SETTING_KEYS["provider"],
                                 "inferenceProvider is %r: the gateway check applies to inferenceProvider: gateway" % str(provider)[:40]))

    base_url = settings.get(SETTING_KEYS["base_url"])
    if base_url is not None and not isinstance(base_url, str):
        problems.append(_problem("error", SETTING_KEYS["base_url"], "inferenceGatewayBaseUrl must be a string"))
        base_url = None
    base_url = (base_url or "").strip()

    api_key = settings.get(SETTING_KEYS["api_key"])
    if isinstance(api_key, (int, float)) and not isinstance(api_key, bool):
        api_key = str(api_key)
    if api_key is not None and not isinstance(api_key, str):
        problems.append(_problem("error", SETTING_KEYS["api_key"], "inferenceGatewayApiKey must be a string"))
        api_key = None
    warning = _edge_break_warning(api_key, "inferenceGatewayApiKey")
    if warning:
        problems.append(_problem("warning", SETTING_KEYS["api_key"], warning))
    api_key = (api_key or "").strip(_HTTP_SPACE) or None
    bad = _bad_char(api_key) if api_key else None
    if bad:
        problems.append(_problem("error", SETTING_KEYS["api_key"],
                                 "inferenceGatewayApiKey contains %s; it cannot be sent in an HTTP header and would "
                                 "allow header injection (value not shown)" % bad))
    if api_key is None:
        problems.append(_problem("warning", SETTING_KEYS["api_key"],
                                 "no inferenceGatewayApiKey: requests are sent without a credential"
                                 + (" (give the module credential_helper to use inferenceCredentialHelper)"
                                    if settings.get("inferenceCredentialHelper") else "")))

    scheme = settings.get(SETTING_KEYS["auth_scheme"])
    scheme = str(scheme).strip().lower() if scheme not in (None, "") else "bearer"
    if scheme == "auto":
        problems.append(_problem("warning", SETTING_KEYS["auth_scheme"],
                                 "inferenceGatewayAuthScheme: auto is deprecated; remove it or write bearer (tested as bearer)"))
        scheme = "bearer"
    elif scheme not in AUTH_SCHEMES:
        problems.append(_problem("error", SETTING_KEYS["auth_scheme"],
                                 "inferenceGatewayAuthScheme %r cannot be tested with a static key; use bearer or x-api-key" % scheme[:20]))

    headers_key = SETTING_KEYS["headers"]
    raw_headers = settings.get(headers_key)
    if raw_headers is None and settings.get(LEGACY_HEADERS_KEY) is not None:
        headers_key = LEGACY_HEADERS_KEY
        raw_headers = settings.get(LEGACY_HEADERS_KEY)
        problems.append(_problem("warning", LEGACY_HEADERS_KEY,
                                 "inferenceGatewayHeaders is the deprecated name of inferenceCustomHeaders"))
    headers = _parse_headers(raw_headers, headers_key, problems)
    models = _parse_models(settings.get(SETTING_KEYS["models"]), SETTING_KEYS["models"], problems)
    tool_search = settings.get(TOOL_SEARCH_KEY)
    tool_search = tool_search is True or str(tool_search).strip().lower() in ("true", "1")

    if not base_url:
        problems.append(_problem("error", SETTING_KEYS["base_url"], "inferenceGatewayBaseUrl is not set"))
    config = {"provider": "gateway", "base_url": base_url, "api_key": api_key, "auth_scheme": scheme,
              "headers": headers, "models": models, "tool_search": tool_search}
    return config, problems


def apply_helper(config: dict, problems: list, token: str, helper_headers: dict, settings: dict | None = None) -> dict:
    """Use a credential helper's output as the app does: the token replaces any static key, and the helper's
    headers are merged over inferenceCustomHeaders (the helper wins on a name clash, any letter case)."""
    settings = settings or {}
    problems[:] = [p for p in problems if not (p["key"] == SETTING_KEYS["api_key"] and p["level"] == "warning"
                                               and "without a credential" in p["message"])]
    if config.get("api_key"):
        problems.append(_problem("warning", SETTING_KEYS["api_key"],
                                 "both inferenceGatewayApiKey and a credential helper are set: the app uses the helper "
                                 "and ignores the static key (inferenceCredentialKind %s)"
                                 % (settings.get("inferenceCredentialKind") or "unset")))
    config["api_key"] = token
    taken = set(name.lower() for name in helper_headers)
    merged = dict((n, v) for n, v in (config.get("headers") or {}).items() if n.lower() not in taken)
    merged.update(helper_headers)
    config["headers"] = merged
    config["helper"] = True
    return config
