# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gateway_check with a credential helper, every model probed, and tool search, against the fake upstream.

The gateway "helper-only" accepts only the helper's token and the helper's X-Tenant header (the settings'
X-Tenant must lose); "beta-400" rejects the tool-search beta; "drop-tool-reference" drops tool_reference blocks.
Runs through ansible-playbook -vvvv; neither the helper's token nor its header value may appear in the output.
"""

from __future__ import annotations

import json
import os

import pytest

from fake_upstream import HELPER_TENANT, HELPER_TOKEN
from gateway_asserts import assert_status

MODELS = ["claude-sonnet-4-5", "claude-haiku-4-5"]


def _helper(folder, name, body):
    path = os.path.join(str(folder), name)
    with open(path, "w") as handle:
        handle.write("#!/bin/sh\n%s\n" % body)
    os.chmod(path, 0o755)
    return path


@pytest.fixture(scope="module")
def runs(upstream, run_ansible, tmp_path_factory, gwlab):
    if os.geteuid() != 0:
        pytest.skip("the helper trust check needs root-owned helpers")
    folder = tmp_path_factory.mktemp("helpers")
    good = _helper(folder, "good", "printf '{\\n  \"token\": \"%s\",\\n  \"headers\": {\"X-Tenant\": \"%s\"}\\n}\\n'"
                   % (HELPER_TOKEN, HELPER_TENANT))
    banner = _helper(folder, "banner", "echo 'Welcome'; echo %s" % HELPER_TOKEN)
    ca = upstream.ca_path

    def case(flags, helper=None, key="", headers=None, models=None, **more):
        settings = gwlab.settings(upstream.url(flags), key=key, headers=headers or {"X-Tenant": "static-tenant"},
                                  models=models or MODELS, **more)
        if helper:
            settings["inferenceCredentialHelper"] = helper
        out = {"settings": settings, "ca_path": ca}
        if helper:
            out["credential_helper"] = helper
        return out

    cases = {
        "helper_ok": case("helper-only+rec-helper", helper=good),
        "static_rejected": case("helper-only", key=gwlab.LAB_KEY),
        "helper_banner": case("helper-only+rec-banner", helper=banner),
        "each_model": case("", key=gwlab.LAB_KEY, models=MODELS + ["corp-typo-9"]),
        "ts_on_ok": case("", key=gwlab.LAB_KEY, toolSearchEnabled=True),
        "ts_on_400": case("beta-400", key=gwlab.LAB_KEY, toolSearchEnabled=True),
        "ts_on_dropped": case("drop-tool-reference", key=gwlab.LAB_KEY, toolSearchEnabled=True),
        "ts_off_400": case("beta-400", key=gwlab.LAB_KEY),
    }
    hosts, proc = gwlab.run_cases(run_ansible, tmp_path_factory.mktemp("helper"), cases, verbosity="-vvvv")
    return {"results": hosts, "stdout": proc.stdout + proc.stderr}


def checks(runs, name):
    res = runs["results"][name]
    assert "checks" in res, json.dumps(res)[:2000]
    return res["checks"]


def test_helper_token_and_headers_reach_the_gateway(runs, upstream):
    res = runs["results"]["helper_ok"]
    assert res["passed"] is True, res["summary"]
    assert res["gateway"]["credential_source"] == "helper"
    sent = [r for r in upstream.requests() if r["path"].startswith("/helper-only+rec-helper/v1/messages")]
    assert sent and all(r["headers"]["authorization"] == "Bearer " + HELPER_TOKEN for r in sent)
    assert all(r["headers"]["x-tenant"] == HELPER_TENANT for r in sent)


def test_static_key_is_rejected_by_the_helper_gateway(runs):
    assert_status(checks(runs, "static_rejected")["messages"], "static_rejected", "fail", "401")


def test_a_bad_helper_stops_before_any_request(runs, upstream):
    res = runs["results"]["helper_banner"]
    assert res["failed"] and "banner or log lines" in res["msg"]
    assert not [r for r in upstream.requests() if r["path"].startswith("/helper-only+rec-banner/")]


def test_every_model_has_its_own_line(runs):
    res = runs["results"]["each_model"]
    got = res["checks"]["each_model"]
    assert got["status"] == "fail" and "corp-typo-9" in got["reason"]
    assert [m["status"] for m in got["details"]["models"]] == ["pass", "pass", "fail"]
    assert sum(1 for line in res["summary"] if line.lstrip().split(" model ")[0] in ("PASS", "FAIL")) == 3


@pytest.mark.parametrize("name,status,words", [
    ("ts_on_ok", "pass", "passes the betas"),
    ("ts_on_400", "fail", "HTTP 400"),
    ("ts_on_dropped", "fail", "drops the tool_reference"),
    ("ts_off_400", "warn", "would not work"),
])
def test_tool_search(runs, name, status, words):
    assert_status(checks(runs, name)["tool_search"], name, status, words)
    assert runs["results"][name]["passed"] is (status != "fail")


def test_helper_secrets_never_shown(runs, gwlab):
    assert HELPER_TOKEN not in runs["stdout"] and HELPER_TENANT not in runs["stdout"]
    assert not gwlab.secrets_in(runs["stdout"])
