# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cowork3p.fleet.mcp_check against a real MCP server (the mcp SDK, streamable HTTP over TLS with the lab CA),
started and stopped by PID on loopback: an open server, one that needs a header (static or from a
headersHelper), an HTML page that is not an MCP endpoint, a legacy SSE endpoint, and a TLS failure."""

from __future__ import annotations

import json
import os
import socket
import sys
import time

import pytest

from mcp_server import SERVER_NAME

HERE = os.path.dirname(os.path.abspath(__file__))
MCP_KEY = "mcp-lab-key-Vb73Nq2Lx9"

PLAYBOOK = """\
- hosts: all
  gather_facts: false
  tasks:
    - name: Test the MCP servers
      cowork3p.fleet.mcp_check:
        settings: "{{ case.settings }}"
        servers: "{{ case.servers | default(omit) }}"
        ca_path: "{{ case.ca_path | default(omit) }}"
        timeout: 20
      register: res
      ignore_errors: true
    - name: Keep the result
      ansible.builtin.copy:
        content: "{{ res | to_json }}"
        dest: "{{ out_dir }}/{{ inventory_hostname }}.json"
        mode: "0600"
      delegate_to: localhost
"""


@pytest.fixture(scope="module")
def mcp_server(lab_certs, lab_dir, gwlab):
    from conftest import free_port
    port = free_port()
    cmd = [sys.executable, os.path.join(HERE, "mcp_server.py"), "--port", str(port), "--cert",
           lab_certs["server"]["cert"], "--key-file", lab_certs["server"]["key"], "--key", MCP_KEY]
    proc = gwlab.start_process(cmd, lab_dir / "mcp.log")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the MCP server did not start: " + (lab_dir / "mcp.log").read_text()[-2000:])
                time.sleep(0.2)
        yield "https://127.0.0.1:%d" % port
    finally:
        gwlab.stop_process(proc)


@pytest.fixture(scope="module")
def results(mcp_server, lab_certs, run_ansible, tmp_path_factory):
    work = tmp_path_factory.mktemp("mcp")
    helper = str(work / "headers-helper")
    with open(helper, "w") as handle:
        handle.write("#!/bin/sh\n[ -z \"$CLAUDE_HELPER_CONTEXT\" ] && printf '{\"X-Lab-Key\": \"%s\"}'\n" % MCP_KEY)
    os.chmod(helper, 0o755)
    servers = [
        {"name": "open", "transport": "http", "url": mcp_server + "/mcp"},
        {"name": "with-header", "transport": "http", "url": mcp_server + "/secure/mcp", "headers": {"X-Lab-Key": MCP_KEY}},
        {"name": "with-helper", "url": mcp_server + "/secure/mcp", "headersHelper": helper},
        {"name": "no-header", "transport": "http", "url": mcp_server + "/secure/mcp"},
        {"name": "web-page", "transport": "http", "url": mcp_server + "/web"},
        {"name": "legacy", "transport": "http", "url": mcp_server + "/legacy"},
        {"name": "declared-sse", "transport": "sse", "url": mcp_server + "/mcp"},
        {"name": "local", "transport": "stdio", "command": "/usr/bin/true"},
    ]
    ca = lab_certs["ca"]
    cases = {
        "every": {"settings": {"managedMcpServers": json.dumps(servers)}, "ca_path": ca},
        "good": {"settings": {"managedMcpServers": servers}, "ca_path": ca, "servers": ["open", "with-header", "with-helper"]},
        "tls": {"settings": {"managedMcpServers": servers}, "servers": ["open"]},
    }
    inventory = {"all": {"hosts": {n: {"case": c, "ansible_connection": "local"} for n, c in cases.items()},
                         "vars": {"out_dir": str(work)}}}
    (work / "inv.json").write_text(json.dumps(inventory))
    (work / "play.yml").write_text(PLAYBOOK)
    proc = run_ansible(["-vvvv", "-i", work / "inv.json", work / "play.yml"])
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = {n: json.loads((work / ("%s.json" % n)).read_text()) for n in cases}
    out["_output"] = proc.stdout + proc.stderr
    return out


def by_name(res):
    return {s["name"]: s for s in res["servers"]}


def test_good_servers_report_name_protocol_and_tools(results):
    res = results["good"]
    assert res["passed"] is True, res.get("msg")
    for name in ("open", "with-header", "with-helper"):
        got = by_name(res)[name]
        assert got["passed"] and got["server_name"] == SERVER_NAME and got["tool_count"] == 2, got
        assert got["protocol_version"] and sorted(got["tools"]) == ["add", "echo"]
    assert by_name(res)["with-helper"]["header_names"] == ["X-Lab-Key"]


@pytest.mark.parametrize("name,kind,words", [
    ("no-header", "auth", "HTTP 401"),
    ("web-page", "not-mcp", "not an MCP endpoint"),
    ("legacy", "transport", "wrong transport"),
    ("declared-sse", "transport", "set transport: http"),
])
def test_failures_are_explained(results, name, kind, words):
    got = by_name(results["every"])[name]
    assert not got["passed"] and got["kind"] == kind and words in got["reason"], got
    assert results["every"]["failed"] is True


def test_stdio_entries_are_noted_not_tested(results):
    assert any(n.startswith("local: transport stdio") for n in results["every"]["notes"])
    assert "local" not in by_name(results["every"])


def test_tls_failure(results):
    got = by_name(results["tls"])["open"]
    assert not got["passed"] and "does not verify" in got["reason"], got


def test_header_value_never_shown(results):
    assert MCP_KEY not in results["_output"]
    assert MCP_KEY not in json.dumps({k: v for k, v in results.items() if k != "_output"})
