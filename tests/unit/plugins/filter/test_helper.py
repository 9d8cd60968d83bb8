# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The credential helper filters' checks of their input (logic in module_utils/_helper_deploy.py)."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.cowork3p.fleet.plugins.filter.helper import helper_windows_result


def test_helper_windows_result_checks_its_input():
    assert helper_windows_result(None, "C:\\x\\h.cmd", {"present": True})["helper"]["path"] == "C:\\x\\h.cmd"
    with pytest.raises(AnsibleFilterError, match="expected the host's cowork3p_result"):
        helper_windows_result([], "C:\\x\\h.cmd", {})
    with pytest.raises(AnsibleFilterError, match="steps must be a mapping"):
        helper_windows_result({}, "C:\\x\\h.cmd", "x")
