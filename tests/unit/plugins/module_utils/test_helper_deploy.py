# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_helper_deploy: the review before any host is touched, and the helper's files."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

try:
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper_deploy as hd
except ImportError:  # plain pytest from the repository: use the collection path of the environment
    for _path in reversed((os.environ.get("ANSIBLE_COLLECTIONS_PATH") or "").split(os.pathsep)):
        if _path and _path not in sys.path:
            sys.path.insert(0, _path)
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper_deploy as hd

DEST = {"linux": "/usr/local/libexec/h", "macos": "/Library/Application Support/x/h", "windows": "C:\\h.cmd"}
KEY = "sk-static-secret-value-123"


def opts(**kw):
    base = {"source_text": "", "content": "", "args": [], "present": False, "dest": DEST, "settings_mode": "0644"}
    base.update(kw)
    return base


def test_path_must_match_the_deployed_helper():
    assert hd.review({"inferenceCredentialHelper": DEST["linux"]}, "linux", opts(content="x")) == {"errors": [], "warnings": []}
    assert "must be the same path" in hd.review({"inferenceCredentialHelper": "/opt/h"}, "linux", opts(content="x"))["errors"][0]
    assert "do not set inferenceCredentialHelper" in hd.review({}, "linux", opts(content="x"))["errors"][0]
    assert "cowork3p_helper_present" in hd.review({"inferenceCredentialHelper": "/opt/h"}, "linux", opts())["errors"][0]
    assert hd.review({"inferenceCredentialHelper": "/opt/h"}, "linux", opts(present=True))["errors"] == []
    # OS not known yet: either destination is fine
    assert hd.review({"inferenceCredentialHelper": DEST["macos"]}, "auto", opts(content="x"))["errors"] == []
    assert hd.review({"inferenceCredentialHelper": DEST["windows"]}, "windows", opts(content="x"))["errors"] == []
    assert "not supported on Windows" in hd.review({"inferenceCredentialHelper": DEST["windows"]}, "windows",
                                                   opts(content="x", args=["-a"]))["errors"][0]
    assert "both set" in hd.review({}, "linux", opts(content="x", source_text="y"))["errors"][0]


def test_static_secret_warnings_name_the_helper_and_the_winner():
    got = hd.review({"inferenceGatewayApiKey": KEY}, "linux", opts())
    assert "every user of the machine can read" in got["warnings"][0] and "credential helper" in got["warnings"][0]
    assert KEY not in str(got)
    assert hd.review({"inferenceGatewayApiKey": KEY}, "linux", opts(settings_mode="0600"))["warnings"] == []
    got = hd.review({"inferenceGatewayApiKey": KEY, "inferenceCredentialHelper": "/opt/h"}, "linux", opts(present=True))
    assert any("the app uses the helper" in w for w in got["warnings"])
    got = hd.review({"inferenceGatewayApiKey": KEY, "inferenceCredentialHelper": "/opt/h",
                     "inferenceCredentialKind": "static"}, "linux", opts(present=True))
    assert any("only that source" in w for w in got["warnings"])


def test_files_and_wrapper(tmp_path):
    items = hd.files("linux", opts(content="#!/bin/sh\necho $1 \"$2\"\n", args=["--profile", "it's corp"]))
    assert [i["path"] for i in items] == [DEST["linux"] + "-program", DEST["linux"]]
    assert all(i["owner"] == "root" and i["mode"] == "0755" and "text" not in i for i in items)
    texts = hd.files("linux", opts(content="#!/bin/sh\necho $1 \"$2\"\n", args=["--profile", "it's corp"]), texts=True)
    program = tmp_path / "h-program"
    program.write_text(texts[DEST["linux"] + "-program"])
    program.chmod(0o755)
    wrapper = tmp_path / "h"
    wrapper.write_text(hd.wrapper_text(str(program), ["--profile", "it's corp"]))
    wrapper.chmod(0o755)
    assert subprocess.run([str(wrapper)], capture_output=True, text=True, check=True).stdout == "--profile it's corp\n"
    assert hd.files("windows", opts(content="x")) == [] and hd.files("linux", opts()) == []
    assert hd.files("macos", opts(content="x"))[0]["group"] == "wheel"


def test_fleet_review_groups_hosts():
    hostvars = {"h%d" % i: {"cowork3p_settings": {"inferenceCredentialHelper": "/opt/h"}} for i in range(5)}
    out = hd.fleet_review(sorted(hostvars), hostvars, {"os": "linux", "dest_linux": DEST["linux"]})
    assert len(out["errors"]) == 1 and out["errors"][0].startswith("h0, h1, h2 and 2 more: ")


def test_helper_items_ask_managed_file_to_check_the_folders_above():
    items = hd.files("linux", opts(content="#!/bin/sh\necho t\n"))
    assert all(i["trusted_ancestors"] for i in items)


# ---------------------------------------------------------------- Windows decisions (SDDL in, plan / verdict out)

