# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""prepare_batch: the managed_settings role's one run_once preparation step over a batch."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.cowork3p.fleet.plugins.filter.fleet import prepare_batch
from ansible_collections.cowork3p.fleet.plugins.module_utils import _fleet

SECRET = "sk-unit-BATCH-key"
GOOD = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gateway.example.test",
        "inferenceGatewayApiKey": SECRET, "inferenceModels": ["claude-sonnet-4"]}
VALUES = {"cowork3p_settings": GOOD, "cowork3p_desktop_version": "", "cowork3p_state": "present", "cowork3p_os": "linux",
          "cowork3p_linux_owner": "root", "cowork3p_linux_group": "root", "cowork3p_linux_mode": "0644",
          "cowork3p_linux_directory_mode": "0755", "cowork3p_macos_delivery": "managed_preferences",
          "cowork3p_fail_on_warnings": False, "cowork3p_helper_source": "", "cowork3p_helper_content": "",
          "cowork3p_helper_args": [], "cowork3p_helper_present": False}
SPEC = {"cowork3p_state": {"type": "str", "choices": ["present", "absent"]}, "cowork3p_settings": {"type": "dict"}}


def test_every_document_once_and_the_hosts_that_share_it():
    hostvars = {"a": {}, "b": {}, "c": {"cowork3p_settings": dict(GOOD, disableAutoUpdates=True)}}
    out = prepare_batch(["a", "b", "c"], hostvars, VALUES, SPEC)
    assert out["errors"] == []
    docs = sorted(out["rendered"].values(), key=lambda d: d["count"])
    assert [(d["hosts"], d["count"]) for d in docs] == [(["c"], 1), (["a", "b"], 2)]
    assert _fleet.document_id(GOOD, "") in out["rendered"]
    # an earlier batch's documents are not checked again
    again = prepare_batch(["d"], {"d": {}}, VALUES, SPEC, out["rendered"])
    assert not any(d["new"] for d in again["rendered"].values())


def test_option_errors_come_first_and_nothing_is_rendered():
    out = prepare_batch(["a", "b"], {"a": {"cowork3p_state": "removed"}, "b": {"cowork3p_linux_mode": 420}}, VALUES, SPEC)
    assert out["rendered"] == {}
    assert len(out["errors"]) == 1 and out["errors"][0].startswith(
        "Invalid role options of cowork3p.fleet.managed_settings: 1 host(s): a: ")
    out = prepare_batch(["b"], {"b": {"cowork3p_linux_mode": 420}}, VALUES, SPEC)
    assert out["errors"][0].startswith("1 host(s): b: cowork3p_linux_mode is the number 420 (an unquoted 0644)")


def test_document_errors_name_the_document_and_hide_the_secret():
    bad = dict(GOOD, inferenceGatewayBaseUrl="not a url")
    out = prepare_batch(["a"], {"a": {"cowork3p_settings": bad}}, VALUES, SPEC)
    assert out["errors"] and out["errors"][0].startswith("document %s (1 host(s): a): " % _fleet.document_id(bad, "")[:12])
    assert SECRET not in repr(out["errors"]) + repr(out["warnings"])


def test_bad_arguments():
    with pytest.raises(AnsibleFilterError, match="list of host names"):
        prepare_batch("a", {}, VALUES)
    with pytest.raises(AnsibleFilterError, match="values must be a mapping"):
        prepare_batch(["a"], {}, None)
