# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Windows file system with owners and access rules in a JSON file (test double only).

{path: {"type": "dir" | "file", "owner": SID, "protected": bool, "aces": [ACE], "content": str (files)}}, in the
file named by the variable fake_fs_file. An ACE is {"type": "A" | "D", "sid": SID, "mask": int, "flags": ["OI",
"CI", "NP", "IO"]}: the explicit rules only. Rules inherited from the folder above (while "protected" is false) are
worked out on reading, as Windows does: a child folder gets the rules with CI (and OI-only ones as inherit-only), a
file the rules with OI; they carry the flag ID. Paths compare without regard to case. A folder must be stored to
exist (the test seeds C:\\ and C:\\Program Files). New files and folders are owned by fake_fs_user (default: a
local administrator's SID, as when Ansible connects as one) and inherit.
"""

from __future__ import annotations

import json
import ntpath
import os

from ansible.errors import AnsibleActionFail

DEFAULT_USER = "S-1-5-21-1004336348-1177238915-682003330-500"
ALIASES = {"S-1-5-18": "SY", "S-1-5-32-544": "BA", "S-1-5-32-545": "BU", "S-1-5-11": "AU", "S-1-1-0": "WD",
           "S-1-3-0": "CO"}
NAMES = {"system": "S-1-5-18", "nt authority\\system": "S-1-5-18", "administrators": "S-1-5-32-544",
         "builtin\\administrators": "S-1-5-32-544", "users": "S-1-5-32-545", "builtin\\users": "S-1-5-32-545"}
RIGHTS = {"fullcontrol": 0x1F01FF, "modify": 0x1301BF, "readandexecute": 0x1200A9, "read": 0x120089,
          "write": 0x100116}


def _file(task_vars):
    path = task_vars.get("fake_fs_file")
    if not path:
        raise AnsibleActionFail("fake ansible.windows: set fake_fs_file")
    return path


def load(task_vars):
    path = _file(task_vars)
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def save(task_vars, fs):
    path = _file(task_vars)
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(fs, handle, indent=1, sort_keys=True)
    os.replace(path + ".tmp", path)


def norm(path):
    return str(path).replace("/", "\\").rstrip("\\").lower() if len(str(path)) > 3 else str(path).lower()


def find(fs, path):
    """The stored spelling of a path, or None."""
    wanted = norm(path)
    return next((k for k in fs if norm(k) == wanted), None)


def parent(path):
    up = ntpath.dirname(path.rstrip("\\") if len(path) > 3 else path)
    return None if up == path or not up else up


def sid_of(user):
    user = str(user)
    if user.upper().startswith("S-1-"):
        return user.upper()
    if user.lower() in NAMES:
        return NAMES[user.lower()]
    raise AnsibleActionFail("%s is not a valid user or group on the host machine or domain" % user)


def mask_of(rights, allow):
    """win_acl: a right's name(s) or a number, as FileSystemRights; .NET adds Synchronize to allow rules."""
    mask = 0
    for part in str(rights).split(","):
        part = part.strip()
        mask |= int(part) if part.isdigit() else RIGHTS[part.lower()]
    return mask | (0x100000 if allow else 0)


def effective(fs, path):
    """Every rule of a path: its explicit ones, then what it inherits (flag ID)."""
    key = find(fs, path)
    entry = fs[key]
    aces = [dict(ace) for ace in entry.get("aces", [])]
    up = parent(key)
    if entry.get("protected") or not up or find(fs, up) is None:
        return aces
    for ace in effective(fs, up):
        flags = set(ace["flags"]) - {"ID", "IO"}
        if entry["type"] == "dir" and "CI" in flags:
            inherited = [] if "NP" in flags else sorted(flags - {"NP"})
        elif entry["type"] == "dir" and "OI" in flags and "NP" not in flags:
            inherited = ["IO", "OI"]
        elif entry["type"] == "file" and "OI" in flags:
            inherited = []
        else:
            continue
        aces.append({"type": ace["type"], "sid": ace["sid"], "mask": ace["mask"], "flags": inherited + ["ID"]})
    return aces


def sddl(fs, path):
    key = find(fs, path)
    entry = fs[key]
    parts = []
    for ace in effective(fs, path):
        flags = "".join(f for f in ("OI", "CI", "NP", "IO", "ID") if f in ace["flags"])
        rights = "FA" if ace["mask"] == 0x1F01FF else "0x%x" % ace["mask"]
        parts.append("(%s;%s;%s;;;%s)" % (ace["type"], flags, rights, ALIASES.get(ace["sid"], ace["sid"])))
    owner = ALIASES.get(entry["owner"], entry["owner"])
    return "O:%sG:SYD:%s%s" % (owner, "PAI" if entry.get("protected") else "AI", "".join(parts))


def new_entry(kind, task_vars, content=None):
    entry = {"type": kind, "owner": task_vars.get("fake_fs_user") or DEFAULT_USER, "protected": False, "aces": []}
    if content is not None:
        entry["content"] = content
    return entry
