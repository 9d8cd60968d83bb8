# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""When Claude Desktop accepts a managed settings file: the one place these rules are written down.

Reference §1.4 (Linux): the file is honoured only when it is a regular file (not a symlink), owned by
root, not group- or world-writable, inside a root-owned directory that is not a symlink and not group-
or world-writable. The newest release treats a file failing these checks as "managed but unreadable"
and disables local settings; older ones ignore it. The collection applies the same rules to the macOS
Managed Preferences files (root-owned, written by the system or an MDM); the reference does not state
what the app checks on macOS, so there they are the collection's own rules.

Used by ``_delivery`` (the managed_file module's verification, on the endpoint, from ``os.lstat``) and
by the audit filter (on the controller, from ``ansible.builtin.stat`` results). Pure standard library.
"""

from __future__ import annotations

import stat as _stat
from typing import Any, Dict, List, Mapping, Optional

GROUP_WORLD_WRITE = 0o022

# what the delivery makes (root group is gid 0 on both: "root" on Linux, "wheel" on macOS)
ROOT_GROUP = {"linux": "root", "macos": "wheel"}

RULES = {
    "file_missing": "the file does not exist",
    "file_symlink": "the file is a symbolic link (the app reads only a regular file)",
    "file_not_regular": "the file is not a regular file",
    "file_owner": "the file is not owned by root",
    "file_writable": "the file is group- or world-writable",
    "dir_missing": "the directory does not exist",
    "dir_symlink": "the directory is a symbolic link",
    "dir_not_directory": "the directory is not a directory",
    "dir_owner": "the directory is not owned by root",
    "dir_writable": "the directory is group- or world-writable",
}


def entry_from_stat(st: Optional[Any]) -> Optional[Dict[str, Any]]:
    """{kind, uid, mode} from an ``os.lstat`` result (None when the path does not exist)."""
    if st is None:
        return None
    if _stat.S_ISLNK(st.st_mode):
        kind = "link"
    elif _stat.S_ISREG(st.st_mode):
        kind = "file"
    elif _stat.S_ISDIR(st.st_mode):
        kind = "directory"
    else:
        kind = "other"
    return {"kind": kind, "uid": st.st_uid, "mode": _stat.S_IMODE(st.st_mode)}


def entry_from_ansible_stat(result: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """{kind, uid, mode} from the ``stat`` of an ``ansible.builtin.stat`` result (follow: false)."""
    if not isinstance(result, Mapping) or not result.get("exists"):
        return None
    if result.get("islnk"):
        kind = "link"
    elif result.get("isreg"):
        kind = "file"
    elif result.get("isdir"):
        kind = "directory"
    else:
        kind = "other"
    try:
        mode = int(str(result.get("mode", "")), 8)
    except ValueError:
        mode = None
    uid = result.get("uid")
    return {"kind": kind, "uid": uid if isinstance(uid, int) else None, "mode": mode}


def _writable(mode: Optional[int]) -> bool:
    return mode is None or bool(mode & GROUP_WORLD_WRITE)


def _entry_problems(entry: Optional[Mapping[str, Any]], prefix: str, kind: str, not_kind: str) -> List[str]:
    if entry is None:
        return [prefix + "_missing"]
    if entry.get("kind") == "link":
        return [prefix + "_symlink"]
    if entry.get("kind") != kind:
        return [prefix + not_kind]
    out = []
    if entry.get("uid") != 0:
        out.append(prefix + "_owner")
    if _writable(entry.get("mode")):
        out.append(prefix + "_writable")
    return out


def acceptance_problems(file_entry: Optional[Mapping[str, Any]],
                        dir_entry: Optional[Mapping[str, Any]]) -> List[str]:
    """The rule names (keys of RULES) that the file and its parent directory break; [] = the app reads it.

    Entries are {kind: file|directory|link|other, uid: int, mode: int} (see entry_from_stat); None = absent.
    An unknown uid or mode counts as breaking the rule (the audit cannot prove otherwise).
    """
    return (_entry_problems(dir_entry, "dir", "directory", "_not_directory")
            + _entry_problems(file_entry, "file", "file", "_not_regular"))


def describe(problems: List[str], path: str, directory: str) -> List[str]:
    """Readable sentences for rule names, naming the path each one is about."""
    return ["%s: %s" % (directory if name.startswith("dir_") else path, RULES.get(name, name)) for name in problems]


def _mode_value(mode: Any) -> Optional[int]:
    if mode is None or mode == "":
        return None
    if isinstance(mode, bool):
        return -1
    if isinstance(mode, int):
        return mode
    try:
        return int(str(mode).strip(), 8)
    except ValueError:
        return -1


def option_problems(owner: Any = None, group: Any = None, mode: Any = None, directory_mode: Any = None,
                    os_name: str = "linux") -> List[str]:
    """Why delivery options would produce a file the app rejects (empty when they are fine).

    owner must be root (or 0), group the root group: gid 0, named root on Linux and wheel on macOS (either
    name is taken, the endpoint resolves it and the delivery checks the gid is 0), and neither mode may
    carry group- or world-write bits. An unset value is fine (the delivery uses the accepted default).
    Messages name the value and the rule.
    """
    out = []
    if owner not in (None, "") and str(owner) not in ("root", "0"):
        out.append("owner %r: the app reads only a root-owned file" % (owner,))
    root_group = ROOT_GROUP.get(os_name, "root")
    if group not in (None, "") and str(group) not in ("root", "wheel", "0"):
        out.append("group %r: the file must belong to the root group (%s)" % (group, root_group))
    for what, value in (("mode", mode), ("directory mode", directory_mode)):
        number = _mode_value(value)
        if number is None:
            continue
        if number < 0 or number > 0o7777:
            out.append("%s %r is not an octal mode such as '0644'" % (what, value))
        elif number & GROUP_WORLD_WRITE:
            out.append("%s %r: group- or world-writable (%04o), which the app rejects" % (what, value, number))
    return out


# role option names of the files the app reads (managed_settings role), per OS
ROLE_FILE_OPTIONS = {
    "linux": ("cowork3p_linux_owner", "cowork3p_linux_group", "cowork3p_linux_mode", "cowork3p_linux_directory_mode"),
    "macos": ("cowork3p_macos_owner", "cowork3p_macos_group", "cowork3p_macos_file_mode",
              "cowork3p_macos_directory_mode"),
}


def role_option_problems(options: Mapping[str, Any]) -> List[str]:
    """Messages for the managed_settings role options (one host's, defaults filled in) that break the rules.

    Linux options are checked unless cowork3p_os says macos/windows; the macOS file options only for the
    managed_preferences delivery (the staged profile and the per-user configLibrary are not such files).
    """
    host_os = str(options.get("cowork3p_os") or "auto")
    out = []
    for os_name, names in ROLE_FILE_OPTIONS.items():
        if host_os not in ("auto", os_name):
            continue
        if os_name == "macos" and options.get("cowork3p_macos_delivery", "managed_preferences") != "managed_preferences":
            continue
        owner, group, mode, dmode = (options.get(n) for n in names)
        labels = dict(zip(("owner", "group", "mode", "directory mode"), names))
        for text in option_problems(owner, group, mode, dmode, os_name=os_name):
            what = next(k for k in ("directory mode", "owner", "group", "mode") if text.startswith(k + " "))
            out.append(labels[what] + text[len(what):])
    return out
