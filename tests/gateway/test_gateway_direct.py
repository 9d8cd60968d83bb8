# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cowork3p.fleet.gateway_check against the fake upstream acting as the gateway (no LiteLLM needed).

Every case runs the real module through ansible-playbook (one host per case,
one run for all of them) and asserts on its JSON result.
"""

from __future__ import annotations

import json

import pytest

from gateway_asserts import assert_status

CHECKS = ("url", "tls", "models", "messages", "each_model", "streaming", "tools", "tool_search", "errors")
MODELS = ["claude-sonnet-4-5"]
URL_PASSWORD = "pw-in-url-6b1e9d"


@pytest.fixture(scope="module")
def direct(upstream, run_ansible, tmp_path_factory, gwlab):
    """Run every case once; returns {case: module result} and the run's output."""
    s, ca = gwlab.settings, upstream.ca_path
    hdr = {"X-Org-Id": gwlab.HEADER_SECRET}

    def case(flags="", listener="tls", **kw):
        more = {k: kw.pop(k) for k in list(kw) if k in ("ca_path", "validate_certs", "validate_settings", "checks",
                                                        "model", "check_mode")}
        more.setdefault("ca_path", ca)
        if more["ca_path"] is None:
            del more["ca_path"]
        kw.setdefault("models", MODELS)
        kw.setdefault("headers", hdr)
        if kw["models"] is None:
            del kw["models"]
        return dict(settings=s(kw.pop("base_url", None) or upstream.url(flags, listener), **kw), **more)

    cases = {
        "ok_bearer": case("rec-bearer"),
        "ok_xapikey": case("rec-xapikey", scheme="x-api-key", headers=json.dumps(hdr), models=json.dumps(MODELS)),
        "ok_check_mode": case("rec-check", check_mode=True),
        "url_v1": case(base_url=upstream.url("") + "/v1", validate_settings=False),
        "url_v1_validated": case(base_url=upstream.url("") + "/v1"),
        "url_credentials": case(base_url="https://admin:%s@127.0.0.1:%d" % (URL_PASSWORD, upstream.ports["tls"]),
                                validate_settings=False),
        "url_http_loopback": case(listener="up", validate_settings=False),
        "tls_rogue": case(listener="rogue"),
        "tls_system_store": case(ca_path=None),
        "tls_expiring": case(listener="expiring"),
        "tls_unverified": case(ca_path=None, validate_certs=False),
        "tls_refused": case(base_url="https://127.0.0.1:%d" % upstream.closed_port),
        "models_opaque": case("opaque-models", models=None),
        "models_opaque_configured": case("opaque-models", models=["corp-large"]),
        "models_missing": case("", models=["claude-sonnet-4-5", "claude-typo-9"]),
        "models_none_configured": case("no-models"),
        "models_none_unconfigured": case("no-models", models=None),
        "messages_html404": case("html404"),
        "messages_openai": case("openai"),
        "messages_login_redirect": case("login-redirect"),
        "streaming_no_sse": case("no-sse"),
        "streaming_buffered": case("buffered"),
        "streaming_truncated": case("truncated"),
        "tools_dropped": case("tools-dropped"),
        "tools_stream_empty": case("tools-stream-empty"),
        "auth_wants_xapikey": case("xapikey-only"),
        "auth_wants_bearer": case("bearer-only", scheme="x-api-key"),
        "auth_wrong_key": case("xapikey-only", scheme="x-api-key", key="sk-wrong-key-0000"),
        "auth_echo": case("echo-auth"),
        "short_header_value": case("", headers={"X-Org-Id": "1"}, checks=["url", "tls"]),
    }
    hosts, proc = gwlab.run_cases(run_ansible, tmp_path_factory.mktemp("direct"), cases)
    return {"results": hosts, "stdout": proc.stdout, "stderr": proc.stderr}


def result(direct, name):
    return direct["results"][name]


def check(direct, name, check_name):
    res = result(direct, name)
    assert "checks" in res, "case %s: no checks in %s" % (name, json.dumps(res)[:2000])
    return res["checks"][check_name]


