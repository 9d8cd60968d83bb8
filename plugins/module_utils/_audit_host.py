# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each host's audit verdict from what roles/managed_settings/tasks/audit.yml read on it.

audit.yml reads a host (stat / slurp, or win_reg_stat) with built-in expressions only and hands everything it
read, with the host's plan and desired settings, to one fact (``READ_FACT``, see ``host_verdict`` for its keys).
One run_once pass over the batch (filter cowork3p.fleet.audit_batch, ``batch_verdicts``) turns every handover
into that host's record; ``_audit`` decides the statuses. The same module shapes the record of a host whose
audit failed part-way (``failure_record``, playbooks/audit.yml) and the lines the audit playbook prints.

No input makes these functions raise: whatever cannot be interpreted becomes an "unreadable" record of its host.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from ansible_collections.cowork3p.fleet.plugins.module_utils import _audit as audit
from ansible_collections.cowork3p.fleet.plugins.module_utils import _winreg as winreg

READ_FACT = "__cowork3p_audit_read"
ERROR_LENGTH = 300
_PROFILE_READS = ("profile_list", "profile_paths", "hives")   # the reads that find the users' profiles


def truncate(text: Any, length: int = ERROR_LENGTH, end: str = "...", leeway: int = 5) -> str:
    """``text`` as Jinja's truncate(length) shortens it (the messages of the reports were cut that way): kept
    whole up to length + leeway characters, else cut at the last space before length - len(end), plus end."""
    text = str(text)
    if len(text) <= length + leeway:
        return text
    return text[:length - len(end)].rsplit(" ", 1)[0] + end


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _results(value: Any) -> List[Any]:
    """The per-item results of a registered loop (none when the loop was skipped or never ran)."""
    found = _mapping(value).get("results")
    return list(found) if isinstance(found, list) else []


def _unreachable(result: Any) -> bool:
    return bool(_mapping(result).get("unreachable"))


def _record(status: str, os_name: str, delivery: str, error: str, **extra: Any) -> Dict[str, Any]:
    out: Dict[str, Any] = {"status": status, "os": os_name, "delivery": delivery, "files": [], "error": error}
    out.update(extra)
    return out


def no_answer(facts: Any, os_known: str) -> Optional[Dict[str, Any]]:
    """The record of a host that could not be asked for its OS (the fact gathering did not answer or failed),
    else None."""
    facts = _mapping(facts)
    if not (facts.get("unreachable") or facts.get("failed")):
        return None
    return _record("unreachable" if facts.get("unreachable") else "unreadable", os_known or "unknown", "",
                   truncate(facts.get("msg", "unreachable")))


def failure_record(failure: Any) -> Dict[str, Any]:
    """The record of a host whose audit failed part-way (playbooks/audit.yml's rescue hands over the failed task's
    name, its message and the host's cowork3p_os): unreadable, with "<task>: <message>" as the error."""
    failure = _mapping(failure)
    return _record("unreadable", str(failure.get("os", "unknown")), "",
                   truncate("%s: %s" % (failure.get("task", ""), failure.get("msg", "failed"))))


def _windows(read: Mapping[str, Any], desired: Any) -> Dict[str, Any]:
    """The policy key (HKLM, HKCU with the HKLM key that hides it), or every signed-in user's key."""
    hive = str(read.get("windows_hive") or "").upper()
    reg = read.get("reg")
    if hive != "USERS" or _unreachable(reg):
        hklm = read.get("hklm")
        hklm = None if not isinstance(hklm, Mapping) or hklm.get("skipped") else hklm
        return audit.registry_host(reg, desired, str(read.get("windows_key") or ""), hive=hive, hklm=hklm)
    for name in _PROFILE_READS:
        result = _mapping(read.get(name))
        if result.get("unreachable") or result.get("failed"):
            return _record("unreachable" if result.get("unreachable") else "unreadable", "windows", "registry_users",
                           truncate("the user profiles could not be read: %s" % result.get("msg", "failed")),
                           not_checked=[])
    users = read.get("windows_users")
    chosen = winreg.profiles(_results(read.get("profile_paths")), _mapping(read.get("hives")),
                             [str(u) for u in users] if isinstance(users, list) else [])
    return audit.registry_users_host(_results(read.get("user_keys")), chosen["profiles"], desired, hklm=reg)


def host_verdict(read: Any) -> Dict[str, Any]:
    """One host's audit record from its handover (the keys audit.yml sets):

      plan            the host_plan lookup's plan (os_known, os, audit_files)
      desired         cowork3p_settings
      macos_delivery  cowork3p_macos_delivery
      windows_hive, windows_key, windows_users   the policy hive (upper case), its key, cowork3p_windows_users
      facts           the fact gathering (skipped when the OS was known)
      stat, dir_stat, slurp                       Linux / macOS: the files, their folders, their contents
      reg, hklm, profile_list, profile_paths, hives, user_keys   Windows: the policy key, the HKLM key (HKCU),
                      the profile list, each profile's folder, the loaded hives, each signed-in user's key
    """
    try:
        read = _mapping(read)
        plan = _mapping(read.get("plan"))
        record = no_answer(read.get("facts"), str(plan.get("os_known") or ""))
        if record is not None:
            return record
        desired = read.get("desired")
        os_name = str(plan.get("os") or "unknown")
        if os_name == "windows":
            return _windows(read, desired)
        return audit.files_host(plan.get("audit_files"), _results(read.get("stat")), _results(read.get("dir_stat")),
                                _results(read.get("slurp")), desired, os_name=os_name,
                                delivery=str(read.get("macos_delivery")) if os_name == "macos" else "managed_file")
    except Exception as exc:  # pylint: disable=broad-except
        return _record("unreadable", "unknown", "",
                       "the audit could not interpret this host's results (%s)" % type(exc).__name__)


def batch_verdicts(hosts: Any, hostvars: Any) -> Dict[str, Dict[str, Any]]:
    """{host: record} for every listed host that handed over what it read (a host without a handover failed
    earlier, or did not run the audit, and gets no record here). Reads each host's variables once."""
    out = {}
    for host in hosts if isinstance(hosts, (list, tuple)) else []:
        try:
            read = hostvars[host][READ_FACT]
        except (KeyError, TypeError):
            continue
        out[str(host)] = host_verdict(read)
    return out


def summary_lines(report: Any, report_dir: str) -> List[Any]:
    """What the audit playbook prints: the counts, one line per host that is not compliant, where the report is."""
    report = _mapping(report)
    counts = _mapping(report.get("counts"))
    names = (("compliant", "compliant"), ("drifted", "drifted"), ("rejected", "rejected by the app"),
             ("missing", "missing"), ("unreadable", "unreadable"), ("unreachable", "unreachable"))
    hosts = _mapping(report.get("hosts"))
    return [", ".join("%s %s" % (label, counts.get(name)) for name, label in names),
            ["not compliant: %s" % host for host, record in hosts.items()
             if _mapping(record).get("status") != "compliant"],
            "report: %s/report.html" % report_dir]
