# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""managed_file under hostile input: integer modes, bad owners, a huge destination, killed writes.

One scenario per point of issue 10. The killed write and the 3 GiB file run
in a child Python (started here, stopped by its PID) so that a SIGKILL and a
memory limit hit that child, never the test process.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
import time

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.cowork3p.fleet.plugins.module_utils import _delivery
from ansible_collections.cowork3p.fleet.plugins.module_utils._delivery import DeliveryError, deliver
from ansible_collections.cowork3p.fleet.plugins.modules import managed_file

SECRET = "sk-hostile-file-SECRET-9f8e7d6c5b"
OLD = json.dumps({"inferenceProvider": "gateway", "inferenceGatewayApiKey": SECRET + "-old"}) + "\n"
NEW = json.dumps({"inferenceProvider": "gateway", "inferenceGatewayApiKey": SECRET}) + "\n"
UID, GID = os.getuid(), os.getgid()
TMP_RE = re.compile(r"^\.managed-settings\.json\.cowork3p-tmp-[0-9a-f]{16}$")


def present(path, content=NEW, **kw):
    args = dict(path=str(path), content=content, fmt="json", owner=str(UID), group=str(GID), mode="0644",
                directory_owner=str(UID), directory_group=str(GID), directory_mode="0755")
    args.update(kw)
    return deliver(**args)


def run_module(args, capsys, check_mode=False):
    with patch_module_args(dict(args, _ansible_check_mode=check_mode, _ansible_diff=True)):
        with pytest.raises(SystemExit):
            managed_file.main()
    out = capsys.readouterr().out
    return json.loads(out), out


def child_env():
    return dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))


def snapshot(directory):
    """Every entry below a directory with its bytes and mode (to prove nothing was touched)."""
    out = {}
    for root, dirs, files in os.walk(directory):
        for name in dirs + files:
            full = os.path.join(root, name)
            st = os.lstat(full)
            data = open(full, "rb").read() if stat.S_ISREG(st.st_mode) else None
            out[full] = (stat.S_IMODE(st.st_mode), st.st_uid, data)
    return out


# ----------------------------------------------------------------- integer modes


@pytest.mark.parametrize("value", [644, 420, 0o644, True, 6.44])
def test_a_number_as_mode_is_refused_before_anything_is_created(tmp_path, value):
    target = tmp_path / "new" / "managed-settings.json"
    with pytest.raises(DeliveryError, match="quote it as an octal string"):
        present(target, mode=value)
    with pytest.raises(DeliveryError, match="directory_mode .* quote it"):
        present(target, directory_mode=value)
    assert not (tmp_path / "new").exists()


def test_module_refuses_yaml_integer_mode_without_traceback(tmp_path, capsys):
    target = tmp_path / "d" / "managed-settings.json"
    res, raw = run_module(dict(path=str(target), content=NEW, format="json", mode=644), capsys)
    assert res["failed"] and "mode 644 arrived as a number" in res["msg"] and "'0644'" in res["msg"]
    assert "exception" not in res and "Traceback" not in raw and SECRET not in raw
    assert not target.parent.exists()


@pytest.mark.parametrize("text,expected", [("0644", 0o644), ("644", 0o644), ("0o600", 0o600), (" 0755 ", 0o755),
                                           ("4755", 0o4755), ("0", 0)])
def test_octal_strings_are_read_as_octal(text, expected):
    assert _delivery.parse_mode(text) == expected


@pytest.mark.parametrize("text", ["rw-r--r--", "0999", "12345", "0x1a4", "-644", "o644", "u=rw"])
def test_bad_mode_strings_are_refused(text):
    with pytest.raises(DeliveryError, match="not an octal number"):
        _delivery.parse_mode(text)


# ----------------------------------------------------------------- all arguments first


BAD_IDS = [
    ("owner", "4294967295", "out of range"),
    ("owner", "99999999999999999999", "out of range"),
    ("group", "4294967296", "out of range"),
    ("directory_owner", "18446744073709551616", "out of range"),
    ("directory_group", "no-such-group-cowork3p", "does not exist"),
    ("owner", "no-such-user-cowork3p", "does not exist"),
    ("owner", "root\x00x", "not a valid user or group name"),
    ("owner", "\u0661\u0662", "does not exist"),       # Arabic-Indic digits are not a numeric ID
    ("group", "\u00b2", "does not exist"),             # nor is a superscript two
]


