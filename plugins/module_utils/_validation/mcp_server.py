# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The catalog check "mcp_server": what the fields of one managed MCP server entry need from each other."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show

if TYPE_CHECKING:     # (for annotations only: fast_probe.py imports this module)
    from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast_probe import Probe


def check_mcp_server(ctx: Context | Probe, item: Any, path: str, secret: bool, siblings: list | None) -> None:
    if not isinstance(item, dict):
        return
    name = item.get("name")
    if siblings is not None and isinstance(name, str):
        names = [s.get("name") for s in siblings if isinstance(s, dict)]
        if names.count(name) > 1 and names.index(name) != int(path.rsplit("[", 1)[1][:-1]):
            ctx.error(path + ".name", show(name), "unique", "the name is used by another entry",
                      "give every managed MCP server a unique name")
    transport = item.get("transport")
    if item.get("server") is not None:
        if transport not in (None,):
            ctx.warn(path + ".transport", show(transport), "builtin_transport",
                     "built-in servers take no transport", "remove transport")
        return
    if transport is None:
        ctx.deprecation(path + ".transport", None, "deprecated_form",
                        "an entry that is not a built-in server and has no transport is deprecated",
                        catalog.DEPRECATION_CUTOFF, "add transport: http, sse or stdio")
        transport = "http"
    if transport == "builtin":
        return      # reported by the field's deprecated value
    if transport in ("http", "sse") and not item.get("url"):
        ctx.error(path + ".url", None, "field_required", "is required for transport %s" % transport)
    if transport == "stdio" and not item.get("command"):
        ctx.error(path + ".command", None, "field_required", "is required for transport stdio")
    if transport != "stdio":
        for field in ("command", "args", "env", "envHelper"):
            if field in item:
                ctx.warn("%s.%s" % (path, field), None, "stdio_only",
                         "is used only with transport stdio; the app ignores it here")
    oauth = item.get("oauth")
    if oauth not in (None, False) and ("headers" in item or "headersHelper" in item):
        ctx.warn(path, None, "oauth_headers",
                 "sets oauth together with headers/headersHelper; older releases treat these as exclusive, "
                 "and a helper never replaces Authorization on oauth entries")
    if isinstance(oauth, dict):
        _oauth(ctx, oauth, path)


def _oauth(ctx, oauth, path):
    if (oauth.get("clientSecret") or oauth.get("clientSecretHelper")) and not oauth.get("authorizationServer"):
        ctx.warn(path + ".oauth.authorizationServer", None, "field_required",
                 "should be set when a client secret is configured")
    if bool(oauth.get("authorizationUrl")) != bool(oauth.get("tokenUrl")):
        ctx.error(path + ".oauth", None, "field_pair", "authorizationUrl and tokenUrl go together")
    if oauth.get("authorizationUrl") and not oauth.get("clientId"):
        ctx.error(path + ".oauth.clientId", None, "field_required", "is required with authorizationUrl/tokenUrl")
    if oauth.get("tenantId") and not oauth.get("scope"):
        ctx.error(path + ".oauth.scope", None, "field_required", "is required with tenantId")
