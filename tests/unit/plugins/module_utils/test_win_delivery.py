# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Windows registry delivery's plan, verdict and outcome (module_utils/_win_delivery.py), with plain dicts
standing in for what win_reg_stat and win_regedit register."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _win_delivery as wd

HKLM, HKCU = wd.HKLM_KEY, wd.HKCU_KEY
ALICE_KEY = "HKU:\\S-1-5-21-1-1001\\SOFTWARE\\Policies\\Claude"
BOB_KEY = "HKLM:\\ANSIBLE\\SOFTWARE\\Policies\\Claude"
BOB_HIVE = "C:\\Users\\bob\\NTUSER.DAT"
PROFILES = {"profiles": [
    {"sid": "S-1-5-21-1-1001", "user": "alice", "loaded": True, "key": ALICE_KEY, "hive": None},
    {"sid": "S-1-5-21-1-1002", "user": "bob", "loaded": False, "key": BOB_KEY, "hive": BOB_HIVE}], "unknown": []}


def values(hive):
    path = "%s:\\SOFTWARE\\Policies\\Claude" % hive
    return [{"path": path, "name": "inferenceGatewayApiKey", "data": "sk-unit-WD", "type": "string", "secret": True},
            {"path": path, "name": "inferenceProvider", "data": "gateway", "type": "string", "secret": False}]


def options(**extra):
    base = {"cowork3p_state": "present", "cowork3p_settings": {"inferenceProvider": 1, "inferenceGatewayApiKey": 1},
            "cowork3p_windows_hive": "HKLM", "cowork3p_windows_users": [], "cowork3p_windows_clean_hklm": False,
            "cowork3p_windows_clean_hkcu": False, "cowork3p_windows_remove_unmanaged": True,
            "cowork3p_document": {"registry_hklm": values("HKLM"), "registry_hkcu": values("HKCU")}}
    return dict(base, **extra)


def stat(**props):
    return {"exists": True, "properties": {n: {"type": t, "value": v} for n, (t, v) in props.items()}}


def loop(*entries, skipped=False):
    return {"results": list(entries), "changed": any(e.get("changed") for e in entries), "skipped": skipped}


def test_fresh_hklm_key_writes_everything_with_the_secret_apart_and_reports_hidden_hkcu():
    hkcu = stat(inferenceProvider=("REG_SZ", "bedrock"), **{"": ("REG_SZ", "")})
    plan = wd.plan({"hklm": {"exists": False}, "hkcu": hkcu}, options())
    assert plan["refusal"] == "" and plan["hive"] == "HKLM"
    assert [w["name"] for w in plan["write"]] == ["inferenceProvider"]
    assert [w["name"] for w in plan["write_secret"]] == ["inferenceGatewayApiKey"]
    assert plan["remove"] == [] and plan["read_back"] == [HKLM] and plan["check_back"] == []
    assert plan["hkcu_hidden"] == ["inferenceProvider"]
    assert "are ignored by Claude Desktop" in plan["notice"] and "Set cowork3p_windows_clean_hkcu" in plan["notice"]


def test_only_differences_are_written_and_stale_values_removed_and_clean_hkcu_keeps_the_default():
    hklm = stat(inferenceProvider=("REG_SZ", "gateway"), inferenceGatewayApiKey=("REG_EXPAND_SZ", "sk-unit-WD"),
                staleKey=("REG_SZ", "x"))
    hkcu = stat(inferenceProvider=("REG_SZ", "bedrock"), **{"": ("REG_SZ", "")})
    plan = wd.plan({"hklm": hklm, "hkcu": hkcu}, options(cowork3p_windows_clean_hkcu=True))
    assert plan["write"] == [] and [w["name"] for w in plan["write_secret"]] == ["inferenceGatewayApiKey"]
    assert [(r["path"], r["name"], r["label"]) for r in plan["remove"]] == [
        (HKLM, "staleKey", "HKLM: staleKey"), (HKCU, "inferenceProvider", "HKCU: inferenceProvider")]
    assert plan["read_back"] == [HKLM, HKCU] and "They are removed now." in plan["notice"]


def test_unmanaged_values_stay_when_asked_and_absent_removes_managed_names():
    hklm = stat(inferenceProvider=("REG_SZ", "gateway"), someoneElses=("REG_SZ", "x"))
    plan = wd.plan({"hklm": hklm}, options(cowork3p_windows_remove_unmanaged=False, cowork3p_state="absent"))
    assert [r["name"] for r in plan["remove"]] == ["inferenceProvider"] and plan["hkcu_hidden"] == []
    plan = wd.plan({"hklm": hklm}, options(cowork3p_state="absent", cowork3p_document=None))
    assert [r["name"] for r in plan["remove"]] == ["inferenceProvider", "someoneElses"]


