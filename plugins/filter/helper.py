# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Credential helper filters of cowork3p.fleet (role managed_settings); each is documented in the .yml file of its
name. Logic in module_utils/_helper_deploy.py."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper_deploy as deploy
from ansible_collections.cowork3p.fleet.plugins.module_utils import _reports
from ansible_collections.cowork3p.fleet.plugins.module_utils._fleet import helper_values


def helper_review(hosts, hostvars, defaults):
    """Errors and warnings about the credential helper of every host, once per distinct document and options."""
    if isinstance(hosts, str) or not isinstance(hosts, (list, tuple)):
        raise AnsibleFilterError("cowork3p.fleet.helper_review: expected a list of host names")
    if not isinstance(defaults, dict):
        raise AnsibleFilterError("cowork3p.fleet.helper_review: defaults must be a mapping")
    return deploy.fleet_review(hosts, hostvars, defaults)


def helper_files(os_name, values, texts=False):
    """The managed_file items that install the helper on a Linux or macOS host ([] when none is shipped)."""
    if not isinstance(values, dict):
        raise AnsibleFilterError("cowork3p.fleet.helper_files: expected a mapping of the helper options")
    try:
        return deploy.files(str(os_name), deploy.options_from(values), bool(texts))
    except ValueError as exc:
        raise AnsibleFilterError("cowork3p.fleet.helper_files: %s" % exc)


def helper_report(report, fmt="md"):
    """The credential helper section of an audit report as Markdown (md) or HTML (html); "" when no host ran it."""
    try:
        return _reports.helper_section(report, str(fmt))
    except _reports.ReportError as exc:
        raise AnsibleFilterError("cowork3p.fleet.helper_report: %s" % exc)


def helper_windows(options):
    """What the Windows tasks need to ship the helper: paths (helper, folder, folders above), content, SHA-1.
    options: the role's options by variable name (the role's __cowork3p_options), read as _fleet.helper_values."""
    if not isinstance(options, dict):
        raise AnsibleFilterError("cowork3p.fleet.helper_windows: expected a mapping of the role's options")
    try:
        return deploy.windows_target(deploy.options_from(helper_values(options)))
    except ValueError as exc:
        raise AnsibleFilterError("cowork3p.fleet.helper_windows: %s" % exc)


def helper_windows_acl(output, dest, step, stat_result=None, sha1=None):
    """From the role's Get-Acl read (win_powershell output): the refusal message, the plan or the read-back verdict."""
    if not isinstance(output, list):
        raise AnsibleFilterError("cowork3p.fleet.helper_windows_acl: expected the output list of the Get-Acl read")
    try:
        if step == "refusal":
            return deploy.windows_refusal(str(dest), output)
        if step == "plan":
            return deploy.windows_actions(str(dest), output)
        if step == "verdict":
            return deploy.windows_verdict(str(dest), output, stat_result, sha1)
    except ValueError as exc:
        raise AnsibleFilterError("cowork3p.fleet.helper_windows_acl: %s: %s" % (dest, exc))
    raise AnsibleFilterError("cowork3p.fleet.helper_windows_acl: step must be refusal, plan or verdict, got %r" % step)


def helper_windows_result(result, dest, steps):
    """The host's cowork3p_result with the Windows helper's outcome (helper: path, changed, verified) added."""
    if result is not None and not isinstance(result, dict):
        raise AnsibleFilterError("cowork3p.fleet.helper_windows_result: expected the host's cowork3p_result (a mapping)")
    if not isinstance(steps, dict):
        raise AnsibleFilterError("cowork3p.fleet.helper_windows_result: steps must be a mapping of registered results")
    return deploy.windows_record(result, str(dest), steps)


class FilterModule:
    """Ship and review a credential helper."""

    def filters(self):
        return {"helper_review": helper_review, "helper_files": helper_files,
                "helper_report": helper_report, "helper_windows": helper_windows,
                "helper_windows_acl": helper_windows_acl, "helper_windows_result": helper_windows_result}
