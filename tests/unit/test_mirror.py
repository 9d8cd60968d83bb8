# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The layout of tests/unit: it mirrors plugins/ one to one, so a reader finds the tests of a unit by its name.

  plugins/<type>/<name>.py                  -> tests/unit/plugins/<type>/test_<name>.py
  plugins/module_utils/_<name>.py           -> tests/unit/plugins/module_utils/test_<name>.py
  plugins/module_utils/_<pkg>/<file>.py     -> tests/unit/plugins/module_utils/<pkg>/test_<file>.py
  plugins/module_utils/_<pkg>/__init__.py   -> tests/unit/plugins/module_utils/<pkg>/test_<pkg>.py

Where two units would get the same test file name (plugins/action/render.py, plugins/modules/render.py and
module_utils/_render.py), the module_utils one keeps the plain name and the others add their type
(test_render_action.py, test_render_module.py): pytest imports test files of folders without __init__.py by
their base name, so base names must be unique. A unit may have more test files named test_<name>_<aspect>.py
(test_managed_file_hostile.py); every test file under tests/unit/plugins belongs to a unit.
"""

from __future__ import annotations

import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLUGINS = os.path.join(ROOT, "plugins")
UNIT = os.path.join(ROOT, "tests", "unit", "plugins")
TYPE_SUFFIX = {"action": "action", "filter": "filter", "lookup": "lookup", "modules": "module", "plugin_utils": "utils"}


def _python_files(top):
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.relpath(os.path.join(folder, name), top)


def _plain_name(rel):
    """(type folder, sub-package or "", test stem) before collisions are resolved."""
    parts = rel.split(os.sep)
    kind, stem = parts[0], os.path.splitext(parts[-1])[0]
    if len(parts) == 3:                                     # a package inside module_utils, e.g. _validation/
        package = parts[1].lstrip("_")
        return kind, package, "test_" + (package if stem == "__init__" else stem)
    return kind, "", "test_" + stem.lstrip("_")


def expected_mirrors(plugins=PLUGINS):
    """{plugins/ file: tests/unit/plugins/ file} for every unit."""
    plain = {rel: _plain_name(rel) for rel in _python_files(plugins) if os.path.basename(rel) != "__init__.py"
             or len(rel.split(os.sep)) == 3}
    counts = {}
    for kind, package, stem in plain.values():
        if not package:
            counts[stem] = counts.get(stem, 0) + 1
    out = {}
    for rel, (kind, package, stem) in plain.items():
        if not package and counts[stem] > 1 and kind != "module_utils":
            stem = "%s_%s" % (stem, TYPE_SUFFIX[kind])
        out[rel] = os.path.join(kind, package, stem + ".py")
    return out


def missing_mirrors(plugins=PLUGINS, unit=UNIT):
    return sorted("plugins/%s -> tests/unit/plugins/%s" % (rel, test)
                  for rel, test in expected_mirrors(plugins).items() if not os.path.isfile(os.path.join(unit, test)))


def orphans(plugins=PLUGINS, unit=UNIT):
    """Test files under tests/unit/plugins that belong to no unit (neither test_<name>.py nor test_<name>_*.py)."""
    stems = {}
    for test in expected_mirrors(plugins).values():
        stems.setdefault(os.path.dirname(test), set()).add(os.path.splitext(os.path.basename(test))[0])
    found = []
    for rel in _python_files(unit):
        folder, name = os.path.split(rel)
        if not name.startswith("test_"):
            continue                                        # shared helpers (gateway_fakes.py, cases.py, ...)
        stem = os.path.splitext(name)[0]
        if not any(stem == s or stem.startswith(s + "_") for s in stems.get(folder, ())):
            found.append("tests/unit/plugins/" + rel)
    return found


def clashing_basenames(tests=os.path.join(ROOT, "tests")):
    """Test files that pytest would import under the same module name (folders without __init__.py)."""
    seen = {}
    for rel in _python_files(tests):
        folder, name = os.path.split(rel)
        if name.startswith("test_") and not os.path.isfile(os.path.join(tests, folder, "__init__.py")):
            seen.setdefault(name, []).append("tests/" + rel)
    return {name: paths for name, paths in seen.items() if len(paths) > 1}


def test_every_plugin_file_has_its_mirror_test_file():
    missing = missing_mirrors()
    assert not missing, "plugins/ files without their unit test file:\n  " + "\n  ".join(missing)


def test_every_unit_test_file_belongs_to_a_plugin_file():
    found = orphans()
    assert not found, "test files that mirror no plugins/ file (name them test_<unit>[_<aspect>].py):\n  " + \
        "\n  ".join(found)


def test_test_file_basenames_are_unique():
    assert clashing_basenames() == {}


def _tree(tmp_path, files):
    for rel in files:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
    return str(tmp_path / "plugins"), str(tmp_path / "tests" / "unit" / "plugins")


def test_the_mapping_rules(tmp_path):
    plugins, _unit = _tree(tmp_path, [
        "plugins/module_utils/_render.py", "plugins/action/render.py", "plugins/modules/render.py",
        "plugins/filter/claude.py", "plugins/lookup/rollout.py", "plugins/module_utils/_pkg/__init__.py",
        "plugins/module_utils/_pkg/rules.py", "plugins/plugin_utils/_templating.py"])
    assert expected_mirrors(plugins) == {
        os.path.join(*k.split("/")): os.path.join(*v.split("/")) for k, v in {
            "action/render.py": "action/test_render_action.py",
            "filter/claude.py": "filter/test_claude.py",
            "lookup/rollout.py": "lookup/test_rollout.py",
            "module_utils/_pkg/__init__.py": "module_utils/pkg/test_pkg.py",
            "module_utils/_pkg/rules.py": "module_utils/pkg/test_rules.py",
            "module_utils/_render.py": "module_utils/test_render.py",
            "modules/render.py": "modules/test_render_module.py",
            "plugin_utils/_templating.py": "plugin_utils/test_templating.py",
        }.items()}


@pytest.mark.parametrize("tests, missing, orphan", [
    (["module_utils/test_render.py", "modules/test_render_module.py"], ["plugins/action/render.py"], []),
    (["module_utils/test_render.py", "modules/test_render_module.py", "action/test_render_action.py",
      "action/test_render_action_masking.py", "action/helpers.py"], [], []),
    (["module_utils/test_render.py", "modules/test_render_module.py", "action/test_render_action.py",
      "action/test_rendering.py", "modules/test_render.py"], [],
     ["tests/unit/plugins/action/test_rendering.py", "tests/unit/plugins/modules/test_render.py"]),
])
def test_the_check_names_what_is_missing_and_what_is_orphaned(tmp_path, tests, missing, orphan):
    plugins, unit = _tree(tmp_path, ["plugins/module_utils/_render.py", "plugins/action/render.py",
                                     "plugins/modules/render.py"] + ["tests/unit/plugins/" + t for t in tests])
    assert [line.split(" -> ")[0] for line in missing_mirrors(plugins, unit)] == missing
    assert orphans(plugins, unit) == orphan


def test_clashing_basenames_are_found(tmp_path):
    _tree(tmp_path, ["tests/a/test_x.py", "tests/b/test_x.py", "tests/c/__init__.py", "tests/c/test_x.py",
                     "tests/b/test_y.py"])
    assert clashing_basenames(str(tmp_path / "tests")) == {"test_x.py": ["tests/a/test_x.py", "tests/b/test_x.py"]}
