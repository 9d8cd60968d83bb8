# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the mcp_check module: its edge (arguments, documentation, the result and what it never shows).
The handshake is unit tested in tests/unit/plugins/module_utils/test_mcp.py and run against a real MCP server in
tests/gateway/test_mcp_check_lab.py."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.modules import mcp_check
from ansible_collections.cowork3p.fleet.tests.unit.plugins.modules.module_harness import (
    assert_documented, closed_port, run)

SECRET = "hdr-unit-MCPCHECK-91fe"


def _server(name, url):
    return {"name": name, "transport": "http", "url": url, "headers": {"Authorization": "Bearer " + SECRET}}


def test_documentation_matches_the_argument_spec(monkeypatch):
    assert_documented(mcp_check, monkeypatch)


def test_no_remote_server_passes_with_nothing_to_do(capsys):
    result, _raw = run(mcp_check, {"settings": {"inferenceProvider": "gateway"}}, capsys)
    assert not result.get("failed") and result["passed"] and result["servers"] == []
    assert result["msg"] == "MCP check passed (0 servers)" and result["summary"] == ["RESULT: PASSED"]


def test_an_unknown_server_name_fails_and_is_named(capsys):
    settings = {"managedMcpServers": [_server("docs", "https://mcp.example.test/mcp")]}
    result, raw = run(mcp_check, {"settings": settings, "servers": ["nope"]}, capsys)
    assert result["failed"] and not result["passed"]
    assert "nope: no such entry in managedMcpServers" in result["msg"]
    assert SECRET not in raw


def test_a_server_that_does_not_answer_fails_without_showing_its_header(capsys):
    settings = {"managedMcpServers": [_server("local", "http://127.0.0.1:%d/mcp" % closed_port())]}
    result, raw = run(mcp_check, {"settings": settings, "timeout": 5}, capsys)
    assert result["failed"] and result["msg"].startswith("MCP check failed: local: ")
    assert [s["name"] for s in result["servers"]] == ["local"] and not result["servers"][0]["passed"]
    assert result["summary"][-1] == "RESULT: FAILED (local)"
    assert SECRET not in raw
    # ansible-core 2.19 returns the invocation, 2.21 leaves it out: where it is there, the settings are hidden
    assert "invocation" not in result or result["invocation"]["module_args"]["settings"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def test_unreadable_entries_fail_with_a_masked_reason(capsys):
    result, raw = run(mcp_check, {"settings": {"managedMcpServers": "[not json " + SECRET}}, capsys)
    assert result["failed"] and result["msg"].startswith("managedMcpServers cannot be read: ")
    assert SECRET not in raw
