# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake ansible.windows.win_acl_inheritance over the JSON file system (tests only): state absent stops inheriting
(with reorganize, the inherited rules are kept as explicit ones; without, they are dropped), present inherits
again. Check mode keeps nothing."""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.ansible.windows.plugins.action import _fake_fs as fake


class ActionModule(ActionBase):
    """Switch inheritance of one path."""

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
        protect = args.get("state", "absent") == "absent"
        changed = bool(entry.get("protected")) != protect
        if changed and not self._task.check_mode:
            if protect and args.get("reorganize"):
                entry["aces"] = [dict(ace, flags=[f for f in ace["flags"] if f != "ID"])
                                 for ace in fake.effective(fs, stored)]
            entry["protected"] = protect
            fake.save(task_vars, fs)
        result.update(changed=changed)
        return result
