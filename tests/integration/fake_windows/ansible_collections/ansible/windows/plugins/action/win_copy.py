# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake ansible.windows.win_copy over the JSON file system (tests only): content (or src, a controller file) to
dest. The folder must exist. Like the real module, a new file inherits from its folder and is owned by the account
Ansible connects as; an existing file keeps its owner and rules when its content is replaced. Check mode keeps
nothing. Returns checksum (SHA-1 of the content), as the real module does."""

from __future__ import annotations

import hashlib

from ansible.plugins.action import ActionBase

from ansible_collections.ansible.windows.plugins.action import _fake_fs as fake


class ActionModule(ActionBase):
    """Copy content to a file."""

    TRANSFERS_FILES = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        args = self._task.args
        dest = args["dest"]
        if args.get("content") is not None:
            content = str(args["content"])
        else:
            with open(args["src"], encoding="utf-8") as handle:
                content = handle.read()
        fs = fake.load(task_vars)
        folder = fake.find(fs, fake.parent(dest) or "")
        if folder is None or fs[folder]["type"] != "dir":
            result.update(failed=True, msg="Cannot copy src file as dest %s: its folder does not exist" % dest)
            return result
        stored = fake.find(fs, dest)
        if stored is not None and fs[stored]["type"] != "file":
            result.update(failed=True, msg="dest %s is a folder" % dest)
            return result
        changed = stored is None or fs[stored].get("content") != content
        if changed and not self._task.check_mode:
            if stored is None:
                fs[dest] = fake.new_entry("file", task_vars, content)
            else:
                fs[stored]["content"] = content
            fake.save(task_vars, fs)
        result.update(changed=changed, dest=dest, checksum=hashlib.sha1(content.encode("utf-8")).hexdigest())
        return result
