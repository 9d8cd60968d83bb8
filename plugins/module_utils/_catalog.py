# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The catalog of Claude Desktop managed-settings keys: data, in one place.

Everything that knows about a key (validation, encoding, rendering, import,
documentation) reads it from here; no other module hard-codes a key's type,
range or deprecation. Written from the project's reference
(``claude-desktop-3p.md`` and ``claude-desktop-3p-keys.yaml``).

Vocabulary of a key entry (a plain dict built by ``_key``):

name          the app's own key name (case-sensitive, exactly as the app reads it)
section       where the vendor's reference files it (connection, connection.gateway, ...)
type          string | boolean | integer | number | enum | string_list | object |
              object_list | unknown
              string_list / object / object_list travel as compact JSON inside one
              string in a plist or the registry, and as native JSON on Linux
              (_encode.linux_value).
doc           one line for humans
providers     None when every provider reads the key, else the tuple of
              ``inferenceProvider`` values that read it (the app ignores it otherwise)
allowed       enum values (type enum), or allowed items (type string_list)
allowed_strict  False when an unknown enum value / list item is only a warning
              (the allowed list is known to be stale)
default       the app's documented default (informational, never rendered)
secret        True when the value is a credential; shown as ******** everywhere
secret_values True for header-like maps whose *values* are credentials
since         first Desktop release that reads the key ("baseline" = always)
availability  mdm_and_bootstrap | mdm_only | unknown
confidence    reference  - a row in the vendor's configuration reference
              changelog  - only in the changelog / release notes (rules enforced)
              unconfirmed - the reference marks it UNCONFIRMED: every value rule
                            yields a warning, never an error
unconfirmed   free text: what exactly is unconfirmed (None when nothing is)
deprecated    None, or a dict: message, replacement (key name or None), cutoff
              (ISO-8601 UTC instant or None = no cut-off announced),
              removed_in (release that stopped reading it, or None)
deprecated_values  {value: {"replacement": ..., "message": ..., "cutoff": ...}}
aliases       {old_name: {...}} older spellings, each with its own life (see _alias):
              since (first release reading the old name), renamed_in (first release
              reading the new name), refused_from (first release that stops reading
              the old name once cutoff has passed), cutoff, after_cutoff (what the app
              does then), unconfirmed (what the reference does not state, or None)
read_from     where the app reads the key, release by release: a tuple of steps
              (release, sources), oldest first; sources from READ_SOURCES. None =
              from since on, every source its availability allows (see read_steps)
read_from_unconfirmed  what the reference leaves open about read_from (or None)
rules         dict of value rules, see RULES below
fields        for object / object_list: {field_name: field spec}; a field spec uses
              the same vocabulary as a key (type, allowed, required, secret, since,
              rules, fields, deprecated, doc). A field may also have the type
              boolean_or_object (true, or an object described by its own fields).
              Unknown fields inside a value are tolerated (not an error).
items         object_list only: "object" (default) or "string_or_object"
sources       reference tags (CFG, CHG, REL, GW, BDR, ...) of claude-desktop-3p.md

RULES (all optional):
url           "https" or "http_or_https"; URLs never carry user:password@
url_origin    True: scheme://host[:port] only, no path
url_no_suffix tuple of path suffixes that are an error (with the corrected value)
url_no_query  True: no ?query or #fragment (a base URL the app appends paths to)
path          "absolute": absolute path, no leading ~, no environment variables
no_arguments  True: an executable run without arguments (no " -flag" tokens)
min / max     numeric range, inclusive
min_length    characters (1 = must not be empty)
max_length    characters
single_line   True: no line breaks
pattern       regular expression the whole value must match; pattern_hint explains it
item_pattern  regular expression for every item of a string_list
value_type    type of every value of an object (e.g. "string" for header maps)
header_map    True: the deprecated "Name=value,..." string and ["Name: value"] list
              forms are recognised (deprecated, see HEADER_FORM_DEPRECATION)
no_credential_headers  True: warn when a header name looks like a credential
item_check    name of a check in _validation.checks.CHECKS run on every item of a list

