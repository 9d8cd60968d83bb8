# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the managed_settings role decides for each host, in plain Python.

The role's YAML only moves data between tasks; the decisions are here:

- ``document_id``: the identity of a settings document (the only place it is computed). Hosts whose
  documents share an id share one validation and one rendering.
- ``batch_documents`` and ``document_messages``: the run_once preparation step (one pass over a batch's
  hosts), and the errors and warnings it reports about each new document.
- ``host_plan``: one host's OS, document id, the files its delivery writes (Linux and macOS) and the files
  its audit reads, from that host's role options. Delivery and audit list their files through the same
  function (``settings_files``), so they cannot disagree about paths.

``options`` is a mapping of role variable names (``cowork3p_linux_path``...) to the host's values, plus
``ansible_connection``, ``ansible_shell_type`` and ``ansible_system`` (the facts that name the OS, '' when
unknown). Nothing here imports Ansible: every function is unit-tested with plain dicts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils import _acceptance as acceptance

WINDOWS_CONNECTIONS = ("winrm", "psrp", "ansible.builtin.winrm", "ansible.builtin.psrp")
WINDOWS_SHELLS = ("powershell", "cmd")
PLIST_NAME = "com.anthropic.claudefordesktop.plist"
CONFIG_LIBRARY = "Library/Application Support/Claude-3p/configLibrary"
MODE_OPTIONS = ("cowork3p_linux_mode", "cowork3p_linux_directory_mode", "cowork3p_macos_file_mode",
                "cowork3p_macos_directory_mode")
# the options that decide the owner, group and modes of the files the app reads
FILE_OPTIONS = ("cowork3p_os", "cowork3p_macos_delivery", "cowork3p_linux_owner", "cowork3p_linux_group",
                "cowork3p_linux_mode", "cowork3p_linux_directory_mode", "cowork3p_macos_owner", "cowork3p_macos_group",
                "cowork3p_macos_file_mode", "cowork3p_macos_directory_mode")
PROFILE_OPTIONS = {"identifier": "cowork3p_macos_profile_identifier", "display_name": "cowork3p_macos_profile_display_name",
                   "organization": "cowork3p_macos_profile_organization",
                   "description": "cowork3p_macos_profile_description", "scope": "cowork3p_macos_profile_scope"}
# credential helper option -> role variable (as module_utils/_helper_deploy.py ROLE_VARS reads them)
HELPER_OPTIONS = {"settings": "cowork3p_settings", "os": "cowork3p_os", "source": "cowork3p_helper_source",
                  "content": "cowork3p_helper_content", "args": "cowork3p_helper_args",
                  "present": "cowork3p_helper_present", "dest_linux": "cowork3p_helper_dest_linux",
                  "dest_macos": "cowork3p_helper_dest_macos", "dest_windows": "cowork3p_helper_dest_windows",
                  "settings_mode": "cowork3p_linux_mode"}
# Every role variable a host's plan reads (vars/main.yml __cowork3p_options names the same, plus cowork3p_verify),
# and the facts that name the OS: the host_plan lookup reads them from the task's variables when it is given
# no mapping, templating only those a plan touches.
ROLE_OPTIONS = ("cowork3p_settings", "cowork3p_desktop_version", "cowork3p_state", "cowork3p_os", "cowork3p_verify",
                "cowork3p_linux_path", "cowork3p_linux_owner", "cowork3p_linux_group", "cowork3p_linux_mode",
                "cowork3p_linux_directory_mode", "cowork3p_linux_remove_empty_directory", "cowork3p_macos_delivery",
                "cowork3p_macos_users", "cowork3p_macos_managed_preferences_dir", "cowork3p_macos_owner",
                "cowork3p_macos_group", "cowork3p_macos_file_mode", "cowork3p_macos_directory_mode",
                "cowork3p_macos_home_base", "cowork3p_macos_user_group", "cowork3p_macos_config_library_id",
                "cowork3p_macos_config_library_name", "cowork3p_macos_profile_path", "cowork3p_helper_source",
                "cowork3p_helper_content", "cowork3p_helper_args", "cowork3p_helper_present",
                "cowork3p_helper_dest_linux", "cowork3p_helper_dest_macos", "cowork3p_helper_dest_windows")
OS_FACTS = ("ansible_connection", "ansible_shell_type", "ansible_system")
UNPREPARED_MSG = ("The settings document of %s was not validated and rendered by the role's preparation step, which "
                  "reads cowork3p_settings, cowork3p_desktop_version and cowork3p_state from each host's variables "
                  "(inventory, group_vars, host_vars, extra vars, set_fact) or else takes the value the play gives "
                  "the role. A role parameter that differs between hosts cannot be seen there: set these variables "
                  "per host or group instead.")