@pytest.mark.parametrize("hive", ["HKCU", "users"])
def test_user_policy_is_refused_while_hklm_holds_a_value_and_nothing_is_planned(hive):
    plan = wd.plan({"hklm": stat(**{"": ("REG_SZ", "")}), "profiles": PROFILES}, options(cowork3p_windows_hive=hive))
    assert "holds (default), so Claude Desktop ignores every user policy value" in plan["refusal"]
    assert plan["write"] == plan["write_secret"] == plan["remove"] == [] and plan["targets"] == []


def test_clean_hklm_empties_the_machine_key_first_and_counts_as_a_change():
    hklm = stat(**{"": ("REG_SZ", "x"), "inferenceProvider": ("REG_SZ", "vertex")})
    hkcu = stat(inferenceProvider=("REG_SZ", "gateway"), inferenceGatewayApiKey=("REG_SZ", "sk-unit-WD"))
    plan = wd.plan({"hklm": hklm, "hkcu": hkcu}, options(cowork3p_windows_hive="HKCU", cowork3p_windows_clean_hklm=True))
    assert plan["refusal"] == "" and [(r["group"], r["name"]) for r in plan["remove"]] == [
        ("clean_hklm", ""), ("clean_hklm", "inferenceProvider")]
    removed = loop(*({"changed": True, "item": r} for r in plan["remove"]))
    out = wd.outcome(plan, {"removed": removed, "after": loop({"item": HKLM, "exists": False})})
    assert out["passed"] and out["verified"]
    assert out["result"]["hklm_values_removed"] == ["(default)", "inferenceProvider"]
    assert out["result"]["changed"] and out["result"]["changed_keys"] == [] and out["result"]["paths"] == [HKCU]


def test_users_signed_in_are_read_the_others_written_blind_and_unknown_users_refused():
    reads = {"hklm": {"exists": False}, "profiles": PROFILES,
             "users": loop({"item": PROFILES["profiles"][0], "exists": True,
                            "properties": {"staleKey": {"type": "REG_SZ", "value": "1"}}})}
    plan = wd.plan(reads, options(cowork3p_windows_hive="users"))
    assert plan["users"] == ["alice", "bob"] and plan["unload_hive"] == BOB_HIVE
    written = {(w["user"], w["path"], w["hive"]) for w in plan["write"]}
    assert written == {("alice", ALICE_KEY, None), ("bob", BOB_KEY, BOB_HIVE)}
    assert [(r["user"], r["name"]) for r in plan["remove"]] == [("alice", "staleKey")]
    assert plan["read_back"] == [ALICE_KEY]
    assert {i["user"] for i in plan["check_back"]} == {"bob"} and len(plan["check_back"]) == 2
    refused = wd.plan(dict(reads, profiles=dict(PROFILES, unknown=["dave"])), options(cowork3p_windows_hive="users"))
    assert refused["refusal"] == "no user profile on this host for: dave (cowork3p_windows_users)"


def test_users_outcome_names_changed_users_and_the_users_whose_read_back_fails():
    reads = {"profiles": PROFILES, "users": loop()}
    plan = wd.plan(reads, options(cowork3p_windows_hive="USERS"))
    written = loop(*({"changed": w["user"] == "bob", "item": w} for w in plan["write"]))
    good = stat(inferenceProvider=("REG_SZ", "gateway"), inferenceGatewayApiKey=("REG_SZ", "sk-unit-WD"))
    checked = loop(*({"changed": False, "item": i} for i in plan["check_back"]))
    out = wd.outcome(plan, {"written": written, "after": loop(dict(good, item=ALICE_KEY)), "checked": checked})
    assert out["passed"] and out["result"]["users_changed"] == ["bob"]
    assert out["result"]["changed_keys"] == ["inferenceProvider"] and out["result"]["delivery"] == "registry_users"
    assert out["result"]["paths"] == [ALICE_KEY, BOB_KEY]
    checked = loop(*({"changed": True, "item": i} for i in plan["check_back"]))
    out = wd.outcome(plan, {"written": written, "after": loop(dict(stat(), item=ALICE_KEY)), "checked": checked})
    assert not out["passed"]
    assert out["message"] == "these users' policy keys do not hold what was written: alice, bob"


def test_a_key_read_back_with_a_wrong_value_fails_and_a_skipped_read_back_is_not_verified():
    plan = wd.plan({"hklm": {"exists": False}}, options())
    after = dict(stat(inferenceProvider=("REG_SZ", "gate"), inferenceGatewayApiKey=("REG_SZ", "sk-unit-WD")), item=HKLM)
    out = wd.outcome(plan, {"after": loop(after)})
    assert out["message"] == HKLM + " does not hold what was written (values: inferenceProvider)"
    assert "sk-unit-WD" not in repr(out)
    assert out["result"]["changed_keys"] == ["inferenceGatewayApiKey", "inferenceProvider"]
    out = wd.outcome(plan, {"after": loop(skipped=True)})
    assert out["passed"] and not out["verified"] and not out["result"]["verified"]


def test_bad_hive_is_named():
    with pytest.raises(wd.WinDeliveryError, match="cowork3p_windows_hive must be HKLM, HKCU or users, got 'HKU'"):
        wd.plan({}, options(cowork3p_windows_hive="HKU"))
