# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rollout bookkeeping on the controller, in one pass over the hosts it is given.

The role and the deploy playbook call these through filters in run_once tasks: each host's variables
(``hostvars[host]``, which Ansible computes afresh on every access, the expensive part) are read once per
call, and every call covers only the hosts it must (a batch, or the fleet once at the end), so the
bookkeeping of a rollout costs O(hosts) in total, whatever the size of the fleet. ``hostvars`` is any
mapping of host name to a mapping of that host's variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils._fleet import option_sets


def _get(host_vars: Any, name: str, default: Any = None) -> Any:
    try:
        return host_vars[name]
    except KeyError:
        return default


def option_problems(hosts: list, hostvars: Mapping, spec: Mapping) -> list[str]:
    """Every problem of the role options the hosts set, checked against the role's argument spec (its
    meta/argument_specs.yml options) once per distinct set; each message names up to five of the hosts."""
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator  # pylint: disable=import-outside-toplevel

    validator = ArgumentSpecValidator(dict(spec))
    out = []
    for entry in option_sets(hosts, hostvars, list(spec)):
        errors = validator.validate(entry["options"]).error_messages
        if errors:
            more = ", ..." if entry["count"] > len(entry["hosts"]) else ""
            out.extend("%d host(s): %s%s: %s" % (entry["count"], ", ".join(entry["hosts"]), more, error)
                       for error in errors)
    return out


def delivery_record(delivery: Any) -> dict | None:
    """The cowork3p_result of a host from its registered delivery (a loop of managed_file), or None when the
    delivery did not run or did not succeed (skipped, failed, unreachable)."""
    if not isinstance(delivery, Mapping) or delivery.get("skipped") or delivery.get("failed") \
            or delivery.get("unreachable"):
        return None
    results = delivery.get("results") or []
    if not results:
        return None
    first = results[0].get("item") or {}
    state = results[0].get("state", "present")
    kind = first.get("delivery")
    changed_keys: list = []
    for result in results:
        for key in result.get("changed_keys") or []:
            if key not in changed_keys:
                changed_keys.append(key)
    return {
        "os": first.get("os"),
        "delivery": kind,
        "state": state,
        "changed": any(bool(r.get("changed")) for r in results),
        "restart_required": kind != "profile" and any(bool(r.get("restart_required")) for r in results),
        "changed_keys": changed_keys,
        "paths": [r.get("path", "") for r in results],
        "verified": all(bool(r.get("verified")) for r in results),
        "approval_pending": kind == "profile" and state == "present",
    }


def delivery_records(hosts: list, hostvars: Mapping) -> list[dict]:
    """[{host, result}] for every host of a batch whose delivery succeeded."""
    out = []
    for host in hosts:
        record = delivery_record(_get(hostvars[host], "__cowork3p_delivery"))
        if record is not None:
            out.append({"host": host, "result": record})
    return out


def host_outcome(host_vars: Mapping, attempted: bool) -> dict:
    """What happened to one host of a rollout: status (changed, unchanged, failed, unreachable, not_attempted)
    and why (msg) or what it needs (restart_required, approval_pending)."""
    failure = _get(host_vars, "__deploy_failure")
    if failure is not None:
        return {"status": "failed", "msg": (failure or {}).get("msg", "failed")}
    if not attempted:
        return {"status": "not_attempted"}
    result = _get(host_vars, "cowork3p_result")
    if result is None:
        # the deploy playbook leaves out the role's per-host record task: read the delivery itself
        result = delivery_record(_get(host_vars, "__cowork3p_delivery"))
    if result is not None:
        return {"status": "changed" if result.get("changed") else "unchanged",
                "restart_required": bool(result.get("restart_required")),
                "approval_pending": bool(result.get("approval_pending"))}
    delivery = _get(host_vars, "__cowork3p_delivery") or {}
    return {"status": "unreachable", "msg": delivery.get("msg", "unreachable") if isinstance(delivery, Mapping)
            else "unreachable"}


def rollout_failures(hosts: list, hostvars: Mapping) -> int:
    """How many of these (attempted) hosts failed or did not answer."""
    return sum(1 for host in hosts if host_outcome(hostvars[host], True)["status"] in ("failed", "unreachable"))


def rollout_summary(hosts: list, hostvars: Mapping, attempted: list, max_failures: int = 0,
                    check_mode: bool = False) -> dict:
    """The deploy summary: sorted host lists by status, counters, errors, and why the rollout stopped."""
    tried = set(attempted or [])
    lists: dict = {"changed": [], "unchanged": [], "failed": [], "unreachable": [], "not_attempted": []}
    errors = {}
    restart = approval = 0
    for host in hosts:
        outcome = host_outcome(hostvars[host], host in tried)
        lists[outcome["status"]].append(host)
        if "msg" in outcome:
            errors[host] = outcome["msg"]
        restart += 1 if outcome.get("restart_required") else 0
        approval += 1 if outcome.get("approval_pending") else 0
    failures = len(lists["failed"]) + len(lists["unreachable"])
    limit = int(max_failures or 0)
    stopped = ("%d host(s) failed or were unreachable, more than cowork3p_max_failures=%d" % (failures, limit)
               if failures > limit else "")
    summary: dict = {"check_mode": bool(check_mode), "stopped": stopped}
    summary.update({name: sorted(found) for name, found in lists.items()})
    summary.update({"restart_required": restart, "approval_pending": approval,
                    "errors": {h: errors[h] for h in sorted(errors)}})
    return summary
