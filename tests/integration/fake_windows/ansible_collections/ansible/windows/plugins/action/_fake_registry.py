# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A registry in a JSON file: {key path: {value name: {"type": ..., "value": ...}}}. Test double only."""

from __future__ import annotations

import json
import os

from ansible.errors import AnsibleActionFail


def _path(task_vars):
    path = task_vars.get("fake_registry_file")
    if not path:
        raise AnsibleActionFail("fake ansible.windows: set fake_registry_file")
    return path


def load(task_vars):
    path = _path(task_vars)
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def save(task_vars, registry):
    path = _path(task_vars)
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(registry, handle, indent=1, sort_keys=True)
    os.replace(path + ".tmp", path)


def normalise(path):
    """HKLM:\\SOFTWARE\\... and HKLM:\\software\\... name the same key (the registry ignores case)."""
    return path.replace("/", "\\").rstrip("\\").lower()
