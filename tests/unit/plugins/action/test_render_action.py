# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the render action: it writes with _delivery's atomic writer and marks hidden changes with
_delivery's marker, and plugins/modules/render.py documents exactly its ARGUMENT_SPEC."""

from __future__ import annotations

import yaml

from ansible_collections.cowork3p.fleet.plugins.action import render as render_action
from ansible_collections.cowork3p.fleet.plugins.module_utils import _delivery
from ansible_collections.cowork3p.fleet.plugins.modules import render as render_doc

OPTIONS = yaml.safe_load(render_doc.DOCUMENTATION)["options"]


def test_render_action_uses_the_shared_writer_and_marker():
    assert render_action.delivery is _delivery
    assert not hasattr(render_action, "_write_atomically") and not hasattr(render_action, "_mark_changed")


def test_masked_render_marks_a_changed_header_inside_the_map():
    old = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.com",
           "inferenceCustomHeaders": {"X-T": "blue"}}
    new = dict(old, inferenceCustomHeaders={"X-T": "green"})
    text = render_action._masked_render("json", new, old, None, {"hive": "HKLM"})
    assert '"X-T": "******** (changed)"' in text.replace('":"', '": "') and "green" not in text


def test_the_module_documents_every_option_of_the_action_and_no_other():
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


def test_secret_options_are_no_log_in_the_action():
    assert render_action.ARGUMENT_SPEC["settings"]["no_log"] is True
    assert render_action.ARGUMENT_SPEC["signing_key_passphrase"]["no_log"] is True
