# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The app's acceptance rules for a managed settings file (one function), and the delivery that enforces them."""

from __future__ import annotations

import json
import os
import stat

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _acceptance as acc
from ansible_collections.cowork3p.fleet.plugins.module_utils import _delivery
from ansible_collections.cowork3p.fleet.plugins.module_utils._delivery import DeliveryError, deliver

GOOD_FILE = {"kind": "file", "uid": 0, "mode": 0o644}
GOOD_DIR = {"kind": "directory", "uid": 0, "mode": 0o755}
CONTENT = json.dumps({"inferenceProvider": "gateway"}) + "\n"
NOBODY = 65534
root_only = pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")


@pytest.mark.parametrize("file_entry, dir_entry, expected", [
    (GOOD_FILE, GOOD_DIR, []),
    (dict(GOOD_FILE, mode=0o600), dict(GOOD_DIR, mode=0o700), []),
    (dict(GOOD_FILE, uid=NOBODY), GOOD_DIR, ["file_owner"]),
    (dict(GOOD_FILE, mode=0o666), GOOD_DIR, ["file_writable"]),
    (dict(GOOD_FILE, mode=0o664), GOOD_DIR, ["file_writable"]),
    (dict(GOOD_FILE, mode=0o646), GOOD_DIR, ["file_writable"]),
    (GOOD_FILE, dict(GOOD_DIR, mode=0o777), ["dir_writable"]),
    (GOOD_FILE, dict(GOOD_DIR, mode=0o775), ["dir_writable"]),
    (GOOD_FILE, dict(GOOD_DIR, uid=NOBODY), ["dir_owner"]),
    (GOOD_FILE, {"kind": "link", "uid": 0, "mode": 0o777}, ["dir_symlink"]),
    ({"kind": "link", "uid": 0, "mode": 0o777}, GOOD_DIR, ["file_symlink"]),
    ({"kind": "directory", "uid": 0, "mode": 0o755}, GOOD_DIR, ["file_not_regular"]),
    (None, GOOD_DIR, ["file_missing"]),
    (None, None, ["dir_missing", "file_missing"]),
    (dict(GOOD_FILE, uid=None, mode=None), GOOD_DIR, ["file_owner", "file_writable"]),
    (dict(GOOD_FILE, uid=NOBODY, mode=0o666), dict(GOOD_DIR, uid=NOBODY, mode=0o777),
     ["dir_owner", "dir_writable", "file_owner", "file_writable"]),
])
def test_rules(file_entry, dir_entry, expected):
    assert acc.acceptance_problems(file_entry, dir_entry) == expected
    for text in acc.describe(expected, "/etc/claude-desktop/managed-settings.json", "/etc/claude-desktop"):
        assert text.startswith("/etc/claude-desktop")


def test_entries_from_both_stat_sources(tmp_path):
    target = tmp_path / "f"
    target.write_text("x")
    os.chmod(target, 0o640)
    assert acc.entry_from_stat(os.lstat(target)) == {"kind": "file", "uid": os.getuid(), "mode": 0o640}
    assert acc.entry_from_stat(None) is None
    ansible = {"exists": True, "isreg": True, "islnk": False, "uid": 0, "mode": "0640"}
    assert acc.entry_from_ansible_stat(ansible) == {"kind": "file", "uid": 0, "mode": 0o640}
    assert acc.entry_from_ansible_stat({"exists": True, "islnk": True, "mode": "0777", "uid": 0})["kind"] == "link"
    assert acc.entry_from_ansible_stat({"exists": False}) is None
    assert acc.entry_from_ansible_stat(None) is None
    assert acc.entry_from_ansible_stat({"exists": True, "isreg": True, "mode": "bad"})["mode"] is None


@pytest.mark.parametrize("kwargs, fragment", [
    ({"owner": "nobody"}, "owner 'nobody'"),
    ({"group": "staff", "os_name": "macos"}, "root group (wheel)"),
    ({"group": "nogroup", "os_name": "linux"}, "root group (root)"),
    ({"mode": "0666"}, "mode '0666'"),
    ({"mode": 0o664}, "group- or world-writable (0664)"),
    ({"directory_mode": "0777"}, "directory mode '0777'"),
    ({"mode": "rw-r--r--"}, "not an octal mode"),
])
def test_option_problems_name_value_and_rule(kwargs, fragment):
    found = acc.option_problems(**kwargs)
    assert len(found) == 1 and fragment in found[0], found


def test_accepted_options_pass():
    assert acc.option_problems("root", "root", "0644", "0755") == []
    assert acc.option_problems("0", "wheel", 0o600, "0700", os_name="macos") == []
    assert acc.option_problems() == []


# ----------------------------------------------------------------- the delivery that enforces the rules


def accept(path, **kw):
    return deliver(path=str(path), content=CONTENT, fmt="json", app_acceptance=True, **kw)


