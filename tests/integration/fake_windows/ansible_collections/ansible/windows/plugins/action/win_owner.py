# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake ansible.windows.win_owner over the JSON file system (tests only): path, user (a SID or one of a few
names); not recursive. Fails when the path does not exist. Check mode keeps nothing."""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.ansible.windows.plugins.action import _fake_fs as fake


class ActionModule(ActionBase):
    """Set the owner of one path."""

    TRANSFERS_FILES = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        path = self._task.args["path"]
        sid = fake.sid_of(self._task.args["user"])
        fs = fake.load(task_vars)
        stored = fake.find(fs, path)
        if stored is None:
            result.update(failed=True, msg="%s file or directory does not exist on the host" % path)
            return result
        changed = fs[stored]["owner"] != sid
        if changed and not self._task.check_mode:
            fs[stored]["owner"] = sid
            fake.save(task_vars, fs)
        result.update(changed=changed)
        return result
