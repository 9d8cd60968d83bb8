# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_url.py: check 1 and how the base URL is joined and shown."""

from __future__ import annotations

import json

import pytest

from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import gw


@pytest.mark.parametrize("url,status_,phrase,usable", [
    ("https://gw.example.com", "pass", "no /v1 suffix", True),
    ("https://gw.example.com/llm/", "pass", "https", True),
    ("https://gw.example.com/v1", "fail", "use https://gw.example.com", True),
    ("https://gw.example.com/api/v1/", "fail", "use https://gw.example.com/api", True),
    ("https://gw.example.com/v1/messages", "fail", "ends with /v1/messages", True),
    ("https://user:pw@gw.example.com", "fail", "credentials", False),
    ("http://gw.example.com", "fail", "plain http", True),
    ("http://127.0.0.1:8080", "warn", "same machine", True),
    ("https://gw.example.com/?a=1", "warn", "query string", True),
    ("gw.example.com", "fail", "not an http(s) URL", False),
    ("https://gw.example.com:99999", "fail", "not an http(s) URL", False),
    ("", "fail", "not set", False),
])
def test_check_url(url, status_, phrase, usable):
    result, ok = gw.check_url(url)
    assert (result["status"], ok) == (status_, usable)
    assert phrase in result["reason"]
    assert "pw@" not in json.dumps(result)


def test_join_and_display_url():
    assert gw.join_url("https://h/base/", "/v1/messages") == "https://h/base/v1/messages"
    assert gw.join_url("https://h/b?x=1", "/v1/models?limit=2") == "https://h/b/v1/models?x=1&limit=2"
    assert gw.display_url("https://u:p@h/x") == "https://********@h/x"
    assert gw.display_url("https://h/x?key=abc&flag") == "https://h/x?key=********&flag"
    assert gw.display_url("https://h/x") == "https://h/x"


def test_a_url_with_a_control_character_is_refused():
    result, usable = gw.check_url("https://gw.example.test/a\nb")
    assert not usable and result["status"] == gw.FAIL and "U+000A" in result["reason"]
