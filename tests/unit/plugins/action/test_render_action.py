# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The render action writes with _delivery's atomic writer and marks hidden changes with _delivery's marker."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.action import render as render_action
from ansible_collections.cowork3p.fleet.plugins.module_utils import _delivery


def test_render_action_uses_the_shared_writer_and_marker():
    assert render_action.delivery is _delivery
    assert not hasattr(render_action, "_write_atomically") and not hasattr(render_action, "_mark_changed")


def test_masked_render_marks_a_changed_header_inside_the_map():
    old = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.com",
           "inferenceCustomHeaders": {"X-T": "blue"}}
    new = dict(old, inferenceCustomHeaders={"X-T": "green"})
    text = render_action._masked_render("json", new, old, None, {"hive": "HKLM"})
    assert '"X-T": "******** (changed)"' in text.replace('":"', '": "') and "green" not in text
