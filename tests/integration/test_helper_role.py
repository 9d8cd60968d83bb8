# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role ships the credential helper (deploy.yml with cowork3p_check_helper) on two loopback SSH hosts:
check mode writes nothing, the real run installs it root-owned 0755 (h2 behind a wrapper with arguments) and the
check passes, a re-run changes nothing, a user-writable helper is repaired, a path mismatch stops before any host
is touched, and audit.yml reports the helper. The token never appears in the output."""

from __future__ import annotations

import json
import os
import stat
import subprocess

import pytest

from cowork3p_lab import Lab, ROOT

TOKEN = "tok-RoleHelper-8Hn2Wq5Zr1"
DEST = "/etc/claude-desktop/bin/credential-helper"     # inside the lab hosts' private /etc/claude-desktop
SETTINGS = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://gateway.example.test",
    "inferenceCredentialHelper": DEST,
    "inferenceModels": ["claude-sonnet-4"],
}
COMMON = {"cowork3p_settings": SETTINGS, "cowork3p_helper_dest_linux": DEST,
          "cowork3p_helper_content": "#!/bin/sh\necho %s\n" % TOKEN}
HOST_VARS = {"h2": {"cowork3p_helper_content": '#!/bin/sh\n[ "$1" = --profile ] && [ "$2" = "corp sso" ] && echo %s\n'
                                               % TOKEN, "cowork3p_helper_args": ["--profile", "corp sso"]}}
DEPLOY = os.path.join(ROOT, "playbooks", "deploy.yml")


@pytest.fixture
def lab(tmp_path):
    yield from Lab.running("it-helper-role", "127.77.19", 2, tmp_path)


def helper_path(lab, i, suffix=""):
    return os.path.join(lab.host_root(i), "etc-claude-desktop", "bin", "credential-helper" + suffix)


def deploy(lab, tmp_path, inventory, *args, **extra):
    summary = str(tmp_path / "summary.json")
    extra_vars = dict({"cowork3p_batches": ["100%"], "cowork3p_check_helper": True, "cowork3p_summary_file": summary},
                      **extra)
    run = lab.playbook(DEPLOY, inventory, *args, extra_vars=extra_vars)
    assert TOKEN not in run.stdout
    result = None
    if os.path.exists(summary):
        with open(summary) as handle:
            result = json.load(handle)
        os.unlink(summary)
    return run, result


def test_ship_check_repair_and_audit(lab, tmp_path):
    for i in (1, 2):
        os.chmod(os.path.join(lab.host_root(i), "etc-claude-desktop"), 0o755)
    inventory = lab.inventory(group_vars=COMMON, host_vars=HOST_VARS)

    run, _summary = deploy(lab, tmp_path, inventory, "--check")
    assert run.returncode == 0, run.stdout[-4000:]
    assert not os.path.exists(helper_path(lab, 1)) and not os.path.exists(helper_path(lab, 2))

    run, summary = deploy(lab, tmp_path, inventory, "-vvvv")
    assert run.returncode == 0, run.stdout[-4000:]
    assert sorted(summary["changed"]) == ["h1", "h2"], summary
    for path in (helper_path(lab, 1), helper_path(lab, 2), helper_path(lab, 2, "-program")):
        st = os.stat(path)
        assert st.st_uid == 0 and stat.S_IMODE(st.st_mode) == 0o755, path
        folder = os.stat(os.path.dirname(path))
        assert folder.st_uid == 0 and stat.S_IMODE(folder.st_mode) == 0o755
    with open(helper_path(lab, 2)) as handle:
        assert "exec %s-program --profile 'corp sso'" % DEST in handle.read()
    assert "credential helper check passed" in run.stdout

    run, summary = deploy(lab, tmp_path, inventory)
    assert run.returncode == 0 and summary["changed"] == [] and sorted(summary["unchanged"]) == ["h1", "h2"], summary

    os.chmod(helper_path(lab, 1), 0o777)
    run, summary = deploy(lab, tmp_path, inventory)
    assert run.returncode == 0 and summary["changed"] == ["h1"], summary
    assert stat.S_IMODE(os.stat(helper_path(lab, 1)).st_mode) == 0o755

    report_dir = str(tmp_path / "report")
    audit = lab.playbook(os.path.join(ROOT, "playbooks", "audit.yml"), inventory,
                         extra_vars={"cowork3p_audit_helper": True, "cowork3p_audit_dir": report_dir})
    assert audit.returncode == 0, audit.stdout[-4000:]
    with open(os.path.join(report_dir, "report.json")) as handle:
        text = handle.read()
    assert TOKEN not in text and TOKEN not in audit.stdout
    report = json.loads(text)
    assert report["helper_counts"] == {"passed": 2, "failed": 0}
    assert report["hosts"]["h1"]["helper"]["kind"] == "bare" and report["hosts"]["h1"]["helper"]["fingerprint"]
    fingerprint = report["hosts"]["h1"]["helper"]["fingerprint"]
    for name in ("report.md", "report.html"):
        with open(os.path.join(report_dir, name)) as handle:
            text = handle.read()
        assert "Credential helper" in text and "2 passed, 0 failed" in text and fingerprint in text, name
        assert TOKEN not in text, name
    # a validator the project did not write: xmllint's HTML parser reports no error on the whole report
    lint = subprocess.run(["xmllint", "--html", "--noout", os.path.join(report_dir, "report.html")],
                          capture_output=True, text=True, check=False)
    assert lint.returncode == 0 and lint.stderr == "", lint.stderr


def test_folders_above_the_helper_are_checked_and_only_its_own_folder_repaired(lab, tmp_path):
    """Every folder above the helper's own folder, up to /, must not be writable by users: the role refuses one it did
    not create (naming it and the rule) rather than chmod it, and repairs the helper's own folder."""
    dest = "/etc/claude-desktop/corp/bin/credential-helper"
    corp = os.path.join(lab.host_root(1), "etc-claude-desktop", "corp")
    own = os.path.join(corp, "bin")
    helper = os.path.join(own, "credential-helper")
    os.chmod(os.path.join(lab.host_root(1), "etc-claude-desktop"), 0o755)
    os.makedirs(own)
    os.chmod(corp, 0o775)
    os.chown(corp, 0, 1000)                # group-writable by a group that is not an admin group
    os.chmod(own, 0o777)
    inventory = lab.inventory(group_vars=dict(COMMON, cowork3p_settings=dict(SETTINGS, inferenceCredentialHelper=dest),
                                              cowork3p_helper_dest_linux=dest))
    message = ("the folder /etc/claude-desktop/corp above the credential helper %s is writable by group gid 1000 "
               "(mode 0775)" % dest)

    for args in (("--check",), ()):
        run, _summary = deploy(lab, tmp_path, inventory, "--limit", "h1", *args, cowork3p_check_helper=False)
        assert run.returncode != 0 and message in run.stdout, run.stdout[-4000:]
        assert "rule: every folder above the helper owned by root" in run.stdout
        assert not os.path.exists(helper)
        assert stat.S_IMODE(os.stat(corp).st_mode) == 0o775, "a folder the role did not create was changed"
        assert stat.S_IMODE(os.stat(own).st_mode) == 0o777

    os.chmod(corp, 0o755)                  # the admin fixes it; the helper's own folder stays user-writable
    run, _summary = deploy(lab, tmp_path, inventory, "--limit", "h1", "--check")
    assert run.returncode == 0, run.stdout[-4000:]
    assert not os.path.exists(helper) and stat.S_IMODE(os.stat(own).st_mode) == 0o777, "check mode changed something"

    run, summary = deploy(lab, tmp_path, inventory, "--limit", "h1")
    assert run.returncode == 0 and summary["changed"] == ["h1"], run.stdout[-4000:]
    assert stat.S_IMODE(os.stat(own).st_mode) == 0o755 and os.stat(own).st_uid == 0, "own folder not repaired"
    assert stat.S_IMODE(os.stat(helper).st_mode) == 0o755 and os.stat(helper).st_uid == 0

    run, summary = deploy(lab, tmp_path, inventory, "--limit", "h1")
    assert run.returncode == 0 and summary["changed"] == [] and summary["unchanged"] == ["h1"], summary


def test_mismatch_stops_before_any_host(lab, tmp_path):
    before = os.listdir(os.path.join(lab.host_root(1), "etc-claude-desktop"))
    inventory = lab.inventory(group_vars=dict(COMMON, cowork3p_settings=dict(SETTINGS, inferenceCredentialHelper="/opt/other")))
    run, _summary = deploy(lab, tmp_path, inventory)
    assert run.returncode != 0 and "must be the same path" in run.stdout, run.stdout[-3000:]
    assert os.listdir(os.path.join(lab.host_root(1), "etc-claude-desktop")) == before

    inventory = lab.inventory(group_vars={"cowork3p_settings": dict(SETTINGS, inferenceGatewayApiKey="sk-static-1234567890")})
    run, _summary = deploy(lab, tmp_path, inventory)
    assert run.returncode != 0 and "cowork3p_helper_present is not true" in run.stdout, run.stdout[-3000:]
    assert "sk-static-1234567890" not in run.stdout
