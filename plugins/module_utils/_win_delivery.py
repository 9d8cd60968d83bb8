# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The managed_settings role's Windows registry delivery, as pure functions (tasks/windows.yml moves data only).

The role reads (win_reg_stat), calls ``plan`` once for the whole host, writes what the plan says (win_regedit),
reads back, and calls ``outcome`` with what it registered: the read-back is judged by planning again over what was
read back (nothing may be left to write or remove), so delivery and verification cannot disagree.

A plan is made of *targets*, one per policy key the host must end up holding exactly some values:

- ``key``: the chosen hive's key (HKLM or HKCU, ``cowork3p_windows_hive``);
- ``user``: each user profile's own key (hive ``users``): ``HKU:\\<SID>\\...`` when the user is signed in, else the
  profile's NTUSER.DAT loaded by win_regedit's ``hive`` option (``blind``: win_reg_stat cannot read it);
- ``clean_hklm``: the machine key emptied first (``cowork3p_windows_clean_hklm``) before writing user policy;
- ``clean_hkcu``: the connection account's HKCU values that HKLM hides, removed (``cowork3p_windows_clean_hkcu``).

Key decisions per policy key (what differs, what is stale, the hive rule) are module_utils/_winreg.py's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils import _winreg as winreg
from ansible_collections.cowork3p.fleet.plugins.module_utils._fleet import truthy

HKLM_KEY = "HKLM:\\" + winreg.POLICY_SUBPATH
HKCU_KEY = "HKCU:\\" + winreg.POLICY_SUBPATH
HIVES = ("HKLM", "HKCU", "USERS")


class WinDeliveryError(ValueError):
    """A role option the Windows delivery cannot act on."""


def options_from(values: Mapping) -> dict:
    """The Windows delivery's options from the role's variables (vars/main.yml ``__cowork3p_win_options``).

    cowork3p_document: the host's rendered outputs (registry_hklm, registry_hkcu; empty when state is absent).
    """
    hive = str(values.get("cowork3p_windows_hive") or "HKLM").upper()
    if hive not in HIVES:
        raise WinDeliveryError("cowork3p_windows_hive must be HKLM, HKCU or users, got %r" % (values.get("cowork3p_windows_hive"),))
    state = str(values.get("cowork3p_state") or "present")
    present = state == "present"
    document = values.get("cowork3p_document") or {}
    settings = values.get("cowork3p_settings") or {}
    users = values.get("cowork3p_windows_users") or []
    return {
        "hive": hive, "state": state, "present": present,
        "clean_hklm": truthy(values.get("cowork3p_windows_clean_hklm")),
        "clean_hkcu": truthy(values.get("cowork3p_windows_clean_hkcu")),
        "remove_unmanaged": truthy(values.get("cowork3p_windows_remove_unmanaged", True)),
        "users": [str(u) for u in users] if isinstance(users, (list, tuple)) else [str(users)],
        "managed": [str(k) for k in settings] if isinstance(settings, Mapping) else [],
        "hklm": list(document.get("registry_hklm") or []) if present else [],
        "hkcu": list(document.get("registry_hkcu") or []) if present else [],
    }


def _target(group: str, path: str, desired: list, stat: Any, remove_unmanaged: bool, managed: list,
            user: str | None = None, hive: str | None = None, blind: bool = False, keep_default: bool = False) -> dict:
    spec = {"group": group, "path": path, "user": user, "hive": hive, "blind": blind, "desired": desired,
            "remove_unmanaged": remove_unmanaged, "managed": managed, "keep_default": keep_default}
    return dict(spec, **_changes(spec, stat))


def _changes(target: Mapping, stat: Any) -> dict:
    """{write, remove} for one target over one win_reg_stat result (or blind)."""
    found = winreg.plan(target["desired"], stat, remove_unmanaged=target["remove_unmanaged"],
                        managed_names=target["managed"], blind=target["blind"])
    remove = [name for name in found["remove"] if not (target["keep_default"] and name == "")]
    return {"write": found["write"], "remove": remove}


def _label(target: Mapping, name: str) -> str:
    where = target["user"] or target["path"].split(":", 1)[0]
    return "%s: %s" % (where, winreg.label(name))


def _items(target: Mapping) -> tuple[list, list]:
    common = {"group": target["group"], "path": target["path"], "hive": target["hive"], "user": target["user"]}
    write = [dict(common, name=v["name"], data=v["data"], type=v["type"], secret=bool(v.get("secret")),
                  state="present", label=_label(target, v["name"])) for v in target["write"]]
    remove = [dict(common, name=name, data=None, type="string", secret=False, state="absent",
                   label=_label(target, name)) for name in target["remove"]]
    return write, remove


