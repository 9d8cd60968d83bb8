# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rollout lookup gives what the rollout_failures and rollout_summary filters give."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleLookupError

from ansible_collections.cowork3p.fleet.plugins.filter.fleet import rollout_failures, rollout_summary
from ansible_collections.cowork3p.fleet.plugins.lookup.rollout import LookupModule


def _delivery(changed):
    return {"results": [{"item": {"os": "linux", "delivery": "managed_file"}, "changed": changed, "path": "/p",
                         "restart_required": changed, "verified": True, "changed_keys": [], "state": "present"}]}


HOSTVARS = {
    "a": {"__cowork3p_delivery": _delivery(True)},
    "b": {"__cowork3p_delivery": _delivery(False)},
    "c": {"__deploy_failure": {"msg": "broken"}},
    "d": {"__cowork3p_delivery": {"unreachable": True, "msg": "no route"}},
    "e": {},
}


def run(*terms, **kwargs):
    return LookupModule().run(list(terms), {"hostvars": HOSTVARS}, **kwargs)[0]


def test_same_answers_as_the_filters():
    hosts = sorted(HOSTVARS)
    assert run("failures", hosts=hosts[:4]) == rollout_failures(hosts[:4], HOSTVARS) == 2
    assert run("summary", hosts=hosts, attempted=hosts[:4], max_failures=1, check_mode=True) == \
        rollout_summary(hosts, HOSTVARS, hosts[:4], 1, True)


def test_bad_calls():
    with pytest.raises(AnsibleLookupError, match="failures or summary"):
        run("total", hosts=["a"])
    with pytest.raises(AnsibleLookupError, match="list of host names"):
        run("failures", hosts="a")
    with pytest.raises(AnsibleLookupError, match="max_failures must be a number"):
        run("summary", hosts=["a"], max_failures="many")
    with pytest.raises(AnsibleLookupError, match="unknown option"):
        run("failures", hosts=["a"], colour="red")
