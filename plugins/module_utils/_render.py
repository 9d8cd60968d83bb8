# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the templates need: escaping, deterministic identifiers, template contexts.

The Jinja templates themselves live in plugins/plugin_utils/templates and are
rendered on the controller (plugins/plugin_utils/_templating.py); everything
here is plain Python so it can be unit-tested and reused by modules.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections import namedtuple
from typing import Any, Callable, Container

from ansible_collections.cowork3p.fleet.plugins.module_utils import _formats
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import string_items, native_items, json_readable

PAYLOAD_TYPE = "com.anthropic.claudefordesktop"
DEFAULT_IDENTIFIER = "cowork3p.fleet.claude-desktop"
DEFAULT_DISPLAY_NAME = "Claude Desktop third-party inference"
DEFAULT_DESCRIPTION = "Managed settings for Claude Desktop (com.anthropic.claudefordesktop), rendered by cowork3p.fleet."
HIVES = {
    "HKLM": "HKEY_LOCAL_MACHINE",
    "HKCU": "HKEY_CURRENT_USER",
}
POLICY_SUBKEY = r"SOFTWARE\Policies\Claude"
REG_HEADER = "Windows Registry Editor Version 5.00"
PROFILE_SCOPES = ("System", "User")

# A namespace of our own so the UUIDs do not collide with other tools' uuid5 use.
# One key/value pair handed to a template (item.key, item.value).
Item = namedtuple("Item", ["key", "value"])

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:cowork3p:fleet:mobileconfig")
_NEEDS_HEX = re.compile("[\x00-\x1f]")
_XML_SPECIAL = re.compile("[&<>\r]")
_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]$")


def xml_text(value: str) -> str:
    """Escape text for an XML element: &, <, > and CR (which XML parsers would turn into LF)."""
    if not _XML_SPECIAL.search(value):   # most keys and values: one scan instead of four replaces
        return value
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def reg_quote(value: str) -> str:
    """A .reg string literal body: backslash and double quote escaped."""
    if "\\" not in value and '"' not in value:
        return value
    return value.replace("\\", "\\\\").replace('"', '\\"')


def reg_data(value: str) -> str:
    """Right-hand side of a REG_SZ line.

    A quoted string cannot hold line breaks or other control characters, so such
    values are written as hex(1): (still REG_SZ: UTF-16LE bytes with a NUL end).
    """
    if _NEEDS_HEX.search(value):
        raw = (value + "\0").encode("utf-16-le")
        return "hex(1):" + raw.hex(",")
    return '"%s"' % reg_quote(value)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SHOWN_AS_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f]")


def _escape(match):
    return "\\x%02x" % ord(match.group())


def reg_comment(value: str, key: str, secret: bool = False) -> str:
    """Comment lines (each ending with a line break) showing a value that reg_data writes as hex(1) as readable
    text, one comment line per line of the value; '' for a value written as a quoted string, and for a secret
    (its text never goes into a comment, even though the hex line holds it).

    Tabs stay as they are; other control characters are shown as \\xNN. A line that would end in a backslash or
    in white space gets a visible end mark, so no reader takes it for a continued line.
    """
    if secret or not _NEEDS_HEX.search(value):
        return ""
    out = ["; %s as text (REG_SZ, written as hex(1) because it holds line breaks or control characters):"
           % _NEEDS_HEX.sub(_escape, key)]
    for line in _LINE_BREAK.split(value):
        line = _SHOWN_AS_ESCAPE.sub(_escape, line)
        if line != line.rstrip(" \t\\"):
            line += " (end of line)"
        out.append(";   " + line if line else ";")
    return "\n".join(out) + "\n"


def check_identifier(identifier: Any) -> str:
    if not isinstance(identifier, str) or not _IDENTIFIER.match(identifier):
        raise ValueError("profile identifier %r must be reverse-DNS style: letters, digits, dots and hyphens"
                         % (identifier,))
    return identifier


@functools.lru_cache(maxsize=256)
def profile_uuids(identifier: str) -> tuple:
    """(outer, inner) PayloadUUIDs, derived from the identifier: stable across versions, never random."""
    outer = str(uuid.uuid5(_NAMESPACE, identifier)).upper()
    inner = str(uuid.uuid5(_NAMESPACE, identifier + "#" + PAYLOAD_TYPE)).upper()
    return outer, inner


def identifier_for(basename: str) -> str:
    """Default profile identifier for a rendered basename."""
    cleaned = re.sub(r"[^A-Za-z0-9.-]+", "-", basename).strip(".-") or "claude-desktop"
    return "cowork3p.fleet." + cleaned


_new_item = tuple.__new__   # Item(k, v) without the Python-level __new__ of namedtuple (same object)


def string_item_list(settings: dict) -> list:
    """string_items(settings) as Items: computed once per document and shared by its formats (the strings=
    argument of the contexts and of registry_values)."""
    return [_new_item(Item, pair) for pair in string_items(settings)]


