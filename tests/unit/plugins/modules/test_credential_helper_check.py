# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the credential_helper_check module: its edge (arguments, documentation, the result and what it
never shows). How a helper is judged is unit tested in tests/unit/plugins/module_utils/test_helper.py; the module
runs on SSH hosts in tests/integration/test_helper_check_lab.py."""

from __future__ import annotations

import os

import pytest

from ansible_collections.cowork3p.fleet.plugins.modules import credential_helper_check
from ansible_collections.cowork3p.fleet.tests.unit.plugins.modules.module_harness import assert_documented, run

TOKEN = "tok-unit-HELPERCHECK-7Qm2x9"


def _not_root():
    reason = "the helper trust check needs the helper owned by root"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + " (CI must run this test)")
    pytest.skip(reason)


@pytest.fixture
def helper(tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir(mode=0o755)
    os.chmod(str(tmp_path), 0o755)
    path = folder / "claude-helper"
    path.write_text('#!/bin/sh\nprintf "%%s\\n" %s\n' % TOKEN)
    path.chmod(0o755)
    return str(path)


def test_documentation_matches_the_argument_spec(monkeypatch):
    assert_documented(credential_helper_check, monkeypatch)


def test_a_good_helper_passes_and_its_token_is_never_returned(helper, capsys):
    if os.geteuid() != 0:
        _not_root()
    result, raw = run(credential_helper_check, {"path": helper, "timeout": 20}, capsys)
    assert not result.get("failed") and result["passed"] and not result["changed"]
    assert result["msg"].startswith("credential helper check passed: ") and result["kind"] == "bare"
    assert TOKEN not in raw


def test_the_path_comes_from_the_settings_when_not_given(helper, capsys):
    if os.geteuid() != 0:
        _not_root()
    settings = {"inferenceCredentialHelper": helper, "inferenceGatewayApiKey": "sk-unit-STATIC-3kd9"}
    result, raw = run(credential_helper_check, {"settings": settings}, capsys)
    assert result["passed"] and "sk-unit-STATIC-3kd9" not in raw
    # ansible-core 2.19 returns the invocation, 2.21 leaves it out: where it is there, the settings are hidden
    assert "invocation" not in result or result["invocation"]["module_args"]["settings"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


@pytest.mark.parametrize("args, message", [
    ({}, "no helper to check: give path, or settings with inferenceCredentialHelper"),
    ({"path": "relative/helper"}, "is not absolute"),
    ({"path": "/usr/local/bin/h", "timeout": 0}, "timeout must be between 1 and 600 seconds"),
    ({"settings": {"inferenceCredentialHelper": "/h", "inferenceCredentialHelperTimeoutSec": "soon"}},
     "inferenceCredentialHelperTimeoutSec must be a whole number of seconds"),
])
def test_bad_input_fails_before_anything_runs(capsys, args, message):
    result, _raw = run(credential_helper_check, args, capsys)
    assert result["failed"] and not result["passed"] and message in result["msg"]
    assert result["fingerprint"] is None and result["header_names"] == []


def test_a_missing_helper_fails_with_the_reason(tmp_path, capsys):
    result, _raw = run(credential_helper_check, {"path": str(tmp_path / "nope")}, capsys)
    assert result["failed"] and result["msg"].startswith("credential helper check failed: not found")
