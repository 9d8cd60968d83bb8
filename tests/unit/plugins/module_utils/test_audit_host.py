# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_audit_host: each host's verdict from what roles/managed_settings/tasks/audit.yml read (the handover), the batch
pass, the record of a host that failed part-way, and the lines the audit playbook prints. Hostile inputs included."""

from __future__ import annotations

import base64
import json

import jinja2
import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _audit_host as audit_host
from ansible_collections.cowork3p.fleet.plugins.module_utils import _fleet as fleet

SECRET = "sk-unit-AUDIT-HOST-secret-never-shown"
DESIRED = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.test",
           "inferenceGatewayApiKey": SECRET, "disableAutoUpdates": True}
OPTIONS = {"cowork3p_settings": DESIRED, "cowork3p_state": "present", "cowork3p_os": "linux",
           "cowork3p_linux_path": "/etc/claude-desktop/managed-settings.json", "cowork3p_linux_owner": "root",
           "cowork3p_linux_group": "root", "cowork3p_linux_mode": "0644", "cowork3p_linux_directory_mode": "0755"}
SKIPPED = {"changed": False, "skipped": True}
ALICE, BOB = "S-1-5-21-7-1001", "S-1-5-21-7-1002"
KEY = "HKLM:\\SOFTWARE\\Policies\\Claude"


def stat(**kw):
    base = {"exists": True, "isreg": True, "islnk": False, "isdir": False, "uid": 0, "pw_name": "root", "mode": "0644"}
    base.update(kw)
    return base


def linux_read(content=None, file_stat=None, facts=None, **extra):
    """A Linux host's handover as audit.yml builds it (plan from the host_plan logic, loop results keyed by item);
    content: the file's settings (default DESIRED) or its bytes."""
    content = DESIRED if content is None else content
    facts = SKIPPED if facts is None else facts
    plan = fleet.host_plan(OPTIONS)
    item = plan["audit_files"][0]
    raw = content if isinstance(content, bytes) else json.dumps(content).encode("utf-8")
    file_result = {"item": item, "stat": file_stat or stat(), "changed": False}
    read = {"plan": plan, "desired": DESIRED, "macos_delivery": "managed_preferences", "windows_hive": "HKLM",
            "windows_key": KEY, "windows_users": [], "facts": facts,
            "stat": {"results": [file_result]},
            "dir_stat": {"results": [{"item": item, "stat": stat(isreg=False, isdir=True, mode="0755")}]},
            "slurp": {"results": [{"item": file_result, "content": base64.b64encode(raw).decode("ascii")}]},
            "reg": SKIPPED, "hklm": SKIPPED, "profile_list": SKIPPED, "profile_paths": SKIPPED, "hives": SKIPPED,
            "user_keys": SKIPPED}
    read.update(extra)
    return read


def sz(value):
    return {"type": "REG_SZ", "value": value, "raw_value": value}


def reg(values, sub_keys=()):
    return {"exists": True, "changed": False, "sub_keys": list(sub_keys),
            "properties": {name: sz(value) for name, value in values.items()}}


REG_OK = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.test",
          "inferenceGatewayApiKey": SECRET, "disableAutoUpdates": "true"}


def windows_read(hive="HKLM", **extra):
    read = {"plan": {"os_known": "windows", "os": "windows", "audit_files": []}, "desired": DESIRED,
            "macos_delivery": "managed_preferences", "windows_hive": hive,
            "windows_key": "%s:\\SOFTWARE\\Policies\\Claude" % hive, "windows_users": [], "facts": SKIPPED,
            "stat": {"results": [], "skipped": True}, "dir_stat": {"results": []}, "slurp": {"results": []},
            "reg": reg(REG_OK), "hklm": SKIPPED, "profile_list": SKIPPED, "profile_paths": SKIPPED, "hives": SKIPPED,
            "user_keys": SKIPPED}
    read.update(extra)
    return read


def users_read(hku_alice=None, **extra):
    """The users hive: alice signed in (her key holds hku_alice, default REG_OK), bob not; S-1-5-18 is no person."""
    hku_alice = REG_OK if hku_alice is None else hku_alice
    paths = {"results": [{"item": ALICE, "exists": True, "value": "C:\\Users\\alice"},
                         {"item": BOB, "exists": True, "value": "C:\\Users\\bob"}]}
    user_keys = {"results": [dict(reg(hku_alice), item=ALICE)]}
    base = dict(reg={"exists": False, "changed": False},   # the HKLM key, checked for the hive rule
                profile_list=reg({}, [ALICE, BOB, "S-1-5-18"]), profile_paths=paths,
                hives=reg({}, [".DEFAULT", ALICE, ALICE + "_Classes"]), user_keys=user_keys)
    base.update(extra)
    return windows_read("USERS", **base)


