# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the credential helper filters (plugins/filter/helper.py): thin over _helper_deploy and _reports,
so these check what the filter layer adds: argument checks, the step dispatch and clear AnsibleFilterErrors.
The decisions themselves are tested in tests/unit/plugins/module_utils/test_helper_deploy.py."""

from __future__ import annotations

import hashlib

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.cowork3p.fleet.plugins.filter import helper
from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper_deploy as deploy

SCRIPT = "#!/bin/sh\necho '{\"token\": \"x\"}'\n"
VALUES = {"content": SCRIPT, "present": True, "dest_linux": "/usr/local/libexec/claude-helper",
          "dest_macos": "/Library/Application Support/Claude/helper", "dest_windows": "C:\\Corp\\Claude\\helper.cmd"}


def test_every_filter_is_registered_under_its_name():
    filters = helper.FilterModule().filters()
    assert sorted(filters) == ["helper_files", "helper_report", "helper_review", "helper_windows",
                               "helper_windows_acl"]
    assert all(getattr(helper, name) is func for name, func in filters.items())


def test_helper_files_are_the_managed_file_items_of_the_os():
    items = helper.helper_files("linux", VALUES)
    assert items == deploy.files("linux", deploy.options_from(VALUES))
    assert [(i["path"], i["owner"], i["mode"]) for i in items] == [("/usr/local/libexec/claude-helper", "root", "0755")]
    assert helper.helper_files("linux", VALUES, texts=True) == {"/usr/local/libexec/claude-helper": SCRIPT}
    assert helper.helper_files("windows", VALUES) == []                     # Windows ships with its own tasks
    assert helper.helper_files("linux", dict(VALUES, content="", present=False)) == []


def test_helper_windows_reads_the_roles_variables():
    options = {"cowork3p_helper_content": SCRIPT, "cowork3p_helper_present": True,
               "cowork3p_helper_dest_windows": "C:\\Corp\\Claude\\helper.cmd"}
    target = helper.helper_windows(options)
    assert target["file"] == "C:\\Corp\\Claude\\helper.cmd" and target["folder"] == "C:\\Corp\\Claude"
    assert target["above"] == ["C:\\Corp", "C:\\"]
    assert target["shipped"] and target["sha1"] == hashlib.sha1(SCRIPT.encode("utf-8")).hexdigest()


def test_helper_report_is_empty_without_helper_runs_and_refuses_unknown_formats():
    assert helper.helper_report({"hosts": {"h1": {"status": "compliant"}}}) == ""
    with pytest.raises(AnsibleFilterError, match="cowork3p.fleet.helper_report: .*md or html"):
        helper.helper_report({}, "pdf")


def test_helper_windows_acl_dispatches_by_step():
    dest = "C:\\Corp\\Claude\\helper.cmd"
    assert helper.helper_windows_acl([], dest, "refusal") == deploy.windows_refusal(dest, [])
    assert helper.helper_windows_acl([], dest, "plan") == deploy.windows_plan(dest, [])
    with pytest.raises(AnsibleFilterError, match="step must be refusal, plan or verdict, got 'apply'"):
        helper.helper_windows_acl([], dest, "apply")


@pytest.mark.parametrize("call, message", [
    (lambda: helper.helper_review("web1", {}, {}), "helper_review: expected a list of host names"),
    (lambda: helper.helper_review(["web1"], {}, []), "helper_review: defaults must be a mapping"),
    (lambda: helper.helper_files("linux", ["x"]), "helper_files: expected a mapping"),
    (lambda: helper.helper_windows("x"), "helper_windows: expected a mapping"),
    (lambda: helper.helper_windows_acl("x", "C:\\h", "plan"), "helper_windows_acl: expected the output list"),
])
def test_bad_arguments_are_named(call, message):
    with pytest.raises(AnsibleFilterError, match="cowork3p.fleet." + message):
        call()


def test_a_missing_source_file_is_a_filter_error(tmp_path):
    with pytest.raises(AnsibleFilterError, match="cowork3p.fleet.helper_files: "):
        helper.helper_files("linux", dict(VALUES, content="", source=str(tmp_path / "missing.sh")))


def test_helper_windows_result_checks_its_input():
    assert helper.helper_windows_result(None, "C:\\x\\h.cmd", {"present": True})["helper"]["path"] == "C:\\x\\h.cmd"
    with pytest.raises(AnsibleFilterError, match="expected the host's cowork3p_result"):
        helper.helper_windows_result([], "C:\\x\\h.cmd", {})
    with pytest.raises(AnsibleFilterError, match="steps must be a mapping"):
        helper.helper_windows_result({}, "C:\\x\\h.cmd", "x")
