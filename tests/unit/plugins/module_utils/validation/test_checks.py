# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checks the catalog names, called on their own."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.checks import CHECKS

from .helpers import context, found


@pytest.mark.parametrize("item, expected", [("*", []), ("*.example.com:443", []), ("a.example.com:99999", ["egress_host"]),
                                            ("[::1]", ["egress_host"]), ("-bad.example.com", ["egress_host"])])
def test_egress_host(item, expected):
    ctx = context()
    CHECKS["egress_host"](ctx, item, "coworkEgressAllowedHosts[0]", False, None)
    assert [rule for _level, _key, rule in found(ctx)] == expected


def test_mcp_server_names_are_unique_and_transports_need_their_fields():
    ctx = context()
    servers = [{"name": "a", "transport": "http", "url": "https://mcp.example.com"}, {"name": "a", "transport": "stdio"}]
    for index, server in enumerate(servers):
        CHECKS["mcp_server"](ctx, server, "managedMcpServers[%d]" % index, False, servers)
    assert found(ctx) == [("error", "managedMcpServers[1].name", "unique"),
                          ("error", "managedMcpServers[1].command", "field_required")]


def test_claude_ai_import_leaves_its_value_for_the_cross_key_rule():
    ctx = context()
    CHECKS["claude_ai_import"](ctx, {"automatic3pImport": True}, "claudeAiImport", False, None)
    assert ctx.pending == [("claudeAiImport", {"automatic3pImport": True})] and not ctx.problems


@pytest.mark.parametrize("item, expected", [({"enabled": True}, ["field_required"]), ({"enabled": True, "text": "x"}, [])])
def test_banner(item, expected):
    ctx = context()
    CHECKS["banner"](ctx, item, "banner", False, None)
    assert [rule for _level, _key, rule in found(ctx)] == expected
