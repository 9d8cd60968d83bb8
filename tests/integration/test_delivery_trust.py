# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Linux delivery the app will read (reference §1.4), on six loopback SSH hosts, one per broken state:

  h1 file owned by another user      h2 file mode 0666          h3 directory mode 0777
  h4 directory is a symlink          h5 file is a symlink       h6 directory owned by another user
  h7 macOS per-user Managed Preferences: folder 0777 owned by another user, file 0666 (macOS paths on Linux)

The audit calls each "rejected" (by the app), naming the rule; deploy repairs h1, h2, h3, h6 and h7 (check
mode first: nothing changes; then real: repaired and verified; then again: unchanged) and fails h4 and h5 with the
reason (the role does not replace a symlink it did not make); the audit then finds the repaired hosts
compliant. Role options that would break the rules stop the rollout before any host is touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat

import pytest

from cowork3p_lab import Lab, ROOT

SECRET = "sk-cowork3p-TRUST-TESTKEY-do-not-leak"
SETTINGS = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://gateway.example.test",
    "inferenceGatewayApiKey": SECRET,
    "inferenceModels": ["claude-sonnet-4"],
}
DEPLOY = os.path.join(ROOT, "playbooks", "deploy.yml")
AUDIT = os.path.join(ROOT, "playbooks", "audit.yml")
NOBODY = 65534
# h4's settings live one folder down, so that folder can be a symlink (the lab's /etc/claude-desktop is a mount)
HOST_VARS = {"h4": {"cowork3p_linux_path": "/etc/claude-desktop/sub/managed-settings.json"},
             "h7": {"cowork3p_os": "macos", "cowork3p_macos_delivery": "managed_preferences",
                    "cowork3p_macos_users": ["alice"], "cowork3p_macos_group": "root"}}


@pytest.fixture
def lab(tmp_path):
    yield from Lab.running("it-trust", "127.77.9", 7, tmp_path)


def etc(lab, i):
    """Host i's /etc/claude-desktop, as the build machine sees it."""
    return os.path.join(lab.host_root(i), "etc-claude-desktop")


def managed(lab, i):
    return os.path.join(etc(lab, i), "managed-settings.json")


def alice(lab):
    """h7's /Library/Managed Preferences/alice, as the build machine sees it."""
    return os.path.join(lab.host_root(7), "managed-preferences", "alice")