WIN_DEST = "C:\\Program Files\\cowork3p\\credential-helper.cmd"
WIN_FOLDER = "C:\\Program Files\\cowork3p"
GOOD_FILE = "O:BAG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)(A;;0x1200a9;;;BU)"
GOOD_FOLDER = "O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)"
PROGRAM_FILES = ("O:S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464G:SYD:PAI"
                 "(A;CI;FA;;;S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464)(A;OICI;0x1301bf;;;SY)"
                 "(A;OICI;0x1301bf;;;BA)(A;OICI;0x1200a9;;;BU)(A;OICIIO;GA;;;CO)")
DRIVE = "O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)(A;;0x100004;;;AU)(A;OICIIO;SDGXGWGR;;;AU)"


def read(**sddl):
    paths = {"file": WIN_DEST, "folder": WIN_FOLDER, "pf": "C:\\Program Files", "drive": "C:\\"}
    return [{"path": paths[k], "exists": bool(v), "sddl": v or ""} for k, v in sddl.items()]


def test_sddl_is_parsed_by_sid_with_aliases_flags_and_masks():
    acl = hd.parse_sddl(DRIVE)
    assert acl["owner"] == hd.WIN_SYSTEM and acl["protected"]
    assert acl["aces"][0] == {"type": "A", "flags": ["OI", "CI"], "mask": 0x1F01FF, "sid": hd.WIN_SYSTEM}
    assert acl["aces"][3] == {"type": "A", "flags": [], "mask": 0x100004, "sid": "S-1-5-11"}
    assert acl["aces"][4]["mask"] == 0x10000 | 0x20000000 | 0x40000000 | 0x80000000 and "IO" in acl["aces"][4]["flags"]
    assert not hd.parse_sddl("O:BAG:SYD:AI(A;ID;FA;;;SY)")["protected"]
    assert "writable by S-1-1-0" in hd.windows_writers(hd.parse_sddl("O:BAG:SYD:NO_ACCESS_CONTROL"))[0]
    for bad in ("", "D:(A;;FA;;;SY)", "O:BAD:(A;;ZZ;;;SY)", "O:BAD:(A;;FA)"):
        with pytest.raises(ValueError):
            hd.parse_sddl(bad)


def test_windows_paths_go_up_to_the_drive():
    assert hd.windows_paths(WIN_DEST) == {"file": WIN_DEST, "folder": WIN_FOLDER, "above": ["C:\\Program Files", "C:\\"]}


def test_default_folders_above_pass_and_users_who_can_delete_entries_are_refused():
    # Authenticated Users may create folders in C:\ (0x4) and Modify only what they create (inherit-only): fine
    assert hd.windows_refusal(WIN_DEST, read(pf=PROGRAM_FILES, drive=DRIVE)) == ""
    got = hd.windows_refusal(WIN_DEST, read(pf=PROGRAM_FILES.replace("(A;OICI;0x1200a9;;;BU)", "(A;OICI;0x1301bf;;;BU)"),
                                            drive=DRIVE))
    assert got.startswith("the folder C:\\Program Files above the credential helper %s is writable by %s (access mask "
                          "0x1301BF)" % (WIN_DEST, hd.WIN_USERS))
    assert "the helper was not installed" in got
    assert "owned by S-1-5-21-9" in hd.windows_refusal(WIN_DEST, read(pf="O:S-1-5-21-9G:SYD:PAI(A;;FA;;;SY)"))
    assert "cannot check the folder C:\\" in hd.windows_refusal(WIN_DEST, read(drive="garbage"))
    # the helper's own folder is not a folder above: the role secures it
    assert hd.windows_refusal(WIN_DEST, read(folder="O:WDG:SYD:AI(A;OICI;FA;;;WD)")) == ""


def test_plan_for_a_fresh_helper_and_nothing_once_secured():
    fresh = hd.windows_plan(WIN_DEST, read(file="O:S-1-5-21-1-500G:SYD:AI(A;ID;FA;;;SY)(A;ID;0x1200a9;;;BU)",
                                           folder="O:S-1-5-21-1-500G:SYD:AI(A;OICIID;FA;;;SY)"))
    assert [o["path"] for o in fresh["owner"]] == [WIN_FOLDER, WIN_DEST] and fresh["owner"][0]["user"] == hd.WIN_ADMINS
    assert [(a["path"], a["user"], a["rights"], a["inherit"]) for a in fresh["add"]] == [
        (WIN_FOLDER, hd.WIN_SYSTEM, "FullControl", "ContainerInherit, ObjectInherit"),
        (WIN_FOLDER, hd.WIN_ADMINS, "FullControl", "ContainerInherit, ObjectInherit"),
        (WIN_FOLDER, hd.WIN_USERS, "ReadAndExecute", "ContainerInherit, ObjectInherit"),
        (WIN_DEST, hd.WIN_SYSTEM, "FullControl", "None"), (WIN_DEST, hd.WIN_ADMINS, "FullControl", "None"),
        (WIN_DEST, hd.WIN_USERS, "ReadAndExecute", "None")]
    assert [p["path"] for p in fresh["protect"]] == [WIN_FOLDER, WIN_DEST] and fresh["remove"] == [] and fresh["changed"]
    done = hd.windows_plan(WIN_DEST, read(file=GOOD_FILE, folder=GOOD_FOLDER))
    assert done == {"owner": [], "add": [], "protect": [], "remove": [], "changed": False}
    # SYSTEM as owner is accepted as well
    assert hd.windows_plan(WIN_DEST, read(file=GOOD_FILE.replace("O:BA", "O:SY"), folder=GOOD_FOLDER))["owner"] == []


