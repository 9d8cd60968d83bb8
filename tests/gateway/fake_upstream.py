#!/usr/bin/env python
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fake Anthropic Messages API for the gateway lab (standard library only).

It plays two roles: the upstream a LiteLLM proxy forwards to, and, over TLS,
a misbehaving "gateway" the preflight module talks to directly.

Behaviour is chosen per request by the first path segment, a set of flags
joined with '+' (``/buffered+xapikey-only/v1/messages``); a path that starts
with ``/v1/`` gets the well-behaved default. Flags:

  no-sse              ignore ``stream: true`` and answer one JSON body
  html404             every path answers an nginx-style HTML 404 page
  login-redirect      every path answers 302 to a sign-in page (an SSO wall in front)
  openai              answer /v1/messages in OpenAI chat.completion shape
  opaque-models       /v1/models lists ids that do not look like Claude
  no-models           /v1/models answers 404 (no model discovery)
  buffered            hold every SSE frame back and send them all at the end
  truncated           end the stream before message_delta / message_stop
  tools-dropped       ignore ``tools``: always answer a text block
  tools-stream-empty  streamed tool_use carries ``{}`` as its input
  xapikey-only        accept the lab key only in ``x-api-key``
  bearer-only         accept the lab key only in ``Authorization: Bearer``
  echo-auth           answer 401 and echo every request header back
  helper-only         accept only HELPER_TOKEN as a bearer token, with the header X-Tenant: HELPER_TENANT
  beta-400            answer 400 to any request whose anthropic-beta names advanced-tool-use
  drop-tool-reference remove tool_reference blocks from the request before answering (a deferred tool then
                      stays unloaded, as behind a proxy that rewrites content blocks it does not know)

Deferred tools (``defer_loading: true``) can only be called once a ``tool_reference`` block names them;
a forced ``tool_choice`` is honoured among the loaded tools.

``GET /_requests`` returns what was received (path, headers, body), newest
last. The process writes ``{listener: port}`` to ``<state-dir>/ports.json``
once every listener is bound, and stops on SIGTERM or SIGINT.

Usage: fake_upstream.py --state-dir DIR --key KEY
                        --listen NAME=http | NAME=https:CERT:KEY ...
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FLAGS = frozenset((
    "no-sse", "html404", "login-redirect", "openai", "opaque-models", "no-models", "buffered", "truncated",
    "tools-dropped", "tools-stream-empty", "xapikey-only", "bearer-only", "echo-auth", "helper-only", "beta-400",
    "drop-tool-reference",
))
HELPER_TOKEN = "lab-helper-token-Zq81Xv0Lw4"
HELPER_TENANT = "helper-tenant-Kp52Yt"
CLAUDE_IDS = ["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"]
OPAQUE_IDS = ["corp-large", "corp-fast", "gpt-4o"]
PACE = 0.05          # seconds between two SSE frames of a well-behaved stream
BUFFER_DELAY = 0.4   # a buffering proxy releases everything after this long
HTML_404 = (b"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
            b"<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n"
            b"</body>\r\n</html>\r\n")

_LOCK = threading.Lock()
_REQUESTS = []
_COUNTER = [0]


def _next_id(prefix):
    with _LOCK:
        _COUNTER[0] += 1
        return "%s_lab%06d" % (prefix, _COUNTER[0])


def sample_from_schema(schema):
    """A value that satisfies a (small) JSON schema, the way a model would fill it."""
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        props = schema.get("properties", {})
        return {name: sample_from_schema(props.get(name, {})) for name in schema.get("required", list(props))}
    if kind == "string":
        return "Lisbon"
    if kind == "integer":
        return 21
    if kind == "number":
        return 21.5
    if kind == "boolean":
        return True
    if kind == "array":
        return [sample_from_schema(schema.get("items", {"type": "string"}))]
    return None


def build_message(body, flags):
    """The non-streamed answer: one text block, or one tool_use block when tools are given."""
    referenced = set()
    if "drop-tool-reference" not in flags:
        for msg in body.get("messages") or []:
            for block in msg.get("content") if isinstance(msg.get("content"), list) else []:
                inner = block.get("content") if isinstance(block, dict) else None
                for part in inner if isinstance(inner, list) else []:
                    if isinstance(part, dict) and part.get("type") == "tool_reference":
                        referenced.add(part.get("tool_name"))
    tools = [t for t in body.get("tools") or [] if not t.get("defer_loading") or t.get("name") in referenced]
    forced = (body.get("tool_choice") or {}).get("name")
    if forced:
        tools = [t for t in tools if t.get("name") == forced]
    if tools and "tools-dropped" not in flags:
        tool = tools[0]
        content = [{"type": "tool_use", "id": _next_id("toolu"), "name": tool.get("name"),
                    "input": sample_from_schema(tool.get("input_schema") or {})}]
        stop = "tool_use"
    else:
        content = [{"type": "text", "text": "pong from the lab upstream"}]
        stop = "end_turn"
    return {"id": _next_id("msg"), "type": "message", "role": "assistant", "model": body.get("model"),
            "content": content, "stop_reason": stop, "stop_sequence": None,
            "usage": {"input_tokens": 12, "output_tokens": 7}}


