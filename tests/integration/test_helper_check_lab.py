# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""credential_helper_check through ansible-playbook -vvvv: real helper scripts on two loopback SSH hosts and on
the controller; each passes or fails for its own reason, and the token never appears in the output."""

from __future__ import annotations

import json
import os
import sys

import pytest
import yaml

from cowork3p_lab import Lab

TOKEN = "tok-LabHelper-5Jq8wX2vB7nM4kP9"
HEADER_VALUE = "hdr-LabTenant-3Rt6yU1iO0pA"
HELPERS = {
    "good-bare": ('echo %s' % TOKEN, True, "bare token"),
    "good-json": ("printf '{\\n \"token\": \"%s\",\\n \"headers\": {\"X-Tenant\": \"%s\"}\\n}\\n'" % (TOKEN, HEADER_VALUE),
                  True, "JSON object"),
    "exit": ('echo "denied for %s" >&2; exit 2' % TOKEN, False, "non-zero exit"),
    "hang": ("sleep 60", False, "timeout"),
    "empty": ("true", False, "empty output"),
    "banner": ('echo "corp-sso 2.1"; echo %s; echo done' % TOKEN, False, "banner or log lines"),
    "no-token": ('echo \'{"jwt": "%s"}\'' % TOKEN, False, "JSON without token"),
    "bad-headers": ('echo \'{"token": "%s", "headers": {"X-N": 1}}\'' % TOKEN, False, "non-string headers"),
    "prompt": ('echo "Enter your password:"', False, "prompt"),
    "user-writable": ('echo %s' % TOKEN, False, "writable by non-admins"),
    "not-exec": ('echo %s' % TOKEN, False, "not executable"),
    "missing": (None, False, "not found"),
}

PLAYBOOK = """
- hosts: all
  gather_facts: false
  tasks:
    - name: Check each helper
      cowork3p.fleet.credential_helper_check:
        path: "{{ helper_dir }}/{{ item }}"
        timeout: "{{ 3 if item == 'hang' else 30 }}"
      loop: %s
      register: checks
      ignore_errors: true
    - name: Keep the results
      ansible.builtin.copy:
        content: "{{ checks.results | to_json }}"
        dest: "{{ out_dir }}/{{ inventory_hostname }}.json"
        mode: "0600"
      delegate_to: localhost
    - name: Settings give the path and timeout
      cowork3p.fleet.credential_helper_check:
        settings:
          inferenceCredentialHelper: "{{ helper_dir }}/good-json"
          inferenceCredentialHelperTimeoutSec: 20
          inferenceGatewayApiKey: sk-static-not-shown-123456
      register: from_settings
    - name: Assert
      ansible.builtin.assert:
        that:
          - from_settings.kind == 'json'
          - from_settings.timeout == 20
""" % json.dumps(sorted(HELPERS))


def install(folder):
    os.makedirs(folder, mode=0o755, exist_ok=True)
    os.chmod(folder, 0o755)
    for name, (body, _ok, _why) in HELPERS.items():
        if body is None:
            continue
        path = os.path.join(folder, name)
        with open(path, "w") as handle:
            handle.write("#!/bin/sh\n%s\n" % body)
        os.chmod(path, {"user-writable": 0o777, "not-exec": 0o644}.get(name, 0o755))


@pytest.fixture
def lab(tmp_path):
    yield from Lab.running("it-helper", "127.77.9", 2, tmp_path)


def test_helpers_on_hosts_and_controller(lab, tmp_path):
    for i in (1, 2):
        root = os.path.join(lab.host_root(i), "etc-claude-desktop")
        os.chmod(root, 0o755)
        install(os.path.join(root, "helpers"))
    local = str(tmp_path / "ctl")
    os.makedirs(local, mode=0o755)
    os.chmod(str(tmp_path), 0o755)
    install(os.path.join(local, "helpers"))
    inventory = lab.inventory(group_vars={"helper_dir": "/etc/claude-desktop/helpers", "out_dir": str(tmp_path)})
    with open(inventory) as handle:
        inv = yaml.safe_load(handle)
    inv["all"]["hosts"]["ctl"] = {"ansible_connection": "local", "helper_dir": os.path.join(local, "helpers"),
                                  "ansible_python_interpreter": sys.executable}
    with open(inventory, "w") as handle:
        yaml.safe_dump(inv, handle)
    playbook = str(tmp_path / "check.yml")
    with open(playbook, "w") as handle:
        handle.write(PLAYBOOK)
    run = lab.playbook(playbook, inventory, "-vvvv")
    assert run.returncode == 0, run.stdout[-5000:]
    assert TOKEN not in run.stdout and HEADER_VALUE not in run.stdout
    assert "sk-static-not-shown-123456" not in run.stdout
    for host in ("h1", "h2", "ctl"):
        with open(str(tmp_path / ("%s.json" % host))) as handle:
            text = handle.read()
        assert TOKEN not in text and HEADER_VALUE not in text
        results = {r["item"]: r for r in json.loads(text)}
        for name, (_body, ok, why) in HELPERS.items():
            res = results[name]
            assert res["passed"] is ok, (host, name, res.get("reason"))
            assert why in res["reason"], (host, name, res["reason"])
        assert results["good-json"]["header_names"] == ["X-Tenant"]
        assert results["good-bare"]["fingerprint"] == results["good-json"]["fingerprint"]
