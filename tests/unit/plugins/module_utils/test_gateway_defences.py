# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the hostile-input defences of _gateway.py and _mask.encoded_variants (no network but loopback
socket pairs)."""

from __future__ import annotations

import base64
import html
import io
import json
import os
import socket
import sys
import threading
import time
from urllib.parse import quote

import pytest

try:
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _gateway as gw
    from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import encoded_variants
except ImportError:  # plain pytest from the repository: use the collection path of the environment
    for _path in reversed((os.environ.get("ANSIBLE_COLLECTIONS_PATH") or "").split(os.pathsep)):
        if _path and _path not in sys.path:
            sys.path.insert(0, _path)
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _gateway as gw
    from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import encoded_variants

KEY = 'sk-ant-api03-Zq7"<&>' + "0123456789abcdefXYZ"
HEX_RUN = "0123456789abcdefXYZ"


def masked(text):
    return gw.mask_text(text, [KEY])


# ---------------------------------------------------------------------------
# encoded forms of a secret
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("form", [
    KEY, KEY.upper(), KEY.lower(), json.dumps(KEY)[1:-1], quote(KEY, safe=""), html.escape(KEY), repr(KEY)[1:-1],
    base64.b64encode(KEY.encode()).decode(), base64.urlsafe_b64encode(KEY.encode()).decode().rstrip("="),
    base64.b64encode(b"Bearer " + KEY.encode()).decode(),
    html.escape(html.escape(KEY)),                         # escaped twice: the long alphanumeric run is still caught
])
def test_every_encoded_form_is_masked(form):
    text = "gateway said: [%s] (end)" % form
    out = masked(text)
    assert "(end)" in out and "gateway said: [" in out and gw.MASK in out
    assert HEX_RUN.lower() not in out.lower()
    assert form not in out


@pytest.mark.parametrize("user", ["", "u", "us", "use", "svc-account", "a:b"])
def test_base64_of_the_key_inside_any_text_is_masked(user):
    """Basic auth: base64 of "<user>:<key>", for every alignment of the key inside the encoded text."""
    blob = base64.b64encode(("%s:%s" % (user, KEY)).encode()).decode()
    out = masked("Authorization: Basic %s." % blob)
    assert gw.MASK in out
    for start in range(0, len(blob) - 8):
        piece = blob[start:start + 9]
        assert piece not in out or piece in base64.b64encode(user.encode() + b":").decode(), (piece, out)


def test_short_secrets_get_no_loose_encoded_forms():
    assert encoded_variants("") == []
    assert all(len(v) >= 2 for v in encoded_variants("ab"))
    # a one-character header value masks only itself, never its 2-character base64 "MQ"
    assert gw.mask_text("MQ and mq stay", ["1"]) == "MQ and mq stay"


def test_masking_comes_before_cutting():
    """An error text with the key across character 200 shows no piece of it."""
    body = json.dumps({"error": {"type": "invalid_request_error", "message": "x" * 180 + KEY}}).encode()

    def fake(*_args):
        return gw.Response(400, {"content-type": "application/json"}, io.BytesIO(body))
    report, _problems = gw.run_preflight(settings(), fake, {"checks": ["messages"]})
    text = json.dumps(report)
    assert "invalid_request_error" in text
    assert HEX_RUN[:8].lower() not in text.lower() and "sk-ant-api03" not in text


# ---------------------------------------------------------------------------
# credentials that would break a header
# ---------------------------------------------------------------------------

def settings(**more):
    out = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.test",
           "inferenceGatewayApiKey": KEY, "inferenceModels": ["claude-sonnet-4-5"]}
    out.update(more)
    return out


@pytest.mark.parametrize("key,phrase", [
    (KEY + '"\nX-Injected: 1', "a line break (LF)"),
    (KEY + "\r\n", None),                                  # trailing line breaks are stripped, as fetch() does
    ("sk-" + HEX_RUN + "\rX", "a line break (CR)"),
    ("sk-" + HEX_RUN + "\x00", "U+0000"),
    ("sk-" + HEX_RUN + "\x7f", "U+007F"),
    ("sk-" + HEX_RUN + "\u2028x", "U+2028"),
])
def test_a_key_that_would_break_the_header_is_refused_without_echo(key, phrase):
    if phrase is None:
        config, problems = gw.extract_settings(settings(inferenceGatewayApiKey=key))
        assert config["api_key"] == KEY
        assert [p["level"] for p in problems] == ["warning"] and "UNCONFIRMED" in problems[0]["message"]
        assert HEX_RUN not in problems[0]["message"]
        return
    calls = []
    report, problems = gw.run_preflight(settings(inferenceGatewayApiKey=key), lambda *a: calls.append(a))
    assert report is None and calls == []
    errors = [p["message"] for p in problems if p["level"] == "error"]
    assert len(errors) == 1 and phrase in errors[0] and "value not shown" in errors[0]
    assert HEX_RUN not in json.dumps(problems) and "X-Injected" not in json.dumps(problems)


def test_header_values_allow_tabs_but_no_line_breaks():
    config, problems = gw.extract_settings(settings(inferenceCustomHeaders={"X-A": "a\tb", "X-B": "ok\r\nX-C: 1"}))
    assert config["headers"] == {"X-A": "a\tb"}
    assert ["header X-B contains a line break (CR)" in p["message"] for p in problems] == [True]
    assert "X-C" not in json.dumps(problems)


def test_a_url_with_a_control_character_is_refused():
    result, usable = gw.check_url("https://gw.example.test/a\nb")
    assert not usable and result["status"] == gw.FAIL and "U+000A" in result["reason"]


# ---------------------------------------------------------------------------
# deadlines and caps
# ---------------------------------------------------------------------------

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


@pytest.mark.parametrize("body,phrase", [
    (b"event: message_start\ndata: " + b"x" * (gw.MAX_LINE + 10), "longer than 256 KiB"),
    (b"event: ping\ndata: {\"type\": \"ping\"}\n\n" * (gw.MAX_STREAM_EVENTS + 5), "more than 2000 events"),
    (b":\n" * (gw.MAX_STREAM_LINES + 5), "more than 2000 events, 4 MiB or 10000 lines"),
])
def test_event_streams_are_capped(body, phrase):
    report, _problems = gw.run_preflight(settings(), stream_gateway(body), {"checks": ["streaming"]})
    assert report["checks"]["streaming"]["status"] == gw.FAIL
    assert phrase in report["checks"]["streaming"]["reason"]


def test_after_a_request_ran_out_of_time_the_rest_is_not_run_and_fails():
    calls = []

    def http(method, url, headers, body, timeout):
        calls.append(url)
        raise gw.TransportError("slow", "no complete answer headers before the deadline")
    report, _problems = gw.run_preflight(settings(inferenceModels=None), http, {"timeout": 2})
    assert len(calls) == 1              # the tls check's request; nothing after it
    checks = report["checks"]
    assert checks["tls"]["status"] == gw.FAIL and "did not complete within 2.0 s" in checks["tls"]["reason"]
    assert all(checks[n]["status"] == gw.SKIP for n in ("models", "messages", "streaming", "tools", "errors"))
    assert not report["passed"]


def test_a_timeout_in_a_check_that_only_warns_still_fails_the_run():
    def http(method, url, headers, body, timeout):
        if url.endswith("/v1/models"):
            raise gw.TransportError("slow", "no complete answer headers before the deadline")
        return stream_gateway(b"")(method, url, headers, body, timeout)
    report, _problems = gw.run_preflight(settings(inferenceGatewayBaseUrl="http://127.0.0.1:9"), http,
                                         {"timeout": 2})
    checks = report["checks"]
    assert checks["models"]["status"] == gw.WARN
    for name in ("messages", "streaming", "tools"):
        assert checks[name]["status"] == gw.FAIL and checks[name]["reason"].startswith("not run:"), checks[name]
    assert checks["errors"]["status"] == gw.SKIP
    assert report["passed"] is False


def test_gateway_text_is_short_and_masked_in_details():
    ids = [{"type": "model", "id": "claude-" + "z" * 5000}, {"type": "model", "id": KEY}]

    def http(method, url, headers, body, timeout):
        return gw.Response(200, {"content-type": "application/json"}, io.BytesIO(json.dumps({"data": ids}).encode()))
    report, _problems = gw.run_preflight(settings(inferenceModels=["*"]), http, {"checks": ["models"]})
    models = report["checks"]["models"]
    assert all(len(i) <= 203 for i in models["details"]["ids"])
    assert gw.MASK in models["details"]["ids"][1]
    assert models["status"] == gw.FAIL, "a masked id must not act as a wildcard"
