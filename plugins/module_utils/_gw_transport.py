# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Gateway transport: the answer object, transport failures, one deadline per request, SSE parsing.

HTTP goes through a callable the caller injects (``_http.make_http`` in a module, a fake in tests)::

    http(method, url, headers, body, timeout) -> Response

``body`` is bytes or None. The callable returns a ``Response`` for every HTTP answer, 4xx and 5xx included,
and raises ``TransportError`` when no HTTP answer arrived (TLS, DNS, refused connection, timeout).

A request (connection, headers and body or whole stream) has one deadline, enforced with a real-time alarm
around every blocking read where the platform allows it (POSIX, main thread); bodies are read up to
MAX_BODY bytes, event-stream lines up to MAX_LINE bytes. Standard library only.
"""

from __future__ import annotations

import contextlib
import json
import signal
import threading
import time
from typing import Any, Callable, Iterable, Iterator, Mapping

MAX_BODY = 1024 * 1024
MAX_LINE = 256 * 1024             # one line of an event stream
READ_CHUNK = 65536


class TransportError(Exception):
    """No (complete) HTTP answer arrived.

    ``kind``: tls, tls-protocol, dns, refused, timeout (nothing within the
    socket timeout), slow (the deadline passed), protocol (not valid HTTP),
    broken (the connection broke off mid-answer), request, proxy, connect.
    """

    def __init__(self, kind: str, message: str) -> None:
        super(TransportError, self).__init__(message)
        self.kind = kind
        self.message = message


class DeadlineExceeded(Exception):
    """Raised by ``deadline_guard`` when the request's deadline passes during a blocking call."""


@contextlib.contextmanager
def deadline_guard(deadline: float | None) -> Iterator[None]:
    """Interrupt the blocking calls inside the block at ``deadline`` (a time.monotonic() value).

    Uses a real-time interval timer (SIGALRM) when this is the main thread of
    a POSIX process, as a module is; elsewhere it only refuses to start after
    the deadline, and socket timeouts bound each read.
    """
    if deadline is None:
        yield
        return
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise DeadlineExceeded()
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    state = {"active": True}

    def on_alarm(_signum, _frame):
        if state["active"]:
            raise DeadlineExceeded()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, remaining)
    try:
        yield
    finally:
        state["active"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


def _read_error(exc, deadline):
    """The TransportError for an exception raised while reading a body."""
    if isinstance(exc, DeadlineExceeded) or (deadline is not None and time.monotonic() >= deadline):
        return TransportError("slow", "the answer did not complete before the deadline")
    name = type(exc).__name__
    if "timeout" in name.lower():
        return TransportError("timeout", "timed out while reading the answer")
    return TransportError("broken", "%s: %s" % (name, exc) if str(exc) else name)


class Response(object):
    """An HTTP answer: status, lower-cased headers, and a file-like body.

    ``stream`` needs ``read(n)`` (``read1(n)`` is used when present) and
    ``readline(limit)``; ``peer_cert`` is the decoded certificate dict of a
    verified TLS peer, when known; ``deadline`` (time.monotonic()) bounds
    every read. ``scrub`` (bytes -> bytes) masks what is read, set by the
    preflight. Reads raise TransportError.
    """

    def __init__(self, status: int | str, headers: Mapping | None = None, stream: Any = None,
                 peer_cert: dict | None = None, deadline: float | None = None) -> None:
        self.status = int(status)
        self.headers = dict((str(k).lower(), str(v)) for k, v in (headers or {}).items())
        self.stream = stream
        self.peer_cert = peer_cert
        self.deadline = deadline
        self.too_large = False
        self.scrub = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    def _clean(self, data):
        data = data or b""
        return self.scrub(data) if self.scrub is not None and data else data

    def read_all(self, limit: int = MAX_BODY) -> bytes:
        """The body, at most ``limit`` bytes (``too_large`` tells whether more came)."""
        if self.stream is None:
            return b""
        reader = getattr(self.stream, "read1", None) or self.stream.read
        parts, size = [], 0
        try:
            with deadline_guard(self.deadline):
                while size <= limit:
                    block = reader(min(READ_CHUNK, limit + 1 - size))
                    if not block:
                        break
                    parts.append(block)
                    size += len(block)
                    if self.deadline is not None and time.monotonic() >= self.deadline:
                        raise DeadlineExceeded()
        except Exception as exc:  # pylint: disable=broad-except  # any failure mid-body is a transport failure
            raise _read_error(exc, self.deadline)
        finally:
            self.close()
        self.too_large = size > limit
        declared = self.headers.get("content-length", "")
        if not self.too_large and declared.isdigit() and size < int(declared) and "content-encoding" not in self.headers:
            raise TransportError("broken", "the body ended after %d of the %s bytes announced" % (size, declared))
        return self._clean(b"".join(parts))[:limit]

    def readline(self, limit: int = MAX_LINE) -> bytes:
        """One line, at most ``limit`` bytes (a longer one comes back cut, without its newline)."""
        if self.stream is None:
            return b""
        try:
            with deadline_guard(self.deadline):
                line = self.stream.readline(limit)
        except Exception as exc:  # pylint: disable=broad-except
            raise _read_error(exc, self.deadline)
        return self._clean(line)

    def close(self) -> None:
        """Close the body stream, ignoring errors."""
        closer = getattr(self.stream, "close", None)
        if closer is not None:
            try:
                closer()
            except Exception:  # pylint: disable=broad-except
                pass


def parse_sse(lines: Iterable[bytes | str], clock: Callable[[], float] | None = None) -> list:
    """Server-sent events from an iterable of byte (or text) lines.

    Returns a list of ``{"event", "data", "t"}``; ``t`` is ``clock()`` when
    the event's closing blank line arrived (None without a clock). Comments
    are skipped, multi-line data is joined with newlines, an event without
    an ``event:`` field takes the ``type`` of its JSON data.
    """
    events = []
    name, data = None, []

    def flush():
        if name is None and not data:
            return
        text = "\n".join(data)
        event = name
        if event is None:
            try:
                event = json.loads(text).get("type")
            except (ValueError, AttributeError, RecursionError):
                event = "message"
        events.append({"event": event, "data": text, "t": clock() if clock else None})

    for raw in lines:
        line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        line = line.rstrip("\r\n")
        if not line:
            flush()
            name, data = None, []
            continue
        if line.startswith(":"):
            continue
        field, _sep, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if field == "event":
            name = value[:64]
        elif field == "data":
            data.append(value)
    flush()
    return events
