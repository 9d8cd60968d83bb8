# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fleet bookkeeping filters of cowork3p.fleet (rollout bookkeeping over hostvars, reports of sliced runs); each is
documented in the .yml file of its name. Each reads every host's variables once per call."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.cowork3p.fleet.plugins.module_utils import _rollout as rollout
from ansible_collections.cowork3p.fleet.plugins.module_utils._reports import ReportError
from ansible_collections.cowork3p.fleet.plugins.module_utils._reports import audit_report as _audit_report
from ansible_collections.cowork3p.fleet.plugins.module_utils._reports import merge_reports as _merge_reports


def merge_reports(reports):
    """One fleet report from the audit reports (or deploy summaries) of the slices."""
    try:
        return _merge_reports(list(reports) if isinstance(reports, (list, tuple)) else reports)
    except ReportError as exc:
        raise AnsibleFilterError("cowork3p.fleet.merge_reports: %s" % exc)


def _hosts(name, hosts):
    if isinstance(hosts, str) or not isinstance(hosts, (list, tuple)):
        raise AnsibleFilterError("cowork3p.fleet.%s: expected a list of host names" % name)
    return hosts


def batch_documents(hosts, hostvars, settings=None, desktop_version="", state="present"):
    """One document entry per host of the batch (the input of prepare_documents)."""
    return rollout.batch_documents(_hosts("batch_documents", hosts), hostvars, settings=settings,
                                   desktop_version=desktop_version, state=state)


def option_sets(hosts, hostvars, names):
    """The distinct sets of role options the hosts set."""
    return rollout.option_sets(_hosts("option_sets", hosts), hostvars, list(names or []))


def option_problems(hosts, hostvars, spec):
    """The problems of the role options the hosts set, once per distinct set."""
    if not isinstance(spec, dict):
        raise AnsibleFilterError("cowork3p.fleet.option_problems: expected the options of an argument spec (a mapping)")
    return rollout.option_problems(_hosts("option_problems", hosts), hostvars, spec)


def delivery_records(hosts, hostvars):
    """[{host, result}]: each host's cowork3p_result from its delivery."""
    return rollout.delivery_records(_hosts("delivery_records", hosts), hostvars)


def rollout_failures(hosts, hostvars):
    """How many of the hosts failed or did not answer."""
    return rollout.rollout_failures(_hosts("rollout_failures", hosts), hostvars)


def rollout_summary(hosts, hostvars, attempted=None, max_failures=0, check_mode=False):
    """The deploy summary over every targeted host."""
    try:
        limit = int(max_failures or 0)
    except (TypeError, ValueError):
        raise AnsibleFilterError("cowork3p.fleet.rollout_summary: max_failures must be a number, got %r" % (max_failures,))
    return rollout.rollout_summary(_hosts("rollout_summary", hosts), hostvars, list(attempted or []), limit,
                                   bool(check_mode))


def audit_report(hosts, hostvars, generated=""):
    """The fleet audit report from every host's cowork3p_audit."""
    return _audit_report(_hosts("audit_report", hosts), hostvars, str(generated or ""))


class FilterModule:
    """Merge and summarise fleet runs."""

    def filters(self):
        return {
            "merge_reports": merge_reports,
            "audit_report": audit_report,
            "batch_documents": batch_documents,
            "option_sets": option_sets,
            "option_problems": option_problems,
            "delivery_records": delivery_records,
            "rollout_failures": rollout_failures,
            "rollout_summary": rollout_summary,
        }
