# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/objects: object values (header maps among them) and boolean-or-object values."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import objects
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID

from .helpers import context, found

HEADERS = BY_NAME["inferenceCustomHeaders"]


def test_a_header_map_natively_or_as_json_text():
    ctx = context()
    assert objects.mapping(ctx, HEADERS, {"X-Tenant": "acme"}, "k", False, False) == {"X-Tenant": "acme"}
    assert objects.mapping(ctx, HEADERS, '{"X-Tenant": "acme"}', "k", False, False) == {"X-Tenant": "acme"}
    assert ctx.problems == []


def test_header_names_and_values_that_http_cannot_carry_are_errors():
    ctx = context()
    value = {"X Tenant": "a", "X-Ok": "line\r\nInjected: 1", "X-Num": 5}
    assert objects.mapping(ctx, HEADERS, value, "k", False, False) is INVALID
    assert found(ctx) == [("error", "k", "header_name"), ("error", "k.X-Ok", "header_value"),
                          ("error", "k.X-Num", "type")]


def test_credentials_in_a_routing_header_map_warn_and_are_masked():
    ctx = context()
    assert objects.mapping(ctx, HEADERS, {"Authorization": "Bearer sk-unit-OBJ-1"}, "k", False, False)
    assert found(ctx) == [("warning", "k.Authorization", "credential_header")]
    assert "sk-unit" not in str(ctx.problems[0].value)


def test_the_old_header_text_form_is_converted_with_a_deprecation():
    ctx = context()
    assert objects.mapping(ctx, HEADERS, "X-Org=acme,X-Team=blue", "k", False, False) == \
        {"X-Org": "acme", "X-Team": "blue"}
    assert [p.rule for p in ctx.problems] == ["deprecated_form"]
    assert ctx.problems[0].hint.startswith("write an object instead")


def test_the_old_form_of_a_secret_map_hides_its_values():
    ctx = context()
    objects.mapping(ctx, dict(HEADERS, secret_values=True), "X-Key=sk-unit-OBJ-2", "k", False, False)
    assert "sk-unit-OBJ-2" not in str(ctx.problems[0].value) + ctx.problems[0].hint


def test_a_map_with_allowed_values():
    spec = {"type": "object", "rules": {"value_allowed": ["allow", "ask"], "value_deprecated": {"always": "allow"}}}
    ctx = context()
    assert objects.mapping(ctx, spec, {"Bash": "ask", "Read": "always"}, "k", False, False)
    assert found(ctx) == [("warning", "k.Read", "deprecated_value")] and ctx.problems[0].hint == 'use "allow"'
    assert objects.mapping(ctx, spec, {"Bash": "blocked"}, "k", False, False) is INVALID
    assert ctx.problems[-1].rule == "enum" and "disabledBuiltinTools" in ctx.problems[-1].hint


def test_boolean_or_object():
    spec = {"type": "boolean_or_object", "fields": {"clientId": {"type": "string", "rules": {}}}, "rules": {}}
    ctx = context()
    assert objects.boolean_or_object(ctx, spec, True, "k", False, False) is True
    assert objects.boolean_or_object(ctx, spec, {"clientId": "c"}, "k", False, False) == {"clientId": "c"}
    assert ctx.problems == []
    assert objects.boolean_or_object(ctx, spec, "yes", "k", False, False) == "yes"
    assert found(ctx) == [("warning", "k", "deprecated_form")]
