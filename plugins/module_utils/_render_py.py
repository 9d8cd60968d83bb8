# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The texts of the built-in templates, built in plain Python.

plugins/plugin_utils/templates/*.j2 stay the documented templates (an admin copies them into a template_dir of
their own, and then they render through Jinja). Without a template_dir the controller builds the same texts here,
character for character, from the same template variables (_render's contexts) and the same escaping helpers:
a few string joins per document and format instead of a Jinja render with a filter call per value.
tests/unit/plugins/module_utils/test_render_py.py holds every text equal to the Jinja template's over generated
and hostile documents and every rendering option.

Each *_text function takes the variables of the matching context of _render (computed by the caller, which turns
their ValueError into its own error as it does for the contexts) and raises what the template's filters would.
"""

from __future__ import annotations

from itertools import repeat
from json.encoder import encode_basestring
from operator import add, is_, itemgetter
from typing import Any, Sequence

from ansible_collections.cowork3p.fleet.plugins.module_utils._render import (xml_text, reg_quote, reg_data, json_key,
                                                                             NEEDS_HEX, XML_SPECIAL)
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import json_readable

# The fixed lines of the templates (their text outside the loops).
PLIST_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
              '<plist version="1.0">\n<dict>\n')
PLIST_TAIL = "</dict>\n</plist>\n"
_PAYLOAD_HEAD = PLIST_HEAD + "\t<key>PayloadContent</key>\n\t<array>\n\t\t<dict>\n"
_PAYLOAD_TAIL = "\t\t</dict>\n\t</array>\n"

_key_of = itemgetter(0)
_value_of = itemgetter(1)
_LIMIT = 1024     # texts kept per key name: the catalog's names, and a bound for anything else


class PlistValueError(ValueError):
    """A value that has no plist element here (neither a string, an integer nor a boolean)."""


def plist_value(value: Any) -> str:
    """The plist element of one value (the plist_value filter): <string>, <true/>/<false/>, <integer>."""
    if isinstance(value, str):
        return "<string>%s</string>" % xml_text(value)
    if isinstance(value, bool):
        return "<true/>" if value else "<false/>"
    if isinstance(value, int):
        return "<integer>%d</integer>" % value
    raise PlistValueError("a plist value must be a string, integer or boolean, not %s" % type(value).__name__)


def _kept(table, make, keys):
    """[table[key] for key in keys], making and keeping (up to _LIMIT) the texts not there yet."""
    try:
        return list(map(table.__getitem__, keys))
    except (KeyError, TypeError):
        pass
    out = []
    for key in keys:
        text = table.get(key)
        if text is None:
            text = make(key)
            if len(table) < _LIMIT:
                table[key] = text
        out.append(text)
    return out


# indent -> {key: indent<key>KEY</key>, a line break, the indent of the value's line}, and the same with <string>
_KEY_LINES = {indent: {} for indent in ("\t", "\t\t\t")}
_STRING_LINES = {indent: {} for indent in ("\t", "\t\t\t")}


def _xml_texts(values):
    """[xml_text(v) for v in values] for a list of strings, escaping them all in one pass: joined by a NUL (when
    none holds one), escaped, split again. Escaping neither adds nor removes a NUL."""
    joined = "\0".join(values)
    if not XML_SPECIAL.search(joined):
        return values
    if joined.count("\0") != len(values) - 1:
        return [xml_text(value) for value in values]
    return xml_text(joined).split("\0")


def _plist_entries(indent, items):
    """The lines of the loop `<key>{{ key | xml_text }}</key>` / `{{ value | plist_value }}` over items."""
    if not items:
        return ""
    keys = list(map(_key_of, items))
    values = list(map(_value_of, items))
    if set(map(type, values)) == {str}:     # the settings' items: strings only
        lines = _kept(_STRING_LINES[indent], lambda key: "%s<key>%s</key>\n%s<string>" % (indent, xml_text(key), indent),
                      keys)
        return "</string>\n".join(map(add, lines, _xml_texts(values))) + "</string>\n"
    lines = _kept(_KEY_LINES[indent], lambda key: "%s<key>%s</key>\n%s" % (indent, xml_text(key), indent), keys)
    elements = [plist_value(value) for value in values]     # the profile's entries: numbers and booleans too
    return "".join(map(add, lines, map(add, elements, repeat("\n"))))


_PROFILE_TEXTS = {}


def _kept_for(profile, header):
    """(the payload's own entries, the profile's entries) as text: the same two tuples for a whole fleet (_render's
    _profile_parts keeps them), so the texts are kept for these very objects."""
    kept = _PROFILE_TEXTS.get(id(profile))
    if kept is not None and kept[0] is profile and kept[1] is header:
        return kept[2]
    texts = (_plist_entries("\t\t\t", header), _plist_entries("\t", profile))
    if isinstance(profile, tuple) and isinstance(header, tuple):
        if len(_PROFILE_TEXTS) >= 64:
            _PROFILE_TEXTS.clear()
        _PROFILE_TEXTS[id(profile)] = (profile, header, texts)
    return texts


def mobileconfig_text(payload: Sequence, profile: Sequence, header: Sequence = ()) -> str:
    """mobileconfig.j2 from its variables payload (the sorted entries of the payload dict), profile (the profile's
    entries) and header (the payload's own entries, which payload holds too)."""
    header_text, profile_text = _kept_for(profile, header)
    count = len(header)
    if count and len(payload) >= count and all(map(is_, payload, header)):
        # the payload's own entries first (their names, Payload..., sort before the settings' names)
        entries = header_text + _plist_entries("\t\t\t", payload[count:])
    else:
        entries = _plist_entries("\t\t\t", payload)
    return "".join((_PAYLOAD_HEAD, entries, _PAYLOAD_TAIL, profile_text, PLIST_TAIL))


def plist_text(settings: Sequence) -> str:
    """managed-preferences.plist.j2 from its variable settings (string items)."""
    return PLIST_HEAD + _plist_entries("\t", settings) + PLIST_TAIL


_REG_NAMES = {}


def _reg_data(values):
    """[reg_data(v) for v in values]: when none needs hex(1) (so none holds a line break), all quoted in one pass:
    joined by line breaks, quoted, split again."""
    if NEEDS_HEX.search("".join(values)):
        return [reg_data(value) + "\n" for value in values]
    joined = "\n".join(values)
    if "\\" in joined or '"' in joined:
        values = reg_quote(joined).split("\n")
    return list(map(add, repeat('"'), map(add, values, repeat('"\n'))))


def reg_text(header: str, key_path: str, sections: Sequence) -> str:
    """reg.j2 from its variables header, key_path and sections ([(lead, items)], _render.reg_sections)."""
    out = [header, "\n\n"]
    opening = "[%s]\n" % key_path
    for lead, items in sections:
        out.append(lead)
        out.append(opening)
        if items:
            names = _kept(_REG_NAMES, lambda key: '"%s"=' % reg_quote(key), list(map(_key_of, items)))
            out.extend(map(add, names, _reg_data(list(map(_value_of, items)))))
    out.append("\n")
    return "".join(out)


_JSON_NAMES = {}


def _json_value(value):
    return encode_basestring(value) if type(value) is str else json_readable(value)   # pylint: disable=unidiomatic-typecheck


def json_text(settings: Sequence) -> str:
    """managed-settings.json.j2 from its variable settings (native items): one key per line."""
    if not settings:
        return "{\n}\n"
    names = _kept(_JSON_NAMES, lambda key: "  %s: " % json_key(key), list(map(_key_of, settings)))
    return "{\n%s\n}\n" % ",\n".join(map(add, names, map(_json_value, map(_value_of, settings))))
