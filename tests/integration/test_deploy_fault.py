# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault scenario for playbooks/deploy.yml on five loopback SSH hosts.

Batches [1, 2, rest]: h1 is the canary, h2 and h3 the second batch, h4 and h5 the last.
h2 is unreachable and h3 fails mid-rollout (its settings file is a symlink, which the delivery module
refuses). With cowork3p_max_failures=1 the rollout must stop after the second batch, the summary must
name every host, h4/h5 must be untouched, and after recovery a re-run must converge (then change
nothing). The recovery run also uses --diff -vvvv, whose output must never contain the API key.
"""

from __future__ import annotations

import json
import os

import pytest

from cowork3p_lab import Lab, ROOT

SECRET = "sk-cowork3p-FAULT-TESTKEY-do-not-leak"
SETTINGS = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://gateway.example.test",
    "inferenceGatewayApiKey": SECRET,
    "inferenceModels": ["claude-sonnet-4"],
}
DEPLOY = os.path.join(ROOT, "playbooks", "deploy.yml")


@pytest.fixture
def lab(tmp_path):
    yield from Lab.running("it-fault", "127.77.2", 5, tmp_path)


def managed(lab, i):
    return os.path.join(lab.host_root(i), "etc-claude-desktop", "managed-settings.json")


def test_threshold_stops_rollout_and_rerun_converges(lab, tmp_path):
    inventory = lab.inventory(group_vars={"cowork3p_settings": SETTINGS})
    summary_file = str(tmp_path / "summary.json")
    extra = {"cowork3p_batches": [1, 2, "100%"], "cowork3p_max_failures": 1, "cowork3p_summary_file": summary_file}

    # h2 unreachable, h3 broken (a symlink where the file should be)
    lab.down(only=[2], keep=True)
    os.symlink("/etc/hostname", managed(lab, 3))

    run = lab.playbook(DEPLOY, inventory, extra_vars=extra)
    assert run.returncode != 0, run.stdout
    summary = json.load(open(summary_file))
    assert summary["changed"] == ["h1"]
    assert summary["unreachable"] == ["h2"]
    assert summary["failed"] == ["h3"]
    assert summary["not_attempted"] == ["h4", "h5"]
    assert "more than cowork3p_max_failures=1" in summary["stopped"]
    assert "symbolic link" in summary["errors"]["h3"]
    assert "ROLLOUT STOPPED" in run.stdout and "unreachable (1): h2" in run.stdout
    assert os.path.exists(managed(lab, 1))
    assert not os.path.exists(managed(lab, 4)) and not os.path.exists(managed(lab, 5)), "rollout went on"
    assert os.path.islink(managed(lab, 3)), "the refused symlink must stay as it was"
    assert SECRET not in run.stdout

    # recovery: h2 back, h3's symlink removed; the re-run converges everything
    lab.up(only=[2])
    os.unlink(managed(lab, 3))
    run = lab.playbook(DEPLOY, inventory, "--diff", "-vvvv", extra_vars=extra)
    assert run.returncode == 0, run.stdout[-4000:]
    summary = json.load(open(summary_file))
    assert summary["changed"] == ["h2", "h3", "h4", "h5"] and summary["unchanged"] == ["h1"]
    assert summary["failed"] == [] and summary["unreachable"] == [] and summary["not_attempted"] == []
    assert summary["stopped"] == ""
    for i in range(1, 6):
        with open(managed(lab, i)) as handle:
            assert json.load(handle) == SETTINGS
    assert "inferenceGatewayApiKey" in run.stdout, "the diff should name the key"
    assert SECRET not in run.stdout, "secret leaked into --diff -vvvv output"

    # and once more: nothing to do
    run = lab.playbook(DEPLOY, inventory, extra_vars=extra)
    assert run.returncode == 0, run.stdout[-4000:]
    summary = json.load(open(summary_file))
    assert summary["unchanged"] == ["h1", "h2", "h3", "h4", "h5"] and summary["changed"] == []


def test_check_mode_reports_and_writes_nothing(lab, tmp_path):
    inventory = lab.inventory(group_vars={"cowork3p_settings": SETTINGS})
    summary_file = str(tmp_path / "summary.json")
    run = lab.playbook(DEPLOY, inventory, "--check", "--diff",
                       extra_vars={"cowork3p_summary_file": summary_file})
    assert run.returncode == 0, run.stdout[-4000:]
    summary = json.load(open(summary_file))
    assert summary["check_mode"] and summary["changed"] == ["h1", "h2", "h3", "h4", "h5"]
    assert not any(os.path.exists(managed(lab, i)) for i in range(1, 6))
    assert SECRET not in run.stdout
    # the summary says what would happen, not that it happened
    assert "check mode: would change 5 host(s), nothing was written" in run.stdout
    assert "rollout completed" not in run.stdout


def test_bad_role_option_stops_before_any_host_is_touched(lab, tmp_path):
    inventory = lab.inventory(group_vars={"cowork3p_settings": SETTINGS},
                              host_vars={"h4": {"cowork3p_state": "removed"}})
    run = lab.playbook(DEPLOY, inventory)
    assert run.returncode != 0
    assert "cowork3p_state" in run.stdout and "removed" in run.stdout, run.stdout[-4000:]
    assert "1 host(s): h4" in run.stdout, "the check names the hosts with the bad value"
    assert not any(os.path.exists(managed(lab, i)) for i in range(1, 6))
    assert SECRET not in run.stdout


def test_unquoted_mode_is_refused_by_name_before_any_host_is_touched(lab, tmp_path):
    # cowork3p_linux_mode: 0644 without quotes: YAML makes it the number 420
    inventory = lab.inventory(group_vars={"cowork3p_settings": SETTINGS}, host_vars={"h3": {"cowork3p_linux_mode": 420}})
    run = lab.playbook(DEPLOY, inventory)
    assert run.returncode != 0
    assert "1 host(s): h3: cowork3p_linux_mode is the number 420 (an unquoted 0644)" in run.stdout, run.stdout[-4000:]
    assert 'quoted octal strings, such as \\"0644\\"' in run.stdout or 'such as "0644"' in run.stdout
    assert not any(os.path.exists(managed(lab, i)) for i in range(1, 6))


def test_separate_read_only_pass_after_each_batch(lab, tmp_path):
    inventory = lab.inventory(group_vars={"cowork3p_settings": SETTINGS})
    summary_file = str(tmp_path / "summary.json")
    extra = {"cowork3p_reverify": True, "cowork3p_summary_file": summary_file}
    run = lab.playbook(DEPLOY, inventory, "-v", extra_vars=extra)
    assert run.returncode == 0, run.stdout[-4000:]
    # one read-only pass per batch (1, 10 % = 1, the rest), each a check-mode delivery that found nothing
    assert run.stdout.count("TASK [Read back what the host now holds]") == 3
    assert json.load(open(summary_file))["changed"] == ["h1", "h2", "h3", "h4", "h5"]
    assert SECRET not in run.stdout


def test_os_worked_out_on_the_host_and_unreachable_host_reported(lab, tmp_path):
    # cowork3p_os auto: the role gathers minimal facts (one round trip) and then delivers; h2 does not answer
    inventory = lab.inventory(group_vars={"cowork3p_settings": SETTINGS, "cowork3p_os": "auto"})
    summary_file = str(tmp_path / "summary.json")
    lab.down(only=[2], keep=True)
    run = lab.playbook(DEPLOY, inventory, extra_vars={"cowork3p_batches": ["100%"], "cowork3p_max_failures": 3,
                                                      "cowork3p_summary_file": summary_file})
    assert run.returncode != 0, "an unreachable host makes the rollout incomplete"
    summary = json.load(open(summary_file))
    assert summary["changed"] == ["h1", "h3", "h4", "h5"] and summary["unreachable"] == ["h2"]
    assert summary["failed"] == [] and summary["stopped"] == ""
    assert "TASK [cowork3p.fleet.managed_settings : Gather the minimal facts that name the OS]" in run.stdout
    for i in (1, 3, 4, 5):
        with open(managed(lab, i)) as handle:
            assert json.load(handle) == SETTINGS