def test_linux_compliant_drifted_and_the_secret_masked():
    assert audit_host.host_verdict(linux_read())["status"] == "compliant"
    host = audit_host.host_verdict(linux_read(dict(DESIRED, inferenceGatewayApiKey=SECRET + "-x")))
    assert host["status"] == "drifted" and host["os"] == "linux" and host["delivery"] == "managed_file"
    assert host["files"][0]["values"]["inferenceGatewayApiKey"] == {"actual": "********", "desired": "********"}
    assert SECRET not in json.dumps(host)


def test_the_same_record_as_the_filters_the_role_called_before():
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _audit as audit

    read = linux_read(dict(DESIRED, isDesktopExtensionEnabled=True))
    before = audit.files_host(read["plan"]["audit_files"], read["stat"]["results"], read["dir_stat"]["results"],
                              read["slurp"]["results"], DESIRED, os_name="linux", delivery="managed_file")
    assert audit_host.host_verdict(read) == before
    win = windows_read()
    assert audit_host.host_verdict(win) == audit.registry_host(win["reg"], DESIRED, win["windows_key"], hive="HKLM")


def test_macos_names_its_delivery():
    read = linux_read(plan=dict(fleet.host_plan(dict(OPTIONS, cowork3p_os="macos")), audit_files=[]),
                      macos_delivery="profile")
    host = audit_host.host_verdict(read)
    assert (host["os"], host["delivery"], host["status"]) == ("macos", "profile", "compliant")


@pytest.mark.parametrize("content", [b"", b"\xff\xfe garbage", b"[1, 2]", b"{" * 5000, b"null"])
def test_garbage_files_are_recorded_not_fatal(content):
    host = audit_host.host_verdict(linux_read(content))
    assert host["status"] in ("drifted", "unreadable") and host["files"][0]["problems"]


def test_a_read_that_failed_or_did_not_answer():
    failed = {"results": [{"item": {}, "failed": True, "msg": "permission denied"}]}
    read = linux_read()
    read["slurp"] = {"results": [dict(read["slurp"]["results"][0], failed=True, msg="permission denied",
                                      content=None)]}
    read["slurp"]["results"][0].pop("content")
    assert audit_host.host_verdict(read)["status"] == "unreadable"
    gone = linux_read(stat={"results": [dict(failed["results"][0], item=fleet.host_plan(OPTIONS)["audit_files"][0],
                                             unreachable=True, failed=False)]})
    assert audit_host.host_verdict(gone)["status"] == "unreachable"


def test_a_host_that_could_not_be_asked_for_its_os():
    facts = {"unreachable": True, "msg": "Failed to connect to the host via ssh: " + "x " * 400}
    read = linux_read(facts=facts, plan=dict(fleet.host_plan(dict(OPTIONS, cowork3p_os="auto")), audit_files=[]))
    host = audit_host.host_verdict(read)
    assert host == {"status": "unreachable", "os": "unknown", "delivery": "", "files": [],
                    "error": jinja2.Environment().from_string("{{ m | truncate(300) }}").render(m=facts["msg"])}
    failed = audit_host.host_verdict(linux_read(facts={"failed": True, "msg": "no python"}))
    assert (failed["status"], failed["os"], failed["error"]) == ("unreadable", "linux", "no python")
    assert audit_host.no_answer(SKIPPED, "") is None


@pytest.mark.parametrize("text", ["", "short", "word " * 61, "word " * 70, "x" * 306, "x" * 400, "a b " * 200,
                                  "é" * 310 + " tail"])
def test_truncate_is_jinja_truncate(text):
    want = jinja2.Environment().from_string("{{ t | truncate(300) }}").render(t=text)
    assert audit_host.truncate(text) == want


def test_windows_hklm_drift_and_hkcu_under_a_populated_hklm():
    drifted = audit_host.host_verdict(windows_read(reg=reg(dict(REG_OK, inferenceGatewayApiKey="other"))))
    assert drifted["status"] == "drifted" and drifted["delivery"] == "registry"
    assert drifted["files"][0]["drift"]["changed"] == ["inferenceGatewayApiKey"]
    hkcu = audit_host.host_verdict(windows_read("HKCU", hklm=reg({"": ""})))
    assert hkcu["status"] == "rejected" and "(default)" in hkcu["files"][0]["problems"][-1]
    # the HKLM read skipped (the HKCU key did not answer): no hive rule to check
    assert audit_host.host_verdict(windows_read("HKCU"))["status"] == "compliant"
    broke = audit_host.host_verdict(windows_read(reg={"failed": True, "msg": "broke off"}))
    assert (broke["status"], broke["error"]) == ("unreadable", "broke off")


