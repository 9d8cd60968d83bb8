# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Audit verdicts: from what a host's read-only tasks returned to one record per host, and the fleet report.

Pure functions over the registered results of ansible.builtin.stat / slurp and ansible.windows.win_reg_stat.
No input makes them raise: whatever cannot be interpreted becomes a problem of the file or host it
belongs to, so one odd host never stops the report of the others. Values are masked (``_mask``).

Statuses, worst first (a host gets the worst of its files):
  unreachable  the host did not answer
  unreadable   the host answered but what the app reads could not be read (a task failed mid-read)
  rejected     the app would not use what is there (a file rule of _acceptance, or HKCU under a
               populated HKLM): "rejected by the app"
  drifted      read, but the settings differ from the desired ones, or values the app cannot read
  missing      nothing is there
  compliant    the host holds exactly the desired settings
"""

from __future__ import annotations

import base64
import os
from typing import Any, Dict, List, Mapping, Optional

from ansible_collections.cowork3p.fleet.plugins.module_utils import _acceptance as acceptance
from ansible_collections.cowork3p.fleet.plugins.module_utils import _winreg as winreg
from ansible_collections.cowork3p.fleet.plugins.module_utils._drift import drift
from ansible_collections.cowork3p.fleet.plugins.module_utils._importers import import_settings
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import mask_settings

STATUSES = ("compliant", "missing", "drifted", "rejected", "unreadable", "unreachable")   # best to worst
_RANK = {name: i for i, name in enumerate(STATUSES)}


def worst(statuses: List[str]) -> str:
    found = [s for s in statuses if s in _RANK]
    return max(found, key=_RANK.get) if found else "compliant"


def _safe_mask(settings: Mapping[str, Any]) -> Dict[str, Any]:
    try:
        return mask_settings(dict(settings))
    except Exception:  # pylint: disable=broad-except
        return {k: "********" for k in settings}


def _compare(actual: Mapping[str, Any], desired: Mapping[str, Any], record: Dict[str, Any]) -> None:
    """Fill drift and masked values of the differing keys into record."""
    try:
        found = drift(dict(actual), dict(desired or {}))
    except Exception:  # pylint: disable=broad-except
        record["problems"].append("the settings could not be compared")
        record["status"] = "drifted"
        return
    record["drift"] = found
    differing = found["changed"] + found["unexpected"] + found["missing"]
    if differing:
        m_actual, m_desired = _safe_mask(actual), _safe_mask(desired or {})
        record["values"] = {k: {"actual": m_actual.get(k), "desired": m_desired.get(k)} for k in sorted(differing)}
        record["problems"].append("settings differ")
        record["status"] = "drifted"


def _new_record(path: str) -> Dict[str, Any]:
    return {"path": path, "status": "compliant", "problems": [], "rules": [], "drift": {}, "values": {},
            "not_readable": {}}


def _by_path(results: Any) -> Dict[str, Mapping[str, Any]]:
    out = {}
    for result in results or []:
        if isinstance(result, Mapping):
            item = result.get("item")
            if isinstance(item, Mapping) and "path" not in item and isinstance(item.get("item"), Mapping):
                item = item["item"]   # a loop over an earlier loop's results (slurp over stat)
            path = item.get("path") if isinstance(item, Mapping) else item
            if isinstance(path, str):
                out[path] = result
    return out


def _task_trouble(result: Optional[Mapping[str, Any]]) -> Optional[str]:
    """'unreachable' / 'unreadable' when a read task did not give an answer."""
    if not isinstance(result, Mapping):
        return "unreadable"
    if result.get("unreachable"):
        return "unreachable"
    if result.get("failed"):
        return "unreadable"
    return None


def _decode(content_b64: Any, fmt: str) -> Dict[str, Any]:
    data = base64.b64decode(str(content_b64))
    parser = "json" if fmt == "json" else "mobileconfig"
    settings, _report, _notes = import_settings(data, parser)
    if not isinstance(settings, dict):
        raise ValueError("not a mapping")
    return settings


def files_host(files: Any, stats: Any, dir_stats: Any, reads: Any, desired: Any,
               os_name: str = "linux", delivery: str = "managed_file") -> Dict[str, Any]:
    """Audit record of a Linux/macOS host from its stat (file and parent directory) and slurp results.

    files: [{path, format, owner, mode, acceptance}] as the role lists them. stats, dir_stats and reads are
    loop results whose item is such a file (dir_stats: the stat of that file's parent directory). With acceptance, the app's
    rules (_acceptance) decide "rejected"; without (per-user configLibrary), owner and mode are compared.
    """
    host = {"status": "compliant", "os": os_name, "delivery": delivery, "files": [], "error": ""}
    try:
        by_stat, by_dir, by_read = _by_path(stats), _by_path(dir_stats), _by_path(reads)
        for spec in files or []:
            if not isinstance(spec, Mapping):
                continue
            path = str(spec.get("path", ""))
            directory = os.path.dirname(path)
            record = _new_record(path)
            host["files"].append(record)
            result = by_stat.get(path)
            trouble = _task_trouble(result)
            if trouble:
                record["status"] = trouble
                record["problems"].append("could not be read: %s" % str((result or {}).get("msg", "no result"))[:300])
                continue
            st = result.get("stat") or {}
            if not st.get("exists"):
                record["status"] = "missing"
                continue
            if spec.get("acceptance"):
                dir_result = by_dir.get(path)
                dir_entry = None if _task_trouble(dir_result) else acceptance.entry_from_ansible_stat(
                    (dir_result or {}).get("stat"))
                rules = acceptance.acceptance_problems(acceptance.entry_from_ansible_stat(st), dir_entry)
                if rules:
                    record["rules"] = rules
                    record["problems"].extend(acceptance.describe(rules, path, directory))
                    record["status"] = "rejected"
            else:
                if spec.get("owner") and st.get("pw_name") != spec.get("owner"):
                    record["problems"].append("owner is %s, expected %s" % (st.get("pw_name", "?"), spec.get("owner")))
                    record["status"] = "drifted"
                if spec.get("mode") and st.get("mode") != spec.get("mode"):
                    record["problems"].append("mode is %s, expected %s" % (st.get("mode", "?"), spec.get("mode")))
                    record["status"] = "drifted"
                if st.get("islnk") or not st.get("isreg"):
                    record["problems"].append("is not a regular file")
                    record["status"] = "drifted"
            if not st.get("isreg"):
                continue
            read = by_read.get(path)
            trouble = _task_trouble(read)
            if trouble or "content" not in (read or {}):
                record["status"] = worst([record["status"], trouble or "unreadable"])
                record["problems"].append("could not be read: %s" % str((read or {}).get("msg", "no content"))[:300])
                continue
            try:
                actual = _decode(read["content"], str(spec.get("format", "json")))
            except Exception:  # pylint: disable=broad-except
                record["problems"].append("could not be decoded as %s" % spec.get("format", "json"))
                record["status"] = worst([record["status"], "drifted"])
                continue
            status = record["status"]
            _compare(actual, desired or {}, record)
            record["status"] = worst([status, record["status"]])
    except Exception as exc:  # pylint: disable=broad-except
        host["status"] = "unreadable"
        host["error"] = "the audit could not interpret this host's results (%s)" % type(exc).__name__
        return host
    host["status"] = worst([f["status"] for f in host["files"]])
    return host


def registry_host(reg: Any, desired: Any, key: str, hive: str = "HKLM", hklm: Any = None) -> Dict[str, Any]:
    """Audit record of a Windows host from win_reg_stat of its policy key (and of the HKLM key for HKCU)."""
    host = {"status": "compliant", "os": "windows", "delivery": "registry", "files": [], "error": ""}
    try:
        trouble = _task_trouble(reg)
        if trouble:
            host["status"] = trouble
            host["error"] = str((reg or {}).get("msg", "no result"))[:300]
            return host
        record = _new_record(key)
        host["files"].append(record)
        found = winreg.read_values(reg)
        record["not_readable"] = found["not_readable"]
        if not found["settings"] and not found["not_readable"]:
            record["status"] = "missing"
        else:
            for name, reason in found["not_readable"].items():
                record["problems"].append("%s: %s" % (name, reason))
            if found["not_readable"]:
                record["status"] = "drifted"
            status = record["status"]
            _compare(found["settings"], desired or {}, record)
            record["status"] = worst([status, record["status"]])
        if str(hive).upper() != "HKLM" and hklm is not None:
            if _task_trouble(hklm):
                record["problems"].append("HKLM could not be read to check the hive rule")
                record["status"] = worst([record["status"], "unreadable"])
            else:
                held = winreg.policy_values(hklm)
                if held:
                    record["rules"] = ["hklm_populated"]
                    record["problems"].append("HKLM\\SOFTWARE\\Policies\\Claude holds %s, so the app ignores this key"
                                              % ", ".join(held))
                    record["status"] = "rejected"
        host["status"] = record["status"]
    except Exception as exc:  # pylint: disable=broad-except
        host["status"] = "unreadable"
        host["error"] = "the audit could not interpret this host's results (%s)" % type(exc).__name__
    return host


def report(audits: Any, hosts: Any) -> Dict[str, Any]:
    """{counts: {status: n} (every status, zeros included), hosts: {host: record}} for the listed hosts."""
    out = {}
    audits = audits if isinstance(audits, Mapping) else {}
    for host in sorted(str(h) for h in hosts or []):
        record = audits.get(host)
        if not isinstance(record, Mapping) or record.get("status") not in _RANK:
            record = {"status": "unreachable", "os": "unknown", "delivery": "", "files": [],
                      "error": "no result (host failed or unreachable)"}
        out[host] = dict(record)
    counts = {name: 0 for name in STATUSES}
    for record in out.values():
        counts[record["status"]] += 1
    return {"counts": counts, "hosts": out}


def registry_users_host(current: Any, profile_list: Any, desired: Any, hklm: Any = None) -> Dict[str, Any]:
    """Audit record of a Windows host delivered per user (cowork3p_windows_hive: users).

    current: loop results of win_reg_stat over the signed-in users' keys (item is the profile from
    _winreg.profiles, or the user's SID). Users who are not signed in cannot be read by win_reg_stat (their hive is not
    loaded): they are listed in not_checked and do not decide the status; with nobody signed in the host
    is unreadable. A populated HKLM key makes every user's values ignored: rejected.
    """
    host = {"status": "compliant", "os": "windows", "delivery": "registry_users", "files": [], "error": "",
            "not_checked": []}
    try:
        by_sid = {}
        for result in current or []:
            item = result.get("item") if isinstance(result, Mapping) else None
            if isinstance(item, Mapping):
                item = item.get("sid")
            if isinstance(item, str):
                by_sid[item.upper()] = result
        for prof in profile_list or []:
            if not isinstance(prof, Mapping):
                continue
            if not prof.get("loaded"):
                host["not_checked"].append("%s: not signed in (the hive is not loaded, win_reg_stat cannot read it)"
                                           % prof.get("user"))
                continue
            one = registry_host(by_sid.get(str(prof.get("sid")).upper()), desired, str(prof.get("key")), hive="users", hklm=hklm)
            for record in one["files"]:
                record["user"] = prof.get("user")
                host["files"].append(record)
            if not one["files"]:
                host["files"].append(dict(_new_record(str(prof.get("key"))), user=prof.get("user"),
                                          status=one["status"], problems=[one["error"]]))
        if host["files"]:
            host["status"] = worst([f["status"] for f in host["files"]])
        else:
            host["status"] = "unreadable"
            host["error"] = "no user profile could be read (nobody signed in, or no user profile)"
    except Exception as exc:  # pylint: disable=broad-except
        host["status"] = "unreadable"
        host["error"] = "the audit could not interpret this host's results (%s)" % type(exc).__name__
    return host
