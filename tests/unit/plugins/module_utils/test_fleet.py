# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _fleet: what the managed_settings role decides per host (OS, document id, files) and per batch."""

from __future__ import annotations

import hashlib
import json

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _fleet as fleet

SETTINGS = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.test", "é": "ü"}

# the role's defaults (defaults/main.yml) as the role hands them to host_plan
DEFAULTS = {
    "cowork3p_settings": SETTINGS, "cowork3p_desktop_version": "", "cowork3p_state": "present", "cowork3p_os": "auto",
    "cowork3p_linux_path": "/etc/claude-desktop/managed-settings.json", "cowork3p_linux_owner": "root",
    "cowork3p_linux_group": "root", "cowork3p_linux_mode": "0644", "cowork3p_linux_directory_mode": "0755",
    "cowork3p_linux_remove_empty_directory": True, "cowork3p_macos_delivery": "managed_preferences",
    "cowork3p_macos_users": [], "cowork3p_macos_managed_preferences_dir": "/Library/Managed Preferences",
    "cowork3p_macos_owner": "root", "cowork3p_macos_group": "wheel", "cowork3p_macos_file_mode": "0644",
    "cowork3p_macos_directory_mode": "0755", "cowork3p_macos_home_base": "/Users", "cowork3p_macos_user_group": "staff",
    "cowork3p_macos_config_library_id": "cowork3p-fleet", "cowork3p_macos_config_library_name": "Managed by cowork3p.fleet",
    "cowork3p_macos_profile_path": "/Library/Application Support/cowork3p/claude-desktop.mobileconfig",
    "ansible_connection": "ssh", "ansible_shell_type": "", "ansible_system": "",
}


