# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of cowork3p.fleet; each one is documented in the .yml file of its name."""

from __future__ import annotations

import base64
import os

from ansible.errors import AnsibleFilterError
from ansible.utils.display import Display

from ansible_collections.cowork3p.fleet.plugins.module_utils import _acceptance as acceptance
from ansible_collections.cowork3p.fleet.plugins.module_utils import _audit as audit
from ansible_collections.cowork3p.fleet.plugins.module_utils import _render as render
from ansible_collections.cowork3p.fleet.plugins.module_utils import _winreg as winreg
from ansible_collections.cowork3p.fleet.plugins.module_utils._drift import drift
from ansible_collections.cowork3p.fleet.plugins.module_utils._importers import import_settings, profile_signer, ImportError_
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import mask_settings as _mask, summarise
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import MAX_SHOWN, validate as _validate
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _templating as templating


def _settings(name, settings, desktop_version=None, allow_empty=False):
    if not isinstance(settings, dict):
        raise AnsibleFilterError("cowork3p.fleet.%s: expected a mapping of settings, got %s"
                                 % (name, type(settings).__name__))
    try:
        return templating.check_settings(settings, desktop_version=desktop_version, allow_empty=allow_empty).settings
    except templating.RenderError as exc:
        raise AnsibleFilterError("cowork3p.fleet.%s: %s" % (name, exc))


def _render(name, fmt, settings, desktop_version=None, template_dir=None, allow_empty=False, **options):
    normalised = _settings(name, settings, desktop_version, allow_empty)
    try:
        return templating.render_text(fmt, normalised, template_dir=template_dir, **options)
    except templating.RenderError as exc:
        raise AnsibleFilterError("cowork3p.fleet.%s: %s" % (name, exc))


def validate(settings, desktop_version=None, allow_empty=False):
    """Every error and warning as a list of dicts (empty when all is well)."""
    return [p.as_dict() for p in _validate(settings, desktop_version=desktop_version, allow_empty=allow_empty).problems]


def to_mobileconfig(settings, identifier=None, display_name=None, organization=None, description=None,
                    scope="System", desktop_version=None, template_dir=None, allow_empty=False):
    return _render("to_mobileconfig", "mobileconfig", settings, desktop_version, template_dir, allow_empty,
                   identifier=identifier, display_name=display_name, organization=organization,
                   description=description, scope=scope)


def to_managed_plist(settings, desktop_version=None, template_dir=None, allow_empty=False):
    return _render("to_managed_plist", "plist", settings, desktop_version, template_dir, allow_empty)


def to_reg(settings, hive="HKLM", desktop_version=None, template_dir=None, allow_empty=False):
    text = _render("to_reg", "reg", settings, desktop_version, template_dir, allow_empty, hive=hive)
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def to_managed_json(settings, desktop_version=None, template_dir=None, allow_empty=False):
    return _render("to_managed_json", "json", settings, desktop_version, template_dir, allow_empty)


def to_registry_values(settings, hive="HKLM", desktop_version=None, allow_empty=False):
    normalised = _settings("to_registry_values", settings, desktop_version, allow_empty)
    secrets = {k for k, v in _mask(normalised).items() if v != normalised[k]}
    try:
        return render.registry_values(normalised, hive=hive, secret_keys=secrets)
    except ValueError as exc:
        raise AnsibleFilterError("cowork3p.fleet.to_registry_values: %s" % exc)


def _outputs(normalised, profile):
    """Every delivery output of one normalised document (what the managed_settings role writes)."""
    secrets = {k for k, v in _mask(normalised).items() if v != normalised[k]}
    strings = templating.shared_strings(normalised)
    try:
        out = templating.render_texts(("json", "plist", "mobileconfig"), normalised, strings=strings, **profile)
        out["registry_hklm"] = render.registry_values(normalised, hive="HKLM", secret_keys=secrets, strings=strings)
        out["registry_hkcu"] = render.registry_values(normalised, hive="HKCU", secret_keys=secrets, strings=strings)
        return out
    except (templating.RenderError, ValueError) as exc:
        raise AnsibleFilterError("cowork3p.fleet.render_outputs: %s" % exc)