@pytest.mark.parametrize("field,value,phrase", BAD_IDS)
def test_bad_owner_or_group_fails_before_any_work(tmp_path, field, value, phrase):
    target = tmp_path / "d" / "managed-settings.json"
    present(target, OLD)
    stale = target.parent / ".managed-settings.json.cowork3p-tmp-0123456789abcdef"
    stale.write_bytes(b"half")
    os.chmod(target.parent, 0o700)
    before = snapshot(tmp_path)
    with pytest.raises(DeliveryError, match=phrase):
        present(target, NEW, **{field: value})
    with pytest.raises(DeliveryError, match=phrase):
        present(tmp_path / "other" / "x" / "managed-settings.json", NEW, **{field: value})
    assert snapshot(tmp_path) == before, "a refused argument must leave the host exactly as it was"
    assert not (tmp_path / "other").exists()


def test_module_bad_owner_is_a_clean_failure(tmp_path, capsys):
    target = tmp_path / "d" / "managed-settings.json"
    res, raw = run_module(dict(path=str(target), content=NEW, owner="4294967296"), capsys)
    assert res["failed"] and "out of range" in res["msg"]
    assert "exception" not in res and SECRET not in raw and not target.parent.exists()


@pytest.mark.parametrize("kw,phrase", [
    (dict(path="/tmp/a\x00b.json"), "NUL"),
    (dict(path="/"), "must name a file"),
    (dict(content="\ud800 lone surrogate"), "UTF-8"),
    (dict(state="gone"), "present or absent"),
])
def test_other_bad_arguments_are_clear_errors(tmp_path, kw, phrase):
    kw.setdefault("path", str(tmp_path / "d" / "f.json"))
    with pytest.raises(DeliveryError, match=phrase):
        present(**kw)
    assert not (tmp_path / "d").exists()


# ----------------------------------------------------------------- streaming comparison


BIG_CHILD = textwrap.dedent("""
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))    # 1 GiB: reading 3 GiB would fail
    from ansible_collections.cowork3p.fleet.plugins.module_utils._delivery import deliver
    path, check = sys.argv[1], sys.argv[2] == "check"
    res = deliver(path=path, content=sys.stdin.read(), fmt="json", mode="0644", check_mode=check, want_diff=True)
    print(json.dumps(res))
""")


def test_a_3_gib_destination_is_never_read_into_memory(tmp_path):
    target = tmp_path / "d" / "managed-settings.json"
    target.parent.mkdir()
    with open(target, "wb") as handle:       # sparse: no disk used
        handle.truncate(3 << 30)
    results = []
    for mode in ("check", "real", "real"):
        proc = subprocess.run([sys.executable, "-c", BIG_CHILD, str(target), mode], input=NEW, text=True,
                              capture_output=True, env=child_env(), timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr[-3000:]
        results.append(json.loads(proc.stdout))
    checked, real, again = results
    assert checked["changed"] and checked["content_changed"]
    assert "3221225472 bytes, too large" in checked["diff"]["before"]
    assert real["changed"] and real["verified"]
    assert target.read_text() == NEW
    assert not again["changed"]
    assert SECRET not in json.dumps(results)


def test_same_size_files_are_compared_chunk_by_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr(_delivery, "CHUNK", 7)
    target = tmp_path / "d" / "managed-settings.json"
    body = "x" * 100
    present(target, body, fmt="text")
    assert not present(target, body, fmt="text")["changed"]
    changed = present(target, body[:-1] + "y", fmt="text", check_mode=True)
    assert changed["content_changed"] and target.read_text() == body
    assert present(target, body[:-1] + "y", fmt="text")["changed"]
    assert target.read_text() == body[:-1] + "y"


def test_large_existing_file_is_not_parsed_for_the_diff(tmp_path, monkeypatch):
    monkeypatch.setattr(_delivery, "MAX_PARSE", 10)
    target = tmp_path / "d" / "managed-settings.json"
    present(target, OLD)
    res = present(target, NEW, want_diff=True)
    assert res["changed"] and "too large to compare as settings" in res["diff"]["before"]
    assert SECRET not in json.dumps(res)


# ----------------------------------------------------------------- temporary files


def test_temporary_file_has_a_recognisable_name_and_goes_away_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "d" / "managed-settings.json"
    present(target, OLD)
    seen = []
    real_rename = os.rename

    def failing_rename(src, dst):
        seen.append((os.path.dirname(src), os.path.basename(src), stat.S_IMODE(os.lstat(src).st_mode)))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_delivery.os, "rename", failing_rename)
    with pytest.raises(OSError):
        present(target, NEW)
    monkeypatch.setattr(_delivery.os, "rename", real_rename)
    assert seen and seen[0][0] == str(target.parent) and TMP_RE.match(seen[0][1])
    assert sorted(os.listdir(target.parent)) == ["managed-settings.json"]
    assert target.read_text() == OLD