class CountingHostvars(dict):
    """hostvars stand-in that counts how often each host's variables are looked up."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookups = {}

    def __getitem__(self, host):
        self.lookups[host] = self.lookups.get(host, 0) + 1
        return super().__getitem__(host)


def opts(**changes):
    return dict(DEFAULTS, **changes)


def test_document_id_matches_to_json_and_hash():
    # the same id as {'settings': ..., 'desktop_version': ...} | to_json(sort_keys=true) | hash('sha1')
    expected = hashlib.sha1(json.dumps({"settings": SETTINGS, "desktop_version": "1.2"}, sort_keys=True)
                            .encode("utf-8")).hexdigest()
    assert fleet.document_id(SETTINGS, "1.2") == expected
    assert fleet.document_id(SETTINGS, None) == fleet.document_id(SETTINGS, "")


def test_batch_documents_defaults_and_absent_hosts():
    hostvars = CountingHostvars({
        "a": {"cowork3p_settings": SETTINGS},
        "b": {},
        "c": {"cowork3p_state": "absent", "cowork3p_settings": SETTINGS},
        "d": {"cowork3p_settings": SETTINGS, "cowork3p_desktop_version": "1.5"},
    })
    docs = fleet.batch_documents(["a", "b", "c", "d"], hostvars, settings={"x": 1}, desktop_version="1.0")
    assert [(d["host"], d["desktop_version"]) for d in docs] == [("a", "1.0"), ("b", "1.0"), ("d", "1.5")]
    assert docs[1]["settings"] == {"x": 1}
    assert docs[0]["id"] == fleet.document_id(SETTINGS, "1.0") != docs[2]["id"]
    assert hostvars.lookups == {"a": 1, "b": 1, "c": 1, "d": 1}


def test_option_sets_group_hosts_and_read_each_once():
    hostvars = CountingHostvars({"h%d" % i: {"cowork3p_os": "linux", "other": i} for i in range(8)})
    hostvars["h7"] = {"cowork3p_os": "macos"}
    sets = fleet.option_sets(sorted(hostvars), hostvars, ["cowork3p_os", "cowork3p_verify"])
    assert sets == [{"options": {"cowork3p_os": "linux"}, "hosts": ["h0", "h1", "h2", "h3", "h4"], "count": 7},
                    {"options": {"cowork3p_os": "macos"}, "hosts": ["h7"], "count": 1}]
    assert set(hostvars.lookups.values()) == {1}


@pytest.mark.parametrize("options, os_known", [
    ({}, ""),
    ({"cowork3p_os": "macos"}, "macos"),
    ({"ansible_connection": "winrm"}, "windows"),
    ({"ansible_connection": "ansible.builtin.psrp"}, "windows"),
    ({"ansible_shell_type": "powershell"}, "windows"),
    ({"ansible_system": "Darwin"}, "macos"),
    ({"ansible_system": "Linux"}, "linux"),
    ({"ansible_system": "FreeBSD"}, ""),
])
def test_known_os(options, os_known):
    assert fleet.known_os(opts(**options)) == os_known
    assert fleet.host_os(opts(**options)) == (os_known or "unsupported")


def test_linux_plan_is_one_json_file_with_the_document_id():
    plan = fleet.host_plan(opts(cowork3p_os="linux"), {fleet.document_id(SETTINGS, ""): {}})
    assert plan["os_known"] == plan["os"] == "linux"
    assert plan["doc"] == fleet.document_id(SETTINGS, "")
    assert plan["files"] == [{
        "os": "linux", "delivery": "managed_file", "path": "/etc/claude-desktop/managed-settings.json",
        "format": "json", "owner": "root", "group": "root", "mode": "0644", "directory_owner": "root",
        "directory_group": "root", "directory_mode": "0755", "manage_directory": True, "remove_empty_directory": True,
        "output": "json", "acceptance": True, "doc": plan["doc"]}]
    assert plan["audit_files"] == [{"os": "linux", "delivery": "managed_file",
                                    "path": "/etc/claude-desktop/managed-settings.json", "format": "json",
                                    "owner": "root", "mode": "0644", "acceptance": True}]


def test_unknown_os_and_windows_have_no_files():
    for options in (opts(), opts(cowork3p_os="windows")):
        plan = fleet.host_plan(options)
        assert plan["files"] == plan["audit_files"] == []
    assert fleet.host_plan(opts())["os"] == "unsupported"


def test_unprepared_document_fails_with_the_message_and_absent_needs_none():
    with pytest.raises(fleet.FleetError, match="not validated"):
        fleet.host_plan(opts(cowork3p_os="linux"), {"other": {}}, "h6 was not validated")
    plan = fleet.host_plan(opts(cowork3p_os="linux", cowork3p_state="absent"), {})
    assert plan["doc"] == "" and "doc" not in plan["files"][0]


def test_macos_managed_preferences_device_and_per_user():
    device = fleet.host_plan(opts(cowork3p_os="macos"))["files"]
    assert [f["path"] for f in device] == ["/Library/Managed Preferences/com.anthropic.claudefordesktop.plist"]
    assert device[0]["remove_empty_directory"] is False and device[0]["acceptance"] is True
    users = fleet.host_plan(opts(cowork3p_os="macos", cowork3p_macos_users=["ann", "bob"]))
    assert [f["path"] for f in users["files"]] == [
        "/Library/Managed Preferences/ann/com.anthropic.claudefordesktop.plist",
        "/Library/Managed Preferences/bob/com.anthropic.claudefordesktop.plist"]
    assert all(f["remove_empty_directory"] for f in users["files"])
    assert [f["path"] for f in users["audit_files"]] == [f["path"] for f in users["files"]]


def test_macos_config_library_and_its_meta_file():
    plan = fleet.host_plan(opts(cowork3p_os="macos", cowork3p_macos_delivery="config_library",
                                cowork3p_macos_users=["ann"]))
    library = "/Users/ann/Library/Application Support/Claude-3p/configLibrary"
    assert [(f["path"], f["owner"], f["group"], f["mode"], f["directory_mode"]) for f in plan["files"]] == [
        (library + "/cowork3p-fleet.json", "ann", "staff", "0600", "0700"),
        (library + "/_meta.json", "ann", "staff", "0600", "0700")]
    meta = plan["files"][1]["text"]
    # byte for byte what to_nice_json(indent=2) wrote
    assert meta == json.dumps({"appliedId": "cowork3p-fleet", "configurations": [
        {"id": "cowork3p-fleet", "name": "Managed by cowork3p.fleet"}]}, indent=2, sort_keys=True) + "\n"
    # the audit reads the configuration, not _meta.json, and compares owner and mode itself (no acceptance)
    assert plan["audit_files"] == [{"os": "macos", "delivery": "config_library", "path": library + "/cowork3p-fleet.json",
                                    "format": "json", "owner": "ann", "mode": "0600"}]
    with pytest.raises(fleet.FleetError, match="needs cowork3p_macos_users"):
        fleet.host_plan(opts(cowork3p_os="macos", cowork3p_macos_delivery="config_library"))


def test_macos_profile_is_staged_and_audited_where_it_lands():
    plan = fleet.host_plan(opts(cowork3p_os="macos", cowork3p_macos_delivery="profile", cowork3p_macos_users=["ann"]))
    assert [(f["path"], f["format"], f["manage_directory"]) for f in plan["files"]] == [
        ("/Library/Application Support/cowork3p/claude-desktop.mobileconfig", "mobileconfig", False)]
    assert [f["path"] for f in plan["audit_files"]] == [
        "/Library/Managed Preferences/com.anthropic.claudefordesktop.plist"]


@pytest.mark.parametrize("value", [420, 644, 0o755, 1.5])
def test_numeric_modes_are_refused_by_name(value):
    with pytest.raises(fleet.FleetError) as err:
        fleet.host_plan(opts(cowork3p_os="linux", cowork3p_linux_mode=value))
    assert "cowork3p_linux_mode is the number %r" % value in str(err.value)
    assert 'quoted octal strings, such as "0644"' in str(err.value)
    assert fleet.mode_problems(opts(cowork3p_linux_mode=True, cowork3p_macos_file_mode="0644")) == []


def test_file_option_problems_once_per_distinct_set():
    hostvars = {"a": {}, "b": {}, "c": {"cowork3p_linux_mode": 420}, "d": {"cowork3p_linux_owner": "nobody"}}
    problems = fleet.file_option_problems(list(hostvars), hostvars, DEFAULTS)
    assert problems[0].startswith("1 host(s): c: cowork3p_linux_mode is the number 420 (an unquoted 0644)")
    assert problems[1] == "1 host(s): d: cowork3p_linux_owner 'nobody': the app reads only a root-owned file"
    assert len(problems) == 2


def test_document_messages_name_the_document_and_its_hosts():
    rendered = {
        "a" * 40: {"new": True, "count": 7, "hosts": ["h1", "h2", "h3", "h4", "h5"], "errors": ["bad url"],
                   "warnings": ["unconfirmed"]},
        "b" * 40: {"new": False, "count": 1, "hosts": ["h9"], "errors": ["old"], "warnings": ["old"]},
    }
    assert fleet.document_messages(rendered) == {
        "errors": ["document aaaaaaaaaaaa (7 host(s): h1, h2, h3, h4, h5, ...): bad url"],
        "warnings": ["document aaaaaaaaaaaa (7 host(s)): unconfirmed"]}
    assert fleet.document_messages(rendered, fail_on_warnings=True)["errors"][1] == (
        "document aaaaaaaaaaaa (7 host(s): h1, h2, h3, h4, h5, ...): unconfirmed")


def test_profile_and_helper_values_from_role_variables():
    values = dict(DEFAULTS, cowork3p_macos_profile_identifier="com.example", cowork3p_helper_source="/h")
    assert fleet.profile_options(values)["identifier"] == "com.example"
    helper = fleet.helper_values(values)
    assert helper["source"] == "/h" and helper["settings_mode"] == "0644" and helper["settings"] == SETTINGS


def test_role_options_are_the_role_variables_a_plan_reads():
    """ROLE_OPTIONS (what the host_plan lookup reads from a task's variables) names __cowork3p_options' entries plus
    cowork3p_verify, and every one has a default in the role."""
    import os

    import yaml

    role = os.path.join(os.path.dirname(fleet.__file__), "..", "..", "roles", "managed_settings")
    with open(os.path.join(role, "vars", "main.yml"), encoding="utf-8") as handle:
        role_vars = yaml.safe_load(handle)
    with open(os.path.join(role, "defaults", "main.yml"), encoding="utf-8") as handle:
        defaults = yaml.safe_load(handle)
    listed = set(role_vars["__cowork3p_options"]) - set(fleet.OS_FACTS)
    assert set(fleet.ROLE_OPTIONS) == listed | {"cowork3p_verify"}
    assert not set(fleet.ROLE_OPTIONS) - set(defaults)


def test_delivery_items_carry_the_task_arguments_in_one_mapping():
    options = opts(cowork3p_os="linux", cowork3p_verify="no")
    [item] = fleet.delivery_items(fleet.host_plan(options, {fleet.document_id(SETTINGS, ""): {}})["files"], options)
    assert item["args"] == {
        "path": "/etc/claude-desktop/managed-settings.json", "format": "json", "owner": "root", "group": "root",
        "mode": "0644", "directory_owner": "root", "directory_group": "root", "directory_mode": "0755",
        "manage_directory": True, "remove_empty_directory": True, "app_acceptance": True, "trusted_ancestors": False,
        "verify": False, "state": "present"}
    assert item["content_from"] == "doc" and item["label"] == item["path"]


def test_delivery_items_content_sources_and_labels():
    options = opts(cowork3p_os="macos", cowork3p_macos_delivery="config_library", cowork3p_macos_users=["ann"])
    files = fleet.delivery_items(fleet.host_plan(options)["files"], options)
    assert [f["content_from"] for f in files] == ["doc", "text"]
    helper = {"path": "/usr/local/libexec/helper", "format": "text", "owner": "root", "trusted_ancestors": True}
    [item] = fleet.delivery_items([helper], options)
    assert item["content_from"] == "helper" and item["args"]["trusted_ancestors"] and item["args"]["verify"]
    profile = opts(cowork3p_os="macos", cowork3p_macos_delivery="profile")
    [staged] = fleet.delivery_items(fleet.host_plan(profile)["files"], profile)
    assert staged["label"] == staged["path"] + fleet.STAGED_NOTE
    absent = dict(profile, cowork3p_state="absent")
    [gone] = fleet.delivery_items(fleet.host_plan(absent)["files"], absent)
    assert gone["content_from"] == "none" and gone["args"]["state"] == "absent" and gone["label"] == gone["path"]
