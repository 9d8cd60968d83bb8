# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The exact (path, name, data, type) list the managed_settings role hands to ansible.windows.win_regedit.

The role writes ``to_registry_values(settings, hive=...)`` item by item (secret items under no_log), so
these lists are exactly what lands in the registry.
"""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.cowork3p.fleet.plugins.filter.claude import to_registry_values

HKLM = "HKLM:\\SOFTWARE\\Policies\\Claude"
HKCU = "HKCU:\\SOFTWARE\\Policies\\Claude"

SETTINGS = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://gateway.example.test",
    "inferenceGatewayApiKey": "sk-unit-REGISTRY-key",
    "inferenceModels": ["claude-sonnet-4", {"name": "claude-opus-4", "supports1m": True}],
    "inferenceCustomHeaders": {"X-Tenant": "blue"},
    "disableAutoUpdates": True,
    "autoUpdaterEnforcementHours": 24,
}


def tuples(values):
    return [(v["path"], v["name"], v["data"], v["type"]) for v in values]


def test_exact_hklm_list():
    assert tuples(to_registry_values(SETTINGS)) == [
        (HKLM, "autoUpdaterEnforcementHours", "24", "string"),
        (HKLM, "disableAutoUpdates", "true", "string"),
        (HKLM, "inferenceCustomHeaders", '{"X-Tenant":"blue"}', "string"),
        (HKLM, "inferenceGatewayApiKey", "sk-unit-REGISTRY-key", "string"),
        (HKLM, "inferenceGatewayBaseUrl", "https://gateway.example.test", "string"),
        (HKLM, "inferenceModels", '["claude-sonnet-4",{"name":"claude-opus-4","supports1m":true}]', "string"),
        (HKLM, "inferenceProvider", "gateway", "string"),
    ]


def test_hkcu_differs_only_in_path():
    lm = tuples(to_registry_values(SETTINGS, hive="HKLM"))
    cu = tuples(to_registry_values(SETTINGS, hive="HKCU"))
    assert [(HKCU,) + t[1:] for t in lm] == cu


def test_secret_flags_drive_no_log():
    flags = {v["name"]: v["secret"] for v in to_registry_values(SETTINGS)}
    assert flags["inferenceGatewayApiKey"] is True
    assert flags["inferenceCustomHeaders"] is True   # header values may be credentials
    assert flags["inferenceProvider"] is False and flags["inferenceModels"] is False


def test_every_value_is_a_string_directly_under_the_policy_key():
    for value in to_registry_values(SETTINGS):
        assert isinstance(value["data"], str) and value["type"] == "string"
        assert value["path"] == HKLM and "\\" not in value["name"] and "." not in value["name"]


def test_already_encoded_strings_are_kept():
    values = to_registry_values({"inferenceProvider": "gateway",
                                 "inferenceGatewayBaseUrl": "https://gateway.example.test",
                                 "inferenceGatewayApiKey": "k",
                                 "inferenceModels": '["claude-sonnet-4"]'})
    assert ("inferenceModels", '["claude-sonnet-4"]') in [(v["name"], v["data"]) for v in values]


def test_invalid_settings_raise_and_mask_secrets():
    with pytest.raises(AnsibleFilterError) as err:
        to_registry_values({"inferenceProvider": "nope", "inferenceGatewayApiKey": "sk-unit-SHOULD-NOT-SHOW"})
    assert "sk-unit-SHOULD-NOT-SHOW" not in str(err.value)


def test_bad_hive_is_refused():
    with pytest.raises(AnsibleFilterError):
        to_registry_values(SETTINGS, hive="HKU")
