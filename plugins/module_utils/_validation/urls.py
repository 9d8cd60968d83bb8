# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The value rule for URLs (catalog rules url, url_origin, url_no_query, url_no_suffix): the URL's structure
here (white space, parsing, absolute, host, credentials, origin, query); which schemes and path endings a key
accepts in url_policy.py."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import MASK, mask_userinfo
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.url_policy import check_scheme, check_suffixes

_SPACE = re.compile(r"\s")


def check_url(ctx: Context, rules: dict, value: str, path: str, secret: bool) -> None:
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

    check_scheme(ctx, rules["url"], parts, value, path, shown)
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
        check_suffixes(ctx, suffixes, parts, path, shown)
