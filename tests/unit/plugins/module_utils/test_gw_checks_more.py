# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_checks_more.py: the each_model, streaming, tools, tool_search and errors checks."""

from __future__ import annotations


import pytest

from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import run


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
