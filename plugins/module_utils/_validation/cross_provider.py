# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cross-key rules of the inference provider: it is set, its required keys and a credential source are set,
the keys of other providers are not. Same signature as cross_rules: ``rule(ctx, settings, given, present)``."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.cross_rules import condition, describe
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show

_PROVIDER_SCOPED = frozenset(name for name, entry in BY_NAME.items() if entry["providers"])
_APP_BEHAVIOR_KEYS = frozenset(catalog.APP_BEHAVIOR_KEYS)


def provider_set(ctx: Context, s: dict, given: set, present: set) -> None:
    if "inferenceProvider" in given:
        return
    only_app_behavior = present and present <= _APP_BEHAVIOR_KEYS
    if present and not only_app_behavior and "bootstrapUrl" not in present:
        ctx.error("inferenceProvider", None, "provider_required",
                  "is missing, so the app starts in standard (claude.ai) mode and ignores the other keys",
                  "set inferenceProvider to one of %s" % ", ".join(catalog.PROVIDERS))


def provider_keys(ctx: Context, s: dict, given: set, present: set) -> None:
    provider = s.get("inferenceProvider")
    if provider not in catalog.PROVIDERS:
        return
    info = catalog.PROVIDERS[provider]
    for key in info["required"]:
        if key not in present:
            ctx.error(key, None, "provider_required", "is required when inferenceProvider is %s" % provider,
                      BY_NAME[key]["doc"] if key in BY_NAME else "")
    kind = s.get("inferenceCredentialKind")
    if kind is not None:
        credential_kind(ctx, s, provider, kind)
    elif not any(all(condition(s, c) for c in alt) for alt in info["credentials"]):
        ctx.error("inferenceProvider", show(provider), "credential_required",
                  "%s needs a credential source and none is set" % info["label"], info["credential_hint"])
    for key in sorted(present & _PROVIDER_SCOPED):
        entry = BY_NAME[key]
        if provider not in entry["providers"]:
            ctx.warn(key, None, "other_provider", "belongs to %s, not to the selected provider %s; the app ignores it"
                     % (" / ".join(entry["providers"]), provider), "remove it, or check inferenceProvider")


def credential_kind(ctx: Context, s: dict, provider: str, kind: str) -> None:
    table = catalog.CREDENTIAL_KINDS.get(kind)
    if table is None:
        return      # an unknown kind was already reported by the enum rule
    needs = table.get(provider, table.get("*"))
    if needs is None:
        ctx.error("inferenceCredentialKind", show(kind), "credential_kind",
                  "%s does not apply to provider %s" % (kind, provider),
                  "use one of %s, or remove the key to let the app choose"
                  % ", ".join(k for k, t in catalog.CREDENTIAL_KINDS.items() if provider in t or "*" in t))
        return
    missing = [n for n in needs if not condition(s, n)]
    if missing:
        ctx.error("inferenceCredentialKind", show(kind), "credential_kind",
                  "%s with provider %s needs %s (when the kind is set the app uses only that source)"
                  % (kind, provider, ", ".join(describe(m) for m in missing)),
                  "set %s" % ", ".join(describe(m) for m in missing))
