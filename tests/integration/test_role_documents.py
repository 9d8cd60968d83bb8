# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The managed_settings role over several populations and serial batches, on the controller (local
connection, every host writing below its own temporary folder): each distinct document is validated and
rendered once for the whole play, every host gets its own population's file, and a document the run_once
preparation cannot see (a role parameter templated from host variables) fails clearly without writing."""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import subprocess
import sys

import pytest

SECRET = "sk-unit-POPULATIONS-key"
BASE = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://gateway.example.test",
    "inferenceGatewayApiKey": SECRET,
    "inferenceModels": ["claude-sonnet-4"],
}
GROUPS = {
    "blue": (["h1", "h2", "h3"], dict(BASE, disableAutoUpdates=True)),
    "green": (["h4", "h5"], dict(BASE, inferenceModels=["claude-opus-4"])),
    "red": (["h6"], dict(BASE, autoUpdaterEnforcementHours=24)),
}

ROLE_PLAY = """
- name: Deliver with the role, in batches
  hosts: fleet
  gather_facts: false
  serial: [1, 2, "100%%"]
  roles:
    - role: cowork3p.fleet.managed_settings
%(role_vars)s
- name: Keep what the preparation saw
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Write the document table (ids, counts, hosts; no outputs)
      ansible.builtin.copy:
        dest: "{{ out_dir }}/documents.json"
        content: "{{ __table | to_json }}"
        mode: "0600"
      vars:
        __table: >-
          {%%- set out = [] -%%}
          {%%- for id, doc in (__cowork3p_prepared.rendered | default({})).items() -%%}
          {%%-   set _ = out.append({'hosts': doc.hosts, 'count': doc.count, 'errors': doc.errors}) -%%}
          {%%- endfor -%%}
          {{ out | sort(attribute='hosts') }}
"""


def run_role(tmp_path, role_vars="", per_group_key="cowork3p_settings"):
    if not shutil.which("ansible-playbook") or not os.environ.get("ANSIBLE_COLLECTIONS_PATH"):
        pytest.skip("needs ansible-playbook and ANSIBLE_COLLECTIONS_PATH")
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    inventory = {"all": {"children": {"fleet": {"children": {}}}, "hosts": {"localhost": {}}, "vars": {
        "ansible_connection": "local",
        "ansible_python_interpreter": sys.executable,
        "out_dir": str(tmp_path),
        "cowork3p_os": "linux",
        "cowork3p_linux_path": str(tmp_path) + "/{{ inventory_hostname }}/managed-settings.json",
        "cowork3p_linux_owner": user,
        "cowork3p_linux_group": group,
    }}}
    for name, (hosts, settings) in GROUPS.items():
        inventory["all"]["children"]["fleet"]["children"][name] = {
            "hosts": {h: {} for h in hosts}, "vars": {per_group_key: settings}}
    inv = tmp_path / "inventory.json"
    inv.write_text(json.dumps(inventory))
    book = tmp_path / "play.yml"
    book.write_text(ROLE_PLAY % {"role_vars": role_vars})
    proc = subprocess.run(["ansible-playbook", "-i", str(inv), str(book)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, cwd=str(tmp_path),
                          env=dict(os.environ, ANSIBLE_NOCOLOR="1"), check=False)
    assert SECRET not in proc.stdout
    return proc


def written(tmp_path, host):
    path = tmp_path / host / "managed-settings.json"
    return json.loads(path.read_text()) if path.exists() else None


def _linux_form(value):
    """A setting as the Linux file carries it: booleans and numbers as the strings the app is documented to read
    there (README "Linux value types"), arrays and objects as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def test_each_population_is_checked_once_and_every_host_gets_its_own(tmp_path):
    proc = run_role(tmp_path)
    assert proc.returncode == 0, proc.stdout[-4000:]
    for _name, (hosts, settings) in GROUPS.items():
        for host in hosts:
            assert written(tmp_path, host) == {k: _linux_form(v) for k, v in settings.items()}, host
    # Batches [h1], [h2, h3], [h4, h5, h6]: blue is checked in the first batch only (count 1: had the
    # second batch checked it again, it would say 2 hosts), green and red in the last.
    table = json.loads((tmp_path / "documents.json").read_text())
    assert table == [
        {"hosts": ["h1"], "count": 1, "errors": []},
        {"hosts": ["h4", "h5"], "count": 2, "errors": []},
        {"hosts": ["h6"], "count": 1, "errors": []},
    ]


def test_role_parameter_templated_per_host_fails_clearly_and_writes_nothing_wrong(tmp_path):
    proc = run_role(tmp_path, role_vars="      vars:\n        cowork3p_settings: \"{{ my_settings }}\"\n",
                    per_group_key="my_settings")
    assert proc.returncode != 0
    assert "was not validated and rendered by the role's preparation step" in proc.stdout, proc.stdout[-4000:]
    # The preparation sees the value of the first host of each batch (h1, h2, h4): their populations get
    # their own, right document; h6 (red, never first) fails and gets no file. No host gets another's.
    for host in ("h1", "h2", "h3"):
        assert written(tmp_path, host) == {k: _linux_form(v) for k, v in GROUPS["blue"][1].items()}, host
    for host in ("h4", "h5"):
        assert written(tmp_path, host) == {k: _linux_form(v) for k, v in GROUPS["green"][1].items()}, host
    assert written(tmp_path, "h6") is None
    assert "h6" in proc.stdout.split("was not validated")[0].rsplit("fatal:", 1)[-1]
