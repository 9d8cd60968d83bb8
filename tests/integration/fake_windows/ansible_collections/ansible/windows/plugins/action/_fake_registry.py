# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A registry in a JSON file (test double only).

{key path: {value name: {"type": ..., "value": ...}}}; "" is a key's unnamed default value. Parent keys
exist implicitly (a key exists when it or any key below it is stored). Three special entries:

  "__hives__"   {hive file path: {key path inside the hive: {values}}}: users' NTUSER.DAT files
  "__loaded__"  the hive file currently loaded at HKLM:\\ANSIBLE (absent when none is)
  "__events__"  what happened to hives, in order: "load <file>", "unload <file>", "unload <file> (left loaded)"

While a hive is loaded its keys live under HKLM:\\ANSIBLE\\... like any other key.
"""

from __future__ import annotations

import json
import os

from ansible.errors import AnsibleActionFail

SPECIAL = ("__hives__", "__loaded__", "__events__")
LOADED_ROOT = "hklm:\\ansible"


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


def keys(registry):
    return [k for k in registry if k not in SPECIAL]


def find(registry, path):
    """The stored spelling of a key path, or None."""
    wanted = normalise(path)
    return next((k for k in keys(registry) if normalise(k) == wanted), None)


def exists(registry, path):
    wanted = normalise(path)
    if wanted.endswith(":"):
        return True
    return any(normalise(k) == wanted or normalise(k).startswith(wanted + "\\") for k in keys(registry))


def sub_keys(registry, path):
    wanted = normalise(path)
    prefix = wanted + "\\"
    out = {}
    for k in keys(registry):
        low = normalise(k)
        if low.startswith(prefix):
            child = k.replace("/", "\\").rstrip("\\")[len(prefix):].split("\\")[0]
            out.setdefault(child.lower(), child)
    return sorted(out.values())


def profile_of_hive(registry, hive):
    """The SID whose ProfileImagePath holds this NTUSER.DAT (None when no profile names it)."""
    for k in keys(registry):
        if "\\profilelist\\" in normalise(k):
            home = (registry[k].get("ProfileImagePath") or {}).get("value")
            if home and normalise(str(home) + "\\NTUSER.DAT") == normalise(hive):
                return k.rstrip("\\").split("\\")[-1]
    return None


def load_hive(registry, hive):
    for rel, values in registry.get("__hives__", {}).get(hive, {}).items():
        registry["HKLM:\\ANSIBLE\\" + rel] = values
    registry["__loaded__"] = hive
    registry.setdefault("__events__", []).append("load " + hive)


def unload_hive(registry, note=""):
    hive = registry.pop("__loaded__", None)
    if hive is None:
        return
    content = {}
    for k in keys(registry):
        low = normalise(k)
        if low == LOADED_ROOT or low.startswith(LOADED_ROOT + "\\"):
            values = registry.pop(k)
            rel = k.replace("/", "\\")[len(LOADED_ROOT) + 1:]
            if rel:
                content[rel] = values
    registry.setdefault("__hives__", {})[hive] = content
    registry.setdefault("__events__", []).append("unload " + hive + note)