def assert_check(direct, name, check_name, status, *phrases):
    return assert_status(check(direct, name, check_name), "case %s, check %s" % (name, check_name), status, *phrases)


# -- passing gateways ---------------------------------------------------------

@pytest.mark.parametrize("name", ["ok_bearer", "ok_xapikey", "ok_check_mode"])
def test_a_good_gateway_passes_every_check(direct, name):
    res = result(direct, name)
    assert not res.get("failed"), res.get("msg")
    assert res["passed"] is True and res["failed_checks"] == [] and res["warned_checks"] == []
    assert list(res["checks"]) == list(CHECKS)
    for name_, got in res["checks"].items():
        assert got["status"] == "pass", (name_, got)
        assert isinstance(got["elapsed_ms"], int) and got["reason"]
    assert res["checks"]["streaming"]["details"]["buffered"] is False
    assert res["gateway"]["header_names"] == ["X-Org-Id"]
    assert res["summary"][-1] == "RESULT: PASSED"


def test_credential_and_headers_are_sent_like_the_app(direct, upstream, gwlab):
    seen = upstream.requests()
    bearer = [r for r in seen if r["path"] == "/rec-bearer/v1/messages"]
    xapikey = [r for r in seen if r["path"] == "/rec-xapikey/v1/messages"]
    assert bearer and xapikey
    for req in bearer:
        assert req["headers"]["authorization"] == "Bearer " + gwlab.LAB_KEY
        assert "x-api-key" not in req["headers"]
    for req in xapikey:
        assert req["headers"]["x-api-key"] == gwlab.LAB_KEY
        assert "authorization" not in req["headers"]
    for req in bearer + xapikey:
        assert req["headers"]["x-org-id"] == gwlab.HEADER_SECRET
        assert req["headers"]["anthropic-version"] == "2023-06-01"
    tool_requests = [r for r in bearer if r["body"].get("tools") and "anthropic-beta" not in r["headers"]]
    search = [r for r in bearer if "anthropic-beta" in r["headers"]]
    assert len(search) == 1 and "advanced-tool-use" in search[0]["headers"]["anthropic-beta"]
    assert {bool(r["body"].get("stream")) for r in tool_requests} == {True, False}
    assert all(r["body"]["tool_choice"] == {"type": "tool", "name": r["body"]["tools"][0]["name"]} for r in tool_requests)


def test_a_short_header_value_does_not_mangle_the_gateway_address(direct, upstream):
    """Issue 14: X-Org-Id: 1 used to show the gateway as https://********27.0.0.********:port in every output
    (the module's own masking and Ansible's no_log_values both replaced every "1")."""
    res = result(direct, "short_header_value")
    shown = upstream.url("", "tls")
    assert res["gateway"]["base_url"] == shown and res["summary"][0].startswith("Gateway %s (" % shown), res["summary"]
    assert res["checks"]["url"]["details"]["host"] == "127.0.0.1" and "*" not in json.dumps(res["gateway"])


def test_check_mode_still_runs_the_checks(direct, upstream):
    assert [r for r in upstream.requests() if r["path"] == "/rec-check/v1/messages"]
    assert result(direct, "ok_check_mode")["changed"] is False


# -- 1. URL -------------------------------------------------------------------

def test_url_with_v1_suffix_fails_and_messages_404_is_explained(direct, upstream):
    assert result(direct, "url_v1")["failed"] is True
    fixed = upstream.url("")
    assert_check(direct, "url_v1", "url", "fail", "ends with /v1", "use " + fixed)
    assert_check(direct, "url_v1", "messages", "fail", "HTTP 404", "/v1/v1/messages", "use " + fixed)


def test_url_with_v1_suffix_is_refused_before_any_request_by_the_validator(direct):
    res = result(direct, "url_v1_validated")
    assert res["failed"] is True
    if "checks" in res:       # no settings validator in this tree: the url check reports it
        assert res["checks"]["url"]["status"] == "fail" and "/v1" in res["checks"]["url"]["reason"]
    else:
        assert any("/v1" in p for p in res["problems"]), res
        assert "nothing was sent" in res["msg"]


