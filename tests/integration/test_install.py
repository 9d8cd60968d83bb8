# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The first hour of a new user: the README's install steps and commands, from the built tarball.

Each ansible-core venv the suite has (the test venv, and ansible-core 2.21 in $COWORK3P_LAB/venv-latest when
scripts/dev test made it) builds the collection with `ansible-galaxy collection build`, installs the tarball into
the default collections path of an empty HOME (its dependency ansible.windows from the lab's folder, offline), and
runs the README's own `ansible-playbook cowork3p.fleet.*` lines as written, in a shell whose environment holds only
PATH, HOME and LANG (no ANSIBLE_* variable, no ansible.cfg). Every command must be quiet: no deprecation warning
(Python's or Ansible's) and no Ansible warning at all with these inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import plistlib
import re
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml

from cowork3p_lab import ROOT, Lab, not_here

README = os.path.join(ROOT, "README.md")
NOISE = re.compile(r"\[DEPRECATION WARNING\]|DeprecationWarning|\[WARNING\]|UNREACHABLE")


def _readme_commands(prefix):
    """The README's shell lines that start with prefix, continuation lines joined, comments dropped."""
    with open(README, encoding="utf-8") as handle:
        text = handle.read()
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line.startswith(prefix):
                lines.append(re.sub(r"\s+", " ", line))
    assert lines, "the README has no command starting with %r" % prefix
    return lines


def _readme_site_yml():
    with open(README, encoding="utf-8") as handle:
        block = re.search(r"```yaml\n# site\.yml[^\n]*\n(.*?)```", handle.read(), re.S)
    assert block, "the README's site.yml example is gone"
    return block.group(1)


def _dependency_folder(namespace, name):
    """A folder holding the collection namespace.name (MANIFEST.json), from the lab's collection paths."""
    roots = os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep)
    roots.append(os.path.join(os.environ.get("COWORK3P_LAB", ""), "deps"))
    for root in filter(None, roots):
        path = os.path.join(root, "ansible_collections", namespace, name)
        if os.path.isfile(os.path.join(path, "MANIFEST.json")):
            return path
    return not_here("%s.%s is not in $ANSIBLE_COLLECTIONS_PATH or $COWORK3P_LAB/deps (scripts/dev test extracts it)"
                    % (namespace, name))


class User:
    """A new user's shell: a venv's bin folder on PATH, an empty HOME, a working folder; nothing else."""

    def __init__(self, bindir, base):
        self.bindir = bindir
        self.home = os.path.join(base, "home")
        self.work = os.path.join(base, "work")
        self.build = os.path.join(base, "build")
        for path in (self.home, self.work, self.build):
            os.makedirs(path)
        self.env = {"PATH": bindir + os.pathsep + "/usr/bin:/bin", "HOME": self.home, "LANG": "C.UTF-8"}
        self.tarball = None

    def run(self, command, cwd=None, timeout=300):
        """Run one shell line as the README writes it; stdout and stderr merged."""
        return subprocess.run(["bash", "-c", command], env=self.env, cwd=cwd or self.work, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=timeout, check=False)

    def quiet(self, command, rc=0, cwd=None):
        result = self.run(command, cwd=cwd)
        assert result.returncode == rc, "%s -> rc %d\n%s" % (command, result.returncode, result.stdout)
        noise = [line for line in result.stdout.splitlines() if NOISE.search(line)]
        assert not noise, "%s is not quiet:\n%s" % (command, "\n".join(noise))
        return result.stdout


def _venvs():
    here = os.path.dirname(sys.executable)
    if not os.path.exists(os.path.join(here, "ansible-galaxy")) and shutil.which("ansible-galaxy"):
        here = os.path.dirname(shutil.which("ansible-galaxy"))
    latest = os.path.join(os.environ.get("COWORK3P_LAB", "/nonexistent"), "venv-latest", "bin")
    return [pytest.param(here, id="test-venv"), pytest.param(latest, id="venv-latest")]


