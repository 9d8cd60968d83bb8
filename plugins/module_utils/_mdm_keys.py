# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which catalog keys the MDM templates offer, and how each one is described to an admin.

Shared by the catalog-wide artifacts (_admx, _jamf, _manifest): the selection and the wording come from
the catalog entries, so a key added to the catalog shows up in every template without a second list.
"""

from __future__ import annotations

import functools

from ansible_collections.cowork3p.fleet.plugins.module_utils._catalog import KEYS, SECTION_TITLES
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import encode_string
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import parse_version

# availability values that mean "the app reads this key from a profile, the registry or the managed file"
MDM_AVAILABILITY = ("mdm_and_bootstrap", "mdm_only")
# key types that travel as compact JSON inside one string (reference section 2)
JSON_TYPES = ("string_list", "object", "object_list")

_TYPE_WORDS = {
    "string": "string",
    "boolean": "boolean",
    "integer": "integer",
    "number": "number",
    "string_list": "array of strings",
    "object": "object",
    "object_list": "array of objects",
    "boolean_or_object": "true or an object",
}


def left_out_reason(entry: dict) -> str | None:
    """Why a key is not in the MDM templates, or None when it is."""
    if (entry["deprecated"] or {}).get("removed_in"):
        return "removed in %s: the app no longer reads it" % entry["deprecated"]["removed_in"]
    if entry["availability"] not in MDM_AVAILABILITY:
        return "the catalog does not say the app reads it from MDM (availability: %s)" % entry["availability"]
    return None


@functools.lru_cache(maxsize=None)
def mdm_entries() -> tuple:
    """Catalog entries of the keys the MDM templates offer, in catalog order."""
    return tuple(entry for entry in KEYS if left_out_reason(entry) is None)


def left_out() -> list[tuple[str, str]]:
    """[(key, reason)] for every catalog key the templates leave out."""
    return [(entry["name"], left_out_reason(entry)) for entry in KEYS if left_out_reason(entry) is not None]


def is_strict(entry: dict) -> bool:
    """True when the catalog's value rules for the key are errors (not UNCONFIRMED warnings)."""
    return entry["confidence"] != "unconfirmed"


def section_chain(section: str) -> list:
    """'connection.gateway' -> ['connection', 'connection.gateway']: a section and its parents."""
    parts = section.split(".")
    return [".".join(parts[:i + 1]) for i in range(len(parts))]


def section_title(section: str) -> str:
    return SECTION_TITLES.get(section) or section


def since_of(entry: dict) -> str | None:
    """The first release that reads the key, or None for 'always' (baseline) and unknown."""
    since = entry["since"]
    return since if since and since != "baseline" and parse_version(since) else None


def newest_release() -> str:
    """The newest 'since' release of the whole catalog (a release number such as 2.7032.0)."""
    releases = [since_of(entry) for entry in KEYS]
    return max((r for r in releases if r), key=parse_version)


def integer_range(entry: dict) -> tuple:
    """(min, max) of an integer or number key; None where the catalog sets no bound."""
    rules = entry["rules"]
    return rules.get("min"), rules.get("max")


def _range_text(low, high) -> str:
    if low is not None and high is not None:
        return "from %s to %s" % (low, high)
    if low is not None:
        return "%s or more" % low
    if high is not None:
        return "at most %s" % high
    return ""


def _string_rules(rules: dict, max_length: int | None) -> list:
    out = []
    if rules.get("url"):
        out.append("an https:// URL" if rules["url"] == "https" else "an http:// or https:// URL")
        if rules.get("url_origin"):
            out.append("scheme, host and optional port only (no path)")
        if rules.get("url_no_suffix"):
            out.append("not ending in " + ", ".join(rules["url_no_suffix"]))
        if rules.get("url_no_query"):
            out.append("no ?query or #fragment")
    if rules.get("path"):
        out.append("an absolute path" + (" of an executable, run without arguments" if rules.get("no_arguments") else ""))
    if rules.get("pattern_hint"):
        out.append(rules["pattern_hint"])
    if rules.get("min_length"):
        out.append("not empty")
    if rules.get("single_line"):
        out.append("one line")
    limit = rules.get("max_length", max_length)
    if limit:
        out.append("at most %d characters" % limit)
    return out


