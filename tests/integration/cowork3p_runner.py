# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run playbooks the way AWX does: through ansible-runner, with a private data directory.

A private data directory holds inventory/, env/extravars, env/cmdline and env/envvars; everything the runner
keeps (what AWX stores of a job) lands in artifacts/<ident>/: stdout, job_events/*.json, fact_cache/. Both
entry points are here: the Python API (ansible_runner.run) and the CLI (ansible-runner run DIR -p PLAYBOOK).
No process isolation (it needs bubblewrap or podman).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from xml.sax.saxutils import escape as xml_escape

import yaml

from cowork3p_lab import not_here

ENVVARS = {
    "ANSIBLE_PIPELINING": "1",
    "ANSIBLE_HOST_KEY_CHECKING": "0",
    "ANSIBLE_FORKS": "10",
    "ANSIBLE_GATHERING": "explicit",
    "ANSIBLE_RETRY_FILES_ENABLED": "0",
    "ANSIBLE_NOCOLOR": "1",
    "ANSIBLE_DEPRECATION_WARNINGS": "0",
    "ANSIBLE_LOCALHOST_WARNING": "0",
    "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
}


def runner_module():
    try:
        import ansible_runner  # pylint: disable=import-outside-toplevel
    except ImportError:
        not_here("ansible-runner is not installed (tests/requirements.txt)")
    return ansible_runner


def runner_cli():
    here = os.path.join(os.path.dirname(sys.executable), "ansible-runner")
    found = here if os.path.exists(here) else shutil.which("ansible-runner")
    if not found:
        not_here("the ansible-runner command is not installed (tests/requirements.txt)")
    return found


def private_data_dir(path, inventory=None, extravars=None, cmdline=None, envvars=None):
    """Lay out a private data directory; inventory is a mapping (YAML inventory) or the path of an inventory file."""
    path = str(path)
    os.makedirs(os.path.join(path, "env"), exist_ok=True)
    os.makedirs(os.path.join(path, "project"), exist_ok=True)
    if inventory is not None:
        os.makedirs(os.path.join(path, "inventory"), exist_ok=True)
        target = os.path.join(path, "inventory", "hosts.yml")
        if isinstance(inventory, str):
            shutil.copy(inventory, target)
        else:
            with open(target, "w", encoding="utf-8") as handle:
                yaml.safe_dump(inventory, handle)
    env = dict(ENVVARS, **(envvars or {}))
    with open(os.path.join(path, "env", "envvars"), "w", encoding="utf-8") as handle:
        yaml.safe_dump(env, handle)
    extravars_file = os.path.join(path, "env", "extravars")
    if extravars:
        with open(extravars_file, "w", encoding="utf-8") as handle:
            yaml.safe_dump(extravars, handle)
    elif os.path.exists(extravars_file):
        os.unlink(extravars_file)
    cmdline_file = os.path.join(path, "env", "cmdline")
    if cmdline:
        with open(cmdline_file, "w", encoding="utf-8") as handle:
            handle.write(cmdline)
    elif os.path.exists(cmdline_file):
        os.unlink(cmdline_file)
    return path


class Run:
    """What one runner invocation left behind."""

    def __init__(self, pdd, ident, rc, status, output=""):
        self.pdd = pdd
        self.ident = ident
        self.rc = rc
        self.status = status
        self.output = output
        self.artifact_dir = os.path.join(pdd, "artifacts", ident)

    def events(self):
        out = []
        for path in glob.glob(os.path.join(self.artifact_dir, "job_events", "*.json")):
            with open(path, encoding="utf-8") as handle:
                out.append(json.load(handle))
        return sorted(out, key=lambda e: e.get("counter", 0))

    def stdout(self):
        with open(os.path.join(self.artifact_dir, "stdout"), encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def artifact_data(self):
        """What set_stats published: the playbook_on_stats event's artifact_data (AWX: the job's artifacts)."""
        stats = [e for e in self.events() if e.get("event") == "playbook_on_stats"]
        assert stats, "no playbook_on_stats event in %s" % self.artifact_dir
        return stats[-1]["event_data"].get("artifact_data", {})

    def recap(self):
        """{host: {ok, changed, failures, dark, ...}} from the stats event."""
        data = [e for e in self.events() if e.get("event") == "playbook_on_stats"][-1]["event_data"]
        hosts = set()
        for key in ("ok", "changed", "failures", "dark", "skipped", "processed"):
            hosts |= set(data.get(key) or {})
        return {h: {k: (data.get(k) or {}).get(h, 0) for k in ("ok", "changed", "failures", "dark")} for h in hosts}

    def describe(self):
        try:
            return "rc=%s status=%s\n%s" % (self.rc, self.status, self.stdout()[-5000:])
        except OSError:
            return "rc=%s status=%s\n%s" % (self.rc, self.status, self.output[-5000:])


def _fact_cache(pdd, ident):
    """Fact caching as an AWX job template with "use fact storage" has it: jsonfile under the artifacts."""
    path = os.path.join(str(pdd), "env", "envvars")
    with open(path, encoding="utf-8") as handle:
        env = yaml.safe_load(handle) or {}
    env.update({"ANSIBLE_CACHE_PLUGIN": "jsonfile",
                "ANSIBLE_CACHE_PLUGIN_CONNECTION": os.path.join(str(pdd), "artifacts", ident, "fact_cache")})
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(env, handle)


def run_api(pdd, playbook, ident, **kwargs):
    """ansible_runner.run(private_data_dir=..., playbook=...), as AWX's job runs call it."""
    _fact_cache(pdd, ident)
    runner = runner_module().run(private_data_dir=str(pdd), playbook=str(playbook), ident=ident, quiet=True,
                                 **kwargs)
    return Run(str(pdd), ident, runner.rc, runner.status)


def run_cli(pdd, playbook, ident, *args):
    """ansible-runner run PDD -p PLAYBOOK --ident IDENT."""
    _fact_cache(pdd, ident)
    cmd = [runner_cli(), "run", str(pdd), "-p", str(playbook), "--ident", ident] + list(args)
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600, check=False)
    status_file = os.path.join(str(pdd), "artifacts", ident, "status")
    status = open(status_file, encoding="utf-8").read().strip() if os.path.exists(status_file) else "unknown"
    return Run(str(pdd), ident, done.returncode, status, done.stdout)


def secret_forms(value):
    """A secret as it may appear in kept text: raw, JSON-escaped (once and twice: JSON text inside a JSON
    event), XML-escaped (with and without quotes)."""
    once = json.dumps(value)[1:-1]
    forms = {
        "raw": value,
        "json": once,
        "json-in-json": json.dumps(once)[1:-1],
        "xml": xml_escape(value),
        "xml-quotes": xml_escape(value, {'"': "&quot;", "'": "&apos;"}),
        "xml-in-json": json.dumps(xml_escape(value, {'"': "&quot;", "'": "&apos;"}))[1:-1],
    }
    return forms


def leaks(directory, secrets):
    """[(file, secret name, form)] for every secret found in any file under directory (empty: nothing leaked)."""
    found = []
    checked = 0
    for base, _dirs, files in os.walk(directory):
        for name in files:
            path = os.path.join(base, name)
            with open(path, "rb") as handle:
                text = handle.read().decode("utf-8", errors="replace")
            checked += 1
            for secret_name, value in secrets.items():
                for form, needle in secret_forms(value).items():
                    if needle in text:
                        found.append((os.path.relpath(path, directory), secret_name, form))
    assert checked, "nothing under %s to check" % directory
    return found