def test_plan_removes_explicit_write_rules_of_other_accounts_exactly_as_they_are():
    plan = hd.windows_plan(WIN_DEST, read(file=GOOD_FILE + "(A;;0x1301bf;;;BU)(A;;0x1200a9;;;AU)",
                                          folder=GOOD_FOLDER + "(A;OICINP;0x100116;;;AU)(D;OICI;FA;;;WD)"))
    assert [(r["path"], r["user"], r["rights"], r["inherit"], r["propagation"]) for r in plan["remove"]] == [
        (WIN_FOLDER, "S-1-5-11", str(0x100116), "ContainerInherit, ObjectInherit", "NoPropagateInherit"),
        (WIN_DEST, hd.WIN_USERS, str(0x1301BF), "None", "None")]
    assert plan["add"] == [] and plan["changed"]


def test_plan_marks_paths_that_do_not_exist_yet():
    plan = hd.windows_plan(WIN_DEST, read(file=None, folder=None))
    assert plan["changed"] and not any(item["exists"] for name in ("owner", "add", "protect") for item in plan[name])


def test_actions_keep_only_paths_that_exist_but_still_count_the_rest():
    only_folder = hd.windows_actions(WIN_DEST, read(file=None, folder="O:S-1-5-21-1-500G:SYD:AI(A;OICIID;FA;;;SY)"))
    assert only_folder["changed"]
    assert {item["path"] for name in ("owner", "add", "protect") for item in only_folder[name]} == {WIN_FOLDER}
    nothing_yet = hd.windows_actions(WIN_DEST, read(file=None, folder=None))
    assert nothing_yet["changed"] and not any(nothing_yet[name] for name in ("owner", "add", "protect", "remove"))


def test_record_adds_the_helper_to_the_result():
    skipped = {"changed": False, "skipped": True}
    got = hd.windows_record({"changed": False, "os": "windows"}, WIN_DEST,
                            {"present": True, "removed": skipped, "folder": {"changed": False},
                             "copy": {"changed": True}, "plan": {"changed": False}, "after": {"output": []}})
    assert got == {"changed": True, "os": "windows", "helper": {"path": WIN_DEST, "changed": True, "verified": True}}
    got = hd.windows_record(None, WIN_DEST, {"present": True, "plan": {"changed": True}, "after": skipped})
    assert got == {"changed": True, "helper": {"path": WIN_DEST, "changed": True, "verified": False}}
    # a plan left from an earlier run does not count once the state is absent; the registry's change stays
    got = hd.windows_record({"changed": True}, WIN_DEST, {"present": False, "removed": {"changed": False},
                                                          "plan": {"changed": True}, "after": skipped})
    assert got == {"changed": True, "helper": {"path": WIN_DEST, "changed": False, "verified": False}}


def test_verdict_reads_what_is_on_disk():
    sha1 = "a" * 40
    stat_ok = {"stat": {"exists": True, "isreg": True, "isdir": False, "checksum": sha1.upper()}}
    assert hd.windows_verdict(WIN_DEST, read(file=GOOD_FILE, folder=GOOD_FOLDER), stat_ok, sha1) == {
        "passed": True, "problems": []}
    got = hd.windows_verdict(WIN_DEST, read(file=GOOD_FILE.replace("PAI", "AI") + "(A;ID;0x1301bf;;;BU)",
                                            folder=GOOD_FOLDER.replace("O:BA", "O:S-1-5-21-7")),
                             {"stat": dict(stat_ok["stat"], checksum="b" * 40)}, sha1)
    assert not got["passed"]
    assert got["problems"] == [
        "%s does not hold the helper that was shipped (SHA-1 differs)" % WIN_DEST,
        "%s: owned by S-1-5-21-7 (an owner can always rewrite the permissions)" % WIN_FOLDER,
        "%s: writable by %s (access mask 0x1301BF, inherited)" % (WIN_DEST, hd.WIN_USERS),
        "%s: still inherits permissions from the folder above" % WIN_DEST]
    got = hd.windows_verdict(WIN_DEST, read(file=None, folder=GOOD_FOLDER.replace("(A;OICI;0x1200a9;;;BU)", "")),
                             {"stat": {"exists": False}}, sha1)
    assert got["problems"] == ["%s does not exist" % WIN_DEST,
                               "%s: no ReadAndExecute rule for %s" % (WIN_FOLDER, hd.WIN_USERS),
                               "%s: not found when reading its permissions back" % WIN_DEST]


def test_windows_target_carries_the_hash_and_the_paths():
    got = hd.windows_target(opts(content="@echo off\r\n"))
    assert got["file"] == DEST["windows"] and got["read"][0] == DEST["windows"] and got["shipped"]
    assert got["sha1"] == __import__("hashlib").sha1(b"@echo off\r\n").hexdigest()
    assert not hd.windows_target(opts())["shipped"]
