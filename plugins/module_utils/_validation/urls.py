# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The value rule for URLs (catalog rules url, url_origin, url_no_query, url_no_suffix)."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote, urlsplit

from ansible_collections.cowork3p.fleet.plugins.module_utils import _providers
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import MASK, mask_userinfo
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show

_SPACE = re.compile(r"\s")
_LOOPBACK_NAMES = ("localhost", "localhost.localdomain")


def check_url(ctx, rules: dict, value: str, path: str, secret: bool) -> None:
    """Report what keeps ``value`` from being the URL the rules ask for (the first structural fault only)."""
    if value != value.strip() or _SPACE.search(value):
        ctx.error(path, show(value, secret), "url_whitespace", "a URL must not contain white space",
                  "use %s" % show(value.strip(), secret))
        return
    try:
        parts = urlsplit(value)
        parts.port  # pylint: disable=pointless-statement  # raises on a bad port
    except ValueError as exc:
        ctx.error(path, show(value, secret), "url_format", "is not a valid URL: %s" % exc)
        return
    if not parts.scheme or not parts.netloc:
        ctx.error(path, show(value, secret), "url_format", "is not an absolute URL",
                  "write it with its scheme, e.g. %s" % show("https://" + value.lstrip("/"), secret))
        return
    if not parts.hostname:
        ctx.error(path, show(mask_userinfo(value), secret), "url_host", "has no host name",
                  "write it as scheme://host[:port][/path]")
        return

    # From here on the URL is only ever shown without its user:password@ part.
    shown_url = value
    if "@" in parts.netloc:
        shown_url = value.replace(parts.netloc, MASK + "@" + parts.netloc.rsplit("@", 1)[1], 1)
        ctx.error(path, show(shown_url, secret), "url_credentials",
                  "embeds credentials (user:password@); since 1.32352.0 the app refuses to load such a configuration",
                  "remove the user:password@ part and use the key's credential setting instead")

    def shown(text=None):
        text = shown_url if text is None else text
        if "@" in parts.netloc:
            text = text.replace(parts.netloc, MASK + "@" + parts.netloc.rsplit("@", 1)[1], 1)
        return show(text, secret)

    _scheme(ctx, rules["url"], parts, value, path, shown)
    if rules.get("url_origin") and (parts.path not in ("", "/") or parts.query or parts.fragment):
        ctx.error(path, shown(), "url_origin", "must be an origin (scheme://host[:port]) without a path",
                  "use %s" % shown("%s://%s" % (parts.scheme, parts.netloc)))
    if rules.get("url_no_query") and (parts.query or parts.fragment):
        bare = value.split("?", 1)[0].split("#", 1)[0]
        ctx.error(path, shown(), "url_query",
                  "must not carry a query string or fragment: the app appends /v1/messages to it",
                  "use %s" % shown(bare.rstrip("/") if "/" in (rules.get("url_no_suffix") or ()) else bare))
    suffixes = rules.get("url_no_suffix") or ()
    if suffixes and not parts.query and not parts.fragment:
        _suffixes(ctx, suffixes, parts, path, shown)


def _scheme(ctx, mode, parts, value, path, shown):
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


def _suffixes(ctx, suffixes, parts, path, shown):
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


def is_loopback(host) -> bool:
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
