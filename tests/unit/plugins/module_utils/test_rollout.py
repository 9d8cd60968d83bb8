# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _rollout: the deploy playbook's and the role's bookkeeping over hostvars."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils import _rollout as rollout


class CountingHostvars(dict):
    """hostvars stand-in that counts how often each host's variables are looked up."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookups = {}

    def __getitem__(self, host):
        self.lookups[host] = self.lookups.get(host, 0) + 1
        return super().__getitem__(host)


def _delivery(changed=True, kind="managed_file", os_name="linux", n=1, **extra):
    results = [{"item": {"os": os_name, "delivery": kind}, "changed": changed and i == 0, "path": "/p%d" % i,
                "restart_required": changed, "verified": True, "changed_keys": ["a", "b"] if changed else [],
                "state": "present"} for i in range(n)]
    return dict({"results": results, "changed": changed}, **extra)


def test_option_sets_and_problems():
    spec = {"cowork3p_os": {"type": "str", "choices": ["auto", "linux", "macos", "windows"]},
            "cowork3p_verify": {"type": "bool"}}
    hostvars = CountingHostvars({"h%d" % i: {"cowork3p_os": "linux", "other": i} for i in range(8)})
    hostvars["h7"] = {"cowork3p_os": "plan9", "cowork3p_verify": "perhaps"}
    sets = rollout.option_sets(sorted(hostvars), hostvars, list(spec))
    assert sets[0] == {"options": {"cowork3p_os": "linux"}, "hosts": ["h0", "h1", "h2", "h3", "h4"], "count": 7}
    problems = rollout.option_problems(sorted(hostvars), hostvars, spec)
    assert len(problems) == 2 and all(p.startswith("1 host(s): h7: ") for p in problems)
    assert any("cowork3p_os" in p and "plan9" in p for p in problems)
    assert any("cowork3p_verify" in p for p in problems)


def test_delivery_record_and_records():
    assert rollout.delivery_record(None) is None
    assert rollout.delivery_record({"skipped": True}) is None
    assert rollout.delivery_record({"failed": True, "results": [{}]}) is None
    assert rollout.delivery_record({"unreachable": True}) is None
    assert rollout.delivery_record({"results": []}) is None
    record = rollout.delivery_record(_delivery(n=2))
    assert record == {"os": "linux", "delivery": "managed_file", "state": "present", "changed": True,
                      "restart_required": True, "changed_keys": ["a", "b"], "paths": ["/p0", "/p1"],
                      "verified": True, "approval_pending": False}
    profile = rollout.delivery_record(_delivery(kind="profile", os_name="macos"))
    assert profile["approval_pending"] and not profile["restart_required"]
    hostvars = {"a": {"__cowork3p_delivery": _delivery()}, "b": {"__cowork3p_delivery": {"skipped": True}}, "c": {}}
    assert [r["host"] for r in rollout.delivery_records(["a", "b", "c"], hostvars)] == ["a"]


def test_summary_classifies_each_host_once():
    hostvars = CountingHostvars({
        "changed": {"cowork3p_result": {"changed": True, "restart_required": True}},
        "same": {"__cowork3p_delivery": _delivery(changed=False)},          # no record task: read the delivery
        "staged": {"__cowork3p_delivery": _delivery(kind="profile", os_name="macos")},
        "broken": {"__deploy_failure": {"task": "t", "msg": "boom"}},
        "silent": {"__cowork3p_delivery": {"unreachable": True, "msg": "ssh: no route"}},
        "later": {},
    })
    hosts = list(hostvars)
    attempted = ["changed", "same", "staged", "broken", "silent"]
    summary = rollout.rollout_summary(hosts, hostvars, attempted, max_failures=1, check_mode=False)
    assert summary == {
        "check_mode": False,
        "stopped": "2 host(s) failed or were unreachable, more than cowork3p_max_failures=1",
        "changed": ["changed", "staged"], "unchanged": ["same"], "failed": ["broken"], "unreachable": ["silent"],
        "not_attempted": ["later"], "restart_required": 1, "approval_pending": 1,
        "errors": {"broken": "boom", "silent": "ssh: no route"},
    }
    assert set(hostvars.lookups.values()) == {1}, "a host's variables were read more than once"
    assert rollout.rollout_failures(attempted, hostvars) == 2
    assert rollout.rollout_summary(hosts, hostvars, attempted, max_failures=2)["stopped"] == ""
