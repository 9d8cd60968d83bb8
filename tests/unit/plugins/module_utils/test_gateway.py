# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gateway.py: no network, a fake HTTP callable and a fake clock."""

from __future__ import annotations

import io
import json
import os
import sys

import pytest

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


# ---------------------------------------------------------------------------
# a fake gateway behind the injected http callable
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# settings
# ---------------------------------------------------------------------------

def test_extract_native_and_encoded_values():
    native, problems = gw.extract_settings({
        "inferenceProvider": "gateway", "inferenceGatewayBaseUrl": " https://gw/ ", "inferenceGatewayApiKey": KEY,
        "inferenceCustomHeaders": {"X-A": "1", "X-B": True}, "inferenceModels": ["a", {"name": "b", "supports1m": True}]})
    assert problems == []
    assert native["base_url"] == "https://gw/" and native["auth_scheme"] == "bearer"
    assert native["headers"] == {"X-A": "1", "X-B": "true"} and native["models"] == ["a", "b"]
    encoded, problems = gw.extract_settings({
        "inferenceGatewayBaseUrl": "https://gw", "inferenceGatewayApiKey": KEY, "inferenceGatewayAuthScheme": "X-API-KEY",
        "inferenceCustomHeaders": '{"X-A":"1"}', "inferenceModels": '["a",{"name":"b"}]'})
    assert problems == [] and encoded["headers"] == {"X-A": "1"} and encoded["models"] == ["a", "b"]
    assert encoded["auth_scheme"] == "x-api-key"


def test_extract_deprecated_and_bad_forms():
    config, problems = gw.extract_settings({"inferenceGatewayBaseUrl": "https://gw", "inferenceGatewayApiKey": KEY,
                                            "inferenceGatewayHeaders": "X-A=1,X-B=2", "inferenceGatewayAuthScheme": "auto"})
    assert config["headers"] == {"X-A": "1", "X-B": "2"} and config["auth_scheme"] == "bearer"
    texts = " | ".join(p["message"] for p in problems)
    assert "deprecated name" in texts and "'Name=value,...' string is deprecated" in texts and "auto is deprecated" in texts
    assert all(p["level"] == "warning" for p in problems)

    config, problems = gw.extract_settings({"inferenceGatewayBaseUrl": "https://gw", "inferenceGatewayApiKey": KEY,
                                            "inferenceCustomHeaders": ["X-A: 1"]})
    assert config["headers"] == {"X-A": "1"} and "list is deprecated" in problems[0]["message"]

    _config, problems = gw.extract_settings({
        "inferenceProvider": "vertex", "inferenceGatewayApiKey": KEY, "inferenceGatewayAuthScheme": "sso",
        "inferenceCustomHeaders": {"Bad Name": "x", "X-Ok": "a\r\nInjected: 1"}, "inferenceModels": "[not json"})
    errors = [p["message"] for p in problems if p["level"] == "error"]
    assert any("applies to inferenceProvider: gateway" in e for e in errors)
    assert any("cannot be tested with a static key" in e for e in errors)
    assert any("invalid header name" in e for e in errors)
    assert any("line break" in e for e in errors)
    assert any("not valid JSON" in e for e in errors)
    assert any("inferenceGatewayBaseUrl is not set" in e for e in errors)
    no_secret(problems)


def test_missing_key_is_a_warning_and_run_preflight_refuses_errors():
    _config, problems = gw.extract_settings({"inferenceGatewayBaseUrl": "https://gw", "inferenceCredentialHelper": "/x"})
    assert problems[0]["level"] == "warning" and "give the module credential_helper" in problems[0]["message"]
    report, problems = gw.run_preflight({"inferenceGatewayApiKey": KEY}, lambda *a: None)
    assert report is None and any(p["level"] == "error" for p in problems)
    assert gw.extract_settings("nope")[0] is None


def test_secret_values_cover_key_headers_url_password_and_other_secrets():
    settings = {"inferenceGatewayBaseUrl": "https://u:urlpw@gw", "inferenceGatewayApiKey": KEY,
                "inferenceCustomHeaders": '{"X-T":"%s"}' % HDR, "otlpHeaders": {"Authorization": "Bearer otlp"},
                "inferenceAnthropicApiKey": "sk-ant-x", "inferenceModels": ["claude-x"],
                "managedMcpServers": [{"name": "s", "headers": {"Authorization": "mcp-token"}}]}
    config, _problems = gw.extract_settings(settings)
    found = gw.secret_values(config, settings)
    for value in (KEY, HDR, "urlpw", "Bearer otlp", "sk-ant-x", "mcp-token"):
        assert value in found
    for value in ("claude-x", "https://u:urlpw@gw", "gateway", "s"):
        assert value not in found


