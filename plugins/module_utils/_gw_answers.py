# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Is an answer what the app expects? Messages, tool_use blocks, event-stream grammar, a small JSON schema.

Pure functions over parsed answers; each returns a list of problems (empty when fine).
"""

from __future__ import annotations

import json

from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_explain import error_text, json_or_none
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_probes import PROBE_TOOL


def check_event_order(events: list) -> list:
    """The Messages API stream grammar, pings ignored. Returns a list of problems (empty when fine)."""
    names = [e["event"] for e in events if e["event"] != "ping"]
    errors = [e for e in events if e["event"] == "error"]
    if errors:
        return ["the stream carried an error event: %s" % error_text(json_or_none(errors[0]["data"]), errors[0]["data"])]
    if not names:
        return ["the stream carried no events"]
    problems = []
    if names[0] != "message_start":
        problems.append("the first event is %s, not message_start" % names[0])
    for needed in ("content_block_start", "content_block_delta"):
        if needed not in names:
            problems.append("no %s event" % needed)
    if names[-1] != "message_stop":
        problems.append("the stream ended after %s without message_stop (cut short by the gateway or a proxy?)" % names[-1])
    elif "message_delta" not in names:
        problems.append("no message_delta event (stop_reason and usage) before message_stop")
    for event in events:
        payload = json_or_none(event["data"])
        if event["event"] != "ping" and not isinstance(payload, dict):
            problems.append("the data of a %s event is not a JSON object" % event["event"])
            break
    return problems


def check_schema(value: object, schema: dict, path: str = "input") -> list:
    """A small JSON-schema check (type, required, properties, additionalProperties, enum, items)."""
    problems = []
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    if kinds and not any(_is_type(value, kind) for kind in kinds):
        return ["%s should be %s, got %s" % (path, " or ".join(kinds), _type_name(value))]
    if "enum" in schema and value not in schema["enum"]:
        problems.append("%s is not one of %s" % (path, ", ".join(json.dumps(v) for v in schema["enum"])))
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        for name in schema.get("required") or []:
            if name not in value:
                problems.append("%s is missing the required property %r" % (path, name))
        for name, item in value.items():
            if name in props:
                problems.extend(check_schema(item, props[name], "%s.%s" % (path, name)))
            elif schema.get("additionalProperties") is False:
                problems.append("%s has an unexpected property %r" % (path, name))
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            problems.extend(check_schema(item, schema["items"], "%s[%d]" % (path, index)))
    return problems


def _is_type(value, kind):
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "null":
        return value is None
    return True


def _type_name(value):
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")


def looks_like_claude(model_id: object) -> bool:
    return "claude" in str(model_id).lower()


def short(value: object, size: int = 80) -> str:
    """A value a gateway sent, as text of at most ``size`` characters (it is already masked)."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)[:size + 1]
    return text if len(text) <= size else text[:size] + "..."


def compact_order(events: list) -> list:
    order = []
    for event in events:
        if order and order[-1][0] == event["event"]:
            order[-1][1] += 1
        else:
            order.append([event["event"], 1])
    return ["%s x%d" % (n, c) if c > 1 else n for n, c in order][:40]


def message_problems(payload: object) -> list:
    if not isinstance(payload, dict):
        return ["the body is not a JSON object"]
    if "choices" in payload:
        return ["it is in OpenAI chat-completion format (choices[]); the app needs the Anthropic Messages API "
                "(point the base URL at the gateway's Anthropic-compatible endpoint)"]
    problems = []
    if payload.get("type") != "message":
        problems.append("type is %s, not 'message'" % short(payload.get("type"), 40))
    if payload.get("role") != "assistant":
        problems.append("role is %s, not 'assistant'" % short(payload.get("role"), 40))
    content = payload.get("content")
    if not isinstance(content, list) or not content or not all(isinstance(b, dict) and b.get("type") for b in content):
        problems.append("content is not a non-empty list of typed blocks")
    if "stop_reason" not in payload:
        problems.append("no stop_reason")
    if not isinstance(payload.get("usage"), dict):
        problems.append("no usage")
    return problems


def tool_use_problems(payload: object) -> list:
    problems = message_problems(payload)
    if problems:
        return problems
    blocks = [b for b in payload["content"] if b.get("type") == "tool_use"]
    if not blocks:
        kinds = ", ".join(b.get("type") for b in payload["content"])
        return ["no tool_use block (stop_reason %s, blocks: %s): the gateway dropped tools/tool_choice or its model does "
                "not support tool use" % (payload.get("stop_reason"), kinds)]
    return _tool_block_problems(blocks[0], blocks[0].get("input"))


def _tool_block_problems(block, value):
    problems = []
    if block.get("name") != PROBE_TOOL["name"]:
        problems.append("tool_use names %r, not the forced tool %r" % (block.get("name"), PROBE_TOOL["name"]))
    if not block.get("id"):
        problems.append("tool_use block without an id")
    schema_problems = check_schema(value, PROBE_TOOL["input_schema"])
    if schema_problems:
        problems.append("the tool input does not match the schema: %s" % "; ".join(schema_problems))
    return problems


def streamed_tool_problems(events: list) -> list:
    order = check_event_order(events)
    if order:
        return order
    start, pieces, index = None, [], None
    for event in events:
        payload = json_or_none(event["data"]) or {}
        if event["event"] == "content_block_start" and (payload.get("content_block") or {}).get("type") == "tool_use":
            if start is None:
                start, index = payload["content_block"], payload.get("index")
        elif event["event"] == "content_block_delta" and start is not None and payload.get("index") == index:
            delta = payload.get("delta") or {}
            if delta.get("type") == "input_json_delta":
                pieces.append(delta.get("partial_json") or "")
    if start is None:
        kinds = sorted(set((json_or_none(e["data"]) or {}).get("content_block", {}).get("type", "?")
                           for e in events if e["event"] == "content_block_start"))
        return ["no tool_use content block in the stream (blocks: %s): the gateway dropped tools when streaming"
                % (", ".join(kinds) or "none")]
    if not pieces:
        return ["the tool_use block came without input_json_delta events, so the tool input is lost"]
    text = "".join(pieces)
    try:
        value = json.loads(text) if text.strip() else {}
    except ValueError:
        return ["the input_json_delta pieces do not join into JSON: %s" % text[:80]]
    return _tool_block_problems(start, value)
