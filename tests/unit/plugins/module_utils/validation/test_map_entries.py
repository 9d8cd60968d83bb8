# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/map_entries: one name and value of a map (a header name and value HTTP can carry,
the value's type, the allowed and deprecated values), and whether the entry is usable."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.map_entries import check_entry

from .helpers import context

STRINGS = {"value_type": "string"}
TOOLS = {"value_allowed": ["allow", "ask"], "value_deprecated": {"always": "allow"}}
HEADER_NAME = ("has the header name %s, which is not a valid HTTP header name (letters, digits and !#$%%&'*+.^_`|~- "
               "only: no spaces, colons or line breaks)")


def _entry(rules, name, item, headers=False, secret=False):
    ctx = context()
    ok = check_entry(ctx, rules, headers, name, item, "k." + name, "k", secret)
    return ok, [(p.level, p.key, p.value, p.rule, p.message, p.hint) for p in ctx.problems]


@pytest.mark.parametrize("name, item", [("X-Tenant", "acme"), ("x_team.v2", "a\tb"), ("X-Empty", "")])
def test_header_entries_http_can_carry(name, item):
    assert _entry(STRINGS, name, item, headers=True) == (True, [])


@pytest.mark.parametrize("name, shown", [("X Tenant", '"X Tenant"'), ("X-Tenant:", '"X-Tenant:"'), ("", '""')])
def test_a_header_name_http_cannot_carry_is_reported_on_the_map(name, shown):
    assert _entry(STRINGS, name, "acme", headers=True) == (False, [
        ("error", "k", shown, "header_name", HEADER_NAME % shown, "fix the name; an empty name is not allowed either")])


@pytest.mark.parametrize("item", ["a\r\nInjected: 1", "a\nb", "a\x00b", "a\x7f"])
def test_a_header_value_with_line_breaks_or_controls_is_header_injection(item):
    ok, problems = _entry(STRINGS, "X-A", item, headers=True)
    assert not ok and [(p[1], p[3], p[4], p[5]) for p in problems] == [
        ("k.X-A", "header_value",
         "a header value must not contain line breaks or control characters (header injection)", "remove them")]


def test_a_secret_header_value_is_masked():
    assert _entry(STRINGS, "X-Key", "sk-unit-ENTRY-1\n", headers=True, secret=True)[1][0][2] == "********"


def test_the_value_type():
    assert _entry(STRINGS, "X-N", 5, headers=True) == (False, [
        ("error", "k.X-N", "5", "type", "expected a string, got a number", "quote the value in YAML so it stays a string")])
    assert _entry({}, "n", 5) == (True, [])                     # a map without value_type takes numbers


def test_line_breaks_outside_header_maps_are_refused_only_for_string_values():
    assert _entry({}, "a b", "x\ny") == (True, [])
    message = "must not contain line breaks or control characters"
    assert _entry(STRINGS, "a b", "x\ny") == (False, [("error", "k.a b", '"x\\ny"', "control_characters", message, "")])
    assert _entry({}, "a", "x\x01") == (False, [("error", "k.a", '"x\\u0001"', "control_characters", message, "")])


def test_allowed_and_deprecated_values():
    assert _entry(TOOLS, "Bash", "ask") == (True, [])
    ok, [(level, key, value, rule, message, hint)] = _entry(TOOLS, "Read", "always")
    assert ok and (level, key, value, rule, hint) == ("warning", "k.Read", '"always"', "deprecated_value", 'use "allow"')
    assert message.startswith('the value "always" is deprecated; the app stops reading it at ')
    assert _entry(TOOLS, "Bash", "deny") == (False, [("error", "k.Bash", '"deny"', "enum", "must be one of allow, ask", "")])
    assert _entry(TOOLS, "Bash", "blocked")[1][0][5] == \
        "'blocked' is not accepted here; remove the tool with disabledBuiltinTools"
    assert _entry(TOOLS, "Bash", 3) == (True, [])               # only strings are compared with the allowed values
