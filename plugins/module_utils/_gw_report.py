# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The preflight's report: results masked, what was tested (secrets left out), readable summary lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_plan import CHECKS
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_result import FAIL, WARN
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_url import display_url
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import mask_encoded_data

if TYPE_CHECKING:     # (for annotations only)
    from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_session import Session


def summarize(results: dict, gateway: dict, failed: list) -> list:
    """Readable lines: a header, one line per check, a verdict."""
    lines = ["Gateway %s (auth %s, model %s%s)" % (
        gateway["base_url"] or "(not set)", gateway["auth_scheme"], gateway["model"] or "(none)",
        ", headers: " + ", ".join(gateway["header_names"]) if gateway["header_names"] else "")]
    for name in CHECKS:
        if name not in results:
            continue
        res = results[name]
        took = "%5d ms" % res["elapsed_ms"] if res.get("elapsed_ms") is not None else "       "
        lines.append("%-4s %-11s %s  %s" % (res["status"].upper(), name, took, res["reason"]))
        for item in (res.get("details") or {}).get("models") or [] if name == "each_model" else []:
            lines.append("     %-4s model %s: %s" % (item["status"].upper(), item["model"], item["reason"]))
    if failed:
        lines.append("RESULT: FAILED (%s) - fix these before rolling out inferenceProvider: gateway" % ", ".join(failed))
    else:
        warned = [n for n in CHECKS if n in results and results[n]["status"] == WARN]
        lines.append("RESULT: PASSED%s" % (" with warnings (%s)" % ", ".join(warned) if warned else ""))
    return lines


def report(session: Session, results: dict) -> dict:
    """The module's return values: passed, checks, failed_checks, warned_checks, gateway, summary."""
    results = mask_encoded_data(results, session.secrets, session.keep)
    failed = [n for n in CHECKS if n in results and results[n]["status"] == FAIL]
    warned = [n for n in CHECKS if n in results and results[n]["status"] == WARN]
    config = session.config
    gateway = {"base_url": display_url(config["base_url"]), "auth_scheme": config["auth_scheme"],
               "api_key_set": bool(config.get("api_key")),
               "credential_source": "helper" if config.get("helper") else ("static" if config.get("api_key") else None),
               "tool_search_enabled": bool(config.get("tool_search")), "header_names": sorted(config["headers"]),
               "models_configured": list(config["models"]), "model": session.model,
               "model_source": session.model_source}
    gateway = mask_encoded_data(gateway, session.secrets, session.keep)
    return {"passed": not failed, "checks": results, "failed_checks": failed, "warned_checks": warned,
            "gateway": gateway, "summary": summarize(results, gateway, failed)}