def test_url_with_credentials_fails_and_nothing_is_sent(direct):
    res = result(direct, "url_credentials")
    assert_check(direct, "url_credentials", "url", "fail", "credentials", "inferenceGatewayApiKey")
    for name in ("tls", "models", "messages", "streaming", "tools", "errors"):
        assert_check(direct, "url_credentials", name, "skip", "base URL is unusable")
    assert URL_PASSWORD not in json.dumps(res)
    assert res["gateway"]["base_url"].startswith("https://********@127.0.0.1")


def test_plain_http_on_loopback_only_warns(direct):
    res = result(direct, "url_http_loopback")
    assert_check(direct, "url_http_loopback", "url", "warn", "plain http", "laptops need https")
    assert_check(direct, "url_http_loopback", "tls", "skip", "not https")
    assert res["passed"] is True


# -- 2. TLS -------------------------------------------------------------------

def test_certificate_from_another_ca_fails_tls(direct, upstream):
    assert_check(direct, "tls_rogue", "tls", "fail", "does not verify against the CA bundle " + upstream.ca_path,
                 "ca_path")
    assert_check(direct, "tls_rogue", "messages", "skip", "the TLS check failed")
    assert result(direct, "tls_rogue")["failed_checks"] == ["tls"]


def test_lab_ca_missing_from_the_system_store_fails_tls(direct):
    assert_check(direct, "tls_system_store", "tls", "fail", "does not verify against this machine's trust store")


def test_certificate_close_to_expiry_warns(direct):
    got = assert_check(direct, "tls_expiring", "tls", "warn", "expires in 2 days", "renew")
    assert got["details"]["days_left"] == 2
    assert result(direct, "tls_expiring")["passed"] is True


def test_unverified_tls_warns(direct):
    assert_check(direct, "tls_unverified", "tls", "warn", "not verified", "validate_certs")


def test_nothing_listening_is_explained(direct):
    assert_check(direct, "tls_refused", "tls", "fail", "connection refused", "nothing listens there")


# -- 3. models ----------------------------------------------------------------

def test_opaque_model_ids_fail_discovery(direct):
    got = assert_check(direct, "models_opaque", "models", "fail", "0 look like Claude", "not recognisably Claude",
                       "inferenceModels")
    assert got["details"]["not_shown"] == ["corp-large", "corp-fast", "gpt-4o"]
    assert result(direct, "models_opaque")["failed_checks"] == ["models"]


def test_opaque_model_ids_are_fine_when_listed_in_inference_models(direct):
    assert_check(direct, "models_opaque_configured", "models", "pass", "every inferenceModels id is offered")
    assert result(direct, "models_opaque_configured")["passed"] is True


def test_configured_model_missing_from_the_list_fails(direct):
    got = assert_check(direct, "models_missing", "models", "fail", "not offered by the gateway: claude-typo-9")
    assert got["details"]["missing"] == ["claude-typo-9"]


def test_no_model_list_only_warns_when_inference_models_is_set(direct):
    got = assert_check(direct, "models_none_configured", "models", "warn", "no usable model list", "HTTP 404",
                       "discovery is optional")
    assert got["required"] is False
    assert result(direct, "models_none_configured")["passed"] is True


def test_no_model_list_and_no_inference_models_fails(direct):
    assert_check(direct, "models_none_unconfigured", "models", "fail", "inferenceModels is empty too")
    assert_check(direct, "models_none_unconfigured", "messages", "fail", "no model to test")


# -- 4. messages / 7. errors ---------------------------------------------------

def test_html_404_is_explained(direct):
    assert_check(direct, "messages_html404", "messages", "fail", "HTTP 404 with an HTML page ('404 Not Found')",
                 "base path", "appends /v1/messages")
    for name in ("streaming", "tools"):
        assert_check(direct, "messages_html404", name, "skip", "messages check failed")
    assert_check(direct, "messages_html404", "models", "warn", "HTML page")
    assert_check(direct, "messages_html404", "errors", "warn", "HTML page", "markup")


