# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _audit: the verdict per host from stat, read-back and registry results (files and registry),
hostile inputs included. The registry decisions themselves are in test_winreg.py."""

from __future__ import annotations

import base64
import json

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _audit as audit

SECRET = "sk-unit-AUDIT-secret-never-shown"
DESIRED = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.test",
           "inferenceGatewayApiKey": SECRET, "disableAutoUpdates": True, "autoUpdaterEnforcementHours": 24}
PATH = "/etc/claude-desktop/managed-settings.json"
FILES = [{"path": PATH, "format": "json", "owner": "root", "mode": "0644", "acceptance": True}]


def stat(**kw):
    base = {"exists": True, "isreg": True, "islnk": False, "isdir": False, "uid": 0, "pw_name": "root", "mode": "0644"}
    base.update(kw)
    return base


def results(st, item=None):
    return [{"item": item or FILES[0], "stat": st, "changed": False}]


def read_by_item(doc):
    raw = json.dumps(doc).encode("utf-8")
    return [{"item": FILES[0], "content": base64.b64encode(raw).decode("ascii")}]


DIR_OK = stat(isreg=False, isdir=True, mode="0755")


def judge(st=None, dir_st=None, content=None, reads=None):
    return audit.files_host(FILES, results(st or stat()), results(dir_st or DIR_OK),
                            reads if reads is not None else read_by_item(DESIRED if content is None else content),
                            DESIRED)


def test_compliant_file():
    host = judge()
    assert host["status"] == "compliant", host
    nested = [{"item": {"item": FILES[0], "stat": stat()}, "content": read_by_item(DESIRED)[0]["content"]}]
    assert judge(reads=nested)["status"] == "compliant"


@pytest.mark.parametrize("st, dir_st, rule", [
    (stat(uid=65534, pw_name="nobody"), None, "file_owner"),
    (stat(mode="0666"), None, "file_writable"),
    (None, stat(isreg=False, isdir=True, mode="0777"), "dir_writable"),
    (None, stat(isreg=False, isdir=True, uid=65534), "dir_owner"),
    (None, stat(isreg=False, isdir=False, islnk=True, mode="0777"), "dir_symlink"),
    (stat(isreg=False, islnk=True, mode="0777"), None, "file_symlink"),
])
def test_rejected_by_the_app_names_the_rule(st, dir_st, rule):
    host = judge(st, dir_st)
    assert host["status"] == "rejected"
    assert host["files"][0]["rules"] == [rule]
    assert any(audit.acceptance.RULES[rule] in p for p in host["files"][0]["problems"])


def test_drift_is_masked_and_distinct_from_rejection():
    host = judge(content=dict(DESIRED, inferenceGatewayApiKey=SECRET + "x", inferenceProvider="bedrock"))
    assert host["status"] == "drifted"
    assert host["files"][0]["drift"]["changed"] == ["inferenceGatewayApiKey", "inferenceProvider"]
    assert SECRET not in json.dumps(host)


@pytest.mark.parametrize("content", [
    b"", b"not json", b"\xff\xfe\x00", b"[1, 2]", b'{"a": 1, "a": 2}',
    json.dumps({"inferenceProvider": "gateway\nline two", "x\u00e9\u4e2d": "\u00fc" * 100000}).encode("utf-8"),
])
def test_hostile_contents_never_raise(content):
    raw = base64.b64encode(content).decode("ascii")
    host = judge(reads=[{"item": FILES[0], "content": raw}])
    assert host["status"] in ("drifted", "compliant"), host
    json.dumps(host)


@pytest.mark.parametrize("reads, status", [
    ([{"item": FILES[0], "failed": True, "msg": "Permission denied"}], "unreadable"),
    ([{"item": FILES[0], "unreachable": True, "msg": "ssh died"}], "unreachable"),
    ([], "unreadable"),
])
def test_a_read_that_fails_mid_way_is_reported(reads, status):
    host = judge(reads=reads)
    assert host["status"] == status
    assert "could not be read" in host["files"][0]["problems"][-1]


@pytest.mark.parametrize("garbage", [None, "x", [None, 3, "y"], [{"item": None}], {"weird": True}])
def test_garbage_results_never_raise(garbage):
    host = audit.files_host(FILES, garbage, garbage, garbage, DESIRED)
    assert host["status"] in audit.STATUSES
    host = audit.files_host(garbage, garbage, garbage, garbage, garbage)
    assert host["status"] in audit.STATUSES
    assert audit.registry_host(garbage, DESIRED, "HKLM:\\x")["status"] in audit.STATUSES


def test_missing_file_and_failed_stat():
    assert judge(stat(exists=False))["status"] == "missing"
    host = audit.files_host(FILES, [{"item": FILES[0], "failed": True, "msg": "boom"}], [], [], DESIRED)
    assert host["status"] == "unreadable"


# ----------------------------------------------------------------- registry


def reg(props, sub_keys=None, exists=True):
    return {"exists": exists, "properties": props, "sub_keys": sub_keys or [], "changed": False}


def sz(value, kind="REG_SZ"):
    return {"type": kind, "value": value, "raw_value": value}


REG_OK = {"inferenceProvider": sz("gateway"), "inferenceGatewayBaseUrl": sz("https://gw.example.test"),
          "inferenceGatewayApiKey": sz(SECRET), "disableAutoUpdates": sz("true"),
          "autoUpdaterEnforcementHours": sz("24")}


def test_registry_compliant_with_dword_for_boolean_and_integer():
    props = dict(REG_OK, disableAutoUpdates=sz(1, "REG_DWORD"), autoUpdaterEnforcementHours=sz(24, "REG_DWORD"))
    host = audit.registry_host(reg(props), DESIRED, "HKLM:\\SOFTWARE\\Policies\\Claude")
    assert host["status"] == "compliant", host
    wrong = dict(props, autoUpdaterEnforcementHours=sz(25, "REG_DWORD"))
    host = audit.registry_host(reg(wrong), DESIRED, "HKLM:\\SOFTWARE\\Policies\\Claude")
    assert host["status"] == "drifted" and host["files"][0]["drift"]["changed"] == ["autoUpdaterEnforcementHours"]


@pytest.mark.parametrize("name, prop, text", [
    ("inferenceProvider", sz("gateway", "REG_EXPAND_SZ"), "REG_EXPAND_SZ: not readable by the app"),
    ("inferenceProvider", sz(["gateway"], "REG_MULTI_SZ"), "REG_MULTI_SZ: not readable by the app"),
    ("inferenceProvider", sz([1, 2], "REG_BINARY"), "REG_BINARY: not readable by the app"),
    ("inferenceProvider", sz(7, "REG_DWORD"), "REG_DWORD: not readable by the app"),
    ("autoUpdaterEnforcementHours", sz(24, "REG_QWORD"), "REG_QWORD: not readable by the app"),
    ("", sz("x"), "unnamed default value"),
])
def test_registry_values_the_app_cannot_read(name, prop, text):
    props = dict(REG_OK)
    props[name] = prop
    host = audit.registry_host(reg(props), DESIRED, "HKLM:\\k")
    assert host["status"] == "drifted"
    assert any(text in p for p in host["files"][0]["problems"]), host["files"][0]["problems"]


def test_registry_subkey_and_multiline_and_hostile_values():
    props = dict(REG_OK, organizationInstructions=sz("line one\nline \"two\"\r\n\u00e9\u4e2d" + "x" * 100000),
                 weird=sz(None, "Unknown - 42"), empty=sz(""))
    host = audit.registry_host(reg(props, sub_keys=["Nested"]), DESIRED, "HKLM:\\k")
    assert host["status"] == "drifted"
    assert "subkey Nested" in host["files"][0]["not_readable"]
    assert "organizationInstructions" in host["files"][0]["drift"]["unexpected"]
    json.dumps(host)


def test_registry_missing_unreachable_unreadable():
    assert audit.registry_host(reg({}, exists=False), DESIRED, "k")["status"] == "missing"
    assert audit.registry_host({"unreachable": True, "msg": "x"}, DESIRED, "k")["status"] == "unreachable"
    assert audit.registry_host({"failed": True, "msg": "x"}, DESIRED, "k")["status"] == "unreadable"


def test_hkcu_under_populated_hklm_is_rejected():
    hklm = reg({"": sz("")})
    host = audit.registry_host(reg(REG_OK), DESIRED, "HKCU:\\k", hive="HKCU", hklm=hklm)
    assert host["status"] == "rejected" and "(default)" in host["files"][0]["problems"][-1]
    assert audit.registry_host(reg(REG_OK), DESIRED, "HKCU:\\k", hive="HKCU", hklm=reg({}))["status"] == "compliant"
    invisible = reg({"x": sz([1], "REG_BINARY")})
    assert audit.registry_host(reg(REG_OK), DESIRED, "HKCU:\\k", hive="HKCU", hklm=invisible)["status"] == "compliant"


def test_registry_users_host():
    profile_list = [{"sid": "S-1-5-21-1", "user": "alice", "loaded": True, "key": "HKU:\\S-1-5-21-1\\k", "hive": None},
                    {"sid": "S-1-5-21-2", "user": "bob", "loaded": False, "key": "HKLM:\\ANSIBLE\\k", "hive": "x"}]
    current = [dict(reg(REG_OK), item=profile_list[0])]
    host = audit.registry_users_host(current, profile_list, DESIRED, hklm=reg({}))
    assert host["status"] == "compliant" and host["files"][0]["user"] == "alice"
    assert host["not_checked"][0].startswith("bob: not signed in")
    assert audit.registry_users_host(current, profile_list, DESIRED, hklm=reg({"x": sz("")}))["status"] == "rejected"
    assert audit.registry_users_host([], profile_list[1:], DESIRED)["status"] == "unreadable"
    failed = [{"item": profile_list[0], "failed": True, "msg": "boom"}]
    assert audit.registry_users_host(failed, profile_list, DESIRED)["status"] == "unreadable"
    assert audit.registry_users_host("junk", "junk", None)["status"] == "unreadable"
