#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: gateway_check
short_description: Preflight an LLM gateway for Claude Desktop's C(inferenceProvider=gateway)
version_added: 0.1.0
description:
  - Tests, before a rollout, whether an LLM gateway will work for Claude Desktop on third-party inference,
    using exactly the settings that will be deployed (base URL, auth scheme, API key, custom headers, models).
  - "Sends the credential the way the app does (C(Authorization: Bearer <key>) for C(bearer),
    the C(x-api-key) header for C(x-api-key)), every custom header, and C(anthropic-version)."
  - "Runs these checks in this order, each reported as C(pass), C(fail), C(warn) or C(skip) with its timing and a
    one-line reason: C(url) (https, no credentials, no trailing C(/v1); when the URL is unusable no request is
    sent); C(tls) (the certificate verifies; skipped when the URL is not https; when it fails the later checks are
    skipped); C(models) (C(GET /v1/models) shape, how many ids look like Claude, every configured id offered);
    C(messages) (a minimal C(POST /v1/messages)); C(each_model) (a minimal message to every C(inferenceModels) id,
    one line each; skipped when C(messages) failed); C(streaming) (C(text/event-stream), event order, and a
    buffering proxy detected from the timing; skipped when C(messages) failed); C(tools) (a forced C(tool_choice)
    returns a C(tool_use) block whose input matches the schema, streamed and not streamed; skipped when C(messages)
    failed); C(tool_search) (the tool-search betas with a deferred tool and a C(tool_reference) block; without
    C(toolSearchEnabled) it says whether turning it on would work; required only when C(toolSearchEnabled) is set;
    skipped when C(messages) failed); C(errors) (an unknown model id gets a JSON error the app can show; never
    required; skipped, not failed, after a request ran out of time). Once a request runs out of time, the later
    checks are not run and count as failed."
  - HTML pages, 404s on the messages path and 401/403 answers are explained in plain words; on 401/403 the
    other auth scheme is tried and suggested when it works.
  - The task fails when a required check fails. C(errors) is never required; C(models) only
    warns when O(settings) lists C(inferenceModels) and the gateway has no usable model list.
  - The API key, every custom header value and any password in the URL are masked in every output,
    including texts the gateway echoes back, also when it echoes them base64-encoded (alone, as
    C(Bearer <key>) or inside C(user:<key>)), URL-, HTML- or JSON-escaped, or in another letter case.
    Gateway text is masked before any excerpt is cut from it, and reasons quote at most 200 characters of it.
  - A secret shorter than 8 characters (a header value such as C(acme)) is masked only where it stands as a whole
    word, and the gateway host is never masked, so host names such as C(llm.acme.example) stay readable.
  - An API key or header value holding a line break, another control character or a character beyond U+00FF
    is refused before any request, without showing the value.
  - Runs where it is executed. Use C(delegate_to=localhost) to test from the controller (the usual case), or run it
    on an endpoint with Python to test that machine's egress. Uses C(ansible.module_utils.urls), so proxy
    environment variables, CA bundles and client certificates work as in M(ansible.builtin.uri).
  - When the collection's settings validator is available, O(settings) is validated first and its errors fail
    the task before any request is sent.
author:
  - cowork3p.fleet maintainers (@cowork3p)
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: The module only reads, so it sends its probe requests and runs every check in check mode too.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in diff mode).
    support: none