def _refusal(opts: Mapping, reads: Mapping, profiles: Mapping) -> str:
    problems = []
    held = winreg.policy_values(reads.get("hklm"))
    if opts["hive"] != "HKLM" and opts["present"] and held and not opts["clean_hklm"]:
        problems.append(
            "%s holds %s, so Claude Desktop ignores every user policy value (HKCU) on this host; nothing was written. "
            "Deliver to HKLM instead, or set cowork3p_windows_clean_hklm: true to remove the machine policy values "
            "first." % (HKLM_KEY, ", ".join(held)))
    unknown = profiles.get("unknown") or []
    if opts["hive"] == "USERS" and unknown:
        problems.append("no user profile on this host for: %s (cowork3p_windows_users)" % ", ".join(unknown))
    return "; ".join(problems)


def _hidden(opts: Mapping, reads: Mapping) -> list[str]:
    """The HKCU value names HKLM values hide from the app (reported when writing HKLM)."""
    hkcu = reads.get("hkcu")
    if opts["hive"] != "HKLM" or not opts["present"] or not opts["hklm"] or not isinstance(hkcu, Mapping) \
            or not hkcu.get("exists"):
        return []
    return sorted(str(name) for name in (hkcu.get("properties") or {}) if str(name) != "")


def _notice(opts: Mapping, hidden: list) -> str:
    if not hidden:
        return ""
    return ("%d value(s) under %s (%s) are ignored by Claude Desktop because %s holds values. HKCU here is the hive of "
            "the account Ansible connects as, not necessarily the person using the machine. %s"
            % (len(hidden), HKCU_KEY, ", ".join(hidden), HKLM_KEY,
               "They are removed now." if opts["clean_hkcu"] else "Set cowork3p_windows_clean_hkcu: true to remove them."))


def _user_stats(results: Any) -> dict:
    out = {}
    entries = results.get("results") if isinstance(results, Mapping) else None
    for result in entries or []:
        if isinstance(result, Mapping) and isinstance(result.get("item"), Mapping):
            out[result["item"].get("sid")] = result
    return out


def _targets(opts: Mapping, reads: Mapping, profiles: Mapping) -> list[dict]:
    remove_unmanaged, managed = opts["remove_unmanaged"], opts["managed"]
    targets = []
    if opts["hive"] != "HKLM" and opts["present"] and opts["clean_hklm"]:
        targets.append(_target("clean_hklm", HKLM_KEY, [], reads.get("hklm"), True, []))
    if opts["hive"] == "USERS":
        stats = _user_stats(reads.get("users"))
        for prof in profiles.get("profiles") or []:
            targets.append(_target("user", prof["key"], [dict(v, path=prof["key"]) for v in opts["hkcu"]],
                                   stats.get(prof["sid"]), remove_unmanaged, managed, user=prof["user"],
                                   hive=prof["hive"], blind=not prof["loaded"]))
        return targets
    desired = opts["hklm"] if opts["hive"] == "HKLM" else opts["hkcu"]
    current = reads.get("hklm") if opts["hive"] == "HKLM" else reads.get("hkcu")
    targets.append(_target("key", HKLM_KEY if opts["hive"] == "HKLM" else HKCU_KEY, desired, current,
                           remove_unmanaged, managed))
    if opts["clean_hkcu"] and _hidden(opts, reads):
        targets.append(_target("clean_hkcu", HKCU_KEY, [], reads.get("hkcu"), True, [], keep_default=True))
    return targets


def plan(reads: Mapping, values: Mapping) -> dict:
    """The whole Windows delivery of one host, from what it read.

    reads: win_reg_stat results {hklm, hkcu, users (loop over the signed-in users' keys, item = profile)} and
    profiles (module_utils/_winreg.py profiles(), hive ``users`` only). values: see options_from.
    Returns {hive, state, refusal (why nothing may be written, or ""), notice (the HKCU report, or ""),
    hkcu_hidden, write, write_secret, remove (win_regedit items: path, hive, name, data, type, state, user, label),
    read_back (keys to read again with win_reg_stat), check_back (items win_regedit re-checks in check mode: keys
    it alone can reach), unload_hive (a hive file win_regedit may have left loaded, or ""), targets}.
    Nothing is written when refusal is set.
    """
    opts = options_from(values)
    profiles = reads.get("profiles") if isinstance(reads.get("profiles"), Mapping) else {}
    hidden = _hidden(opts, reads)
    out = {"hive": opts["hive"], "state": opts["state"], "refusal": _refusal(opts, reads, profiles),
           "notice": _notice(opts, hidden), "hkcu_hidden": hidden, "write": [], "write_secret": [], "remove": [],
           "read_back": [], "check_back": [], "unload_hive": "",
           "users": [p["user"] for p in profiles.get("profiles") or []] if opts["hive"] == "USERS" else [],
           "targets": []}
    if out["refusal"]:
        return out
    out["targets"] = _targets(opts, reads, profiles)
    for target in out["targets"]:
        write, remove = _items(target)
        out["write"].extend(w for w in write if not w["secret"])
        out["write_secret"].extend(w for w in write if w["secret"])
        out["remove"].extend(remove)
        if target["blind"]:
            out["check_back"].extend(write + remove)
            out["unload_hive"] = out["unload_hive"] or target["hive"]
        elif write or remove:
            out["read_back"].append(target["path"])
    return out


