#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# This file only documents the action plugin plugins/action/render.py, which does the work on the controller.

from __future__ import annotations

DOCUMENTATION = r"""
---
module: render
short_description: Validate Claude Desktop managed settings and render every artifact an MDM or a host needs
version_added: 0.1.0
description:
  - Validates a settings document (the app's own key names, values as native YAML or already-encoded strings)
    against the collection's catalog of every documented Claude Desktop third-party-inference key, and reports
    every error and warning at once.
  - When the settings are valid, renders them through Jinja templates into the artifacts the app reads - a macOS
    configuration profile (C(.mobileconfig)) with one C(com.anthropic.claudefordesktop) payload, a Windows registry
    file (C(.reg), UTF-16LE with BOM and CRLF, C(REG_SZ) values only) and the Linux
    C(/etc/claude-desktop/managed-settings.json) - and writes them to O(dest) atomically.
  - Every value in the profile and registry file is a string (booleans V(true)/V(false), integers as decimal digits,
    arrays and objects as compact JSON). The Linux file carries arrays and objects as native JSON and booleans and
    numbers as strings, the forms the vendor's reference documents for it.
  - The same input always gives byte-identical output (sorted keys, PayloadUUIDs derived from the identifier, no
    timestamps). Each rendered file is parsed back and compared with the settings before it is written.
  - On request it also writes the hand-off artifacts for an MDM (O(formats)) - an ADMX/ADML template zip (with the
    Intune OMA-URI settings of this document), a Jamf Pro custom-schema JSON, a Profile Manifest, a CMS-signed
    profile, the bootstrap JSON and the egress host list. File names are fixed so that scripts can rely on them.
  - Runs entirely on the controller; no Python is needed on managed hosts.
  - When any validation error is found, the task fails listing them (the first 20, then how many more) and nothing is
    written. Problems of the profile options and the basename are reported the same way.
author:
  - cowork3p.fleet maintainers (@cowork3p)
attributes:
  action:
    support: full
    description: Runs as an action plugin on the controller.
  async:
    support: none
    description: The rendering is quick and runs on the controller.
  bypass_host_loop:
    support: none
    description: Runs once per host of the play; use run_once or a localhost play to render once.
  check_mode:
    support: full
    description: Reports which files would change and writes nothing.
  diff_mode:
    support: full
    description: Shows the rendered text before and after, with every secret replaced by C(********).
  platform:
    support: full
    platforms: posix
    description: Runs on the controller only.
options:
  settings:
    description:
      - The managed settings, keyed by the app's own key names (for example C(inferenceProvider),
        C(inferenceGatewayBaseUrl)).
      - Values may be native (booleans, integers, lists, mappings) or already-encoded strings such as
        V("true") or a JSON text; both are normalised.
      - Treated as secret as a whole; it never appears in the task result.
      - Exactly one of O(settings) and O(settings_file) is required.
    type: dict
  settings_file:
    description:
      - A YAML (or JSON) file on the controller holding the settings mapping, with the app's key names at the top
        level or under a single C(cowork3p_settings) key. It may be encrypted with Ansible Vault.
      - A relative path is taken relative to the current working directory.
      - Read with the collection's own YAML loader, not Ansible's - a key written twice in one mapping is an
        error naming the key (never its value), C(!vault) values are decrypted with the play's vault secrets (one
        that does not decrypt is an error naming its key), and a parser error names the line and column without
        quoting the file. Files over 4 MiB are refused.
    type: path
  allow_empty:
    description:
      - Render an empty document (no keys, only comments, or null).
      - By default such a document is an error, since the rendered files would mark devices as managed with no
        provider.
    type: bool
    default: false
  dest:
    description:
      - Directory on the controller that receives the files. Created when missing (mode C(0700) when the
        settings hold a secret, else C(0755)).
      - A relative path is taken relative to the current working directory.
    type: path
    required: true
  basename:
    description:
      - File name, without extension, of the C(.mobileconfig), C(.reg) and C(.plist) files.
      - A plain file name - not empty, not C(.) or C(..), without slashes, backslashes or control characters.
      - The Linux file is always called C(managed-settings.json), the name the app reads.
    type: str
    default: claude-desktop
  formats:
    description:
      - Which artifacts to write; a list, or a comma-separated string such as V(mobileconfig,egress).
      - V(mobileconfig) is C(<basename>.mobileconfig); V(reg) is C(<basename>.reg); V(json) is
        C(managed-settings.json); V(plist) is C(<basename>.plist), the flat preference file that lands under
        C(/Library/Managed Preferences).
      - V(admx) is C(<basename>.admx.zip) holding C(PolicyDefinitions/Claude.admx) and
        C(PolicyDefinitions/en-US/Claude.adml) (see O(admx_class)), plus C(<basename>.intune.json), the OMA-URI
        settings (a Graph C(omaSettings) array) that install the template and set this document's values.
      - V(jamf_schema) is C(<basename>.jamf.json), a Jamf Pro Application & Custom Settings JSON schema for
        C(com.anthropic.claudefordesktop).
      - V(profile_manifest) is C(<basename>.manifest.plist), a Profile Manifest for ProfileCreator, iMazing Profile
        Editor and Jamf.
      - V(signed_mobileconfig) is C(<basename>.signed.mobileconfig), the profile signed with O(signing_cert) and
        O(signing_key) or O(signing_pkcs12) (CMS SignedData, DER). An existing file that already holds the same
        profile signed by the same certificate is kept, so a re-run reports no change.
      - V(bootstrap_json) is C(<basename>.bootstrap.json), the keys a bootstrap server may serve, encoded as in the
        Linux file. Keys never accepted from a bootstrap response (the catalog's MDM-only keys such as
        C(bootstrapUrl) and C(egressProxyUrl)) are left out with a warning. Loopback hosts in any URL, MCP entries
        with a non-HTTPS URL and, without C(bootstrapOidc), gateway/Vertex/Bedrock base URLs outside the bootstrap
        origin (C(bootstrapUrl) or O(bootstrap_url)) are errors.
      - V(egress) is C(<basename>.egress.txt), one host per line (C(host:port) when the port is not 443), sorted,
        each followed by the key or feature that needs it.
      - V(all) means every format that needs no extra input (all but V(signed_mobileconfig)).
      - An unknown name is an error that names it; nothing is written.
    type: list
    elements: str
    choices: [mobileconfig, reg, json, plist, admx, jamf_schema, profile_manifest, signed_mobileconfig, bootstrap_json,
              egress, all]
    default: [mobileconfig, reg, json]
  admx_class:
    description:
      - Class of the ADMX policies. V(machine) writes under HKLM (what fleets use), V(user) under HKCU, V(both)
        lets the administrator choose per GPO.
    type: str
    choices: [machine, user, both]
    default: machine
  signing_cert:
    description:
      - PEM certificate that signs V(signed_mobileconfig). Its validity must include now, and when it has a key
        usage extension that usage must include digital signatures.
      - Give it with O(signing_key), or give O(signing_pkcs12) instead.
    type: path
  signing_key:
    description: PEM private key (RSA or EC) of O(signing_cert); may be encrypted (see O(signing_key_passphrase)).
    type: path
  signing_pkcs12:
    description: PKCS#12 file holding the signing certificate and its key (and optionally intermediates).
    type: path
  signing_key_passphrase:
    description:
      - Passphrase of O(signing_key) or O(signing_pkcs12). Keep it in Ansible Vault; it is never logged or returned.
    type: str
  signing_chain:
    description: PEM file of intermediate certificates embedded in the signature.
    type: path
  bootstrap_url:
    description:
      - The bootstrap URL the devices use, when the document does not set C(bootstrapUrl). With it (and without
        C(bootstrapOidc)) V(bootstrap_json) checks that base URLs share its origin.
    type: str
  registry_hive:
    description:
      - Hive of the C(.reg) file. V(HKLM) (machine policy) is recommended; any value under HKLM makes the app
        ignore HKCU.
    type: str
    choices: [HKLM, HKCU]
    default: HKLM
  profile_identifier:
    description:
      - C(PayloadIdentifier) of the profile (reverse-DNS style). The inner payload uses this identifier with
        C(.settings) appended. Both PayloadUUIDs are derived from it, so keep it stable to make an MDM replace
        rather than duplicate the profile.
      - Defaults to C(cowork3p.fleet.<basename>).
    type: str
  profile_display_name:
    description:
      - C(PayloadDisplayName) of the profile.
      - One line of text without control characters (the XML 1.0 character set), at most 1000 characters.
    type: str
  profile_organization:
    description:
      - C(PayloadOrganization) of the profile; omitted when not set.
      - One line of text without control characters (the XML 1.0 character set), at most 1000 characters.
    type: str
  profile_description:
    description:
      - C(PayloadDescription) of the profile.
      - Text in the XML 1.0 character set (tabs and line breaks allowed), at most 1000 characters.
    type: str
  profile_scope:
    description: C(PayloadScope) of the profile.
    type: str
    choices: [System, User]
    default: System
  desktop_version:
    description:
      - The oldest Claude Desktop release the settings target, such as V(1.46388.1).
      - Keys and values newer than that release produce warnings, and so do keys that release reads only from
        another source (for example C(relaunchEnforcementHours), read only from a bootstrap response before
        1.46388.1). An old key name that release still reads (C(inferenceGatewayHeaders) before 1.8089.0) is
        accepted; the deprecation cut-off only applies to releases from 1.40609.0.
      - Without it the newest release is the target.
    type: str
  fail_on_warnings:
    description:
      - Treat every warning as an error, so nothing is written while any is left.
      - Without it, warnings never fail the task; this includes every rule the vendor's reference marks
        UNCONFIRMED (for example a gateway URL ending in C(/v1)).
    type: bool
    default: false
  linux_native_scalars:
    description:
      - Write booleans and numbers in the Linux file (C(managed-settings.json)) as native JSON (V(true), V(45))
        instead of the strings the reference documents (V("true"), V("45")).
      - Arrays and objects are native JSON either way. The reference does not say the app reads native scalars
        from that file, so keep the default unless you have checked it with your app release.
    type: bool
    default: false
  allow_insecure_http:
    description:
      - Accept an C(http://) C(inferenceGatewayBaseUrl) on a network (non-loopback) address, with a warning.
      - By default it is an error, because the credential would travel in clear text. This rule protects you; the
        reference does not confirm that the app refuses such a URL. Loopback C(http://) URLs are always only a
        warning.
    type: bool
    default: false
  template_dir:
    description:
      - Directory with your own copies of the templates (C(mobileconfig.j2), C(reg.j2),
        C(managed-settings.json.j2), C(managed-preferences.plist.j2)). A template missing there falls back to the
        built-in one. Start from the built-in templates in the collection's C(plugins/plugin_utils/templates).
      - A relative path is looked up next to the playbook.
    type: path
notes:
  - Files that carry the document's values are written with mode C(0600) when the settings hold a secret (API keys,
    header values, MCP headers or environment), else C(0644). The catalog-wide files (ADMX zip, Jamf schema, Profile
    Manifest) and the egress list hold no value of the document and are always C(0644).
  - Every output is byte-identical for the same input, except V(signed_mobileconfig), whose signature carries its
    signing time.
  - Keys marked UNCONFIRMED in the catalog are rendered as given with a warning, and their rules never fail the task,
    except the ones every value must meet to be written at all (a value, no control characters, finite numbers).
  - Deprecated names and values give a warning before the deprecation cut-off (2026-10-07 12:00 PT) and an error
    after it.
seealso:
  - name: Claude Desktop configuration reference
    description: The vendor's list of managed settings.
    link: https://claude.com/docs/third-party/claude-desktop/configuration
"""

