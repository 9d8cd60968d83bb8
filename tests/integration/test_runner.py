# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""render, deploy and audit run the way AWX runs them: through ansible-runner (Python API and CLI) with a
private data directory, against three SSH test hosts. (The preflight runs are in tests/gateway/, next to the
fake upstream they need.)

Everything the runner keeps under artifacts/ (stdout, job events, fact cache: what AWX stores of a job) must
hold no API key, header value or credential-helper output, raw, JSON-escaped or XML-escaped; the secrets
carry quotes, <, > and & so that each escaped form differs from the raw one. deploy and audit must hand on
their summary with set_stats (the stats event's artifact_data) and still write their files.
"""

from __future__ import annotations

import copy
import json
import os
import re
import secrets
import stat

import pytest
import yaml

from cowork3p_lab import Lab, ROOT
from cowork3p_runner import leaks, private_data_dir, run_api, run_cli

TOKEN = secrets.token_hex(6)
API_KEY = 'sk-awx-<k>&"q"\\z-' + TOKEN
HEADER_VALUE = 'hv-<t>&"h"\\' + TOKEN
HELPER_OUTPUT = "helper-output-<o>&\"x\"-" + TOKEN
SECRETS = {"API key": API_KEY, "header value": HEADER_VALUE, "helper output": HELPER_OUTPUT}

PLAYBOOKS = os.path.join(ROOT, "playbooks")


def pop_a():
    return {
        "inferenceProvider": "gateway",
        "inferenceGatewayBaseUrl": "https://gateway-a.example.test",
        "inferenceGatewayApiKey": API_KEY,
        "inferenceCustomHeaders": {"X-Tenant": HEADER_VALUE},
        "inferenceModels": ["claude-sonnet-4", "claude-opus-4"],
        "disableAutoUpdates": True,
    }


# inside the lab hosts' private /etc/claude-desktop
HELPER_DEST = "/etc/claude-desktop/bin/credential-helper"


def pop_b():
    return {
        "inferenceProvider": "gateway",
        "inferenceGatewayBaseUrl": "https://gateway-b.example.test",
        "inferenceCredentialHelper": HELPER_DEST,
        "inferenceCustomHeaders": {"X-Tenant": HEADER_VALUE},
        "inferenceModels": ["claude-sonnet-4"],
    }


@pytest.fixture
def lab(tmp_path):
    yield from Lab.running("awx-run", "127.77.16", 3, tmp_path)


def _helper(tmp_path):
    """A credential helper whose output is a secret: the role ships it to h2 and the deploy and the audit run it
    there (cowork3p_check_helper / cowork3p_audit_helper); its output must never reach the artifacts."""
    path = tmp_path / "credential-helper.sh"
    path.write_text("#!/bin/sh\nprintf '%s\\n' " + "'" + HELPER_OUTPUT.replace("'", "'\\''") + "'\n")
    path.chmod(0o755)
    return str(path)


def _no_leak(run):
    found = leaks(run.artifact_dir, SECRETS)
    assert found == [], "secrets kept by ansible-runner in %s: %s" % (run.artifact_dir, found)


def _untimed(hosts):
    """The report's hosts without the helper's run time (elapsed_ms, and the "in N ms" ending of its reason)."""
    hosts = copy.deepcopy(hosts)
    for entry in hosts.values():
        helper = entry.get("helper")
        if helper:
            helper.pop("elapsed_ms", None)
            helper["reason"] = re.sub(r" in \d+ ms$", "", helper.get("reason", ""))
    return hosts


def test_render_through_ansible_runner(tmp_path):
    settings_file = tmp_path / "site.yml"
    settings_file.write_text(yaml.safe_dump(pop_a()))
    os.chmod(settings_file, 0o600)
    pdd = private_data_dir(tmp_path / "pdd", inventory={"all": {"hosts": {"localhost": {
        "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}}}})
    dest_api, dest_cli = tmp_path / "dist-api", tmp_path / "dist-cli"

    api = run_api(pdd, os.path.join(PLAYBOOKS, "render.yml"), "render-api",
                  extravars={"settings_file": str(settings_file), "dest": str(dest_api)})
    assert api.status == "successful" and api.rc == 0, api.describe()
    _no_leak(api)

    private_data_dir(pdd, extravars={"settings_file": str(settings_file), "dest": str(dest_cli)}, cmdline="--diff")
    cli = run_cli(pdd, os.path.join(PLAYBOOKS, "render.yml"), "render-cli")
    assert cli.status == "successful" and cli.rc == 0, cli.describe()
    _no_leak(cli)

    for dest in (dest_api, dest_cli):
        names = sorted(os.listdir(dest))
        assert names == ["claude-desktop.mobileconfig", "claude-desktop.reg", "managed-settings.json"]
        assert stat.S_IMODE(os.stat(dest / "managed-settings.json").st_mode) == 0o600
        assert json.loads((dest / "managed-settings.json").read_text())["inferenceGatewayApiKey"] == API_KEY


def test_deploy_and_audit_through_ansible_runner(lab, tmp_path):
    helper = _helper(tmp_path)
    inventory = lab.inventory(
        host_vars={"h2": {"cowork3p_os": "auto"},   # gathers minimal facts: the fact cache gets something
                   "h3": {"cowork3p_os": "macos", "cowork3p_macos_group": "root"}},
        groups={"pop_a": {"hosts": ["h1", "h3"], "vars": {"cowork3p_settings": pop_a()}},
                "pop_b": {"hosts": ["h2"], "vars": {"cowork3p_settings": pop_b(),
                                                    "cowork3p_helper_source": helper,
                                                    "cowork3p_helper_dest_linux": HELPER_DEST}}})
    pdd = private_data_dir(tmp_path / "pdd", inventory=inventory)
    deploy = os.path.join(PLAYBOOKS, "deploy.yml")
    audit = os.path.join(PLAYBOOKS, "audit.yml")
    summary_file = tmp_path / "summary.json"

    # check mode (CLI): reports every host as changed, writes nothing on the hosts
    private_data_dir(pdd, cmdline="--check --diff")
    check = run_cli(pdd, deploy, "deploy-check")
    assert check.status == "successful", check.describe()
    _no_leak(check)
    assert check.artifact_data()["cowork3p_deploy_summary"]["changed"] == ["h1", "h2", "h3"]
    assert not os.listdir(os.path.join(lab.host_root(1), "etc-claude-desktop"))

    # real run with --diff (CLI): every host changes; the summary is published and, with a path, written
    private_data_dir(pdd, cmdline="--diff", extravars={"cowork3p_summary_file": str(summary_file),
                                                       "cowork3p_check_helper": True})
    real = run_cli(pdd, deploy, "deploy-real")
    assert real.status == "successful", real.describe()
    _no_leak(real)
    summary = real.artifact_data()["cowork3p_deploy_summary"]
    assert summary["changed"] == ["h1", "h2", "h3"] and summary["failed"] == [] and not summary["stopped"]
    assert json.loads(summary_file.read_text()) == summary
    # the check finds what it looks for: the runner's inputs do hold the secrets
    assert {name for _f, name, _form in leaks(os.path.join(pdd, "inventory"), SECRETS)} == {"API key", "header value"}
    assert os.listdir(os.path.join(real.artifact_dir, "fact_cache")), "no facts were cached (h2 gathers them)"
    written = json.loads(open(os.path.join(lab.host_root(1), "etc-claude-desktop", "managed-settings.json")).read())
    assert written["inferenceGatewayApiKey"] == API_KEY
    # the helper was shipped to h2 and run there (its output is what _no_leak looked for)
    assert os.access(os.path.join(lab.host_root(2), "etc-claude-desktop", "bin", "credential-helper"), os.X_OK)
    assert "Run the credential helper the way the app does" in real.stdout()

    # re-run (Python API): nothing changes
    private_data_dir(pdd)
    again = run_api(pdd, deploy, "deploy-again", cmdline="--diff")
    assert again.status == "successful", again.describe()
    _no_leak(again)
    summary = again.artifact_data()["cowork3p_deploy_summary"]
    assert summary["changed"] == [] and summary["unchanged"] == ["h1", "h2", "h3"]
    assert all(r["changed"] == 0 for h, r in again.recap().items() if h != "localhost"), again.recap()

    # audit after tampering with h1 (Python API and CLI): the report is published and written
    path = os.path.join(lab.host_root(1), "etc-claude-desktop", "managed-settings.json")
    doc = json.loads(open(path).read())
    doc["inferenceModels"] = ["claude-haiku-4"]
    with open(path, "w") as handle:
        json.dump(doc, handle)
    report_dir = tmp_path / "report"
    private_data_dir(pdd, extravars={"cowork3p_audit_dir": str(report_dir), "cowork3p_audit_helper": True})
    api = run_api(pdd, audit, "audit-api")
    assert api.status == "successful", api.describe()
    _no_leak(api)
    report = api.artifact_data()["cowork3p_audit_report"]
    statuses = {h: r["status"] for h, r in report["hosts"].items()}
    assert statuses == {"h1": "drifted", "h2": "compliant", "h3": "compliant"}
    assert report["hosts"]["h2"]["helper"]["passed"] is True, report["hosts"]["h2"].get("helper")
    written = json.loads((report_dir / "report.json").read_text())
    assert written["hosts"] == report["hosts"]
    _no_leak_dir(report_dir)

    cli = run_cli(pdd, audit, "audit-cli")
    assert cli.status == "successful", cli.describe()
    _no_leak(cli)
    # two runs of the same audit agree on everything but how long the helper took
    assert _untimed(cli.artifact_data()["cowork3p_audit_report"]["hosts"]) == _untimed(report["hosts"])


def _no_leak_dir(path):
    found = leaks(str(path), SECRETS)
    assert found == [], "secrets in %s: %s" % (path, found)
