# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake ansible.windows.win_reg_stat over a JSON file (tests only): path -> exists, properties."""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.ansible.windows.plugins.action import _fake_registry as fake


class ActionModule(ActionBase):
    """Read one key of the fake registry."""

    TRANSFERS_FILES = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        registry = fake.load(task_vars or {})
        wanted = fake.normalise(self._task.args["path"])
        for path, values in registry.items():
            if fake.normalise(path) == wanted:
                result.update(changed=False, exists=True, sub_keys=[],
                              properties={name: {"type": v["type"], "value": v["value"], "raw_value": v["value"]}
                                          for name, v in values.items()})
                return result
        result.update(changed=False, exists=False)
        return result
