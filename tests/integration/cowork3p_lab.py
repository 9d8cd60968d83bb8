# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers for integration tests that drive playbooks against SSH test hosts on loopback.

Uses tests/lab/lo-up.sh and lo-down.sh. Needs root (mount namespaces), /usr/sbin/sshd, the
environment variables COWORK3P_LAB (scratch dir) and ANSIBLE_COLLECTIONS_PATH (the collection under
test), and ansible-playbook on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAB_DIR = os.path.join(ROOT, "tests", "lab")


def require_lab():
    """Skip (with the reason) when this machine cannot run the loopback SSH lab."""
    missing = []
    if os.geteuid() != 0:
        missing.append("root")
    for name in ("COWORK3P_LAB", "ANSIBLE_COLLECTIONS_PATH"):
        if not os.environ.get(name):
            missing.append("$" + name)
    if not os.path.exists("/usr/sbin/sshd"):
        missing.append("/usr/sbin/sshd")
    if not shutil.which("ansible-playbook"):
        missing.append("ansible-playbook on PATH")
    if missing:
        not_here("loopback SSH lab needs " + ", ".join(missing))


def not_here(reason):
    """Skip with the reason on a developer machine; fail under CI, where everything must run."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + " (CI must run this test)")
    pytest.skip(reason)


class Lab:
    """A named set of SSH test hosts: h1..hN at NET.(10+i):PORT."""

    @classmethod
    def running(cls, name, net, count, tmp_path):
        """Fixture body: the hosts started fresh (whatever an earlier run left is stopped first), stopped after."""
        require_lab()
        lab = cls(name, net, count, tmp_path)
        lab.down()
        lab.up()
        try:
            yield lab
        finally:
            lab.down()

    def __init__(self, name, net, count, tmp_path):
        self.name = name
        self.net = net
        self.count = count
        self.port = os.environ.get("COWORK3P_LAB_PORT", "2477")
        self.state = os.path.join(os.environ["COWORK3P_LAB"], name)
        self.tmp = str(tmp_path)

    def env(self, **extra):
        env = dict(os.environ, COWORK3P_LAB_NAME=self.name, COWORK3P_LAB_NET=self.net,
                   COWORK3P_LAB_HOSTS=str(self.count), COWORK3P_LAB_PORT=self.port)
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def up(self, only=None):
        env = self.env(**({"COWORK3P_LAB_ONLY": " ".join(map(str, only))} if only else {}))
        subprocess.run([os.path.join(LAB_DIR, "lo-up.sh")], env=env, check=True, capture_output=True)

    def down(self, only=None, keep=False):
        extra = {"COWORK3P_LAB_KEEP": "1" if keep else "0"}
        if only:
            extra["COWORK3P_LAB_ONLY"] = " ".join(map(str, only))
        subprocess.run([os.path.join(LAB_DIR, "lo-down.sh")], env=self.env(**extra), check=True, capture_output=True)

    def host_root(self, i):
        """The private folder that host i sees as its root-owned paths (etc-claude-desktop, ...)."""
        return os.path.join(self.state, "h%d" % i, "root")

    def inventory(self, host_vars=None, group_vars=None, groups=None):
        """Write an inventory (YAML) for hosts h1..hN and return its path."""
        hosts = {}
        for i in range(1, self.count + 1):
            hosts["h%d" % i] = dict({"ansible_host": "%s.%d" % (self.net, 10 + i)}, **(host_vars or {}).get("h%d" % i, {}))
        common = {
            "ansible_user": "root",
            "ansible_port": int(self.port),
            "ansible_ssh_private_key_file": os.path.join(self.state, "id_ed25519"),
            "ansible_ssh_common_args": "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "
                                       "-o ConnectTimeout=3",
            "ansible_python_interpreter": "/usr/bin/python3",
            "cowork3p_os": "linux",
        }
        common.update(group_vars or {})
        inv = {"all": {"hosts": hosts, "vars": common, "children": {}}}
        for group, members in (groups or {}).items():
            inv["all"]["children"][group] = {"hosts": {m: {} for m in members["hosts"]}, "vars": members.get("vars", {})}
        path = os.path.join(self.tmp, "inventory.yml")
        with open(path, "w") as handle:
            yaml.safe_dump(inv, handle)
        return path

    def playbook(self, playbook, inventory, *args, extra_vars=None):
        """Run ansible-playbook; return the CompletedProcess (stdout and stderr merged into .stdout)."""
        cmd = ["ansible-playbook", "-i", inventory, playbook] + list(args)
        if extra_vars:
            cmd += ["-e", json.dumps(extra_vars)]
        env = dict(os.environ, ANSIBLE_PIPELINING="1", ANSIBLE_HOST_KEY_CHECKING="0", ANSIBLE_FORKS="10",
                   ANSIBLE_GATHERING="explicit", ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_NOCOLOR="1",
                   ANSIBLE_DEPRECATION_WARNINGS="0")
        return subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              cwd=self.tmp, timeout=300, check=False)