def render_outputs(settings, desktop_version=None, identifier=None, display_name=None, organization=None,
                   description=None, scope="System", allow_empty=False):
    """Validate once and render every output the managed_settings role can deliver."""
    normalised = _settings("render_outputs", settings, desktop_version, allow_empty)
    return _outputs(normalised, {"identifier": identifier, "display_name": display_name,
                                 "organization": organization, "description": description, "scope": scope})


def prepare_documents(documents, rendered=None, identifier=None, display_name=None, organization=None,
                      description=None, scope="System", allow_empty=False):
    """Validate and render each distinct document of a fleet once.

    documents: [{id, host, settings, desktop_version}], one per host (hosts sharing a document share its id).
    rendered: the result of an earlier call; documents already in it are neither validated nor rendered again.
    Returns {id: {outputs, errors, warnings, settings, hosts, count, new}}: errors and warnings are the problem texts
    (secrets masked), outputs is None when the document has errors, new says whether this call checked it.
    """
    if not isinstance(documents, list):
        raise AnsibleFilterError("cowork3p.fleet.prepare_documents: expected a list of documents")
    profile = {"identifier": identifier, "display_name": display_name, "organization": organization,
               "description": description, "scope": scope}
    out = {}
    for doc_id, entry in (rendered or {}).items():
        out[doc_id] = dict(entry, new=False)
    for doc in documents:
        if not isinstance(doc, dict) or "id" not in doc:
            raise AnsibleFilterError("cowork3p.fleet.prepare_documents: each document needs an id")
        doc_id = doc["id"]
        entry = out.get(doc_id)
        if entry is None:
            settings = doc.get("settings")
            if not isinstance(settings, dict):
                raise AnsibleFilterError("cowork3p.fleet.prepare_documents: the settings of host %s are not a mapping "
                                         "(got %s)" % (doc.get("host", "?"), type(settings).__name__))
            report = _validate(settings, desktop_version=doc.get("desktop_version") or None, allow_empty=allow_empty)
            entry = out[doc_id] = {
                "outputs": None if report.errors else _outputs(report.settings, profile),
                "errors": summarise([p.text for p in report.errors], MAX_SHOWN, "more error(s)"),
                "warnings": report.warning_texts(),
                "settings": settings, "hosts": [], "count": 0, "new": True,
            }
        if entry["new"]:
            entry["count"] += 1
            if len(entry["hosts"]) < 5 and doc.get("host"):
                entry["hosts"].append(doc["host"])
    return out


def _b64(name, data, b64):
    """The input itself, or its bytes when b64 is true (the content of slurp / win_slurp)."""
    if not b64:
        return data
    try:
        return base64.b64decode(data, validate=True)
    except (TypeError, ValueError) as exc:
        raise AnsibleFilterError("cowork3p.fleet.%s: b64=true, but the input is not base64 (%s)" % (name, exc))


def _import(name, fmt, data, **kwargs):
    """(settings, notes) of one file; every note is also shown as a warning (the admin sees what the app would
    ignore or choose)."""
    if data is None:
        raise AnsibleFilterError("cowork3p.fleet.%s: no data" % name)
    if isinstance(data, str):
        data = str(data)
    try:
        settings, _report, notes = import_settings(data, fmt, **kwargs)
    except (ImportError_, UnicodeDecodeError) as exc:
        raise AnsibleFilterError("cowork3p.fleet.%s: %s" % (name, exc))
    display = Display()
    for note in notes:
        display.warning("cowork3p.fleet.%s: %s" % (name, note))
    return settings, notes


def _with_notes(settings, notes, notes_wanted, **extra):
    if not notes_wanted and not extra:
        return settings
    out = {"settings": settings}
    out.update(extra)
    if notes_wanted:
        out["notes"] = list(notes)
    return out


def from_mobileconfig(data, ca_bundle=None, signer=False, b64=False, notes=False):
    data = _b64("from_mobileconfig", data, b64)
    settings, found_notes = _import("from_mobileconfig", "mobileconfig", data, ca_bundle=ca_bundle)
    if not signer:
        return _with_notes(settings, found_notes, notes)
    try:
        found = profile_signer(data, ca_bundle=ca_bundle)
    except ImportError_ as exc:
        raise AnsibleFilterError("cowork3p.fleet.from_mobileconfig: %s" % exc)
    return _with_notes(settings, found_notes, notes, signer=found)


