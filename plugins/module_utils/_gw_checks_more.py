# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checks of what sessions use beyond one message: streaming, tools, each_model, tool_search, errors.

Functions of a ``_gw_session.Session``, run in the order of the table in ``_gw_plan``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_answers import (
    check_event_order, compact_order, message_problems, streamed_tool_problems, tool_use_problems)
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_explain import error_text, explain_http, is_html, json_or_none
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_probes import (
    PROBE_TOOL, TOOL_SEARCH_BETAS, UNKNOWN_MODEL, message_body)
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_result import (
    FAIL, PASS, SKIP, WARN, Failed as _Failed, result as _result)
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_stream import BUFFER_MIN_TOTAL, stream as _stream

if TYPE_CHECKING:     # (for annotations only)
    from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_session import Session


def check_streaming(session: Session) -> dict:
    session.need_model()
    events, timing = _stream(session, message_body(session.model, "streaming"))
    details = dict(timing, event_order=compact_order(events))
    problems = check_event_order(events)
    if problems:
        return _result("streaming", FAIL, "the event stream is not what the app expects: %s" % "; ".join(problems),
                       details=details)
    judged = timing["total_ms"] >= BUFFER_MIN_TOTAL * 1000 and timing["deltas"] >= 2
    details["buffered"] = judged and timing["bursts"] == 1
    if details["buffered"]:
        return _result("streaming", FAIL,
                       "buffered: the first event arrived only after %d ms of %d ms, and all %d events came in one "
                       "burst: a proxy holds the stream back (turn off response buffering, e.g. nginx "
                       "proxy_buffering off)" % (timing["first_event_ms"], timing["total_ms"], timing["events"]),
                       details=details)
    if not judged:
        note = "; too short (%d ms, %d deltas) to tell whether a proxy buffers" % (timing["total_ms"], timing["deltas"])
    else:
        note = "; events arrived in %d bursts over %d ms (not buffered)" % (timing["bursts"], timing["spread_ms"])
    return _result("streaming", PASS, "text/event-stream in the right order; first event after %d ms, last after "
                                      "%d ms%s" % (timing["first_event_ms"], timing["total_ms"], note), details=details)


def check_tools(session: Session) -> dict:
    session.need_model()
    details = {"tool": PROBE_TOOL["name"]}
    problems = []
    try:
        _url, _response, _raw, payload = session.json_answer("POST", "/v1/messages", message_body(session.model, "tools"))
        plain = tool_use_problems(payload)
        details["non_streamed"] = plain or "ok"
        problems.extend("not streamed: " + p for p in plain)
    except _Failed as exc:
        details["non_streamed"] = exc.reason
        problems.append("not streamed: " + exc.reason)
    try:
        events, timing = _stream(session, message_body(session.model, "tools-stream"))
        streamed = streamed_tool_problems(events)
        details["streamed"] = streamed or "ok"
        details["stream_events"] = timing["events"]
        problems.extend("streamed: " + p for p in streamed)
    except _Failed as exc:
        details["streamed"] = exc.reason
        problems.append("streamed: " + exc.reason)
    if problems:
        return _result("tools", FAIL, "; ".join(problems), details=details)
    return _result("tools", PASS, "forced tool_choice returned a tool_use block whose input matches the schema, "
                                  "streamed (input_json_delta) and not streamed", details=details)


def check_each_model(session: Session) -> dict:
    """A minimal message to every inferenceModels id, each with its own line."""
    models = list(session.config["models"])
    if not models:
        return _result("each_model", SKIP, "inferenceModels is not set; the messages check used %s"
                       % (session.model or "no model"), required=False)
    lines, failed = [], []
    for model in models:
        try:
            _url, _response, _raw, payload = session.json_answer("POST", "/v1/messages", message_body(model, "messages"))
            problems = message_problems(payload)
            reason = "answered a valid message" if not problems else "answered 200 but not a message: " + "; ".join(problems)
        except _Failed as exc:
            problems, reason = [exc.reason], exc.reason
        status = FAIL if problems else PASS
        if problems:
            failed.append(model)
        lines.append({"model": model, "status": status, "reason": reason})
        if session.timed_out:
            break
    details = {"models": lines}
    if failed:
        return _result("each_model", FAIL, "%d of %d inferenceModels ids do not work: %s"
                       % (len(failed), len(models), ", ".join(failed)), details=details)
    return _result("each_model", PASS, "every inferenceModels id answered (%d)" % len(models), details=details)


