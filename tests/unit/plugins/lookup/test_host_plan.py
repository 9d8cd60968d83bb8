# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The host_plan lookup: one host's plan, the credential helper's files and texts, errors by name."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleLookupError

from ansible_collections.cowork3p.fleet.plugins.lookup.host_plan import LookupModule
from ansible_collections.cowork3p.fleet.plugins.module_utils import _fleet

SETTINGS = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gateway.example.test",
            "inferenceModels": ["claude-sonnet-4"]}
OPTIONS = {"cowork3p_settings": SETTINGS, "cowork3p_desktop_version": "", "cowork3p_state": "present",
           "cowork3p_os": "linux", "cowork3p_linux_path": "/etc/claude-desktop/managed-settings.json",
           "cowork3p_linux_owner": "root", "cowork3p_linux_group": "root", "cowork3p_linux_mode": "0644",
           "cowork3p_linux_directory_mode": "0755", "cowork3p_linux_remove_empty_directory": True,
           "cowork3p_helper_source": "", "cowork3p_helper_content": "", "cowork3p_helper_args": [],
           "cowork3p_helper_present": False, "cowork3p_helper_dest_linux": "/usr/local/libexec/claude-desktop/helper"}


def lookup():
    return LookupModule()


def run(options, **kwargs):
    return lookup().run([options], {}, **kwargs)


def test_plan_of_a_linux_host():
    doc = _fleet.document_id(SETTINGS, "")
    [plan] = run(OPTIONS, rendered={doc: {}})
    assert plan["doc"] == doc and [f["path"] for f in plan["files"]] == [OPTIONS["cowork3p_linux_path"]]


def test_helper_files_follow_the_settings_file_and_never_carry_their_text():
    options = dict(OPTIONS, cowork3p_helper_content="#!/bin/sh\necho token\n")
    [plan] = run(options)
    assert [f["delivery"] for f in plan["files"]] == ["managed_file", "helper"]
    assert "echo token" not in repr(plan)
    [texts] = run(options, texts=True)
    assert texts == {"/usr/local/libexec/claude-desktop/helper": "#!/bin/sh\necho token\n"}


def test_errors_name_the_option_or_say_why():
    with pytest.raises(AnsibleLookupError, match="cowork3p_linux_mode is the number 420"):
        run(dict(OPTIONS, cowork3p_linux_mode=420))
    with pytest.raises(AnsibleLookupError, match="was not prepared here"):
        run(OPTIONS, rendered={}, unprepared_msg="h1 was not prepared here")
    with pytest.raises(AnsibleLookupError, match="one mapping"):
        lookup().run(["x"], {})
    with pytest.raises(AnsibleLookupError, match="unknown option"):
        lookup().run([OPTIONS], {}, colour="red")


def task_lookup(variables):
    """The lookup as a task calls it without a mapping: it reads (and templates) the task's own variables."""
    from ansible.parsing.dataloader import DataLoader
    from ansible.template import Templar

    return LookupModule(loader=DataLoader(), templar=Templar(loader=DataLoader(), variables=variables))


def test_without_a_mapping_the_plan_reads_the_task_variables():
    from ansible.template import trust_as_template

    variables = dict(OPTIONS, cowork3p_verify=True, inventory_hostname="h7",
                     cowork3p_linux_path=trust_as_template("/srv/{{ inventory_hostname }}/managed-settings.json"))
    doc = _fleet.document_id(SETTINGS, "")
    [plan] = task_lookup(variables).run([], variables, rendered={doc: {}})
    [item] = plan["files"]
    assert item["path"] == "/srv/h7/managed-settings.json" == item["args"]["path"]
    assert item["args"]["verify"] is True and item["content_from"] == "doc" and plan["os"] == "linux"
    # the facts that name the OS, when gathered
    auto = dict(variables, cowork3p_os="auto", ansible_facts={"system": "Darwin"})
    [plan] = task_lookup(auto).run([], auto, rendered={doc: {}})
    assert plan["os_known"] == "macos"
    [plan] = task_lookup(dict(auto, ansible_facts={})).run([], dict(auto, ansible_facts={}), rendered={doc: {}})
    assert plan["os_known"] == ""


def test_without_a_mapping_an_unprepared_host_is_named():
    variables = dict(OPTIONS, inventory_hostname="h9")
    with pytest.raises(AnsibleLookupError, match="The settings document of h9 was not validated"):
        task_lookup(variables).run([], variables, rendered={})
