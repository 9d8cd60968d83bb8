# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_plan.py: the check order and skip rules."""

from __future__ import annotations

import json

from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import (
    BASE, gw, hostile_settings, run, status, stream_gateway)


def test_tls_failure_skips_the_network_checks():
    report, _p, _f = run(flags=["tls"], options={"ca_path": "/ca.pem"})
    assert status(report) == {"url": "pass", "tls": "fail", "models": "skip", "messages": "skip", "streaming": "skip",
                              "tools": "skip", "errors": "skip", "each_model": "skip", "tool_search": "skip"}
    assert "the CA bundle /ca.pem" in report["checks"]["tls"]["reason"]


def test_v1_suffix_is_reported_by_url_and_messages():
    report, _p, _f = run({"inferenceGatewayBaseUrl": BASE + "/v1"})
    assert status(report)["url"] == "fail"
    assert "/v1/v1/messages" in report["checks"]["messages"]["reason"]
    assert "use " + BASE in report["checks"]["messages"]["reason"]


def test_credentials_in_url_stop_everything():
    report, _p, fake = run({"inferenceGatewayBaseUrl": "https://me:hunter2@gw.example.test"})
    assert fake.calls == [] and status(report)["messages"] == "skip"
    assert "hunter2" not in json.dumps(report)


def test_after_a_request_ran_out_of_time_the_rest_is_not_run_and_fails():
    calls = []

    def http(method, url, headers, body, timeout):
        calls.append(url)
        raise gw.TransportError("slow", "no complete answer headers before the deadline")
    report, _problems = gw.run_preflight(hostile_settings(inferenceModels=None), http, {"timeout": 2})
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
    report, _problems = gw.run_preflight(hostile_settings(inferenceGatewayBaseUrl="http://127.0.0.1:9"), http,
                                         {"timeout": 2})
    checks = report["checks"]
    assert checks["models"]["status"] == gw.WARN
    for name in ("messages", "streaming", "tools"):
        assert checks[name]["status"] == gw.FAIL and checks[name]["reason"].startswith("not run:"), checks[name]
    assert checks["errors"]["status"] == gw.SKIP
    assert report["passed"] is False
