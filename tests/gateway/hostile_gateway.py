#!/usr/bin/env python
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A misbehaving LLM gateway for the hostile-input tests (standard library only, plain http on 127.0.0.1).

It speaks HTTP by hand over raw sockets, so it can also speak it badly. The
first path segment names the case (``/trickle-body/v1/messages``); a case
misbehaves on one kind of request and answers the others like a good
gateway (answers built with fake_upstream.py), so the preflight reaches the
request under test:

  models    GET  .../v1/models
  messages  POST .../v1/messages        (not streamed)
  stream    POST .../v1/messages        with "stream": true
  errors    POST .../v1/messages        for the preflight's unknown model

Echo cases answer the messages request with 401 and send back the received
``Authorization`` (or ``x-api-key``) and ``X-Org-Id`` values in one encoding.
The cases are the keys of CASES below. The process binds a free port, writes
it to ``<state-dir>/port``, and serves until SIGTERM.

Usage: hostile_gateway.py --state-dir DIR
"""

from __future__ import annotations

import argparse
import base64
import gzip
import html
import json
import os
import signal
import socket
import socketserver
import sys
import threading
import time
from urllib.parse import quote

from fake_upstream import build_message, stream_frames

UNKNOWN_MODEL = "cowork3p-preflight-no-such-model"
MODELS = {"data": [{"type": "model", "id": "claude-sonnet-4-5", "display_name": "Claude"}], "has_more": False}
FOREVER = 600          # "never" for a test: the client gives up long before
PACE = 0.04            # seconds between two events of a good stream


class Gone(Exception):
    """The client went away; stop this connection."""


def status_line(code):
    reason = {200: "OK", 302: "Found", 401: "Unauthorized", 404: "Not Found", 500: "Internal Server Error"}
    return b"HTTP/1.1 %d %s\r\n" % (code, reason.get(code, "Status").encode())


def head(code, ctype="application/json", length=None, extra=()):
    lines = [status_line(code), b"content-type: " + ctype.encode() + b"\r\n", b"connection: close\r\n"]
    if length is not None:
        lines.append(b"content-length: %d\r\n" % length)
    lines += [name.encode() + b": " + value.encode("latin-1") + b"\r\n" for name, value in extra]
    return b"".join(lines) + b"\r\n"


def answer(code, payload, ctype="application/json", extra=()):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    return head(code, ctype, len(body), extra) + body


def sse(frames):
    return b"".join(("event: %s\ndata: %s\n\n" % (name, json.dumps(data))).encode("utf-8") for name, data in frames)


class Conn:
    """One accepted connection: the request, and ways to answer it (well or badly)."""

    def __init__(self, sock):
        self.sock = sock
        self.method = self.path = ""
        self.headers = {}
        self.body = {}

    def read_request(self):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Gone()
            data += chunk
        head_part, _sep, rest = data.partition(b"\r\n\r\n")
        lines = head_part.decode("latin-1").split("\r\n")
        self.method, self.path, _version = lines[0].split(" ", 2)
        for line in lines[1:]:
            name, _sep, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        length = int(self.headers.get("content-length") or 0)
        while len(rest) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Gone()
            rest += chunk
        try:
            self.body = json.loads(rest.decode("utf-8")) if rest else {}
        except ValueError:
            self.body = {}

    @property
    def case(self):
        return self.path.lstrip("/").split("/", 1)[0]

    @property
    def kind(self):
        if self.method == "GET":
            return "models" if self.path.split("?")[0].endswith("/v1/models") else "root"
        if self.body.get("model") == UNKNOWN_MODEL:
            return "errors"
        return "stream" if self.body.get("stream") else "messages"

    def credential(self):
        auth = self.headers.get("authorization", "")
        return auth[len("Bearer "):] if auth.startswith("Bearer ") else self.headers.get("x-api-key", "")

    def send(self, data):
        try:
            self.sock.sendall(data)
        except OSError:
            raise Gone()

    def trickle(self, data, pace=1.0):
        for index in range(len(data)):
            self.send(data[index:index + 1])
            time.sleep(pace)

    def hang(self):
        """Say nothing more until the client closes (or FOREVER passes)."""
        self.sock.settimeout(1.0)
        end = time.monotonic() + FOREVER
        while time.monotonic() < end:
            try:
                if not self.sock.recv(4096):
                    return
            except socket.timeout:
                continue
            except OSError:
                return

    def flood(self, piece, pace=0.0):
        end = time.monotonic() + FOREVER
        while time.monotonic() < end:
            self.send(piece)
            if pace:
                time.sleep(pace)

    def good(self):
        """Answer this request the way a good gateway does (streams paced, as a model streams)."""
        kind = self.kind
        if kind in ("models", "root"):
            return self.send(answer(200, MODELS))
        if kind == "errors":
            return self.send(answer(404, {"type": "error", "error": {"type": "not_found_error",
                                                                     "message": "model not found"}}))
        message = build_message(self.body, ())
        if kind != "stream":
            return self.send(answer(200, message))
        self.send(head(200, "text/event-stream"))
        for frame in stream_frames(message, ()):
            time.sleep(PACE)
            self.send(sse([frame]))
        return None

    def start_stream(self):
        frames = stream_frames(build_message(self.body, ()), ())
        self.send(head(200, "text/event-stream") + sse(frames[:1]))


def _echo(encode, ctype="application/json", code=401, wrap=None):
    """An answer that sends the received credential back, encoded."""

    def run(conn):
        key, org = conn.credential(), conn.headers.get("x-org-id", "")
        text = "invalid credential %s for tenant %s" % (encode(key, conn), encode(org, conn))
        if wrap is not None:
            return conn.send(wrap(text))
        if ctype == "application/json":
            return conn.send(answer(code, {"type": "error", "error": {"type": "authentication_error", "message": text}}))
        return conn.send(answer(code, text.encode("utf-8"), ctype))
    return run


def _b64(text, _conn=None):
    return base64.b64encode(text.encode()).decode()


def _giant(conn, code, ctype, piece):
    conn.send(head(code, ctype, 200 * 1024 * 1024))
    conn.flood(piece)


def _chunked_forever(conn):
    conn.send(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
    conn.flood(b"4000\r\n" + b" " * 0x4000 + b"\r\n")


def _close_mid_chunk(conn):
    frames = sse(stream_frames(build_message(conn.body, ()), ())[:1])
    conn.send(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
              + b"%x\r\n" % (len(frames) + 500) + frames)


def _gzip_bomb(conn):
    blob = gzip.compress(b" " * (64 * 1024 * 1024), 9)
    conn.send(head(200, "application/json", len(blob), [("content-encoding", "gzip")]) + blob)


def _at_cut(key, _conn):
    return "x" * (190 - len("invalid credential ")) + key


# case -> (kind of request that misbehaves, what happens); every other request gets the good answer
CASES = {
    # time
    "trickle-headers": ("models", lambda c: c.trickle(answer(200, MODELS))),
    "trickle-body": ("messages", lambda c: (c.send(head(200, "application/json", 4000)), c.trickle(b" " * 4000))),
    "hang-before-headers": ("messages", lambda c: c.hang()),
    "hang-after-headers": ("messages", lambda c: (c.send(head(200, "application/json", 100)), c.hang())),
    "hang-mid-stream": ("stream", lambda c: (c.start_stream(), c.hang())),
    "slow-events": ("stream", lambda c: (c.start_stream(), c.flood(b"event: ping\ndata: {\"type\": \"ping\"}\n\n", 0.3))),
    "trickle-stream-line": ("stream", lambda c: (c.start_stream(), c.trickle(b"data: " + b"x" * 1000, 0.5))),
    # size
    "endless-line": ("stream", lambda c: (c.start_stream(), c.send(b"data: "), c.flood(b"x" * 65536))),
    "endless-events": ("stream", lambda c: (c.start_stream(), c.flood(b"event: ping\ndata: {\"type\": \"ping\"}\n\n"))),
    "endless-comments": ("stream", lambda c: (c.start_stream(), c.flood(b":\n" * 4096))),
    "giant-body": ("messages", lambda c: _giant(c, 200, "application/json", b"[" * 65536)),
    "giant-error": ("messages", lambda c: _giant(c, 500, "text/plain", b"e" * 65536)),
    "giant-chunked-models": ("models", _chunked_forever),
    "gzip-bomb": ("messages", _gzip_bomb),
    "huge-header": ("models", lambda c: c.send(head(200, "application/json", 2, [("x-big", "a" * (1 << 20))]) + b"{}")),
    "many-headers": ("models", lambda c: c.send(head(200, "application/json", 2, [("x-h%d" % i, "v") for i in range(500)])
                                                + b"{}")),
    "long-model-ids": ("models", lambda c: c.send(answer(200, {"data": [{"type": "model", "id": "claude-" + "z" * 100000 + str(i)}
                                                                        for i in range(8)]}))),
    "deep-json": ("messages", lambda c: c.send(answer(200, b"[" * 200000))),
    # protocol
    "bad-status-line": ("messages", lambda c: c.send(b"HELLO " + c.headers.get("authorization", "").encode() + b"\r\n\r\n")),
    "close-immediately": ("messages", lambda c: None),
    "close-mid-body": ("messages", lambda c: c.send(head(200, "application/json", 1000) + b'{"type": "mess')),
    "close-mid-stream": ("stream", lambda c: c.start_stream()),
    "close-mid-chunk": ("stream", _close_mid_chunk),
    "malformed-json": ("messages", lambda c: c.send(answer(200, b'{"type": "message", "content": [}'))),
    "wrong-content-type": ("stream", lambda c: c.send(answer(200, b"<xml>event: message_start</xml>", "application/xml"))),
    "html-200": ("messages", lambda c: c.send(answer(200, b"<html><title>Sign in</title></html>", "text/html"))),
    "invalid-utf8": ("messages", lambda c: c.send(answer(200, b'{"type": "\xff\xfe\x80"}'))),
    # echoes of the credential
    "echo-raw": ("messages", _echo(lambda v, c: v)),
    "echo-base64": ("messages", _echo(lambda v, c: _b64(v))),
    "echo-base64url-nopad": ("messages", _echo(lambda v, c: base64.urlsafe_b64encode(v.encode()).decode().rstrip("="))),
    "echo-bearer-base64": ("messages", _echo(lambda v, c: _b64(c.headers.get("authorization", "")))),
    "echo-basic-user-key": ("messages", _echo(lambda v, c: "Basic " + _b64("svc-user:" + v))),
    "echo-url": ("messages", _echo(lambda v, c: quote(v, safe=""))),
    "echo-html": ("messages", _echo(lambda v, c: v, wrap=lambda t: answer(
        401, ("<html><head><title>%s</title></head></html>" % html.escape(t)).encode(), "text/html"))),
    "echo-html-twice": ("messages", _echo(lambda v, c: html.escape(v), wrap=lambda t: answer(
        401, ("<html><head><title>%s</title></head></html>" % html.escape(t)).encode(), "text/html"))),
    "echo-json-text": ("messages", _echo(lambda v, c: json.dumps(v)[1:-1], ctype="text/plain")),
    "echo-upper": ("messages", _echo(lambda v, c: v.upper())),
    "echo-lower": ("messages", _echo(lambda v, c: v.lower())),
    "echo-at-cut": ("messages", _echo(_at_cut)),
    "echo-at-cut-text": ("messages", _echo(_at_cut, ctype="text/plain", code=500)),
    "echo-location": ("messages", lambda c: c.send(answer(302, b"", extra=[("location", "/signin/" + quote(c.credential(), safe=""))]))),
    "echo-stream-error": ("stream", lambda c: c.send(head(200, "text/event-stream") + sse(
        [("error", {"type": "error", "error": {"type": "overloaded_error", "message": "bad key " + _b64(c.credential())}})]))),
    "echo-model-ids": ("models", lambda c: c.send(answer(200, {"data": [
        {"type": "model", "id": c.credential()}, {"type": "model", "id": _b64(c.credential())}]}))),
}


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        conn = Conn(self.request)
        try:
            conn.read_request()
            kind, behaviour = CASES.get(conn.case, (None, None))
            if behaviour is not None and kind == conn.kind:
                behaviour(conn)
            else:
                conn.good()
        except (Gone, OSError, ValueError):
            pass


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--state-dir", required=True)
    args = parser.parse_args(argv)
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tmp = os.path.join(args.state_dir, "port.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(str(server.server_address[1]))
    os.replace(tmp, os.path.join(args.state_dir, "port"))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_a: stop.set())
    signal.signal(signal.SIGINT, lambda *_a: stop.set())
    while not stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
