# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Gateway preflight: does an LLM gateway speak the Messages API the way Claude Desktop needs?

The entry point (``prepare`` then ``check``, or both in ``run_preflight``) and the names other files use.
The work lives in small files, one concern each:

- ``_gw_settings``: the gateway keys of the (validated) settings, read once into the preflight's config;
- ``_gw_transport``: the answer object, transport failures, one deadline per request, SSE parsing;
  ``_http.make_http`` is the HTTP callable over ``ansible.module_utils.urls``;
- ``_gw_url`` (check 1 and how URLs are joined and shown), ``_gw_probes`` (what is sent),
  ``_gw_answers`` (is an answer what the app expects), ``_gw_explain`` (failures in plain words);
- ``_gw_session`` and ``_gw_stream``: one preflight's requests, masked as they are read;
- ``_gw_checks_core``, ``_gw_checks_more``: the checks, plain functions of a session;
- ``_gw_plan``: the check order and skip rules as one table (the module documentation reads it);
- ``_gw_report``: the masked report and its summary lines.

Secrets (the API key, every custom header value, a password inside the URL, every secret of the document
as ``_mask.secret_strings`` finds them, a credential helper's output) are collected once per run and never
appear in anything returned: texts go through ``_mask.mask_encoded``, which also catches their encoded
forms and leaves the gateway host and unrelated words alone (its rule is in ``_mask``).
"""

from __future__ import annotations

from typing import Callable

from ansible_collections.cowork3p.fleet.plugins.module_utils import _gw_plan, _gw_report
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_answers import (
    check_event_order, check_schema, looks_like_claude)
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_explain import (
    error_text as _error_text, explain_http, explain_transport, is_html, json_or_none as _json_or_none)
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_plan import CHECKS, NETWORK_CHECKS
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_probes import (
    ANTHROPIC_VERSION, PROBE_TOOL, TOOL_SEARCH_BETAS, UNKNOWN_MODEL, USER_AGENT, auth_headers, build_headers,
    message_body)
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_report import summarize
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_result import FAIL, PASS, SKIP, WARN
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_session import EXCERPT, Session
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_settings import (
    SETTING_KEYS, apply_helper, extract_settings)
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_stream import (
    MAX_STREAM_BYTES, MAX_STREAM_EVENTS, MAX_STREAM_LINES)
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_transport import (
    MAX_BODY, MAX_LINE, DeadlineExceeded, Response, TransportError, deadline_guard, parse_sse)
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_url import (
    check_url, display_url, join_url, split_url)
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import (
    MASK, mask_encoded as mask_text, mask_encoded_bytes as mask_bytes, mask_encoded_data as mask_data,
    secret_strings)

# The names other files and the tests import from here (their owners are the files above).
__all__ = [
    "check_event_order", "check_schema", "looks_like_claude", "_error_text", "explain_http",
    "explain_transport", "is_html", "_json_or_none", "CHECKS", "NETWORK_CHECKS", "ANTHROPIC_VERSION",
    "PROBE_TOOL", "TOOL_SEARCH_BETAS", "UNKNOWN_MODEL", "USER_AGENT", "auth_headers", "build_headers",
    "message_body", "summarize", "FAIL", "PASS", "SKIP", "WARN", "EXCERPT", "SETTING_KEYS", "apply_helper",
    "extract_settings", "MAX_STREAM_BYTES", "MAX_STREAM_EVENTS", "MAX_STREAM_LINES", "MAX_BODY", "MAX_LINE",
    "DeadlineExceeded", "Response", "TransportError", "deadline_guard", "parse_sse", "check_url", "display_url",
    "join_url", "split_url", "MASK", "mask_text", "mask_bytes", "mask_data", "secret_values", "prepare",
    "check", "run_preflight", "Preflight"
]


def secret_values(config: dict | None, settings: dict | None = None) -> list[str]:
    """Every string that must never be shown: the document's secrets (``_mask.secret_strings``, the one
    collector) and what the preflight sends after reading them (the stripped key or the helper's token,
    header values, a URL password); longest first."""
    found = set(secret_strings(settings)) if isinstance(settings, dict) else set()
    if config:
        found.add(config.get("api_key") or "")
        found.update(str(value) for value in (config.get("headers") or {}).values())
        parts = split_url(config.get("base_url") or "")
        if parts is not None and parts.password:
            found.add(parts.password)
    found.update([text.strip(" \t\r\n") for text in found])      # as sent: a header value loses its edge breaks
    return sorted((s for s in found if s), key=len, reverse=True)


def prepare(settings: dict, helper: tuple | None = None) -> tuple:
    """Read the settings once: ``(config, problems, secrets)``; problems are masked, config is None when unusable.

    ``helper``: ``(token, headers)`` from a credential helper run, used instead of the static key.
    """
    config, problems = extract_settings(settings)
    if config is not None and helper is not None:
        apply_helper(config, problems, helper[0], dict(helper[1] or {}), settings)
    secrets = secret_values(config, settings)
    return config, mask_data(problems, secrets), secrets


def check(config: dict, secrets: list[str], http: Callable[..., Response], options: dict | None = None,
          clock: Callable[[], float] | None = None) -> dict:
    """Run the selected checks (in table order) against a prepared config; the report."""
    options = options or {}
    session = Session(config, http, options, secrets, clock=clock)
    selected = [c for c in CHECKS if c in (options.get("checks") or CHECKS)]
    return _gw_report.report(session, _gw_plan.run(session, selected))


def run_preflight(settings: dict, http: Callable[..., Response], options: dict | None = None,
                  clock: Callable[[], float] | None = None, helper: tuple | None = None) -> tuple:
    """Prepare, check, report. Returns ``(report, problems)``; report is None when the settings are unusable."""
    config, problems, secrets = prepare(settings, helper)
    if config is None or any(p["level"] == "error" for p in problems):
        return None, problems
    report = check(config, secrets, http, options, clock=clock)
    report["notes"] = [p["message"] for p in problems]
    return report, problems


class Preflight(object):
    """The checks against one prepared config (kept for callers that build the config themselves)."""

    def __init__(self, config: dict, http: Callable[..., Response], options: dict | None = None,
                 clock: Callable[[], float] | None = None, settings: dict | None = None) -> None:
        self.config, self.http, self.options, self.clock = config, http, options, clock
        self.secrets = secret_values(config, settings)

    def run(self) -> dict:
        """The report, as ``check`` returns it."""
        return check(self.config, self.secrets, self.http, self.options, clock=self.clock)
