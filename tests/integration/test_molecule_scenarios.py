# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run each Molecule scenario of extensions/molecule/ as a subprocess, so it shows up in the pytest summary.

role_ssh  always (needs the loopback SSH lab: root, sshd, $COWORK3P_LAB, $ANSIBLE_COLLECTIONS_PATH)
windows   only when $COWORK3P_WINDOWS_INVENTORY names an inventory of real Windows hosts (skipped otherwise)

Molecule must run from the collection root inside an ansible_collections/<ns>/<name> tree, which the
runner provides (bind mount); ansible-playbook must be on PATH (activated venv).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from cowork3p_lab import ROOT, not_here, require_lab


def run_scenario(name, env=None):
    if not shutil.which("molecule"):
        not_here("molecule is not on PATH")
    if os.sep.join(("ansible_collections", "cowork3p", "fleet")) not in ROOT:
        not_here("molecule must run from .../ansible_collections/cowork3p/fleet (bind-mount the checkout)")
    env = dict(os.environ, NO_COLOR="1", ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", **(env or {}))
    proc = subprocess.run(["molecule", "test", "-s", name], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600,
                          check=False)
    return proc


def test_molecule_role_ssh():
    require_lab()
    lab_env = dict(os.environ, COWORK3P_LAB_NAME="mol-role", COWORK3P_LAB_NET="127.77.1")
    try:
        proc = run_scenario("role_ssh")
    finally:
        # molecule does not always run destroy after a failed step: stop the hosts by PID file anyway
        subprocess.run([os.path.join(ROOT, "tests", "lab", "lo-down.sh")], env=lab_env, check=False,
                       capture_output=True)
    assert proc.returncode == 0, proc.stdout[-6000:]
    output = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout)
    for step in ("syntax", "check", "side_effect", "converge", "idempotence", "verify", "cleanup"):
        assert re.search(r"role_ssh (?:➜|>) %s\]?:? Executed: Successful" % step, output), step
    summary = re.search(r"role_ssh\s*:\s*actions=(\d+)\s+successful=(\d+).*failed=0", output)
    assert summary and summary.group(1) == summary.group(2), output[-2000:]
    assert "TESTKEY" not in output, "a test API key leaked into the molecule output"


def test_molecule_windows():
    if not os.environ.get("COWORK3P_WINDOWS_INVENTORY"):
        pytest.skip("set COWORK3P_WINDOWS_INVENTORY to an inventory of Windows test hosts to run this scenario")
    proc = run_scenario("windows")
    assert proc.returncode == 0, proc.stdout[-6000:]