options:
  settings:
    description:
      - The Claude Desktop settings mapping, with the app's key names, as it will be deployed.
      - Read are C(inferenceProvider) (must be C(gateway) when set), C(inferenceGatewayBaseUrl),
        C(inferenceGatewayApiKey), C(inferenceGatewayAuthScheme) (C(bearer) when unset, or C(x-api-key)),
        C(inferenceCustomHeaders) (a dict or a JSON string of one) and C(inferenceModels)
        (a list of ids or C({name=...}) objects, or a JSON string of that list). Other keys are ignored
        by the checks, but are validated when the settings validator is available.
      - Values may be native or already encoded as strings, as for the renderer.
      - Never logged; only masked copies are returned.
    type: dict
    required: true
  credential_helper:
    description:
      - Absolute path of a credential helper to take the credential from instead of C(inferenceGatewayApiKey),
        as the app does when C(inferenceCredentialHelper) is set.
      - Run on the machine the module runs on (delegate the task to a canary endpoint to use that endpoint's
        helper), the way M(cowork3p.fleet.credential_helper_check) runs it, with the timeout from
        C(inferenceCredentialHelperTimeoutSec) (default 60). When it yields no credential the task fails with
        the reason before any request is sent.
      - The token is sent per C(inferenceGatewayAuthScheme); the helper's headers are merged over
        C(inferenceCustomHeaders), the helper's winning on a name clash. Token and header values are masked like
        the static key.
    type: path
  validate_settings:
    description:
      - Validate O(settings) with the collection's settings validator first, and fail with its errors before
        any request is sent.
      - Has no effect when the validator is not available.
    type: bool
    default: true
  checks:
    description:
      - The checks to run, in any order; they always run in the order listed in the choices.
    type: list
    elements: str
    choices: [url, tls, models, messages, each_model, streaming, tools, tool_search, errors]
    default: [url, tls, models, messages, each_model, streaming, tools, tool_search, errors]
  model:
    description:
      - The model id the probe requests use.
      - Defaults to the first C(inferenceModels) entry, else the first Claude-looking id the gateway lists.
    type: str
  ca_path:
    description:
      - PEM file of CA certificates to verify the gateway's certificate with, instead of the system trust store.
      - Use the CA your laptops trust for the gateway.
    type: path
  validate_certs:
    description:
      - Verify the gateway's TLS certificate. With V(false) the C(tls) check only warns.
    type: bool
    default: true
  client_cert:
    description:
      - PEM client certificate for gateways that require mutual TLS (may contain the key too).
    type: path
  client_key:
    description:
      - PEM private key for O(client_cert), when not inside it.
    type: path
  use_proxy:
    description:
      - Use the proxy from the C(https_proxy)/C(no_proxy) environment of the host the module runs on.
    type: bool
    default: true
  timeout:
    description:
      - Seconds each request may take from start to end, connection, headers and the whole body or stream
        included (a deadline, not only a socket timeout).
      - After one request ran out of time the remaining network checks are not run and count as failed, so a
        gateway that hangs or trickles its answers makes the task fail after about this long.
      - Bodies are read up to 1 MiB and event streams up to 2000 events, 10000 lines, 4 MiB and 256 KiB a line; a
        gateway that sends more fails the check with a clear reason.
    type: int
    default: 30
notes:
  - Each run sends a handful of tiny requests (at most about 600 output tokens in all) to the first configured model.
  - Buffering is detected from timing; a gateway that answers in under 200 ms is too fast to judge and passes.
seealso:
  - name: Gateway requirements
    description: What Claude Desktop needs from an LLM gateway.
    link: https://claude.com/docs/third-party/claude-desktop/gateway
"""

EXAMPLES = r"""
- name: Preflight the gateway from the controller
  cowork3p.fleet.gateway_check:
    settings: "{{ cowork3p_settings }}"
    ca_path: /etc/pki/corp-root-ca.pem
  delegate_to: localhost
  run_once: true
  register: preflight

- name: Show the verdict
  ansible.builtin.debug:
    msg: "{{ preflight.summary }}"

- name: Test egress from one laptop, only the cheap checks
  cowork3p.fleet.gateway_check:
    settings:
      inferenceProvider: gateway
      inferenceGatewayBaseUrl: https://llm-gateway.example.corp
      inferenceGatewayApiKey: "{{ vault_gateway_key }}"
      inferenceGatewayAuthScheme: x-api-key
      inferenceCustomHeaders: '{"X-Org-Id":"team1"}'
      inferenceModels: '["claude-sonnet-4-5"]'
    checks: [url, tls, models, messages]
    timeout: 15
"""

RETURN = r"""
passed:
  description: True when no required check failed.
  returned: when the settings could be read
  type: bool
  sample: false