# managed_file's options that a delivery item carries (the rest: content, from content_from)
_FILE_ARGS = ("path", "format", "owner", "group", "mode", "directory_owner", "directory_group", "directory_mode",
              "manage_directory", "remove_empty_directory")
STAGED_NOTE = (" (staged only: upload it to your MDM or have a user approve it in System Settings; the app reads it "
               "after approval)")
# the keys of a delivery item the audit reads (module_utils/_audit.py files_host)
_AUDIT_KEYS = ("os", "delivery", "path", "format", "owner", "mode", "acceptance")
_MISSING = object()


class FleetError(ValueError):
    """A role option (or combination) the role cannot act on; the message names the option and the rule."""


def document_id(settings: Any, desktop_version: Any) -> str:
    """The id of a settings document: sha1 of its settings and target desktop version as sorted JSON."""
    text = json.dumps({"settings": settings, "desktop_version": desktop_version or ""}, sort_keys=True)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()  # nosec - an identity, not security


def _get(host_vars: Any, name: str, default: Any = None) -> Any:
    try:
        return host_vars[name]
    except KeyError:
        return default


def batch_documents(hosts: list, hostvars: Mapping, settings: Any = None, desktop_version: Any = "",
                    state: str = "present") -> list[dict]:
    """[{id, host, settings, desktop_version}] for every host whose state is present; the defaults are what the
    role gives a host that does not set the variable itself."""
    out = []
    for host in hosts:
        hv = hostvars[host]
        if _get(hv, "cowork3p_state", state) != "present":
            continue
        doc_settings = _get(hv, "cowork3p_settings", settings)
        version = _get(hv, "cowork3p_desktop_version", _MISSING)
        if version is _MISSING or not version:
            version = desktop_version or ""
        out.append({"id": document_id(doc_settings, version), "host": host, "settings": doc_settings,
                    "desktop_version": version})
    return out


def option_sets(hosts: list, hostvars: Mapping, names: list) -> list[dict]:
    """[{options, hosts (up to five), count}]: the distinct sets of role options the hosts set themselves."""
    wanted = set(names)
    found: dict = {}
    for host in hosts:
        hv = hostvars[host]
        options = {name: hv[name] for name in sorted(wanted.intersection(hv.keys()))}
        key = json.dumps(options, sort_keys=True, default=str)
        entry = found.get(key)
        if entry is None:
            found[key] = {"options": options, "hosts": [host], "count": 1}
        else:
            entry["count"] += 1
            if len(entry["hosts"]) < 5:
                entry["hosts"].append(host)
    return list(found.values())


def file_option_problems(hosts: list, hostvars: Mapping, values: Mapping) -> list[str]:
    """Messages for the file options (owner, group, modes) that the app would reject or that are not strings,
    once per distinct set of them; ``values`` are the role's values, which each host's own setting overrides."""
    out = []
    for entry in option_sets(hosts, hostvars, list(FILE_OPTIONS)):
        options = {name: values.get(name) for name in FILE_OPTIONS}
        options.update(entry["options"])
        count, names = entry["count"], entry["hosts"]
        who = "%d host(s): %s%s" % (count, ", ".join(names), ", ..." if count > len(names) else "")
        problems = mode_problems(options) or acceptance.role_option_problems(options)
        out.extend("%s: %s" % (who, text) for text in problems)
    return out


def profile_options(values: Mapping) -> dict:
    """The .mobileconfig options of the rendering (identifier, display_name...) from the role's values."""
    return {name: values.get(var) for name, var in PROFILE_OPTIONS.items()}


def helper_values(options: Mapping) -> dict:
    """The credential helper options (keys of _helper_deploy.ROLE_VARS) from role variables."""
    return {name: options.get(var) for name, var in HELPER_OPTIONS.items()}


def document_messages(rendered: Mapping, fail_on_warnings: bool = False) -> dict:
    """{errors, warnings}: the problem texts of the documents the latest preparation checked (``new``), each
    prefixed with the document's short id and its hosts. With fail_on_warnings the warnings are errors too."""
    errors: list[str] = []
    warnings: list[str] = []
    for doc_id, doc in rendered.items():
        if not doc.get("new"):
            continue
        count = doc.get("count", 0)
        hosts = list(doc.get("hosts") or [])
        more = ", ..." if count > len(hosts) else ""
        long_who = "document %s (%d host(s): %s%s)" % (doc_id[:12], count, ", ".join(hosts), more)
        problems = list(doc.get("errors") or []) + (list(doc.get("warnings") or []) if fail_on_warnings else [])
        errors.extend("%s: %s" % (long_who, text) for text in problems)
        warnings.extend("document %s (%d host(s)): %s" % (doc_id[:12], count, text) for text in doc.get("warnings") or [])
    return {"errors": errors, "warnings": warnings}