def _ran(result: Any) -> bool:
    return isinstance(result, Mapping) and not result.get("skipped") and "results" in result


def _changed_items(*registered: Any) -> list[dict]:
    out = []
    for result in registered:
        for entry in (result.get("results") or []) if isinstance(result, Mapping) else []:
            if isinstance(entry, Mapping) and entry.get("changed") and isinstance(entry.get("item"), Mapping):
                out.append(entry["item"])
    return out


def verdict(the_plan: Mapping, after: Any, checked: Any) -> dict:
    """Judge the read-back: {verified (something was read back), passed, message}.

    after: loop results of win_reg_stat over the plan's read_back (item = key path); checked: loop results of
    win_regedit in check mode over its check_back (a changed item did not hold). Each key read back is planned again:
    anything left to write or remove is a mismatch.
    """
    wrong_keys, wrong_users = [], []
    read = {}
    for entry in (after.get("results") or []) if _ran(after) else []:
        if isinstance(entry, Mapping) and isinstance(entry.get("item"), str):
            read[entry["item"].lower()] = entry
    for target in the_plan.get("targets") or []:
        stat = read.get(str(target["path"]).lower())
        if target["blind"] or stat is None:
            continue
        again = _changes(target, stat)
        names = [v["name"] for v in again["write"]] + [winreg.label(n) for n in again["remove"]]
        if names and target["user"]:
            wrong_users.append(target["user"])
        elif names:
            wrong_keys.append("%s does not hold what was written (values: %s)" % (target["path"], ", ".join(names)))
    wrong_users.extend(item["user"] for item in _changed_items(checked) if item.get("user"))
    problems = list(wrong_keys)
    if wrong_users:
        problems.append("these users' policy keys do not hold what was written: %s"
                        % ", ".join(sorted(set(wrong_users), key=wrong_users.index)))
    return {"verified": _ran(after) or _ran(checked), "passed": not problems, "message": "; ".join(problems)}


def outcome(the_plan: Mapping, done: Mapping) -> dict:
    """The verdict and the host's cowork3p_result, from the plan and what the write tasks registered.

    done: {removed, written, written_secret (win_regedit loop results), after, checked (the read-back)}.
    Returns {verified, passed, message, result}.
    """
    judged = verdict(the_plan, done.get("after"), done.get("checked"))
    changed = _changed_items(done.get("removed"), done.get("written"), done.get("written_secret"))
    cleaned = [winreg.label(i["name"]) for i in changed if i.get("group") == "clean_hklm"]
    common = {"os": "windows", "state": the_plan.get("state", "present"), "verified": judged["verified"],
              "approval_pending": False, "hklm_values_removed": cleaned}
    targets = the_plan.get("targets") or []
    if the_plan.get("hive") == "USERS":
        users = [i for i in changed if i.get("group") == "user"]
        result = dict(common, delivery="registry_users", users=list(the_plan.get("users") or []),
                      changed_keys=sorted({i["name"] for i in users}), users_changed=sorted({i["user"] for i in users}),
                      paths=list(dict.fromkeys(t["path"] for t in targets if t["group"] == "user")))
    else:
        key = [t for t in targets if t["group"] == "key"]
        names = [v["name"] for t in key for v in t["write"]] + [n for t in key for n in t["remove"]]
        path = HKLM_KEY if the_plan.get("hive") == "HKLM" else HKCU_KEY
        result = dict(common, delivery="registry", changed_keys=names, paths=[path],
                      hkcu_values_hidden=list(the_plan.get("hkcu_hidden") or []))
    result["changed"] = result["restart_required"] = bool(result["changed_keys"] or cleaned)
    return dict(judged, result=result)
