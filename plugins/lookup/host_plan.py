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
      - Without it the lookup reads those variables from the task's own variables (the role's defaults, the
        inventory, play and role variables), templating only the ones the plan needs; this is how the role calls
        it on every host, because each templated variable costs the host's worker about a millisecond.
    type: list
    elements: dict
    required: false
  rendered:
    description:
      - The documents the preparation step rendered (C(__cowork3p_rendered)), keyed by document id. When given,
        a host whose document is not among them fails with O(unprepared_msg).
    type: dict
  unprepared_msg:
    description:
      - The message of that failure. Without it (and without O(_terms)) the message names the host and says
        which variables the preparation step reads.
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
- name: Deliver the files of this host (options read from the task's variables)
  cowork3p.fleet.managed_file:
    file: "{{ item.args }}"
    content: "{{ __cowork3p_rendered[item.doc].outputs[item.output] }}"
  loop: "{{ lookup('cowork3p.fleet.host_plan', rendered=__cowork3p_rendered).files }}"
  loop_control:
    label: "{{ item.label }}"

- name: The plan of explicit options
  ansible.builtin.debug:
    msg: "{{ lookup('cowork3p.fleet.host_plan', {'cowork3p_os': 'linux', 'cowork3p_state': 'absent'}).files }}"
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
      description:
        - Every file the delivery writes, in order, with its managed_file options (C(path), C(format), C(owner)...),
          C(args) (the same options, plus C(app_acceptance), C(trusted_ancestors), C(verify) and C(state), as one
          mapping for managed_file's O(cowork3p.fleet.managed_file#module:file) option), C(content_from) (doc, text,
          helper or none) and C(label).
      type: list
      elements: dict
    audit_files:
      description: The files the audit reads (path, format, owner, mode, acceptance).
      type: list
      elements: dict
"""

from collections.abc import Mapping

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


class _TaskOptions(Mapping):
    """The role options and OS facts as this host's task sees them (role defaults, inventory, play and role
    variables), each templated on first use: a plan reads a few of them, and a role variable such as
    ``__cowork3p_options`` would template every one of its thirty entries in every worker."""

    def __init__(self, variables, templar):
        self._variables = variables or {}
        self._templar = templar
        self._values = {}

    def __getitem__(self, name):
        if name not in self._values:
            self._values[name] = self._value(name)
        return self._values[name]

    def _value(self, name):
        if name == "ansible_system":
            facts = self._variables.get("ansible_facts")
            return str(self._templar.template(facts.get("system", ""))) if isinstance(facts, Mapping) else ""
        if name not in self._variables:
            if name in fleet.OS_FACTS:
                return ""
            raise KeyError(name)
        value = self._templar.template(self._variables[name])
        if name == "cowork3p_desktop_version" and not value:
            return ""
        return value

    def __iter__(self):
        return iter(fleet.ROLE_OPTIONS + fleet.OS_FACTS)

    def __len__(self):
        return len(fleet.ROLE_OPTIONS) + len(fleet.OS_FACTS)


class LookupModule(LookupBase):
    """One host's plan for the managed_settings role."""

    def run(self, terms, variables=None, **kwargs):
        unknown = sorted(set(kwargs) - {"rendered", "unprepared_msg", "texts"})
        if unknown:
            raise AnsibleLookupError("cowork3p.fleet.host_plan: unknown option(s) %s" % ", ".join(unknown))
        if not terms:
            options = _TaskOptions(variables, self._templar)
        elif len(terms) == 1 and isinstance(terms[0], Mapping):
            options = terms[0]
        else:
            raise AnsibleLookupError("cowork3p.fleet.host_plan: expected one mapping of role options, or none")
        rendered = kwargs.get("rendered")
        if rendered is not None and not isinstance(rendered, Mapping):
            raise AnsibleLookupError("cowork3p.fleet.host_plan: rendered must be the mapping of prepared documents")
        message = str(kwargs.get("unprepared_msg") or "")
        if not message and not terms:
            message = fleet.UNPREPARED_MSG % (variables or {}).get("inventory_hostname", "this host")
        try:
            if kwargs.get("texts"):
                return [_helper(fleet.host_os(options), options, True)]
            plan = fleet.host_plan(options, rendered, message)
            plan["files"].extend(_helper(plan["os"], options, False))
            fleet.delivery_items(plan["files"], options)
        except fleet.FleetError as exc:
            raise AnsibleLookupError(str(exc))
        return [plan]
