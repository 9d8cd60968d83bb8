# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _mdm_keys: which catalog keys the MDM artifacts offer and which they leave out, and why."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils import _mdm_keys
from ansible_collections.cowork3p.fleet.plugins.module_utils._catalog import KEYS
from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.mdm_documents import EXPECTED


def test_left_out_keys_are_exactly_those_not_readable_from_mdm():
    left = dict(_mdm_keys.left_out())
    assert sorted(left) == sorted(e["name"] for e in KEYS if e["name"] not in EXPECTED)
    assert "bootstrapUrl" in EXPECTED and "egressProxyUrl" in EXPECTED        # mdm_only keys are offered
    assert "availability: unknown" in left["chatSessionRetentionDays"]
    assert [e["name"] for e in _mdm_keys.mdm_entries()] == [e["name"] for e in KEYS if e["name"] in EXPECTED]
