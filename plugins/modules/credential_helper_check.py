#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: credential_helper_check
short_description: Run Claude Desktop's credential helper the way the app does and judge its output
version_added: 0.2.0
description:
  - The C(Test script) button of the app's configuration window, on every host. Runs the
    C(inferenceCredentialHelper) executable on the machine the module runs on and reports whether the app
    would get a credential from it.
  - Runs the helper like the app does, with no arguments, stdin closed, and the environment variables
    C(CLAUDE_HELPER_CONTEXT=setup-test) and C(CLAUDE_HELPER_MANUAL_RUN=1), in its own process group.
  - 'Passes when the helper exits 0 within the timeout and its trimmed stdout is exactly one of a bare token on
    one line, or a JSON object C({"token": "...", "headers": {"Name": "Value"}}) with string header values
    (it may span several lines).'
  - "Fails, with the reason, when the helper is not found (a value with inline arguments is recognised),
    not executable, writable by non-admins (the file or any folder above it not owned by root, or writable by
    a group other than root/admin or by everyone), exits non-zero (the last stderr line is quoted with anything
    token-like masked), runs past the timeout (its whole process group is killed), prints nothing,
    prints banner or log lines around the token, prints JSON without C(token) or with non-string header values,
    or prints something that looks like a prompt."
  - Never returns the token or a header value, also not at C(-vvvv); it returns a short hash (fingerprint) of
    the token so hosts can be compared.
  - POSIX hosts only (Linux, macOS).
author:
  - cowork3p.fleet maintainers (@cowork3p)
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: The module only runs the helper and reads its output, so it does the same in check mode.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in diff mode).
    support: none
options:
  path:
    description:
      - Absolute path of the helper. Defaults to C(inferenceCredentialHelper) of O(settings).
    type: path
  timeout:
    description:
      - Seconds the helper may run, 1 to 600.
      - Defaults to C(inferenceCredentialHelperTimeoutSec) of O(settings) when given, else 60 (the app's default).
    type: int
  settings:
    description:
      - The Claude Desktop settings document (app key names), read for the helper path and timeout.
      - Never logged or returned.
    type: dict
  run_as:
    description:
      - Run the helper as this user (with the user's groups, C(HOME), C(USER) and C(LOGNAME)), as the app
        runs it in the user's session. Needs root on the host (C(become=true)).
    type: str
notes:
  - The app also adds the login shell's PATH; the module runs the helper with the PATH of the module's process.
seealso:
  - module: cowork3p.fleet.gateway_check
"""

EXAMPLES = r"""
- name: Prove every laptop's helper yields a credential
  cowork3p.fleet.credential_helper_check:
    settings: "{{ cowork3p_settings }}"
    run_as: "{{ cowork3p_helper_test_user | default(omit) }}"
  become: true
  register: helper

- name: Compare the token fingerprints of two hosts
  ansible.builtin.debug:
    msg: "{{ helper.fingerprint }}"

- name: Check a helper by path with a short timeout
  cowork3p.fleet.credential_helper_check:
    path: /usr/local/libexec/claude-token
    timeout: 20
"""

RETURN = r"""
passed:
  description: Whether the app would get a credential from the helper.
  returned: always
  type: bool
  sample: true
reason:
  description: One line saying why it passed or failed (secrets masked).
  returned: always
  type: str
  sample: "banner or log lines around the token: stdout has 3 non-empty lines"
path:
  description: The helper that was checked.
  returned: when known
  type: str
  sample: /usr/local/libexec/claude-token
timeout:
  description: The timeout used, in seconds.
  returned: when known
  type: int
  sample: 60
kind:
  description: C(bare) or C(json); null when the output was not usable.
  returned: always
  type: str
  sample: json
header_names:
  description: Names of the headers the helper returned (values never returned).
  returned: always
  type: list
  elements: str
  sample: [X-Tenant]
fingerprint:
  description: C(sha256:) and the first 12 hex digits of the token's SHA-256; equal when two hosts got the same token.
  returned: always
  type: str
  sample: "sha256:4f2a9c01be77"
elapsed_ms:
  description: How long the helper ran.
  returned: when it ran
  type: int
  sample: 42
exit_code:
  description: The helper's exit code (negative when a signal ended it).
  returned: when it ran
  type: int
  sample: 0
"""

import traceback

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper
from ansible_collections.cowork3p.fleet.plugins.module_utils._gateway import secret_values

NO_LOG_PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type="path"),
            timeout=dict(type="int"),
            settings=dict(type="dict", no_log=True),
            run_as=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    settings = params["settings"] or {}
    # Ansible would mask every leaf of the no_log settings (paths and numbers too); mask the secrets only.
    module.no_log_values = set(secret_values(None, settings))
    invocation = {"module_args": dict(params, settings=NO_LOG_PLACEHOLDER if params["settings"] else None)}
    path, timeout, errors = _helper.resolve(params["path"], params["timeout"], settings)
    if errors:
        module.fail_json(msg="; ".join(errors), passed=False, reason="; ".join(errors), kind=None, header_names=[],
                         fingerprint=None, changed=False, invocation=invocation)
    try:
        verdict = _helper.check(path, timeout, run_as=params["run_as"])
    except Exception as exc:  # pylint: disable=broad-except
        module.fail_json(msg="the helper check crashed: %s" % _helper.mask_stderr(str(exc)),
                         exception=_helper.mask_stderr(traceback.format_exc()), changed=False, invocation=invocation)
    if verdict.secret:
        token, headers = verdict.secret
        module.no_log_values.update(v for v in [token] + list(headers.values()) if v)
    result = dict(verdict.as_dict(), changed=False, invocation=invocation)
    if not verdict.passed:
        module.fail_json(msg="credential helper check failed: %s" % verdict.reason, **result)
    module.exit_json(msg="credential helper check passed: %s" % verdict.reason, **result)


if __name__ == "__main__":
    main()
