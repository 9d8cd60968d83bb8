# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/enums: the coercion of the catalog type enum (a documented value, a deprecated one
with its replacement and cut-off, the closest documented value as a hint) and where deprecated values come from."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import enums
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID

from .helpers import context, found

AFTER_CUTOFF = datetime.datetime(2027, 1, 1, tzinfo=datetime.timezone.utc)


def test_enum_values_suggestions_and_deprecated_values():
    spec = BY_NAME["inferenceGatewayAuthScheme"]
    ctx = context()
    assert enums.enum(ctx, spec, "bearer", "k", False, False) == "bearer" and ctx.problems == []
    assert enums.enum(ctx, spec, "Bearer", "k", False, False) is INVALID
    assert ctx.problems[-1].rule == "enum" and "bearer" in ctx.problems[-1].hint
    assert enums.enum(ctx, spec, "auto", "k", False, False) == "auto"
    assert ctx.problems[-1].rule == "deprecated_value" and "replace it with" in ctx.problems[-1].hint
    assert enums.enum(ctx, spec, 3, "k", False, False) is INVALID and ctx.problems[-1].rule == "type"


def test_a_loose_enum_only_warns():
    ctx = context()
    spec = {"allowed": ["a", "b"], "allowed_strict": False, "rules": {}}
    assert enums.enum(ctx, spec, "c", "k", False, False) == "c"
    assert found(ctx) == [("warning", "k", "enum")]


@pytest.mark.parametrize("value", ["Bearer", "bearr", " bearer"])
def test_a_near_miss_is_an_error_with_the_closest_value(value):
    ctx = context()
    assert enums.enum(ctx, BY_NAME["inferenceGatewayAuthScheme"], value, "k", False, False) is INVALID
    assert [(p.level, p.rule, p.message, p.hint) for p in ctx.problems] == [
        ("error", "enum", "must be one of bearer, x-api-key", 'did you mean "bearer"?')]


def test_a_value_far_from_every_documented_one_gets_no_hint():
    ctx = context()
    assert enums.enum(ctx, {"allowed": ["bearer", "x-api-key"], "rules": {}}, "zzzz", "k", False, False) is INVALID
    assert ctx.problems[0].hint == ""


def test_a_deprecated_value_warns_before_the_cutoff_and_fails_after_it():
    spec = BY_NAME["inferenceGatewayAuthScheme"]
    before, after = context(), context(now=AFTER_CUTOFF)
    assert enums.enum(before, spec, "auto", "k", False, False) == "auto"
    assert enums.enum(after, spec, "auto", "k", False, False) == "auto"     # kept: the report says what to do
    assert found(before) == [("warning", "k", "deprecated_value")]
    assert found(after) == [("error", "k", "deprecated_value")]
    assert before.problems[0].message.startswith('the value "auto" is deprecated; the app stops reading it at 2026-10-07')
    assert after.problems[0].message.startswith('the value "auto" is deprecated; the app stopped reading it at')
    assert before.problems[0].hint == 'remove the key (bearer is the default) or set bearer; replace it with "bearer"'


def test_the_hint_of_a_deprecated_value_without_replacement():
    ctx = context()
    enums.enum(ctx, BY_NAME["inferenceGatewayAuthScheme"], "sso", "k", False, False)
    assert ctx.problems[0].hint == "use inferenceCredentialKind: interactive instead"
    spec = {"allowed": ["a"], "deprecated_values": {"old": {}}, "rules": {}}
    enums.enum(ctx, spec, "old", "k", False, False)
    assert ctx.problems[-1].hint == "remove it (no direct replacement; see the vendor's configuration changelog)"
    assert ctx.problems[-1].level == "warning" and ctx.problems[-1].message == 'the value "old" is deprecated'


def test_unquoted_on_and_off_are_named():
    ctx = context()
    spec = BY_NAME["otlpDesktopLogLevel"]
    assert enums.enum(ctx, spec, False, "k", False, False) is INVALID
    assert enums.enum(ctx, spec, True, "k", False, False) is INVALID
    assert [(p.rule, p.hint) for p in ctx.problems] == [
        ("type", "YAML reads unquoted on/off as booleans; write 'off' in quotes"),
        ("type", "YAML reads unquoted on/off as booleans; write 'on' in quotes")]
    assert ctx.problems[0].message == "expected one of off, error, warn, info, debug, got a boolean"


def test_a_secret_value_is_masked():
    ctx = context()
    enums.enum(ctx, {"allowed": ["a"], "rules": {}}, "sk-unit-ENUM-1", "k", True, False)
    assert ctx.problems[0].value == "********"


def test_deprecated_values_merge_the_two_catalog_forms():
    spec = {"deprecated_values": {"old": {"replacement": "x"}},
            "rules": {"value_deprecated": {"old": "ignored", "legacy": "new", "older": {"replacement": "n", "message": "m"}}}}
    assert enums._deprecated_values(spec) == {
        "old": {"replacement": "x"},        # deprecated_values wins
        "legacy": {"replacement": "new", "cutoff": catalog.DEPRECATION_CUTOFF},
        "older": {"replacement": "n", "message": "m", "cutoff": catalog.DEPRECATION_CUTOFF}}
    assert enums._deprecated_values({"rules": {}}) == {} and enums._deprecated_values({}) == {}
