# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rules that depend on the selected provider (reference sections 3.3 - 3.6, 3.8, 10, 13, 16), as plain functions.

Each rule takes the *normalised* settings (current key names, native values) and returns a list of Finding.
Where the reference marks a fact UNCONFIRMED, or two of its pages disagree (section 16), the finding is a
warning whose message says so; errors are kept for what the reference states, and for rules that protect the
admin rather than describe the app (they say so).
"""

from __future__ import annotations

import re
from typing import Callable, List, Mapping, NamedTuple, Optional
from urllib.parse import unquote, urlsplit

from ansible_collections.cowork3p.fleet.plugins.module_utils._urls import is_loopback, origin

ERROR = "error"
WARNING = "warning"

_SSO_KEYS = ("inferenceBedrockSsoStartUrl", "inferenceBedrockSsoRegion", "inferenceBedrockSsoAccountId",
             "inferenceBedrockSsoRoleName")
# The Bedrock credential order of the newest Bedrock page for Desktop 1.x (reference 3.3); the older page
# put the bearer token first, the 2.x page puts identity-provider sign-in before all of these.
BEDROCK_PRECEDENCE = ("in-app AWS sign-in (inferenceBedrockSso*)", "named profile (inferenceBedrockProfile)",
                      "credential helper (inferenceCredentialHelper)", "bearer token (inferenceBedrockBearerToken)")
# Family aliases that resolve only through discovery (reference 3.6): not opaque.
_FAMILY_ALIASES = ("sonnet", "opus", "haiku")
_CLAUDE = re.compile(r"claude", re.IGNORECASE)


class Finding(NamedTuple):
    level: str                # error | warning
    key: str
    value: Optional[str]      # the value to show (never a secret: these rules look at URLs, model IDs, hosts)
    rule: str
    message: str
    hint: str = ""


def _path(url: str) -> Optional[str]:
    """The decoded path of a URL ('' for none), or None when it does not parse."""
    try:
        return unquote(urlsplit(url).path)
    except ValueError:
        return None


# -- Bedrock ---------------------------------------------------------------------------------------------------
def bedrock_models_required(s: Mapping) -> List[Finding]:
    """Bedrock signing in with a named profile or AWS SSO has no model discovery: inferenceModels is required
    (reference 3.3 "Model list", 3.6, 12)."""
    if s.get("inferenceProvider") != "bedrock" or s.get("inferenceModels"):
        return []
    kind = s.get("inferenceCredentialKind")
    profile = "inferenceBedrockProfile" in s
    sso = any(key in s for key in _SSO_KEYS)
    if kind is None:
        used = sso or profile      # both come before the helper and the bearer token (1.x order)
    else:
        used = (kind == "vendor-profile" and profile) or (kind == "interactive" and sso)
    if not used:
        return []
    how = "AWS sign-in (inferenceBedrockSso*)" if sso and kind != "vendor-profile" else "a named profile"
    return [Finding(ERROR, "inferenceModels", None, "provider_required",
                    "is required when Bedrock signs in with %s: the app does not discover models then" % how,
                    "list the Bedrock inference-profile IDs or ARNs users may pick; the first is the default")]


def bedrock_ambiguous_credentials(s: Mapping) -> List[Finding]:
    """A bearer token and a named profile together without inferenceCredentialKind: which one is used changed
    between editions of the Bedrock page (reference 3.3, 16.7)."""
    if s.get("inferenceProvider") != "bedrock" or s.get("inferenceCredentialKind") is not None:
        return []
    if "inferenceBedrockBearerToken" not in s or "inferenceBedrockProfile" not in s:
        return []
    return [Finding(WARNING, "inferenceBedrockBearerToken", None, "ambiguous_credentials",
                    "is set together with inferenceBedrockProfile: the newest Bedrock page uses the first source "
                    "present in the order %s, so the profile wins; the older page put the bearer token first"
                    % " -> ".join(BEDROCK_PRECEDENCE),
                    "set inferenceCredentialKind (static for the token, vendor-profile for the profile), or remove "
                    "one of them")]


def bedrock_base_url_shape(s: Mapping) -> List[Finding]:
    """inferenceBedrockBaseUrl: the host origin for Bedrock (CFG), the SDK base URL ending in /anthropic for
    Mantle (MTL); the pages disagree (reference 3.3, 16.9)."""
    url = s.get("inferenceBedrockBaseUrl")
    provider = s.get("inferenceProvider")
    if not isinstance(url, str) or provider not in ("bedrock", "mantle"):
        return []
    path = _path(url)
    if path is None:
        return []       # the URL rules already said why
    path = path.rstrip("/")
    if provider == "bedrock" and path:
        return [Finding(WARNING, "inferenceBedrockBaseUrl", url, "base_url_shape",
                        "has the path %s, but the configuration reference asks for the host origin only for "
                        "Bedrock (the Mantle page gives a path; the pages disagree, so this is not enforced)" % path,
                        "use %s" % (origin(url) or "scheme://host[:port]"))]
    if provider == "mantle" and path.lower() != "/anthropic":
        return [Finding(WARNING, "inferenceBedrockBaseUrl", url, "base_url_shape",
                        "does not end in /anthropic: the Mantle page gives the full SDK base URL, e.g. "
                        "https://bedrock-mantle.<region>.api.aws/anthropic (the configuration reference says host "
                        "origin only; the pages disagree, so this is not enforced)",
                        "add /anthropic unless your endpoint documents another path")]
    return []


# -- Foundry ---------------------------------------------------------------------------------------------------
def foundry_one_credential(s: Mapping) -> List[Finding]:
    """Foundry takes exactly one credential source (reference 3.4, FDY)."""
    if s.get("inferenceProvider") != "foundry":
        return []
    found = []
    if "inferenceFoundryApiKey" in s:
        found.append("inferenceFoundryApiKey")
    if "inferenceFoundryTenantId" in s or "inferenceFoundryClientId" in s:
        found.append("Entra sign-in (inferenceFoundryTenantId/ClientId)")
    if "inferenceCredentialHelper" in s:
        found.append("inferenceCredentialHelper")
    if len(found) < 2:
        return []
    kind = s.get("inferenceCredentialKind")
    if kind is not None:
        return [Finding(WARNING, "inferenceProvider", "foundry", "credential_sources",
                        "Foundry has %d credential sources (%s); inferenceCredentialKind %s picks one and the "
                        "others are ignored" % (len(found), ", ".join(found), kind),
                        "remove the sources the kind does not use")]
    return [Finding(ERROR, "inferenceProvider", "foundry", "credential_sources",
                    "Foundry takes exactly one credential source, and %d are set: %s" % (len(found), ", ".join(found)),
                    "keep one of them (or set inferenceCredentialKind to pick one)")]


# -- gateway ---------------------------------------------------------------------------------------------------
def gateway_url_suffix(s: Mapping) -> List[Finding]:
    """A gateway URL ending in /v1: the app appends /v1/messages, yet the newest reference's own Linux example
    ends in /v1 (reference 3.5, 16.6): UNCONFIRMED, so a warning."""
    url = s.get("inferenceGatewayBaseUrl")
    if not isinstance(url, str):
        return []
    path = _path(url)
    if path is None or not path.rstrip("/").lower().endswith("/v1"):
        return []
    base = origin(url)
    fixed = base + path.rstrip("/")[:-3] if base and "@" not in url else None
    return [Finding(WARNING, "inferenceGatewayBaseUrl", url, "url_suffix",
                    "ends in /v1 and the app appends /v1/messages itself, so requests may go to .../v1/v1/messages "
                    "(UNCONFIRMED: the newest configuration reference's Linux example uses a /v1 suffix)",
                    ("use %s unless your gateway expects the suffix; cowork3p.fleet.gateway_check shows which path "
                     "answers" % fixed) if fixed else "check which path your gateway answers with gateway_check")]


# URL keys whose http:// form is refused to protect the admin (the credential would travel in clear text)
# rather than because the reference says the app refuses it (reference 3.5, 13.5, 16.6, 17).
ADMIN_HTTP_KEYS = ("inferenceGatewayBaseUrl",)


def insecure_http(key: str, url: str, allowed: bool, fixed: str = "the https:// form of the URL") -> Finding:
    """An http:// URL where https:// is asked for: loopback is a warning (whether the app refuses it is
    UNCONFIRMED, reference 13.5, 17); anywhere else an error that protects the admin, since the credential
    travels in clear text, unless the admin allows it explicitly (allow_insecure_http)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    if is_loopback(host):
        return Finding(WARNING, key, url, "https_url",
                       "uses http:// on a loopback address; whether the app accepts that is UNCONFIRMED",
                       "use https:// for anything deployed to a fleet")
    if allowed:
        return Finding(WARNING, key, url, "https_url",
                       "uses http:// on a network address, allowed by allow_insecure_http: requests and the "
                       "credential they carry travel in clear text",
                       "use https:// unless the network path is encrypted by other means")
    return Finding(ERROR, key, url, "https_url",
                   "must use https://: over http:// requests and the credential they carry travel in clear text "
                   "(a rule that protects you, not one the reference confirms for the app; set allow_insecure_http "
                   "to accept it)", "use %s" % fixed)