def test_mask_text_catches_escaped_and_quoted_forms():
    secret = 'a/b"c'
    text = 'raw a/b"c json a/b\\"c url a%2Fb%22c'
    assert gw.mask_text(text, [secret]) == "raw ******** json ******** url ********"
    assert gw.mask_text(json.dumps({"k": secret}), [secret]) == '{"k": "********"}'
    assert gw.mask_data({"x": [KEY]}, [KEY]) == {"x": ["********"]}


# ---------------------------------------------------------------------------
# URL, headers, bodies
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("url,status_,phrase,usable", [
    ("https://gw.example.com", "pass", "no /v1 suffix", True),
    ("https://gw.example.com/llm/", "pass", "https", True),
    ("https://gw.example.com/v1", "fail", "use https://gw.example.com", True),
    ("https://gw.example.com/api/v1/", "fail", "use https://gw.example.com/api", True),
    ("https://gw.example.com/v1/messages", "fail", "ends with /v1/messages", True),
    ("https://user:pw@gw.example.com", "fail", "credentials", False),
    ("http://gw.example.com", "fail", "plain http", True),
    ("http://127.0.0.1:8080", "warn", "same machine", True),
    ("https://gw.example.com/?a=1", "warn", "query string", True),
    ("gw.example.com", "fail", "not an http(s) URL", False),
    ("https://gw.example.com:99999", "fail", "not an http(s) URL", False),
    ("", "fail", "not set", False),
])
def test_check_url(url, status_, phrase, usable):
    result, ok = gw.check_url(url)
    assert (result["status"], ok) == (status_, usable)
    assert phrase in result["reason"]
    assert "pw@" not in json.dumps(result)


def test_join_and_display_url():
    assert gw.join_url("https://h/base/", "/v1/messages") == "https://h/base/v1/messages"
    assert gw.join_url("https://h/b?x=1", "/v1/models?limit=2") == "https://h/b/v1/models?x=1&limit=2"
    assert gw.display_url("https://u:p@h/x") == "https://********@h/x"
    assert gw.display_url("https://h/x?key=abc&flag") == "https://h/x?key=********&flag"
    assert gw.display_url("https://h/x") == "https://h/x"


def test_headers_follow_the_auth_scheme_and_protect_protocol_headers():
    config = {"api_key": KEY, "auth_scheme": "bearer",
              "headers": {"X-T": HDR, "authorization": "custom", "Anthropic-Version": "1999"}}
    headers = gw.build_headers(config)
    assert headers["Authorization"] == "Bearer " + KEY and "authorization" not in headers
    assert headers["anthropic-version"] == gw.ANTHROPIC_VERSION and headers["X-T"] == HDR
    headers = gw.build_headers(dict(config, auth_scheme="x-api-key"), stream=True)
    assert headers["x-api-key"] == KEY and "Authorization" not in headers and headers["accept"] == "text/event-stream"
    assert gw.auth_headers(None, "bearer") == {}


def test_bodies():
    tools = gw.message_body("m", "tools-stream")
    assert tools["stream"] is True and tools["tool_choice"] == {"type": "tool", "name": gw.PROBE_TOOL["name"]}
    assert gw.message_body("m", "errors")["model"] == gw.UNKNOWN_MODEL
    assert "stream" not in gw.message_body("m", "messages")


# ---------------------------------------------------------------------------
# SSE, event order, schema
# ---------------------------------------------------------------------------

def test_parse_sse_handles_comments_crlf_multiline_and_missing_names():
    lines = [b": keep-alive\r\n", b"event: message_start\r\n", b"data: {\"type\":\r\n", b"data: \"message_start\"}\r\n",
             b"\r\n", b"data: {\"type\": \"ping\"}\n", b"\n", b"event: message_stop\n", b"data: {}"]
    events = gw.parse_sse(lines)
    assert [e["event"] for e in events] == ["message_start", "ping", "message_stop"]
    assert json.loads(events[0]["data"]) == {"type": "message_start"}


def test_event_order():
    names = ("ping", "message_start", "content_block_start", "content_block_delta", "content_block_stop",
             "message_delta", "message_stop")
    good = [{"event": n, "data": "{}"} for n in names]
    assert gw.check_event_order(good) == []
    assert "without message_stop" in gw.check_event_order(good[:-2])[0]
    assert "not message_start" in gw.check_event_order(good[2:])[0]
    overloaded = {"type": "error", "error": {"type": "overloaded_error", "message": "busy"}}
    err = [{"event": "error", "data": json.dumps(overloaded)}]
    assert gw.check_event_order(good[:3] + err) == ["the stream carried an error event: overloaded_error: busy"]
    assert "no content_block_delta" in " ".join(gw.check_event_order([good[1], good[2], good[6]]))


