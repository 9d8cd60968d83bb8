#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: mcp_check
short_description: Test the remote MCP servers of C(managedMcpServers) like the app's "Test this connection"
version_added: 0.2.0
description:
  - For each remote entry (C(transport) C(http), the default, or C(sse)) of C(managedMcpServers) in O(settings),
    runs the MCP handshake the app runs, C(initialize), the C(notifications/initialized) notification, then
    C(tools/list) (following C(nextCursor) up to 10 pages), over streamable HTTP (JSON or server-sent-event
    answers, the C(Mcp-Session-Id) and C(MCP-Protocol-Version) headers kept), with the entry's C(headers) or
    the output of its C(headersHelper) (run with no arguments, stdin closed, 30 s, no C(CLAUDE_HELPER_CONTEXT)).
  - Reports per entry the name the server gives itself, its version, the negotiated protocol version and the
    tool count; failures are explained (TLS, HTTP 401/403, not an MCP endpoint, wrong transport, JSON-RPC errors).
  - C(stdio) and built-in entries are listed in RV(notes) and not tested. OAuth sign-in is not performed; an
    C(oauth) entry is expected to answer 401, which is reported.
  - Header values (static or from the helper) are masked in every message, also in encoded forms.
  - Each request has one deadline of O(timeout) seconds; bodies are read up to 1 MiB.
author:
  - cowork3p.fleet maintainers (@cowork3p)
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: The module only sends the handshake, in check mode too.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in diff mode).
    support: none
options:
  settings:
    description:
      - The Claude Desktop settings document; C(managedMcpServers) (a list or its JSON string) is read.
    type: dict
    required: true
  servers:
    description:
      - Names of the entries to test. Default all remote entries.
    type: list
    elements: str
  ca_path:
    description:
      - PEM file of CA certificates to verify the servers with, instead of the system trust store.
    type: path
  validate_certs:
    description:
      - Verify the servers' TLS certificates.
    type: bool
    default: true
  timeout:
    description:
      - Seconds each request may take, from start to the end of its body or stream.
    type: int
    default: 30
seealso:
  - module: cowork3p.fleet.gateway_check
"""

EXAMPLES = r"""
- name: Test every managed MCP server from the controller
  cowork3p.fleet.mcp_check:
    settings: "{{ cowork3p_settings }}"
    ca_path: /etc/pki/corp-root-ca.pem
  delegate_to: localhost
  run_once: true
  register: mcp

- name: Test one server
  cowork3p.fleet.mcp_check:
    settings: "{{ cowork3p_settings }}"
    servers: [jira]
    timeout: 10
"""

RETURN = r"""
passed:
  description: True when every tested entry passed.
  returned: always
  type: bool
  sample: true
servers:
  description: One result per tested entry.
  returned: always
  type: list
  elements: dict
  sample:
    - name: docs
      url: https://mcp.example.corp/mcp
      transport: http
      passed: true
      kind: ok
      reason: "corp-docs (protocol 2025-06-18) lists 3 tools"
      server_name: corp-docs
      server_version: "1.2.0"
      protocol_version: "2025-06-18"
      tool_count: 3
      tools: [search, fetch, summarize]
      header_names: [X-Tenant]
notes:
  description: Entries not tested (stdio, built-in) and names asked for that do not exist.
  returned: always
  type: list
  elements: str
  sample: ["local-files: transport stdio is not remote; not tested"]
summary:
  description: One line per tested entry and a verdict.
  returned: always
  type: list
  elements: str
  sample: ["PASS docs: corp-docs (protocol 2025-06-18) lists 3 tools", "RESULT: PASSED"]
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.cowork3p.fleet.plugins.module_utils._gateway import secret_values
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import mask_encoded, substring_safe
from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper, _mcp
from ansible_collections.cowork3p.fleet.plugins.module_utils._http import make_http

NO_LOG_PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def main():
    module = AnsibleModule(
        argument_spec=dict(
            settings=dict(type="dict", required=True, no_log=True),
            servers=dict(type="list", elements="str"),
            ca_path=dict(type="path"),
            validate_certs=dict(type="bool", default=True),
            timeout=dict(type="int", default=30),
        ),
        supports_check_mode=True,
    )
    params = module.params
    settings = params["settings"]
    secrets = secret_values(None, settings)
    module.no_log_values = substring_safe(secrets)     # short ones: whole words only, by mask_encoded
    invocation = {"module_args": dict(params, settings=NO_LOG_PLACEHOLDER)}
    try:
        entries = _mcp.parse_entries(settings.get("managedMcpServers") or [])
    except ValueError as exc:
        module.fail_json(msg="managedMcpServers cannot be read: %s" % mask_encoded(str(exc), secrets)[:200],
                         changed=False, invocation=invocation)
    chosen, notes, unknown = _mcp.remote_entries(entries, params["servers"])
    notes += ["%s: no such entry in managedMcpServers" % name for name in unknown]
    http = make_http({"validate_certs": params["validate_certs"], "ca_path": params["ca_path"]}, _mcp.USER_AGENT)
    results = []

    def helper(path):
        headers, problem = _helper.run_headers_helper(path)
        if headers:
            module.no_log_values.update(substring_safe(headers.values()))
        return headers, problem

    for entry in chosen:
        results.append(_mcp.test_entry(entry, http, params["timeout"], secrets, helper, params["ca_path"]))
    failed = [r["name"] for r in results if not r["passed"]]
    summary = ["%s %s: %s" % ("PASS" if r["passed"] else "FAIL", r["name"], r["reason"]) for r in results]
    summary.append("RESULT: %s" % ("FAILED (%s)" % ", ".join(failed) if failed else "PASSED"))
    result = dict(passed=not failed and not unknown, servers=results, notes=notes, summary=summary, changed=False,
                  invocation=invocation)
    if failed or unknown:
        reasons = ["%s: %s" % (r["name"], r["reason"]) for r in results if not r["passed"]]
        reasons += ["%s: no such entry in managedMcpServers" % name for name in unknown]
        module.fail_json(msg="MCP check failed: %s" % "; ".join(reasons), **result)
    module.exit_json(msg="MCP check passed (%d server%s)" % (len(results), "" if len(results) == 1 else "s"), **result)


if __name__ == "__main__":
    main()
