# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Merge the reports of a sliced run (AWX job slices, or runs with --limit) into one fleet report.

Two kinds of report, told apart by their shape:

* audit reports (playbooks/audit.yml: ``{generated, counts, hosts}``): hosts are joined, counts are counted
  again from the hosts' statuses, ``generated`` is the newest of the slices;
* deploy summaries (playbooks/deploy.yml: ``{changed, unchanged, failed, unreachable, not_attempted, ...}``):
  host lists are joined and sorted, counters added up, errors joined, ``stopped`` names each slice that stopped.

Slices cover disjoint sets of hosts: a host in two reports is an error (the same file given twice, or slices
of different inventories). Merging the slices of a fleet gives the report one run over the whole fleet gives,
apart from the time stamp.
"""

from __future__ import annotations

import html
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils import _audit
from ansible_collections.cowork3p.fleet.plugins.module_utils import _audit_host

DEPLOY_LISTS = ("changed", "unchanged", "failed", "unreachable", "not_attempted")
DEPLOY_COUNTERS = ("restart_required", "approval_pending")


class ReportError(ValueError):
    """The reports cannot be merged; the message says which one and why."""


def report_kind(report: Any) -> str:
    """'audit' or 'deploy'; raises ReportError for anything else."""
    if isinstance(report, dict):
        if isinstance(report.get("hosts"), dict) and isinstance(report.get("counts"), dict):
            return "audit"
        if all(isinstance(report.get(name), list) for name in DEPLOY_LISTS):
            return "deploy"
    raise ReportError("not an audit report ({generated, counts, hosts}) nor a deploy summary "
                      "({changed, unchanged, failed, unreachable, not_attempted, ...})")


def _other_keys(reports: list[dict], known: set) -> dict:
    """Keys the merge does not know (added by a later version): kept as the first report has them."""
    out: dict = {}
    for report in reports:
        for key, value in report.items():
            if key not in known and key not in out:
                out[key] = value
    return out


def _merge_audit(reports: list[dict]) -> dict:
    hosts: dict = {}
    counts: dict = {}
    for index, report in enumerate(reports):
        for status in report["counts"]:
            counts.setdefault(status, 0)
        for host, result in report["hosts"].items():
            if host in hosts:
                raise ReportError("host %s is in more than one report (report %d again): slices cover disjoint hosts"
                                  % (host, index + 1))
            hosts[host] = result
    for result in hosts.values():
        status = result.get("status", "unknown") if isinstance(result, dict) else "unknown"
        counts[status] = counts.get(status, 0) + 1
    generated = max((str(r.get("generated", "")) for r in reports), default="")
    merged = _other_keys(reports, {"generated", "counts", "hosts"})
    merged.update({"generated": generated, "counts": counts, "hosts": {h: hosts[h] for h in sorted(hosts)}})
    return merged


def _merge_deploy(reports: list[dict]) -> dict:
    seen: dict = {}
    lists: dict = {name: [] for name in DEPLOY_LISTS}
    for index, report in enumerate(reports):
        for name in DEPLOY_LISTS:
            for host in report[name]:
                if host in seen:
                    raise ReportError("host %s is in more than one report (report %d again): slices cover disjoint "
                                      "hosts" % (host, index + 1))
                seen[host] = name
                lists[name].append(host)
    errors: dict = {}
    for report in reports:
        errors.update(report.get("errors") or {})
    stopped = ["slice %d: %s" % (i + 1, r["stopped"]) for i, r in enumerate(reports) if r.get("stopped")]
    merged = _other_keys(reports, set(DEPLOY_LISTS) | set(DEPLOY_COUNTERS) | {"errors", "stopped", "check_mode"})
    merged.update({name: sorted(hosts) for name, hosts in lists.items()})
    merged.update({name: sum(int(r.get(name) or 0) for r in reports) for name in DEPLOY_COUNTERS})
    merged["check_mode"] = any(bool(r.get("check_mode")) for r in reports)
    merged["stopped"] = "; ".join(stopped) if len(reports) > 1 else (reports[0].get("stopped") or "")
    merged["errors"] = {h: errors[h] for h in sorted(errors)}
    return merged


def audit_report(hosts: list, hostvars: Any, generated: str = "") -> dict:
    """The fleet audit report: every host's cowork3p_audit, or the record of its cowork3p_audit_failure (the audit
    playbook's rescue: unreadable), else none (it did not answer or failed), sorted, and the count of every status
    (_audit.report decides both). Reads each host's variables once."""
    audits = {}
    for host in hosts:
        try:
            audits[host] = _audit_host.failure_record(hostvars[host]["cowork3p_audit_failure"])
            continue
        except KeyError:
            pass
        try:
            audits[host] = hostvars[host]["cowork3p_audit"]
        except KeyError:
            pass
    report = _audit.report(audits, hosts)
    out = {"generated": generated, "counts": report["counts"], "hosts": report["hosts"]}
    helpers = helper_results(hosts, hostvars)
    if helpers:
        for host, record in helpers.items():
            out["hosts"][host]["helper"] = record
        out["helper_counts"] = {"passed": sum(1 for r in helpers.values() if r["passed"]),
                                "failed": sum(1 for r in helpers.values() if not r["passed"])}
    return out