KILL_CHILD = textwrap.dedent("""
    import os, sys, time
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _delivery
    path, ready = sys.argv[1], sys.argv[2]
    real_fsync = os.fsync
    def stall(fd):
        real_fsync(fd)
        open(ready, "w").close()
        time.sleep(120)                     # the parent kills us here, mid-write
    _delivery.os.fsync = stall
    _delivery.deliver(path=path, content=sys.stdin.read(), fmt="json", mode="0644")
""")


def test_write_killed_mid_way_then_check_real_rerun(tmp_path):
    target = tmp_path / "d" / "managed-settings.json"
    present(target, OLD)
    ready = tmp_path / "ready"
    big = json.dumps({"inferenceProvider": "gateway", "inferenceGatewayApiKey": SECRET, "pad": "p" * (4 << 20)})
    proc = subprocess.Popen([sys.executable, "-c", KILL_CHILD, str(target), str(ready)],  # pylint: disable=consider-using-with
                            stdin=subprocess.PIPE, env=child_env(), start_new_session=True, text=True)
    try:
        proc.stdin.write(big)
        proc.stdin.close()
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "the child never reached the write"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    left = [n for n in os.listdir(target.parent) if n != "managed-settings.json"]
    assert len(left) == 1 and TMP_RE.match(left[0]), left
    leftover = target.parent / left[0]
    assert stat.S_IMODE(os.lstat(leftover).st_mode) == 0o600 and leftover.stat().st_size > (4 << 20)
    assert target.read_text() == OLD, "a killed write must leave the old file whole"

    checked = present(target, NEW, check_mode=True)
    assert checked["changed"] and any("stale temporary file" in a for a in checked["actions"])
    assert leftover.exists(), "check mode removes nothing"

    real = present(target, NEW)
    assert real["changed"] and real["restart_required"] and real["verified"]
    assert sorted(os.listdir(target.parent)) == ["managed-settings.json"]
    assert target.read_text() == NEW

    again = present(target, NEW)
    assert not again["changed"] and again["actions"] == []


def test_only_our_own_leftovers_are_removed(tmp_path):
    target = tmp_path / "d" / "managed-settings.json"
    present(target, NEW)
    d = target.parent
    ours = d / ".managed-settings.json.cowork3p-tmp-00112233445566ff"
    ours.write_bytes(b"half")
    keep = {
        "link": d / ".managed-settings.json.cowork3p-tmp-aaaaaaaaaaaaaaaa",
        "foreign_owner": d / ".managed-settings.json.cowork3p-tmp-bbbbbbbbbbbbbbbb",
        "hard_link": d / ".managed-settings.json.cowork3p-tmp-cccccccccccccccc",
        "directory": d / ".managed-settings.json.cowork3p-tmp-dddddddddddddddd",
        "short_random": d / ".managed-settings.json.cowork3p-tmp-abc",
        "upper_case": d / ".managed-settings.json.cowork3p-tmp-ABCDEF0123456789",
        "other_file": d / ".other.json.cowork3p-tmp-0123456789abcdef",
        "suffix": d / ".managed-settings.json.cowork3p-tmp-0123456789abcdef.bak",
        "editor": d / ".managed-settings.json.swp",
    }
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    keep["link"].symlink_to(victim)
    keep["foreign_owner"].write_text("x")
    if os.geteuid() == 0:
        os.chown(keep["foreign_owner"], 54321, 54321)
    else:
        del keep["foreign_owner"]
    os.link(victim, keep["hard_link"])
    keep["directory"].mkdir()
    for name in ("short_random", "upper_case", "other_file", "suffix", "editor"):
        keep[name].write_text("x")
    assert _delivery.stale_temp_files(str(target)) == [str(ours)]
    res = present(target, NEW)
    assert res["changed"] and not res["restart_required"], "removing leftovers does not need an app restart"
    assert not ours.exists()
    assert all(os.path.lexists(p) for p in keep.values())
    assert victim.read_text() == "keep me"


def test_absent_removes_leftovers_and_prunes_the_directory(tmp_path):
    target = tmp_path / "d" / "managed-settings.json"
    present(target, NEW)
    (target.parent / ".managed-settings.json.cowork3p-tmp-0123456789abcdef").write_bytes(b"half")
    checked = deliver(path=str(target), state="absent", remove_empty_directory=True, check_mode=True)
    assert checked["changed"] and len(os.listdir(target.parent)) == 2
    real = deliver(path=str(target), state="absent", remove_empty_directory=True)
    assert real["changed"] and not target.parent.exists()
    assert not deliver(path=str(target), state="absent", remove_empty_directory=True)["changed"]