def test_openai_shaped_answer_fails_messages(direct):
    assert_check(direct, "messages_openai", "messages", "fail", "OpenAI chat-completion format")


def test_redirect_to_a_sign_in_page_is_explained(direct):
    got = assert_check(direct, "messages_login_redirect", "messages", "fail", "HTTP 302",
                       "redirected to /login", "does not follow redirects")
    assert "lab-session-token" not in got["reason"]          # the query string of the Location is never shown
    assert_check(direct, "messages_login_redirect", "tls", "pass")


def test_errors_come_back_as_json_from_a_good_gateway(direct):
    assert_check(direct, "ok_bearer", "errors", "pass", "errors come back as JSON", "not_found_error")


# -- 5. streaming ------------------------------------------------------------

def test_a_gateway_without_sse_fails_streaming(direct):
    assert_check(direct, "streaming_no_sse", "streaming", "fail", 'ignored "stream": true', "text/event-stream")
    assert_check(direct, "streaming_no_sse", "tools", "fail", "streamed: ")


def test_a_buffered_stream_is_flagged(direct):
    got = assert_check(direct, "streaming_buffered", "streaming", "fail", "buffered", "proxy_buffering")
    details = got["details"]
    assert details["buffered"] is True
    assert details["first_event_ms"] >= 300 and details["bursts"] == 1
    ok = check(direct, "ok_bearer", "streaming")["details"]
    assert ok["bursts"] > 1 and ok["buffered"] is False


def test_a_stream_cut_short_fails(direct):
    assert_check(direct, "streaming_truncated", "streaming", "fail", "without message_stop")


# -- 6. tool use -------------------------------------------------------------

def test_dropped_tools_fail(direct):
    got = assert_check(direct, "tools_dropped", "tools", "fail", "not streamed: no tool_use block",
                       "streamed: no tool_use content block")
    assert "dropped" in got["reason"]


def test_lost_streamed_tool_input_fails(direct):
    got = assert_check(direct, "tools_stream_empty", "tools", "fail",
                       "streamed: the tool input does not match the schema", "missing the required property 'city'")
    assert got["details"]["non_streamed"] == "ok"


# -- 7. auth errors ----------------------------------------------------------

def test_wrong_auth_scheme_suggests_x_api_key(direct):
    assert_check(direct, "auth_wants_xapikey", "messages", "fail", "HTTP 401", "sent as Authorization: Bearer",
                 "set inferenceGatewayAuthScheme: x-api-key")
    assert_check(direct, "auth_wants_xapikey", "models", "warn", "HTTP 401")


def test_wrong_auth_scheme_suggests_bearer(direct):
    assert_check(direct, "auth_wants_bearer", "messages", "fail", "HTTP 401", "sent as the x-api-key header",
                 "set inferenceGatewayAuthScheme: bearer")


def test_wrong_key_is_not_blamed_on_the_scheme(direct):
    got = assert_check(direct, "auth_wrong_key", "messages", "fail", "HTTP 401", "does not work either",
                       "key itself is wrong")
    assert "set inferenceGatewayAuthScheme" not in got["reason"]


def test_secrets_echoed_by_the_gateway_are_masked(direct, gwlab):
    got = assert_check(direct, "auth_echo", "messages", "fail", "HTTP 401", "received headers")
    assert "Bearer ********" in got["reason"] and "X-Org-Id: ********" in got["reason"], got["reason"]
    assert gwlab.secrets_in(json.dumps(result(direct, "auth_echo"))) == []


def test_no_secret_in_any_output(direct, gwlab):
    text = direct["stdout"] + direct["stderr"]
    assert gwlab.secrets_in(text, (("url password", URL_PASSWORD),)) == []
    for name, res in direct["results"].items():
        assert gwlab.secrets_in(json.dumps(res), (("url password", URL_PASSWORD),)) == [], name
