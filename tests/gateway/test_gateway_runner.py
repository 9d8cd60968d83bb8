# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/preflight.yml through ansible-runner, as AWX runs it, against the fake upstream.

A failing preflight (the gateway echoes the Authorization header back in its error) through the CLI and a
passing one through the Python API: nothing the runner keeps under artifacts/ (stdout, job events) may hold the
API key or a header value, raw, JSON-escaped or XML-escaped.
"""

from __future__ import annotations

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))

from cowork3p_runner import leaks, private_data_dir, run_api, run_cli  # noqa: E402  pylint: disable=wrong-import-position


def _setup(gwlab, upstream, tmp_path, flags):
    settings = gwlab.settings(upstream.url(flags), headers={"X-Org-Id": gwlab.HEADER_SECRET},
                              models=["claude-sonnet-4-5"])
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "settings.yml"
    path.write_text(json.dumps({"cowork3p_settings": settings}, indent=2))
    pdd = private_data_dir(
        tmp_path / "pdd",
        inventory={"all": {"hosts": {"localhost": {"ansible_connection": "local",
                                                   "ansible_python_interpreter": sys.executable}}}},
        extravars={"settings_file": str(path), "preflight_ca_path": str(upstream.ca_path)},
        envvars={"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    return pdd


def _secrets(gwlab):
    return {"API key": gwlab.LAB_KEY, "header value": gwlab.HEADER_SECRET}


def test_failing_preflight_through_the_runner_cli_keeps_no_secret(gwlab, upstream, tmp_path):
    pdd = _setup(gwlab, upstream, tmp_path, "echo-auth")
    run = run_cli(pdd, gwlab.REPO / "playbooks" / "preflight.yml", "preflight-fail")
    assert run.status == "failed" and run.rc == 2, run.describe()
    stdout = run.stdout()
    assert "FAIL messages" in stdout and "Bearer ********" in stdout
    assert leaks(run.artifact_dir, _secrets(gwlab)) == []
    # the check finds what it looks for: the settings file the runner was given holds both secrets
    assert {name for _f, name, _form in leaks(str(tmp_path / "in"), _secrets(gwlab))} == set(_secrets(gwlab))


def test_passing_preflight_through_the_runner_api_keeps_no_secret(gwlab, upstream, tmp_path):
    pdd = _setup(gwlab, upstream, tmp_path, "")
    run = run_api(pdd, gwlab.REPO / "playbooks" / "preflight.yml", "preflight-pass")
    assert run.status == "successful" and run.rc == 0, run.describe()
    assert "Gateway preflight passed" in run.stdout()
    assert leaks(run.artifact_dir, _secrets(gwlab)) == []