def test_schema_check():
    schema = gw.PROBE_TOOL["input_schema"]
    assert gw.check_schema({"city": "Lisbon", "celsius": 21.5}, schema) == []
    assert gw.check_schema({"city": "Lisbon"}, schema) == ["input is missing the required property 'celsius'"]
    assert gw.check_schema({"city": 3, "celsius": True}, schema) == [
        "input.city should be string, got a number", "input.celsius should be number, got a boolean"]
    assert "unexpected property 'x'" in gw.check_schema({"city": "a", "celsius": 1, "x": 1}, schema)[0]
    assert gw.check_schema("text", schema) == ["input should be object, got a string"]
    assert gw.check_schema([1, "a"], {"type": "array", "items": {"type": "integer"}}) == [
        "input[1] should be integer, got a string"]
    assert gw.check_schema("b", {"enum": ["a"]}) == ['input is not one of "a"']


# ---------------------------------------------------------------------------
# explanations
# ---------------------------------------------------------------------------

def _resp(status_, body, ctype="application/json", headers=None):
    hdrs = {"content-type": ctype}
    hdrs.update(headers or {})
    return gw.Response(status_, hdrs), body


def test_explain_http():
    url = "https://gw/v1/v1/messages"
    r, b = _resp(404, b"<html><title>404 Not Found</title></html>", "text/html")
    text = gw.explain_http("POST", url, r, b, "https://gw/v1")
    assert "HTML page ('404 Not Found')" in text and "use https://gw" in text and "/v1/v1/messages" in text
    r, b = _resp(200, b"<!DOCTYPE html><html><title>Sign in</title>", "text/html")
    assert "login or captive portal" in gw.explain_http("POST", url, r, b)
    r, b = _resp(404, b'{"detail":"Not Found"}')
    assert "nothing serves the Messages API" in gw.explain_http("POST", url, r, b)
    r, b = _resp(404, b'{"type":"error","error":{"type":"not_found_error","message":"model: claude-x"}}')
    assert "does not know the model 'claude-x'" in gw.explain_http("POST", url, r, b, model="claude-x")
    r, b = _resp(302, b"", headers={"location": "https://idp.example/login?token=abc"})
    text = gw.explain_http("POST", url, r, b)
    assert "redirected to https://idp.example/login" in text and "token=abc" not in text
    r, b = _resp(503, b'{"error":{"message":"upstream down"}}')
    assert "upstream may be down" in gw.explain_http("GET", url, r, b) and "upstream down" in gw.explain_http("GET", url, r, b)
    r, b = _resp(403, b"<html><title>Forbidden</title></html>", "text/html")
    assert "sign-in wall or proxy" in gw.explain_http("GET", url, r, b)


@pytest.mark.parametrize("kind,phrase", [
    ("tls", "does not verify against the CA bundle /ca.pem"),
    ("tls-protocol", "plain http"),
    ("dns", "does not resolve"),
    ("refused", "nothing listens there"),
    ("timeout", "within 5 s"),
    ("proxy", "proxy"),
    ("connect", "cannot reach gw:443"),
])
def test_explain_transport(kind, phrase):
    assert phrase in gw.explain_transport(gw.TransportError(kind, "boom"), "https://gw/v1/models", "/ca.pem", 5)


def test_explain_transport_hostname_and_expiry():
    exc = gw.TransportError("tls", "Hostname mismatch, certificate is not valid for 'gw'")
    assert "not valid for that name" in gw.explain_transport(exc, "https://gw")
    exc = gw.TransportError("tls", "certificate has expired")
    assert "has expired" in gw.explain_transport(exc, "https://gw")


# ---------------------------------------------------------------------------
# the whole preflight against the fake gateway
# ---------------------------------------------------------------------------

def test_good_gateway_passes_and_requests_look_like_the_app():
    report, _problems, fake = run()
    assert report["passed"] is True and set(status(report).values()) == {"pass"}
    assert list(report["checks"]) == list(gw.CHECKS)
    posts = [c for c in fake.calls if c["method"] == "POST"]
    assert all(c["headers"]["Authorization"] == "Bearer " + KEY and c["headers"]["X-Tenant"] == HDR for c in posts)
    assert {c["url"] for c in posts} == {BASE + "/v1/messages"}
    assert report["summary"][0].startswith("Gateway https://gw.example.test (auth bearer, model claude-sonnet-4-5")
    assert report["summary"][-1] == "RESULT: PASSED"
    assert report["checks"]["streaming"]["details"]["bursts"] > 1
    no_secret(report)


