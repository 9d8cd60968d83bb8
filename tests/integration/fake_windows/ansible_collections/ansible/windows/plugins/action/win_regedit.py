# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake ansible.windows.win_regedit over a JSON file (tests only): one value present or absent, check mode.

fake_registry_corrupt (a value name): that value is stored with its data cut in half, to prove that the role
verifies what it wrote.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.ansible.windows.plugins.action import _fake_registry as fake

_TYPES = {"string": "REG_SZ", "expandstring": "REG_EXPAND_SZ", "dword": "REG_DWORD"}


class ActionModule(ActionBase):
    """Write or remove one value of the fake registry."""

    TRANSFERS_FILES = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        args = self._task.args
        registry = fake.load(task_vars)
        wanted = fake.normalise(args["path"])
        path = next((p for p in registry if fake.normalise(p) == wanted), args["path"])
        values = registry.setdefault(path, {})
        name = args["name"]
        if args.get("state", "present") == "absent":
            changed = name in values
            values.pop(name, None)
        else:
            new = {"type": _TYPES[args.get("type", "string")], "value": str(args["data"])}
            if name == task_vars.get("fake_registry_corrupt"):
                new["value"] = new["value"][:len(new["value"]) // 2]
            changed = values.get(name) != new
            values[name] = new
        if changed and not self._task.check_mode:
            fake.save(task_vars, registry)
        result.update(changed=changed)
        return result
