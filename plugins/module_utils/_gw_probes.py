# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the preflight sends: the headers exactly as the app sends them, and the minimal probe bodies."""

from __future__ import annotations

ANTHROPIC_VERSION = "2023-06-01"
USER_AGENT = "cowork3p.fleet-gateway-check/1"
PROBE_TOOL = {
    "name": "record_observation",
    "description": "Record the city and the temperature the user reports.",
    "input_schema": {
        "type": "object",
        "properties": {
            "city": {"type": "string", "description": "City name"},
            "celsius": {"type": "number", "description": "Temperature in degrees Celsius"},
        },
        "required": ["city", "celsius"],
        "additionalProperties": False,
    },
}
UNKNOWN_MODEL = "cowork3p-preflight-no-such-model"
# Tool search (reference section 10): the experimental betas the app turns on with toolSearchEnabled, a
# deferred tool, and a tool_result that loads it with a tool_reference block.
TOOL_SEARCH_BETAS = "advanced-tool-use-2025-11-20,context-management-2025-06-27"
TOOL_SEARCH_TOOL = {
    "name": "tool_search",
    "description": "Search the deferred tools by keyword; returns references to the matching tools.",
    "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
}


def auth_headers(api_key: str | None, scheme: str) -> dict:
    """The credential header exactly as the app sends it."""
    if not api_key:
        return {}
    if scheme == "x-api-key":
        return {"x-api-key": api_key}
    return {"Authorization": "Bearer " + api_key}


def build_headers(config: dict, scheme: str | None = None, stream: bool = False, extra: dict | None = None) -> dict:
    """Custom headers first, then the credential and the protocol headers (those win on a clash)."""
    headers = dict(config.get("headers") or {})
    headers.update(extra or {})
    taken = set(name.lower() for name in headers)
    for name in list(headers):
        if name.lower() in ("authorization", "x-api-key", "anthropic-version", "content-type", "content-length"):
            del headers[name]
            taken.discard(name.lower())
    headers.update(auth_headers(config.get("api_key"), scheme or config.get("auth_scheme") or "bearer"))
    headers["anthropic-version"] = ANTHROPIC_VERSION
    headers["content-type"] = "application/json"
    if "user-agent" not in taken:
        headers["User-Agent"] = USER_AGENT
    if stream:
        headers["accept"] = "text/event-stream"
    return headers


def message_body(model: str | None, kind: str) -> dict:
    """The minimal request bodies: kind is messages, streaming, tools, tools-stream or errors."""
    if kind == "tool_search":
        deferred = dict(PROBE_TOOL, defer_loading=True)
        return {"model": model, "max_tokens": 256, "tools": [TOOL_SEARCH_TOOL, deferred],
                "tool_choice": {"type": "tool", "name": PROBE_TOOL["name"]},
                "messages": [
                    {"role": "user", "content": "Record this observation with the tool: it is 21 degrees Celsius in Lisbon."},
                    {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_cowork3p_search",
                                                       "name": TOOL_SEARCH_TOOL["name"],
                                                       "input": {"query": "record observation"}}]},
                    {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_cowork3p_search",
                                                  "content": [{"type": "tool_reference",
                                                               "tool_name": PROBE_TOOL["name"]}]}]}]}
    if kind in ("tools", "tools-stream"):
        body = {"model": model, "max_tokens": 256,
                "messages": [{"role": "user", "content": "Record this observation with the tool: "
                                                         "it is 21 degrees Celsius in Lisbon."}],
                "tools": [PROBE_TOOL], "tool_choice": {"type": "tool", "name": PROBE_TOOL["name"]}}
    elif kind == "streaming":
        body = {"model": model, "max_tokens": 100,
                "messages": [{"role": "user", "content": "Count from 1 to 20, separated by spaces."}]}
    else:
        body = {"model": UNKNOWN_MODEL if kind == "errors" else model, "max_tokens": 16,
                "messages": [{"role": "user", "content": "Reply with the single word: pong"}]}
    if kind in ("streaming", "tools-stream"):
        body["stream"] = True
    return body
