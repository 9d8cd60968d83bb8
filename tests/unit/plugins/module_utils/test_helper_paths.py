# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _helper_paths: who other than an administrator can replace a file through it or a folder
above it (the rule managed_file and credential_helper_check share)."""

from __future__ import annotations

import stat

from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper_paths as hp


class _St:
    def __init__(self, uid=0, gid=0, mode=0o40755):
        self.st_uid, self.st_gid, self.st_mode = uid, gid, mode


def _stat_of(tree):
    def stat_fn(path):
        if path not in tree:
            raise FileNotFoundError(path)
        return tree[path]
    return stat_fn


def test_every_folder_above_the_helpers_own_folder_is_checked_up_to_the_root():
    helper = "/opt/corp/bin/credential-helper"
    sound = {"/": _St(), "/opt": _St(), "/opt/corp": _St(), "/opt/corp/bin": _St(uid=1000, mode=0o40777)}
    # the helper's own folder is managed_file's to repair, not a reason to refuse
    assert hp.ancestor_problem(helper, _stat_of(sound)) is None
    # folders that do not exist yet are created root 0755
    assert hp.ancestor_problem(helper, _stat_of({"/": _St()})) is None
    got = hp.ancestor_problem(helper, _stat_of(dict(sound, **{"/opt/corp": _St(gid=1000, mode=0o40775)})))
    assert got.startswith("the folder /opt/corp above the credential helper %s is writable by group gid 1000 (mode 0775)"
                          % helper)
    assert "rule: every folder above the helper owned by root" in got and "the helper was not installed" in got
    got = hp.ancestor_problem(helper, _stat_of(dict(sound, **{"/opt": _St(uid=501)})))
    assert "folder /opt above the credential helper %s is owned by uid 501" % helper in got
    assert "folder / above" in hp.ancestor_problem(helper, _stat_of(dict(sound, **{"/": _St(mode=0o40777)})))
    # a sticky root-owned folder (/tmp-like) and the admin groups (wheel 0, admin 80) are fine
    assert hp.ancestor_problem(helper, _stat_of(dict(sound, **{"/opt": _St(mode=0o41777)}))) is None
    assert hp.ancestor_problem(helper, _stat_of(dict(sound, **{"/opt": _St(gid=80, mode=0o40775)}))) is None


def test_a_folder_that_cannot_be_read_is_named():
    def stat_fn(path):
        raise PermissionError(13, "Permission denied")
    assert "cannot check the folder /opt/corp" in hp.ancestor_problem("/opt/corp/bin/h", stat_fn)


def test_non_admin_writer_names_who_can_write():
    assert hp.non_admin_writer(_St(mode=stat.S_IFREG | 0o644)) is None
    assert hp.non_admin_writer(_St(uid=0, gid=0, mode=stat.S_IFREG | 0o664)) is None          # root's group
    assert hp.non_admin_writer(_St(uid=0, gid=80, mode=stat.S_IFDIR | 0o775)) is None         # macOS admin
    assert hp.non_admin_writer(_St(uid=33, mode=stat.S_IFREG | 0o600)) == \
        "owned by uid 33 (not root), which can replace it"
    assert hp.non_admin_writer(_St(mode=stat.S_IFREG | 0o646)) == "writable by every user (mode 0646)"
    # the sticky bit protects entries of a folder, not a file
    assert hp.non_admin_writer(_St(mode=stat.S_IFDIR | stat.S_ISVTX | 0o777)) is None
    assert hp.non_admin_writer(_St(mode=stat.S_IFREG | stat.S_ISVTX | 0o777)) == "writable by every user (mode 1777)"
    assert hp.non_admin_writer(_St(gid=1000, mode=stat.S_IFREG | 0o660)) == "writable by group gid 1000 (mode 0660)"
    # the administrator groups are a parameter
    assert hp.non_admin_writer(_St(gid=1000, mode=stat.S_IFDIR | 0o770), admin_gids=(1000,)) is None
