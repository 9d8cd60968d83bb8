# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/preflight.yml end to end against the fake upstream, including -vvvv output checks for secrets."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def preflight(gwlab, run_ansible, tmp_path_factory, upstream):
    tmp = tmp_path_factory.mktemp("preflight")
    playbook = gwlab.REPO / "playbooks" / "preflight.yml"

    def run(name, flags, document, *args):
        """Write ``document(settings)`` to a file, play preflight.yml with ``args`` ({path} = that file)."""
        extra = ["-e", "preflight_ca_path=%s" % upstream.ca_path]
        if document is not None:
            path = tmp / ("%s.yml" % name)
            settings = gwlab.settings(upstream.url(flags), headers={"X-Org-Id": gwlab.HEADER_SECRET},
                                      models=["claude-sonnet-4-5"])
            path.write_text(json.dumps(document(settings), indent=2))
            extra += [a.format(path=path) for a in args]
        proc = run_ansible([playbook] + extra)
        (tmp / ("%s.out" % name)).write_text(proc.stdout + "\n--- stderr ---\n" + proc.stderr)
        return proc

    return run


def test_passing_run_at_vvvv_prints_the_summary_and_no_secret(preflight, gwlab):
    proc = preflight("pass", "", lambda s: s, "-vvvv", "-e", "settings_file={path}")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    assert "RESULT: PASSED" in out and "PASS streaming" in out
    assert "Gateway preflight passed" in out
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in out        # the settings are never echoed back
    assert gwlab.secrets_in(out) == []


def test_failing_run_at_vvvv_masks_what_the_gateway_echoes(preflight, gwlab):
    proc = preflight("fail", "echo-auth", lambda s: {"cowork3p_settings": s}, "-vvvv", "-e",
                     "settings_file={path}")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out[-4000:]
    assert "FAIL messages" in out and "Bearer ********" in out
    assert "Gateway preflight failed (messages" in out
    assert gwlab.secrets_in(out) == []


def test_settings_from_a_variable_and_a_buffered_stream(preflight, gwlab):
    proc = preflight("buffered", "buffered", lambda s: {"cowork3p_settings": s}, "-e", "@{path}")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2, out[-4000:]
    assert "FAIL streaming" in out and "buffered" in out
    assert "Gateway preflight failed (streaming)" in out
    assert gwlab.secrets_in(out) == []


def test_no_settings_is_a_clear_error(preflight):
    proc = preflight("none", "", None)
    assert proc.returncode != 0
    assert "No settings" in proc.stdout + proc.stderr


DEPLOY_INVENTORY = {"fleet": {"hosts": {"d1": {}, "d2": {}}}}


def _deploy(gwlab, run_ansible, upstream, tmp, flags):
    """deploy.yml with cowork3p_preflight on two local hosts that write below tmp."""
    import grp
    import os
    import pwd
    settings = gwlab.settings(upstream.url(flags), headers={"X-Org-Id": gwlab.HEADER_SECRET},
                              models=["claude-sonnet-4-5"])
    inventory = {"all": {"children": DEPLOY_INVENTORY, "vars": {
        "ansible_connection": "local",
        "cowork3p_os": "linux",
        "cowork3p_settings": settings,
        "cowork3p_linux_path": str(tmp) + "/{{ inventory_hostname }}/managed-settings.json",
        "cowork3p_linux_owner": pwd.getpwuid(os.getuid()).pw_name,
        "cowork3p_linux_group": grp.getgrgid(os.getgid()).gr_name,
    }}}
    (tmp / "inventory.json").write_text(json.dumps(inventory))
    extra = {"cowork3p_hosts": "fleet", "cowork3p_preflight": True, "cowork3p_preflight_ca_path": str(upstream.ca_path),
             "cowork3p_summary_file": str(tmp / "summary.json")}
    proc = run_ansible(["-i", tmp / "inventory.json", gwlab.REPO / "playbooks" / "deploy.yml", "-e", json.dumps(extra)])
    (tmp / "deploy.out").write_text(proc.stdout + "\n--- stderr ---\n" + proc.stderr)
    return proc


def test_deploy_preflight_gate_passes_then_delivers(gwlab, run_ansible, upstream, tmp_path):
    proc = _deploy(gwlab, run_ansible, upstream, tmp_path, "")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    assert "TASK [Preflight each distinct gateway document]" in out
    assert json.loads((tmp_path / "summary.json").read_text())["changed"] == ["d1", "d2"]
    assert all((tmp_path / h / "managed-settings.json").exists() for h in ("d1", "d2"))
    assert gwlab.secrets_in(out) == []


def test_deploy_preflight_gate_stops_before_any_host(gwlab, run_ansible, upstream, tmp_path):
    proc = _deploy(gwlab, run_ansible, upstream, tmp_path, "echo-auth")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "gateway preflight failed: messages: HTTP 401" in out, out[-4000:]
    assert not any((tmp_path / h).exists() for h in ("d1", "d2")), "a host was touched after a failed preflight"
    assert not (tmp_path / "summary.json").exists()
    assert gwlab.secrets_in(out) == []
