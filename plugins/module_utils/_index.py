# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Look-ups over the key catalog (built once at import time)."""

from __future__ import annotations

import difflib

from ansible_collections.cowork3p.fleet.plugins.module_utils._catalog import KEYS

BY_NAME = {entry["name"]: entry for entry in KEYS}

# old spelling -> (entry of the current key, alias information)
ALIASES = {}
for _entry in KEYS:
    for _old, _info in _entry["aliases"].items():
        ALIASES[_old] = (_entry, _info)

_LOWER = {}
for _name in list(BY_NAME) + list(ALIASES):
    _LOWER.setdefault(_name.lower(), _name)


def lookup(name: str) -> tuple:
    """Return (entry, alias_info) for a key name; (None, None) when unknown.

    alias_info is None when ``name`` is the current spelling.
    """
    entry = BY_NAME.get(name)
    if entry is not None:
        return entry, None
    if name in ALIASES:
        return ALIASES[name]
    return None, None


def canonical_name(name: str) -> str:
    """Current spelling of a key (the name itself when unknown)."""
    entry, _info = lookup(name)
    return entry["name"] if entry else name


def suggest(name: str) -> str | None:
    """The closest known key name for a misspelling, or None."""
    stripped = name.strip()
    if stripped in BY_NAME or stripped in ALIASES:
        return stripped
    lowered = _LOWER.get(stripped.lower())
    if lowered:
        return lowered
    # Compare case-insensitively but answer with the real spelling.
    matches = difflib.get_close_matches(stripped.lower(), list(_LOWER), n=1, cutoff=0.75)
    if matches:
        return _LOWER[matches[0]]
    return None


def looks_secret(name: str) -> bool:
    """Heuristic for names that are not in the catalog (imported files, subfields): _mask.looks_secret, the
    collection's one secret-name pattern (imported here late: _mask itself reads this index)."""
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _mask  # pylint: disable=import-outside-toplevel
    return _mask.looks_secret(name)
