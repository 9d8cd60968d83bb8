# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake ansible.windows.win_stat over the JSON file system (tests only): stat.exists, isdir, isreg, owner (the SID:
the real module gives the account name) and, for a file, checksum (SHA-1 unless checksum_algorithm says else)."""

from __future__ import annotations

import hashlib

from ansible.plugins.action import ActionBase

from ansible_collections.ansible.windows.plugins.action import _fake_fs as fake


class ActionModule(ActionBase):
    """Stat one path."""

    TRANSFERS_FILES = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        args = self._task.args
        fs = fake.load(task_vars)
        stored = fake.find(fs, args["path"])
        if stored is None:
            result.update(changed=False, stat={"exists": False})
            return result
        entry = fs[stored]
        stat = {"exists": True, "isdir": entry["type"] == "dir", "isreg": entry["type"] == "file",
                "owner": entry["owner"], "path": stored}
        if entry["type"] == "file" and args.get("get_checksum", True):
            algorithm = args.get("checksum_algorithm", "sha1")
            stat["checksum"] = hashlib.new(algorithm, entry.get("content", "").encode("utf-8")).hexdigest()
        result.update(changed=False, stat=stat)
        return result
