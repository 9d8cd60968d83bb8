# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake ansible.windows.win_regedit over a JSON file (tests only): one value present or absent, check mode, hive.

Like the real module: name ""/unset is the key's default value (state=absent with delete_key true then deletes
the whole key); with ``hive`` the hive file is loaded at HKLM:\\ANSIBLE for this one call (a hive already loaded
there is unloaded first, with a warning) and unloaded when the call ends, also when it fails. A hive whose user
is signed in (HKU:\\<SID> loaded) is locked and cannot be loaded. Check mode keeps nothing of what it does (only
the unloading of a hive left loaded, as the real module does).

Faults: fake_registry_corrupt (a value name) stores that value's data cut in half; fake_registry_fail (a value
name) makes writing it fail; with fake_registry_crash true that failing call also leaves its hive loaded, like
a call killed half-way.
"""

from __future__ import annotations

import copy

from ansible.plugins.action import ActionBase

from ansible_collections.ansible.windows.plugins.action import _fake_registry as fake

_TYPES = {"string": "REG_SZ", "expandstring": "REG_EXPAND_SZ", "dword": "REG_DWORD", "qword": "REG_QWORD",
          "multistring": "REG_MULTI_SZ", "binary": "REG_BINARY", "none": "REG_NONE"}


class _Fail(Exception):
    pass


def _data(kind, data):
    if kind in ("REG_DWORD", "REG_QWORD"):
        return int(str(data), 0) if data is not None else 0
    if kind == "REG_MULTI_SZ":
        return [str(d) for d in data] if isinstance(data, list) else [str(data)]
    return "" if data is None else str(data)


class ActionModule(ActionBase):
    """Write or remove one value (or key) of the fake registry."""

    TRANSFERS_FILES = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        args = self._task.args
        check = bool(self._task.check_mode)
        registry = fake.load(task_vars)
        hive = args.get("hive")
        warnings = []
        stale_unloaded = False
        if hive:
            if registry.get("__loaded__"):
                warnings.append("hive already loaded at HKLM:\\ANSIBLE, had to unload hive for win_regedit to continue")
                fake.unload_hive(registry, " (left loaded)")
                stale_unloaded = True
            problem = None
            if hive not in registry.get("__hives__", {}):
                problem = "hive at path '%s' is not valid or accessible, cannot load hive" % hive
            else:
                sid = fake.profile_of_hive(registry, hive)
                if sid and fake.exists(registry, "HKU:\\" + sid):
                    problem = ("failed to load registry hive from '%s' to HKLM:\\ANSIBLE: The process cannot access "
                               "the file because it is being used by another process" % hive)
            if problem:
                if stale_unloaded:
                    fake.save(task_vars, registry)
                result.update(failed=True, msg=problem, changed=False)
                return result
        # check mode: the real module still loads and unloads the hive, but nothing it does is kept
        work = copy.deepcopy(registry) if check else registry
        if hive:
            fake.load_hive(work, hive)
        failed = None
        try:
            changed = self._apply(work, args, task_vars)
        except _Fail as exc:
            failed = str(exc)
            changed = False
        if hive and not (failed and task_vars.get("fake_registry_crash")):
            fake.unload_hive(work)
        if not check:
            fake.save(task_vars, work)
        elif stale_unloaded:
            fake.save(task_vars, registry)
        if warnings:
            result["warnings"] = warnings
        if failed:
            result.update(failed=True, msg=failed, changed=False)
        else:
            result.update(changed=changed)
        return result

    def _apply(self, registry, args, task_vars):
        path = args["path"]
        stored = fake.find(registry, path)
        name = args.get("name") or ""
        if args.get("state", "present") == "absent":
            if name == "" and args.get("delete_key", True):
                doomed = [k for k in fake.keys(registry) if fake.normalise(k) == fake.normalise(path)
                          or fake.normalise(k).startswith(fake.normalise(path) + "\\")]
                for k in doomed:
                    registry.pop(k)
                return bool(doomed)
            values = registry.get(stored, {}) if stored else {}
            changed = name in values
            values.pop(name, None)
            return changed
        if name == task_vars.get("fake_registry_fail"):
            raise _Fail("failed to create registry property '%s' at %s: Access is denied" % (name, path))
        kind = _TYPES[args.get("type", "string")]
        new = {"type": kind, "value": _data(kind, args.get("data"))}
        if name == task_vars.get("fake_registry_corrupt") and isinstance(new["value"], str):
            new["value"] = new["value"][:len(new["value"]) // 2]
        values = registry.setdefault(stored or path, {})
        changed = values.get(name) != new
        values[name] = new
        return changed
