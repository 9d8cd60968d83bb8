# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared by the gateway unit tests (test_gateway.py, test_gw_*.py): a fake gateway behind the injected http
callable, a fake clock, settings with a hostile key. Not a test file itself."""

from __future__ import annotations

import io
import json
import os
import sys

try:
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _gateway as gw
except ImportError:  # plain pytest from the repository: use the collection path of the environment
    for _path in reversed((os.environ.get("ANSIBLE_COLLECTIONS_PATH") or "").split(os.pathsep)):
        if _path and _path not in sys.path:
            sys.path.insert(0, _path)
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _gateway as gw

KEY = "sk-unit-7f3a9c1d2e"
HDR = "tenant-secret-55aa"
BASE = "https://gw.example.test"
HOSTILE_KEY = 'sk-ant-api03-Zq7"<&>' + "0123456789abcdefXYZ"
HEX_RUN = "0123456789abcdefXYZ"


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class TimedLines(io.RawIOBase):
    """A response body whose lines arrive at given delays (advancing the fake clock)."""

    def __init__(self, clock, lines_with_delays):
        super().__init__()
        self.clock = clock
        self.items = list(lines_with_delays)

    def readline(self, size=-1):
        if not self.items:
            return b""
        delay, line = self.items.pop(0)
        self.clock.now += delay
        return line

    def read(self, size=-1):
        out = b"".join(line for _d, line in self.items)
        self.items = []
        return out


def sse(events, pace=0.05, burst_at_end=None):
    """[(delay, line)] for a list of (event, data) frames."""
    out = []
    for index, (name, data) in enumerate(events):
        delay = pace if index else 0.0
        if burst_at_end is not None:
            delay = burst_at_end if index == 0 else 0.0
        out.append((delay, ("event: %s\n" % name).encode()))
        out.append((0.0, ("data: %s\n" % json.dumps(data)).encode()))
        out.append((0.0, b"\n"))
    return out


def message(content, stop="end_turn"):
    return {"id": "msg_1", "type": "message", "role": "assistant", "model": "m", "content": content,
            "stop_reason": stop, "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}


def stream_events(block, pieces, stop):
    start = dict(block, input={}) if block["type"] == "tool_use" else {"type": "text", "text": ""}
    kind = "input_json_delta" if block["type"] == "tool_use" else "text_delta"
    field = "partial_json" if kind == "input_json_delta" else "text"
    events = [("message_start", {"type": "message_start", "message": message([], None)}),
              ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": start}),
              ("ping", {"type": "ping"})]
    events += [("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": kind, field: p}})
               for p in pieces]
    events += [("content_block_stop", {"type": "content_block_stop", "index": 0}),
               ("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop}, "usage": {"output_tokens": 3}}),
               ("message_stop", {"type": "message_stop"})]
    return events


class FakeGateway:
    """Answers like a Messages API gateway; ``flags`` make it misbehave."""

    def __init__(self, clock, flags=(), models=("claude-sonnet-4-5", "claude-haiku-4-5"), want="bearer"):
        self.clock = clock
        self.flags = set(flags)
        self.models = list(models)
        self.want = want
        self.calls = []

    def resp(self, status, payload, ctype="application/json"):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return gw.Response(status, {"Content-Type": ctype}, io.BytesIO(body), peer_cert=self.cert())

    def cert(self):
        return {"notAfter": "Jan  1 00:00:00 2099 GMT", "issuer": ((("commonName", "Unit CA"),),)}

    def __call__(self, method, url, headers, body, timeout):
        self.calls.append({"method": method, "url": url, "headers": dict(headers),
                           "body": json.loads(body) if body else None})
        if "tls" in self.flags:
            raise gw.TransportError("tls", "certificate verify failed: unable to get local issuer certificate")
        path = url.split("://", 1)[1].split("/", 1)[1] if "/" in url.split("://", 1)[1] else ""
        path = "/" + path.split("?", 1)[0]
        if "html" in self.flags:
            return self.resp(404, b"<html><head><title>404 Not Found</title></head></html>", "text/html")
        if path == "/":
            return self.resp(200, b"ok", "text/plain")
        ok_auth = (headers.get("Authorization") == "Bearer " + KEY if self.want == "bearer"
                   else headers.get("x-api-key") == KEY)
        if not ok_auth:
            return self.resp(401, {"type": "error", "error": {"type": "authentication_error",
                                                              "message": "bad credentials: %s" % headers}})
        if path.endswith("/v1/models"):
            if "no-models" in self.flags:
                return self.resp(404, {"type": "error", "error": {"type": "not_found_error", "message": "no"}})
            return self.resp(200, {"data": [{"type": "model", "id": m} for m in self.models], "has_more": False})
        if not path.endswith("/v1/messages") or path.endswith("/v1/v1/messages"):
            return self.resp(404, {"type": "error", "error": {"type": "not_found_error", "message": "Not found"}})
        req = json.loads(body)
        if req["model"] == gw.UNKNOWN_MODEL:
            return self.resp(404, {"type": "error", "error": {"type": "not_found_error", "message": "model: x"}})
        if "beta-400" in self.flags and "advanced-tool-use" in headers.get("anthropic-beta", ""):
            return self.resp(400, {"type": "error", "error": {"type": "invalid_request_error", "message": "unknown beta"}})
        if req["model"] not in self.models:
            return self.resp(404, {"type": "error", "error": {"type": "not_found_error", "message": "no such model"}})
        referenced = set() if "drop-ref" in self.flags else set(
            part.get("tool_name") for msg in req["messages"] if isinstance(msg["content"], list) for block in msg["content"]
            for part in (block.get("content") if isinstance(block.get("content"), list) else [])
            if part.get("type") == "tool_reference")
        usable = [t for t in req.get("tools") or [] if not t.get("defer_loading") or t["name"] in referenced]
        forced = (req.get("tool_choice") or {}).get("name")
        usable = [t for t in usable if t["name"] == forced] if forced else usable
        if usable and "no-tools" not in self.flags:
            block = {"type": "tool_use", "id": "toolu_1", "name": usable[0]["name"],
                     "input": {"city": "Lisbon", "celsius": 21}}
            stop = "tool_use"
        else:
            block = {"type": "text", "text": "1 2 3"}
            stop = "end_turn"
        if req.get("stream") and "no-sse" not in self.flags:
            if block["type"] == "tool_use":
                text = "{}" if "empty-tool-stream" in self.flags else json.dumps(block["input"])
                pieces = [text[:5], text[5:]]
            else:
                pieces = ["1 2", " 3"]
            events = stream_events(block, pieces, stop)
            if "truncated" in self.flags:
                events = events[:-2]
            lines = sse(events, burst_at_end=0.5 if "buffered" in self.flags else None)
            return gw.Response(200, {"content-type": "text/event-stream"}, TimedLines(self.clock, lines))
        return self.resp(200, message([block], stop))


def run(settings=None, flags=(), options=None, **gateway):
    clock = Clock()
    fake = FakeGateway(clock, flags, **gateway)
    base = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": BASE, "inferenceGatewayApiKey": KEY,
            "inferenceCustomHeaders": {"X-Tenant": HDR}, "inferenceModels": ["claude-sonnet-4-5"]}
    base.update(settings or {})
    base = {k: v for k, v in base.items() if v is not None}
    report, problems = gw.run_preflight(base, fake, options, clock=clock)
    return report, problems, fake


def status(report):
    return {name: res["status"] for name, res in report["checks"].items()}


def no_secret(data):
    text = json.dumps(data)
    assert KEY not in text and HDR not in text


def masked(text):
    return gw.mask_text(text, [HOSTILE_KEY])


def hostile_settings(**more):
    out = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.test",
           "inferenceGatewayApiKey": HOSTILE_KEY, "inferenceModels": ["claude-sonnet-4-5"]}
    out.update(more)
    return out


def stream_gateway(stream_body):
    """A fake gateway that answers well except for the streamed requests."""
    def http(method, url, headers, body, timeout):
        req = json.loads(body) if body else {}
        if url.endswith("/v1/models"):
            return gw.Response(200, {"content-type": "application/json"},
                               io.BytesIO(b'{"data": [{"type": "model", "id": "claude-sonnet-4-5"}]}'))
        if req.get("stream"):
            return gw.Response(200, {"content-type": "text/event-stream"}, io.BufferedReader(io.BytesIO(stream_body)))
        msg = {"type": "message", "role": "assistant", "content": [{"type": "text", "text": "pong"}],
               "stop_reason": "end_turn", "usage": {}}
        return gw.Response(200, {"content-type": "application/json"}, io.BytesIO(json.dumps(msg).encode()))
    return http
