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


# ---------------------------------------------------------------- credential helper section of report.md / .html

HELPER_TOKEN = "tok-NeverShown-4c8d1e2f3a"
HEADER_VALUE = "hv-SecretHeader-77aa"


def _helper_report():
    from ansible_collections.cowork3p.fleet.plugins.module_utils._reports import audit_report

    hostvars = {
        "h1": {"cowork3p_audit": _host("compliant"),
               "cowork3p_helper_audit": {"passed": True, "reason": "", "kind": "json", "header_names": ["X-Org"],
                                         "fingerprint": "sha256:0123456789ab", "elapsed_ms": 42,
                                         "path": "/usr/local/libexec/claude-desktop/credential-helper",
                                         # what the module never returns, planted to prove only safe fields are read
                                         "token": HELPER_TOKEN, "headers": {"X-Org": HEADER_VALUE}}},
        "h2": {"cowork3p_audit": _host("compliant"),
               "cowork3p_helper_audit": {"passed": False, "kind": None, "header_names": [], "fingerprint": None,
                                         "elapsed_ms": 7, "path": "/x",
                                         "reason": "banner or log lines around the token: <script>|a\\b\nnext"}},
        "h3": {"cowork3p_audit": _host("compliant"), "cowork3p_helper_audit": {"skipped": True}},
    }
    return audit_report(["h1", "h2", "h3"], hostvars, "2026-12-07T23:00:00Z")


def test_helper_section_markdown_one_row_per_host_that_ran_it():
    from ansible_collections.cowork3p.fleet.plugins.module_utils._reports import helper_section

    text = helper_section(_helper_report(), "md")
    assert "## Credential helper" in text and "1 passed, 1 failed" in text
    rows = [line for line in text.splitlines() if line.startswith("| h")]
    assert len(rows) == 2
    assert rows[0] == "| h1 | passed | json | X-Org | sha256:0123456789ab | 42 ms |  |"
    # one line, the pipe and backslash escaped, no raw HTML from stderr
    assert rows[1].startswith("| h2 | **FAILED** |") and "&lt;script&gt;\\|a\\\\b next |" in rows[1]
    assert HELPER_TOKEN not in text and HEADER_VALUE not in text


def test_helper_section_html_is_well_formed_and_escaped():
    from xml.etree import ElementTree as etree   # (stdlib: ansible-test units has no lxml)

    from ansible_collections.cowork3p.fleet.plugins.module_utils._reports import helper_section

    text = helper_section(_helper_report(), "html")
    root = etree.fromstring("<body>%s</body>" % text)     # strict XML parser: every tag closed and nested
    cells = [[td.text or "" for td in tr.findall("td")] for tr in root.iter("tr")][1:]
    assert cells[0] == ["h1", "passed", "json", "X-Org", "sha256:0123456789ab", "42 ms", ""]
    assert cells[1][:2] == ["h2", "FAILED"] and cells[1][-1].endswith("<script>|a\\b next")
    assert "<script>" not in text and HELPER_TOKEN not in text and HEADER_VALUE not in text


def test_helper_section_is_empty_without_helper_results_and_refuses_other_formats():
    from ansible_collections.cowork3p.fleet.plugins.module_utils._reports import helper_section

    assert helper_section(_audit("t", {"h1": "compliant"}), "html") == ""
    assert helper_section(None, "md") == ""
    with pytest.raises(ReportError, match="md or html"):
        helper_section(_helper_report(), "pdf")
