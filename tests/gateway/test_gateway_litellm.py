# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cowork3p.fleet.gateway_check against a real LiteLLM proxy (https, lab CA) in front of the fake upstream.

Skipped, with the reason, unless COWORK3P_GATEWAY_LAB=1 (see conftest.py and setup-litellm.sh).
LiteLLM answers an unknown key with HTTP 400 "No connected db" (it has no database here) and a
missing key with 401; its mock_response models ignore "stream" and "tools".
"""

from __future__ import annotations

import json

import pytest

from gateway_asserts import assert_status

CHECKS = ("url", "tls", "models", "messages", "each_model", "streaming", "tools", "tool_search", "errors")


@pytest.fixture(scope="module")
def via_litellm(litellm, upstream, run_ansible, tmp_path_factory, gwlab):
    def case(models=("claude-sonnet-4-5",), key=None, base=None, scheme=None, **more):
        settings = gwlab.settings(base or litellm.url, key=gwlab.MASTER_KEY if key is None else key,
                                  scheme=scheme, headers={"X-Org-Id": gwlab.HEADER_SECRET},
                                  models=list(models) if models is not None else None)
        more.setdefault("ca_path", litellm.ca_path)
        return dict(settings=settings, **more)

    cases = {
        "ok": case(),
        "ok_xapikey": case(scheme="x-api-key"),
        "discovery": case(models=None),
        "opaque_alias_configured": case(models=["corp-default"]),
        "tools_dropped": case(models=["claude-tools-dropped"]),
        "mock_no_sse": case(models=["claude-mock"]),
        "buffered_upstream": case(models=["claude-buffered"]),
        "wrong_key": case(key="sk-not-the-master-key"),
        "no_key": case(key="", validate_settings=False),
        "v1_suffix": case(base=litellm.url + "/v1", validate_settings=False),
        "rogue_ca": case(ca_path=upstream.ca_path.replace("lab-ca", "rogue-ca")),
    }
    hosts, proc = gwlab.run_cases(run_ansible, tmp_path_factory.mktemp("litellm"), cases)
    return {"results": hosts, "stdout": proc.stdout, "stderr": proc.stderr}


def get(via, name, check_name=None):
    res = via["results"][name]
    if check_name is None:
        return res
    assert "checks" in res, "case %s: %s" % (name, json.dumps(res)[:2000])
    return res["checks"][check_name]


def expect(via, name, check_name, status, *phrases):
    return assert_status(get(via, name, check_name), "case %s, check %s" % (name, check_name), status, *phrases)


@pytest.mark.parametrize("name", ["ok", "ok_xapikey"])
def test_litellm_in_front_of_a_good_upstream_passes(via_litellm, name):
    res = get(via_litellm, name)
    assert res["passed"] is True, res["summary"]
    assert [c["status"] for c in res["checks"].values()] == ["pass"] * len(CHECKS), res["summary"]
    # LiteLLM 1.108.7 answers /v1/models in the Anthropic shape when anthropic-version is sent
    assert res["checks"]["models"]["details"]["shape"] == "anthropic"
    assert res["checks"]["streaming"]["details"]["buffered"] is False


def test_litellm_forwards_tool_use_both_ways(via_litellm, upstream):
    forwarded = [r for r in upstream.requests() if r["path"] == "/v1/messages" and (r["body"] or {}).get("tools")
                 and r["headers"].get("user-agent", "").startswith("litellm/")]
    assert {bool(r["body"].get("stream")) for r in forwarded} == {True, False}
    assert all(r["headers"]["x-api-key"].startswith("sk-ant-upstream-") for r in forwarded)


def test_discovery_picks_a_claude_model_and_names_the_hidden_ones(via_litellm):
    got = expect(via_litellm, "discovery", "models", "pass", "look like Claude", "hidden: corp-default")
    res = get(via_litellm, "discovery")
    assert res["gateway"]["model"] == "claude-sonnet-4-5" and res["gateway"]["model_source"] == "discovery"
    assert res["passed"] is True


def test_an_opaque_alias_works_when_configured(via_litellm):
    expect(via_litellm, "opaque_alias_configured", "models", "pass", "every inferenceModels id is offered")
    assert get(via_litellm, "opaque_alias_configured")["passed"] is True


def test_tools_dropped_behind_litellm_fail(via_litellm):
    expect(via_litellm, "tools_dropped", "tools", "fail", "not streamed: no tool_use block", "streamed: no tool_use")
    assert get(via_litellm, "tools_dropped")["failed_checks"] == ["tools"]


def test_litellm_mock_model_without_sse_fails_streaming(via_litellm):
    expect(via_litellm, "mock_no_sse", "streaming", "fail", 'ignored "stream": true')
    expect(via_litellm, "mock_no_sse", "tools", "fail", "no tool_use block")


def test_buffering_upstream_is_seen_through_litellm(via_litellm):
    got = expect(via_litellm, "buffered_upstream", "streaming", "fail", "buffered")
    assert got["details"]["buffered"] is True


def test_wrong_key_is_reported_with_the_gateway_message(via_litellm):
    expect(via_litellm, "wrong_key", "messages", "fail", "HTTP 400", "refused the request", "No connected db")
    expect(via_litellm, "wrong_key", "models", "warn", "HTTP 400")


def test_missing_key_is_explained(via_litellm):
    expect(via_litellm, "no_key", "messages", "fail", "HTTP 401", "rejected the credential",
           "no inferenceGatewayApiKey")


def test_double_v1_is_explained(via_litellm):
    expect(via_litellm, "v1_suffix", "url", "fail", "ends with /v1")
    expect(via_litellm, "v1_suffix", "messages", "fail", "HTTP 404", "/v1/v1/messages", "use https://127.0.0.1:")


def test_certificate_not_from_the_given_ca_fails(via_litellm):
    expect(via_litellm, "rogue_ca", "tls", "fail", "does not verify against the CA bundle", "rogue-ca")


def test_no_secret_leaks_through_litellm_runs(via_litellm, gwlab):
    assert gwlab.secrets_in(via_litellm["stdout"] + via_litellm["stderr"]) == []
    for name, res in via_litellm["results"].items():
        assert gwlab.secrets_in(json.dumps(res)) == [], name