def test_only_selected_checks_run():
    report, _problems, fake = run(options={"checks": ["messages", "url"]})
    assert list(report["checks"]) == ["url", "messages"]
    assert len(fake.calls) == 1


def test_buffered_stream_fails_streaming():
    report, _p, _f = run(flags=["buffered"])
    got = report["checks"]["streaming"]
    assert got["status"] == "fail" and "buffered" in got["reason"] and got["details"]["bursts"] == 1
    assert report["failed_checks"] == ["streaming"]


def test_fast_stream_is_not_judged():
    clock = Clock()
    lines = sse(stream_events({"type": "text", "text": "x"}, ["a", "b"], "end_turn"), pace=0.001)

    def fake(*_args):
        return gw.Response(200, {"content-type": "text/event-stream"}, TimedLines(clock, lines))

    config, _p = gw.extract_settings({"inferenceGatewayBaseUrl": BASE, "inferenceGatewayApiKey": KEY,
                                      "inferenceModels": ["m"]})
    report = gw.Preflight(config, fake, {"checks": ["streaming"]}, clock=clock).run()
    assert report["checks"]["streaming"]["status"] == "pass"
    assert "too short" in report["checks"]["streaming"]["reason"]


@pytest.mark.parametrize("flag,check,phrase", [
    ("no-sse", "streaming", 'ignored "stream": true'),
    ("truncated", "streaming", "without message_stop"),
    ("no-tools", "tools", "no tool_use block"),
    ("empty-tool-stream", "tools", "streamed: the tool input does not match the schema"),
])
def test_misbehaving_gateways(flag, check, phrase):
    report, _p, _f = run(flags=[flag])
    assert report["checks"][check]["status"] == "fail"
    assert phrase in report["checks"][check]["reason"]
    assert report["passed"] is False


def test_wrong_scheme_is_diagnosed_with_the_other_scheme():
    report, _p, _f = run(want="x-api-key")
    reason = report["checks"]["messages"]["reason"]
    assert "HTTP 401" in reason and "set inferenceGatewayAuthScheme: x-api-key" in reason
    assert status(report)["streaming"] == "skip" and status(report)["models"] == "warn"
    no_secret(report)
    assert "********" in reason      # the gateway echoed the headers; they come back masked


def test_wrong_key_is_not_blamed_on_the_scheme():
    report, _p, _f = run({"inferenceGatewayApiKey": "sk-other-key-123"})
    assert "does not work either" in report["checks"]["messages"]["reason"]


def test_tls_failure_skips_the_network_checks():
    report, _p, _f = run(flags=["tls"], options={"ca_path": "/ca.pem"})
    assert status(report) == {"url": "pass", "tls": "fail", "models": "skip", "messages": "skip", "streaming": "skip",
                              "tools": "skip", "errors": "skip", "each_model": "skip", "tool_search": "skip"}
    assert "the CA bundle /ca.pem" in report["checks"]["tls"]["reason"]


def test_tls_details_and_unverified_warning():
    report, _p, _f = run(options={"checks": ["tls"]})
    assert report["checks"]["tls"]["details"]["issuer"] == "commonName=Unit CA"
    report, _p, _f = run(options={"checks": ["tls"], "validate_certs": False})
    assert report["checks"]["tls"]["status"] == "warn"


def test_html_gateway():
    report, _p, _f = run(flags=["html"])
    assert "HTML page ('404 Not Found')" in report["checks"]["messages"]["reason"]
    assert status(report)["errors"] == "warn" and status(report)["tools"] == "skip"


