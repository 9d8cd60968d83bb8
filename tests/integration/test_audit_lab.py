# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Drift audit (playbooks/audit.yml) on four loopback SSH hosts.

h1 Linux, h2 Linux (tampered after deploy), h3 macOS managed_preferences (its file removed: missing),
h4 macOS config_library (stopped: unreachable). The report must name each host with the right status,
list the tampered keys of h2 with secrets masked, never contain the API key, and the audit must not
change any host.
"""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from cowork3p_lab import Lab, ROOT

SECRET = "sk-cowork3p-AUDIT-TESTKEY-do-not-leak"
SETTINGS = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://gateway.example.test",
    "inferenceGatewayApiKey": SECRET,
    "inferenceModels": ["claude-sonnet-4", "claude-opus-4"],
    "disableAutoUpdates": True,
}
HOST_VARS = {
    "h3": {"cowork3p_os": "macos", "cowork3p_macos_delivery": "managed_preferences", "cowork3p_macos_group": "root"},
    "h4": {"cowork3p_os": "macos", "cowork3p_macos_delivery": "config_library", "cowork3p_macos_users": ["nobody"],
           "cowork3p_macos_user_group": "nogroup"},
}


@pytest.fixture
def lab(tmp_path):
    yield from Lab.running("it-audit", "127.77.3", 4, tmp_path)


def tree_digest(path):
    out = {}
    for base, _dirs, files in os.walk(path):
        for name in files:
            full = os.path.join(base, name)
            st = os.lstat(full)
            with open(full, "rb") as handle:
                out[full] = (hashlib.sha256(handle.read()).hexdigest(), st.st_mode, st.st_uid, st.st_mtime_ns)
    return out


def test_audit_names_tampered_missing_and_unreachable_hosts(lab, tmp_path):
    inventory = lab.inventory(host_vars=HOST_VARS, group_vars={"cowork3p_settings": SETTINGS})
    deploy = lab.playbook(os.path.join(ROOT, "playbooks", "deploy.yml"), inventory,
                          extra_vars={"cowork3p_batches": ["100%"]})
    assert deploy.returncode == 0, deploy.stdout[-4000:]

    report_dir = str(tmp_path / "report")
    audit = os.path.join(ROOT, "playbooks", "audit.yml")
    clean = lab.playbook(audit, inventory, extra_vars={"cowork3p_audit_dir": report_dir})
    assert clean.returncode == 0, clean.stdout[-4000:]
    report = json.load(open(os.path.join(report_dir, "report.json")))
    assert {h: r["status"] for h, r in report["hosts"].items()} == {h: "compliant" for h in ("h1", "h2", "h3", "h4")}

    # tamper with h2 (two keys, one of them the secret), remove h3's file, stop h4
    h2_file = os.path.join(lab.host_root(2), "etc-claude-desktop", "managed-settings.json")
    with open(h2_file) as handle:
        doc = json.load(handle)
    doc["inferenceModels"] = ["claude-haiku-4"]
    doc["inferenceGatewayApiKey"] = SECRET + "-tampered"
    doc["isDesktopExtensionEnabled"] = True
    with open(h2_file, "w") as handle:
        json.dump(doc, handle)
    os.unlink(os.path.join(lab.host_root(3), "managed-preferences", "com.anthropic.claudefordesktop.plist"))
    lab.down(only=[4], keep=True)

    before = {i: tree_digest(lab.host_root(i)) for i in (1, 2, 3)}
    run = lab.playbook(audit, inventory, "-v", extra_vars={"cowork3p_audit_dir": report_dir})
    assert run.returncode == 0, run.stdout[-4000:]
    assert before == {i: tree_digest(lab.host_root(i)) for i in (1, 2, 3)}, "the audit changed a host"

    report = json.load(open(os.path.join(report_dir, "report.json")))
    status = {h: r["status"] for h, r in report["hosts"].items()}
    assert status == {"h1": "compliant", "h2": "drifted", "h3": "missing", "h4": "unreachable"}
    assert report["counts"] == {"compliant": 1, "drifted": 1, "missing": 1, "unreachable": 1, "rejected": 0,
                                "unreadable": 0}
    h2 = report["hosts"]["h2"]["files"][0]
    assert h2["drift"]["changed"] == ["inferenceGatewayApiKey", "inferenceModels"]
    assert h2["drift"]["unexpected"] == ["isDesktopExtensionEnabled"]
    assert h2["values"]["inferenceModels"] == {"actual": ["claude-haiku-4"], "desired": ["claude-sonnet-4", "claude-opus-4"]}
    assert h2["values"]["inferenceGatewayApiKey"] == {"actual": "********", "desired": "********"}

    html = open(os.path.join(report_dir, "report.html")).read()
    markdown = open(os.path.join(report_dir, "report.md")).read()
    for text in (html, markdown):
        assert "h2" in text and "inferenceModels" in text and "inferenceGatewayApiKey" in text
        assert "drifted" in text and "missing" in text and "unreachable" in text
    for text in (html, markdown, json.dumps(report), run.stdout):
        assert SECRET not in text, "secret leaked into the audit output"
