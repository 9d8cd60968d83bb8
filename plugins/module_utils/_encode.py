# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Encoding of normalised settings for each target (reference section 2).

plist and registry: every value is one string. Booleans become "true"/"false",
integers decimal digits, arrays and objects compact JSON inside the string.

Linux managed-settings.json: arrays and objects as native JSON (the reference, 1.4, confirms the app reads them
natively there), booleans and numbers as strings ("true", "3600"), the form the reference documents for them
(section 2); native JSON booleans and numbers are an explicit choice (``native_scalars``), since no page says the
app reads them there.

Objects inside a value (header maps, OIDC blocks, MCP entries, ...) come out with their names sorted, in every
format, so two documents that mean the same thing give the same bytes whatever order they were written in.
Arrays keep their order (the first model is the default one).
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring as _quote
from typing import Any

try:
    from json.encoder import c_make_encoder as _c_make_encoder
except ImportError:     # pragma: no cover - CPython always has the C encoder
    _c_make_encoder = None


# Built once: json.dumps with options builds a new encoder on every call.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False, sort_keys=True)
_READABLE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), allow_nan=False, sort_keys=True)


def _reusable(encoder):
    """The C encoder behind ``encoder.encode``, built once instead of on every call (about 1 us each, and a
    document encodes a dozen values), or None where it is missing or does not give the same text.

    It is built without the circular-reference check (that check keeps state between calls): the values
    are copies made by validation, which refuses self-referencing input, and a cycle that got here anyway
    ends in RecursionError instead of ValueError.
    """
    if _c_make_encoder is None:
        return None
    probe = [1, -0.5, 1e300, "é\"\n\u2028", True, False, None, {"b": [], "a": {"x": 2}}]
    try:
        fast = _c_make_encoder(None, encoder.default, _quote, None, encoder.key_separator,
                               encoder.item_separator, encoder.sort_keys, False, False)
        if "".join(fast(probe, 0)) != encoder.encode(probe):
            return None
    except (TypeError, ValueError):     # pragma: no cover - another signature on another Python
        return None
    return fast


_COMPACT_FAST = _reusable(_COMPACT)
_READABLE_FAST = _reusable(_READABLE)


def json_compact(value: Any) -> str:
    """Compact, deterministic JSON text (no spaces, UTF-8 kept readable, object names sorted)."""
    if isinstance(value, str):
        return _quote(value)
    if _COMPACT_FAST is None:
        return _COMPACT.encode(value)
    return "".join(_COMPACT_FAST(value, 0))


def json_readable(value: Any) -> str:
    """One-line JSON with spaces after separators and object names sorted, for the Linux file."""
    if isinstance(value, str):
        return _quote(value)
    if _READABLE_FAST is None:
        return _READABLE.encode(value)
    return "".join(_READABLE_FAST(value, 0))


def _reject_constant(name):
    raise ValueError("%s is not valid JSON" % name)


def _unique_names(pairs):
    seen = {}
    for name, value in pairs:
        if name in seen:
            raise ValueError("the name %s appears twice" % json.dumps(name))
        seen[name] = value
    return seen


def loads_strict(text: str | bytes) -> Any:
    """json.loads that refuses what Python's json accepts but JSON does not: NaN/Infinity, repeated names."""
    return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_names)


def number_text(value: int | float) -> str:
    """Shortest decimal text of a number ("0.5", "1", "3600")."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def encode_string(value: Any) -> str:
    """Encode one normalised value as the single string a plist/registry value holds."""
    if isinstance(value, str):   # the common case first
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, (list, dict)):
        return json_compact(value)
    raise TypeError("cannot encode a value of type %s" % type(value).__name__)


def string_items(settings: dict) -> list:
    """[(key, encoded string)] sorted by key: the content of a plist payload or registry key."""
    return [(key, encode_string(settings[key])) for key in sorted(settings)]


def linux_value(value: Any, native_scalars: bool = False) -> Any:
    """A value as the Linux managed file carries it: arrays and objects native; booleans and numbers as the
    strings the reference documents, unless native_scalars."""
    if native_scalars or isinstance(value, (str, list, dict)):
        return value
    return encode_string(value)


def native_items(settings: dict, native_scalars: bool = False) -> list:
    """[(key, value)] sorted by key: the content of the Linux JSON file (see linux_value)."""
    return [(key, linux_value(settings[key], native_scalars)) for key in sorted(settings)]
