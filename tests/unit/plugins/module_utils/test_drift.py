# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _drift: comparing what a host holds with the desired settings by meaning, naming keys only."""

from __future__ import annotations

import json

from ansible_collections.cowork3p.fleet.plugins.module_utils._drift import drift, in_sync

GW_KEY = "sk-gw-4Hq8"


def test_drift_compares_by_meaning():
    actual = {
        "disableAutoUpdates": "true",
        "mcpToolTimeoutSec": "60",
        "inferenceModelPricingMultiplier": "0.5",
        "disabledBuiltinTools": '["Bash","WebFetch"]',
        "banner": '{"text":"Managed","enabled":true}',
        "inferenceGatewayApiKey": GW_KEY,
    }
    desired = {
        "disableAutoUpdates": True,
        "mcpToolTimeoutSec": 60,
        "inferenceModelPricingMultiplier": 0.5,
        "disabledBuiltinTools": ["Bash", "WebFetch"],
        "banner": {"enabled": True, "text": "Managed"},
        "inferenceGatewayApiKey": GW_KEY,
    }
    assert drift(actual, desired) == {"missing": [], "unexpected": [], "changed": []}
    assert in_sync(actual, desired)


def test_drift_reports_missing_unexpected_and_changed():
    actual = {"disableAutoUpdates": "false", "chatTabEnabled": "true", "zzUnknown": "1", "disabledBuiltinTools": '["Bash"]',
              "inferenceGatewayApiKey": "old-key"}
    desired = {"disableAutoUpdates": True, "coworkTabEnabled": True, "autoModeEnabled": False,
               "disabledBuiltinTools": ["Bash", "Read"], "inferenceGatewayApiKey": "new-key"}
    found = drift(actual, desired)
    assert found == {
        "missing": ["autoModeEnabled", "coworkTabEnabled"],
        "unexpected": ["chatTabEnabled", "zzUnknown"],
        "changed": ["disableAutoUpdates", "disabledBuiltinTools", "inferenceGatewayApiKey"],
    }
    assert not in_sync(actual, desired)
    # Only key names are reported: no value (and so no secret) appears in the result.
    assert "old-key" not in json.dumps(found) and "new-key" not in json.dumps(found)


def test_drift_list_order_matters():
    # The first inferenceModels entry is the default model, so order is meaningful.
    found = drift({"inferenceModels": '["a","b"]'}, {"inferenceModels": ["b", "a"]})
    assert found["changed"] == ["inferenceModels"]


def test_drift_with_empty_sides():
    assert drift(None, None) == {"missing": [], "unexpected": [], "changed": []}
    assert drift({}, {"disableAutoUpdates": True}) == {"missing": ["disableAutoUpdates"], "unexpected": [], "changed": []}
    assert drift({"disableAutoUpdates": True}, None) == {"missing": [], "unexpected": ["disableAutoUpdates"], "changed": []}


def test_drift_of_invalid_values_compares_what_was_given():
    assert in_sync({"mcpToolTimeoutSec": "soon"}, {"mcpToolTimeoutSec": "soon"})
    assert drift({"mcpToolTimeoutSec": "soon"}, {"mcpToolTimeoutSec": 60})["changed"] == ["mcpToolTimeoutSec"]
