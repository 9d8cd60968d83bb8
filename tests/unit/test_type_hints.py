# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every public function of module_utils has full type hints, and the hints are never evaluated at run time.

Public: a module-level function or a method of a module-level class whose name does not start with an
underscore, and the __init__ of such a class. Full: every parameter (self and cls aside, *args and **kwargs
included) and the return value. module_utils also run on managed hosts (managed_file ships _delivery and
what it imports), whose Python may be older than the controller's: ``from __future__ import annotations``
keeps every hint a string there, so a hint that only a newer Python can evaluate costs nothing."""

from __future__ import annotations

import ast
import os

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _validation

ROOT = os.path.dirname(os.path.dirname(_validation.__file__))     # (module_utils is a namespace package)


def _sources() -> list:
    found = []
    for folder in (ROOT, os.path.join(ROOT, "_validation")):
        found += [os.path.join(folder, name) for name in sorted(os.listdir(folder)) if name.endswith(".py")]
    return found


def _public(body: list, prefix: str = "", in_class: bool = False):
    """(qualified name, node, is a method) of the public functions in a module's or a class's body."""
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if not node.name.startswith("_") or (in_class and node.name == "__init__"):
                yield prefix + node.name, node, in_class
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            yield from _public(node.body, prefix + node.name + ".", True)
        elif isinstance(node, (ast.If, ast.Try)):     # definitions under a version or import test
            for part in (node.body, node.orelse, getattr(node, "finalbody", [])):
                yield from _public(part, prefix, in_class)
            for handler in getattr(node, "handlers", []):
                yield from _public(handler.body, prefix, in_class)


def _missing(node, is_method: bool) -> list:
    args = node.args
    params = args.posonlyargs + args.args + args.kwonlyargs
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
    if is_method and not static and params and params[0].arg in ("self", "cls"):
        params = params[1:]
    missing = [param.arg for param in params if param.annotation is None]
    missing += ["*" + param.arg for param in (args.vararg, args.kwarg) if param is not None and param.annotation is None]
    if node.returns is None:
        missing.append("return")
    return missing


def unhinted(path: str) -> list:
    """'file:line name (what lacks a hint)' for each public function of one file with a missing hint."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    out = []
    for name, node, is_method in _public(tree.body):
        missing = _missing(node, is_method)
        if missing:
            out.append("%s:%d %s (%s)" % (os.path.relpath(path, ROOT), node.lineno, name, ", ".join(missing)))
    return out


def test_every_public_function_has_full_type_hints():
    missing = [line for path in _sources() for line in unhinted(path)]
    assert not missing, "public functions without full type hints:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", _sources(), ids=lambda path: os.path.relpath(path, ROOT))
def test_hints_are_never_evaluated(path):
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    has_hints = any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (node.returns is not None or any(
        arg.annotation is not None for arg in node.args.args + node.args.kwonlyargs + node.args.posonlyargs))
        for node in ast.walk(tree))
    lazy = any(isinstance(node, ast.ImportFrom) and node.module == "__future__"
               and any(alias.name == "annotations" for alias in node.names) for node in tree.body)
    assert lazy or not has_hints, "%s has hints but no 'from __future__ import annotations'" % path


def test_the_scan_sees_what_it_must():
    tree = ast.parse("def f(a, b: int) -> int:\n    pass\n"
                     "def _private(a):\n    pass\n"
                     "class C:\n    def __init__(self, x):\n        pass\n    def m(self) -> None:\n        pass\n"
                     "    @staticmethod\n    def s(y):\n        pass\n")
    found = {name: _missing(node, is_method) for name, node, is_method in _public(tree.body)}
    assert found == {"f": ["a"], "C.__init__": ["x", "return"], "C.m": [], "C.s": ["y", "return"]}