EXAMPLES = r"""
- name: Render the managed settings of one population
  cowork3p.fleet.render:
    settings:
      inferenceProvider: gateway
      inferenceGatewayBaseUrl: https://llm-gateway.example.corp
      inferenceGatewayApiKey: "{{ vault_gateway_key }}"
      inferenceModels:
        - claude-sonnet-4
        - name: claude-opus-4
          supports1m: true
      disableDeploymentModeChooser: true
    dest: "{{ playbook_dir }}/dist/engineering"
    basename: engineering
    profile_identifier: com.example.claude.engineering
    profile_organization: Example Corp

- name: Only the Windows registry file, for HKCU
  cowork3p.fleet.render:
    settings: "{{ cowork3p_settings }}"
    dest: dist
    formats: [reg]
    registry_hive: HKCU

- name: Everything an MDM needs from one document
  cowork3p.fleet.render:
    settings_file: settings/engineering.yml
    dest: handoff
    formats: all

- name: A signed profile (the passphrase from Vault)
  cowork3p.fleet.render:
    settings_file: settings/engineering.yml
    dest: handoff
    formats: [mobileconfig, signed_mobileconfig]
    signing_pkcs12: secrets/profile-signer.p12
    signing_key_passphrase: "{{ vault_signer_passphrase }}"

- name: The file a bootstrap server serves, pinned to its origin
  cowork3p.fleet.render:
    settings_file: settings/engineering.yml
    dest: bootstrap
    formats: [bootstrap_json]
    bootstrap_url: https://llm-gateway.example.corp/bootstrap

- name: Check what would change without writing
  cowork3p.fleet.render:
    settings: "{{ cowork3p_settings }}"
    dest: dist
  check_mode: true
  diff: true
"""

