# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/fast_probe: the Probe that runs a catalog check silently, which checks the fast
path may run that way, and silent()."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import fast_probe as fp
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.checks import CHECKS


def test_the_probe_only_notes_that_something_was_said():
    probe = fp.Probe()
    assert not probe.reported
    probe.warn("k", None, "rule", "message")
    assert probe.reported


def test_every_way_of_reporting_is_noted():
    for name in ("error", "warn", "add", "deprecation"):
        probe = fp.Probe()
        getattr(probe, name)("k", None, "rule", "message", None)
        assert probe.reported, name
    assert not hasattr(fp.Probe(), "__dict__")        # nothing else can be recorded on it


def test_only_checks_that_keep_no_state_run_on_the_fast_path():
    assert fp.item_check(None) is None and fp.item_check("") is None
    assert fp.item_check("egress_host") is CHECKS["egress_host"] and fp.item_check("model") is CHECKS["model"]
    assert fp.item_check("claude_ai_import") is False       # it records for a cross-key rule
    assert fp.item_check("mcp_server") is False


def test_silent_tells_whether_the_check_would_report():
    assert fp.silent(CHECKS["egress_host"], "api.example.com:443", None)
    assert fp.silent(CHECKS["egress_host"], "*", None)
    assert not fp.silent(CHECKS["egress_host"], "[::1]", None)
    assert not fp.silent(CHECKS["model"], {"name": "m", "prefer1m": True}, [])