checks:
  description:
    - One entry per check that was selected, keyed by check name.
    - C(status) is C(pass), C(fail), C(warn) or C(skip); C(reason) is one line; C(elapsed_ms) the time it took;
      C(required) whether a failure fails the task; C(details) holds check-specific facts (timings of the stream,
      listed model ids, HTTP status...).
  returned: when the settings could be read
  type: dict
  sample:
    streaming:
      name: streaming
      status: fail
      required: true
      elapsed_ms: 412
      reason: "buffered: the first event arrived after 405 ms of 411 ms, all 9 events at once: a proxy holds the stream back"
      details: {first_event_ms: 405, total_ms: 411, spread_ms: 1, events: 9, buffered: true}
failed_checks:
  description: Names of the checks that failed.
  returned: when the settings could be read
  type: list
  elements: str
  sample: [streaming]
warned_checks:
  description: Names of the checks that passed with a warning.
  returned: when the settings could be read
  type: list
  elements: str
  sample: [errors]
gateway:
  description: What was tested, secrets left out.
  returned: when the settings could be read
  type: dict
  contains:
    base_url:
      description: The base URL (any user:password masked).
      type: str
      sample: https://llm-gateway.example.corp
    auth_scheme:
      description: C(bearer) or C(x-api-key).
      type: str
      sample: bearer
    credential_source:
      description: C(helper) when the credential came from O(credential_helper), C(static) for the API key, else null.
      type: str
      sample: helper
    tool_search_enabled:
      description: Whether the settings set C(toolSearchEnabled).
      type: bool
      sample: false
    api_key_set:
      description: Whether a credential was sent (the settings' API key or the helper's token).
      type: bool
      sample: true
    header_names:
      description: Names of the custom headers sent (values never returned).
      type: list
      elements: str
      sample: [X-Org-Id]
    models_configured:
      description: Ids from C(inferenceModels).
      type: list
      elements: str
      sample: [claude-sonnet-4-5]
    model:
      description: The model id the probes used.
      type: str
      sample: claude-sonnet-4-5
    model_source:
      description: Where that id came from (C(option), C(inferenceModels) or C(discovery)).
      type: str
      sample: inferenceModels
summary:
  description: Readable lines, one per check, and a verdict.
  returned: when the settings could be read
  type: list
  elements: str
  sample:
    - "Gateway https://llm-gateway.example.corp (auth bearer, model claude-sonnet-4-5)"
    - "PASS url            0 ms  https, no credentials in the URL, no /v1 suffix"
    - "RESULT: PASSED"
notes:
  description: Remarks about the settings (deprecated forms, a missing key...).
  returned: when the settings could be read
  type: list
  elements: str
  sample: ["no inferenceGatewayApiKey: requests are sent without a credential"]
problems:
  description: Why the settings could not be tested (validator errors, unreadable keys).
  returned: on failure before any request
  type: list
  elements: str
  sample: ["inferenceGatewayBaseUrl: ends with /v1, but the app appends /v1/messages itself"]
"""

import traceback

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.cowork3p.fleet.plugins.module_utils import _gateway as gw
from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper
from ansible_collections.cowork3p.fleet.plugins.module_utils._http import make_http
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import substring_safe

try:
    from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate as _validate_settings
except Exception:  # pylint: disable=broad-except  # the validator is optional
    _validate_settings = None

NO_LOG_PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def _validator_problems(settings, secrets):
    """Run the collection's validator when present. Returns (settings to use, errors, notes)."""
    if _validate_settings is None:
        return settings, [], []
    try:
        report = _validate_settings(settings)
    except Exception as exc:  # pylint: disable=broad-except  # never let the optional validator break the check
        return settings, [], ["the settings validator failed (%s); the gateway keys were read without it"
                              % gw.mask_text(type(exc).__name__, secrets)]
    errors = [gw.mask_text(getattr(p, "text", None) or p.message, secrets) for p in report.errors]
    notes = [gw.mask_text(getattr(p, "text", None) or p.message, secrets) for p in report.warnings]
    usable = report.settings if isinstance(getattr(report, "settings", None), dict) and not errors else settings
    return usable, errors, notes


