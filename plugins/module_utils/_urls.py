# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""URLs inside a settings document: where they are, their host, port and origin.

Shared by the bootstrap JSON (loopback and origin rules) and the egress list.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

DEFAULT_PORTS = {"https": 443, "http": 80}
_LOOPBACK_NAMES = ("localhost", "localhost.localdomain")


def url_strings(value: Any, path: str) -> list:
    """[(path, text)] of every http(s) URL string inside a value (nested lists and objects included)."""
    found = []
    _walk(value, path, found)
    return found


def _walk(value, path, found):
    if isinstance(value, str):
        if value[:8].lower().startswith(("https://", "http://")):
            found.append((path, value))
    elif isinstance(value, dict):
        for name in sorted(value):
            _walk(value[name], "%s.%s" % (path, name), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, "%s[%d]" % (path, index), found)


def parts(url: str) -> tuple | None:
    """(scheme, host, port) of an http(s) URL, host in lower case, port filled in; None when it has no host."""
    try:
        split = urlsplit(url.strip())
        port = split.port
    except ValueError:
        return None
    scheme = split.scheme.lower()
    host = (split.hostname or "").lower()
    if not host or scheme not in DEFAULT_PORTS:
        return None
    return scheme, host, port if port is not None else DEFAULT_PORTS[scheme]


def origin(url: str) -> str | None:
    """'scheme://host[:port]' with the default port left out, or None."""
    found = parts(url)
    if found is None:
        return None
    scheme, host, port = found
    shown = "[%s]" % host if ":" in host else host
    return "%s://%s" % (scheme, shown) if port == DEFAULT_PORTS[scheme] else "%s://%s:%d" % (scheme, shown, port)


def is_loopback(host: str | None) -> bool:
    """localhost, 127.0.0.0/8, ::1 (and the IPv4-mapped forms)."""
    if not host:
        return False
    host = host.strip("[]").lower().rstrip(".")
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)