# -- workspace -------------------------------------------------------------------------------------------------
def egress_everything(s: Mapping) -> List[Finding]:
    """coworkEgressAllowedHosts ["*"] turns the network sandbox off (reference 3.8)."""
    hosts = s.get("coworkEgressAllowedHosts")
    if not isinstance(hosts, list) or "*" not in hosts:
        return []
    return [Finding(WARNING, "coworkEgressAllowedHosts", "*", "egress_everything",
                    "holds *, which lets agent tools reach every host: the network sandbox is off",
                    "list the hosts the agents need instead (exact hosts or *.domain)")]


# -- models ----------------------------------------------------------------------------------------------------
def model_ids_not_claude(s: Mapping) -> List[Finding]:
    """With discovery on, the picker lists only models whose IDs are recognisably Claude (reference 10); the
    exact test is not published (UNCONFIRMED), so a warning."""
    if s.get("modelDiscoveryEnabled") is not True or not isinstance(s.get("inferenceModels"), list):
        return []
    out = []
    for index, item in enumerate(s["inferenceModels"]):
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str) or _CLAUDE.search(name) or name.lower() in _FAMILY_ALIASES:
            continue
        out.append(Finding(WARNING, "inferenceModels[%d]" % index, name, "model_not_claude",
                           "does not look like a Claude model ID; with modelDiscoveryEnabled the picker shows only "
                           "recognisably Claude IDs, so it may be hidden (UNCONFIRMED: the exact test is not published)",
                           "use the provider's full Claude model ID, or leave modelDiscoveryEnabled unset so the "
                           "list is shown as given"))
    return out


RULES: List[Callable[[Mapping], List[Finding]]] = [
    bedrock_models_required, bedrock_ambiguous_credentials, bedrock_base_url_shape, foundry_one_credential,
    gateway_url_suffix, egress_everything, model_ids_not_claude,
]


def findings(settings: Mapping) -> List[Finding]:
    """Every provider rule's findings for normalised settings."""
    out = []
    for rule in RULES:
        out.extend(rule(settings))
    return out
