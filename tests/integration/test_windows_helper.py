# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role ships the credential helper to a Windows host, run on the controller against a test double.

``fake_windows/`` holds action plugins standing in for ansible.windows (win_file, win_copy, win_owner, win_acl,
win_acl_inheritance, win_stat, win_powershell answering the role's Get-Acl read) over a JSON "file system" with
owners and access rules, next to the fake registry. The role's real tasks (tasks/windows_credential_helper.yml) run end to end:
check mode changes nothing, the real run installs the helper owned by Administrators with SYSTEM/Administrators full
control and Users read and execute only, a re-run changes nothing, a user-writable helper is repaired, a folder above
that users can change stops the host untouched, and a rule that does not go away fails the read-back. This proves
the role's logic and the module calls it makes, not the behaviour of the real modules on a real Windows host.
"""

from __future__ import annotations

import json

import pytest

from windows_double import prepare, run_role

TOKEN = "tok-WinHelper-6Qd9Lx2Va7"
DEST = "C:\\Program Files\\cowork3p\\credential-helper.cmd"
FOLDER = "C:\\Program Files\\cowork3p"
SY, BA, BU, AU = "S-1-5-18", "S-1-5-32-544", "S-1-5-32-545", "S-1-5-11"
TI = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"
CONTENT = "@echo off\r\necho %s\r\n" % TOKEN
SETTINGS = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gateway.example.test",
            "inferenceCredentialHelper": DEST, "inferenceModels": ["claude-sonnet-4"]}


def ace(sid, mask, *flags):
    return {"type": "A", "sid": sid, "mask": mask, "flags": sorted(flags)}


def windows_drive():
    """C:\\ and C:\\Program Files as a fresh Windows install has them (rules for SIDs, not names)."""
    return {
        "C:\\": {"type": "dir", "owner": TI, "protected": True,
                 "aces": [ace(SY, 0x1F01FF, "OI", "CI"), ace(BA, 0x1F01FF, "OI", "CI"), ace(BU, 0x1200A9, "OI", "CI"),
                          ace(AU, 0x100004), ace(AU, 0x1301BF, "OI", "CI", "IO")]},
        "C:\\Program Files": {"type": "dir", "owner": TI, "protected": True,
                              "aces": [ace(TI, 0x1F01FF, "CI"), ace(SY, 0x1301BF, "OI", "CI"),
                                       ace(BA, 0x1301BF, "OI", "CI"), ace(BU, 0x1200A9, "OI", "CI"),
                                       ace("S-1-3-0", 0x10000000, "OI", "CI", "IO")]},
    }


class Host:
    def __init__(self, tmp_path):
        prepare(tmp_path)
        self.tmp = tmp_path
        self.fs_file = tmp_path / "fs.json"
        self.set(windows_drive())

    def set(self, fs):
        self.fs_file.write_text(json.dumps(fs))

    def fs(self):
        return json.loads(self.fs_file.read_text())

    def entry(self, path):
        return self.fs()[path]

    def run(self, *args, **extra):
        host_vars = {"cowork3p_settings": SETTINGS, "cowork3p_helper_content": CONTENT,
                     "fake_registry_file": str(self.tmp / "registry.json"), "fake_fs_file": str(self.fs_file)}
        return run_role(self.tmp, dict(host_vars, **extra), TOKEN, args)


@pytest.fixture
def host(tmp_path):
    return Host(tmp_path)


def assert_secured(host):
    for path, flags in ((FOLDER, ["CI", "OI"]), (DEST, [])):
        entry = host.entry(path)
        assert entry["owner"] == BA and entry["protected"], (path, entry)
        assert sorted((a["sid"], a["mask"], a["flags"]) for a in entry["aces"]) == sorted(
            [(SY, 0x1F01FF, flags), (BA, 0x1F01FF, flags), (BU, 0x1200A9, flags)]), (path, entry["aces"])
    assert host.entry(DEST)["content"] == CONTENT


def test_check_then_ship_then_nothing_to_do(host):
    before = host.fs()
    proc, result = host.run("--check", "--diff", "-vvv")
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert host.fs() == before, "check mode wrote"
    assert result["changed"] and result["helper"]["changed"] and not result["helper"]["verified"]

    proc, result = host.run("--diff", "-vvv")
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert_secured(host)
    assert result["helper"] == {"path": DEST, "changed": True, "verified": True}
    # the folders above were only read
    assert {k: v for k, v in host.fs().items() if k in before} == before

    proc, result = host.run()
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert not result["changed"] and result["helper"] == {"path": DEST, "changed": False, "verified": True}


def test_a_user_writable_helper_is_repaired(host):
    proc, _result = host.run()
    assert proc.returncode == 0, proc.stdout[-4000:]
    fs = host.fs()
    fs[DEST]["aces"].append(ace(BU, 0x1301BF))                   # Users: Modify on the helper
    fs[DEST]["protected"] = False                                # and inheriting again
    fs[DEST]["content"] = "@echo off\r\necho stolen\r\n"
    fs[DEST]["owner"] = "S-1-5-21-1-2-3-1001"
    fs[FOLDER]["aces"].append(ace(AU, 0x100116, "OI", "CI"))     # Authenticated Users: Write on the folder
    host.set(fs)

    proc, result = host.run("--check")
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert host.fs() == fs and result["helper"]["changed"]

    proc, result = host.run()
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert_secured(host)
    assert result["helper"]["changed"] and result["helper"]["verified"]

    proc, result = host.run()
    assert proc.returncode == 0 and not result["helper"]["changed"], proc.stdout[-4000:]


def test_a_folder_above_that_users_can_change_stops_the_host_untouched(host):
    fs = host.fs()
    fs["C:\\Program Files"]["aces"].append(ace(BU, 0x1301BF, "OI", "CI"))   # Users: Modify (delete entries)
    host.set(fs)
    for args in (("--check",), ()):
        proc, _result = host.run(*args)
        assert proc.returncode != 0
        assert ("the folder C:\\Program Files above the credential helper %s is writable by %s" % (DEST, BU)
                in proc.stdout.replace("\\\\", "\\")), proc.stdout[-4000:]
        assert "rule: every folder above the helper owned by SYSTEM, Administrators or TrustedInstaller" in proc.stdout
        assert host.fs() == fs, "something was written"


def test_a_rule_that_stays_fails_the_read_back(host):
    proc, _result = host.run()
    assert proc.returncode == 0, proc.stdout[-4000:]
    fs = host.fs()
    fs[DEST]["aces"].append(ace(BU, 0x1301BF))
    host.set(fs)
    proc, _result = host.run(fake_fs_acl_stuck=DEST)
    assert proc.returncode != 0
    assert "the credential helper does not pass the read-back" in proc.stdout, proc.stdout[-4000:]
    assert "writable by %s (access mask 0x1301BF)" % BU in proc.stdout
