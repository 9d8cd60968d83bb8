# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _winreg: which policy values the app reads, the write/remove plan, verification and the user
profiles a per-user deploy writes to. Pure functions over what win_reg_stat returns, hostile inputs included."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils import _winreg as winreg

SECRET = "sk-unit-WINREG-secret-never-shown"


def reg(props, sub_keys=None, exists=True):
    return {"exists": exists, "properties": props, "sub_keys": sub_keys or [], "changed": False}


def sz(value, kind="REG_SZ"):
    return {"type": kind, "value": value, "raw_value": value}


def test_policy_values_follow_the_hive_rule():
    props = {"": sz(""), "a": sz("", "REG_EXPAND_SZ"), "b": sz(0, "REG_DWORD"), "c": sz([1], "REG_BINARY"),
             "d": sz(["x"], "REG_MULTI_SZ"), "e": sz("")}
    assert winreg.policy_values(reg(props)) == ["(default)", "a", "b", "e"]
    assert winreg.policy_values(reg({}, exists=False)) == []
    assert winreg.policy_values(None) == []


WANT = [{"path": "k", "name": "inferenceProvider", "data": "gateway", "type": "string", "secret": False},
        {"path": "k", "name": "inferenceGatewayApiKey", "data": SECRET, "type": "string", "secret": True}]


def test_plan_writes_differences_and_removes_stale_and_default_value():
    current = reg({"inferenceProvider": sz("gateway", "REG_EXPAND_SZ"), "inferenceGatewayApiKey": sz(SECRET),
                   "stale": sz("x"), "": sz("d")})
    found = winreg.plan(WANT, current)
    assert [v["name"] for v in found["write"]] == ["inferenceProvider"]
    assert found["remove"] == ["", "stale"]
    assert winreg.plan(WANT, current, remove_unmanaged=False, managed_names=["stale"])["remove"] == ["stale"]
    blind = winreg.plan(WANT, None, managed_names=["inferenceProvider", "old"], blind=True)
    assert len(blind["write"]) == 2 and blind["remove"] == ["old"]


def test_mismatches():
    after = reg({"inferenceProvider": sz("gateway"), "inferenceGatewayApiKey": sz(SECRET[:5]), "": sz("x")})
    assert winreg.mismatches(WANT, ["", "gone"], after) == ["inferenceGatewayApiKey", "(default)"]


def test_profiles_choose_hku_for_signed_in_users_and_hive_files_for_others():
    stats = [
        {"item": "S-1-5-21-1-1001", "exists": True, "value": "C:\\Users\\alice"},
        {"item": "S-1-5-21-1-1002", "exists": True, "value": "C:\\Users\\Bob\\"},
        {"item": "S-1-5-18", "exists": True, "value": "C:\\Windows\\system32\\config\\systemprofile"},
        {"item": "S-1-12-1-9", "exists": False},
        "garbage",
    ]
    loaded = {"exists": True, "sub_keys": [".DEFAULT", "S-1-5-21-1-1001", "S-1-5-21-1-1001_Classes"]}
    found = winreg.profiles(stats, loaded)
    assert [(p["user"], p["loaded"]) for p in found["profiles"]] == [("alice", True), ("Bob", False)]
    alice, bob = found["profiles"]
    assert alice["key"] == "HKU:\\S-1-5-21-1-1001\\SOFTWARE\\Policies\\Claude" and alice["hive"] is None
    assert bob["key"] == "HKLM:\\ANSIBLE\\SOFTWARE\\Policies\\Claude" and bob["hive"] == "C:\\Users\\Bob\\NTUSER.DAT"
    picked = winreg.profiles(stats, loaded, users=["bob", "carol", "S-1-5-21-1-1001"])
    assert [p["user"] for p in picked["profiles"]] == ["alice", "Bob"] and picked["unknown"] == ["carol"]


def test_user_items_read_signed_in_users_and_write_blind_to_the_others():
    profile_list = [
        {"sid": "S-1-5-21-1", "user": "alice", "loaded": True, "key": "HKU:\\S-1-5-21-1\\SOFTWARE\\Policies\\Claude",
         "hive": None},
        {"sid": "S-1-5-21-2", "user": "bob", "loaded": False, "key": "HKLM:\\ANSIBLE\\SOFTWARE\\Policies\\Claude",
         "hive": "C:\\Users\\bob\\NTUSER.DAT"},
    ]
    current = [{"item": profile_list[0], "exists": True,
                "properties": {"inferenceProvider": sz("gateway"), "stale": sz("1")}}]
    items = winreg.user_items(profile_list, current, WANT, managed_names=["inferenceProvider", "inferenceGatewayApiKey"])
    assert [(i["user"], i["name"], i["state"]) for i in items] == [
        ("alice", "inferenceGatewayApiKey", "present"), ("alice", "stale", "absent"),
        ("bob", "inferenceProvider", "present"), ("bob", "inferenceGatewayApiKey", "present")]
    assert items[0]["secret"] and items[2]["hive"] == "C:\\Users\\bob\\NTUSER.DAT" and items[0]["hive"] is None
