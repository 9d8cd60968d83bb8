# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one atomic writer and the one "secret changed" marker (_delivery), shared by managed_file and the render
action (tests/unit/plugins/action/test_render_action.py). The module's own behaviour (deliver(), check mode,
ownership, hostile paths) is tested through managed_file in tests/unit/plugins/modules/."""

from __future__ import annotations

import os
import stat

from ansible_collections.cowork3p.fleet.plugins.module_utils import _delivery

MASK = "********"


def test_marker_marks_hidden_changes_inside_maps_lists_and_texts():
    old = {"k": "a", "h": {"X-A": "1", "X-B": "2"}, "l": ["s1"], "u": "https://u:p1@h", "same": "z"}
    new = {"k": "b", "h": {"X-A": "1", "X-B": "3"}, "l": ["s2"], "u": "https://u:p2@h", "same": "z"}
    masked = {"k": MASK, "h": {"X-A": MASK, "X-B": MASK}, "l": [MASK], "u": "https://%s@h" % MASK, "same": "z"}
    marked = _delivery.mark_changed_settings(dict(masked), dict(masked), new, old)
    assert marked == {"k": "******** (changed)", "h": {"X-A": MASK, "X-B": "******** (changed)"},
                      "l": ["******** (changed)"], "u": "https://********@h (changed)", "same": "z"}


def test_managed_file_diff_uses_the_marker():
    before, after = _delivery.masked_views({"inferenceCustomHeaders": {"X-T": "blue"}},
                                           {"inferenceCustomHeaders": {"X-T": "green"}})
    assert before == {"inferenceCustomHeaders": {"X-T": MASK}}
    assert after == {"inferenceCustomHeaders": {"X-T": "******** (changed)"}}


def test_writer_replaces_whole_file_with_mode_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "f.reg"
    target.write_bytes(b"old")
    _delivery.write_atomic(str(target), b"new", 0o600)
    assert target.read_bytes() == b"new" and stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert os.listdir(tmp_path) == ["f.reg"]


def test_delivery_reads_the_table():
    assert _delivery.FORMATS == ("mobileconfig", "json", "plist", "text")
