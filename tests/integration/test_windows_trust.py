# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Windows delivery the app will read, through the fake ansible.windows (fake_windows/): the hive rule (HKCU is
ignored while HKLM holds a value, the default value included), every user's own hive (loaded, written, unloaded,
also when a write fails), and the audit of value types (REG_DWORD read, REG_EXPAND_SZ and subkeys not readable),
multi-line values, a host that breaks off mid-read, and a relative report folder. Every change is run as
check mode -> real run -> re-run unchanged."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from test_windows_role import FAKE, HERE, HKCU, HKLM, SECRET, SETTINGS, Host

PROFILES = "HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
ALICE, BOB, CAROL = "S-1-5-21-100-1001", "S-1-5-21-100-1002", "S-1-5-21-100-1003"
POLICY = "SOFTWARE\\Policies\\Claude"
BOB_HIVE, CAROL_HIVE = "C:\\Users\\bob\\NTUSER.DAT", "C:\\Users\\carol\\NTUSER.DAT"
MULTILINE = "Line one of the instructions.\nLine \"two\" with a backslash \\ and é, 中.\r\nLine three."


@pytest.fixture
def host(tmp_path):
    return Host(tmp_path)


def machine(**values):
    return {name: {"type": kind, "value": value} for name, (kind, value) in values.items()}


def registry(host):
    return json.loads(host.registry.read_text())


