# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checks in the order they run, with their skip rules, as one table; and the loop that follows it.

Each row of ``TABLE``:

- ``name``, ``check`` (a function of a Session; None for ``url``, which needs no request), ``doc`` (what a
  pass proves, read by the module documentation and docs/gateway-preflight.md);
- ``required``: True, False, or the name of the setting that makes it required (``toolSearchEnabled``);
- ``https_only``: skipped when the URL is not https;
- ``stops_all``: when it fails (for ``url``: when the URL is unusable), every later check is skipped;
- ``needs``: skipped when that earlier check failed;
- ``after_timeout``: what it shows when an earlier request ran out of time: ``fail`` (not run, counts as
  failed, so a gateway that hangs fails after one timeout) or ``skip``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ansible_collections.cowork3p.fleet.plugins.module_utils import _gw_checks_core as core
from ansible_collections.cowork3p.fleet.plugins.module_utils import _gw_checks_more as more
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_result import FAIL, SKIP, WARN, Failed, result
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_url import check_url, split_url

if TYPE_CHECKING:     # (for annotations only)
    from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_session import Session


def _row(name, check, doc, required=True, https_only=False, stops_all=False, needs=None, after_timeout="fail"):
    return {"name": name, "check": check, "doc": doc, "required": required, "https_only": https_only,
            "stops_all": stops_all, "needs": needs, "after_timeout": after_timeout}


TABLE = (
    _row("url", None, "https, no credentials, no trailing C(/v1)", stops_all=True),
    _row("tls", core.check_tls, "the certificate verifies", https_only=True, stops_all=True),
    _row("models", core.check_models, "C(GET /v1/models) shape, how many ids look like Claude, every configured "
                                      "id offered"),
    _row("messages", core.check_messages, "a minimal C(POST /v1/messages)"),
    _row("each_model", more.check_each_model, "a minimal message to every C(inferenceModels) id, one line each",
         needs="messages"),
    _row("streaming", more.check_streaming, "C(text/event-stream), event order, and a buffering proxy detected "
                                            "from the timing", needs="messages"),
    _row("tools", more.check_tools, "a forced C(tool_choice) returns a C(tool_use) block whose input matches the "
                                    "schema, streamed and not streamed", needs="messages"),
    _row("tool_search", more.check_tool_search, "the tool-search betas with a deferred tool and a C(tool_reference) "
                                                "block; without C(toolSearchEnabled) it says whether turning it on "
                                                "would work",
         required="toolSearchEnabled", needs="messages"),
    _row("errors", more.check_errors, "an unknown model id gets a JSON error the app can show", required=False,
         after_timeout="skip"),
)
CHECKS = tuple(row["name"] for row in TABLE)
NETWORK_CHECKS = CHECKS[1:]
_NEEDED = set(row["needs"] for row in TABLE if row["needs"])
_SETTING_FLAGS = {"toolSearchEnabled": "tool_search"}      # setting name -> the flag in the preflight's config
_STOPPED = {"url": "skipped: the base URL is unusable (see the url check)", "tls": "skipped: the TLS check failed"}


def _required(row, config):
    if isinstance(row["required"], str):
        return bool(config.get(_SETTING_FLAGS[row["required"]]))
    return row["required"]


def _run(session, row):
    """Run one check: its result with the time it took; a failure of a check that is not required warns."""
    required = _required(row, session.config)
    start = session.clock()
    try:
        found = row["check"](session)
    except Failed as exc:
        found = result(row["name"], FAIL, exc.reason, required, details=exc.details)
    found["elapsed_ms"] = int(round((session.clock() - start) * 1000))
    found["required"] = found.get("required", required)
    if found["status"] == FAIL and not found["required"]:
        found["status"] = WARN
    return found


def _skip_reason(row, state, https):
    if state["stopped"]:
        return state["stopped"]
    if row["https_only"] and not https:
        return "skipped: the URL is not https, there is no TLS to check"
    if row["needs"] in state["failed"]:
        return "skipped: the %s check failed" % row["needs"]
    return None


def _skipped(row, reason, state):
    if state["timed_out"] and row["after_timeout"] == "fail":
        return result(row["name"], FAIL, reason, required=True, elapsed=0.0)
    return result(row["name"], SKIP, reason, required=False, elapsed=0.0)


def run(session: Session, selected: list) -> dict:
    """Results of the selected checks, in table order, by name."""
    results = {}
    url_result, usable = check_url(session.config["base_url"])
    if "url" in selected:
        url_result["elapsed_ms"] = 0
        results["url"] = url_result
    state = {"stopped": None if usable else _STOPPED["url"], "timed_out": False, "failed": set()}
    https = (split_url(session.config["base_url"]) or urlsplit("")).scheme.lower() == "https"
    for row in TABLE[1:]:
        name = row["name"]
        if name not in selected:
            continue
        reason = _skip_reason(row, state, https)
        if reason:
            results[name] = _skipped(row, reason, state)
            continue
        results[name] = found = _run(session, row)
        if name in _NEEDED and found["status"] == FAIL and found["details"].pop("blocks_others", False):
            state["failed"].add(name)
        if found["status"] == FAIL and row["stops_all"]:
            state["stopped"] = _STOPPED[name]
        if session.timed_out and not state["stopped"]:
            state["stopped"] = ("not run: a request of the %s check got no complete answer within %s s, so the "
                                "gateway is not usable as it is" % (name, session.timeout))
            state["timed_out"] = True
    return results