def _run_helper(module, path, settings, invocation):
    """(token, headers) from the credential helper, or fail the task with its reason."""
    path, timeout, errors = _helper.resolve(path, None, settings)
    if errors:
        module.fail_json(msg="credential_helper: " + "; ".join(errors), changed=False, invocation=invocation)
    verdict = _helper.check(path, timeout)
    if verdict.secret:
        module.no_log_values.update(substring_safe([verdict.secret[0]] + list(verdict.secret[1].values())))
    if not verdict.passed:
        module.fail_json(msg="the credential helper gave no usable credential, nothing was sent to the gateway: %s"
                         % verdict.reason, helper=verdict.as_dict(), changed=False, invocation=invocation)
    return verdict.secret


def main():
    module = AnsibleModule(
        argument_spec=dict(
            settings=dict(type="dict", required=True, no_log=True),
            validate_settings=dict(type="bool", default=True),
            credential_helper=dict(type="path"),
            checks=dict(type="list", elements="str", choices=list(gw.CHECKS), default=list(gw.CHECKS)),
            model=dict(type="str"),
            ca_path=dict(type="path"),
            validate_certs=dict(type="bool", default=True),
            client_cert=dict(type="path"),
            client_key=dict(type="path", no_log=False),
            use_proxy=dict(type="bool", default=True),
            timeout=dict(type="int", default=30),
        ),
        supports_check_mode=True,
    )
    params = module.params
    settings = params["settings"]

    # Ansible masks every leaf of a no_log dict, which would also hide the URL,
    # model ids and words like "gateway" in every reason. Mask exactly the
    # secrets instead, and never echo the settings back.
    secrets = gw.secret_values(None, settings)
    module.no_log_values = substring_safe(secrets)     # short ones: whole words only, by gw.mask_text
    invocation = {"module_args": dict(params, settings=NO_LOG_PLACEHOLDER)}

    notes = []
    if params["validate_settings"]:
        settings, errors, notes = _validator_problems(settings, secrets)
        if errors:
            module.fail_json(msg="the settings do not validate, nothing was sent to the gateway: " + " | ".join(errors),
                             problems=errors, notes=notes, changed=False, invocation=invocation)

    options = {"checks": params["checks"], "model": params["model"], "timeout": params["timeout"],
               "validate_certs": params["validate_certs"], "ca_path": params["ca_path"]}
    helper = None
    if params["credential_helper"]:
        helper = _run_helper(module, params["credential_helper"], settings, invocation)
    try:
        # the (validated) settings are read once; the validator may have normalised values: mask those forms too
        config, problems, secrets = gw.prepare(settings, helper)
        module.no_log_values.update(substring_safe(secrets))
        report = None
        if config is not None and not any(p["level"] == "error" for p in problems):
            report = gw.check(config, secrets, make_http(params), options)
    except Exception as exc:  # pylint: disable=broad-except
        module.fail_json(msg="the gateway check crashed: %s" % gw.mask_text(exc, secrets),
                         exception=gw.mask_text(traceback.format_exc(), secrets), changed=False, invocation=invocation)
    if report is None:
        errors = [p["message"] for p in problems if p["level"] == "error"]
        module.fail_json(msg="the settings cannot be tested: " + " | ".join(errors), problems=errors,
                         notes=[p["message"] for p in problems if p["level"] != "error"], changed=False,
                         invocation=invocation)

    report["notes"] = notes + [p["message"] for p in problems]
    result = dict(report, changed=False, invocation=invocation)
    if not report["passed"]:
        first = report["checks"][report["failed_checks"][0]]
        module.fail_json(msg="gateway preflight failed: %s: %s" % (first["name"], first["reason"]), **result)
    warned = report["warned_checks"]
    module.exit_json(msg="gateway preflight passed" + (" with warnings (%s)" % ", ".join(warned) if warned else ""),
                     **result)


if __name__ == "__main__":
    main()