Besides rules, an entry or field may name a ``check`` (a function of
_validation.checks.CHECKS for conditions between the fields of one value, e.g. an MCP
server's transport and url), and an object_list key may carry
``legacy_record_form`` (the hint shown for its deprecated object form).
value_allowed tuple of the values every value of an object may take (policy maps)
value_deprecated  {old_value: replacement, or {replacement, message}}: values still accepted but deprecated until
              DEPRECATION_CUTOFF (replacement None = no direct replacement). On an
              object it applies to every value of the object, on a string/enum field
              to the value itself; a value listed here is accepted even when it is not
              in allowed / value_allowed.
"""

from __future__ import annotations

# The deprecation programme of v1.40609.0 ends at 2026-10-07 12:00 Pacific
# (PDT, UTC-7), i.e. 19:00 UTC.
DEPRECATION_CUTOFF = "2026-10-07T19:00:00Z"

# The release whose deprecation programme applies DEPRECATION_CUTOFF: releases from it stop reading the old
# names and forms once the cut-off has passed; older releases have no cut-off (reference 2, 13.12).
DEPRECATION_RELEASE = "1.40609.0"

# Where the app reads a key (reference 1.1, 1.2 and the "Avail" column of section 3):
#   mdm        a managed source: the macOS profile, the Windows policy key, the Linux managed file
#   local      the per-user configLibrary the in-app window writes
#   bootstrap  a bootstrap response (what the changelog calls the "served" configuration)
READ_SOURCES = ("mdm", "local", "bootstrap")
_MDM_LOCAL = ("mdm", "local")

# CHG 1.25927.0 made several device keys bootstrap-deliverable (reference 16.4); before it they were MDM only.
BOOTSTRAP_DELIVERY_RELEASE = "1.25927.0"
_MDM_ONLY_BEFORE_1_25927 = ("the reference says MDM only in earlier editions without naming the release; "
                            "1.25927.0 (which made several device keys bootstrap-deliverable) is assumed")


def _mdm_then_everywhere(since, release=BOOTSTRAP_DELIVERY_RELEASE):
    """read_from of a key read from MDM (and the local file) since ``since``, and from bootstrap too from
    ``release`` on."""
    return ((since, _MDM_LOCAL), (release, READ_SOURCES))


HEADER_FORM_DEPRECATION = {
    "message": "header maps written as a 'Name=value,...' string or a ['Name: value'] list are deprecated",
    "cutoff": DEPRECATION_CUTOFF,
}

# Values of inferenceProvider, and what each provider needs to switch the app
# into third-party mode (reference sections 1.3 and 13.2).
#   required     every key listed must be present
#   credentials  alternatives; one of them must be fully present (all keys of
#                the tuple). An empty tuple among them means "nothing needed".
#   credential_hint  the sentence an admin reads when none is present
PROVIDERS = {
    "gateway": {
        "label": "LLM gateway",
        "required": ("inferenceGatewayBaseUrl",),
        "credentials": (
            ("inferenceGatewayApiKey",),
            ("inferenceCredentialHelper",),
            ("inferenceCredentialKind=interactive",),
            ("inferenceCredentialKind=external-idp", "inferenceIdpOidc"),
        ),
        "credential_hint": "set inferenceGatewayApiKey (a placeholder if the gateway trusts the network), "
                           "inferenceCredentialHelper, or inferenceCredentialKind: interactive for sign-in",
    },
    "anthropic": {
        "label": "Claude API",
        "required": (),
        "credentials": (
            ("inferenceAnthropicApiKey",),
            ("inferenceCredentialHelper",),
            (),
        ),
        "credential_hint": "set inferenceAnthropicApiKey or inferenceCredentialHelper "
                           "(without either, users sign in through the browser)",
    },
    "bedrock": {
        "label": "Amazon Bedrock",
        "required": ("inferenceBedrockRegion",),
        "credentials": (
            ("inferenceBedrockBearerToken",),
            ("inferenceBedrockProfile",),
            ("inferenceBedrockSsoStartUrl", "inferenceBedrockSsoRegion",
             "inferenceBedrockSsoAccountId", "inferenceBedrockSsoRoleName"),
            ("inferenceCredentialHelper",),
            ("inferenceCredentialKind=external-idp", "inferenceIdpOidc", "inferenceBedrockBaseUrl"),
        ),
        "credential_hint": "set inferenceBedrockBearerToken, inferenceBedrockProfile, all four "
                           "inferenceBedrockSso* keys, inferenceCredentialHelper, or external-idp sign-in",
    },
    "mantle": {
        "label": "Amazon Bedrock Mantle",
        "required": ("inferenceBedrockRegion", "inferenceModels"),
        "credentials": (
            ("inferenceBedrockBearerToken",),
            ("inferenceCredentialHelper",),
        ),
        "credential_hint": "set inferenceBedrockBearerToken or inferenceCredentialHelper",
    },
    "vertex": {
        "label": "Google Vertex AI",
        "required": ("inferenceVertexProjectId", "inferenceVertexRegion", "inferenceModels"),
        "credentials": ((),),   # application default credentials are the fallback
        "credential_hint": "",
    },
    "foundry": {
        "label": "Microsoft Foundry",
        "required": ("inferenceFoundryResource", "inferenceModels"),
        "credentials": (
            ("inferenceFoundryApiKey",),
            ("inferenceFoundryTenantId", "inferenceFoundryClientId"),
            ("inferenceCredentialHelper",),
        ),
        "credential_hint": "set inferenceFoundryApiKey, inferenceFoundryTenantId with inferenceFoundryClientId, "
                           "or inferenceCredentialHelper",
    },
}

# Keys that must be set together (all or none).
KEY_GROUPS = (
    {
        "keys": ("inferenceBedrockSsoStartUrl", "inferenceBedrockSsoRegion",
                 "inferenceBedrockSsoAccountId", "inferenceBedrockSsoRoleName"),
        "why": "AWS sign-in needs all four inferenceBedrockSso* keys; a partial set does not enable it",
    },
    {
        "keys": ("inferenceFoundryTenantId", "inferenceFoundryClientId"),
        "why": "Entra sign-in for Foundry needs both the tenant ID and the client ID",
    },
    {
        "keys": ("inferenceVertexOAuthClientId", "inferenceVertexOAuthClientSecret"),
        "why": "Google sign-in needs both the OAuth client ID and its secret",
    },
)

# A key (optionally only with a given value, "when") needs other keys.
# "key=value" compares the encoded string form ("true", "interactive", ...).
DEPENDENCIES = (
    {"key": "inferenceMaxTokensPerWindow", "requires": ("inferenceTokenWindowHours",), "level": "error",
     "why": "the token cap is inert without a window length"},
    {"key": "inferenceGatewayOidc", "requires": ("inferenceCredentialKind=interactive",), "level": "error",
     "why": "the identity provider is used only for interactive sign-in"},
    {"key": "inferenceIdpOidc", "requires": ("inferenceCredentialKind=external-idp",), "level": "warning",
     "why": "identity-provider sign-in is used only with the external-idp credential kind"},
    {"key": "modelDiscoveryEnabled", "when": False, "requires": ("inferenceModels",), "level": "error",
     "why": "with discovery off the picker is exactly inferenceModels (full model IDs)"},
    {"key": "inferenceModelPricing", "requires": ("inferenceModelPricingEnabled=true",), "level": "warning",
     "why": "since 1.44121.1 pricing rates apply only while inferenceModelPricingEnabled is true"},
    {"key": "inferenceModelPricingMultiplier", "requires": ("inferenceModelPricingEnabled=true",), "level": "warning",
     "why": "since 1.44121.1 the multiplier applies only while inferenceModelPricingEnabled is true"},
    {"key": "deploymentDisplaySubtitle", "requires": ("deploymentDisplayName",), "level": "warning",
     "why": "the subtitle is shown only together with a display name"},
    {"key": "inferenceGatewayOidcAuthFlow", "requires": ("inferenceGatewayOidc",), "level": "warning",
     "why": "the flow applies only to sign-in through inferenceGatewayOidc"},
    {"key": "inferenceVertexWorkforceOidc", "requires": ("inferenceVertexWorkforceAudience",), "level": "error",
     "why": "Workforce sign-in needs the workforce pool provider audience"},
)

# A key (optionally with a value) that clashes with others.
#   level "deprecated": a combination deprecated with a cut-off (warning, then error)
CONFLICTS = (
    {"key": "toolSearchEnabled", "when": True, "conflicts": ("inferenceProvider=vertex",), "level": "error",
     "why": "tool search sends experimental beta fields that Vertex rejects",
     "hint": "leave toolSearchEnabled unset or false on Vertex"},
    {"key": "egressProxyPacUrl", "conflicts": ("egressProxyUrl",), "level": "warning",
     "why": "the PAC file wins and egressProxyUrl is ignored"},
    {"key": "inferenceCredentialHelper",
     "conflicts": ("inferenceGatewayApiKey", "inferenceAnthropicApiKey", "inferenceBedrockBearerToken",
                   "inferenceFoundryApiKey"),
     "level": "warning", "why": "the helper's credential wins and the static key is ignored"},
    {"key": "inferenceVertexCredentialsFile", "conflicts": ("inferenceVertexOAuthClientId",), "level": "warning",
     "why": "Google sign-in is disabled while a credentials file is set"},
    {"key": "inferenceVertexWorkforceAudience", "conflicts": ("inferenceCredentialKind=interactive",),
     "level": "deprecated", "cutoff": DEPRECATION_CUTOFF,
     "why": "Workforce sign-in now has its own kind", "hint": "set inferenceCredentialKind: workforce"},
)

# When inferenceCredentialKind is set the app uses only that source (no
# fallback): kind -> provider ("*" = any) -> keys that source needs. A provider
# missing from a kind's table cannot use that kind.
CREDENTIAL_KINDS = {
    "static": {
        "gateway": ("inferenceGatewayApiKey",),
        "anthropic": ("inferenceAnthropicApiKey",),
        "bedrock": ("inferenceBedrockBearerToken",),
        "mantle": ("inferenceBedrockBearerToken",),
        "foundry": ("inferenceFoundryApiKey",),
        "vertex": ("inferenceVertexCredentialsFile",),
    },
    "helper-script": {"*": ("inferenceCredentialHelper",)},
    "interactive": {
        "gateway": (),
        "anthropic": (),
        "bedrock": ("inferenceBedrockSsoStartUrl", "inferenceBedrockSsoRegion",
                    "inferenceBedrockSsoAccountId", "inferenceBedrockSsoRoleName"),
        "vertex": ("inferenceVertexOAuthClientId", "inferenceVertexOAuthClientSecret"),
        "foundry": ("inferenceFoundryTenantId", "inferenceFoundryClientId"),
    },
    "vendor-profile": {"bedrock": ("inferenceBedrockProfile",), "vertex": ()},
    "oauth": {"vertex": ("inferenceVertexOAuthClientId", "inferenceVertexOAuthClientSecret")},
    "workforce": {"vertex": ("inferenceVertexWorkforceAudience", "inferenceVertexWorkforceOidc")},
    "external-idp": {
        "bedrock": ("inferenceIdpOidc", "inferenceBedrockBaseUrl", "inferenceModels"),
        "gateway": ("inferenceIdpOidc",),
    },
}

# Values that need a newer release than their key: (key, value) -> release.
VALUE_SINCE = {
    ("inferenceCredentialKind", "external-idp"): "2.7032.0",
}

# The three surfaces; at least one must stay on (else the app re-enables Cowork).
SURFACE_KEYS = ("coworkTabEnabled", "isClaudeCodeForDesktopEnabled", "chatTabEnabled")

# Keys that form the "app-behavior" group: a managed source holding only these
# does not take the device over (reference 1.2).
APP_BEHAVIOR_KEYS = ("disableAutoUpdates", "autoUpdaterEnforcementHours", "updateViaUpdatesHost",
                     "egressProxyUrl", "egressProxyPacUrl")

# Human titles of the sections a key's "section" names (and of their parents), after the sidebar of the
# newest configuration reference (reference section 3): used for the categories of generated templates.
SECTION_TITLES = {
    "connection": "Connection",
    "connection.anthropic": "Claude API",
    "connection.models": "Models",
    "connection.bedrock": "Amazon Bedrock and Bedrock Mantle",
    "connection.foundry": "Microsoft Foundry",
    "connection.gateway": "LLM gateway",
    "connection.vertex": "Google Vertex AI",
    "workspace": "Workspace",
    "workspace.code": "Code sessions over SSH",
    "workspace.retention": "Session retention",
    "connectors": "Connectors",
    "telemetry_updates": "Telemetry and updates",
    "telemetry_updates.otlp": "OpenTelemetry export",
    "limits": "Limits",
    "appearance": "Appearance",
    "plugins": "Plugins",
    "source": "Source",
    "source.bootstrap": "Bootstrap",
    "unconfirmed_third_party": "Seen only in third-party material",
}

# Publication date of the newest release notes the catalog was written from (v1.52386.x, reference section 0):
# the "last modified" date of catalog-wide artifacts, which must not depend on the clock.
REFERENCE_DATE = "2026-09-11T00:00:00Z"


def _key(name, type, section, doc, **kw):  # pylint: disable=redefined-builtin
    entry = {
        "name": name,
        "type": type,
        "section": section,
        "doc": doc,
        "providers": None,
        "allowed": None,
        "allowed_strict": True,
        "default": None,
        "secret": False,
        "secret_values": False,
        "since": "baseline",
        "availability": "mdm_and_bootstrap",
        "confidence": "reference",
        "unconfirmed": None,
        "deprecated": None,
        "deprecated_values": {},
        "aliases": {},
        "read_from": None,
        "read_from_unconfirmed": None,
        "rules": {},
        "fields": None,
        "items": "object",
        "check": None,
        "legacy_record_form": None,
        "sources": (),
    }
    unknown = set(kw) - set(entry)
    if unknown:
        raise ValueError("catalog entry %s: unknown attributes %s" % (name, sorted(unknown)))
    entry.update(kw)
    return entry


def _alias(since, renamed_in, after_cutoff, unconfirmed=None):
    """The life of an old key name: read from ``since``; the new name is read from ``renamed_in`` (None: the
    reference does not say, the new key's own since applies); refused by DEPRECATION_RELEASE and newer once
    DEPRECATION_CUTOFF has passed, after which ``after_cutoff`` describes what the app does."""
    return {"since": since, "renamed_in": renamed_in, "refused_from": DEPRECATION_RELEASE,
            "cutoff": DEPRECATION_CUTOFF, "after_cutoff": after_cutoff, "unconfirmed": unconfirmed}


def _field(type, **kw):  # pylint: disable=redefined-builtin
    spec = {"type": type, "required": False, "secret": False, "since": None, "allowed": None,
            "rules": {}, "fields": None, "deprecated": None, "doc": "", "check": None}
    unknown = set(kw) - set(spec)
    if unknown:
        raise ValueError("catalog field: unknown attributes %s" % sorted(unknown))
    spec.update(kw)
    return spec


_OIDC_FIELDS = {
    "clientId": _field("string", required=True, doc="OAuth client ID"),
    "issuer": _field("string", rules={"url": "https", "url_no_suffix": ("/.well-known/openid-configuration",)},
                     doc="issuer base URL (no /.well-known suffix)"),
    "authorizationUrl": _field("string", rules={"url": "https"}),
    "tokenUrl": _field("string", rules={"url": "https"}),
    "bearerTokenType": _field("enum", allowed=("id_token", "access_token")),
    "scopes": _field("string"),
    "appendOfflineAccess": _field("boolean"),
    "resource": _field("string", since="1.30096.1"),
    "redirectPort": _field("integer", rules={"min": 1, "max": 65535}),
    "additionalRedirectReferrerHosts": _field("string"),
}


def _deprecated(message, replacement=None, cutoff=DEPRECATION_CUTOFF, removed_in=None):
    return {"message": message, "replacement": replacement, "cutoff": cutoff, "removed_in": removed_in}


_HEX_COLOUR = r"^#[0-9A-Fa-f]{6}$"
_GCP_PROJECT = r"^[a-z0-9][a-z0-9.:-]*$"

# OIDC sign-in blocks that are not gateway SSO (Vertex workforce, bootstrap):
# fewer fields than _OIDC_FIELDS and no documented required field.
_WORKFORCE_OIDC_FIELDS = {
    "clientId": _field("string", doc="OAuth client ID at your IdP"),
    "issuer": _field("string", rules={"url": "https"}, doc="issuer URL used for OIDC discovery"),
    "authorizationUrl": _field("string", rules={"url": "https"}, doc="with tokenUrl, instead of issuer"),
    "tokenUrl": _field("string", rules={"url": "https"}, doc="with authorizationUrl, instead of issuer"),
    "scopes": _field("string", doc="space-separated; default 'openid profile email offline_access'"),
    "redirectPort": _field("integer", rules={"min": 1, "max": 65535}, doc="fixed loopback port; unset = any free port"),
    "omitOfflineAccess": _field("boolean", since="1.17377.1", doc="do not request offline_access"),
    "additionalRedirectReferrerHosts": _field("string", doc="space-separated host names"),
}

_BOOTSTRAP_OIDC_FIELDS = {
    "clientId": _field("string", doc="OAuth client ID at your IdP"),
    "issuer": _field("string", rules={"url": "https"}, doc="issuer URL used for OIDC discovery"),
    "authorizationUrl": _field("string", rules={"url": "https"}, doc="with tokenUrl, instead of issuer"),
    "tokenUrl": _field("string", rules={"url": "https"}, doc="with authorizationUrl, instead of issuer"),
    "scopes": _field("string", doc="space-separated; the token audience must match the bootstrap server"),
    "redirectPort": _field("integer", rules={"min": 1, "max": 65535}, doc="fixed loopback port; unset = any free port"),
    "additionalRedirectReferrerHosts": _field("string", doc="space-separated host names"),
}

_MCP_OAUTH_FIELDS = {
    "clientId": _field("string", doc="pre-registered OAuth client ID"),
    "clientSecret": _field("string", secret=True, doc="client secret for confidential IdPs"),
    "clientSecretHelper": _field("string", rules={"path": "absolute", "no_arguments": True},
                                 doc="executable printing {\"clientSecret\": ...}; overrides clientSecret (managed config only)"),
    "authorizationServer": _field("string_list", doc="issuer URLs; needed when a client secret is set (CFG-old)"),
    "authorizationUrl": _field("string", rules={"url": "https"}, doc="for IdPs without discovery; needs tokenUrl and clientId"),
    "tokenUrl": _field("string", rules={"url": "https"}, doc="for IdPs without discovery; needs authorizationUrl and clientId"),
    "tenantId": _field("string", doc="single-tenant Entra ID; needs scope"),
    "authFlow": _field("enum", allowed=("browser", "broker"), since="1.25927.0"),
    "scope": _field("string", doc="one space-separated string (a list is deprecated); required with tenantId"),
    "scopes": _field("unknown", deprecated=_deprecated("oauth.scopes is deprecated; use oauth.scope (one space-separated string)",
                                                       replacement="scope")),
    "appendOfflineAccess": _field("boolean"),
    "callbackHost": _field("enum", allowed=("127.0.0.1", "localhost"), doc="default 127.0.0.1"),
    "callbackPort": _field("integer", rules={"min": 1024, "max": 65535}, doc="default 53280"),
    "additionalRedirectReferrerHosts": _field("string", doc="space-separated host names"),
    "mode": _field("enum", allowed=("hosted",), since="1.32885.1",
                   doc="hosted = Anthropic-hosted client identity (needs Claude.ai sign-in)"),
}

_MCP_SERVER_FIELDS = {
    "name": _field("string", required=True, doc="unique across entries; keys tool policy and sign-in state"),
    "transport": _field("enum", allowed=("http", "sse", "stdio"),
                        rules={"value_deprecated": {"builtin": {
                            "replacement": None,
                            "message": "use server: microsoft365, websearch or github without a transport"}}},
                        doc="omit for built-in servers; a custom server without transport is deprecated"),
    "url": _field("string", rules={"url": "https"}, doc="required for http and sse"),
    "headers": _field("object", secret=True, rules={"value_type": "string"},
                      doc="static headers (CFG-old: not together with oauth)"),
    "headersHelper": _field("string", rules={"path": "absolute", "no_arguments": True},
                            doc="executable printing a flat JSON header object"),
    "headersHelperTtlSec": _field("integer", rules={"min": 1}, doc="default 300"),
    "headersHelperRefreshBufferSec": _field("integer", since="1.21459.0", rules={"min": 0}, doc="default 60"),
    "oauth": _field("boolean_or_object", fields=_MCP_OAUTH_FIELDS,
                    doc="true = dynamic client registration; a number or string is deprecated"),
    "toolPolicy": _field("object", rules={"value_type": "string", "value_allowed": ("allow", "ask", "blocked"),
                                          "value_deprecated": {"ask-session": "ask"}},
                         doc="tool name (* wildcards allowed) -> allow | ask | blocked"),
    "command": _field("string", rules={"path": "absolute", "no_arguments": True}, doc="required for stdio"),
    "args": _field("string_list", doc="stdio only"),
    "env": _field("object", secret=True, rules={"value_type": "string"}, doc="stdio only"),
    "envHelper": _field("string", since="1.21459.0", rules={"path": "absolute", "no_arguments": True},
                        doc="executable printing environment variables as JSON (stdio)"),
    "envHelperTtlSec": _field("integer", since="1.21459.0", rules={"min": 1}, doc="default 300"),
    "startupTimeoutSec": _field("integer", since="1.19367.0", rules={"min": 1}, doc="default 120"),
    "server": _field("enum", allowed=("microsoft365", "websearch", "github"),
                     doc="built-in connector instead of a transport (websearch since 1.15962.0, github since 1.25927.0)"),
    "tenantId": _field("string", doc="microsoft365"),
    "clientId": _field("string", doc="microsoft365 / github (your OAuth app with device flow)"),
    "azureCloud": _field("enum", allowed=("global", "us-gov-high", "us-gov-dod"), doc="microsoft365"),
    "scope": _field("string", doc="microsoft365"),
    "scopes": _field("unknown", deprecated=_deprecated("the scopes list is deprecated; use scope", replacement="scope")),
    "authorityHost": _field("string", deprecated=_deprecated("authorityHost is deprecated; use azureCloud",
                                                             replacement="azureCloud")),
    "source": _field("unknown", deprecated=_deprecated("the source field is deprecated; remove it")),
    "provider": _field("enum", allowed=("brave", "tavily", "exa", "custom"), doc="websearch"),
    "customUrl": _field("string", doc="websearch with provider custom: POST endpoint taking {q}"),
    "host": _field("string", doc="github: GitHub Enterprise Server base URL"),
    "toolsets": _field("string", doc="github: comma-separated toolsets"),
    "readOnly": _field("boolean", doc="github"),
}

_UNCONFIRMED_3RD = "seen only in third-party material; no official page documents the key, its type or where it is read"

KEYS = (
    # ================================================================ connection
    _key("inferenceProvider", "enum", "connection",
         "Selects the inference provider; setting it turns on third-party mode.",
         allowed=("gateway", "anthropic", "bedrock", "mantle", "vertex", "foundry"),
         sources=("CFG",)),
    _key("inferenceCredentialKind", "enum", "connection",
         "Pins the one credential source the app uses (no fallback to others); unset = derived from the keys present.",
         allowed=("static", "helper-script", "interactive", "vendor-profile", "workforce", "external-idp"),
         since="1.8555.0",
         unconfirmed="external-idp is documented only on the Bedrock page and needs Desktop 2.7032.0",
         deprecated_values={
             "oauth": {"replacement": "interactive", "cutoff": DEPRECATION_CUTOFF,
                       "message": "Vertex Google sign-in is now inferenceCredentialKind: interactive"},
         },
         sources=("CFG", "CHG", "BDR", "GW")),
    _key("inferenceCustomHeaders", "object", "connection",
         "Extra headers on every inference and model-discovery request (routing/tenant values only).",
         secret_values=True, since="1.8089.0",
         rules={"value_type": "string", "header_map": True, "no_credential_headers": True},
         aliases={"inferenceGatewayHeaders": _alias("baseline", "1.8089.0", "no custom headers are sent")},
         sources=("CFG", "CHG")),
    _key("inferenceSessionLifetimeSec", "integer", "connection",
         "Seconds a sign-in stays valid; a re-authenticate banner appears before it runs out.",
         since="1.14271.0", rules={"min": 1},
         sources=("CFG", "CHG")),
    _key("inferenceCredentialHelper", "string", "connection",
         "Absolute path of an executable that prints the credential; run without arguments.",
         rules={"path": "absolute", "no_arguments": True},
         read_from=_mdm_then_everywhere("baseline"),
         sources=("CFG", "HELPER", "CHG")),
    _key("inferenceCredentialHelperTtlSec", "integer", "connection",
         "Seconds the helper's output is cached; 120 or less skips the per-turn expiry check.",
         default=3600, rules={"min": 1},
         read_from=_mdm_then_everywhere("baseline"),
         sources=("CFG", "HELPER")),
    _key("inferenceCredentialHelperTimeoutSec", "integer", "connection",
         "Maximum helper run time in seconds (mid-session refreshes are capped at 20 s).",
         default=60, since="1.8089.0", rules={"min": 1, "max": 600},
         read_from=_mdm_then_everywhere("1.8089.0"),
         sources=("CFG", "HELPER")),
    _key("inferenceCredentialHelperSilentRefreshEnabled", "boolean", "connection",
         "Re-run the helper silently when a credential expires mid-session; false shows an expiry prompt instead.",
         default=True, since="1.10628.0",
         read_from=_mdm_then_everywhere("1.10628.0"),
         sources=("CFG", "HELPER")),
    _key("userContentRendererUrl", "string", "connection",
         "HTTPS origin of the renderer used for artifact and file previews.",
         since="1.24012.0", rules={"url": "https", "url_origin": True},
         sources=("CFG", "CHG")),
    _key("inferenceStreamIdleTimeoutSec", "integer", "connection",
         "Extra wait while a stream only sends keep-alive pings (gateway only).",
         providers=("gateway",), default=300, since="1.44121.1", confidence="changelog",
         rules={"min": 300, "max": 1800}, sources=("CHG", "REL")),
    _key("inferenceAnthropicApiKey", "string", "connection.anthropic",
         "Claude API key; leave unset (or use a helper) to let users fetch a key through browser sign-in.",
         providers=("anthropic",), secret=True, since="1.8089.0",
         sources=("CFG", "API", "CFG-old")),

    # ========================================================= connection.models
    _key("inferenceModels", "object_list", "connection.models",
         "Models offered in the picker, exactly as the provider names them; the first entry is the default.",
         items="string_or_object",
         fields={
             "name": _field("string", required=True, doc="the model ID sent to the provider"),
             "labelOverride": _field("string", doc="display name only"),
             "supports1m": _field("boolean", doc="adds a 1M-context row (asserted, not probed)"),
             "prefer1m": _field("boolean", since="1.21459.0", doc="the 1M row becomes the default; needs supports1m"),
             "anthropicFamilyTier": _field("enum", allowed=("sonnet", "opus", "haiku", "fable", "mythos"),
                                           doc="the app silently drops an unknown value"),
             "isFamilyDefault": _field("boolean"),
         },
         check="model", sources=("CFG", "CFG-old", "CHG", "GW")),
    _key("modelDiscoveryEnabled", "boolean", "connection.models",
         "Fill the picker from the provider's model-list endpoint; false requires inferenceModels with full IDs.",
         since="1.8089.0",
         sources=("CFG", "CFG-old")),
    _key("modelPrefer1mContext", "boolean", "connection.models",
         "Without a saved user choice, start on the 1M-context variant of the default model.",
         default=False, since="1.28929.0",
         sources=("CFG", "CHG", "REL")),
    _key("inferenceModelPricingEnabled", "boolean", "connection.models",
         "Show an estimated list-price cost on the usage page; the other pricing keys apply only while it is true.",
         default=False, since="1.37937.0", confidence="changelog",
         sources=("CHG", "REL")),
    _key("inferenceModelPricingMultiplier", "number", "connection.models",
         "Factor between 0 and 1 applied to every cost estimate.",
         since="1.37937.0", confidence="changelog", rules={"min": 0, "max": 1},
         sources=("CHG", "REL")),
    _key("inferenceModelPricing", "object_list", "connection.models",
         "Per-model prices (per million tokens) used for the cost estimates.",
         since="1.37937.0", confidence="changelog",
         fields={
             "name": _field("string", doc="model ID the rates apply to"),
             "inputPerMtok": _field("number"),
             "outputPerMtok": _field("number"),
             "cacheReadPerMtok": _field("number"),
             "cacheWritePerMtok": _field("number"),
         },
         sources=("CHG", "REL")),

    # ======================================================== connection.bedrock
    _key("inferenceBedrockRegion", "string", "connection.bedrock",
         "AWS region of the Bedrock or Mantle runtime endpoint, e.g. us-west-2.",
         providers=("bedrock", "mantle"),
         sources=("CFG", "BDR-old", "MTL")),
    _key("inferenceBedrockBaseUrl", "string", "connection.bedrock",
         "Endpoint override (VPC/PrivateLink or proxy): host origin for Bedrock, full base URL with /anthropic for Mantle.",
         providers=("bedrock", "mantle"), rules={"url": "https"},
         sources=("CFG", "BDR-old", "MTL", "BDR")),
    _key("inferenceBedrockServiceTier", "enum", "connection.bedrock",
         "Bedrock service tier sent as X-Amzn-Bedrock-Service-Tier; unset = on-demand.",
         providers=("bedrock",), allowed=("flex", "priority"), since="1.5186.0",
         sources=("CFG",)),
    _key("inferenceBedrockBearerToken", "string", "connection.bedrock",
         "Static Bedrock API key or Mantle bearer token.",
         providers=("bedrock", "mantle"), secret=True,
         sources=("CFG", "BDR", "MTL")),
    _key("inferenceBedrockSsoStartUrl", "string", "connection.bedrock",
         "IAM Identity Center access-portal URL for in-app AWS sign-in (set with the other three Sso keys).",
         providers=("bedrock",), since="1.6259.0", rules={"url": "https"},
         sources=("CFG", "BDR")),
    _key("inferenceBedrockSsoRegion", "string", "connection.bedrock",
         "Home region of IAM Identity Center (set with the other three Sso keys).",
         providers=("bedrock",), since="1.6259.0",
         sources=("CFG", "BDR")),
    _key("inferenceBedrockSsoAccountId", "string", "connection.bedrock",
         "AWS account ID used for in-app AWS sign-in (set with the other three Sso keys).",
         providers=("bedrock",), since="1.6259.0",
         rules={"pattern": r"^[0-9]{12}$", "pattern_hint": "a 12-digit AWS account ID"},
         sources=("CFG", "BDR")),
    _key("inferenceBedrockSsoRoleName", "string", "connection.bedrock",
         "Permission-set (role) name that allows bedrock:InvokeModel* (set with the other three Sso keys).",
         providers=("bedrock",), since="1.6259.0",
         sources=("CFG", "BDR")),
    _key("inferenceBedrockProfile", "string", "connection.bedrock",
         "AWS named profile to use; needs AWS CLI v2 and an AWS config on the device.",
         providers=("bedrock",),
         read_from=_mdm_then_everywhere("baseline"),
         sources=("CFG", "BDR")),
    _key("inferenceBedrockAwsDir", "string", "connection.bedrock",
         "Folder holding the AWS config and credentials files.",
         providers=("bedrock",), default="~/.aws",
         read_from=_mdm_then_everywhere("baseline"),
         sources=("CFG", "BDR-old")),
    _key("inferenceBedrockAwsCliPath", "string", "connection.bedrock",
         "Absolute path of the aws executable; unset = the first aws on PATH.",
         providers=("bedrock",), since="1.13576.0", rules={"path": "absolute"},
         read_from=_mdm_then_everywhere("1.13576.0"),
         sources=("CFG", "BDR")),
    _key("inferenceIdpOidc", "object", "connection.bedrock",
         "Identity-provider sign-in (inferenceCredentialKind: external-idp), same fields as inferenceGatewayOidc.",
         providers=("bedrock", "gateway"), since="2.7032.0", availability="unknown", confidence="unconfirmed",
         unconfirmed="no reference row; only the Desktop 2.x Bedrock page and third-party sources (for gateways) describe it",
         fields=_OIDC_FIELDS,
         check="oidc", sources=("BDR", "3RD")),
    _key("inferenceIdpAuthFlow", "enum", "connection.bedrock",
         "Sign-in flow for inferenceIdpOidc; broker uses the operating system's Entra broker.",
         providers=("bedrock", "gateway"), allowed=("browser", "broker"), allowed_strict=False,
         since="2.7032.0", availability="unknown", confidence="unconfirmed",
         unconfirmed="no reference row; only 'broker' is documented (Bedrock page), 'browser' is assumed by analogy",
         sources=("BDR",)),

    # ======================================================== connection.foundry
    _key("inferenceFoundryResource", "string", "connection.foundry",
         "Foundry resource name; the endpoint becomes <resource>.services.ai.azure.com.",
         providers=("foundry",),
         sources=("CFG", "FDY")),
    _key("inferenceFoundryApiKey", "string", "connection.foundry",
         "Foundry resource key.",
         providers=("foundry",), secret=True,
         sources=("CFG", "FDY")),
    _key("inferenceFoundryTenantId", "string", "connection.foundry",
         "Entra directory (tenant) ID; with the client ID it enables in-app Entra sign-in.",
         providers=("foundry",), since="1.9255.0",
         read_from=_mdm_then_everywhere("1.9255.0"),
         read_from_unconfirmed="the Foundry page still says MDM only; the newest reference says MDM and bootstrap",
         sources=("CFG", "FDY", "CHG")),
    _key("inferenceFoundryClientId", "string", "connection.foundry",
         "Entra application (client) ID for in-app sign-in; device code needs public client flows allowed.",
         providers=("foundry",), since="1.9255.0",
         read_from=_mdm_then_everywhere("1.9255.0"),
         read_from_unconfirmed="the Foundry page still says MDM only; the newest reference says MDM and bootstrap",
         sources=("CFG", "FDY", "CHG")),
    _key("inferenceFoundryAuthFlow", "enum", "connection.foundry",
         "Entra sign-in flow for Foundry (broker is not available on Linux).",
         providers=("foundry",), allowed=("device-code", "browser", "broker"), default="device-code",
         since="1.19367.0",
         sources=("CFG", "CHG")),

    # ======================================================== connection.gateway
    _key("inferenceGatewayBaseUrl", "string", "connection.gateway",
         "Full gateway URL; the app appends /v1/messages itself.",
         providers=("gateway",),
         rules={"url": "https", "url_no_suffix": ("/v1/messages", "/"), "url_no_query": True},
         unconfirmed="https is stated only by the older gateway page, and whether managed http:// loopback URLs are refused is "
                     "open (loopback http is a warning). The newest reference's Linux example shows a /v1 suffix although the "
                     "app appends /v1/messages; a /v1 suffix is a warning (_providers.gateway_url_suffix)",
         sources=("CFG", "GW", "GW-old")),
    _key("inferenceGatewayApiKey", "string", "connection.gateway",
         "Static gateway credential, sent per inferenceGatewayAuthScheme; use a placeholder if the gateway needs none.",
         providers=("gateway",), secret=True, rules={"min_length": 1},
         sources=("CFG", "GW", "GW-old")),
    _key("inferenceGatewayAuthScheme", "enum", "connection.gateway",
         "How the gateway credential is sent: Authorization: Bearer, or x-api-key.",
         providers=("gateway",), allowed=("bearer", "x-api-key"), default="bearer", since="1.3036.0",
         deprecated_values={
             "sso": {"replacement": None, "cutoff": DEPRECATION_CUTOFF,
                     "message": "use inferenceCredentialKind: interactive instead"},
             "auto": {"replacement": "bearer", "cutoff": DEPRECATION_CUTOFF,
                      "message": "remove the key (bearer is the default) or set bearer"},
         },
         sources=("CFG", "GW", "CHG")),
    _key("inferenceGatewayOidc", "object", "connection.gateway",
         "External identity provider for gateway sign-in (needs inferenceCredentialKind: interactive).",
         providers=("gateway",), since="1.6889.0", fields=_OIDC_FIELDS,
         check="oidc", sources=("CFG", "GW", "CHG")),
    _key("inferenceGatewayOidcAuthFlow", "enum", "connection.gateway",
         "Gateway sign-in flow; broker needs an Entra issuer and is not available on Linux.",
         providers=("gateway",), allowed=("browser", "broker"), default="browser", since="1.25927.0",
         sources=("CFG", "CHG")),

    # ========================================================= connection.vertex
    _key("inferenceVertexProjectId", "string", "connection.vertex",
         "Google Cloud project ID that hosts the Vertex AI models.",
         providers=("vertex",),
         rules={"pattern": _GCP_PROJECT, "pattern_hint": "lowercase letters, digits, '.', ':' and '-', starting with a letter or digit"},
         sources=("CFG", "VTX-old", "CHG")),
    _key("inferenceVertexRegion", "string", "connection.vertex",
         "Vertex AI region, e.g. us-east5, or global where the model supports it.",
         providers=("vertex",),
         sources=("CFG", "VTX-old")),
    _key("inferenceVertexBaseUrl", "string", "connection.vertex",
         "Private Service Connect endpoint that replaces the public regional endpoint.",
         providers=("vertex",), rules={"url": "https"},
         sources=("CFG", "VTX-old")),
    _key("inferenceVertexCredentialsFile", "string", "connection.vertex",
         "Absolute path of a Google credentials JSON file (no ~ or variables); setting it disables Google sign-in.",
         providers=("vertex",), rules={"path": "absolute"},
         read_from=_mdm_then_everywhere("baseline"),
         sources=("CFG", "VTX-old")),
    _key("inferenceVertexOAuthClientId", "string", "connection.vertex",
         "Desktop-app OAuth client ID for Sign in with Google (set with the client secret).",
         providers=("vertex",),
         sources=("CFG", "VTX-old")),
    _key("inferenceVertexOAuthClientSecret", "string", "connection.vertex",
         "Secret of the Google OAuth client (set with the client ID).",
         providers=("vertex",), secret=True,
         sources=("CFG", "VTX-old")),
    _key("inferenceVertexOAuthScopes", "string", "connection.vertex",
         "Space-separated OAuth scopes requested at Google sign-in.",
         providers=("vertex",), default="openid email https://www.googleapis.com/auth/cloud-platform",
         sources=("CFG", "VTX-old")),
    _key("inferenceVertexOAuthLoginHint", "string", "connection.vertex",
         "Pre-fills Google's account chooser; {username} becomes the OS login name.",
         providers=("vertex",), since="1.12603.0",
         sources=("CFG", "CHG")),
    _key("inferenceVertexWorkforceAudience", "string", "connection.vertex",
         "Workforce Identity pool provider audience; switches sign-in to your IdP plus a Google STS exchange.",
         providers=("vertex",), since="1.10628.0",
         sources=("CFG", "CHG")),
    _key("inferenceVertexWorkforceUserProject", "string", "connection.vertex",
         "Project billed for STS quota; unset = inferenceVertexProjectId.",
         providers=("vertex",), since="1.10628.0",
         rules={"pattern": _GCP_PROJECT, "pattern_hint": "lowercase letters, digits, '.', ':' and '-', starting with a letter or digit"},
         sources=("CFG", "CHG")),
    _key("inferenceVertexWorkforceOidc", "object", "connection.vertex",
         "Your identity provider for Workforce Identity sign-in.",
         providers=("vertex",), since="1.10628.0", fields=_WORKFORCE_OIDC_FIELDS,
         sources=("CFG", "CHG")),
    _key("inferenceVertexWorkforceAuthFlow", "enum", "connection.vertex",
         "Workforce sign-in flow; broker needs an Entra issuer and is not available on Linux.",
         providers=("vertex",), allowed=("browser", "broker"), default="browser", since="1.25927.0",
         sources=("CFG", "CHG")),

    # ================================================================= workspace
    _key("disableDeploymentModeChooser", "boolean", "workspace",
         "Hide the option to sign in to Claude.ai instead of using third-party inference.",
         default=False, since="1.3834.0",
         read_from=_mdm_then_everywhere("1.3834.0"), read_from_unconfirmed=_MDM_ONLY_BEFORE_1_25927,
         sources=("CFG", "CHG")),
    _key("disableDeepLinkRegistration", "boolean", "workspace",
         "Do not register the app as the claude:// link handler.",
         default=False, since="1.6889.0",
         read_from=_mdm_then_everywhere("1.6889.0"), read_from_unconfirmed=_MDM_ONLY_BEFORE_1_25927,
         sources=("CFG", "CHG")),
    _key("chatTabEnabled", "boolean", "workspace",
         "Offer the Chat surface (opt-in).",
         default=False, since="1.13576.0",
         sources=("CFG", "CFG-old", "CHG")),
    _key("chatAdvancedFileAnalysisEnabled", "boolean", "workspace",
         "Analyse attached files in a local sandbox without network access.",
         default=False, since="1.14271.0",
         sources=("CFG", "CHG")),
    _key("isClaudeCodeForDesktopEnabled", "boolean", "workspace",
         "Offer the Code surface; false stops Code sessions from starting at all.",
         default=True,
         sources=("CFG",)),
    _key("coworkTabEnabled", "boolean", "workspace",
         "Offer the Cowork surface; if Cowork, Code and Chat are all off the app turns Cowork back on.",
         default=True, since="1.9659.0",
         sources=("CFG", "CFG-old")),
    _key("disabledBuiltinTools", "string_list", "workspace",
         "Built-in tools removed entirely.",
         allowed=("Bash", "Read", "Write", "Edit", "Glob", "Grep", "NotebookEdit", "WebFetch", "WebSearch",
                  "Task", "TodoWrite", "TaskCreate", "TaskUpdate", "TaskGet", "TaskList", "TaskStop", "Skill",
                  "REPL", "JavaScript", "AskUserQuestion", "ToolSearch", "SendUserMessage"),
         allowed_strict=False, default=(),
         unconfirmed="the list of tool names comes from the older reference edition only",
         sources=("CFG", "CFG-old")),
    _key("builtinToolPolicy", "object", "workspace",
         "Per built-in tool (or argument-scoped rule such as Bash(curl *)) approval: allow or ask.",
         default={}, since="1.8089.0",
         rules={"value_type": "string", "value_allowed": ("allow", "ask"), "value_deprecated": {"ask-session": "ask"}},
         sources=("CFG", "CFG-old", "CHG")),
    _key("autoModeEnabled", "boolean", "workspace",
         "Offer Auto mode in Code and automatic approval in Cowork.",
         default=False, since="1.10628.0",
         sources=("CFG",)),
    _key("disableBypassPermissionsMode", "boolean", "workspace",
         "Remove the bypass-permissions mode from Code and Cowork.",
         since="1.46388.1", confidence="changelog",
         sources=("CHG", "REL")),
    _key("toolSearchEnabled", "boolean", "workspace",
         "Load MCP tool schemas on demand (sends beta request fields; never enable on Vertex).",
         default=False, since="1.21459.0",
         sources=("CFG", "CHG")),
    _key("disableBundledSkills", "boolean", "workspace",
         "Turn off Claude Code's bundled skills and workflows.",
         since="1.15962.0",
         sources=("CFG", "CHG")),
    _key("skillCreationEnabled", "boolean", "workspace",
         "Allow creating and uploading skills; false hides these controls and tools.",
         default=True, since="1.25927.0",
         sources=("CFG", "CHG")),
    _key("allowedWorkspaceFolders", "object_list", "workspace",
         "Folders (with subfolders) that Cowork and Code may work in; unset = unrestricted.",
         items="string_or_object",
         fields={
             "path": _field("string", required=True,
                            rules={"pattern": r"^(~([/\\].*)?|%(OneDrive|OneDriveCommercial|OneDriveConsumer|APPDATA|LOCALAPPDATA"
                                              r"|USERNAME|XDG_DOCUMENTS_DIR)%.*|/.*|[A-Za-z]:[/\\].*|\\\\.*)$",
                                   "pattern_hint": "an absolute path, or one starting with ~ or with %OneDrive%, %OneDriveCommercial%, "
                                                   "%OneDriveConsumer%, %APPDATA%, %LOCALAPPDATA%, %USERNAME% or %XDG_DOCUMENTS_DIR%"},
                            doc="absolute path; any other %VAR% makes the app ignore the entry"),
             "isDefaultSelected": _field("boolean"),
             "mode": _field("enum", allowed=("rw", "ro"), since="1.26832.0", doc="read-write or read-only"),
         },
         check="workspace_folder", sources=("CFG", "CFG-old", "CHG")),
    _key("blockReadsOutsideWorkingDirectories", "boolean", "workspace",
         "Code sessions may read only inside the session folder and allowedWorkspaceFolders.",
         since="1.46388.1", confidence="changelog",
         sources=("CHG", "REL")),
    _key("coworkEgressAllowedHosts", "string_list", "workspace",
         "Hosts agent tools may reach (exact host, *.domain or *, optional :port); unset = inference endpoint only.",
         rules={"item_check": "egress_host"},
         sources=("CFG", "CFG-old")),
    _key("requireCoworkFullVmSandbox", "boolean", "workspace",
         "Deprecated: formerly required the full VM sandbox for Cowork.",
         default=False,
         deprecated={"message": "deprecated in the configuration reference; do not set it", "replacement": None,
                     "cutoff": None, "removed_in": None},
         sources=("CFG", "CHG")),
    _key("skipWebFetchPreflight", "boolean", "workspace",
         "Code sessions skip the api.anthropic.com check before fetching a web page.",
         default=False, since="1.37937.0", confidence="changelog",
         sources=("CHG", "REL")),
    _key("organizationInstructions", "string", "workspace",
         "Text appended to the system prompt in Chat, Cowork and Code (guidance, not enforcement).",
         since="1.37937.0", confidence="changelog", rules={"max_length": 3000},
         sources=("CHG", "REL")),
    _key("egressProxyUrl", "string", "workspace",
         "HTTP(S) proxy for the app's traffic; unset = the OS proxy settings; ignored from bootstrap.",
         since="1.44121.1", availability="mdm_only", confidence="changelog",
         rules={"url": "http_or_https"},
         sources=("CHG", "REL", "PROXY")),
    _key("egressProxyPacUrl", "string", "workspace",
         "URL of a PAC file; wins over egressProxyUrl; ignored from bootstrap.",
         since="1.44121.1", availability="mdm_only", confidence="changelog",
         rules={"url": "http_or_https"},
         sources=("CHG", "REL", "PROXY")),
    _key("coworkVmIpv6Enabled", "boolean", "workspace",
         "Give the Cowork VM IPv6 connectivity (macOS and Windows).",
         default=False, since="1.52386.0", availability="unknown", confidence="unconfirmed",
         unconfirmed="known only from the v1.52386.0 release notes; no reference row",
         sources=("REL",)),
    _key("betaFeaturesEnabled", "boolean", "workspace",
         "Deprecated in the release that added it; do not set it.",
         default=True, since="1.14271.0", availability="unknown",
         deprecated={"message": "added and deprecated in 1.14271.0; do not set it", "replacement": None,
                     "cutoff": None, "removed_in": None},
         sources=("CFG-old", "CHG")),
    _key("chatCodeExecutionEnabled", "boolean", "workspace",
         "Code execution in Chat (older reference only; apparently superseded by chatAdvancedFileAnalysisEnabled).",
         default=False, since=None, availability="unknown", confidence="unconfirmed",
         unconfirmed="only in the older reference edition; whether current releases still read it is unknown",
         sources=("CFG-old",)),

    # ============================================================ workspace.code
    _key("sshHostAllowlist", "string_list", "workspace.code",
         "Hosts Code may open SSH sessions to (beta); [\"*\"] = any host, [] keeps SSH off.",
         since="1.40609.0", confidence="changelog",
         sources=("CHG", "REL")),
    _key("sshClientPath", "string", "workspace.code",
         "Absolute path of the ssh client for Code sessions (beta); unset = first ssh on PATH.",
         since="1.46388.1", confidence="changelog", rules={"path": "absolute"},
         sources=("CHG", "REL")),
    _key("sshTransport", "enum", "workspace.code",
         "SSH implementation for Code sessions on remote hosts (beta).",
         allowed=("system-openssh", "builtin", "auto"), since="1.52386.0", availability="unknown",
         confidence="unconfirmed", unconfirmed="known only from the v1.52386.0 release notes; no reference row",
         sources=("REL",)),

    # ======================================================= workspace.retention
    _key("chatSessionRetentionDays", "integer", "workspace.retention",
         "Days after which Chat sessions are deleted automatically; unset = kept.",
         since="1.52386.0", availability="unknown", confidence="unconfirmed",
         unconfirmed="known only from the v1.52386.0 release notes; type and availability not in a reference row",
         rules={"min": 1, "max": 3650},
         sources=("REL",)),
    _key("coworkSessionRetentionDays", "integer", "workspace.retention",
         "Days after which Cowork sessions are deleted automatically; unset = kept.",
         since="1.52386.0", availability="unknown", confidence="unconfirmed",
         unconfirmed="known only from the v1.52386.0 release notes; type and availability not in a reference row",
         rules={"min": 1, "max": 3650},
         sources=("REL",)),
    _key("codeSessionRetentionDays", "integer", "workspace.retention",
         "Days after which Code sessions are deleted automatically; unset = kept.",
         since="1.52386.0", availability="unknown", confidence="unconfirmed",
         unconfirmed="known only from the v1.52386.0 release notes; type and availability not in a reference row",
         rules={"min": 1, "max": 3650},
         sources=("REL",)),
    _key("sessionRetentionHold", "boolean", "workspace.retention",
         "Legal hold that suspends automatic session deletion.",
         since="1.52386.0", availability="unknown", confidence="unconfirmed",
         unconfirmed="known only from the v1.52386.0 release notes, which do not state its type (boolean assumed)",
         sources=("REL",)),

    # ================================================================ connectors
    _key("claudeAiImport", "object", "connectors",
         "Import from (and export to) a Claude.ai account (bootstrap-only before 1.25927.0).",
         fields={
             "enabled": _field("boolean", since="1.28929.0", doc="default false"),
             "exportEnabled": _field("boolean", since="1.32352.0", doc="default false"),
             "bannerBehavior": _field("enum", allowed=("off", "detect", "show"), since="1.28929.0", doc="default off"),
             "automatic3pImport": _field("boolean", since="1.44121.1", doc="beta; needs deploymentOrganizationUuid"),
             "url": _field("string", doc="older bootstrap-only shape"),
             "oauthIssuer": _field("string", doc="older bootstrap-only shape"),
             "oauthClientId": _field("string", doc="older bootstrap-only shape"),
         },
         read_from=(("baseline", ("bootstrap",)), (BOOTSTRAP_DELIVERY_RELEASE, READ_SOURCES)),
         check="claude_ai_import", sources=("CFG", "CHG")),
    _key("microsoftAuthBroker", "enum", "connectors",
         "Whether Microsoft 365 sign-in may use the OS broker; disabled forces the browser.",
         allowed=("auto", "disabled"), default="auto", since="1.19367.0",
         read_from=_mdm_then_everywhere("1.19367.0"), read_from_unconfirmed=_MDM_ONLY_BEFORE_1_25927,
         sources=("CFG", "CHG")),
    _key("isDesktopExtensionEnabled", "boolean", "connectors",
         "Allow .dxt/.mcpb desktop extension installs (default false since 1.19367.0).",
         default=False,
         aliases={"isDxtEnabled": _alias(
             "baseline", None, "the old name is unreadable, so extensions are disabled",
             "the release that introduced isDesktopExtensionEnabled is not in the reference")},
         sources=("CFG", "CHG")),
    _key("isDesktopExtensionSignatureRequired", "boolean", "connectors",
         "Reject unsigned desktop extensions.",
         default=False,
         aliases={"isDxtSignatureRequired": _alias(
             "baseline", None, "the old name is no longer read, so signatures are not required",
             "the release that introduced isDesktopExtensionSignatureRequired is not in the reference")},
         sources=("CFG", "CHG")),
    _key("managedMcpServers", "object_list", "connectors",
         "MCP servers and built-in connectors pushed to every user; users cannot remove them.",
         default=(), fields=_MCP_SERVER_FIELDS,
         check="mcp_server", sources=("CFG", "CFG-old", "EXT", "CHG")),
    _key("isLocalDevMcpEnabled", "boolean", "connectors",
         "Let users add their own local stdio MCP servers.",
         default=True,
         sources=("CFG",)),
    _key("mcpPersistentAlwaysAllowEnabled", "boolean", "connectors",
         "Offer a persistent Always allow approval for MCP tools (Chat and Cowork).",
         default=True, since="1.24012.9",
         sources=("CFG", "CHG")),
    _key("mcpToolTimeoutSec", "integer", "connectors",
         "Timeout of one MCP tool call in seconds.",
         default=180, since="1.37937.0", confidence="changelog", rules={"min": 1},
         sources=("CHG", "REL")),

    # ========================================================= telemetry_updates
    _key("deploymentOrganizationUuid", "string", "telemetry_updates",
         "Your own UUID that tags telemetry and namespaces local data; changing it orphans existing data.",
         default="00000000-0000-4000-8000-000000000001",
         rules={"pattern": r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$",
                "pattern_hint": "a UUID like xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, without braces"},
         sources=("CFG", "CFG-old", "BOOT")),
    _key("disableEssentialTelemetry", "boolean", "telemetry_updates",
         "Stop crash, error and performance reports.",
         default=False,
         read_from=_mdm_then_everywhere("baseline"), read_from_unconfirmed=_MDM_ONLY_BEFORE_1_25927,
         sources=("CFG", "TEL")),
    _key("disableNonessentialTelemetry", "boolean", "telemetry_updates",
         "Stop product analytics and the diagnostic report's Send button.",
         default=False,
         sources=("CFG", "TEL")),
    _key("disableNonessentialServices", "boolean", "telemetry_updates",
         "Turn off connector favicons, artifact previews and MCP Apps widgets.",
         default=False,
         sources=("CFG", "TEL")),
    _key("disableAutoUpdates", "boolean", "telemetry_updates",
         "Never check for or download updates (app-behavior key).",
         default=False,
         sources=("CFG", "MDM")),
    _key("autoUpdaterEnforcementHours", "integer", "telemetry_updates",
         "Hours before a pending update forces a restart; unset = 72 h and then waits for idle (app-behavior key).",
         rules={"min": 1, "max": 72},
         sources=("CFG", "INST", "MDM")),
    _key("updateViaUpdatesHost", "boolean", "telemetry_updates",
         "Read the update feed from releases.claude.com so api.anthropic.com can stay blocked (app-behavior key).",
         default=False, since="1.26832.0",
         sources=("CFG", "CHG", "MDM")),
    _key("relaunchEnforcementHours", "integer", "telemetry_updates",
         "Hours before a changed configuration forces a restart; 0 = at once (served-only with default 1 before 1.46388.1).",
         default=24, since="1.40609.0", confidence="changelog", rules={"min": 0, "max": 336},
         unconfirmed="whether it belongs to the app-behavior key group is stated only by a third-party source",
         read_from=(("1.40609.0", ("bootstrap",)), ("1.46388.1", READ_SOURCES)),
         read_from_unconfirmed="served-only in 1.40609.0 is taken to mean the bootstrap response",
         sources=("CHG", "REL", "BOOT")),
    _key("configRecheckIntervalMinutes", "integer", "telemetry_updates",
         "Minutes between re-checks of the managed configuration while the app runs.",
         default=10, since="1.46388.1", confidence="changelog", rules={"min": 2, "max": 30},
         unconfirmed="whether it belongs to the app-behavior key group is stated only by a third-party source",
         sources=("CHG", "REL")),
    _key("otlpEndpoint", "string", "telemetry_updates.otlp",
         "Base URL of an OTLP/HTTP collector (without /v1/...); unset = no export.",
         rules={"url": "http_or_https", "url_no_suffix": ("/v1/logs", "/v1/traces", "/v1/metrics")},
         sources=("CFG", "TEL")),
    _key("otlpProtocol", "enum", "telemetry_updates.otlp",
         "OTLP wire protocol.",
         allowed=("http/protobuf", "http/json", "grpc"), default="http/protobuf",
         sources=("CFG", "TEL")),
    _key("otlpHeaders", "object", "telemetry_updates.otlp",
         "Static headers sent to the collector (no credentials; use otlpAuthMode or otlpHeadersHelper).",
         secret_values=True,
         rules={"value_type": "string", "header_map": True, "no_credential_headers": True},
         sources=("CFG", "TEL", "CHG")),
    _key("otlpAuthMode", "enum", "telemetry_updates.otlp",
         "inference-credential sends the user's inference bearer token to the collector.",
         allowed=("none", "inference-credential"), since="1.30096.1",
         sources=("CFG", "CHG")),
    _key("otlpHeadersHelper", "string", "telemetry_updates.otlp",
         "Absolute path of an executable printing a JSON object of collector headers.",
         since="1.30096.1", rules={"path": "absolute", "no_arguments": True},
         sources=("CFG", "CHG")),
    _key("otlpResourceAttributes", "object", "telemetry_updates.otlp",
         "Extra OTLP resource attributes; names that collide with built-in ones are dropped.",
         since="1.5354.0", rules={"value_type": "string", "header_map": True},
         sources=("CFG", "CHG")),
    _key("otlpDesktopLogLevel", "enum", "telemetry_updates.otlp",
         "Lowest level of the desktop's own log records exported over OTLP.",
         allowed=("off", "error", "warn", "info", "debug"), default="error", since="1.9255.0",
         sources=("CFG", "CHG")),
    _key("otlpContentCapture", "string_list", "telemetry_updates.otlp",
         "Content kinds exported unredacted; empty = redact everything.",
         allowed=("userPrompts", "assistantResponses", "toolDetails", "toolContent", "rawApiBodies"),
         default=(), since="1.15962.0",
         sources=("CFG", "TEL", "CHG")),
    _key("otlpTracesEnabled", "boolean", "telemetry_updates.otlp",
         "Export traces as well.",
         since="1.22209.0",
         sources=("CFG", "TEL", "CHG")),

    # ==================================================================== limits
    _key("inferenceMaxTokensPerWindow", "integer", "limits",
         "Soft cap on input plus output tokens per user in each window (needs inferenceTokenWindowHours).",
         rules={"min": 1},
         sources=("CFG", "CFG-old")),
    _key("inferenceTokenWindowHours", "integer", "limits",
         "Length in hours of the tumbling window for inferenceMaxTokensPerWindow.",
         rules={"min": 1, "max": 720},
         sources=("CFG",)),

    # ================================================================ appearance
    _key("banner", "object", "appearance",
         "A banner shown to every user that cannot be dismissed.",
         since="1.7196.0",
         fields={
             "enabled": _field("boolean", doc="false or unset = the other fields are ignored"),
             "text": _field("string", rules={"single_line": True, "max_length": 200},
                            doc="required when enabled (older reference)"),
             "backgroundColor": _field("string", rules={"pattern": _HEX_COLOUR, "pattern_hint": "#RRGGBB"},
                                       doc="default #F5F5F5"),
             "textColor": _field("string", rules={"pattern": _HEX_COLOUR, "pattern_hint": "#RRGGBB"},
                                 doc="default #000000"),
             "linkUrl": _field("string", rules={"url": "https"}),
         },
         check="banner", sources=("CFG", "CFG-old")),
    _key("deploymentDisplayName", "string", "appearance",
         "Name shown for the deployment instead of the provider label (bootstrap-only before 1.25927.0).",
         since="1.24012.0", rules={"single_line": True, "max_length": 60},
         read_from=(("1.24012.0", ("bootstrap",)), (BOOTSTRAP_DELIVERY_RELEASE, READ_SOURCES)),
         sources=("CFG", "CHG")),
    _key("deploymentDisplaySubtitle", "string", "appearance",
         "Subtitle shown under deploymentDisplayName, only together with it (bootstrap-only before 1.25927.0).",
         since="1.24012.0", rules={"single_line": True, "max_length": 60},
         read_from=(("1.24012.0", ("bootstrap",)), (BOOTSTRAP_DELIVERY_RELEASE, READ_SOURCES)),
         sources=("CFG", "CHG")),
    _key("endUserAttribution", "boolean", "appearance",
         "Show the signed-in identity in the app and export it as enduser.id.",
         default=True, since="1.24012.0",
         aliases={"enduserAttribution": _alias(
             "1.24012.0", None, "the old spelling reads as false",
             "the release that introduced the spelling endUserAttribution is not in the reference")},
         sources=("CFG", "CHG")),
    _key("disableFeatureDiscovery", "boolean", "appearance",
         "Hide What's new nudges and tips.",
         default=False, since="1.21459.0",
         sources=("CFG", "CHG")),
    _key("disableConfigDeprecationWarnings", "boolean", "appearance",
         "Hide the first configuration-deprecation warning (the final 24-hour reminder still shows).",
         since="1.40609.0", confidence="changelog",
         sources=("CHG", "REL")),

    # =================================================================== plugins
    _key("allowedPluginMarketplaces", "object_list", "plugins",
         "Plugin marketplaces offered to (or installed for) users.",
         since="1.17377.1",
         fields={
             "source": _field("enum", allowed=("github", "git", "url")),
             "repo": _field("string", rules={"pattern": r"^[^/\s]+/[^/\s]+$", "pattern_hint": "owner/repo"},
                            doc="required for source github"),
             "ref": _field("string", doc="commit SHA, branch or tag"),
             "path": _field("string"),
             "expectedName": _field("string"),
             "installationPreference": _field("enum", allowed=("available", "auto_install", "required")),
             "credentialKind": _field("enum", allowed=("anonymous", "userGit", "credentialHelper", "inferenceCredential")),
             "credentialHelper": _field("string", rules={"path": "absolute", "no_arguments": True},
                                        doc="executable whose output is the HTTPS password"),
             "url": _field("string", rules={"url": "https"},
                           doc="git remote or marketplace.json URL; required for sources git and url"),
             "manifestSha256": _field("string", since="1.32352.0",
                                      doc="required for url sources with auto_install or required"),
         },
         read_from=_mdm_then_everywhere("1.17377.1", "1.19367.0"),
         check="marketplace", sources=("CFG", "CHG", "EXT")),
    _key("orgPluginSettings", "object_list", "plugins",
         "Tool permissions for MCP servers of org plugins (array form; the record form is deprecated).",
         since="1.8089.0",
         fields={
             "serverName": _field("string"),
             "tools": _field("object_list", fields={
                 "toolName": _field("string"),
                 "permission": _field("enum", allowed=("allow", "ask", "blocked"),
                                      rules={"value_deprecated": {"ask-session": "ask"}}),
             }),
         },
         legacy_record_form="use the array form [{serverName, tools: [{toolName, permission}]}] (Desktop 1.15200.0 or newer)",
         sources=("CFG", "CHG")),
    _key("userPluginMarketplacesEnabled", "boolean", "plugins",
         "Let members add their own plugin marketplaces; unset = no change.",
         since="1.37937.0", confidence="changelog",
         sources=("CHG", "REL")),
    _key("userPluginUploadsEnabled", "boolean", "plugins",
         "Let members upload plugins; unset = no change.",
         since="1.37937.0", confidence="changelog",
         sources=("CHG", "REL")),
    _key("organizationPluginsUrl", "string", "plugins",
         "Deprecated URL of the organisation's plugins; still honoured unless bootstrap is disabled.",
         since="1.10628.0",
         deprecated={"message": "deprecated in 1.25927.0 and dropped from the reference; still honoured, "
                                "but ignored when bootstrap is disabled",
                     "replacement": None, "cutoff": None, "removed_in": None},
         sources=("CFG", "CHG")),
    _key("disableDefaultPlugins", "boolean", "plugins",
         "Removed: has no effect.",
         since=None, availability="unknown", confidence="changelog",
         deprecated={"message": "removed in 1.18286.0; it has no effect", "replacement": None,
                     "cutoff": None, "removed_in": "1.18286.0"},
         sources=("CHG",)),

    # ========================================================== source.bootstrap
    _key("bootstrapUrl", "string", "source.bootstrap",
         "Bootstrap endpoint that returns each user's configuration.",
         since="1.10628.0", availability="mdm_only", rules={"url": "https"},
         sources=("CFG", "BOOT")),
    _key("bootstrapEnabled", "boolean", "source.bootstrap",
         "false keeps bootstrapUrl but skips the fetch.",
         default=True, since="1.10628.0", availability="mdm_only",
         sources=("CFG", "BOOT")),
    _key("bootstrapOidc", "object", "source.bootstrap",
         "Separate identity provider for bootstrap sign-in (PKCE); unset = device code at the bootstrap origin.",
         since="1.10628.0", availability="mdm_only", fields=_BOOTSTRAP_OIDC_FIELDS,
         sources=("CFG", "BOOT")),
    _key("bootstrapHeaders", "object", "source.bootstrap",
         "Static headers (e.g. a service-account credential) sent on every bootstrap fetch.",
         secret_values=True, since="1.32885.1", availability="mdm_only",
         rules={"value_type": "string", "header_map": True},
         sources=("CFG", "BOOT", "CHG")),
    _key("bootstrapHeadersHelper", "string", "source.bootstrap",
         "Absolute path of an executable printing a JSON object of bootstrap headers.",
         since="1.32885.1", availability="mdm_only", rules={"path": "absolute", "no_arguments": True},
         sources=("CFG", "BOOT", "CHG")),
    _key("trustBootstrapDelivery", "boolean", "source.bootstrap",
         "Skip user consent for sign-in targets, endpoints, helpers and connectors delivered by bootstrap.",
         default=False, since="1.26832.0", availability="mdm_only",
         aliases={"trustBootstrapLocalExec": _alias("1.25927.0", "1.26832.0", "the old name reads as false")},
         sources=("CFG", "BOOT", "CHG")),

    # =================================================== unconfirmed_third_party
    _key("isDesktopExtensionDirectoryEnabled", "unknown", "unconfirmed_third_party",
         "Possibly toggles the desktop extension directory; do not emit by default.",
         since=None, availability="unknown", confidence="unconfirmed", unconfirmed=_UNCONFIRMED_3RD,
         sources=("3RD",)),
    _key("builtinBrowserDefaultDomainPolicy", "unknown", "unconfirmed_third_party",
         "Possibly the built-in browser's default domain policy; do not emit by default.",
         since=None, availability="unknown", confidence="unconfirmed", unconfirmed=_UNCONFIRMED_3RD,
         sources=("3RD",)),
    _key("builtinBrowserAllowedDomains", "unknown", "unconfirmed_third_party",
         "Possibly domains the built-in browser may open; do not emit by default.",
         since=None, availability="unknown", confidence="unconfirmed", unconfirmed=_UNCONFIRMED_3RD,
         sources=("3RD",)),
    _key("builtinBrowserBlockedDomains", "unknown", "unconfirmed_third_party",
         "Possibly domains the built-in browser must not open; do not emit by default.",
         since=None, availability="unknown", confidence="unconfirmed", unconfirmed=_UNCONFIRMED_3RD,
         sources=("3RD",)),
    _key("scheduledTasksEnabled", "unknown", "unconfirmed_third_party",
         "Possibly toggles scheduled tasks; do not emit by default.",
         since=None, availability="unknown", confidence="unconfirmed", unconfirmed=_UNCONFIRMED_3RD,
         sources=("3RD",)),
    _key("keepAwakeEnabled", "unknown", "unconfirmed_third_party",
         "Possibly keeps the machine awake during work; do not emit by default.",
         since=None, availability="unknown", confidence="unconfirmed", unconfirmed=_UNCONFIRMED_3RD,
         sources=("3RD",)),
    _key("autoContinueAtUsageLimit", "unknown", "unconfirmed_third_party",
         "Possibly continues work automatically at a usage limit; do not emit by default.",
         since=None, availability="unknown", confidence="unconfirmed", unconfirmed=_UNCONFIRMED_3RD,
         sources=("3RD",)),
)
