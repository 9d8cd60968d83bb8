# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake ansible.windows.win_reg_stat over a JSON file (tests only).

Like the real module: path -> exists, properties (the default value under "" and always reported as REG_SZ),
sub_keys; with name, that one property (type, value, raw_value). HKU:\\ lists the loaded users' hives. A hive
file is visible only while it is loaded at HKLM:\\ANSIBLE (win_reg_stat has no hive option).
fake_registry_stat_fail (a key path): reading that key fails, like a host that breaks off mid-read.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.ansible.windows.plugins.action import _fake_registry as fake


def _prop(name, record):
    kind = "REG_SZ" if name == "" else record.get("type", "REG_SZ")
    value = record.get("value")
    return {"type": kind, "value": value, "raw_value": record.get("raw_value", value)}


class ActionModule(ActionBase):
    """Read one key (or one value) of the fake registry."""

    TRANSFERS_FILES = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        args = self._task.args
        path = args["path"]
        if task_vars.get("fake_registry_stat_fail") and \
                fake.normalise(task_vars["fake_registry_stat_fail"]) == fake.normalise(path):
            result.update(failed=True, msg="fake: the connection broke off while reading %s" % path)
            return result
        registry = fake.load(task_vars)
        if not fake.exists(registry, path):
            result.update(changed=False, exists=False)
            return result
        stored = fake.find(registry, path)
        values = registry.get(stored, {}) if stored else {}
        if "name" in args and args["name"] is not None:
            record = values.get(args["name"])
            if record is None:
                result.update(changed=False, exists=False)
            else:
                result.update(changed=False, exists=True, **_prop(args["name"], record))
            return result
        result.update(changed=False, exists=True, sub_keys=fake.sub_keys(registry, path),
                      properties={name: _prop(name, v) for name, v in values.items()})
        return result