HELPER_FIELDS = ("passed", "reason", "kind", "header_names", "fingerprint", "elapsed_ms", "path")


def helper_results(hosts: list, hostvars: Any) -> dict:
    """{host: the safe fields of its credential_helper_check result} for hosts that ran it (cowork3p_helper_audit)."""
    out = {}
    for host in hosts:
        try:
            result = hostvars[host]["cowork3p_helper_audit"]
        except KeyError:
            continue
        if isinstance(result, dict) and not result.get("skipped") and "passed" in result:
            out[host] = {name: result.get(name) for name in HELPER_FIELDS}
    return out


HELPER_COLUMNS = ("Host", "Helper", "Kind", "Header names", "Token fingerprint", "Run time", "Reason")


def _helper_cells(record: dict) -> list:
    """The cells of one host's helper row: only the fields of HELPER_FIELDS (never a token or a header value)."""
    names = record.get("header_names") or []
    elapsed = record.get("elapsed_ms")
    return ["passed" if record.get("passed") else "FAILED", str(record.get("kind") or ""),
            ", ".join(str(n) for n in names) if isinstance(names, list) else "",
            str(record.get("fingerprint") or ""),
            "%s ms" % elapsed if isinstance(elapsed, (int, float)) and not isinstance(elapsed, bool) else "",
            str(record.get("reason") or "")]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _md_cell(text: str) -> str:
    """One Markdown table cell: one line, pipes and backslashes escaped, no raw HTML (stderr may hold any text)."""
    return html.escape(_one_line(text), quote=False).replace("\\", "\\\\").replace("|", "\\|")


def helper_section(report: Any, fmt: str = "md") -> str:
    """The credential helper section of report.md (``fmt`` md) or report.html (``fmt`` html) of an audit report.

    One row per host that ran the helper (hosts[*].helper, see audit_report): pass/fail, kind, header names,
    fingerprint, run time, reason; "" when no host ran it. Built only from the record's safe fields; every cell is
    escaped for its format (HTML entities; Markdown table pipes and line breaks).
    """
    if fmt not in ("md", "html"):
        raise ReportError("helper_section: format must be md or html, got %r" % str(fmt)[:20])
    hosts = report.get("hosts") if isinstance(report, dict) else None
    rows = [(str(host), _helper_cells(result["helper"])) for host, result in sorted((hosts or {}).items())
            if isinstance(result, dict) and isinstance(result.get("helper"), dict)]
    if not rows:
        return ""
    counts = report.get("helper_counts") or {}
    summary = ("Credential helper (inferenceCredentialHelper) run on each host the way the app runs it: %d passed, "
               "%d failed. Tokens and header values are never shown; the fingerprint is a short hash of the token, "
               "equal on hosts that got the same token." % (int(counts.get("passed", 0)), int(counts.get("failed", 0))))
    if fmt == "md":
        lines = ["", "## Credential helper", "", summary, "", "| " + " | ".join(HELPER_COLUMNS) + " |",
                 "|" + "---|" * len(HELPER_COLUMNS)]
        for host, cells in rows:
            cells = [host] + [("**%s**" % c if i == 0 and c == "FAILED" else c) for i, c in enumerate(cells)]
            lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
        return "\n".join(lines) + "\n"
    out = ["<h2>Credential helper</h2>", "<p>%s</p>" % html.escape(summary), "<table>",
           "<tr>%s</tr>" % "".join("<th>%s</th>" % html.escape(c) for c in HELPER_COLUMNS)]
    for host, cells in rows:
        css = "compliant" if cells[0] == "passed" else "drifted"
        out.append('<tr class="%s"><td>%s</td>%s</tr>' % (
            css, html.escape(host), "".join("<td>%s</td>" % html.escape(_one_line(c)) for c in cells)))
    out.append("</table>")
    return "\n".join(out) + "\n"


def merge_reports(reports: list) -> dict:
    """One fleet report from the reports of the slices (all audit reports, or all deploy summaries)."""
    if not isinstance(reports, list) or not reports:
        raise ReportError("expected a non-empty list of reports")
    kinds = []
    for index, report in enumerate(reports):
        try:
            kinds.append(report_kind(report))
        except ReportError as exc:
            raise ReportError("report %d is %s" % (index + 1, exc)) from None
    if len(set(kinds)) > 1:
        raise ReportError("cannot merge audit reports with deploy summaries (reports %s are %s)"
                          % (", ".join(str(i + 1) for i in range(len(kinds))), ", ".join(kinds)))
    return _merge_audit(reports) if kinds[0] == "audit" else _merge_deploy(reports)
