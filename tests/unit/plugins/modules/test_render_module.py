# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for plugins/modules/render.py, the documentation of the render action (which does the work on the
controller): what it documents must be what the action accepts (ARGUMENT_SPEC) and the formats of the one table
of formats. The action is tested in tests/unit/plugins/action/test_render_action.py and tests/render/."""

from __future__ import annotations

import yaml

from ansible_collections.cowork3p.fleet.plugins.action import render as render_action
from ansible_collections.cowork3p.fleet.plugins.module_utils import _formats
from ansible_collections.cowork3p.fleet.plugins.modules import render as render_doc

DOCS = yaml.safe_load(render_doc.DOCUMENTATION)
OPTIONS = DOCS["options"]


def test_it_documents_every_option_of_the_action_and_no_other():
    assert DOCS["module"] == "render"
    assert sorted(OPTIONS) == sorted(render_action.ARGUMENT_SPEC)


def test_types_defaults_choices_and_required_are_the_actions():
    for name, spec in render_action.ARGUMENT_SPEC.items():
        doc = OPTIONS[name]
        assert doc.get("type", "str") == spec.get("type", "str"), name
        assert doc.get("default") == spec.get("default"), name
        assert bool(doc.get("required")) == bool(spec.get("required")), name
        if "choices" in spec:
            assert doc.get("choices") == spec["choices"], name
        if spec.get("type") == "list":
            assert doc.get("elements") == spec.get("elements"), name


def test_formats_are_the_table_of_formats_plus_all():
    # the action checks formats against the table itself (so an unknown name is reported with the other problems)
    assert OPTIONS["formats"]["choices"] == list(_formats.FORMATS) + ["all"]
    text = " ".join(OPTIONS["formats"]["description"])
    for fmt in _formats.FORMATS:
        assert "V(%s)" % fmt in text, fmt


def test_secret_options_are_no_log_in_the_action():
    assert render_action.ARGUMENT_SPEC["settings"]["no_log"] is True
    assert render_action.ARGUMENT_SPEC["signing_key_passphrase"]["no_log"] is True


def test_examples_and_return_parse():
    examples = yaml.safe_load(render_doc.EXAMPLES)
    assert examples and all("cowork3p.fleet.render" in task for task in examples if "name" in task)
    returned = yaml.safe_load(render_doc.RETURN)
    assert {"files", "dest", "rendered_keys", "problems"} <= set(returned)
