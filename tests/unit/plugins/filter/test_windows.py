# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The windows_registry filter: a thin front of module_utils/_win_delivery.py that turns bad input into
AnsibleFilterError."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.cowork3p.fleet.plugins.filter.windows import FilterModule, windows_registry


def test_plans_then_judges():
    plan = windows_registry({"hklm": {"exists": False}}, {"cowork3p_windows_hive": "hklm"})
    assert plan["hive"] == "HKLM" and plan["write"] == [] and plan["remove"] == []
    out = windows_registry({}, {}, plan=plan)
    assert out["passed"] and out["result"]["changed"] is False
    assert FilterModule().filters()["windows_registry"] is windows_registry


@pytest.mark.parametrize("args, message", [
    (("reads", {}), "expected a mapping of registered results"),
    (({}, []), "options must be a mapping"),
    (({}, {"cowork3p_windows_hive": "HKU"}), "cowork3p_windows_hive must be HKLM, HKCU or users"),
])
def test_bad_input_is_named(args, message):
    with pytest.raises(AnsibleFilterError, match=message):
        windows_registry(*args)


def test_plan_must_be_a_mapping():
    with pytest.raises(AnsibleFilterError, match="plan must be the filter's earlier result"):
        windows_registry({}, {}, plan=[1])
