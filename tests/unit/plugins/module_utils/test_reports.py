# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _reports: merging the audit reports and deploy summaries of a sliced run."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._reports import ReportError, merge_reports, report_kind


def _host(status):
    return {"status": status, "os": "linux", "delivery": "managed_file", "files": [], "error": ""}


def _audit(generated, statuses):
    counts = {"compliant": 0, "drifted": 0, "missing": 0, "unreachable": 0}
    for status in statuses.values():
        counts[status] += 1
    return {"generated": generated, "counts": counts, "hosts": {h: _host(s) for h, s in statuses.items()}}


FLEET = {"h1": "compliant", "h2": "drifted", "h3": "compliant", "h4": "missing", "h5": "unreachable",
         "h6": "compliant", "h7": "compliant", "h8": "drifted", "h9": "compliant"}


def test_audit_slices_merge_into_the_single_run_report():
    slices = [_audit("2026-12-07T20:00:0%dZ" % i, {h: FLEET[h] for h in hosts})
              for i, hosts in enumerate((["h1", "h4", "h7"], ["h2", "h5", "h8"], ["h3", "h6", "h9"]))]
    before = copy.deepcopy(slices)
    merged = merge_reports(slices)
    assert merged == _audit("2026-12-07T20:00:02Z", FLEET)
    assert list(merged["hosts"]) == sorted(FLEET)
    assert slices == before, "the inputs were changed"


def test_one_report_merges_into_itself():
    report = _audit("2026-12-07T20:00:00Z", FLEET)
    assert merge_reports([report]) == report


def test_a_status_no_slice_counted_gets_its_own_count():
    one = _audit("t1", {"h1": "compliant"})
    two = {"generated": "t2", "counts": {"compliant": 0}, "hosts": {"h2": _host("untrusted")}}
    merged = merge_reports([one, two])
    assert merged["counts"] == {"compliant": 1, "drifted": 0, "missing": 0, "unreachable": 0, "untrusted": 1}
    assert merged["generated"] == "t2"


def test_unknown_keys_are_kept_from_the_first_report():
    one = dict(_audit("t1", {"h1": "compliant"}), desired_documents=1)
    two = dict(_audit("t2", {"h2": "compliant"}), desired_documents=2)
    assert merge_reports([one, two])["desired_documents"] == 1


def test_a_host_in_two_slices_is_an_error():
    with pytest.raises(ReportError, match="host h1 is in more than one report"):
        merge_reports([_audit("t", {"h1": "compliant"}), _audit("t", {"h1": "drifted"})])


def _deploy(**lists):
    out = {"check_mode": False, "stopped": "", "changed": [], "unchanged": [], "failed": [], "unreachable": [],
           "not_attempted": [], "restart_required": 0, "approval_pending": 0, "errors": {}}
    out.update(lists)
    return out


def test_deploy_summaries_merge():
    one = _deploy(changed=["h4", "h1"], restart_required=2)
    two = _deploy(unchanged=["h2"], failed=["h5"], errors={"h5": "boom"}, restart_required=0, approval_pending=1,
                  stopped="1 host(s) failed or were unreachable, more than cowork3p_max_failures=0",
                  not_attempted=["h8"])
    three = _deploy(changed=["h3"], unreachable=["h6"], errors={"h6": "unreachable"}, restart_required=1)
    merged = merge_reports([one, two, three])
    assert merged == {
        "check_mode": False,
        "stopped": "slice 2: 1 host(s) failed or were unreachable, more than cowork3p_max_failures=0",
        "changed": ["h1", "h3", "h4"], "unchanged": ["h2"], "failed": ["h5"], "unreachable": ["h6"],
        "not_attempted": ["h8"], "restart_required": 3, "approval_pending": 1,
        "errors": {"h5": "boom", "h6": "unreachable"},
    }
    assert merge_reports([one]) == dict(one, changed=["h1", "h4"])


def test_kinds_and_shapes():
    assert report_kind(_audit("t", {})) == "audit"
    assert report_kind(_deploy()) == "deploy"
    with pytest.raises(ReportError, match="cannot merge audit reports with deploy summaries"):
        merge_reports([_audit("t", {"h1": "compliant"}), _deploy(changed=["h2"])])
    with pytest.raises(ReportError, match="report 2 is not an audit report"):
        merge_reports([_deploy(), {"hosts": []}])
    for bad in ([], None, {"hosts": {}}):
        with pytest.raises(ReportError):
            merge_reports(bad)
