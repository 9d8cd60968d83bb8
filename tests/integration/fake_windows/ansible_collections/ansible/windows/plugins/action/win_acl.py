# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake ansible.windows.win_acl over the JSON file system (tests only): one explicit allow or deny rule present or
absent on a path.

Like the real module: rights by name (FullControl, Modify, ReadAndExecute, Read, Write) or as a number; allow rules
get Synchronize added (the .NET rule does); inherit defaults to ContainerInherit, ObjectInherit on a folder and is
none on a file; absent removes only a rule with exactly that account, rights, type and flags; present merges the
rights into a rule of the same account, type and flags. Fails when the path does not exist. Check mode keeps nothing.
Fault: fake_fs_acl_stuck (a path): removing a rule there reports a change but the rule stays, so only a read-back
can tell.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.ansible.windows.plugins.action import _fake_fs as fake


def _flags(kind, inherit, propagation):
    if kind == "file":
        names = []
    elif inherit is None:
        names = ["ContainerInherit", "ObjectInherit"]
    else:
        names = [n.strip() for n in str(inherit).split(",") if n.strip() and n.strip() != "None"]
    flags = [code for code, name in (("OI", "ObjectInherit"), ("CI", "ContainerInherit")) if name in names]
    flags += {"InheritOnly": ["IO"], "NoPropagateInherit": ["NP"]}.get(propagation or "None", [])
    return sorted(flags)


class ActionModule(ActionBase):
    """Add or remove one access rule."""

    TRANSFERS_FILES = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        args = self._task.args
        fs = fake.load(task_vars)
        stored = fake.find(fs, args["path"])
        if stored is None:
            result.update(failed=True, msg="%s file or directory does not exist on the host" % args["path"])
            return result
        entry = fs[stored]
        kind = "A" if args["type"] == "allow" else "D"
        rule = {"type": kind, "sid": fake.sid_of(args["user"]), "mask": fake.mask_of(args["rights"], kind == "A"),
                "flags": _flags(entry["type"], args.get("inherit"), args.get("propagation"))}
        same = [a for a in entry["aces"] if a["type"] == rule["type"] and a["sid"] == rule["sid"]
                and sorted(a["flags"]) == rule["flags"]]
        if args.get("state", "present") == "absent":
            exact = [a for a in same if a["mask"] == rule["mask"]]
            changed = bool(exact)
            if fake.norm(task_vars.get("fake_fs_acl_stuck") or "") == fake.norm(stored):
                exact = []
            for ace in exact:
                entry["aces"].remove(ace)
        elif same:
            changed = same[0]["mask"] | rule["mask"] != same[0]["mask"]
            same[0]["mask"] |= rule["mask"]
        else:
            changed = True
            entry["aces"].append(rule)
        if changed and not self._task.check_mode:
            fake.save(task_vars, fs)
        result.update(changed=changed)
        return result