def known_os(options: Mapping) -> str:
    """The host's OS from what is known without contacting it: cowork3p_os, a Windows connection or shell, or
    facts gathered earlier ('' when unknown)."""
    chosen = str(options.get("cowork3p_os") or "auto")
    if chosen != "auto":
        return chosen
    if str(options.get("ansible_connection") or "") in WINDOWS_CONNECTIONS \
            or str(options.get("ansible_shell_type") or "") in WINDOWS_SHELLS:
        return "windows"
    return {"Darwin": "macos", "Linux": "linux"}.get(str(options.get("ansible_system") or ""), "")


def host_os(options: Mapping) -> str:
    """The OS to deliver for once the facts are in: linux, macos, windows or unsupported."""
    return known_os(options) or "unsupported"


def mode_problems(options: Mapping) -> list[str]:
    """Mode options that are not strings. YAML reads an unquoted 0644 as the octal number 420, so a number
    cannot be told apart from what was meant (644, 420 or 0644): refuse it and ask for a quoted string."""
    out = []
    for name in MODE_OPTIONS:
        value = options.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            hint = " (an unquoted 0%o)" % value if isinstance(value, int) and 0 <= value <= 0o7777 else ""
            out.append("%s is the number %r%s: give file modes as quoted octal strings, such as \"0644\" "
                       "(YAML reads an unquoted 0644 as the number 420)" % (name, value, hint))
    return out


def _file(options: Mapping, os_name: str, delivery: str, path: str, fmt: str, owner: Any, group: Any, mode: Any,
          directory_mode: Any, **extra: Any) -> dict:
    item = {"os": os_name, "delivery": delivery, "path": path, "format": fmt, "owner": owner, "group": group,
            "mode": mode, "directory_owner": owner, "directory_group": group, "directory_mode": directory_mode,
            "manage_directory": True, "remove_empty_directory": False}
    item.update(extra)
    return item


def settings_files(os_name: str, options: Mapping, delivery: str | None = None) -> list[dict]:
    """The settings files of a Linux or macOS host, in order, as managed_file options. ``output`` names the
    rendered output that is the content; ``text`` is content that is not a settings document (_meta.json).

      linux                       cowork3p_linux_path (native JSON)
      macos managed_preferences   <managed preferences dir>/[<user>/]com.anthropic.claudefordesktop.plist
      macos config_library        <home base>/<user>/Library/Application Support/Claude-3p/configLibrary/<id>.json
                                  and _meta.json pointing at it
      macos profile               the staged .mobileconfig (installing it needs MDM or a user's approval)
    """
    if os_name == "linux":
        return [_file(options, "linux", "managed_file", str(options.get("cowork3p_linux_path")), "json",
                      options.get("cowork3p_linux_owner"), options.get("cowork3p_linux_group"),
                      options.get("cowork3p_linux_mode"), options.get("cowork3p_linux_directory_mode"),
                      output="json", remove_empty_directory=truthy(options.get("cowork3p_linux_remove_empty_directory")),
                      acceptance=True)]
    if os_name != "macos":
        return []
    delivery = delivery or str(options.get("cowork3p_macos_delivery") or "managed_preferences")
    users = [str(u) for u in options.get("cowork3p_macos_users") or []]
    owner, group = options.get("cowork3p_macos_owner"), options.get("cowork3p_macos_group")
    mode, dmode = options.get("cowork3p_macos_file_mode"), options.get("cowork3p_macos_directory_mode")
    if delivery == "profile":
        return [_file(options, "macos", "profile", str(options.get("cowork3p_macos_profile_path")), "mobileconfig",
                      owner, group, mode, dmode, output="mobileconfig", manage_directory=False)]
    if delivery == "config_library":
        if not users:
            raise FleetError("cowork3p_macos_delivery config_library needs cowork3p_macos_users "
                             "(the users whose library to manage)")
        library_id = str(options.get("cowork3p_macos_config_library_id"))
        meta = {"appliedId": library_id,
                "configurations": [{"id": library_id, "name": options.get("cowork3p_macos_config_library_name")}]}
        meta_text = json.dumps(meta, indent=2, sort_keys=True) + "\n"  # as to_nice_json(indent=2) writes it
        group = options.get("cowork3p_macos_user_group")
        out = []
        for user in users:
            library = "%s/%s/%s" % (options.get("cowork3p_macos_home_base"), user, CONFIG_LIBRARY)
            out.append(_file(options, "macos", "config_library", "%s/%s.json" % (library, library_id), "json",
                             user, group, "0600", "0700", output="json"))
            out.append(_file(options, "macos", "config_library", library + "/_meta.json", "text",
                             user, group, "0600", "0700", text=meta_text))
        return out
    base = str(options.get("cowork3p_macos_managed_preferences_dir"))
    # the device-level file, or one per user (a per-user folder is ours to remove once empty, the device-level never)
    return [_file(options, "macos", "managed_preferences", "%s/%s%s" % (base, (user + "/") if user else "", PLIST_NAME),
                  "plist", owner, group, mode, dmode, output="plist", remove_empty_directory=bool(user),
                  acceptance=True)
            for user in (users or [""])]


