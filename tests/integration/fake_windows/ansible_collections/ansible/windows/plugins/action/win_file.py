# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake ansible.windows.win_file over the JSON file system (tests only): state directory (with the missing folders
above it) or absent (the path and everything below it). Check mode keeps nothing."""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.ansible.windows.plugins.action import _fake_fs as fake


class ActionModule(ActionBase):
    """Create a folder or remove a path."""

    TRANSFERS_FILES = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        path, state = self._task.args["path"], self._task.args.get("state", "file")
        fs = fake.load(task_vars)
        changed = False
        if state == "directory":
            missing, current = [], path
            while current and fake.find(fs, current) is None:
                missing.append(current)
                current = fake.parent(current)
            if current is None:
                result.update(failed=True, msg="the drive of %s does not exist" % path)
                return result
            stored = fake.find(fs, current)
            if fs[stored]["type"] != "dir":
                result.update(failed=True, msg="%s is a file, cannot create the folder %s" % (current, path))
                return result
            for item in reversed(missing):
                fs[item] = fake.new_entry("dir", task_vars)
            changed = bool(missing)
        elif state == "absent":
            doomed = [k for k in fs if fake.norm(k) == fake.norm(path) or fake.norm(k).startswith(fake.norm(path) + "\\")]
            for k in doomed:
                fs.pop(k)
            changed = bool(doomed)
        else:
            result.update(failed=True, msg="fake win_file: state %s is not modelled" % state)
            return result
        if changed and not self._task.check_mode:
            fake.save(task_vars, fs)
        result.update(changed=changed, path=path)
        return result
