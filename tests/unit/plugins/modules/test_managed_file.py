# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the delivery module (cowork3p.fleet.managed_file) and its module_utils."""

from __future__ import annotations

import json
import os
import plistlib
import stat

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.cowork3p.fleet.plugins.module_utils import _delivery
from ansible_collections.cowork3p.fleet.plugins.module_utils._delivery import DeliveryError, deliver
from ansible_collections.cowork3p.fleet.plugins.modules import managed_file

SECRET = "sk-unit-test-SECRET-0123456789"
SETTINGS = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://gw.example.test",
    "inferenceGatewayApiKey": SECRET,
    "inferenceModels": ["claude-sonnet-4"],
}
UID = os.getuid()
GID = os.getgid()


def as_json(settings):
    return json.dumps(settings, indent=2, sort_keys=True) + "\n"


def as_plist(settings):
    flat = {k: (json.dumps(v, separators=(",", ":")) if isinstance(v, (list, dict)) else str(v))
            for k, v in settings.items()}
    return plistlib.dumps(flat, sort_keys=True).decode("utf-8")


def present(path, content, **kw):
    args = dict(path=str(path), content=content, fmt="json", owner=str(UID), group=str(GID), mode="0644",
                directory_owner=str(UID), directory_group=str(GID), directory_mode="0755")
    args.update(kw)
    return deliver(**args)


