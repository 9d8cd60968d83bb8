# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who can replace a file by writing to it or to a folder above it (Linux, macOS).

Kept apart and small: managed_file imports it for O(trusted_ancestors) and ships it to every host it runs on;
credential_helper_check (through _helper) uses the same rule when it inspects a helper.
"""

from __future__ import annotations

import os
import stat
from typing import Any, Callable, Optional

ADMIN_GIDS = (0, 80)              # root/wheel, and macOS admin


def non_admin_writer(st: Any, admin_gids: tuple = ADMIN_GIDS) -> Optional[str]:
    """Who other than an administrator can write to a file or folder with this stat (a phrase), or None."""
    if st.st_uid != 0:
        return "owned by uid %d (not root), which can replace it" % st.st_uid
    if st.st_mode & stat.S_IWOTH:
        if stat.S_ISDIR(st.st_mode) and st.st_mode & stat.S_ISVTX:
            return None     # sticky, root-owned (/tmp-like): others cannot replace root's entries
        return "writable by every user (mode %04o)" % stat.S_IMODE(st.st_mode)
    if st.st_mode & stat.S_IWGRP and st.st_gid not in admin_gids:
        return "writable by group gid %d (mode %04o)" % (st.st_gid, stat.S_IMODE(st.st_mode))
    return None


def ancestor_problem(path: str, stat_fn: Callable[[str], Any] = os.stat, admin_gids: tuple = ADMIN_GIDS) -> Optional[str]:
    """Why a folder above the helper's own folder makes the helper replaceable by a user (a sentence), or None.

    The helper's own folder is the role's to create and repair (managed_file, root 0755); every folder above it,
    up to /, is only checked: the role did not create it and does not chmod system folders. A folder that does not
    exist yet is fine (managed_file creates it root-owned 0755). ``stat_fn`` follows symbolic links.
    """
    own = os.path.dirname(path)
    folder = os.path.dirname(own)
    while True:
        try:
            st = stat_fn(folder)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            return "cannot check the folder %s above the credential helper %s: %s" % (folder, path, exc.strerror or exc)
        who = non_admin_writer(st, admin_gids) if st is not None else None
        if who:
            return ("the folder %s above the credential helper %s is %s: a user who can write there can replace the "
                    "helper and take other users' tokens (rule: every folder above the helper owned by root and not "
                    "writable by group or others, sticky /tmp-like folders aside). The role repairs only the helper's "
                    "own folder (%s) and does not change folders it did not create: fix %s (chown root, chmod go-w) or "
                    "choose another destination (cowork3p_helper_dest_*); the helper was not installed"
                    % (folder, path, who, own, folder))
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