@pytest.fixture(scope="module", params=_venvs())
def user(request, tmp_path_factory):
    """The collection built and installed as the README says, into the empty collections path of a fresh HOME."""
    bindir = request.param
    if not os.path.exists(os.path.join(bindir, "ansible-galaxy")):
        if bindir.endswith(os.path.join("venv-latest", "bin")):
            pytest.skip("no ansible-core 2.21 venv in $COWORK3P_LAB/venv-latest (scripts/dev test makes it)")
        not_here("ansible-galaxy is not installed next to %s" % sys.executable)
    me = User(bindir, str(tmp_path_factory.mktemp("newuser")))
    listed = me.run("ansible-galaxy collection list")
    assert "cowork3p.fleet" not in listed.stdout, "the collections path is not empty:\n" + listed.stdout
    built = me.run("ansible-galaxy collection build --output-path %s %s" % (me.build, ROOT))
    assert built.returncode == 0, built.stdout
    me.tarball = os.path.join(me.build, "cowork3p-fleet-%s.tar.gz" % _galaxy()["version"])
    assert os.path.isfile(me.tarball), built.stdout
    windows = _dependency_folder("ansible", "windows")
    me.quiet("ansible-galaxy collection install --offline %s %s" % (me.tarball, windows))
    listed = me.quiet("ansible-galaxy collection list cowork3p.fleet")
    assert os.path.join(me.home, ".ansible", "collections", "ansible_collections") in listed, listed
    with open(os.path.join(me.work, "site.yml"), "w", encoding="utf-8") as handle:
        handle.write(_readme_site_yml())
    return me


