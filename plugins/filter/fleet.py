# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fleet bookkeeping filters of cowork3p.fleet (rollout bookkeeping over hostvars, reports of sliced runs); each is
documented in the .yml file of its name. Each reads every host's variables once per call."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.cowork3p.fleet.plugins.module_utils import _fleet as fleet
from ansible_collections.cowork3p.fleet.plugins.module_utils import _rollout as rollout


def merge_reports(reports):
    """One fleet report from the audit reports (or deploy summaries) of the slices."""
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _reports  # pylint: disable=import-outside-toplevel

    try:
        return _reports.merge_reports(list(reports) if isinstance(reports, (list, tuple)) else reports)
    except _reports.ReportError as exc:
        raise AnsibleFilterError("cowork3p.fleet.merge_reports: %s" % exc)


def _hosts(name, hosts):
    if isinstance(hosts, str) or not isinstance(hosts, (list, tuple)):
        raise AnsibleFilterError("cowork3p.fleet.%s: expected a list of host names" % name)
    return hosts


def batch_documents(hosts, hostvars, settings=None, desktop_version="", state="present"):
    """One document entry per host of the batch (the input of prepare_documents)."""
    return fleet.batch_documents(_hosts("batch_documents", hosts), hostvars, settings=settings,
                                 desktop_version=desktop_version, state=state)


def prepare_batch(hosts, hostvars, values, spec=None, rendered=None):
    """The managed_settings role's preparation step over the hosts of a batch: {rendered, errors, warnings}."""
    if not isinstance(values, dict):
        raise AnsibleFilterError("cowork3p.fleet.prepare_batch: values must be a mapping of role variables")
    if spec is not None and not isinstance(spec, dict):
        raise AnsibleFilterError("cowork3p.fleet.prepare_batch: spec must be the options of an argument spec")
    hosts = _hosts("prepare_batch", hosts)
    rendered = dict(rendered or {})
    errors = []
    if spec:
        # cowork3p_settings is left to the document check (its messages mask secrets)
        options = {name: option for name, option in spec.items() if name != "cowork3p_settings"}
        errors = ["Invalid role options of cowork3p.fleet.managed_settings: %s" % text
                  for text in rollout.option_problems(hosts, hostvars, options)]
    errors = errors or fleet.file_option_problems(hosts, hostvars, values)
    if errors:
        return {"rendered": rendered, "errors": errors, "warnings": []}
    # validation and rendering (the render core) are only imported here, in the one run_once worker
    from ansible_collections.cowork3p.fleet.plugins.filter.claude import prepare_documents  # pylint: disable=import-outside-toplevel
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper_deploy  # pylint: disable=import-outside-toplevel

    documents = fleet.batch_documents(hosts, hostvars, settings=values.get("cowork3p_settings"),
                                      desktop_version=values.get("cowork3p_desktop_version") or "",
                                      state=values.get("cowork3p_state") or "present")
    rendered = prepare_documents(documents, rendered, **fleet.profile_options(values))
    messages = fleet.document_messages(rendered, fleet.truthy(values.get("cowork3p_fail_on_warnings")))
    if not messages["errors"]:
        review = _helper_deploy.fleet_review(hosts, hostvars, fleet.helper_values(values))
        messages["errors"].extend(review["errors"])
        messages["warnings"].extend(review["warnings"])
    return dict(messages, rendered=rendered)


def option_sets(hosts, hostvars, names):
    """The distinct sets of role options the hosts set."""
    return fleet.option_sets(_hosts("option_sets", hosts), hostvars, list(names or []))


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
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _reports  # pylint: disable=import-outside-toplevel

    return _reports.audit_report(_hosts("audit_report", hosts), hostvars, str(generated or ""))


def audit_batch(hosts, hostvars):
    """{host: audit record} for the hosts of a batch from what the role's audit read on each."""
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _audit_host  # pylint: disable=import-outside-toplevel

    return _audit_host.batch_verdicts(_hosts("audit_batch", hosts), hostvars)


def audit_summary(report, report_dir=""):
    """The lines the audit playbook prints: counts, the hosts that are not compliant, where the report is."""
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _audit_host  # pylint: disable=import-outside-toplevel

    if not isinstance(report, dict):
        raise AnsibleFilterError("cowork3p.fleet.audit_summary: expected an audit report (a mapping)")
    return _audit_host.summary_lines(report, str(report_dir or ""))


class FilterModule:
    """Merge and summarise fleet runs."""

    def filters(self):
        return {
            "merge_reports": merge_reports,
            "audit_report": audit_report,
            "audit_batch": audit_batch,
            "audit_summary": audit_summary,
            "batch_documents": batch_documents,
            "prepare_batch": prepare_batch,
            "option_sets": option_sets,
            "option_problems": option_problems,
            "delivery_records": delivery_records,
            "rollout_failures": rollout_failures,
            "rollout_summary": rollout_summary,
        }