def test_models_discovery_rules():
    report, _p, _f = run({"inferenceModels": None}, models=["corp-a", "gpt-4o"])
    assert report["checks"]["models"]["status"] == "fail"
    assert "not recognisably Claude" in report["checks"]["models"]["reason"]
    assert report["gateway"]["model"] == "corp-a" and report["gateway"]["model_source"] == "discovery"

    report, _p, _f = run({"inferenceModels": None}, models=["corp-a", "claude-x"])
    assert report["checks"]["models"]["status"] == "pass" and "hidden: corp-a" in report["checks"]["models"]["reason"]
    assert report["gateway"]["model"] == "claude-x"

    report, _p, _f = run({"inferenceModels": ["claude-sonnet-4-5", "typo"]})
    assert report["checks"]["models"]["status"] == "fail" and "typo" in report["checks"]["models"]["reason"]

    report, _p, _f = run({"inferenceModels": ["anthropic/claude-x"]}, models=["anthropic/*"])
    assert report["checks"]["models"]["status"] == "pass"

    report, _p, _f = run(flags=["no-models"])
    assert report["checks"]["models"]["status"] == "warn" and report["passed"] is True

    report, _p, _f = run({"inferenceModels": None}, flags=["no-models"])
    assert status(report)["models"] == "fail" and "no model to test" in report["checks"]["messages"]["reason"]


def test_v1_suffix_is_reported_by_url_and_messages():
    report, _p, _f = run({"inferenceGatewayBaseUrl": BASE + "/v1"})
    assert status(report)["url"] == "fail"
    assert "/v1/v1/messages" in report["checks"]["messages"]["reason"]
    assert "use " + BASE in report["checks"]["messages"]["reason"]


def test_credentials_in_url_stop_everything():
    report, _p, fake = run({"inferenceGatewayBaseUrl": "https://me:hunter2@gw.example.test"})
    assert fake.calls == [] and status(report)["messages"] == "skip"
    assert "hunter2" not in json.dumps(report)


def test_transport_error_mid_check_is_explained():
    def broken(*_a):
        raise gw.TransportError("refused", "connection refused")
    config, _p = gw.extract_settings({"inferenceGatewayBaseUrl": BASE, "inferenceGatewayApiKey": KEY})
    report = gw.Preflight(config, broken, {"checks": ["messages", "errors"], "model": "m"}).run()
    assert "connection refused" in report["checks"]["messages"]["reason"]
    assert report["checks"]["errors"]["status"] == "warn"      # errors is never required


def test_helper_credential_and_headers_win():
    clock = Clock()
    fake = FakeGateway(clock)
    settings = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": BASE,
                "inferenceCustomHeaders": {"X-Tenant": "static-tenant-value", "X-Org": "org-1"},
                "inferenceModels": ["claude-sonnet-4-5"]}
    report, problems = gw.run_preflight(settings, fake, {"checks": ["messages"]}, clock=clock,
                                        helper=(KEY, {"x-tenant": "helper-tenant-value-123"}))
    assert report["passed"], report["summary"]
    sent = fake.calls[-1]["headers"]
    assert sent["Authorization"] == "Bearer " + KEY and sent["x-tenant"] == "helper-tenant-value-123"
    assert "X-Tenant" not in sent and sent["X-Org"] == "org-1"
    assert report["gateway"]["credential_source"] == "helper"
    assert "helper-tenant-value-123" not in json.dumps(report) and KEY not in json.dumps(report)
    assert not any("without a credential" in p["message"] for p in problems)
    _report, problems = gw.run_preflight(dict(settings, inferenceGatewayApiKey="static-key-xyz-123"), fake,
                                         {"checks": ["url"]}, clock=clock, helper=(KEY, {}))
    assert any("uses the helper" in p["message"] for p in problems)


def test_each_model_probed_with_its_own_line():
    report, _problems, _fake = run(settings={"inferenceModels": ["claude-sonnet-4-5", "claude-haiku-4-5", "corp-x"]},
                                   options={"checks": ["messages", "each_model"]})
    res = report["checks"]["each_model"]
    assert res["status"] == "fail" and "corp-x" in res["reason"]
    assert [m["status"] for m in res["details"]["models"]] == ["pass", "pass", "fail"]
    assert any("FAIL model corp-x" in line for line in report["summary"])


@pytest.mark.parametrize("enabled,flags,want,words", [
    (True, (), "pass", "passes the betas"),
    (True, ("beta-400",), "fail", "HTTP 400"),
    (True, ("drop-ref",), "fail", "drops the tool_reference"),
    (None, (), "pass", "turning it on would work"),
    (None, ("beta-400",), "warn", "would not work"),
])
def test_tool_search(enabled, flags, want, words):
    report, _problems, fake = run(settings={"toolSearchEnabled": enabled}, flags=flags,
                                  options={"checks": ["messages", "tool_search"]})
    res = report["checks"]["tool_search"]
    assert res["status"] == want and words in res["reason"], res["reason"]
    assert report["passed"] is (want != "fail")
    sent = fake.calls[-1]
    assert "advanced-tool-use" in sent["headers"]["anthropic-beta"]
    assert sent["body"]["tools"][1]["defer_loading"] is True