def _field_text(name: str, spec: dict) -> str:
    words = []
    if spec["type"] == "enum" and spec["allowed"]:
        words.append("one of " + " | ".join(spec["allowed"]))
    else:
        words.append(_TYPE_WORDS.get(spec["type"], spec["type"]))
    rules = spec["rules"]
    if rules.get("url"):
        words.append("https URL" if rules["url"] == "https" else "http(s) URL")
    if rules.get("path"):
        words.append("absolute path")
    if rules.get("pattern_hint"):
        words.append(rules["pattern_hint"])
    if rules.get("max_length"):
        words.append("at most %d characters" % rules["max_length"])
    if rules.get("min") is not None or rules.get("max") is not None:
        words.append(_range_text(rules.get("min"), rules.get("max")))
    if spec["required"]:
        words.append("required")
    if spec["secret"]:
        words.append("secret")
    return "%s (%s)" % (name, ", ".join(words))


def _fields_text(fields: dict | None) -> str:
    if not fields:
        return ""
    listed = [_field_text(name, spec) for name, spec in fields.items() if not spec["deprecated"]]
    return " Fields: %s." % "; ".join(listed)


def value_format(entry: dict, max_length: int | None = None) -> str:
    """One or two sentences: how the value is written as the one string the app reads (reference section 2).

    max_length: the limit a template puts on the text, said when the catalog sets none.
    """
    kind, rules = entry["type"], entry["rules"]
    if kind == "boolean":
        return 'The text "true" or "false".'
    if kind in ("integer", "number"):
        low, high = integer_range(entry)
        what = "A whole number in decimal digits" if kind == "integer" else "A decimal number such as 0.5"
        span = _range_text(low, high)
        return what + (", " + span if span else "") + "."
    if kind == "enum":
        text = "One of: %s." % ", ".join(entry["allowed"] or ())
        if not entry["allowed_strict"]:
            text = "Known values: %s (the list may be incomplete)." % ", ".join(entry["allowed"] or ())
        for old, info in entry["deprecated_values"].items():
            text += " The deprecated value %s is not offered%s." % (
                old, " (use %s)" % info["replacement"] if info.get("replacement") else "")
        return text
    if kind in JSON_TYPES:
        shape = {"string_list": "a JSON array of strings", "object": "a JSON object",
                 "object_list": "a JSON array of objects"}[kind]
        text = "Written as %s, compact, on one line" % shape
        if max_length:
            text += " (at most %d characters)" % max_length
        text += "."
        if kind == "string_list" and entry["allowed"]:
            text += " %s: %s." % ("Items" if entry["allowed_strict"] else "Known items", ", ".join(entry["allowed"]))
        if entry["items"] == "string_or_object":
            text += " An item may also be a plain string."
        if rules.get("value_type"):
            text += " Every value is a %s" % rules["value_type"]
            if rules.get("value_allowed"):
                text += ": " + " | ".join(rules["value_allowed"])
            text += "."
        return text + _fields_text(entry["fields"])
    if kind == "string":
        parts = _string_rules(rules, max_length)
        return ("Text (%s)." % "; ".join(parts)) if parts else "Text."
    return "Type not documented."


def describe(entry: dict, max_length: int | None = None) -> str:
    """The explanation of a key for an admin: the catalog's doc, the value format and the conditions."""
    lines = [entry["doc"], "Value: " + value_format(entry, max_length)]
    if entry["providers"]:
        lines.append("Read only when inferenceProvider is %s." % " or ".join(entry["providers"]))
    default = entry["default"]
    if isinstance(default, (bool, int, float, str)):
        lines.append("Documented default when unset: %s." % encode_string(default))
    if since_of(entry):
        lines.append("Needs Claude Desktop %s or later." % since_of(entry))
    if entry["availability"] == "mdm_only":
        lines.append("Taken only from MDM or the local file, never from a bootstrap response.")
    if entry["secret"]:
        lines.append("The value is a credential: keep every file and profile that carries it private.")
    elif entry["secret_values"]:
        lines.append("Its values may be credentials: keep every file and profile that carries them private.")
    if entry["deprecated"]:
        replacement = entry["deprecated"].get("replacement")
        lines.append("Deprecated: %s. %s" % (entry["deprecated"]["message"],
                                             "Use %s instead." % replacement if replacement else "No replacement key."))
    if entry["unconfirmed"]:
        lines.append("UNCONFIRMED: %s." % entry["unconfirmed"])
    return "\n".join(lines)
