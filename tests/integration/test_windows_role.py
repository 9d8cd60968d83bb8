# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The managed_settings role's whole Windows path, run on the controller against a fake registry.

There is no Windows host on the build machines. ``fake_windows/`` holds a test double of ansible.windows whose
win_reg_stat and win_regedit are controller-side action plugins over a JSON file; with it first on the collections
path the role's real tasks run end to end: read, plan, write (secrets under no_log), remove stale values, report
HKCU, read back and verify, record cowork3p_result; check mode, idempotence and ``absent`` included. What the
fake cannot prove (PowerShell, WinRM, the real modules' behaviour) stays with extensions/molecule/windows.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from windows_double import FAKE, prepare, run_role

HERE = os.path.dirname(os.path.abspath(__file__))
HKLM = "HKLM:\\SOFTWARE\\Policies\\Claude"
HKCU = "HKCU:\\SOFTWARE\\Policies\\Claude"
SECRET = "sk-unit-WINROLE-key-do-not-leak"
SETTINGS = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://gateway.example.test",
    "inferenceGatewayApiKey": SECRET,
    "inferenceModels": ["claude-sonnet-4", {"name": "claude-opus-4", "supports1m": True}],
    "disableAutoUpdates": True,
}
EXPECTED = {
    "disableAutoUpdates": "true",
    "inferenceGatewayApiKey": SECRET,
    "inferenceGatewayBaseUrl": "https://gateway.example.test",
    "inferenceModels": '["claude-sonnet-4",{"name":"claude-opus-4","supports1m":true}]',
    "inferenceProvider": "gateway",
}


class Host:
    def __init__(self, tmp_path):
        prepare(tmp_path)
        self.tmp = tmp_path
        self.registry = tmp_path / "registry.json"

    def set(self, registry):
        self.registry.write_text(json.dumps(registry))

    def values(self, key=HKLM):
        data = json.loads(self.registry.read_text()) if self.registry.exists() else {}
        return {name: (v["type"], v["value"]) for name, v in data.get(key, {}).items()}

    def run(self, *args, **extra):
        host_vars = {"cowork3p_settings": SETTINGS, "fake_registry_file": str(self.registry)}
        return run_role(self.tmp, dict(host_vars, **extra), SECRET, args)


@pytest.fixture
def host(tmp_path):
    return Host(tmp_path)


def test_check_then_write_then_nothing_to_do(host):
    before = {HKLM: {"staleKey": {"type": "REG_SZ", "value": "x"},
                     "inferenceProvider": {"type": "REG_EXPAND_SZ", "value": "gateway"}},
              HKCU: {"inferenceProvider": {"type": "REG_SZ", "value": "bedrock"}}}
    host.set(before)

    proc, result = host.run("--check", "-vvv")
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert result["changed"] and json.loads(host.registry.read_text()) == before, "check mode wrote"
    assert sorted(result["changed_keys"]) == sorted(list(EXPECTED) + ["staleKey"])

    proc, result = host.run("-vvv")
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert host.values() == {name: ("REG_SZ", data) for name, data in EXPECTED.items()}
    assert result["changed"] and result["restart_required"] and result["verified"]
    assert result["hkcu_values_hidden"] == ["inferenceProvider"]
    assert host.values(HKCU) == {"inferenceProvider": ("REG_SZ", "bedrock")}, "HKCU is only reported by default"
    assert "are ignored by Claude Desktop" in proc.stdout

    proc, result = host.run()
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert not result["changed"] and result["changed_keys"] == []


def test_clean_hkcu_and_absent(host):
    host.set({HKCU: {"inferenceProvider": {"type": "REG_SZ", "value": "bedrock"}}})
    proc, _result = host.run(cowork3p_windows_clean_hkcu=True)
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert host.values(HKCU) == {}

    proc, result = host.run(cowork3p_state="absent")
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert host.values() == {} and result["changed"] and result["state"] == "absent"
    proc, result = host.run(cowork3p_state="absent")
    assert not result["changed"]


def test_a_value_that_does_not_read_back_fails_the_host(host):
    host.set({})
    proc, result = host.run(fake_registry_corrupt="inferenceGatewayBaseUrl")
    assert proc.returncode != 0
    assert "does not hold what was written (values: inferenceGatewayBaseUrl)" in proc.stdout, proc.stdout[-4000:]
    assert result is None or "changed" not in result


def test_audit_reads_the_registry_and_names_what_drifted(host, tmp_path):
    proc, _result = host.run()
    assert proc.returncode == 0, proc.stdout[-4000:]
    audit = os.path.join(os.path.dirname(HERE), "..", "playbooks", "audit.yml")
    env = dict(os.environ, ANSIBLE_NOCOLOR="1",
               ANSIBLE_COLLECTIONS_PATH=FAKE + os.pathsep + os.environ["ANSIBLE_COLLECTIONS_PATH"])

    def run_audit():
        proc = subprocess.run(["ansible-playbook", "-i", str(tmp_path / "inventory.json"), audit, "-v",
                               "-e", json.dumps({"cowork3p_hosts": "win1", "cowork3p_audit_dir": str(tmp_path / "audit")})],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=str(tmp_path), env=env,
                              check=False)
        assert proc.returncode == 0, proc.stdout[-4000:]
        assert SECRET not in proc.stdout
        report = json.loads((tmp_path / "audit" / "report.json").read_text())
        assert SECRET not in json.dumps(report)
        return report["hosts"]["win1"]

    assert run_audit()["status"] == "compliant"
    registry = json.loads(host.registry.read_text())
    registry[HKLM]["inferenceGatewayApiKey"]["value"] = "sk-someone-else-entirely"
    registry[HKLM]["isDesktopExtensionEnabled"] = {"type": "REG_SZ", "value": "true"}
    host.registry.write_text(json.dumps(registry))
    win1 = run_audit()
    assert win1["status"] == "drifted"
    assert win1["files"][0]["drift"]["changed"] == ["inferenceGatewayApiKey"]
    assert win1["files"][0]["drift"]["unexpected"] == ["isDesktopExtensionEnabled"]
