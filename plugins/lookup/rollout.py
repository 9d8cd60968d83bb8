# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The deploy playbook's bookkeeping as a lookup (logic in module_utils/_rollout.py).

The filters rollout_failures and rollout_summary compute the same; the deploy playbook calls this lookup because
ansible-core finds a collection lookup by its file name, whereas finding a collection filter makes the worker
import every filter file of the collection (the whole render core), once per batch and task.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: rollout
author:
  - cowork3p.fleet maintainers (@cowork3p)
version_added: 0.1.0
short_description: Failure count and summary of a rollout, from every host's variables
description:
  - C(failures) counts the hosts of O(hosts) that failed (they recorded C(__deploy_failure)) or did not answer
    (attempted, no delivery result), as the filter C(cowork3p.fleet.rollout_failures) does.
  - C(summary) classifies every host of O(hosts) once, as the filter C(cowork3p.fleet.rollout_summary) does.
  - Reads each host's variables once, from the C(hostvars) of the calling task. Used by the deploy playbook.
options:
  _terms:
    description: C(failures) or C(summary).
    type: list
    elements: str
    required: true
  hosts:
    description: The host names to look at (a batch, or every targeted host).
    type: list
    elements: str
    required: true
  attempted:
    description: C(summary) only, the hosts the batches attempted.
    type: list
    elements: str
  max_failures:
    description: C(summary) only, failed plus unreachable hosts tolerated.
    type: int
    default: 0
  check_mode:
    description: C(summary) only, whether the run was in check mode.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Count this batch's failures
  ansible.builtin.debug:
    msg: "{{ lookup('cowork3p.fleet.rollout', 'failures', hosts=ansible_play_batch) }}"
  run_once: true
"""

RETURN = r"""
_raw:
  description: The number of failed or unreachable hosts, or the summary (as the filter rollout_summary returns it).
  type: list
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.cowork3p.fleet.plugins.module_utils import _rollout as rollout


class LookupModule(LookupBase):
    """Failure count and summary of a rollout."""

    def run(self, terms, variables=None, **kwargs):
        unknown = sorted(set(kwargs) - {"hosts", "attempted", "max_failures", "check_mode"})
        if unknown:
            raise AnsibleLookupError("cowork3p.fleet.rollout: unknown option(s) %s" % ", ".join(unknown))
        if len(terms) != 1 or terms[0] not in ("failures", "summary"):
            raise AnsibleLookupError("cowork3p.fleet.rollout: expected one term, failures or summary")
        hosts = kwargs.get("hosts")
        if isinstance(hosts, str) or not isinstance(hosts, (list, tuple)):
            raise AnsibleLookupError("cowork3p.fleet.rollout: hosts must be a list of host names")
        hostvars = (variables or {}).get("hostvars")
        if hostvars is None:
            raise AnsibleLookupError("cowork3p.fleet.rollout: no hostvars among the task's variables")
        if terms[0] == "failures":
            return [rollout.rollout_failures(list(hosts), hostvars)]
        try:
            limit = int(kwargs.get("max_failures") or 0)
        except (TypeError, ValueError):
            raise AnsibleLookupError("cowork3p.fleet.rollout: max_failures must be a number, got %r"
                                     % (kwargs.get("max_failures"),))
        return [rollout.rollout_summary(list(hosts), hostvars, list(kwargs.get("attempted") or []), limit,
                                        bool(kwargs.get("check_mode")))]