@functools.lru_cache(maxsize=64)
def _profile_parts(identifier, display_name, organization, description, scope, removal_disallowed):
    """The parts of a profile that do not depend on the settings (the same for a whole fleet): computed once."""
    identifier = check_identifier(identifier or DEFAULT_IDENTIFIER)
    if scope not in PROFILE_SCOPES:
        raise ValueError("profile scope must be one of %s, not %r" % (", ".join(PROFILE_SCOPES), scope))
    outer_uuid, inner_uuid = profile_uuids(identifier)
    header = {
        "PayloadDisplayName": "Claude Desktop settings",
        "PayloadIdentifier": identifier + ".settings",
        "PayloadType": PAYLOAD_TYPE,
        "PayloadUUID": inner_uuid,
        "PayloadVersion": 1,
    }
    profile = {
        "PayloadDescription": DEFAULT_DESCRIPTION if description is None else description,
        "PayloadDisplayName": display_name or DEFAULT_DISPLAY_NAME,
        "PayloadIdentifier": identifier,
        "PayloadScope": scope,
        "PayloadType": "Configuration",
        "PayloadUUID": outer_uuid,
        "PayloadVersion": 1,
    }
    if organization:
        profile["PayloadOrganization"] = organization
    if removal_disallowed is not None:
        profile["PayloadRemovalDisallowed"] = bool(removal_disallowed)
    return (identifier, tuple(Item(k, header[k]) for k in sorted(header)),
            tuple(Item(k, profile[k]) for k in sorted(profile)))


def mobileconfig_context(settings: dict, identifier: str | None = None, display_name: str | None = None,
                         organization: str | None = None, description: str | None = None, scope: str = "System",
                         removal_disallowed: bool | None = None, strings: list | None = None) -> dict:
    """Variables of the .mobileconfig template.

    payload / profile are lists of {key, value} sorted by key, value being a str,
    int or bool (the template turns them into <string>, <integer>, <true/>/<false/>).
    strings: string_items(settings) when the caller already has them (several formats of one document).
    """
    identifier, header, profile = _profile_parts(identifier, display_name, organization, description,
                                                 scope, removal_disallowed)
    items = string_item_list(settings) if strings is None else strings
    return {"identifier": identifier, "payload": sorted(header + tuple(items)), "profile": list(profile)}


def plist_context(settings: dict, strings: list | None = None) -> dict:
    """Variables of the flat plist (the file under /Library/Managed Preferences)."""
    return {"settings": string_item_list(settings) if strings is None else strings}


def reg_sections(items: list, is_secret: Callable[[str], bool] | None = None) -> list:
    """The .reg key's values as sections [(lead, items)]: one section ("", items) when no value needs hex(1);
    else a new section starts at each value that gets a readable comment (reg_comment), its lead being the
    comment (after a blank line, but for the first section). hivexregedit ends a key's section at a comment, so
    the template opens the key again after each lead; regedit and the other readers merge the sections.
    is_secret(key): True for keys whose text stays out of comments."""
    if not _NEEDS_HEX.search("".join([item[1] for item in items])):     # nearly every document: one scan
        return [("", items)]
    sections, lead, current = [], "", []
    for item in items:
        comment = reg_comment(item[1], item[0], bool(is_secret and is_secret(item[0])))
        if comment:
            if current:
                sections.append((lead, current))
                lead, current = "\n" + comment, []
            else:
                lead += comment
        current.append(item)
    sections.append((lead, current))
    return sections


def reg_context(settings: dict, hive: str = "HKLM", strings: list | None = None,
                is_secret: Callable[[str], bool] | None = None) -> dict:
    """Variables of the .reg template; is_secret(key): the keys whose text stays out of comments (reg_comment)."""
    if hive not in HIVES:
        raise ValueError("registry hive must be one of %s, not %r" % (", ".join(HIVES), hive))
    items = string_item_list(settings) if strings is None else strings
    return {
        "header": REG_HEADER,
        "key_path": "%s\\%s" % (HIVES[hive], POLICY_SUBKEY),
        "settings": items,
        "sections": reg_sections(items, is_secret),
    }


def json_context(settings: dict, native_scalars: bool = False) -> dict:
    """Variables of managed-settings.json, one key per line: arrays and objects native, booleans and numbers as
    strings unless native_scalars (see _encode.linux_value)."""
    return {"settings": [_new_item(Item, pair) for pair in native_items(settings, native_scalars)]}


def registry_values(settings: dict, hive: str = "HKLM", secret_keys: Container[str] = (),
                    strings: list | None = None) -> list:
    """What win_regedit writes: [{path, name, data, type, secret}] sorted by name."""
    if hive not in HIVES:
        raise ValueError("registry hive must be one of %s, not %r" % (", ".join(HIVES), hive))
    path = "%s:\\%s" % (hive, POLICY_SUBKEY)
    return [{"path": path, "name": k, "data": v, "type": "string", "secret": k in secret_keys}
            for k, v in (string_items(settings) if strings is None else strings)]


def reg_bytes(text: str) -> bytes:
    """A .reg file as Windows' regedit writes it: UTF-16LE with BOM, CRLF line ends (the reg format's encoding in
    the table of formats)."""
    return _formats.to_bytes("reg", text)


def json_value(value: Any) -> str:
    return json_readable(value)


_JSON_KEYS = {}


def json_key(name: str) -> str:
    """A key name as JSON text; the names come from the catalog, so their texts are kept (bounded by it)."""
    text = _JSON_KEYS.get(name)
    if text is None:
        text = json_readable(name)
        if len(_JSON_KEYS) < 512:
            _JSON_KEYS[name] = text
    return text
