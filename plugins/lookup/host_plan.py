# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One host's plan for the managed_settings role (logic in module_utils/_fleet.py).

A lookup rather than a filter on purpose: the role evaluates it once per host, in that host's worker process,
and ansible-core finds a collection lookup by its file name, whereas a collection filter makes the worker import
every filter file of the collection (the whole render core) to find it.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: host_plan
author:
  - cowork3p.fleet maintainers (@cowork3p)
version_added: 0.1.0
short_description: One host's plan for the managed_settings role
description:
  - From one host's role options, the facts that name its OS and the documents the role's preparation step
    rendered, returns the host's OS, the id of its settings document, the files its delivery writes (Linux and
    macOS, credential helper included) and the files the audit reads.
  - Used by the role C(cowork3p.fleet.managed_settings) once per host; the logic is module_utils/_fleet.py.
  - Fails with a message naming the option and the rule when a file mode is a number (YAML reads an unquoted
    0644 as 420), when the config_library delivery has no users, or when the host's document was not prepared.
options:
  _terms:
    description:
      - One mapping of role variable names (C(cowork3p_settings), C(cowork3p_linux_path)...) to the host's values,
        plus C(ansible_connection), C(ansible_shell_type) and C(ansible_system) ('' when unknown).
    type: list
    elements: dict
    required: true
  rendered:
    description:
      - The documents the preparation step rendered (C(__cowork3p_rendered)), keyed by document id. When given,
        a host whose document is not among them fails with O(unprepared_msg).
    type: dict
  unprepared_msg:
    description: The message of that failure.
    type: str
    default: ""
  texts:
    description:
      - Return the contents of the credential helper files by path instead of the plan (the plan's items never
        carry content, because loop items are shown with -v).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Deliver the files of this host
  cowork3p.fleet.managed_file:
    path: "{{ item.path }}"
    content: "{{ __cowork3p_rendered[item.doc].outputs[item.output] }}"
    format: "{{ item.format }}"
  loop: "{{ lookup('cowork3p.fleet.host_plan', __cowork3p_options, rendered=__cowork3p_rendered).files }}"
"""

RETURN = r"""
_raw:
  description:
    - One plan with the keys below, or with O(texts) the helper files' contents by path.
  type: list
  elements: dict
  contains:
    os_known:
      description: linux, macos or windows when known without contacting the host, else ''.
      type: str
    os:
      description: linux, macos, windows or unsupported (once the facts are in).
      type: str
    doc:
      description: The id of the host's settings document ('' when cowork3p_state is absent).
      type: str
    files:
      description: The managed_file options of every file the delivery writes, in order.
      type: list
      elements: dict
    audit_files:
      description: The files the audit reads (path, format, owner, mode, acceptance).
      type: list
      elements: dict
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.cowork3p.fleet.plugins.module_utils import _fleet as fleet


def _helper(os_name, options, texts):
    """The credential helper's managed_file items (or their texts) for a Linux or macOS host."""
    if os_name not in ("linux", "macos") or not (options.get("cowork3p_helper_source")
                                                 or options.get("cowork3p_helper_content")):
        return {} if texts else []
    # imported only when a helper is shipped: it brings the catalog with it
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper_deploy  # pylint: disable=import-outside-toplevel

    try:
        return _helper_deploy.files(os_name, _helper_deploy.options_from(fleet.helper_values(options)), texts)
    except ValueError as exc:
        raise AnsibleLookupError("cowork3p.fleet.host_plan: %s" % exc)


class LookupModule(LookupBase):
    """One host's plan for the managed_settings role."""

    def run(self, terms, variables=None, **kwargs):
        unknown = sorted(set(kwargs) - {"rendered", "unprepared_msg", "texts"})
        if unknown:
            raise AnsibleLookupError("cowork3p.fleet.host_plan: unknown option(s) %s" % ", ".join(unknown))
        if len(terms) != 1 or not isinstance(terms[0], dict):
            raise AnsibleLookupError("cowork3p.fleet.host_plan: expected one mapping of role options")
        options = terms[0]
        rendered = kwargs.get("rendered")
        if rendered is not None and not isinstance(rendered, dict):
            raise AnsibleLookupError("cowork3p.fleet.host_plan: rendered must be the mapping of prepared documents")
        try:
            if kwargs.get("texts"):
                return [_helper(fleet.host_os(options), options, True)]
            plan = fleet.host_plan(options, rendered, str(kwargs.get("unprepared_msg") or ""))
        except fleet.FleetError as exc:
            raise AnsibleLookupError(str(exc))
        plan["files"].extend(_helper(plan["os"], options, False))
        return [plan]
