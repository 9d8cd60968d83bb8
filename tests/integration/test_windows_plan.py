# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Windows task file's plan (what to write, what to remove, which HKCU values are hidden), run on the
controller with faked win_reg_stat results: no Windows host needed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest


PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  vars:
    cowork3p_os: windows
    cowork3p_settings:
      inferenceProvider: gateway
      inferenceGatewayBaseUrl: https://gateway.example.test
      inferenceGatewayApiKey: sk-unit-WINPLAN-key
      inferenceModels: [claude-sonnet-4]
  tasks:
    - ansible.builtin.include_role: {name: cowork3p.fleet.managed_settings, tasks_from: prepare}
    - ansible.builtin.set_fact:
        __cowork3p_win_current: {exists: true, properties: %(current)s}
        __cowork3p_win_hkcu: {exists: true, properties: %(hkcu)s}
    - ansible.builtin.include_role: {name: cowork3p.fleet.managed_settings, tasks_from: windows_plan}
    - ansible.builtin.copy:
        dest: "{{ out }}"
        content: "{{ {'write': __cowork3p_win_plan.write | map(attribute='name') | list,
                      'secret': __cowork3p_win_plan.write | selectattr('secret') | map(attribute='name') | list,
                      'remove': __cowork3p_win_plan.remove, 'hkcu': __cowork3p_win_plan.hkcu} | to_json }}"
        mode: "0600"
"""


def plan(tmp_path, current, hkcu=None, **extra):
    if not shutil.which("ansible-playbook") or not os.environ.get("ANSIBLE_COLLECTIONS_PATH"):
        pytest.skip("needs ansible-playbook and ANSIBLE_COLLECTIONS_PATH")
    book = tmp_path / "plan.yml"
    book.write_text(PLAYBOOK % {"current": json.dumps(current), "hkcu": json.dumps(hkcu or {})})
    out = tmp_path / "plan.json"
    cmd = ["ansible-playbook", "-i", "localhost,", "-c", "local", str(book),
           "-e", json.dumps(dict(extra, out=str(out), ansible_python_interpreter=sys.executable))]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=str(tmp_path),
                          env=dict(os.environ, ANSIBLE_NOCOLOR="1"), check=False)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "sk-unit-WINPLAN-key" not in proc.stdout
    return json.loads(out.read_text())


def sz(value):
    return {"type": "REG_SZ", "value": value, "raw_value": value}


def test_fresh_key_writes_everything_and_marks_the_secret(tmp_path):
    result = plan(tmp_path, {})
    assert result["write"] == ["inferenceGatewayApiKey", "inferenceGatewayBaseUrl", "inferenceModels", "inferenceProvider"]
    assert result["secret"] == ["inferenceGatewayApiKey"]
    assert result["remove"] == [] and result["hkcu"] == []


def test_only_differences_are_written_and_stale_values_removed(tmp_path):
    current = {
        "inferenceProvider": sz("gateway"),
        "inferenceGatewayBaseUrl": sz("https://old.example.test"),
        "inferenceGatewayApiKey": sz("sk-unit-WINPLAN-key"),
        "inferenceModels": {"type": "REG_EXPAND_SZ", "value": '["claude-sonnet-4"]', "raw_value": ""},
        "staleKey": sz("true"),
    }
    result = plan(tmp_path, current, hkcu={"inferenceProvider": sz("bedrock")})
    assert result["write"] == ["inferenceGatewayBaseUrl", "inferenceModels"]   # wrong data, wrong type
    assert result["remove"] == ["staleKey"]
    assert result["hkcu"] == ["inferenceProvider"]


def test_unmanaged_values_stay_when_asked(tmp_path):
    result = plan(tmp_path, {"staleKey": sz("true")}, cowork3p_windows_remove_unmanaged=False)
    assert result["remove"] == []


def test_absent_removes_managed_names_only_without_remove_unmanaged(tmp_path):
    current = {"inferenceProvider": sz("gateway"), "someoneElses": sz("x")}
    result = plan(tmp_path, current, cowork3p_state="absent", cowork3p_windows_remove_unmanaged=False)
    assert result["write"] == [] and result["remove"] == ["inferenceProvider"]
    result = plan(tmp_path, current, cowork3p_state="absent")
    assert result["remove"] == ["inferenceProvider", "someoneElses"]