def test_windows_every_signed_in_user():
    host = audit_host.host_verdict(users_read())
    assert host["status"] == "compliant" and host["delivery"] == "registry_users"
    assert [f["user"] for f in host["files"]] == ["alice"]
    assert [n.split(":")[0] for n in host["not_checked"]] == ["bob"]
    assert audit_host.host_verdict(users_read({"x": "y"}))["status"] == "drifted"
    hidden = audit_host.host_verdict(users_read(reg=reg({"": ""})))
    assert hidden["status"] == "rejected"
    # a user cowork3p_windows_users leaves out is neither judged nor listed
    only_bob = audit_host.host_verdict(users_read(windows_users=["bob"]))
    assert only_bob["status"] == "unreadable" and not only_bob["files"]
    # the SID as the hive list spells it, whatever its case
    lower = users_read(user_keys={"results": [dict(reg(REG_OK), item=ALICE.lower())]})
    assert audit_host.host_verdict(lower)["status"] == "compliant"


@pytest.mark.parametrize("name", ["profile_list", "profile_paths", "hives"])
def test_windows_profiles_that_cannot_be_read(name):
    host = audit_host.host_verdict(users_read(**{name: {"failed": True, "msg": "access denied"}}))
    assert host["status"] == "unreadable" and host["error"] == "the user profiles could not be read: access denied"
    gone = audit_host.host_verdict(users_read(**{name: {"unreachable": True, "msg": "gone"}}))
    assert gone["status"] == "unreachable"


def test_the_users_hive_of_a_host_that_did_not_answer():
    host = audit_host.host_verdict(windows_read("USERS", reg={"unreachable": True, "msg": "timed out"}))
    assert (host["status"], host["error"]) == ("unreachable", "timed out")


@pytest.mark.parametrize("garbage", [None, "junk", 42, [], {"plan": "junk"}, {"plan": {"os": "windows"}, "reg": []},
                                     {"facts": "junk", "stat": "junk", "plan": {"os": "linux", "audit_files": "x"}},
                                     {"plan": {"os": "windows"}, "windows_hive": "USERS", "reg": {},
                                      "profile_paths": {"results": "junk"}, "hives": [], "user_keys": 3}])
def test_garbage_handovers_never_raise(garbage):
    host = audit_host.host_verdict(garbage)
    assert host["status"] in ("compliant", "unreadable", "unreachable", "missing", "drifted")
    assert set(host) >= {"status", "os", "delivery", "files", "error"}


def test_batch_verdicts_read_each_handover_once():
    class Vars(dict):
        reads = 0

        def __getitem__(self, key):
            Vars.reads += 1
            return dict.__getitem__(self, key)

    hostvars = {"h1": Vars({audit_host.READ_FACT: linux_read()}),
                "h2": Vars({audit_host.READ_FACT: linux_read(facts={"unreachable": True, "msg": "gone"})}),
                "h3": Vars({"cowork3p_os": "linux"})}
    out = audit_host.batch_verdicts(["h1", "h2", "h3", "nowhere"], hostvars)
    assert {h: r["status"] for h, r in out.items()} == {"h1": "compliant", "h2": "unreachable"}
    assert Vars.reads == 3
    assert audit_host.batch_verdicts("h1", hostvars) == {}


def test_failure_record():
    record = audit_host.failure_record({"task": "Read the settings files", "msg": "boom " * 100, "os": "linux"})
    assert record["status"] == "unreadable" and record["os"] == "linux" and record["files"] == []
    assert record["error"].startswith("Read the settings files: boom") and len(record["error"]) <= 300
    assert audit_host.failure_record(None) == {"status": "unreadable", "os": "unknown", "delivery": "", "files": [],
                                               "error": ": failed"}


def test_summary_lines():
    report = {"counts": {"compliant": 1, "drifted": 1, "rejected": 0, "missing": 1, "unreadable": 0, "unreachable": 1},
              "hosts": {"h1": {"status": "compliant"}, "h2": {"status": "drifted"}, "h3": {"status": "missing"},
                        "h4": {"status": "unreachable"}}}
    assert audit_host.summary_lines(report, "/srv/a") == [
        "compliant 1, drifted 1, rejected by the app 0, missing 1, unreadable 0, unreachable 1",
        ["not compliant: h2", "not compliant: h3", "not compliant: h4"], "report: /srv/a/report.html"]