RETURN = r"""
files:
  description: One entry per artifact.
  returned: success
  type: list
  elements: dict
  contains:
    path:
      description: Absolute path of the file.
      type: str
      sample: /srv/dist/claude-desktop.mobileconfig
    format:
      description: The format that wrote the file (C(<basename>.intune.json) belongs to V(admx)).
      type: str
      sample: mobileconfig
    changed:
      description: Whether the file's bytes or mode changed (or would change in check mode).
      type: bool
      sample: true
    mode:
      description: File mode, octal.
      type: str
      sample: "0600"
    size:
      description: Size in bytes.
      type: int
      sample: 2210
    sha256:
      description: SHA-256 of the file; null when the file holds a secret.
      type: str
      sample: null
dest:
  description: Absolute path of the output directory.
  returned: success
  type: str
  sample: /srv/dist
rendered_keys:
  description: The keys that were rendered, sorted.
  returned: success
  type: list
  elements: str
  sample: [inferenceGatewayApiKey, inferenceGatewayBaseUrl, inferenceProvider]
secrets_present:
  description: Whether the settings hold a secret (files are then mode 0600).
  returned: success
  type: bool
  sample: true
profile_identifier:
  description: The PayloadIdentifier used for the profile.
  returned: success
  type: str
  sample: cowork3p.fleet.claude-desktop
problems_total:
  description: How many problems were found (RV(problems) lists at most the first 100).
  returned: always
  type: int
  sample: 2
problems:
  description: The errors and warnings found (at most 100, see RV(problems_total)); values of secrets are shown as
    C(********).
  returned: always
  type: list
  elements: dict
  contains:
    level:
      description: V(error) or V(warning).
      type: str
    key:
      description: The key, or the path inside a value (for example C(managedMcpServers[0].url)).
      type: str
    value:
      description: The offending value as shown to people (masked when secret), or null.
      type: str
    rule:
      description: Identifier of the rule (for example V(https_url), V(unknown_key), V(range)).
      type: str
    message:
      description: What is wrong.
      type: str
    hint:
      description: How to fix it.
      type: str
    text:
      description: The whole problem as one line.
      type: str
"""
