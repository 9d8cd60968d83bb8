# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Windows delivery's plan (what to write, what to remove, which HKCU values are hidden), as the role's
tasks/windows.yml computes it from what win_reg_stat read: the role runs in check mode against the test double of
ansible.windows (fake_windows/, see windows_double.py), which must be left unchanged, and the plan it made is read
back from the host's facts."""

from __future__ import annotations

import json

from windows_double import prepare, run_role

HKLM = "HKLM:\\SOFTWARE\\Policies\\Claude"
HKCU = "HKCU:\\SOFTWARE\\Policies\\Claude"
SECRET = "sk-unit-WINPLAN-key"
SETTINGS = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://gateway.example.test",
    "inferenceGatewayApiKey": SECRET,
    "inferenceModels": ["claude-sonnet-4"],
}
PLAYBOOK = """
- name: Plan on the fake Windows host (check mode)
  hosts: win1
  gather_facts: false
  roles:
    - cowork3p.fleet.managed_settings

- name: Keep the plan's names
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Write the plan
      vars:
        plan: "{{ hostvars['win1'].__cowork3p_win_plan }}"
        key: "{{ plan.targets | selectattr('group', 'eq', 'key') | first }}"
      ansible.builtin.copy:
        dest: "{{ out_file }}"
        content: "{{ {'write': key.write | map(attribute='name') | list,
                      'secret': key.write | selectattr('secret') | map(attribute='name') | list,
                      'remove': key.remove, 'hkcu': plan.hkcu_hidden} | to_json }}"
        mode: "0600"
      check_mode: false
"""


def plan(tmp_path, current, hkcu=None, **extra):
    prepare(tmp_path)
    (tmp_path / "play.yml").write_text(PLAYBOOK)
    registry = tmp_path / "registry.json"
    before = {HKLM: current, HKCU: hkcu or {}}
    registry.write_text(json.dumps(before))
    host_vars = dict({"cowork3p_settings": SETTINGS, "fake_registry_file": str(registry)}, **extra)
    proc, result = run_role(tmp_path, host_vars, SECRET, ["--check"])
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert json.loads(registry.read_text()) == before, "check mode wrote"
    return result


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