def stream_frames(message, flags):
    """The SSE frames of a message, in the order the Messages API sends them."""
    start = dict(message, content=[], stop_reason=None, usage={"input_tokens": 12, "output_tokens": 1})
    frames = [("message_start", {"type": "message_start", "message": start})]
    block = message["content"][0]
    if block["type"] == "tool_use":
        frames.append(("content_block_start", {"type": "content_block_start", "index": 0,
                                               "content_block": dict(block, input={})}))
        text = "{}" if "tools-stream-empty" in flags else json.dumps(block["input"])
        cut = len(text) // 2
        pieces = [text[:cut], text[cut:]] if cut else [text]
        deltas = [{"type": "input_json_delta", "partial_json": piece} for piece in pieces]
    else:
        frames.append(("content_block_start", {"type": "content_block_start", "index": 0,
                                               "content_block": {"type": "text", "text": ""}}))
        words = block["text"].split(" ")
        deltas = [{"type": "text_delta", "text": " ".join(words[:2])},
                  {"type": "text_delta", "text": " " + " ".join(words[2:])}]
    frames.append(("ping", {"type": "ping"}))
    for delta in deltas:
        frames.append(("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta}))
    frames.append(("content_block_stop", {"type": "content_block_stop", "index": 0}))
    if "truncated" not in flags:
        frames.append(("message_delta", {"type": "message_delta",
                                         "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
                                         "usage": {"output_tokens": 7}}))
        frames.append(("message_stop", {"type": "message_stop"}))
    return frames


class Handler(BaseHTTPRequestHandler):
    """One request of the fake upstream."""

    protocol_version = "HTTP/1.1"
    server_version = "FakeAnthropic/1.0"
    lab_key = ""

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Keep the test output quiet."""

    # -- plumbing ---------------------------------------------------------
    def _split(self):
        path = self.path.split("?", 1)[0]
        parts = [p for p in path.split("/") if p]
        flags = set()
        if parts and parts[0] not in ("v1", "_requests"):
            flags = set(parts[0].split("+")) & FLAGS
            parts = parts[1:]
        return flags, "/" + "/".join(parts)

    def _record(self, body):
        entry = {"method": self.command, "path": self.path,
                 "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
        with _LOCK:
            _REQUESTS.append(entry)
            del _REQUESTS[:-500]

    def _send(self, status, payload, ctype="application/json"):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _misdirected(self, flags):
        """The answers of something that is not an API at all (a web server's 404 page, a login page)."""
        if "html404" in flags:
            self._send(404, HTML_404, "text/html")
            return True
        if "login-redirect" in flags:
            self._redirect()
            return True
        return False

    def _redirect(self):
        self.send_response(302)
        self.send_header("location", "/login?next=%s&session=lab-session-token" % self.path)
        self.send_header("content-length", "0")
        self.end_headers()

    def _error(self, status, kind, message):
        self._send(status, {"type": "error", "error": {"type": kind, "message": message}})

    def _authorised(self, flags):
        key = self.headers.get("x-api-key")
        auth = self.headers.get("authorization") or ""
        if "echo-auth" in flags:
            echo = "; ".join("%s: %s" % (k, v) for k, v in self.headers.items()
                             if k.lower() in ("authorization", "x-api-key") or k.lower().startswith("x-"))
            self._error(401, "authentication_error", "invalid credentials, received headers: " + echo)
            return False
        if "helper-only" in flags and (auth != "Bearer " + HELPER_TOKEN
                                       or self.headers.get("x-tenant") != HELPER_TENANT):
            self._error(401, "authentication_error", "only the credential helper's token and tenant are accepted")
            return False
        if "xapikey-only" in flags and key != self.lab_key:
            self._error(401, "authentication_error", "invalid x-api-key")
            return False
        if "bearer-only" in flags and auth != "Bearer " + self.lab_key:
            self._error(401, "authentication_error", "missing or invalid bearer token")
            return False
        return True

    # -- verbs --------------------------------------------------------------
    def do_HEAD(self):  # pylint: disable=invalid-name
        """HEAD answers like GET without a body."""
        self.do_GET()

    def do_GET(self):  # pylint: disable=invalid-name
        """Model list, the request log, and a plain root page."""
        flags, path = self._split()
        if path == "/_requests":
            with _LOCK:
                self._send(200, list(_REQUESTS))
            return
        self._record(None)
        if self._misdirected(flags):
            return
        if path in ("/", ""):
            self._send(200, b"fake anthropic upstream\n", "text/plain")
            return
        if path != "/v1/models":
            self._error(404, "not_found_error", "Not found: %s" % path)
            return
        if not self._authorised(flags):
            return
        if "no-models" in flags:
            self._error(404, "not_found_error", "Not found: /v1/models")
            return
        ids = OPAQUE_IDS if "opaque-models" in flags else CLAUDE_IDS
        data = [{"type": "model", "id": i, "display_name": i, "created_at": "2025-01-01T00:00:00Z"} for i in ids]
        self._send(200, {"data": data, "has_more": False, "first_id": ids[0], "last_id": ids[-1]})

    def do_POST(self):  # pylint: disable=invalid-name
        """The Messages API."""
        flags, path = self._split()
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw.decode("utf-8") or "null")
        except ValueError:
            body = None
        self._record(body)
        if self._misdirected(flags):
            return
        if path != "/v1/messages":
            self._error(404, "not_found_error", "Not found: %s" % path)
            return
        if not self._authorised(flags):
            return
        if not self.headers.get("anthropic-version"):
            self._error(400, "invalid_request_error", "anthropic-version: header is required")
            return
        if not isinstance(body, dict) or not body.get("model") or not body.get("messages"):
            self._error(400, "invalid_request_error", "model and messages are required")
            return
        known = OPAQUE_IDS if "opaque-models" in flags else CLAUDE_IDS
        if body["model"] not in known and "claude" not in body["model"]:
            self._error(404, "not_found_error", "model: %s" % body["model"])
            return
        if "beta-400" in flags and "advanced-tool-use" in (self.headers.get("anthropic-beta") or ""):
            self._error(400, "invalid_request_error", "Unexpected value(s) for the anthropic-beta header")
            return
        message = build_message(body, flags)
        if "openai" in flags:
            self._send(200, {"id": "chatcmpl-lab", "object": "chat.completion", "model": body["model"],
                             "choices": [{"index": 0, "finish_reason": "stop",
                                          "message": {"role": "assistant", "content": "pong"}}]})
            return
        if body.get("stream") and "no-sse" not in flags:
            self._stream(message, flags)
            return
        self._send(200, message)

    def _stream(self, message, flags):
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.send_header("connection", "close")
        self.end_headers()
        self.close_connection = True
        frames = [("event: %s\ndata: %s\n\n" % (name, json.dumps(data))).encode("utf-8")
                  for name, data in stream_frames(message, flags)]
        try:
            if "buffered" in flags:
                time.sleep(BUFFER_DELAY)
                self.wfile.write(b"".join(frames))
            else:
                for index, frame in enumerate(frames):
                    if index:
                        time.sleep(PACE)
                    self.wfile.write(frame)
                    self.wfile.flush()
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


class Server(ThreadingHTTPServer):
    """Threads are daemons so SIGTERM ends the process at once."""

    daemon_threads = True
    allow_reuse_address = True


def _listener(spec, key):
    name, _sep, kind = spec.partition("=")
    handler = type("BoundHandler", (Handler,), {"lab_key": key})
    server = Server(("127.0.0.1", 0), handler)
    if kind.startswith("https:"):
        _scheme, cert, private = kind.split(":", 2)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, private)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    elif kind != "http":
        raise SystemExit("unknown listener kind: %s" % spec)
    return name, server


def main(argv=None):
    """Bind every listener, publish the ports, serve until told to stop."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--key", required=True, help="the only key the auth flags accept")
    parser.add_argument("--listen", action="append", required=True)
    args = parser.parse_args(argv)

    servers = dict(_listener(spec, args.key) for spec in args.listen)
    for server in servers.values():
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ports = {name: server.server_address[1] for name, server in servers.items()}
    tmp = os.path.join(args.state_dir, "ports.json.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(ports, handle)
    os.replace(tmp, os.path.join(args.state_dir, "ports.json"))

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_a: stop.set())
    signal.signal(signal.SIGINT, lambda *_a: stop.set())
    while not stop.wait(0.5):
        pass
    for server in servers.values():
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
