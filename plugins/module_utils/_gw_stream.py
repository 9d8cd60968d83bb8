# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A streaming request: open it, read its event stream within the limits, time its events.

Event streams are read up to MAX_STREAM_EVENTS events, MAX_STREAM_BYTES bytes, MAX_STREAM_LINES lines and
MAX_LINE bytes a line, all before one deadline (``timeout`` seconds after the request started).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_explain import error_text, is_html, json_or_none
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_result import Failed as _Failed, ms as _ms
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_session import EXCERPT
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_transport import MAX_LINE, TransportError, parse_sse

if TYPE_CHECKING:     # (for annotations only)
    from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_session import Session

MAX_STREAM_BYTES = 4 * 1024 * 1024
MAX_STREAM_EVENTS = 2000          # the probes need a few hundred at most
MAX_STREAM_LINES = 10000
# A stream is "buffered" when it lasted long enough to judge (BUFFER_MIN_TOTAL
# seconds) and all its events arrived in one burst (no gap above BURST_GAP
# seconds between two of them), i.e. the first event came only at the end.
BUFFER_MIN_TOTAL = 0.2
BURST_GAP = 0.01


def _open(session, body):
    """POST the streaming request; the response when it is an event stream, else _Failed with the reason."""
    url, response = session.send("POST", "/v1/messages", body, stream=True)
    if response.status >= 300:
        raw = session.body(url, response)
        raise _Failed(session.explain("POST", "/v1/messages", url, response, raw), {"http_status": response.status})
    if response.content_type != "text/event-stream":
        raw = session.body(url, response)
        if is_html(response, raw):
            raise _Failed(session.explain("POST", "/v1/messages", url, response, raw),
                          {"content_type": response.content_type})
        payload = json_or_none(raw)
        if isinstance(payload, dict) and payload.get("type") == "message":
            raise _Failed("the gateway ignored \"stream\": true and answered one JSON message (%s): the app needs "
                          "server-sent events (text/event-stream)" % (response.content_type or "no content-type"),
                          {"content_type": response.content_type})
        raise _Failed("a streaming request was answered with %s instead of text/event-stream: %s"
                      % (response.content_type or "no content-type", error_text(payload, raw)[:120]),
                      {"content_type": response.content_type})
    return response


def _read_line(session, response, events):
    try:
        return response.readline(MAX_LINE + 1)
    except TransportError as exc:
        if exc.kind in ("slow", "timeout"):
            session.timed_out = True
            raise _Failed("the stream did not finish within %s s (%d events so far): the gateway "
                          "stalls or trickles it" % (session.timeout, events), {"transport": exc.kind})
        raise _Failed("the stream broke off after %d events: %s"
                      % (events, session.mask(exc.message)[:EXCERPT]), {"transport": exc.kind})


def _lines(session, response, deadline):
    """The stream's lines, raising _Failed past a limit or the deadline."""
    count = size = events = 0
    while True:
        line = _read_line(session, response, events)
        if not line:
            return
        count += 1
        size += len(line)
        if len(line) > MAX_LINE or (not line.endswith(b"\n") and len(line) == MAX_LINE + 1):
            raise _Failed("an event-stream line is longer than %d KiB (or never ends): the gateway does not "
                          "send server-sent events" % (MAX_LINE // 1024))
        if not line.strip():
            events += 1
        if events > MAX_STREAM_EVENTS or size > MAX_STREAM_BYTES or count > MAX_STREAM_LINES:
            raise _Failed("the stream sent more than %d events, %d MiB or %d lines without finishing; the "
                          "probe needs a few hundred events" % (MAX_STREAM_EVENTS, MAX_STREAM_BYTES >> 20,
                                                                MAX_STREAM_LINES))
        yield line
        if session.clock() > deadline:
            session.timed_out = True
            raise _Failed("the stream did not finish within %s s (%d events so far)" % (session.timeout, events))


def _timing(events, start, headers_at, end):
    content = [e for e in events if e["event"] != "ping"]
    first = content[0]["t"] if content else end
    last = content[-1]["t"] if content else end
    deltas = [e["t"] for e in events if e["event"] == "content_block_delta"]
    bursts = sum(1 for i, e in enumerate(content) if i == 0 or e["t"] - content[i - 1]["t"] > BURST_GAP)
    return {"headers_ms": _ms(headers_at - start), "first_event_ms": _ms(first - start),
            "first_delta_ms": _ms(deltas[0] - start) if deltas else None,
            "total_ms": _ms(end - start), "spread_ms": _ms(last - first), "events": len(events),
            "deltas": len(deltas), "bursts": bursts}


def stream(session: Session, body: dict) -> tuple:
    """POST a streaming request; return (events, timings) or raise _Failed."""
    start = session.clock()
    response = _open(session, body)
    headers_at = session.clock()
    deadline = start + session.timeout
    try:
        events = parse_sse(_lines(session, response, deadline), session.clock)
    except _Failed:
        response.close()
        raise
    except Exception as exc:  # pylint: disable=broad-except  # a reset or timeout mid-stream
        response.close()
        raise _Failed("the stream broke off: %s" % session.mask(exc)[:EXCERPT])
    end = session.clock()
    response.close()
    return events, _timing(events, start, headers_at, end)
