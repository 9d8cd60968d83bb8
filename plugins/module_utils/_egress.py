# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The egress list: every host one configuration needs to reach (reference section 14).

One line per host, sorted: ``host`` (``host:port`` when the port is not 443),
two spaces, ``# `` and the key or feature that needs it. The hosts come from

* every http(s) URL inside a value the app reads for the chosen provider (base
  URLs, OIDC issuers and endpoints, otlpEndpoint, remote MCP servers, plugin
  marketplaces, the bootstrap URL, ...): found by walking the document, so no
  list of URL keys is kept here;
* the provider's own endpoints derived from its region or resource (the rules
  below, from reference section 14);
* downloads.claude.ai, and the Anthropic hosts that telemetry, updates and
  non-essential services add unless the document turns them off.

The app's own window computes the authoritative list (TEL); the reference did
not read the full per-setting table, and the lines that rest on a host it does
not name say UNCONFIRMED.
"""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._urls import parts, url_strings


def _vertex_host(region):
    """Vertex AI endpoint of a region (reference 14): global, the eu/us multi-regions, or <region>-aiplatform."""
    if region == "global":
        return "aiplatform.googleapis.com"
    if region in ("eu", "us"):
        return "aiplatform.%s.rep.googleapis.com" % region
    return "%s-aiplatform.googleapis.com" % region


def _provider_hosts(s, provider, add):
    """Endpoints the provider's keys imply when no base URL replaces them."""
    if provider == "anthropic":
        add("api.anthropic.com", 443, "inferenceProvider anthropic (Claude API)")
    elif provider == "vertex":
        region = s.get("inferenceVertexRegion")
        if region and not s.get("inferenceVertexBaseUrl"):
            add(_vertex_host(region), 443, "inferenceVertexRegion")
        add("oauth2.googleapis.com", 443, "inferenceProvider vertex (Google token endpoint)")
    elif provider == "bedrock":
        region = s.get("inferenceBedrockRegion")
        if region and not s.get("inferenceBedrockBaseUrl"):
            add("bedrock-runtime.%s.amazonaws.com" % region, 443,
                "inferenceBedrockRegion (the standard AWS runtime endpoint; the reference does not name it: "
                "UNCONFIRMED)")
        sso_region = s.get("inferenceBedrockSsoRegion")
        if sso_region:
            add("oidc.%s.amazonaws.com" % sso_region, 443, "inferenceBedrockSsoRegion (AWS sign-in)")
            add("portal.sso.%s.amazonaws.com" % sso_region, 443, "inferenceBedrockSsoRegion (AWS sign-in)")
    elif provider == "mantle":
        region = s.get("inferenceBedrockRegion")
        if region and not s.get("inferenceBedrockBaseUrl"):
            add("bedrock-mantle.%s.api.aws" % region, 443, "inferenceBedrockRegion (Mantle)")
    elif provider == "foundry":
        resource = s.get("inferenceFoundryResource")
        if resource:
            add("%s.services.ai.azure.com" % resource.lower(), 443, "inferenceFoundryResource")
        if s.get("inferenceFoundryTenantId") or s.get("inferenceFoundryClientId"):
            add("login.microsoftonline.com", 443, "inferenceFoundryTenantId (Entra sign-in)")


def _anthropic_hosts(s, add):
    """Hosts the app itself adds (reference 14), unless the document turns the feature off."""
    add("downloads.claude.ai", 443, "VM bundle and CLI at session start (not needed with the offline installer)")
    updates = s.get("disableAutoUpdates") is not True
    if updates:
        if s.get("updateViaUpdatesHost") is True:
            add("releases.claude.com", 443, "updates (updateViaUpdatesHost)")
        else:
            add("api.anthropic.com", 443, "updates (disableAutoUpdates off; updateViaUpdatesHost moves them to "
                                          "releases.claude.com)")
    if s.get("disableNonessentialTelemetry") is not True:
        add("api.anthropic.com", 443, "nonessential telemetry (disableNonessentialTelemetry off)")
    if updates or s.get("disableEssentialTelemetry") is not True or s.get("disableNonessentialTelemetry") is not True:
        add("claude.ai", 443, "telemetry and updates (reference 14 names the host; which of them needs it is "
                              "UNCONFIRMED)")
    if s.get("disableNonessentialServices") is not True:
        add("*.claudemcpcontent.com", 443, "MCP Apps widgets (disableNonessentialServices off)")


def egress_hosts(settings: dict) -> list:
    """[(host[:port], [reasons])] sorted by host, for *normalised* settings."""
    found = {}

    def add(host, port, why):
        found.setdefault((host, port), [])
        if why not in found[(host, port)]:
            found[(host, port)].append(why)

    provider = settings.get("inferenceProvider")
    for key in sorted(settings):
        entry = BY_NAME.get(key)
        if entry is not None and entry["providers"] and provider not in entry["providers"]:
            continue    # the app ignores keys of other providers
        for path, url in url_strings(settings[key], key):
            split = parts(url)
            if split is not None:
                add(split[1], split[2], path)
    _provider_hosts(settings, provider, add)
    _anthropic_hosts(settings, add)
    return [(host if port == 443 else "%s:%d" % (host, port), sorted(reasons))
            for (host, port), reasons in sorted(found.items())]


def egress_text(settings: dict) -> str:
    """The egress list as written to <basename>.egress.txt (UTF-8, LF)."""
    return "".join("%s  # %s\n" % (host, "; ".join(reasons)) for host, reasons in egress_hosts(settings)).encode("utf-8")