def audit_files(os_name: str, options: Mapping) -> list[dict]:
    """The files the app reads on a Linux or macOS host, as the audit checks them: the settings files of the
    delivery, without _meta.json; for the profile delivery the device-level Managed Preferences file the
    profile lands in once approved. With acceptance the app's own rules decide (_acceptance.py); otherwise (a
    user's configLibrary) owner and mode are compared."""
    delivery = None
    if os_name == "macos" and options.get("cowork3p_macos_delivery") == "profile":
        delivery = "managed_preferences"
        options = dict(options, cowork3p_macos_users=[])
    out = []
    for item in settings_files(os_name, options, delivery):
        if item["format"] == "text":
            continue
        out.append({key: item[key] for key in _AUDIT_KEYS if key in item})
    return out


def truthy(value: Any) -> bool:
    """A role flag as Ansible's bool filter reads it."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on", "y", "t")
    return bool(value)


def host_plan(options: Mapping, rendered: Mapping | None = None, unprepared_msg: str = "") -> dict:
    """One host's plan: {os_known, os, doc, files, audit_files}.

    doc is the id of the host's settings document ('' when cowork3p_state is absent); it must be one the
    preparation step rendered (a key of ``rendered``), or FleetError(unprepared_msg) says why not. files and
    audit_files are empty unless the OS is Linux or macOS (Windows writes registry values instead)."""
    problems = mode_problems(options)
    if problems:
        raise FleetError("; ".join(problems))
    present = str(options.get("cowork3p_state") or "present") == "present"
    doc = document_id(options.get("cowork3p_settings"), options.get("cowork3p_desktop_version")) if present else ""
    if present and rendered is not None and doc not in rendered:
        raise FleetError(unprepared_msg or "the settings document of this host was not prepared (document %s)" % doc[:12])
    os_known = known_os(options)
    os_name = os_known or "unsupported"
    plan: dict = {"os_known": os_known, "os": os_name, "doc": doc, "files": [], "audit_files": []}
    if os_name in ("linux", "macos"):
        files = settings_files(os_name, options)
        for item in files:
            if "output" in item and doc:
                item["doc"] = doc
        plan["files"] = files
        plan["audit_files"] = audit_files(os_name, options)
    return plan


def delivery_items(files: list, options: Mapping) -> list[dict]:
    """The plan's files as the delivery task uses them: each item gets ``args`` (every managed_file option but the
    content, in one mapping: the task templates one argument per file instead of fifteen, about a millisecond each
    per host), ``content_from`` (``doc``: the rendered output ``output`` of document ``doc``; ``text``: the item's
    ``text``; ``helper``: the credential helper's text, which no item carries; ``none``: state absent) and
    ``label`` (what the task shows for it)."""
    present = str(options.get("cowork3p_state") or "present") == "present"
    verify = truthy(options.get("cowork3p_verify", True))
    state = "present" if present else "absent"
    for item in files:
        args = {name: item[name] for name in _FILE_ARGS if name in item}
        args.update(app_acceptance=bool(item.get("acceptance")), trusted_ancestors=bool(item.get("trusted_ancestors")),
                    verify=verify, state=state)
        item["args"] = args
        item["content_from"] = ("none" if not present else "doc" if "doc" in item else "text" if "text" in item
                                else "helper")
        item["label"] = item["path"] + (STAGED_NOTE if item.get("format") == "mobileconfig" and present else "")
    return files