@root_only
def test_broken_file_and_directory_are_repaired_check_real_again(tmp_path):
    directory = tmp_path / "claude-desktop"
    directory.mkdir()
    target = directory / "managed-settings.json"
    target.write_text(CONTENT)
    os.chown(target, NOBODY, NOBODY)
    os.chmod(target, 0o666)
    os.chown(directory, NOBODY, NOBODY)
    os.chmod(directory, 0o777)

    checked = accept(target, check_mode=True)
    assert checked["changed"] and not checked["verified"]
    assert os.lstat(target).st_uid == NOBODY and stat.S_IMODE(os.lstat(directory).st_mode) == 0o777, "check mode wrote"

    done = accept(target)
    assert done["changed"] and done["verified"]
    for path, mode in ((target, 0o644), (directory, 0o755)):
        st = os.lstat(path)
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (0, 0, mode)

    again = accept(target)
    assert not again["changed"] and again["actions"] == []


@pytest.mark.parametrize("kw, fragment", [
    ({"owner": "nobody"}, "owner is uid 65534"),
    ({"mode": "0666"}, "mode 0666 is group- or world-writable"),
    ({"directory_mode": "0777"}, "directory mode 0777"),
])
def test_options_the_app_rejects_touch_nothing(tmp_path, kw, fragment):
    target = tmp_path / "new" / "managed-settings.json"
    with pytest.raises(DeliveryError, match="refusing options the app would reject") as err:
        accept(target, **kw)
    assert fragment in str(err.value)
    assert not (tmp_path / "new").exists()


def test_directory_symlink_fails_with_the_reason(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    os.symlink(str(real), str(tmp_path / "link"))
    with pytest.raises(DeliveryError, match="symbolic link"):
        accept(tmp_path / "link" / "managed-settings.json")
    assert os.listdir(str(real)) == []


def test_file_symlink_fails_with_the_reason_even_when_symlinks_are_allowed(tmp_path):
    other = tmp_path / "other.json"
    other.write_text("{}")
    os.symlink(str(other), str(tmp_path / "managed-settings.json"))
    with pytest.raises(DeliveryError, match="symbolic link"):
        accept(tmp_path / "managed-settings.json", refuse_symlinks=False)
    assert other.read_text() == "{}"


@root_only
def test_verification_fails_when_something_keeps_the_directory_writable(tmp_path, monkeypatch):
    directory = tmp_path / "d"
    directory.mkdir()
    os.chmod(directory, 0o775)
    real_apply = _delivery._apply_attrs

    def stubborn(path, uid, gid, mode, what):  # something else puts the group write bit back
        real_apply(path, uid, gid, mode, what)
        if what == "directory":
            os.chmod(path, 0o775)

    monkeypatch.setattr(_delivery, "_apply_attrs", stubborn)
    with pytest.raises(DeliveryError) as err:
        accept(directory / "managed-settings.json")
    assert "the app would reject this file" in str(err.value)
    assert "the directory is group- or world-writable" in str(err.value)


def test_verify_acceptance_names_each_rule(tmp_path):
    target = tmp_path / "f.json"
    target.write_text("{}")
    os.chmod(target, 0o666)
    os.chmod(tmp_path, 0o777)
    try:
        with pytest.raises(DeliveryError) as err:
            _delivery.verify_acceptance(str(target))
    finally:
        os.chmod(tmp_path, 0o700)
    text = str(err.value)
    assert "the file is group- or world-writable" in text and "the directory is group- or world-writable" in text


def test_role_options_name_the_variable():
    defaults = {"cowork3p_linux_owner": "root", "cowork3p_linux_group": "root", "cowork3p_linux_mode": "0644",
                "cowork3p_linux_directory_mode": "0755", "cowork3p_macos_owner": "root", "cowork3p_macos_group": "wheel",
                "cowork3p_macos_file_mode": "0644", "cowork3p_macos_directory_mode": "0755",
                "cowork3p_macos_delivery": "managed_preferences", "cowork3p_os": "auto"}
    assert acc.role_option_problems(defaults) == []
    bad = dict(defaults, cowork3p_linux_mode="0666", cowork3p_macos_directory_mode="0777")
    assert acc.role_option_problems(bad) == [
        "cowork3p_linux_mode '0666': group- or world-writable (0666), which the app rejects",
        "cowork3p_macos_directory_mode '0777': group- or world-writable (0777), which the app rejects"]
    assert acc.role_option_problems(dict(bad, cowork3p_os="linux")) == [
        "cowork3p_linux_mode '0666': group- or world-writable (0666), which the app rejects"]
    assert acc.role_option_problems(dict(bad, cowork3p_os="windows")) == []
    assert acc.role_option_problems(dict(defaults, cowork3p_os="macos", cowork3p_macos_delivery="profile",
                                         cowork3p_macos_owner="nobody")) == []
    assert acc.role_option_problems(dict(defaults, cowork3p_linux_owner="nobody")) == [
        "cowork3p_linux_owner 'nobody': the app reads only a root-owned file"]
