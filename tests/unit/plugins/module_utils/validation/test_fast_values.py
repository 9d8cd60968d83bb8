# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/fast_values: the fast checkers of scalars answer the value when it is clean and
SLOW ("the full rules decide") otherwise; a spec with a rule they were not taught gets no fast checker. That the
fast path never changes a report is tested over whole documents in test_fast.py."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast_values import SLOW, fast_scalar


def test_boolean_and_enum():
    check = fast_scalar({"type": "boolean"})
    assert check(True) is True and check(False) is False and check("true") is SLOW and check(1) is SLOW
    check = fast_scalar({"type": "enum", "allowed": ["a", "b"]})
    assert check("a") == "a" and check("c") is SLOW and check(None) is SLOW


@pytest.mark.parametrize("value, clean", [(5, True), (0, False), (601, False), (True, False), (5.0, False),
                                          ("5", False), (2 ** 60, False)])
def test_integer_with_a_range(value, clean):
    check = fast_scalar({"type": "integer", "rules": {"min": 1, "max": 600}})
    assert (check(value) is SLOW) is not clean


def test_number_takes_floats_but_not_infinity():
    check = fast_scalar({"type": "number", "rules": {"min": 0}})
    assert check(0.5) == 0.5 and check(2) == 2 and check(float("inf")) is SLOW and check(-1) is SLOW


@pytest.mark.parametrize("value, clean", [
    ("https://gw.example.test/v1", True), ("https://gw.example.test:8443", True), ("http://gw.example.test", False),
    ("https://user:pw@gw.example.test", False), ("https://gw.example.test/?q=1", False),
    ("https://gw.example.test:99999", False), ("https://gw.example.test/v1/messages", False),
    ("https://[::1]/", False), ("https://gw.example.test/\n", False),
])
def test_an_https_url_with_a_forbidden_suffix(value, clean):
    check = fast_scalar({"type": "string", "rules": {"url": "https", "url_no_suffix": ["/messages"]}})
    assert (check(value) is SLOW) is not clean


def test_strings_lengths_lines_patterns_and_secrets():
    check = fast_scalar({"type": "string", "rules": {"min_length": 2, "max_length": 5, "single_line": True,
                                                     "pattern": "^[a-z]+$"}})
    assert check("abc") == "abc"
    assert all(check(v) is SLOW for v in ("a", "abcdef", "ab\ncd", "AB", 5, "a\x01b"))
    secret = fast_scalar({"type": "string", "secret": True, "rules": {}})
    assert secret("sk-x") == "sk-x" and secret(" sk-x") is SLOW


def test_specs_with_rules_it_was_not_taught_get_no_fast_checker():
    assert fast_scalar({"type": "string", "rules": {"path": True}}) is None
    assert fast_scalar({"type": "string", "rules": {"url": "any_scheme_rule"}}) is None
    assert fast_scalar({"type": "integer", "rules": {"step": 5}}) is None
    assert fast_scalar({"type": "object", "rules": {}}) is None


@pytest.mark.parametrize("url", ["https://gw.example.test/\n", "https://gw.example.test\n"])
def test_a_url_ending_in_a_line_break_is_left_to_the_full_rules(url):
    # "$" also matches before a final line break: the fast path once let this URL through with no problem, where
    # the full rules report url_whitespace
    assert fast_scalar({"type": "string", "rules": {"url": "https"}})(url) is SLOW
    report = validate({"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": url, "inferenceGatewayApiKey": "k"})
    assert [(p.key, p.rule) for p in report.errors] == [("inferenceGatewayBaseUrl", "url_whitespace")]
