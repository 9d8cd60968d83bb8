#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: managed_file
short_description: Deliver one rendered Claude Desktop settings file in a single round trip
version_added: 0.1.0
description:
  - Receives the bytes rendered on the controller (for example by the
    C(cowork3p.fleet.to_managed_json) or C(cowork3p.fleet.to_managed_plist) filters), compares them
    with the file on the endpoint, writes atomically (temporary file in the same directory, then rename),
    sets owner, group and mode of the file and of its directory, and reads the result back to verify it.
  - Refuses to work through symbolic links, because Claude Desktop rejects a managed settings file (or directory)
    that is a symlink.
  - Every argument is checked before anything on the host is read or changed; an unknown or out-of-range
    owner or group, or a mode that is not a quoted octal string, fails the task with nothing touched.
  - The existing file is compared by size first and then chunk by chunk, never read whole; a file larger than
    4 MiB is replaced without being parsed for the diff.
  - The temporary file is C(.<name>.cowork3p-tmp-<16 hex digits>) in the target directory and is removed when
    the write fails. If a run was killed while writing, the next run that writes (or removes) the file deletes
    such leftovers, but only regular files with exactly that name pattern, one link, owned by root or by the
    user running the module; RV(actions) lists the removal.
  - Never returns the content. With O(format=json), O(format=plist) or O(format=mobileconfig) the old and new
    documents are parsed and the diff shows the settings with every secret masked.
  - Claude Desktop reads its settings once at launch, so RV(restart_required) is true whenever the file changed.
  - Used by the C(cowork3p.fleet.managed_settings) role for Linux and for the file-based macOS modes.
author:
  - cowork3p.fleet maintainers (@cowork3p)
