# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/keys: one key of a document (its old name, UNCONFIRMED keys, its value) and keys the
app does not know (suggestions, dotted names)."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import ALIASES, BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import keys
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID

from .helpers import context, found

UNCONFIRMED = sorted(name for name, entry in BY_NAME.items() if entry["confidence"] == "unconfirmed")


def test_a_known_key_is_coerced_and_checked():
    ctx = context()
    assert keys.check_key(ctx, BY_NAME["mcpToolTimeoutSec"], "mcpToolTimeoutSec", "60") == 60
    assert keys.check_key(ctx, BY_NAME["disableAutoUpdates"], "disableAutoUpdates", "maybe") is INVALID
    assert found(ctx) == [("error", "disableAutoUpdates", "type")]
    assert not ctx.lenient


def test_an_unconfirmed_key_is_rendered_as_given_with_a_warning():
    assert UNCONFIRMED, "the catalog has UNCONFIRMED keys"
    entry = BY_NAME[UNCONFIRMED[0]]
    ctx = context()
    value = {"x": 1} if entry["type"] not in ("object", "unknown") else "text"
    result = keys.check_key(ctx, entry, entry["name"], value)
    assert ctx.problems[0].rule == "unconfirmed" and ctx.problems[0].level == "warning"
    assert all(p.level == "warning" for p in ctx.problems) and result == value
    assert not ctx.lenient


def test_a_value_no_format_can_carry_is_invalid_even_when_unconfirmed():
    entry = BY_NAME[[n for n in UNCONFIRMED if BY_NAME[n]["type"] == "unknown"][0]]
    ctx = context()
    assert keys.check_key(ctx, entry, entry["name"], "bell\x07") is INVALID
    assert ("error", entry["name"], "control_characters") in found(ctx)


def test_an_old_name_alone_is_kept_and_with_its_new_name_dropped():
    old = sorted(ALIASES)[0]
    entry, alias = ALIASES[old]
    ctx = context()
    assert keys.old_name(ctx, entry, alias, old, {old: 1}) is True and ctx.problems == []
    assert keys.old_name(ctx, entry, alias, old, {old: 1, entry["name"]: 2}) is False
    assert found(ctx) == [("error", old, "duplicate_alias")] and ctx.problems[0].hint == "remove %s" % old


def test_unknown_keys_get_a_suggestion_and_secret_looking_values_stay_hidden():
    ctx = context()
    keys.unknown_key(ctx, "inferenceProvder", "gateway", {})
    keys.unknown_key(ctx, "inferenceGatewayApiKy", "sk-unit-KEYS-3", {"inferenceGatewayApiKey": "x"})
    keys.unknown_key(ctx, "completelyNew", "v", {})
    assert found(ctx) == [("error", "inferenceProvder", "unknown_key"), ("error", "inferenceGatewayApiKy", "unknown_key"),
                          ("error", "completelyNew", "unknown_key")]
    assert ctx.problems[0].hint == "did you mean inferenceProvider?"
    assert ctx.problems[1].hint.endswith("(it is also set; remove this one)")
    assert "sk-unit" not in str(ctx.problems[1].value)
    assert ctx.problems[2].hint.startswith("check the spelling")


def test_a_dotted_name_of_a_known_key_says_where_to_put_it():
    ctx = context()
    keys.unknown_key(ctx, "inferenceCustomHeaders.X-Tenant", "acme", {})
    assert found(ctx) == [("error", "inferenceCustomHeaders.X-Tenant", "dotted_key")]
    assert ctx.problems[0].hint.startswith("put ") and "inside the inferenceCustomHeaders object" in ctx.problems[0].hint