def mode_of(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


# ----------------------------------------------------------------- check -> real -> again


def test_create_check_real_again(tmp_path):
    target = tmp_path / "claude-desktop" / "managed-settings.json"
    content = as_json(SETTINGS)

    checked = present(target, content, check_mode=True, want_diff=True)
    assert checked["changed"] and checked["restart_required"]
    assert not target.parent.exists(), "check mode must not create anything"
    assert sorted(checked["changed_keys"]) == sorted(SETTINGS)
    assert SECRET not in json.dumps(checked)

    real = present(target, content)
    assert real["changed"] and real["restart_required"] and real["verified"]
    assert target.read_text() == content
    assert mode_of(target) == 0o644 and mode_of(target.parent) == 0o755
    assert stat.S_ISREG(os.lstat(target).st_mode)

    again = present(target, content, want_diff=True)
    assert not again["changed"] and not again["restart_required"]
    assert again["actions"] == [] and again["diff"] == {}


def test_no_temporary_files_left(tmp_path):
    target = tmp_path / "d" / "managed-settings.json"
    present(target, as_json(SETTINGS))
    present(target, as_json(dict(SETTINGS, inferenceModels=["x"])))
    assert sorted(os.listdir(target.parent)) == ["managed-settings.json"]


def test_mode_drift_is_repaired(tmp_path):
    target = tmp_path / "d" / "managed-settings.json"
    present(target, as_json(SETTINGS))
    os.chmod(target, 0o666)
    os.chmod(target.parent, 0o777)
    checked = present(target, as_json(SETTINGS), check_mode=True)
    assert checked["changed"] and not checked["content_changed"]
    assert mode_of(target) == 0o666
    fixed = present(target, as_json(SETTINGS))
    assert fixed["changed"] and fixed["restart_required"]
    assert any("mode" in a for a in fixed["actions"])
    assert mode_of(target) == 0o644 and mode_of(target.parent) == 0o755
    assert not present(target, as_json(SETTINGS))["changed"]


def test_manage_directory_false_leaves_existing_directory(tmp_path):
    target = tmp_path / "d" / "f.json"
    target.parent.mkdir(mode=0o750)
    os.chmod(target.parent, 0o750)
    present(target, as_json(SETTINGS), manage_directory=False)
    assert mode_of(target.parent) == 0o750


def test_created_parents_get_directory_attributes(tmp_path):
    target = tmp_path / "home" / "Library" / "Application Support" / "configLibrary" / "x.json"
    present(target, as_json(SETTINGS), directory_mode="0700", mode="0600")
    for directory in (tmp_path / "home", target.parent):
        assert mode_of(directory) == 0o700
    assert mode_of(target) == 0o600


def test_missing_directory_without_create_parents(tmp_path):
    with pytest.raises(DeliveryError, match="does not exist"):
        present(tmp_path / "nope" / "f.json", "{}\n", create_parents=False)


# ----------------------------------------------------------------- refusals


def test_refuses_symlinked_file(tmp_path):
    real = tmp_path / "elsewhere.json"
    real.write_text("{}\n")
    (tmp_path / "d").mkdir()
    link = tmp_path / "d" / "managed-settings.json"
    link.symlink_to(real)
    with pytest.raises(DeliveryError, match="symbolic link"):
        present(link, as_json(SETTINGS))
    with pytest.raises(DeliveryError, match="symbolic link"):
        present(link, as_json(SETTINGS), check_mode=True)
    assert real.read_text() == "{}\n" and os.path.islink(link)


def test_refuses_symlinked_directory(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "claude-desktop").symlink_to(tmp_path / "real")
    with pytest.raises(DeliveryError, match="directory is a symlink"):
        present(tmp_path / "claude-desktop" / "managed-settings.json", as_json(SETTINGS))
    assert os.listdir(tmp_path / "real") == []


def test_refuses_non_regular_file(tmp_path):
    (tmp_path / "d" / "managed-settings.json").mkdir(parents=True)
    with pytest.raises(DeliveryError, match="not a regular file"):
        present(tmp_path / "d" / "managed-settings.json", "{}\n")


def test_unknown_owner_is_a_clear_failure(tmp_path):
    with pytest.raises(DeliveryError, match="does not exist on this host"):
        present(tmp_path / "f.json", "{}\n", owner="no-such-user-cowork3p")
    with pytest.raises(DeliveryError, match="does not exist on this host"):
        present(tmp_path / "f.json", "{}\n", group="no-such-group-cowork3p")


def test_ownership_that_cannot_be_set_fails_and_leaves_old_file(tmp_path, monkeypatch):
    target = tmp_path / "d" / "managed-settings.json"
    present(target, "{}\n")

    def deny(*_args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(_delivery.os, "lchown", deny)
    with pytest.raises(DeliveryError, match="cannot set owner"):
        present(target, as_json(SETTINGS))
    assert target.read_text() == "{}\n"
    assert sorted(os.listdir(target.parent)) == ["managed-settings.json"]


def test_verify_detects_a_lost_write(tmp_path, monkeypatch):
    target = tmp_path / "d" / "managed-settings.json"
    real_rename = os.rename

    def rename_then_clobber(src, dst):
        real_rename(src, dst)
        with open(dst, "w") as handle:
            handle.write("{}\n")

    monkeypatch.setattr(_delivery.os, "rename", rename_then_clobber)
    with pytest.raises(DeliveryError, match="verification failed"):
        present(target, as_json(SETTINGS))


def test_bad_mode_and_relative_path(tmp_path):
    with pytest.raises(DeliveryError, match="octal"):
        present(tmp_path / "f.json", "{}\n", mode="rw-r--r--")
    with pytest.raises(DeliveryError, match="absolute"):
        deliver(path="relative/f.json", content="{}\n")
    with pytest.raises(DeliveryError, match="arrived as a number"):
        _delivery.parse_mode(0o600)
    assert _delivery.parse_mode("644") == 0o644


# ----------------------------------------------------------------- masked diffs


def test_diff_masks_secrets_and_flags_changed_secret(tmp_path):
    target = tmp_path / "d" / "managed-settings.json"
    present(target, as_json(SETTINGS))
    new = dict(SETTINGS, inferenceGatewayApiKey=SECRET + "-rotated", inferenceModels=["claude-opus-4"])
    res = present(target, as_json(new), check_mode=True, want_diff=True)
    dump = json.dumps(res)
    assert SECRET not in dump
    assert res["changed_keys"] == ["inferenceGatewayApiKey", "inferenceModels"]
    after = json.loads(res["diff"]["after"])
    before = json.loads(res["diff"]["before"])
    assert before["inferenceGatewayApiKey"] == "********"
    assert after["inferenceGatewayApiKey"] == "******** (changed)"
    assert after["inferenceModels"] == ["claude-opus-4"]


def test_plist_diff_decodes_json_strings_and_masks_headers(tmp_path):
    target = tmp_path / "Managed Preferences" / "com.anthropic.claudefordesktop.plist"
    old = dict(SETTINGS, inferenceCustomHeaders={"X-Tenant": "blue"})
    present(target, as_plist(old), fmt="plist")
    new = dict(old, inferenceCustomHeaders={"X-Tenant": "green"})
    res = present(target, as_plist(new), fmt="plist", check_mode=True, want_diff=True)
    assert res["changed_keys"] == ["inferenceCustomHeaders"]
    after = json.loads(res["diff"]["after"])
    assert after["inferenceModels"] == ["claude-sonnet-4"]
    assert "green" not in json.dumps(res) and SECRET not in json.dumps(res)


def test_mobileconfig_parsing_reads_payload_keys():
    profile = {"PayloadType": "Configuration", "PayloadContent": [
        {"PayloadType": "com.anthropic.claudefordesktop", "PayloadUUID": "x",
         "inferenceProvider": "gateway", "inferenceModels": '["a"]'}]}
    doc = _delivery.parse_document(plistlib.dumps(profile), "mobileconfig")
    assert doc == {"inferenceProvider": "gateway", "inferenceModels": ["a"]}


def test_unparseable_old_content_is_not_shown(tmp_path):
    target = tmp_path / "d" / "managed-settings.json"
    target.parent.mkdir()
    target.write_text('{"inferenceGatewayApiKey": "%s", broken' % SECRET)
    res = present(target, as_json(SETTINGS), want_diff=True)
    assert res["changed"]
    assert SECRET not in json.dumps(res)
    assert "unparseable" in res["diff"]["before"]


def test_json_parser_is_strict():
    assert _delivery.parse_document(b'{"a": 1, "a": 2}', "json") is None
    assert _delivery.parse_document(b'{"a": NaN}', "json") is None
    assert _delivery.parse_document(b'[1]', "json") is None
    assert _delivery.parse_document(b'{"a": 1}', "text") is None


# ----------------------------------------------------------------- absent


def test_absent_check_real_again(tmp_path):
    target = tmp_path / "d" / "managed-settings.json"
    present(target, as_json(SETTINGS))
    (tmp_path / "d" / "unrelated.txt").write_text("keep me")
    checked = deliver(path=str(target), state="absent", fmt="json", check_mode=True, want_diff=True)
    assert checked["changed"] and target.exists()
    assert SECRET not in json.dumps(checked)
    real = deliver(path=str(target), state="absent", remove_empty_directory=True)
    assert real["changed"] and real["restart_required"] and not target.exists()
    assert (tmp_path / "d" / "unrelated.txt").read_text() == "keep me", "absent must not touch other files"
    again = deliver(path=str(target), state="absent", remove_empty_directory=True)
    assert not again["changed"]


def test_absent_prunes_empty_directory(tmp_path):
    target = tmp_path / "d" / "managed-settings.json"
    present(target, as_json(SETTINGS))
    deliver(path=str(target), state="absent", remove_empty_directory=True)
    assert not (tmp_path / "d").exists()
    assert not deliver(path=str(target), state="absent", remove_empty_directory=True)["changed"]


def test_absent_keeps_a_mount_point(tmp_path, monkeypatch):
    target = tmp_path / "d" / "managed-settings.json"
    present(target, as_json(SETTINGS))
    monkeypatch.setattr(_delivery, "is_mount_point", lambda path: path == str(tmp_path / "d"))
    res = deliver(path=str(target), state="absent", remove_empty_directory=True)
    assert res["changed"] and (tmp_path / "d").is_dir()
    assert not deliver(path=str(target), state="absent", remove_empty_directory=True)["changed"]


def test_mountinfo_unescaping():
    assert _delivery._unescape_mountinfo(r"/Library/Managed\040Preferences") == "/Library/Managed Preferences"
    assert _delivery.is_mount_point("/")


def test_absent_refuses_symlink(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f.json").symlink_to("/etc/hostname")
    with pytest.raises(DeliveryError, match="symbolic link"):
        deliver(path=str(tmp_path / "d" / "f.json"), state="absent")


# ----------------------------------------------------------------- the module itself


def run_module(args, capsys, check_mode=False, diff=False):
    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            managed_file.main()
    out = capsys.readouterr().out
    return json.loads(out), out


def test_module_round_trip_never_returns_content(tmp_path, capsys):
    target = tmp_path / "etc" / "claude-desktop" / "managed-settings.json"
    args = dict(path=str(target), content=as_json(SETTINGS), format="json", owner="0", group="0", mode="0644",
                directory_owner="0", directory_group="0", directory_mode="0755")
    if os.getuid() != 0:
        pytest.skip("needs root to chown to 0")
    res, raw = run_module(args, capsys, check_mode=True, diff=True)
    assert res["changed"] and not target.exists() and SECRET not in raw
    res, raw = run_module(args, capsys, diff=True)
    assert res["changed"] and res["restart_required"] and SECRET not in raw
    assert json.loads(target.read_text()) == SETTINGS
    res, raw = run_module(args, capsys, diff=True)
    assert not res["changed"] and SECRET not in raw


def test_module_failure_is_clean(tmp_path, capsys):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    res, raw = run_module(dict(path=str(tmp_path / "link" / "f.json"), content=as_json(SETTINGS)), capsys)
    assert res["failed"] and "symbolic link" in res["msg"] and SECRET not in raw


def test_module_requires_content_when_present(tmp_path, capsys):
    res, _raw = run_module(dict(path=str(tmp_path / "f.json")), capsys)
    assert res["failed"] and "content" in res["msg"]


def test_module_takes_the_options_as_one_mapping(tmp_path, capsys):
    """file: the options as one mapping (how the role passes its plan) gives the same triplet as the options one by one."""
    target = tmp_path / "etc" / "managed-settings.json"
    uid, gid = str(os.getuid()), str(os.getgid())
    spec = dict(path=str(target), format="json", owner=uid, group=gid, mode="0644", directory_owner=uid,
                directory_group=gid, directory_mode="0755", verify="yes")
    args = dict(file=spec, content=as_json(SETTINGS))
    res, raw = run_module(args, capsys, check_mode=True, diff=True)
    assert res["changed"] and not target.exists() and SECRET not in raw
    res, raw = run_module(args, capsys, diff=True)
    assert res["changed"] and json.loads(target.read_text()) == SETTINGS and SECRET not in raw
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    res, _raw = run_module(args, capsys)
    assert not res["changed"]
    # the same file described option by option: nothing to change either
    res, _raw = run_module(dict(spec, verify=True, content=as_json(SETTINGS)), capsys)
    assert not res["changed"]


def test_module_file_mapping_is_checked_like_the_options(tmp_path, capsys):
    path = str(tmp_path / "f.json")
    res, raw = run_module(dict(file=dict(path=path, format="yaml"), content=as_json(SETTINGS)), capsys)
    assert res["failed"] and res["msg"].startswith("file: ") and "format" in res["msg"] and SECRET not in raw
    res, _raw = run_module(dict(file=dict(path=path, colour="red"), content="x"), capsys)
    assert res["failed"] and "colour" in res["msg"]
    # content is a secret: it never goes into the mapping
    res, raw = run_module(dict(file=dict(path=path, content=SECRET)), capsys)
    assert res["failed"] and "content cannot go into file" in res["msg"] and not os.path.exists(path)
    assert SECRET not in raw
    res, _raw = run_module(dict(file=dict(path=path), path=str(tmp_path / "g.json"), content="x"), capsys)
    assert res["failed"] and "path is given both on its own and in file" in res["msg"]
    res, _raw = run_module(dict(file=dict(format="json"), content="{}"), capsys)
    assert res["failed"] and "path is required" in res["msg"]
    res, _raw = run_module(dict(file=dict(path=path, state="present")), capsys)
    assert res["failed"] and "content" in res["msg"] and not os.path.exists(path)