options:
  path:
    description:
      - Absolute path of the file to manage. Required unless O(file) gives it.
    type: path
  content:
    description:
      - Exact text the file must hold (written as UTF-8). Required when O(state=present).
      - Treated as a secret, never logged or returned.
    type: str
  format:
    description:
      - How to parse old and new content to show a masked diff and RV(changed_keys).
      - V(text) is never parsed; its diff shows sizes only.
    type: str
    choices: [json, plist, mobileconfig, text]
    default: text
  owner:
    description: Owner of the file (name, or numeric ID up to 4294967294). Left alone when not set.
    type: str
  group:
    description: Group of the file (name, or numeric ID up to 4294967294). Left alone when not set.
    type: str
  mode:
    description:
      - Permissions of the file as a quoted octal string, for example V('0644') (also V('644') or V('0o644')).
      - A new file gets V('0644') when not set.
      - "A number is refused with an error, unlike M(ansible.builtin.file)
        which would use it as it is, because YAML reads C(mode: 644) as decimal 644 (octal 1204) and
        C(mode: 0644) as 420, and the two can no longer be told apart."
    type: raw
  directory_owner:
    description: Owner of the parent directory, and of every directory this module creates.
    type: str
  directory_group:
    description: Group of the parent directory, and of every directory this module creates.
    type: str
  directory_mode:
    description:
      - Permissions of the parent directory (quoted octal string, numbers are refused as for O(mode)),
        and of every directory this module creates.
      - Directories created without it get V('0755').
    type: raw
  manage_directory:
    description:
      - Enforce O(directory_owner), O(directory_group) and O(directory_mode) on an existing parent directory.
      - When false, only directories created by this module get them.
    type: bool
    default: true
  create_parents:
    description: Create missing parent directories. When false, a missing directory is an error.
    type: bool
    default: true
  remove_empty_directory:
    description: With O(state=absent), also remove the parent directory when nothing else is left in it.
    type: bool
    default: false
  refuse_symlinks:
    description:
      - Fail when the file or its parent directory is a symbolic link (the app rejects such settings).
      - Only ancestors above the parent directory may be links (for example C(/etc) on macOS).
    type: bool
    default: true
  app_acceptance:
    description:
      - Make the file and its parent directory exactly what Claude Desktop accepts for a managed settings file
        (Linux rules of the app, also applied to macOS Managed Preferences), that is a regular file owned by root with the
        root group (gid 0), in a root-owned directory that is not a symbolic link, neither of them group- or
        world-writable.
      - Unset O(owner), O(group), O(directory_owner) and O(directory_group) then mean root; an unset O(mode) or
        O(directory_mode) keeps the current mode without its group and world write bits. O(manage_directory) and
        O(refuse_symlinks) are forced on.
      - Options that break these rules (another owner, a mode with group or other write bits) fail before anything
        is touched.
      - With O(verify), the rules are checked again on what is on disk after the write, parent directory included,
        and the task fails naming the rule that does not hold (for example a directory something else keeps
        group-writable).
    type: bool
    default: false
  trusted_ancestors:
    description:
      - Before anything is written (check mode included), fail unless every existing directory above the parent
        directory, up to C(/), is owned by root and not writable by a group other than root, wheel or admin, nor by
        every user (sticky C(/tmp)-like directories aside). The message names the directory and the rule.
      - Those directories are only checked, never changed; the parent directory itself follows
        O(manage_directory). For files a user must not be able to replace, such as a credential helper.
    type: bool
    default: false
  verify:
    description: After writing, read the file and directory back and fail unless content, owner, group and mode match.
    type: bool
    default: true
  state:
    description: V(present) writes the file; V(absent) removes exactly this file (and nothing else).
    type: str
    choices: [present, absent]
    default: present
  file:
    description:
      - Every option above but O(content), as one mapping (for example C(path), C(format), C(owner), C(mode)).
        Each is checked as if it had been given on its own, and wins over the same option given on its own
        unless that one differs from its default, which is an error.
      - The role C(cowork3p.fleet.managed_settings) passes its plan of each file this way (the C(args) of the
        C(cowork3p.fleet.host_plan) lookup's files), because Ansible templates each argument of a task separately, about
        a millisecond per argument and host, so one mapping keeps a large fleet's delivery close to the cost
        of a ping.
    type: dict
attributes:
  check_mode:
    support: full
    description: Reports what would change (including RV(changed_keys) and the masked diff) and writes nothing.
  diff_mode:
    support: full
    description: The diff shows parsed settings with secrets masked, never the raw bytes.
  platform:
    description: Target OS/families that can be operated against.
    support: full
    platforms: posix
notes:
  - Runs on Linux and macOS endpoints with Python 3.
seealso:
  - name: Delivery modes
    description: Per-OS delivery modes and their trade-offs.
    link: https://example.invalid/cowork3p/fleet/docs/delivery.md
"""

EXAMPLES = r"""
- name: Write the Linux managed settings file
  cowork3p.fleet.managed_file:
    path: /etc/claude-desktop/managed-settings.json
    content: "{{ cowork3p_settings | cowork3p.fleet.to_managed_json }}"
    format: json
    owner: root
    group: root
    mode: "0644"
    directory_owner: root
    directory_group: root
    directory_mode: "0755"
    app_acceptance: true
  register: delivery

- name: Write the device-level Managed Preferences plist on macOS
  cowork3p.fleet.managed_file:
    path: /Library/Managed Preferences/com.anthropic.claudefordesktop.plist
    content: "{{ cowork3p_settings | cowork3p.fleet.to_managed_plist }}"
    format: plist
    owner: root
    group: wheel
    mode: "0644"
    directory_owner: root
    directory_group: wheel
    directory_mode: "0755"

- name: The same options as one mapping (how the managed_settings role passes its plan)
  cowork3p.fleet.managed_file:
    file:
      path: /etc/claude-desktop/managed-settings.json
      format: json
      owner: root
      group: root
      mode: "0644"
      app_acceptance: true
    content: "{{ cowork3p_settings | cowork3p.fleet.to_managed_json }}"

- name: Remove the Linux managed settings file and its directory when empty
  cowork3p.fleet.managed_file:
    path: /etc/claude-desktop/managed-settings.json
    state: absent
    remove_empty_directory: true
"""

RETURN = r"""
changed:
  description: Whether the file, its attributes or its directory changed (or would change in check mode).
  returned: always
  type: bool
restart_required:
  description: True when the app must be fully quit and relaunched to read the new settings.
  returned: always
  type: bool
  sample: true
path:
  description: The managed path (normalised).
  returned: always
  type: str
  sample: /etc/claude-desktop/managed-settings.json
state:
  description: The requested state.
  returned: always
  type: str
  sample: present
actions:
  description: What was done (or would be done in check mode), one short sentence per step.
  returned: always
  type: list
  elements: str
  sample: ["create /etc/claude-desktop/managed-settings.json"]
content_changed:
  description: Whether the bytes of the file differ (differed) from the desired content.
  returned: always
  type: bool
changed_keys:
  description:
    - Setting names whose decoded value was added, removed or changed (names only, never values).
    - Empty for O(format=text).
  returned: always
  type: list
  elements: str
  sample: [inferenceGatewayBaseUrl, inferenceModels]
checksum:
  description: SHA-256 of the desired content; null with O(state=absent).
  returned: always
  type: str
verified:
  description: Whether the result was read back and matched (false in check mode).
  returned: always
  type: bool
"""

import traceback

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cowork3p.fleet.plugins.module_utils._delivery import DeliveryError, FORMATS, deliver

# every option but content and file: given on its own or inside file
FILE_SPEC = dict(
    path=dict(type="path"),
    format=dict(type="str", choices=list(FORMATS), default="text"),
    owner=dict(type="str"),
    group=dict(type="str"),
    mode=dict(type="raw"),
    directory_owner=dict(type="str"),
    directory_group=dict(type="str"),
    directory_mode=dict(type="raw"),
    manage_directory=dict(type="bool", default=True),
    create_parents=dict(type="bool", default=True),
    remove_empty_directory=dict(type="bool", default=False),
    refuse_symlinks=dict(type="bool", default=True),
    verify=dict(type="bool", default=True),
    app_acceptance=dict(type="bool", default=False),
    trusted_ancestors=dict(type="bool", default=False),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)


def file_options(module):
    """The options of the file: module.params, with those O(file) gives checked by the same rules and put in."""
    params = dict(module.params)
    given = params.pop("file")
    if given is None:
        return params
    if "content" in given:
        # the content is a secret: never echo it (the invocation shows module.params)
        secret = given.pop("content")
        if isinstance(secret, str) and secret:
            module.no_log_values.add(secret)
        module.fail_json(msg="file: content cannot go into file; give it as the option content (never logged)",
                         changed=False)
    result = ArgumentSpecValidator(FILE_SPEC).validate(given)
    if result.error_messages:
        module.fail_json(msg="file: %s" % "; ".join(result.error_messages), changed=False)
    for name in given:
        if params[name] != FILE_SPEC[name].get("default"):
            module.fail_json(msg="%s is given both on its own and in file: give it once" % name, changed=False)
        params[name] = result.validated_parameters[name]
    return params


def main():
    module = AnsibleModule(
        argument_spec=dict(FILE_SPEC, content=dict(type="str", no_log=True), file=dict(type="dict")),
        required_one_of=[("path", "file")],
        supports_check_mode=True,
    )
    params = file_options(module)
    if not params["path"]:
        module.fail_json(msg="path is required (on its own or in file)", changed=False)
    if params["state"] == "present" and params["content"] is None:
        module.fail_json(msg="state is present but all of the following are missing: content", changed=False)
    if params["trusted_ancestors"] and params["state"] == "present":
        # imported only for the files that ask for it (the credential helper): every import costs each host
        from ansible_collections.cowork3p.fleet.plugins.module_utils._helper_paths import ancestor_problem  # pylint: disable=import-outside-toplevel

        problem = ancestor_problem(params["path"])
        if problem:
            module.fail_json(msg=problem, path=params["path"], changed=False, restart_required=False)
    try:
        result = deliver(
            path=params["path"],
            content=params["content"],
            fmt=params["format"],
            owner=params["owner"],
            group=params["group"],
            mode=params["mode"],
            directory_owner=params["directory_owner"],
            directory_group=params["directory_group"],
            directory_mode=params["directory_mode"],
            manage_directory=params["manage_directory"],
            create_parents=params["create_parents"],
            remove_empty_directory=params["remove_empty_directory"],
            state=params["state"],
            refuse_symlinks=params["refuse_symlinks"],
            verify=params["verify"],
            check_mode=module.check_mode,
            want_diff=module._diff,
            app_acceptance=params["app_acceptance"],
        )
    except DeliveryError as exc:
        module.fail_json(msg=str(exc), path=params["path"], changed=False, restart_required=False)
    except OSError as exc:
        module.fail_json(msg="cannot manage %s: %s" % (params["path"], exc), path=params["path"],
                         exception=traceback.format_exc())
    module.exit_json(**result)


if __name__ == "__main__":
    main()
