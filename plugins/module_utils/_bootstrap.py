# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The document as a bootstrap server would serve it (reference section 11).

A bootstrap response is a flat JSON object of config key names. Some keys are
never accepted from it: the catalog marks them ``availability: mdm_only``
(bootstrapUrl, bootstrapOidc, bootstrapHeaders, bootstrapHeadersHelper,
bootstrapEnabled, trustBootstrapDelivery, egressProxyUrl, egressProxyPacUrl):
they belong in the MDM profile that points at the server, so they are left out
here with a warning. Values the app drops from a response are errors, so that
the served file never loses a setting silently:

* a loopback host (localhost, 127.0.0.0/8, ::1) in any URL;
* a managed MCP server entry with a URL (server, authorization server) that is
  not https://;
* without bootstrapOidc, a gateway, Vertex or Bedrock base URL whose origin is
  not the bootstrap URL's origin (origin pinning).
"""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._urls import is_loopback, origin, parts, url_strings
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import ERROR, WARNING, Problem, show

# Keys never accepted from a bootstrap response, from the catalog.
MDM_ONLY = frozenset(name for name, entry in BY_NAME.items() if entry["availability"] == "mdm_only")

# Base URLs the app pins to the bootstrap origin when there is no bootstrapOidc: the *BaseUrl keys of the
# gateway, Vertex and Bedrock sections of the catalog (reference 11).
PINNED = tuple(sorted(name for name, entry in BY_NAME.items()
                      if entry["section"] in ("connection.gateway", "connection.vertex", "connection.bedrock")
                      and name.endswith("BaseUrl")))

# Keys whose values are lists of MCP server entries (the catalog's mcp_server check).
MCP_KEYS = frozenset(name for name, entry in BY_NAME.items() if entry.get("check") == "mcp_server")


def bootstrap_settings(settings: dict, bootstrap_url: str | None = None) -> tuple:
    """(subset, problems) for *normalised* settings.

    subset: the keys a bootstrap response may carry; problems: Problem objects, errors
    for values the app would drop from a response, warnings for keys left out.
    bootstrap_url: the URL the devices fetch, when the document does not set bootstrapUrl.
    """
    problems = []
    subset = {}
    for key in sorted(settings):
        entry = BY_NAME.get(key)
        if key in MDM_ONLY:
            problems.append(Problem(WARNING, key, None, "bootstrap_excluded",
                                    "is never accepted from a bootstrap response; left out of the bootstrap file",
                                    "deliver it in the MDM profile (or registry/Linux file) that points at the server"))
            continue
        if entry is not None and entry["availability"] == "unknown":
            problems.append(Problem(WARNING, key, None, "bootstrap_unconfirmed",
                                    "whether a bootstrap response may carry this key is UNCONFIRMED; kept in the file"))
        subset[key] = settings[key]
        for path, url in url_strings(settings[key], key):
            found = parts(url)
            if found is not None and is_loopback(found[1]):
                problems.append(Problem(ERROR, path, show(url), "bootstrap_loopback",
                                        "a bootstrap response may not carry a loopback host; the app drops the value",
                                        "use a host name the devices reach, or deliver this key through MDM"))
            elif key in MCP_KEYS and found is not None and found[0] != "https":
                problems.append(Problem(ERROR, path, show(url), "bootstrap_mcp_https",
                                        "an MCP entry served by bootstrap must use https://; the app drops the entry",
                                        "use an https:// URL, or deliver the server through MDM"))
    problems.extend(_origin_problems(settings, subset, bootstrap_url))
    return subset, problems


def _origin_problems(settings, subset, bootstrap_url):
    source = "bootstrapUrl"
    url = settings.get("bootstrapUrl")
    if url is None and bootstrap_url:
        source, url = "bootstrap_url", bootstrap_url
    if url is None:
        return []
    pinned = origin(url)
    if pinned is None:
        return [Problem(ERROR, source, show(url), "https_url", "is not an http(s) URL with a host")]
    if settings.get("bootstrapOidc"):
        return []
    out = []
    for key in PINNED:
        if key in subset and origin(subset[key]) != pinned:
            out.append(Problem(ERROR, key, show(subset[key]), "bootstrap_origin",
                               "must share the bootstrap origin %s (from %s) when there is no bootstrapOidc; the app "
                               "drops it from the response" % (pinned, source),
                               "serve this key from the bootstrap origin, set bootstrapOidc, or deliver it through MDM"))
    return out
