# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The managed_settings role run on the controller against fake_windows/, the test double of ansible.windows
(action plugins over JSON files standing in for the registry and the file system): what test_windows_role.py and
test_windows_helper.py share."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

FAKE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake_windows")
PLAYBOOK = """
- name: Deliver to the fake Windows host
  hosts: win1
  gather_facts: false
  roles:
    - cowork3p.fleet.managed_settings

- name: Keep the result
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Write cowork3p_result
      ansible.builtin.copy:
        dest: "{{ out_file }}"
        content: "{{ hostvars['win1'].cowork3p_result | to_json }}"
        mode: "0600"
      check_mode: false
"""


def prepare(tmp_path):
    """Write the playbook into tmp_path; skip where ansible-playbook or the collections path is missing."""
    if not shutil.which("ansible-playbook") or not os.environ.get("ANSIBLE_COLLECTIONS_PATH"):
        pytest.skip("needs ansible-playbook and ANSIBLE_COLLECTIONS_PATH")
    (tmp_path / "play.yml").write_text(PLAYBOOK)


def run_role(tmp_path, host_vars, secret, args=()):
    """(process, cowork3p_result of win1 or None): the role on the fake host win1 with host_vars; the output
    must not hold ``secret``."""
    out = tmp_path / "result.json"
    host = dict({"ansible_connection": "local", "ansible_python_interpreter": sys.executable, "cowork3p_os": "windows"},
                **host_vars)
    local = {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}
    inventory = {"all": {"hosts": {"win1": host, "localhost": local}, "vars": {"out_file": str(out)}}}
    (tmp_path / "inventory.json").write_text(json.dumps(inventory))
    if out.exists():
        out.unlink()
    env = dict(os.environ, ANSIBLE_NOCOLOR="1",
               ANSIBLE_COLLECTIONS_PATH=FAKE + os.pathsep + os.environ["ANSIBLE_COLLECTIONS_PATH"])
    proc = subprocess.run(["ansible-playbook", "-i", str(tmp_path / "inventory.json"), str(tmp_path / "play.yml")]
                          + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          cwd=str(tmp_path), env=env, check=False)
    assert secret not in proc.stdout, "a secret reached the output"
    result = json.loads(out.read_text()) if out.exists() else None
    return proc, result
