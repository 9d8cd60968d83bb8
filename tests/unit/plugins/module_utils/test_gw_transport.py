# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_transport.py: the answer object, deadlines on loopback socket pairs, body caps, SSE parsing."""

from __future__ import annotations

import io
import json
import socket
import threading
import time

import pytest

from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import gw


def test_parse_sse_handles_comments_crlf_multiline_and_missing_names():
    lines = [b": keep-alive\r\n", b"event: message_start\r\n", b"data: {\"type\":\r\n", b"data: \"message_start\"}\r\n",
             b"\r\n", b"data: {\"type\": \"ping\"}\n", b"\n", b"event: message_stop\n", b"data: {}"]
    events = gw.parse_sse(lines)
    assert [e["event"] for e in events] == ["message_start", "ping", "message_stop"]
    assert json.loads(events[0]["data"]) == {"type": "message_start"}


@pytest.fixture
def pair():
    left, right = socket.socketpair()
    left.settimeout(30)
    yield left, right
    left.close()
    right.close()


def trickle(sock, data, pace):
    def run():
        try:
            for index in range(len(data)):
                sock.sendall(data[index:index + 1])
                time.sleep(pace)
        except OSError:
            pass
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_deadline_interrupts_a_read_that_never_returns(pair):
    left, _right = pair
    start = time.monotonic()
    with pytest.raises(gw.DeadlineExceeded):
        with gw.deadline_guard(time.monotonic() + 0.3):
            left.recv(10)
    assert time.monotonic() - start < 2


def test_a_trickled_body_fails_at_the_deadline(pair):
    left, right = pair
    trickle(right, b" " * 200, 0.05)
    response = gw.Response(200, {"content-type": "application/json"}, left.makefile("rb"),
                           deadline=time.monotonic() + 0.5)
    start = time.monotonic()
    with pytest.raises(gw.TransportError) as info:
        response.read_all()
    assert info.value.kind == "slow" and time.monotonic() - start < 2


def test_a_trickled_stream_line_fails_at_the_deadline(pair):
    left, right = pair
    trickle(right, b"data: " + b"x" * 200, 0.05)
    response = gw.Response(200, {}, left.makefile("rb"), deadline=time.monotonic() + 0.5)
    with pytest.raises(gw.TransportError) as info:
        while response.readline():
            pass
    assert info.value.kind == "slow"


def test_the_guard_is_a_no_op_outside_the_main_thread(pair):
    left, right = pair
    right.sendall(b"ok")
    seen = []

    def run():
        with gw.deadline_guard(time.monotonic() + 5):
            seen.append(left.recv(2))
    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert seen == [b"ok"]
    with pytest.raises(gw.DeadlineExceeded):      # a deadline already past refuses to start anywhere
        with gw.deadline_guard(time.monotonic() - 1):
            pass


def test_bodies_are_read_up_to_the_cap():
    response = gw.Response(200, {}, io.BytesIO(b"a" * 5000))
    assert response.read_all(1000) == b"a" * 1000 and response.too_large
    short = gw.Response(200, {"content-length": "100"}, io.BytesIO(b"a" * 10))
    with pytest.raises(gw.TransportError, match="10 of the 100 bytes"):
        short.read_all()
