# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/mcp_server: the check of one managedMcpServers entry (the catalog names it)."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.mcp_server import check_mcp_server

from .helpers import context, found


def _check(item, siblings=None, path="m[0]"):
    ctx = context()
    check_mcp_server(ctx, item, path, False, siblings)
    return found(ctx)


def test_a_good_remote_and_a_good_stdio_entry():
    assert _check({"name": "docs", "transport": "http", "url": "https://mcp.example.test/mcp"}) == []
    assert _check({"name": "local", "transport": "stdio", "command": "/usr/bin/mcp", "args": ["-v"]}) == []
    assert _check({"name": "b", "server": "filesystem"}) == []
    assert _check("not an object") == []             # the type was reported by the list


def test_the_transport_decides_what_is_required_and_what_is_ignored():
    assert _check({"name": "a", "transport": "sse"}) == [("error", "m[0].url", "field_required")]
    assert _check({"name": "a", "transport": "stdio"}) == [("error", "m[0].command", "field_required")]
    assert _check({"name": "a", "transport": "http", "url": "https://x", "env": {}, "command": "c"}) == [
        ("warning", "m[0].command", "stdio_only"), ("warning", "m[0].env", "stdio_only")]
    assert _check({"name": "a", "server": "x", "transport": "http"}) == [
        ("warning", "m[0].transport", "builtin_transport")]
    assert _check({"name": "a", "url": "https://x"}) == [("warning", "m[0].transport", "deprecated_form")]


def test_names_are_unique_and_the_later_entry_is_named():
    siblings = [{"name": "a", "server": "x"}, {"name": "a", "server": "y"}]
    assert _check(siblings[0], siblings, "m[0]") == []
    assert _check(siblings[1], siblings, "m[1]") == [("error", "m[1].name", "unique")]


def test_oauth_rules():
    base = {"name": "a", "transport": "http", "url": "https://x"}
    assert _check(dict(base, oauth={"authorizationUrl": "https://as/auth"})) == [
        ("error", "m[0].oauth", "field_pair"), ("error", "m[0].oauth.clientId", "field_required")]
    assert _check(dict(base, oauth={"tenantId": "t", "clientId": "c"})) == [
        ("error", "m[0].oauth.scope", "field_required")]
    assert _check(dict(base, oauth={"clientId": "c", "clientSecret": "s"})) == [
        ("warning", "m[0].oauth.authorizationServer", "field_required")]
    assert _check(dict(base, oauth=True, headers={"X": "y"})) == [("warning", "m[0]", "oauth_headers")]
