# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for plugins/modules/render.py, the documentation of the render action (which does the work on the
controller): it parses, documents the formats of the one table of formats, and its examples call the action.
That it documents exactly the action's ARGUMENT_SPEC is checked from the controller side, in
tests/unit/plugins/action/test_render_action.py (tests here run without the controller's packages)."""

from __future__ import annotations

import yaml

from ansible_collections.cowork3p.fleet.plugins.module_utils import _formats
from ansible_collections.cowork3p.fleet.plugins.modules import render as render_doc

DOCS = yaml.safe_load(render_doc.DOCUMENTATION)
OPTIONS = DOCS["options"]


def test_it_documents_the_render_module():
    assert DOCS["module"] == "render"
    assert {"settings", "settings_file", "dest", "formats"} <= set(OPTIONS)
    assert OPTIONS["dest"]["required"] is True


def test_formats_are_the_table_of_formats_plus_all():
    # the action checks formats against the table itself (so an unknown name is reported with the other problems)
    assert OPTIONS["formats"]["choices"] == list(_formats.FORMATS) + ["all"]
    text = " ".join(OPTIONS["formats"]["description"])
    for fmt in _formats.FORMATS:
        assert "V(%s)" % fmt in text, fmt


def test_examples_and_return_parse():
    examples = yaml.safe_load(render_doc.EXAMPLES)
    assert examples and all("cowork3p.fleet.render" in task for task in examples if "name" in task)
    returned = yaml.safe_load(render_doc.RETURN)
    assert {"files", "dest", "rendered_keys", "problems"} <= set(returned)
