# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A 9-host fleet run as 3 job slices through ansible-runner, the way AWX slices a job (host i goes to slice
i mod 3, each slice a run with its own limit), merged with cowork3p.fleet.merge_reports.

deploy per slice: every slice has its own canary and threshold, and the merged summary names every host.
audit per slice, after tampering with the fleet: the merged report equals the report of one audit run over all
nine hosts, apart from the time stamp, in JSON, Markdown and HTML.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from cowork3p_lab import Lab, ROOT
from cowork3p_runner import leaks, private_data_dir, run_api

SECRET = "sk-cowork3p-SLICE-TESTKEY-do-not-leak"
HOSTS = ["h%d" % i for i in range(1, 10)]
SLICES = [HOSTS[i::3] for i in range(3)]          # AWX: host n of the inventory goes to slice n mod 3
PLAYBOOKS = os.path.join(ROOT, "playbooks")


@pytest.fixture
def lab(tmp_path):
    yield from Lab.running("awx-slice", "127.77.17", 9, tmp_path)


def _inventory(lab):
    return lab.inventory(
        host_vars={"h7": {"cowork3p_os": "macos", "cowork3p_macos_group": "root"}},
        groups={
            "pop_a": {"hosts": HOSTS[:5], "vars": {"cowork3p_settings": {
                "inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gateway-a.example.test",
                "inferenceGatewayApiKey": SECRET, "inferenceModels": ["claude-sonnet-4"]}}},
            "pop_b": {"hosts": HOSTS[5:], "vars": {"cowork3p_settings": {
                "inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gateway-b.example.test",
                "inferenceGatewayApiKey": SECRET + "-b", "disableAutoUpdates": True}}},
        })


def _merge(pdd, ident, files, **extravars):
    private_data_dir(pdd, extravars=dict(extravars, report_files=[str(f) for f in files]))
    run = run_api(pdd, os.path.join(PLAYBOOKS, "merge_reports.yml"), ident)
    assert run.status == "successful", run.describe()
    return run


def _no_generated(text):
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "<generated>", text)


def test_sliced_deploy_and_audit_merge_into_one_fleet_report(lab, tmp_path):
    pdd = private_data_dir(tmp_path / "pdd", inventory=_inventory(lab))

    # deploy, one run per slice
    summaries = []
    for i, hosts in enumerate(SLICES):
        path = tmp_path / ("deploy-slice%d.json" % (i + 1))
        private_data_dir(pdd, extravars={"cowork3p_summary_file": str(path)})
        run = run_api(pdd, os.path.join(PLAYBOOKS, "deploy.yml"), "deploy-s%d" % (i + 1), limit=",".join(hosts))
        assert run.status == "successful", run.describe()
        summary = json.loads(path.read_text())
        assert summary["changed"] == sorted(hosts), summary
        assert run.artifact_data()["cowork3p_deploy_summary"] == summary
        summaries.append(path)
    merged = _merge(pdd, "merge-deploy", summaries, cowork3p_summary_file=str(tmp_path / "deploy-fleet.json"))
    fleet = json.loads((tmp_path / "deploy-fleet.json").read_text())
    assert fleet["changed"] == HOSTS and fleet["failed"] == [] and fleet["stopped"] == ""
    assert merged.artifact_data()["cowork3p_merged_report"] == fleet

    # tamper: h2 drifts, h6 loses its file, h9 stops answering
    h2 = os.path.join(lab.host_root(2), "etc-claude-desktop", "managed-settings.json")
    doc = json.loads(open(h2).read())
    doc["inferenceModels"] = ["claude-haiku-4"]
    with open(h2, "w") as handle:
        json.dump(doc, handle)
    os.unlink(os.path.join(lab.host_root(6), "etc-claude-desktop", "managed-settings.json"))
    lab.down(only=[9], keep=True)

    # audit, one run per slice, then one run over the whole fleet
    reports = []
    for i, hosts in enumerate(SLICES):
        folder = tmp_path / ("audit-slice%d" % (i + 1))
        private_data_dir(pdd, extravars={"cowork3p_audit_dir": str(folder)})
        run = run_api(pdd, os.path.join(PLAYBOOKS, "audit.yml"), "audit-s%d" % (i + 1), limit=",".join(hosts))
        assert run.status == "successful", run.describe()
        assert sorted(json.loads((folder / "report.json").read_text())["hosts"]) == sorted(hosts)
        reports.append(folder / "report.json")
    whole = tmp_path / "audit-whole"
    private_data_dir(pdd, extravars={"cowork3p_audit_dir": str(whole)})
    run = run_api(pdd, os.path.join(PLAYBOOKS, "audit.yml"), "audit-whole")
    assert run.status == "successful", run.describe()

    merged_dir = tmp_path / "audit-merged"
    merged = _merge(pdd, "merge-audit", reports, cowork3p_audit_dir=str(merged_dir))
    one = json.loads((whole / "report.json").read_text())
    got = json.loads((merged_dir / "report.json").read_text())
    assert {h: r["status"] for h, r in one["hosts"].items()} == dict(
        {h: "compliant" for h in HOSTS}, h2="drifted", h6="missing", h9="unreachable")
    one.pop("generated")
    assert got.pop("generated")
    assert got == one
    assert merged.artifact_data()["cowork3p_merged_report"]["hosts"] == one["hosts"]
    for name in ("report.md", "report.html"):
        assert _no_generated((merged_dir / name).read_text()) == _no_generated((whole / name).read_text()), name
    for folder in [merged_dir, whole] + [r.parent for r in reports]:
        assert leaks(str(folder), {"key": SECRET}) == []
