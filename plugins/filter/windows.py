# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Windows registry delivery filter of cowork3p.fleet (role managed_settings, tasks/windows.yml); documented in
windows_registry.yml. Logic in module_utils/_win_delivery.py."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.cowork3p.fleet.plugins.module_utils import _win_delivery as delivery


def windows_registry(reads, options, plan=None):
    """Without plan: the host's whole registry plan from what it read. With plan (the earlier result): reads are what
    the write and read-back tasks registered, and the answer is the verdict and the host's cowork3p_result."""
    if not isinstance(reads, dict):
        raise AnsibleFilterError("cowork3p.fleet.windows_registry: expected a mapping of registered results")
    if not isinstance(options, dict):
        raise AnsibleFilterError("cowork3p.fleet.windows_registry: options must be a mapping of the role's variables")
    try:
        if plan is None:
            return delivery.plan(reads, options)
        if not isinstance(plan, dict):
            raise AnsibleFilterError("cowork3p.fleet.windows_registry: plan must be the filter's earlier result")
        return delivery.outcome(plan, reads)
    except delivery.WinDeliveryError as exc:
        raise AnsibleFilterError("cowork3p.fleet.windows_registry: %s" % exc)


class FilterModule:
    """Plan and judge the Windows registry delivery."""

    def filters(self):
        return {"windows_registry": windows_registry}
