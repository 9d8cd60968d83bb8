# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Molecule scenario users copy (examples/molecule/cowork3p), used the way the README says, in a scratch
"infrastructure repository": an inventory with two populations (settings in group_vars), the scenario copied to
molecule/cowork3p/ with its platforms set to the test hosts, `molecule test -s cowork3p` (syntax, converge,
idempotence, verify) against four SSH test hosts. Then one host drifts and `molecule verify` must fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest
import yaml

from cowork3p_lab import Lab, ROOT, not_here

SECRET_A = "sk-cowork3p-MOLUSER-a-do-not-leak"
SECRET_B = "sk-cowork3p-MOLUSER-b-do-not-leak"
POPULATIONS = {
    "engineering": (["h1", "h2"], {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw-eng.example.test",
                                   "inferenceGatewayApiKey": SECRET_A, "inferenceModels": ["claude-sonnet-4"]}),
    "sales": (["h3", "h4"], {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw-sales.example.test",
                             "inferenceGatewayApiKey": SECRET_B, "disableAutoUpdates": True}),
}


@pytest.fixture
def lab(tmp_path):
    yield from Lab.running("mol-user", "127.77.18", 4, tmp_path)


def _molecule(repo, *args):
    if not shutil.which("molecule"):
        not_here("molecule is not on PATH")
    env = dict(os.environ, NO_COLOR="1", ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
    done = subprocess.run(["molecule"] + list(args), cwd=str(repo), env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=600, check=False)
    return done.returncode, re.sub(r"\x1b\[[0-9;]*m", "", done.stdout)


def test_user_scenario_converges_is_idempotent_and_fails_on_drift(lab, tmp_path):
    repo = tmp_path / "infra"
    (repo / "inventory" / "group_vars").mkdir(parents=True)
    # the inventory: hosts and connection settings in hosts.yml, each population's settings in group_vars
    hosts_file = lab.inventory(groups={name: {"hosts": hosts} for name, (hosts, _s) in POPULATIONS.items()})
    shutil.copy(hosts_file, repo / "inventory" / "hosts.yml")
    for name, (_hosts, settings) in POPULATIONS.items():
        (repo / "inventory" / "group_vars" / ("%s.yml" % name)).write_text(yaml.safe_dump({"cowork3p_settings": settings}))

    # the scenario, copied, with its platforms set to the test hosts
    scenario = repo / "molecule" / "cowork3p"
    shutil.copytree(os.path.join(ROOT, "examples", "molecule", "cowork3p"), scenario)
    config = yaml.safe_load((scenario / "molecule.yml").read_text())
    config["platforms"] = [{"name": host, "groups": ["cowork3p_molecule", name]}
                           for name, (hosts, _s) in POPULATIONS.items() for host in hosts]
    (scenario / "molecule.yml").write_text(yaml.safe_dump(config, sort_keys=False))

    code, output = _molecule(repo, "test", "-s", "cowork3p")
    assert code == 0, output[-6000:]
    for step in ("syntax", "converge", "idempotence", "verify"):
        assert re.search(r"cowork3p (?:➜|>) %s\]?:? Executed: Successful" % step, output), step
    for secret in (SECRET_A, SECRET_B):
        assert secret not in output, "an API key leaked into the molecule output"
    for i, (name, (hosts, settings)) in enumerate(POPULATIONS.items()):
        for host in hosts:
            path = os.path.join(lab.host_root(int(host[1:])), "etc-claude-desktop", "managed-settings.json")
            # The Linux file: arrays and objects native, booleans and numbers as strings (reference 1.4, 2).
            expected = {key: ("true" if value is True else "false" if value is False else value)
                        for key, value in settings.items()}
            assert json.loads(open(path).read()) == expected, host

    # drift on one host: verify (the audit) must fail and name the problem
    path = os.path.join(lab.host_root(3), "etc-claude-desktop", "managed-settings.json")
    doc = json.loads(open(path).read())
    doc["disableAutoUpdates"] = False
    with open(path, "w") as handle:
        json.dump(doc, handle)
    code, output = _molecule(repo, "verify", "-s", "cowork3p")
    assert code != 0, output[-6000:]
    assert "not every host is compliant" in output, output[-6000:]
    assert "not compliant: h3" in output
    for secret in (SECRET_A, SECRET_B):
        assert secret not in output