def _galaxy():
    with open(os.path.join(ROOT, "galaxy.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _members(tarball):
    with tarfile.open(tarball) as archive:
        return [m.name for m in archive.getmembers()]


# -- what the tarball holds ---------------------------------------------------------------------------------------

def test_the_tarball_holds_what_users_need_and_nothing_else(user):
    names = _members(user.tarball)
    kept_out = ("tests/", "benchmarks/", "scripts/", ".ci/", "extensions/", "changelogs/fragments/", "dist/",
                ".ansible/", "collections/", ".git")
    leaked = sorted(n for n in names if n.startswith(kept_out) or n in {p.rstrip("/") for p in kept_out}
                    or "__pycache__" in n or n.endswith((".pyc", ".tar.gz")))
    assert not leaked, "development files in the tarball: %s" % leaked
    for needed in ("MANIFEST.json", "README.md", "meta/runtime.yml", "meta/execution-environment.yml",
                   "requirements.txt", "bindep.txt", "playbooks/render.yml", "playbooks/deploy.yml",
                   "playbooks/audit.yml", "playbooks/preflight.yml", "playbooks/merge_reports.yml",
                   "playbooks/host_vars/localhost.yml", "roles/managed_settings/tasks/main.yml",
                   "plugins/action/render.py", "plugins/modules/managed_file.py",
                   "plugins/module_utils/_catalog.py", "examples/gateway.yml", "docs/keys.md"):
        assert needed in names, "%s is missing from the tarball" % needed


FQCN_USE = re.compile(r"""(?:^\s*-?\s*|\|\s*|lookup\(\s*['"]|query\(\s*['"])([a-z0-9_]+)\.([a-z0-9_]+)\.[a-z0-9_]+""",
                      re.M)


def test_galaxy_yml_declares_every_collection_the_shipped_content_calls(user):
    """Modules, filters and lookups of other collections in the shipped YAML all come from declared dependencies."""
    used = set()
    with tarfile.open(user.tarball) as archive:
        for member in archive.getmembers():
            if member.isfile() and member.name.endswith((".yml", ".yaml", ".j2")):
                text = archive.extractfile(member).read().decode("utf-8")
                used.update("%s.%s" % m for m in FQCN_USE.findall(text))
    outside = used - {"ansible.builtin", "ansible.legacy", "cowork3p.fleet"}
    assert "ansible.windows" in outside, "the scan no longer finds the role's Windows tasks: %s" % sorted(used)
    declared = set(_galaxy().get("dependencies") or {})
    assert outside <= declared, "used but not declared in galaxy.yml dependencies: %s" % sorted(outside - declared)
    manifest = json.loads(subprocess.run(["tar", "-xzOf", user.tarball, "MANIFEST.json"], capture_output=True,
                                         check=True).stdout)
    assert set(manifest["collection_info"]["dependencies"]) == declared


# -- the README's commands, as written ---------------------------------------------------------------------------

def _written(output):
    """The paths the render playbook's last task lists."""
    match = re.search(r'"msg": "\[(.*?)\] \(', output)
    assert match, output
    return [p.strip().strip("'") for p in match.group(1).split(",")]


def _check_core_files(paths):
    by_name = {os.path.basename(p): p for p in paths}
    with open(by_name["claude-desktop.mobileconfig"], "rb") as handle:
        profile = plistlib.load(handle)
    assert profile["PayloadContent"][0]["PayloadType"] == "com.anthropic.claudefordesktop"
    with open(by_name["claude-desktop.reg"], "rb") as handle:
        data = handle.read()
    assert data.startswith(b"\xff\xfe"), "the .reg has no UTF-16LE byte-order mark"
    assert data.decode("utf-16").lstrip("\ufeff").startswith("Windows Registry Editor Version 5.00\r\n")
    with open(by_name["managed-settings.json"], encoding="utf-8") as handle:
        settings = json.load(handle, parse_constant=lambda c: pytest.fail("non-JSON constant %s" % c))
    assert settings["inferenceProvider"] == "gateway"


def test_render_of_the_built_in_example(user):
    output = user.quiet("ansible-playbook -i localhost, cowork3p.fleet.render")
    paths = _written(output)
    assert [os.path.dirname(p) for p in paths] == [os.path.join(user.work, "dist")] * 3
    _check_core_files(paths)


def test_every_readme_render_command(user):
    commands = [c for c in _readme_commands("ansible-playbook -i localhost, cowork3p.fleet.render")
                if "signing_pkcs12" not in c]       # the signed profile needs a certificate: tests/render covers it
    assert len(commands) >= 2, commands
    for command in commands:
        paths = _written(user.quiet(command))
        for path in paths:
            assert os.path.getsize(path) > 0, path
        _check_core_files(paths)


STATUSES = ("compliant", "drifted", "missing", "rejected", "unreachable", "unreadable")


def test_the_readme_merge_reports_command(user):
    hosts = {"s1": ["h1", "h4"], "s2": ["h2", "h5"], "s3": ["h3"]}
    for name, members in hosts.items():
        os.makedirs(os.path.join(user.work, name), exist_ok=True)
        counts = dict.fromkeys(STATUSES, 0) | {"compliant": len(members)}
        report = {"generated": "2026-12-07T20:00:00Z", "counts": counts,
                  "hosts": {h: {"status": "compliant", "os": "linux", "delivery": "managed_file", "files": [],
                                "error": ""} for h in members}}
        with open(os.path.join(user.work, name, "report.json"), "w", encoding="utf-8") as handle:
            json.dump(report, handle)
    (command,) = _readme_commands("ansible-playbook -i localhost, cowork3p.fleet.merge_reports")
    user.quiet(command)
    with open(os.path.join(user.work, "reports", "report.json"), encoding="utf-8") as handle:
        merged = json.load(handle)
    assert merged["counts"] == dict.fromkeys(STATUSES, 0) | {"compliant": 5} and sorted(merged["hosts"]) == ["h1", "h2", "h3", "h4", "h5"]
    for suffix in ("md", "html"):
        assert os.path.getsize(os.path.join(user.work, "reports", "report." + suffix)) > 0


def test_the_readme_preflight_command_runs_on_the_controller(user):
    """The README's example gateway does not exist: the preflight runs locally and fails at its DNS check."""
    (command,) = _readme_commands("ansible-playbook -i localhost, cowork3p.fleet.preflight")
    output = user.quiet(command, rc=2)
    assert re.search(r"FAIL +tls ", output), output      # ran on the controller (an SSH attempt is UNREACHABLE)


def test_without_any_inventory_ansible_itself_warns(user):
    """Why the README's controller-only commands carry `-i localhost,` (ansible-core warns before reading a play)."""
    result = user.run("ansible-playbook cowork3p.fleet.render -e dest=no-inventory")
    assert result.returncode == 0, result.stdout
    assert "[WARNING]: No inventory was parsed" in result.stdout


# -- deploy and audit on SSH test hosts ------------------------------------------------------------------------

@pytest.fixture
def lab(tmp_path):
    yield from Lab.running("it-install", "127.77.41", 2, tmp_path)


def test_the_readme_deploy_and_audit_commands(user, lab):
    if user.bindir.endswith(os.path.join("venv-latest", "bin")):
        pytest.skip("the SSH rollout runs once, with the test venv")
    inventory = os.path.join(user.work, "inventory")
    os.makedirs(inventory, exist_ok=True)
    shutil.copy(lab.inventory(group_vars={"cowork3p_settings": yaml.safe_load(_readme_site_yml())}),
                os.path.join(inventory, "hosts.yml"))
    (deploy,) = [c for c in _readme_commands("ansible-playbook cowork3p.fleet.deploy") if "--diff" in c]
    (audit,) = _readme_commands("ansible-playbook cowork3p.fleet.audit")
    output = user.quiet(deploy)
    assert re.search(r"h1 +: ok=\d+ +changed=[1-9]", output), output
    user.quiet(audit)
    with open(os.path.join(user.work, "reports", "report.json"), encoding="utf-8") as handle:
        assert json.load(handle)["counts"]["compliant"] == 2


# -- scripts/dev render -------------------------------------------------------------------------------------------

def _stub_render_venv(lab):
    """A venv-render whose stamp matches tests/requirements-render.txt, with ansible-galaxy and ansible-playbook stubs
    that log their arguments: scripts/dev render then runs offline and the test sees what it would run."""
    venv = os.path.join(lab, "venv-render")
    os.makedirs(os.path.join(venv, "bin"))
    os.symlink(sys.executable, os.path.join(venv, "bin", "python"))
    for tool in ("ansible-galaxy", "ansible-playbook"):
        path = os.path.join(venv, "bin", tool)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write('#!/bin/sh\nprintf "%%s\\n" "%s $*" >> "%s/calls"\n' % (tool, lab))
        os.chmod(path, 0o755)
    with open(os.path.join(ROOT, "tests", "requirements-render.txt"), "rb") as handle:
        stamp = hashlib.sha256(handle.read()).hexdigest()[:16]
    with open(os.path.join(venv, ".stamp"), "w", encoding="utf-8") as handle:
        handle.write(stamp + "\n")


@pytest.mark.parametrize("args, says", [
    ((), "rendering the built-in example (examples/gateway.yml) into ./dist"),
    (("-e", "settings_file=site.yml", "-e", "dest=out"), "rendering: -e settings_file=site.yml -e dest=out"),
])
def test_scripts_dev_render_says_what_it_renders_and_how_to_run_it_by_hand(tmp_path, args, says):
    lab = str(tmp_path / "lab")
    _stub_render_venv(lab)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "COWORK3P_LAB": lab, "COWORK3P_PYTHON": sys.executable}
    result = subprocess.run([os.path.join(ROOT, "scripts", "dev"), "render"] + list(args), env=env, cwd=str(tmp_path),
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "==> " + says + "\n" in result.stderr, result.stderr
    assert "examples/gateway.yml" not in result.stderr or not args, result.stderr
    with open(os.path.join(lab, "calls"), encoding="utf-8") as handle:
        playbook = [c for c in handle.read().splitlines() if c.startswith("ansible-playbook")]
    assert playbook == [" ".join(("ansible-playbook -i localhost, cowork3p.fleet.render",) + args)]
    by_hand = result.stderr.split("To run the same without this script", 1)[1].splitlines()
    assert by_hand[1].strip() == 'export PATH="%s/venv-render/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="%s/collections"' % (
        lab, lab)
    assert by_hand[2].strip() == playbook[0]
