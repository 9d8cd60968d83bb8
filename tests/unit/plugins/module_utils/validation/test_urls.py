# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The URL rule."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.urls import check_url

from .helpers import context, found


@pytest.mark.parametrize("value, rules, expected", [
    ("https://gw.example.com", {"url": "https"}, []),
    ("http://gw.example.com", {"url": "https"}, [("error", "https_url")]),
    ("http://127.0.0.1:4000", {"url": "https"}, [("warning", "https_url")]),
    ("ftp://gw.example.com", {"url": "http_or_https"}, [("error", "http_url")]),
    ("gw.example.com", {"url": "https"}, [("error", "url_format")]),
    ("https://gw.example.com /x", {"url": "https"}, [("error", "url_whitespace")]),
    ("https://u:p@gw.example.com", {"url": "https"}, [("error", "url_credentials")]),
    ("https://gw.example.com/a", {"url": "https", "url_origin": True}, [("error", "url_origin")]),
    ("https://gw.example.com/?a=1", {"url": "https", "url_no_query": True}, [("error", "url_query")]),
    ("https://gw.example.com/%76%31/", {"url": "https", "url_no_suffix": ["/", "/v1"]}, [("error", "url_suffix")]),
])
def test_check_url(value, rules, expected):
    ctx = context()
    check_url(ctx, rules, value, "k", False)
    assert [(level, rule) for level, _key, rule in found(ctx)] == expected
    assert all("u:p@" not in (problem.value + problem.hint) for problem in ctx.problems)
