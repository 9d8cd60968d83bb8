# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _encode: how a value becomes the string an MDM profile, .reg file or JSON document holds."""

from __future__ import annotations

import json

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import (
    encode_string, json_compact, json_readable, native_items, number_text, string_items)


@pytest.mark.parametrize("value, text", [
    (True, "true"),
    (False, "false"),
    (0, "0"),
    (60, "60"),
    (-5, "-5"),
    (3600, "3600"),
    (0.5, "0.5"),
    (1.0, "1"),
    (0.1, "0.1"),
    ("plain text", "plain text"),
    ("", ""),
    (["claude-sonnet-4", "claude-opus-4"], '["claude-sonnet-4","claude-opus-4"]'),
    ({"X-Tenant": "acme", "X-Team": "ai"}, '{"X-Team":"ai","X-Tenant":"acme"}'),      # names sorted
    ([{"name": "m", "supports1m": True}], '[{"name":"m","supports1m":true}]'),
    (["Zürich", "東京", "emoji \U0001F600"], '["Zürich","東京","emoji \U0001F600"]'),
    ([], "[]"),
    ({}, "{}"),
], ids=repr)
def test_encode_string(value, text):
    assert encode_string(value) == text


def test_encode_string_rejects_what_a_plist_string_cannot_hold():
    with pytest.raises(TypeError):
        encode_string(None)
    with pytest.raises(TypeError):
        encode_string(object())
    with pytest.raises(ValueError):
        encode_string(float("nan"))
    with pytest.raises(ValueError):
        encode_string(float("inf"))
    with pytest.raises(ValueError):
        encode_string([float("nan")])


def test_number_text():
    assert number_text(7) == "7"
    assert number_text(0.25) == "0.25"
    assert number_text(2.0) == "2"
    with pytest.raises(TypeError):
        number_text(True)
    with pytest.raises(ValueError):
        number_text(float("-inf"))


def test_json_helpers():
    value = {"b": [1, 2], "a": "é"}
    assert json_compact(value) == '{"a":"é","b":[1,2]}'          # names sorted, no spaces, UTF-8 kept
    assert json_readable(value) == '{"a": "é", "b": [1, 2]}'
    assert json.loads(json_compact(value)) == value
    with pytest.raises(ValueError):
        json_readable({"x": float("nan")})


JSON_CORPUS = [
    "", "plain", "é \u2028 \"quoted\" \\ \n\t\x01", 0, -7, 10 ** 30, 0.5, -1e300, 1e-7, True, False, None,
    [], {}, [1, "a", [True, None], {"k": 0.25}], {"b": {"a": []}, "a": "é", "": 1}, {"X-Org": "org-1"},
]


@pytest.mark.parametrize("value", JSON_CORPUS)
def test_json_helpers_write_what_json_dumps_writes(value):
    # json_compact/json_readable reuse one C encoder instead of building one per call; the text must not change.
    assert json_compact(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                                             sort_keys=True)
    assert json_readable(value) == json.dumps(value, ensure_ascii=False, separators=(", ", ": "), allow_nan=False,
                                              sort_keys=True)


@pytest.mark.parametrize("value", [float("nan"), float("-inf"), [float("inf")], {"x": object()}, {(1,): 2}, b"x"])
def test_json_helpers_refuse_what_json_dumps_refuses(value):
    for helper, separators in ((json_compact, (",", ":")), (json_readable, (", ", ": "))):
        with pytest.raises((TypeError, ValueError)) as expected:
            json.dumps(value, ensure_ascii=False, separators=separators, allow_nan=False)
        with pytest.raises(expected.type):
            helper(value)


def test_json_helpers_use_the_reusable_encoder_on_cpython():
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _encode  # pylint: disable=import-outside-toplevel
    assert _encode._COMPACT_FAST is not None and _encode._READABLE_FAST is not None


def test_string_items_are_sorted_and_encoded():
    settings = {"inferenceProvider": "gateway", "disableAutoUpdates": True, "mcpToolTimeoutSec": 60,
                "inferenceModels": ["m"], "banner": {"enabled": False}, "inferenceModelPricingMultiplier": 0.5}
    assert string_items(settings) == [
        ("banner", '{"enabled":false}'),
        ("disableAutoUpdates", "true"),
        ("inferenceModelPricingMultiplier", "0.5"),
        ("inferenceModels", '["m"]'),
        ("inferenceProvider", "gateway"),
        ("mcpToolTimeoutSec", "60"),
    ]
    assert string_items({}) == []
    # Sorting is by code point (upper case first), exactly like a plist writer with sorted keys.
    assert [key for key, _text in string_items({"b": "1", "B": "2", "a": "3"})] == ["B", "a", "b"]


def test_native_items_are_sorted_with_scalars_as_strings_by_default():
    # Reference 1.4 confirms native JSON on Linux for arrays and objects only; section 2 documents booleans and
    # integers as strings. Native scalars are an explicit choice.
    settings = {"mcpToolTimeoutSec": 60, "disableAutoUpdates": True, "inferenceModels": ["m"], "banner": {"enabled": True},
                "inferenceModelPricingMultiplier": 0.5}
    assert native_items(settings) == [("banner", {"enabled": True}), ("disableAutoUpdates", "true"),
                                      ("inferenceModelPricingMultiplier", "0.5"), ("inferenceModels", ["m"]),
                                      ("mcpToolTimeoutSec", "60")]
    assert native_items(settings, native_scalars=True) == [
        ("banner", {"enabled": True}), ("disableAutoUpdates", True), ("inferenceModelPricingMultiplier", 0.5),
        ("inferenceModels", ["m"]), ("mcpToolTimeoutSec", 60)]