def check_tool_search(session: Session) -> dict:
    """The tool-search betas, a deferred tool and a tool_reference block that loads it."""
    session.need_model()
    enabled = bool(session.config.get("tool_search"))
    details = {"beta": TOOL_SEARCH_BETAS, "toolSearchEnabled": enabled}
    url, response = session.send("POST", "/v1/messages", message_body(session.model, "tool_search"),
                                 extra={"anthropic-beta": TOOL_SEARCH_BETAS})
    raw = session.body(url, response)
    details["http_status"] = response.status
    payload = json_or_none(raw)
    if response.status == 400:
        problem = ("the gateway rejects the tool-search request with HTTP 400 (%s): it does not accept the "
                   "anthropic-beta %s or the defer_loading / tool_reference fields"
                   % (error_text(payload, raw)[:120], TOOL_SEARCH_BETAS))
    elif response.status >= 300 or is_html(response, raw):
        problem = "the tool-search request failed: " + session.explain("POST", "/v1/messages", url, response, raw)
    else:
        shape = message_problems(payload)
        used = [b for b in (payload or {}).get("content") or [] if isinstance(b, dict) and b.get("type") == "tool_use"
                and b.get("name") == PROBE_TOOL["name"]] if not shape else []
        if shape:
            problem = "the tool-search request answered 200 but not a message: " + "; ".join(shape)
        elif not used:
            problem = ("the gateway drops the tool_reference block (or defer_loading): the deferred tool %s was "
                       "never loaded, so the model could not call it" % PROBE_TOOL["name"])
        else:
            problem = None
    if enabled:
        if problem:
            return _result("tool_search", FAIL, "toolSearchEnabled is set, but %s; sessions would fail: turn "
                                                "toolSearchEnabled off or fix the gateway" % problem, details=details)
        return _result("tool_search", PASS, "toolSearchEnabled is set and the gateway passes the betas and the "
                                            "tool_reference block (the deferred tool was called)", details=details)
    if problem:
        return _result("tool_search", WARN, "toolSearchEnabled is not set (right for this gateway): turning it on "
                                            "would not work: %s" % problem, required=False, details=details)
    return _result("tool_search", PASS, "toolSearchEnabled is not set; turning it on would work: the gateway "
                                        "passes the betas and the tool_reference block", required=False,
                   details=details)


def check_errors(session: Session) -> dict:
    url, response = session.send("POST", "/v1/messages", message_body(session.model, "errors"))
    raw = session.body(url, response)
    details = {"http_status": response.status, "content_type": response.content_type, "probe_model": UNKNOWN_MODEL}
    if response.status < 300:
        return _result("errors", WARN, "a request for the unknown model %r succeeded (HTTP %d): the gateway may send "
                                       "unknown ids to a default model, so a typo in inferenceModels would go "
                                       "unnoticed" % (UNKNOWN_MODEL, response.status), required=False, details=details)
    if is_html(response, raw):
        return _result("errors", WARN, "%s; users would see this page's markup instead of an error message"
                       % explain_http("POST", url, response, raw, session.config["base_url"]),
                       required=False, details=details)
    payload = json_or_none(raw)
    if response.status in (401, 403):
        return _result("errors", WARN, explain_http("POST", url, response, raw, session.config["base_url"]),
                       required=False, details=details)
    if isinstance(payload, dict) and payload.get("error") is not None:
        return _result("errors", PASS, "errors come back as JSON the app can show (HTTP %d: %s)"
                       % (response.status, error_text(payload, raw)[:120]), required=False, details=details)
    return _result("errors", WARN, "HTTP %d for an unknown model, but the body is not a JSON error object (%s): users "
                                   "would see a raw body" % (response.status, error_text(payload, raw)[:120]),
                   required=False, details=details)
