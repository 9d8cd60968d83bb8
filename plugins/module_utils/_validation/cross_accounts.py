# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two cross-key rules of their own (not read from a catalog table), both about the account the app signs in
with: broker sign-in needs an Entra issuer; the automatic claude.ai import needs the organization's id. Same
signature as cross_rules.py: ``rule(ctx, settings, given, present)``."""

from __future__ import annotations

import re

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show

BROKER_KEYS = frozenset(("inferenceGatewayOidcAuthFlow",))
_ENTRA_ISSUER = re.compile(r"^https://login\.microsoftonline\.com/[^/]+/v2\.0/?$")


def broker_issuer(ctx: Context, s: dict, given: set, present: set) -> None:
    flow, oidc = s.get("inferenceGatewayOidcAuthFlow"), s.get("inferenceGatewayOidc")
    if flow == "broker" and isinstance(oidc, dict) and not _ENTRA_ISSUER.match(str(oidc.get("issuer") or "")):
        ctx.error("inferenceGatewayOidcAuthFlow", show(flow), "broker_issuer",
                  "broker sign-in works only with an Entra issuer https://login.microsoftonline.com/<tenant>/v2.0",
                  "use browser, or point issuer at Entra")


def claude_ai_import(ctx: Context, s: dict, given: set, present: set) -> None:
    for name, item in ctx.pending:
        if name == "claudeAiImport" and isinstance(item, dict) and item.get("automatic3pImport") \
                and "deploymentOrganizationUuid" not in present:
            ctx.error("claudeAiImport.automatic3pImport", "true", "requires",
                      "needs deploymentOrganizationUuid", "set deploymentOrganizationUuid on the device")
