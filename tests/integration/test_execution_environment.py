# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""examples/execution-environment.yml through `ansible-builder create` (no container runtime needed).

The build context must install ansible-core, this collection (from the tarball the README tells users to
build), its collection dependency (ansible.windows, galaxy.yml) and the Python and system packages the
collection declares in meta/execution-environment.yml. The last part happens in the image's introspect step:
the test runs the very script the build context carries over the collection installed from that tarball.
`ansible-builder build` itself needs podman or docker and is not run here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile

import yaml

from cowork3p_lab import ROOT, not_here


def _tool(name):
    here = os.path.join(os.path.dirname(sys.executable), name)
    found = here if os.path.exists(here) else shutil.which(name)
    if not found:
        not_here("%s is not installed (tests/requirements.txt)" % name)
    return found


def _run(cmd, cwd):
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, "%s\n%s\n%s" % (" ".join(cmd), done.stdout, done.stderr)
    return done


def _lines(path):
    with open(path, encoding="utf-8") as handle:
        return [line.split("#", 1)[0].strip() for line in handle if line.split("#", 1)[0].strip()]


def test_collection_declares_its_execution_environment_dependencies():
    with open(os.path.join(ROOT, "meta", "execution-environment.yml"), encoding="utf-8") as handle:
        meta = yaml.safe_load(handle)
    assert meta["version"] == 3
    assert meta["dependencies"] == {"python": "requirements.txt", "system": "bindep.txt"}
    assert any(line.startswith("jinja2") for line in _lines(os.path.join(ROOT, "requirements.txt")))
    assert _lines(os.path.join(ROOT, "bindep.txt"))
    with open(os.path.join(ROOT, "galaxy.yml"), encoding="utf-8") as handle:
        galaxy = yaml.safe_load(handle)
    # every collection the role and playbooks call, with a version range
    assert set(galaxy["dependencies"]) == {"ansible.windows"}
    assert "<" in galaxy["dependencies"]["ansible.windows"] and ">=" in galaxy["dependencies"]["ansible.windows"]


def test_example_execution_environment_build_context(tmp_path):
    builder = _tool("ansible-builder")
    galaxy_cli = _tool("ansible-galaxy")
    with open(os.path.join(ROOT, "galaxy.yml"), encoding="utf-8") as handle:
        galaxy = yaml.safe_load(handle)
    tarball = "cowork3p-fleet-%s.tar.gz" % galaxy["version"]

    # what the README says: build the tarball next to a copy of the example, then create the context
    ee_dir = tmp_path / "ee"
    ee_dir.mkdir()
    _run([galaxy_cli, "collection", "build", "--output-path", str(ee_dir), ROOT], cwd=str(tmp_path))
    assert (ee_dir / tarball).exists()
    shutil.copy(os.path.join(ROOT, "examples", "execution-environment.yml"), ee_dir)
    context = tmp_path / "context"
    _run([builder, "create", "-f", str(ee_dir / "execution-environment.yml"), "--context", str(context),
          "--output-filename", "Containerfile"], cwd=str(ee_dir))

    with open(ee_dir / "execution-environment.yml", encoding="utf-8") as handle:
        definition = yaml.safe_load(handle)
    assert definition["version"] == 3
    core = definition["dependencies"]["ansible_core"]["package_pip"]
    assert core.startswith("ansible-core>=2.19")

    containerfile = (context / "Containerfile").read_text(encoding="utf-8")
    assert core in containerfile                                   # ansible-core is installed
    assert "ansible-galaxy collection install" in containerfile and "-r requirements.yml" in containerfile
    assert "introspect.py introspect" in containerfile and "/output/scripts/assemble" in containerfile
    assert "install-from-bindep" in containerfile

    build = context / "_build"
    with open(build / "requirements.yml", encoding="utf-8") as handle:
        requirements = yaml.safe_load(handle)["collections"]
    names = [entry["name"] for entry in requirements]
    assert "collections/" + tarball in names                        # this collection ...
    assert (build / "collections" / tarball).exists()               # ... copied into the context
    declared = galaxy["dependencies"]
    for dep, spec in declared.items():                               # its collection dependencies
        entry = [e for e in requirements if e["name"] == dep]
        assert entry and entry[0]["version"] == spec, dep
    with tarfile.open(build / "collections" / tarball) as tar:
        manifest = yaml.safe_load(tar.extractfile("MANIFEST.json"))
        members = set(tar.getnames())
    assert manifest["collection_info"]["dependencies"] == declared  # ansible-galaxy also pulls them in itself
    assert {"meta/execution-environment.yml", "requirements.txt", "bindep.txt"} <= members
    assert not [m for m in members if m.startswith(("tests/", "benchmarks/", ".ci/"))], "test and CI files shipped"

    # The introspect step of the image, over the collection as the galaxy stage installs it.
    installed = tmp_path / "usr-share-ansible"
    _run([galaxy_cli, "collection", "install", "--force", "--no-deps", "-p", str(installed), str(build / "collections" / tarball)],
         cwd=str(build))
    pip_out, bindep_out = tmp_path / "pip.txt", tmp_path / "bindep.txt"
    _run([sys.executable, str(build / "scripts" / "introspect.py"), "introspect", "--user-pip=requirements.txt",
          "--write-pip=%s" % pip_out, "--write-bindep=%s" % bindep_out, str(installed)], cwd=str(build))
    pip_lines = pip_out.read_text(encoding="utf-8").splitlines()
    for requirement in _lines(os.path.join(ROOT, "requirements.txt")):
        assert "%s  # from collection cowork3p.fleet" % requirement in pip_lines, pip_lines
    bindep_lines = bindep_out.read_text(encoding="utf-8").splitlines()
    for requirement in _lines(os.path.join(ROOT, "bindep.txt")):
        assert "%s  # from collection cowork3p.fleet" % requirement in bindep_lines, bindep_lines
