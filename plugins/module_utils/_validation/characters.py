# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the files and the app's HTTP requests can carry: control characters, header names and values."""

from __future__ import annotations

import re

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")   # what XML 1.0 cannot carry
CREDENTIAL_HEADERS = ("authorization", "x-api-key", "proxy-authorization")
# What an HTTP header may carry: a name is a token (RFC 9110), a value has no CR, LF, NUL or other control
# character (a tab is allowed). gateway_check sends the same values and refuses the same.
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
HEADER_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
HEADER_VALUE_BAD = re.compile("[\x00-\x08\x0a-\x1f\x7f\ufffe\uffff\ud800-\udfff]")     # HEADER_UNSAFE and CONTROL


def _header_specs():
    """ids of the catalog specs whose names and values travel as HTTP headers: keys named ...Headers and the
    headers field of MCP servers (worked out from the catalog, never listed by hand)."""
    found = set()

    def walk(name, spec):
        if spec["type"] == "object" and name.lower().endswith("headers") and \
                (spec.get("rules") or {}).get("value_type") == "string":
            found.add(id(spec))
        for field_name, field in (spec.get("fields") or {}).items():
            walk(field_name, field)
    for entry in BY_NAME.values():
        walk(entry["name"], entry)
    return frozenset(found)


HEADER_SPECS = _header_specs()


def is_header_map(spec: dict) -> bool:
    """True for a catalog spec whose names and values are sent as HTTP headers."""
    return id(spec) in HEADER_SPECS