def break_hosts(lab):
    old = json.dumps({"inferenceProvider": "bedrock"})
    for i in (1, 2, 3, 6):
        with open(managed(lab, i), "w") as handle:
            handle.write(old)
        os.chmod(managed(lab, i), 0o644)
    os.chown(managed(lab, 1), NOBODY, NOBODY)
    os.chmod(managed(lab, 2), 0o666)
    os.chmod(etc(lab, 3), 0o777)
    os.chown(etc(lab, 6), NOBODY, NOBODY)
    os.mkdir(os.path.join(etc(lab, 4), "real"))
    with open(os.path.join(etc(lab, 4), "real", "managed-settings.json"), "w") as handle:
        handle.write(old)
    os.symlink("/etc/claude-desktop/real", os.path.join(etc(lab, 4), "sub"))
    with open(os.path.join(etc(lab, 5), "elsewhere.json"), "w") as handle:
        handle.write(old)
    os.symlink("/etc/claude-desktop/elsewhere.json", managed(lab, 5))
    os.mkdir(alice(lab))
    plist = os.path.join(alice(lab), "com.anthropic.claudefordesktop.plist")
    with open(plist, "wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict></dict></plist>')
    os.chmod(plist, 0o666)
    os.chown(alice(lab), NOBODY, NOBODY)
    os.chmod(alice(lab), 0o777)


def digest(lab):
    out = {}
    for i in range(1, 8):
        for base, dirs, files in os.walk(etc(lab, i)) if i < 7 else os.walk(alice(lab)):
            for name in dirs + files:
                full = os.path.join(base, name)
                st = os.lstat(full)
                data = b"" if not stat.S_ISREG(st.st_mode) else open(full, "rb").read()
                out[full] = (hashlib.sha256(data).hexdigest(), st.st_mode, st.st_uid, st.st_gid)
        top = etc(lab, i) if i < 7 else alice(lab)
        if os.path.lexists(top):
            st = os.lstat(top)
            out[top] = (st.st_mode, st.st_uid, st.st_gid)
    return out


def audit(lab, inventory, report_dir):
    run = lab.playbook(AUDIT, inventory, extra_vars={"cowork3p_audit_dir": report_dir})
    assert run.returncode == 0, run.stdout[-4000:]
    assert SECRET not in run.stdout
    with open(os.path.join(report_dir, "report.json")) as handle:
        report = json.load(handle)
    assert SECRET not in json.dumps(report)
    return report


def test_broken_states_audited_repaired_or_refused(lab, tmp_path):
    inventory = lab.inventory(host_vars=HOST_VARS, group_vars={"cowork3p_settings": SETTINGS})
    break_hosts(lab)
    report_dir = str(tmp_path / "report")

    report = audit(lab, inventory, report_dir)
    status = {h: r["status"] for h, r in report["hosts"].items()}
    assert status == {h: "rejected" for h in ("h1", "h2", "h3", "h4", "h5", "h6", "h7")}, status
    rules = {h: r["files"][0]["rules"] for h, r in report["hosts"].items()}
    assert rules == {"h1": ["file_owner"], "h2": ["file_writable"], "h3": ["dir_writable"], "h4": ["dir_symlink"],
                     "h5": ["file_symlink"], "h6": ["dir_owner"], "h7": ["dir_owner", "dir_writable", "file_writable"]}
    assert report["counts"]["rejected"] == 7
    markdown = open(os.path.join(report_dir, "report.md")).read()
    assert "Rejected by the app" in markdown and "the directory is group- or world-writable" in markdown

    # a relative summary file lands in the directory the command ran from (lab.playbook runs in tmp_path)
    summary_file = str(tmp_path / "summary.json")
    extra = {"cowork3p_batches": ["100%"], "cowork3p_max_failures": 7, "cowork3p_summary_file": "summary.json"}

    before = digest(lab)
    run = lab.playbook(DEPLOY, inventory, "--check", extra_vars=extra)
    assert digest(lab) == before, "check mode changed a host"
    summary = json.load(open(summary_file))
    assert summary["changed"] == ["h1", "h2", "h3", "h6", "h7"] and summary["failed"] == ["h4", "h5"], run.stdout[-4000:]

    run = lab.playbook(DEPLOY, inventory, extra_vars=extra)
    assert run.returncode != 0, "h4 and h5 cannot be repaired"
    summary = json.load(open(summary_file))
    assert summary["changed"] == ["h1", "h2", "h3", "h6", "h7"] and summary["failed"] == ["h4", "h5"], run.stdout[-4000:]
    assert "summary: %s" % summary_file in run.stdout
    assert "symbolic link" in summary["errors"]["h4"] and "symbolic link" in summary["errors"]["h5"]
    for i in (1, 2, 3, 6):
        for path, mode in ((managed(lab, i), 0o644), (etc(lab, i), 0o755)):
            st = os.lstat(path)
            assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (0, 0, mode), (path, st)
        with open(managed(lab, i)) as handle:
            assert json.load(handle) == SETTINGS
    for path, mode in ((os.path.join(alice(lab), "com.anthropic.claudefordesktop.plist"), 0o644), (alice(lab), 0o755)):
        st = os.lstat(path)
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (0, 0, mode), (path, st)
    assert os.path.islink(os.path.join(etc(lab, 4), "sub")) and os.path.islink(managed(lab, 5)), "links left as found"
    assert open(os.path.join(etc(lab, 5), "elsewhere.json")).read() == json.dumps({"inferenceProvider": "bedrock"})

    run = lab.playbook(DEPLOY, inventory, extra_vars=extra)
    summary = json.load(open(summary_file))
    assert summary["unchanged"] == ["h1", "h2", "h3", "h6", "h7"] and summary["changed"] == [], run.stdout[-4000:]
    assert SECRET not in run.stdout

    report = audit(lab, inventory, report_dir)
    status = {h: r["status"] for h, r in report["hosts"].items()}
    assert status == {"h1": "compliant", "h2": "compliant", "h3": "compliant", "h4": "rejected",
                      "h5": "rejected", "h6": "compliant", "h7": "compliant"}, status


@pytest.mark.parametrize("option, value, fragment", [
    ("cowork3p_linux_mode", "0666", "cowork3p_linux_mode '0666': group- or world-writable"),
    ("cowork3p_linux_directory_mode", "0775", "cowork3p_linux_directory_mode '0775'"),
    ("cowork3p_linux_owner", "nobody", "cowork3p_linux_owner 'nobody': the app reads only a root-owned file"),
])
def test_options_the_app_would_reject_stop_before_any_host(lab, tmp_path, option, value, fragment):
    inventory = lab.inventory(group_vars={"cowork3p_settings": SETTINGS}, host_vars={"h2": {option: value}})
    before = digest(lab)
    run = lab.playbook(DEPLOY, inventory)
    assert run.returncode != 0
    assert fragment in run.stdout and "1 host(s): h2" in run.stdout, run.stdout[-4000:]
    assert digest(lab) == before and not any(os.path.exists(managed(lab, i)) for i in range(1, 7))
    assert not os.path.exists(alice(lab))
