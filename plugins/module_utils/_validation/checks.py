# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checks the catalog names ("check" / "item_check"): conditions between the fields of one value.

A check is ``check(ctx, item, path, secret, siblings)`` (siblings: the list holding the item, or None) and is
listed in CHECKS under the name the catalog uses. Adding one: a function here and one row in CHECKS."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.mcp_server import check_mcp_server
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.values import check_value

if TYPE_CHECKING:     # (for annotations only: fast_probe.py imports this module)
    from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast_probe import Probe

_HOST_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOST_RE = re.compile(r"^(\*\.)?%s(\.%s)*(:[0-9]{1,5})?$" % (_HOST_LABEL, _HOST_LABEL))


def check_oidc(ctx: Context | Probe, item: dict, path: str, secret: bool, siblings: list | None) -> None:
    if not item.get("issuer") and not (item.get("authorizationUrl") and item.get("tokenUrl")):
        ctx.error(path, None, "oidc_endpoints", "needs issuer, or both authorizationUrl and tokenUrl")
    if bool(item.get("authorizationUrl")) != bool(item.get("tokenUrl")):
        ctx.error(path, None, "field_pair", "authorizationUrl and tokenUrl go together")
    if item.get("bearerTokenType") == "access_token" and not item.get("scopes"):
        ctx.error(path + ".scopes", None, "field_required", "is required when bearerTokenType is access_token",
                  "add the scope your gateway expects in the access token")


def check_banner(ctx: Context | Probe, item: dict, path: str, secret: bool, siblings: list | None) -> None:
    if item.get("enabled") is True and not item.get("text"):
        ctx.error(path + ".text", None, "field_required", "is required when the banner is enabled")


def check_claude_ai_import(ctx: Context | Probe, item: Any, path: str, secret: bool, siblings: list | None) -> None:
    ctx.pending.append(("claudeAiImport", item))     # read by the cross-key rule claude_ai_import


def check_model(ctx: Context | Probe, item: Any, path: str, secret: bool, siblings: list | None) -> None:
    if isinstance(item, dict) and item.get("prefer1m") and not item.get("supports1m"):
        ctx.warn(path + ".prefer1m", "true", "needs_supports1m", "has no effect without supports1m: true")


def check_marketplace(ctx: Context | Probe, item: dict, path: str, secret: bool, siblings: list | None) -> None:
    source = item.get("source")
    if source == "github" and not item.get("repo"):
        ctx.error(path + ".repo", None, "field_required", "is required for source github")
    if source in ("git", "url") and not item.get("url"):
        ctx.error(path + ".url", None, "field_required", "is required for source %s" % source)
    if source == "url" and item.get("installationPreference") in ("auto_install", "required") \
            and not item.get("manifestSha256"):
        ctx.error(path + ".manifestSha256", None, "field_required", "is required for url sources installed automatically")


def check_egress_host(ctx: Context | Probe, item: str, path: str, secret: bool, siblings: list | None) -> None:
    if item == "*":
        return
    if ":" in item and item.count(":") > 1 or item.startswith("["):
        ctx.warn(path, show(item), "egress_host", "IPv6 literals are not supported; the app drops this entry")
        return
    if not _HOST_RE.match(item):
        ctx.warn(path, show(item), "egress_host",
                 "is not an exact host, *.domain or * (optionally with :port); the app drops this entry")
        return
    if ":" in item and not 1 <= int(item.rsplit(":", 1)[1]) <= 65535:
        ctx.warn(path, show(item), "egress_host", "has a port outside 1-65535; the app drops this entry")


def check_workspace_folder(ctx: Context | Probe, item: Any, path: str, secret: bool, siblings: list | None) -> None:
    if isinstance(item, str):
        rules = BY_NAME["allowedWorkspaceFolders"]["fields"]["path"]["rules"]
        check_value(ctx, "string", rules, item, path, secret)


CHECKS = {
    "workspace_folder": check_workspace_folder,
    "mcp_server": check_mcp_server,
    "oidc": check_oidc,
    "banner": check_banner,
    "claude_ai_import": check_claude_ai_import,
    "model": check_model,
    "marketplace": check_marketplace,
    "egress_host": check_egress_host,
}