def from_reg(data, hive=None, b64=False, notes=False):
    settings, found_notes = _import("from_reg", "reg", _b64("from_reg", data, b64), hive=hive)
    return _with_notes(settings, found_notes, notes)


def from_managed_json(data, b64=False, notes=False):
    settings, found_notes = _import("from_managed_json", "json", _b64("from_managed_json", data, b64))
    return _with_notes(settings, found_notes, notes)


def mask_settings(settings):
    if not isinstance(settings, dict):
        raise AnsibleFilterError("cowork3p.fleet.mask_settings: expected a mapping of settings")
    return _mask(dict(settings))


def settings_drift(actual, desired):
    return drift(actual, desired)


def file_option_problems(option_sets, defaults=None):
    """Messages for sets of managed_settings role options that would give the app a file it rejects."""
    if not isinstance(option_sets, list):
        raise AnsibleFilterError("cowork3p.fleet.file_option_problems: expected a list of option sets")
    out = []
    for entry in option_sets:
        if not isinstance(entry, dict):
            continue
        options = dict(defaults or {}, **(entry.get("options") or {}))
        hosts = list(entry.get("hosts") or [])
        count = entry.get("count", len(hosts))
        who = "%d host(s): %s%s" % (count, ", ".join(hosts), ", ..." if count > len(hosts) else "")
        out.extend("%s: %s" % (who, text) for text in acceptance.role_option_problems(options))
    return out


def audit_files(files, stats, dir_stats=None, reads=None, desired=None, os_name="linux", delivery="managed_file"):
    return audit.files_host(files, stats, dir_stats, reads, desired, os_name=os_name, delivery=delivery)


def audit_registry(reg, desired=None, key="", hive="HKLM", hklm=None):
    return audit.registry_host(reg, desired, key, hive=hive, hklm=hklm)


def audit_registry_users(current, profile_list=None, desired=None, hklm=None):
    return audit.registry_users_host(current, profile_list, desired, hklm=hklm)


def registry_plan(desired, current=None, remove_unmanaged=True, managed_names=None, blind=False):
    if not isinstance(desired, list):
        raise AnsibleFilterError("cowork3p.fleet.registry_plan: expected the list of desired values")
    return winreg.plan(desired, current, remove_unmanaged=bool(remove_unmanaged),
                       managed_names=list(managed_names or []), blind=bool(blind))


def registry_mismatches(desired, removed=None, after=None):
    return winreg.mismatches(list(desired or []), list(removed or []), after)


def registry_policy_values(stat_result):
    return winreg.policy_values(stat_result)


def user_profiles(profile_stats, loaded=None, users=None):
    return winreg.profiles(profile_stats, loaded, users)


def registry_user_items(profile_list, current=None, desired=None, remove_unmanaged=True, managed_names=None):
    return winreg.user_items(list(profile_list or []), current, list(desired or []),
                             remove_unmanaged=bool(remove_unmanaged), managed_names=list(managed_names or []))


def from_start_dir(path):
    """A relative controller path resolved against the directory ansible-playbook was started from."""
    if not isinstance(path, str) or not path:
        raise AnsibleFilterError("cowork3p.fleet.from_start_dir: expected a path")
    path = os.path.expanduser(path)
    return os.path.normpath(path if os.path.isabs(path) else os.path.join(os.getcwd(), path))


class FilterModule:
    """Validate, render and import Claude Desktop managed settings."""

    def filters(self):
        return {
            "validate": validate,
            "to_mobileconfig": to_mobileconfig,
            "to_managed_plist": to_managed_plist,
            "to_reg": to_reg,
            "to_managed_json": to_managed_json,
            "to_registry_values": to_registry_values,
            "render_outputs": render_outputs,
            "prepare_documents": prepare_documents,
            "from_mobileconfig": from_mobileconfig,
            "from_reg": from_reg,
            "from_managed_json": from_managed_json,
            "mask_settings": mask_settings,
            "settings_drift": settings_drift,
            "file_option_problems": file_option_problems,
            "audit_files": audit_files,
            "audit_registry": audit_registry,
            "audit_registry_users": audit_registry_users,
            "registry_plan": registry_plan,
            "registry_mismatches": registry_mismatches,
            "registry_policy_values": registry_policy_values,
            "user_profiles": user_profiles,
            "registry_user_items": registry_user_items,
            "from_start_dir": from_start_dir,
        }
