# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _urls: URL parts, origins, loopback hosts and the URL strings inside a settings value."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _urls


@pytest.mark.parametrize("host, loopback", [
    ("localhost", True), ("LOCALHOST.", True), ("app.localhost", True), ("127.0.0.1", True), ("127.9.8.7", True),
    ("[::1]", True), ("::ffff:127.0.0.1", True), ("10.0.0.1", False), ("localhost.example.corp", False), ("", False),
])
def test_loopback_hosts(host, loopback):
    assert _urls.is_loopback(host) is loopback


def test_url_parts_and_origin():
    assert _urls.parts("HTTPS://GW.Example.corp:443/x") == ("https", "gw.example.corp", 443)
    assert _urls.parts("http://h") == ("http", "h", 80)
    assert _urls.parts("ftp://h") is None and _urls.parts("https://h:99999") is None
    assert _urls.origin("https://h:443/a?b") == "https://h" and _urls.origin("https://h:8443/") == "https://h:8443"
    assert _urls.origin("https://[::1]:9/") == "https://[::1]:9"
    assert _urls.url_strings({"b": ["x", "https://a"], "a": {"u": "http://b"}}, "k") == [
        ("k.a.u", "http://b"), ("k.b[1]", "https://a")]
