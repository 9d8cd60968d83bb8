# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/url_policy: the scheme a key's URL must use (with the http:// policy of _providers
for loopback and the admin's gateway), the path endings it must not have (/v1, /v1/messages, a trailing /) and
the validator's loopback test."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import url_policy
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.url_policy import is_loopback, suffix_message

from .helpers import context

GATEWAY_URL = "inferenceGatewayBaseUrl"      # in _providers.ADMIN_HTTP_KEYS: may point at a private gateway


def _shown(url):
    def shown(text=None):
        return '"%s"' % (url if text is None else text)
    return shown


def _scheme(url, mode="https", key="k", allow=False):
    ctx = context()
    ctx.allow_insecure_http = allow
    url_policy.check_scheme(ctx, mode, urlsplit(url), url, key, _shown(url))
    return [(p.level, p.rule, p.message, p.hint) for p in ctx.problems]


def _suffixes(url, suffixes=("/", "/v1", "/v1/messages")):
    ctx = context()
    url_policy.check_suffixes(ctx, suffixes, urlsplit(url), "k", _shown(url))
    return [(p.level, p.rule, p.message, p.hint) for p in ctx.problems]


@pytest.mark.parametrize("url, mode", [("https://gw.example.com", "https"), ("HTTPS://gw.example.com", "https"),
                                       ("http://gw.example.com", "http_or_https"),
                                       ("https://gw.example.com", "http_or_https")])
def test_the_schemes_each_mode_takes(url, mode):
    assert _scheme(url, mode) == []


def test_http_where_https_is_asked_for_is_an_error():
    assert _scheme("http://gw.example.com/x") == [
        ("error", "https_url", "must use https://", 'use "https://gw.example.com/x"')]
    assert _scheme("wss://gw.example.com") == [("error", "https_url", "must use https://", 'use "https://gw.example.com"')]


@pytest.mark.parametrize("url", ["http://127.0.0.1:4000", "http://localhost/x", "http://[::1]:8080"])
def test_http_on_loopback_only_warns_and_says_it_is_unconfirmed(url):
    assert _scheme(url) == [("warning", "https_url",
                             "uses http:// on a loopback address; whether the app accepts that is UNCONFIRMED",
                             "use https:// for anything deployed to a fleet")]


def test_http_to_the_admins_gateway_on_a_network_address_follows_allow_insecure_http():
    [(level, rule, message, hint)] = _scheme("http://gw.example.com", key=GATEWAY_URL)
    assert (level, rule, hint) == ("error", "https_url", 'use "https://gw.example.com"')
    assert message.startswith("must use https://: over http:// requests and the credential they carry travel in "
                              "clear text") and "set allow_insecure_http to accept it" in message
    [(level, rule, message, hint)] = _scheme("http://gw.example.com", key=GATEWAY_URL, allow=True)
    assert (level, rule) == ("warning", "https_url") and "allowed by allow_insecure_http" in message


def test_only_http_and_https_for_http_or_https():
    assert _scheme("ftp://files.example.com", "http_or_https") == [
        ("error", "http_url", "must be an http:// or https:// URL (ftp:// is not supported)", "")]


V1 = "ends with /v1, but the app appends /v1/messages itself (the request would go to .../v1/v1/messages)"


@pytest.mark.parametrize("url, message, fixed", [
    ("https://gw.example.com/v1", V1, "https://gw.example.com"),
    ("https://gw.example.com/api/v1/", V1, "https://gw.example.com/api"),       # / then /v1: only /v1 is named
    ("https://gw.example.com/api/V1", V1, "https://gw.example.com/api"),        # as the server reads it
    ("https://gw.example.com/api/%76%31", V1, "https://gw.example.com/api"),
    ("https://gw.example.com/v1/messages", V1.replace("with /v1,", "with /v1/messages,"), "https://gw.example.com"),
    ("https://gw.example.com/", "ends with /, and the app appends /v1/... after it (the request would go to "
                                "...//v1/...)", "https://gw.example.com"),
])
def test_the_v1_suffix_and_a_trailing_slash(url, message, fixed):
    assert _suffixes(url) == [("error", "url_suffix", message, 'use "%s"' % fixed)]


def test_a_url_without_those_endings_passes():
    assert _suffixes("https://gw.example.com") == [] and _suffixes("https://gw.example.com/api/v1beta") == []
    assert _suffixes("https://otel.example.com/v1/traces", ["/v1/traces"]) == [
        ("error", "url_suffix", "must not end with /v1/traces", 'use "https://otel.example.com"')]


def test_suffix_messages_and_loopback():
    assert "appends /v1/messages itself" in suffix_message(["/", "/v1"])
    assert suffix_message(["/"]).startswith("ends with /,")
    assert suffix_message(["/v1/traces"]) == "must not end with /v1/traces"
    assert is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.2")
    assert not is_loopback("gw.example.com") and not is_loopback("") and not is_loopback(None)


@pytest.mark.parametrize("host, loopback", [
    ("LOCALHOST", True), ("localhost.localdomain", True), ("127.255.0.1", True), ("::1", True),
    ("10.0.0.1", False), ("0.0.0.0", False), ("a.localhost", False), ("::ffff:127.0.0.1", False),  # narrower than _urls
])
def test_what_counts_as_loopback(host, loopback):
    assert is_loopback(host) is loopback
