# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_answers.py: event-stream grammar and the small JSON-schema check."""

from __future__ import annotations

import json

from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import gw


def test_event_order():
    names = ("ping", "message_start", "content_block_start", "content_block_delta", "content_block_stop",
             "message_delta", "message_stop")
    good = [{"event": n, "data": "{}"} for n in names]
    assert gw.check_event_order(good) == []
    assert "without message_stop" in gw.check_event_order(good[:-2])[0]
    assert "not message_start" in gw.check_event_order(good[2:])[0]
    overloaded = {"type": "error", "error": {"type": "overloaded_error", "message": "busy"}}
    err = [{"event": "error", "data": json.dumps(overloaded)}]
    assert gw.check_event_order(good[:3] + err) == ["the stream carried an error event: overloaded_error: busy"]
    assert "no content_block_delta" in " ".join(gw.check_event_order([good[1], good[2], good[6]]))


def test_schema_check():
    schema = gw.PROBE_TOOL["input_schema"]
    assert gw.check_schema({"city": "Lisbon", "celsius": 21.5}, schema) == []
    assert gw.check_schema({"city": "Lisbon"}, schema) == ["input is missing the required property 'celsius'"]
    assert gw.check_schema({"city": 3, "celsius": True}, schema) == [
        "input.city should be string, got a number", "input.celsius should be number, got a boolean"]
    assert "unexpected property 'x'" in gw.check_schema({"city": "a", "celsius": 1, "x": 1}, schema)[0]
    assert gw.check_schema("text", schema) == ["input should be object, got a string"]
    assert gw.check_schema([1, "a"], {"type": "array", "items": {"type": "integer"}}) == [
        "input[1] should be integer, got a string"]
    assert gw.check_schema("b", {"enum": ["a"]}) == ['input is not one of "a"']
