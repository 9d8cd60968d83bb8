# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The URL policy of a key, once urls.py has found the URL well-formed: the scheme it must use (with the
http:// policy of _providers for loopback and admin gateways) and the path endings it must not have."""

from __future__ import annotations

import ipaddress
from typing import Callable, Sequence
from urllib.parse import SplitResult, unquote

from ansible_collections.cowork3p.fleet.plugins.module_utils import _providers
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context

_LOOPBACK_NAMES = ("localhost", "localhost.localdomain")


def check_scheme(ctx: Context, mode: str, parts: SplitResult, value: str, path: str, shown: Callable[..., str]) -> None:
    """The scheme the rule ``url`` asks for (https, or http_or_https); an http:// URL of a key the admin may
    point at a local or private gateway follows the http:// policy of _providers. shown: the URL as displayed."""
    scheme = parts.scheme.lower()
    if mode == "https" and scheme != "https":
        if scheme == "http" and (path in _providers.ADMIN_HTTP_KEYS or is_loopback(parts.hostname)):
            # the http:// policy of _providers: loopback is UNCONFIRMED; on a network it protects the admin
            found = _providers.insecure_http(path, value, ctx.allow_insecure_http,
                                             shown("https://" + value.split("://", 1)[-1]))
            ctx.add(found.level, path, shown(), found.rule, found.message, found.hint)
        else:
            ctx.error(path, shown(), "https_url", "must use https://",
                      "use %s" % shown("https://" + value.split("://", 1)[-1]))
    elif mode == "http_or_https" and scheme not in ("http", "https"):
        ctx.error(path, shown(), "http_url", "must be an http:// or https:// URL (%s:// is not supported)" % scheme)


def check_suffixes(ctx: Context, suffixes: Sequence[str], parts: SplitResult, path: str,
                   shown: Callable[..., str]) -> None:
    """The path endings the rule url_no_suffix refuses (/v1, /v1/messages, a trailing /)."""
    # Compared the way a server reads the path: percent-escapes decoded, letters in either case
    # (/V1 and /%76%31 are /v1 to the gateway), the same decision as gateway_check's.
    rest, found = unquote(parts.path), []
    changed = True
    while changed:
        changed = False
        for suffix in sorted(suffixes, key=len, reverse=True):
            if rest.lower().endswith(suffix.lower()):
                rest = rest[:-len(suffix)]
                found.append(suffix)
                changed = True
                break
    if found:
        fixed = "%s://%s%s" % (parts.scheme, parts.netloc, rest)
        ctx.error(path, shown(), "url_suffix", suffix_message(found), "use %s" % shown(fixed))


def suffix_message(found: list) -> str:
    """Why a URL must not end with the suffixes found (in the order they were stripped)."""
    if any(s in ("/v1", "/v1/messages") for s in found):
        return ("ends with %s, but the app appends /v1/messages itself (the request would go to .../v1/v1/messages)"
                % " and ".join(s for s in found if s != "/"))
    if found == ["/"]:
        return "ends with /, and the app appends /v1/... after it (the request would go to ...//v1/...)"
    return "must not end with %s" % " or ".join(found)


def is_loopback(host: str | None) -> bool:
    """localhost or a loopback IP address (the validator's narrower test; _urls.is_loopback also takes
    *.localhost and IPv4-mapped forms)."""
    if not host:
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