def three_users():
    """alice is signed in (her hive is loaded under HKU), bob and carol are not; S-1-5-18 is not a person."""
    reg = {
        PROFILES + "\\S-1-5-18": machine(ProfileImagePath=("REG_EXPAND_SZ", "C:\\Windows\\system32\\config\\systemprofile")),
        "HKU:\\" + ALICE + "\\Environment": machine(TEMP=("REG_EXPAND_SZ", "x")),
        "HKU:\\" + ALICE + "\\" + POLICY: machine(staleKey=("REG_SZ", "1")),
        "__hives__": {BOB_HIVE: {"Environment": {}}, CAROL_HIVE: {POLICY: machine(inferenceProvider=("REG_SZ", "bedrock"))}},
    }
    for sid, name in ((ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")):
        reg[PROFILES + "\\" + sid] = machine(ProfileImagePath=("REG_EXPAND_SZ", "C:\\Users\\" + name))
    return reg


EXPECTED_SZ = {
    "disableAutoUpdates": ("REG_SZ", "true"),
    "inferenceGatewayApiKey": ("REG_SZ", SECRET),
    "inferenceGatewayBaseUrl": ("REG_SZ", "https://gateway.example.test"),
    "inferenceModels": ("REG_SZ", '["claude-sonnet-4",{"name":"claude-opus-4","supports1m":true}]'),
    "inferenceProvider": ("REG_SZ", "gateway"),
}


def values_of(values):
    return {name: (v["type"], v["value"]) for name, v in values.items()}


# ----------------------------------------------------------------- the hive rule


@pytest.mark.parametrize("hklm", [
    machine(**{"": ("REG_SZ", "")}),                                   # only the unnamed default value
    machine(somethingMisspelled=("REG_EXPAND_SZ", "%x%")),
    machine(disableAutoUpdates=("REG_DWORD", 1)),
])
def test_hkcu_write_fails_while_hklm_holds_a_value(host, hklm):
    before = {HKLM: hklm}
    host.set(before)
    for args in (["--check"], []):
        proc, result = host.run(*args, cowork3p_windows_hive="HKCU")
        assert proc.returncode != 0, proc.stdout[-3000:]
        assert "so Claude Desktop ignores every user policy value" in proc.stdout
        assert registry(host) == before, "something was written"
        assert result is None


def test_hkcu_with_clean_hklm_check_real_again(host):
    before = {HKLM: machine(**{"": ("REG_SZ", "x"), "inferenceProvider": ("REG_SZ", "vertex")}),
              HKLM + "\\Nested": machine(a=("REG_SZ", "b"))}
    host.set(before)
    proc, result = host.run("--check", cowork3p_windows_hive="HKCU", cowork3p_windows_clean_hklm=True)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert registry(host) == before and result["changed"]

    proc, result = host.run(cowork3p_windows_hive="HKCU", cowork3p_windows_clean_hklm=True)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert host.values(HKLM) == {} and result["hklm_values_removed"] == ["(default)", "inferenceProvider"]
    assert HKLM + "\\Nested" in registry(host), "the key and its subkeys stay"
    assert host.values(HKCU) == EXPECTED_SZ and result["verified"]

    proc, result = host.run(cowork3p_windows_hive="HKCU", cowork3p_windows_clean_hklm=True)
    assert proc.returncode == 0 and not result["changed"], proc.stdout[-3000:]


def test_hklm_default_value_is_removed_check_real_again(host):
    before = {HKLM: machine(**{"": ("REG_SZ", "left by someone")})}
    host.set(before)
    proc, result = host.run("--check")
    assert proc.returncode == 0 and registry(host) == before and "" in result["changed_keys"], proc.stdout[-3000:]
    proc, result = host.run()
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert host.values() == EXPECTED_SZ and result["verified"]
    proc, result = host.run()
    assert proc.returncode == 0 and not result["changed"]


# ----------------------------------------------------------------- every user's own hive


def test_every_user_hive_check_real_again(host):
    host.set(three_users())
    before = registry(host)
    proc, result = host.run("--check", cowork3p_windows_hive="users")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert registry(host) == before, "check mode changed the registry or left a hive loaded"
    assert result["changed"] and result["users"] == ["alice", "bob", "carol"]

    proc, result = host.run("-v", cowork3p_windows_hive="users")
    assert proc.returncode == 0, proc.stdout[-3000:]
    after = registry(host)
    assert values_of(after["HKU:\\" + ALICE + "\\" + POLICY]) == EXPECTED_SZ, "signed-in user: through HKU"
    assert values_of(after["__hives__"][BOB_HIVE][POLICY]) == EXPECTED_SZ
    assert values_of(after["__hives__"][CAROL_HIVE][POLICY]) == EXPECTED_SZ
    assert "__loaded__" not in after and not any(k.lower().startswith("hklm:\\ansible") for k in after)
    events = after["__events__"]
    assert events and events.count("load " + BOB_HIVE) == events.count("unload " + BOB_HIVE)
    assert all(a.split(" ", 1)[1] == b.split(" ", 1)[1] for a, b in zip(events[::2], events[1::2])), events
    assert result["verified"] and result["users_changed"] == ["alice", "bob", "carol"]
    assert HKCU not in after, "the connection account's HKCU is not touched"

    proc, result = host.run(cowork3p_windows_hive="users")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert not result["changed"], result
    assert "__loaded__" not in registry(host)


def test_listed_users_only_and_unknown_user_fails(host):
    host.set(three_users())
    proc, result = host.run(cowork3p_windows_hive="users", cowork3p_windows_users=["bob"])
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert result["users"] == ["bob"]
    assert values_of(registry(host)["__hives__"][BOB_HIVE][POLICY]) == EXPECTED_SZ
    assert values_of(registry(host)["__hives__"][CAROL_HIVE][POLICY]) == {"inferenceProvider": ("REG_SZ", "bedrock")}
    proc, _result = host.run(cowork3p_windows_hive="users", cowork3p_windows_users=["dave"])
    assert proc.returncode != 0 and "no user profile on this host for: dave" in proc.stdout


@pytest.mark.parametrize("crash", [False, True])
def test_a_failing_write_still_unloads_the_hive(host, crash):
    host.set(three_users())
    proc, result = host.run(cowork3p_windows_hive="users", cowork3p_windows_users=["bob"],
                            fake_registry_fail="inferenceProvider", fake_registry_crash=crash)
    assert proc.returncode != 0, proc.stdout[-3000:]
    assert "Access is denied" in proc.stdout
    after = registry(host)
    assert "__loaded__" not in after and not any(k.lower().startswith("hklm:\\ansible") for k in after)
    assert after["__events__"][-1].startswith("unload " + BOB_HIVE)
    if crash:   # the call died with the hive loaded: the always section unloaded it
        assert "unload %s (left loaded)" % BOB_HIVE in after["__events__"]


def test_users_fail_while_hklm_holds_a_value(host):
    reg = three_users()
    reg[HKLM] = machine(inferenceProvider=("REG_SZ", "gateway"))
    host.set(reg)
    proc, _result = host.run(cowork3p_windows_hive="users")
    assert proc.returncode != 0 and "ignores every user policy value" in proc.stdout
    assert registry(host) == reg


# ----------------------------------------------------------------- audit


def audit(host, tmp_path, *args, cwd=None, **extra):
    env = dict(os.environ, ANSIBLE_NOCOLOR="1",
               ANSIBLE_COLLECTIONS_PATH=FAKE + os.pathsep + os.environ["ANSIBLE_COLLECTIONS_PATH"])
    playbook = os.path.join(os.path.dirname(HERE), "..", "playbooks", "audit.yml")
    extra = dict({"cowork3p_hosts": "win1", "cowork3p_audit_dir": str(tmp_path / "audit")}, **extra)
    proc = subprocess.run(["ansible-playbook", "-i", str(tmp_path / "inventory.json"), playbook, "-e", json.dumps(extra)]
                          + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          cwd=str(cwd or tmp_path), env=env, check=False)
    assert SECRET not in proc.stdout
    return proc


def report_of(path):
    report = json.loads((path / "report.json").read_text())
    assert SECRET not in json.dumps(report)
    for name in ("report.md", "report.html"):
        assert (path / name).exists()
    return report


def test_audit_reads_dword_and_reports_what_the_app_cannot_read(host, tmp_path):
    settings = dict(SETTINGS, organizationInstructions=MULTILINE)
    proc, _result = host.run(cowork3p_settings=settings)
    assert proc.returncode == 0, proc.stdout[-3000:]
    proc = audit(host, tmp_path, cowork3p_settings=settings)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert report_of(tmp_path / "audit")["hosts"]["win1"]["status"] == "compliant", "multi-line value audited"

    reg = registry(host)
    reg[HKLM]["disableAutoUpdates"] = {"type": "REG_DWORD", "value": 1}
    host.registry.write_text(json.dumps(reg))
    proc = audit(host, tmp_path, cowork3p_settings=settings)
    assert proc.returncode == 0 and report_of(tmp_path / "audit")["hosts"]["win1"]["status"] == "compliant"

    reg[HKLM]["inferenceProvider"] = {"type": "REG_EXPAND_SZ", "value": "gateway"}
    reg[HKLM + "\\Nested"] = machine(x=("REG_SZ", "y"))
    reg[HKLM]["extraList"] = {"type": "REG_MULTI_SZ", "value": ["a", "b"]}
    host.registry.write_text(json.dumps(reg))
    proc = audit(host, tmp_path, cowork3p_settings=settings)
    assert proc.returncode == 0, proc.stdout[-3000:]
    win1 = report_of(tmp_path / "audit")["hosts"]["win1"]
    assert win1["status"] == "drifted"
    unread = win1["files"][0]["not_readable"]
    assert set(unread) == {"inferenceProvider", "subkey Nested", "extraList"}
    assert "REG_EXPAND_SZ: not readable by the app" in unread["inferenceProvider"]
    markdown = (tmp_path / "audit" / "report.md").read_text()
    assert "not readable by the app" in markdown


def test_audit_hkcu_under_populated_hklm_is_rejected(host, tmp_path):
    host.set({HKCU: {n: {"type": t, "value": v} for n, (t, v) in EXPECTED_SZ.items()},
              HKLM: machine(**{"": ("REG_SZ", "")})})
    host.run()   # writes the inventory (the HKLM delivery itself is not under test here)
    host.set({HKCU: {n: {"type": t, "value": v} for n, (t, v) in EXPECTED_SZ.items()},
              HKLM: machine(**{"": ("REG_SZ", "")})})
    proc = audit(host, tmp_path, cowork3p_windows_hive="HKCU")
    assert proc.returncode == 0, proc.stdout[-3000:]
    win1 = report_of(tmp_path / "audit")["hosts"]["win1"]
    assert win1["status"] == "rejected" and "(default)" in win1["files"][0]["problems"][-1]


def test_single_host_that_breaks_off_mid_read_still_gets_a_report_in_the_start_dir(host, tmp_path):
    host.run()
    start = tmp_path / "start"
    start.mkdir()
    proc = audit(host, tmp_path, cwd=start, cowork3p_audit_dir="reports", fake_registry_stat_fail=HKLM)
    assert proc.returncode == 0, proc.stdout[-3000:]
    report = report_of(start / "reports")
    assert report["hosts"]["win1"]["status"] == "unreadable"
    assert report["counts"] == {"compliant": 0, "missing": 0, "drifted": 0, "rejected": 0, "unreadable": 1,
                                "unreachable": 0}
    assert "report: %s/report.html" % (start / "reports") in proc.stdout


def test_audit_of_every_user_hive(host, tmp_path):
    host.set(three_users())
    proc, _result = host.run(cowork3p_windows_hive="users")
    assert proc.returncode == 0, proc.stdout[-3000:]
    proc = audit(host, tmp_path, cowork3p_windows_hive="users")
    assert proc.returncode == 0, proc.stdout[-3000:]
    win1 = report_of(tmp_path / "audit")["hosts"]["win1"]
    assert win1["status"] == "compliant", win1
    assert [f["user"] for f in win1["files"]] == ["alice"]
    assert [n.split(":")[0] for n in win1["not_checked"]] == ["bob", "carol"]

    reg = registry(host)
    reg[HKLM] = machine(**{"": ("REG_SZ", "")})
    host.registry.write_text(json.dumps(reg))
    proc = audit(host, tmp_path, cowork3p_windows_hive="users")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert report_of(tmp_path / "audit")["hosts"]["win1"]["status"] == "rejected"
