# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The gateway base URL: how the app joins paths to it, how it is shown, and check 1 (``url``)."""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit, urlunsplit

from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_result import FAIL, PASS, WARN, result as _result
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import MASK

_LOOPBACK = ("localhost", "127.0.0.1", "::1")


def split_url(url: str) -> SplitResult | None:
    """urlsplit, or None when the URL cannot be split (a bad port...)."""
    try:
        parts = urlsplit(url)
        parts.port  # pylint: disable=pointless-statement  # raises on a bad port
    except ValueError:
        return None
    return parts


def display_url(url: str) -> str:
    """The URL with any user:password@ and every query value replaced, safe to show."""
    parts = split_url(url or "")
    if parts is None or ("@" not in parts.netloc and not parts.query):
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    netloc = MASK + "@" + host if "@" in parts.netloc else host
    query = "&".join(item.split("=", 1)[0] + ("=" + MASK if "=" in item else "") for item in parts.query.split("&"))
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def join_url(base_url: str, path: str) -> str:
    """base URL + path the way the app builds it: /v1/messages appended to whatever path the base has."""
    parts = urlsplit(base_url)
    path, _sep, query = path.partition("?")
    query = "&".join(q for q in (parts.query, query) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + path, query, ""))


def suffix_fix(parts: SplitResult) -> tuple:
    """(the /v1 or /v1/messages suffix of the path, the URL without it), or (None, None)."""
    path = parts.path.rstrip("/")
    for suffix in ("/v1/messages", "/v1"):
        if path.lower().endswith(suffix):
            fixed = urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], path[:-len(suffix)], "", ""))
            return suffix, fixed
    return None, None


def check_url(base_url: str) -> tuple:
    """Check 1. Returns (result, usable): usable is False when no request should be sent."""
    shown = display_url(base_url)
    if not base_url:
        return _result("url", FAIL, "inferenceGatewayBaseUrl is not set"), False
    bad = next(("U+%04X at character %d" % (ord(c), i + 1) for i, c in enumerate(base_url)
                if ord(c) <= 0x20 or ord(c) == 0x7F), None)
    if bad:
        return _result("url", FAIL, "inferenceGatewayBaseUrl contains a space or a control character (%s); "
                                    "percent-encode it or remove it" % bad), False
    parts = split_url(base_url)
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return _result("url", FAIL, "%s is not an http(s) URL with a host name" % shown), False
    details = {"url": shown, "scheme": parts.scheme.lower(), "host": parts.hostname, "port": parts.port,
               "path": parts.path or "/"}
    if parts.username is not None or parts.password is not None:
        return _result("url", FAIL, "the URL carries credentials (user:password@); the app refuses to load such a "
                                    "configuration since 1.32352.0: put the key in inferenceGatewayApiKey",
                       details=details), False
    problems, warnings = [], []
    suffix, fixed = suffix_fix(parts)
    if suffix:
        details["suggested_url"] = fixed
        problems.append("ends with %s, but the app appends /v1/messages itself (requests would go to %s): use %s"
                        % (suffix, join_url(base_url, "/v1/messages"), fixed))
    if parts.scheme.lower() == "http":
        if parts.hostname in _LOOPBACK:
            warnings.append("plain http is only usable for a gateway on the same machine; laptops need https")
        else:
            problems.append("uses plain http; the gateway must be served over https")
    if parts.query or parts.fragment:
        warnings.append("has a query string or fragment; the app appends /v1/messages to the path, so they may be lost")
    if problems:
        return _result("url", FAIL, "; ".join(problems + warnings), details=details), True
    if warnings:
        return _result("url", WARN, "; ".join(warnings), details=details), True
    return _result("url", PASS, "https, no credentials in the URL, no /v1 suffix", details=details), True
