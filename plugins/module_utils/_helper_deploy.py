# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shipping ``inferenceCredentialHelper`` with the managed settings (role managed_settings).

``review``: the checks made before any host is touched (the helper path in the document equals the
deployed path; a helper path with nothing shipped needs ``cowork3p_helper_present``; a static secret
about to land in a world-readable file; which credential the app uses when both are set).
``files``: the managed_file items that install the helper (and its wrapper) on Linux and macOS;
(``_helper_paths.ancestor_problem``: the folders above the helper's own folder that make it replaceable, checked
by managed_file, never changed.)
``windows_*``: the decisions of the Windows delivery (tasks/windows_credential_helper.yml): paths, refusal, plan,\nverdict, and the host's record.
Role options, as the role passes them: source_text (the controller file's content), content, args,
present, dest (per OS), mode of the settings file.
"""

from __future__ import annotations

import hashlib
import json
import ntpath
import shlex
from typing import Any, Iterable, Mapping, Optional, Sequence

from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import mask_value

PATH_KEY = "inferenceCredentialHelper"
KIND_KEY = "inferenceCredentialKind"
STATIC_KEYS = ("inferenceGatewayApiKey", "inferenceAnthropicApiKey", "inferenceBedrockBearerToken",
               "inferenceFoundryApiKey")
PROGRAM_SUFFIX = "-program"
OWNER_GROUP = {"linux": ("root", "root"), "macos": ("root", "wheel")}


def _shipped(options):
    return bool(options.get("source_text") or options.get("content"))


def _world_readable(mode):
    try:
        return bool(int(str(mode), 8) & 0o004)
    except ValueError:
        return False


def _secret_keys(settings):
    return sorted(key for key, value in settings.items()
                  if value not in (None, "") and json.dumps(mask_value(key, value), sort_keys=True, default=str)
                  != json.dumps(value, sort_keys=True, default=str))


def review(settings: Any, os_name: str, options: dict) -> dict:
    """{"errors": [...], "warnings": [...]} for one host's document and helper options (no secret values)."""
    errors, warnings = [], []
    settings = settings if isinstance(settings, dict) else {}
    dests = options.get("dest") or {}
    path = settings.get(PATH_KEY)
    shipped = _shipped(options)
    if options.get("source_text") and options.get("content"):
        errors.append("cowork3p_helper_source and cowork3p_helper_content are both set: give one")
    if options.get("args") and not shipped:
        errors.append("cowork3p_helper_args needs the helper itself (cowork3p_helper_source or cowork3p_helper_content)")
    candidates = [dests.get(os_name)] if os_name in ("linux", "macos", "windows") else [dests.get("linux"), dests.get("macos")]
    candidates = [c for c in candidates if c]
    if shipped and os_name == "windows" and options.get("args"):
        errors.append("cowork3p_helper_args is not supported on Windows (the wrapper is a /bin/sh script): put the "
                      "arguments in the helper itself (a .cmd or .ps1 launcher) and ship that")
    elif shipped and not path:
        errors.append("a credential helper is shipped to %s but the settings do not set %s: set it to that path "
                      "(the app runs only the path in %s)" % (" or ".join(candidates), PATH_KEY, PATH_KEY))
    elif shipped and path not in candidates:
        errors.append("%s is %r but the helper is deployed to %s: they must be the same path"
                      % (PATH_KEY, str(path)[:200], " or ".join(candidates)))
    elif path and not shipped and not options.get("present"):
        errors.append("%s is %r but no helper is shipped (cowork3p_helper_source or cowork3p_helper_content) and "
                      "cowork3p_helper_present is not true: ship it, or set cowork3p_helper_present: true when "
                      "another tool installs it" % (PATH_KEY, str(path)[:200]))
    secrets = _secret_keys(settings)
    if secrets and os_name in ("linux", "macos", "auto") and _world_readable(options.get("settings_mode", "0644")):
        warnings.append("%s: static secret%s will land in the managed settings file, which every user of the machine "
                        "can read (mode %s); %s" % (
                            ", ".join(secrets), "s" if len(secrets) > 1 else "", options.get("settings_mode", "0644"),
                            "the credential helper (inferenceCredentialHelper) already provides the credential: "
                            "remove the static value" if path else
                            "a credential helper (inferenceCredentialHelper, shipped with cowork3p_helper_source) "
                            "keeps the credential out of the file"))
    static = [key for key in STATIC_KEYS if settings.get(key) not in (None, "")]
    if static and path:
        kind = settings.get(KIND_KEY)
        if kind:
            warnings.append("both %s and %s are set; inferenceCredentialKind is %r, so the app uses only that source "
                            "(no fallback)" % (", ".join(static), PATH_KEY, str(kind)[:40]))
        else:
            warnings.append("both %s and %s are set; the app uses the helper and ignores the static key (set "
                            "inferenceCredentialKind: helper-script to say so explicitly)" % (", ".join(static), PATH_KEY))
    return {"errors": errors, "warnings": warnings}


def wrapper_text(program: str, args: Sequence[str]) -> str:
    """A POSIX sh wrapper that runs ``program`` with fixed arguments (the app passes none)."""
    return ("#!/bin/sh\n# Installed by cowork3p.fleet: Claude Desktop runs this path with no arguments.\n"
            "exec %s\n" % " ".join(shlex.quote(part) for part in [program] + [str(a) for a in args]))


def files(os_name: str, options: dict, texts: bool = False) -> list | dict:
    """managed_file items installing the helper on Linux/macOS: root-owned, mode 0755, folder 0755.

    With ``texts``: {path: content} of those items instead.
    """
    if not _shipped(options) or os_name not in OWNER_GROUP:
        return {} if texts else []
    dest = (options.get("dest") or {}).get(os_name)
    owner, group = OWNER_GROUP[os_name]
    text = options.get("content") or options.get("source_text")
    common = {"os": os_name, "delivery": "helper", "format": "text", "owner": owner, "group": group, "mode": "0755",
              "directory_owner": owner, "directory_group": group, "directory_mode": "0755", "manage_directory": True,
              "remove_empty_directory": False, "acceptance": False, "trusted_ancestors": True}
    if options.get("args"):
        program = dest + PROGRAM_SUFFIX
        pairs = [(program, text), (dest, wrapper_text(program, options["args"]))]
    else:
        pairs = [(dest, text)]
    if texts:
        return dict(pairs)
    # the items never carry the content: loop items are shown at -v and the helper may hold secrets
    return [dict(common, path=path) for path, _text in pairs]


ROLE_VARS = {"settings": "cowork3p_settings", "os": "cowork3p_os", "source": "cowork3p_helper_source",
             "content": "cowork3p_helper_content", "args": "cowork3p_helper_args", "present": "cowork3p_helper_present",
             "dest_linux": "cowork3p_helper_dest_linux", "dest_macos": "cowork3p_helper_dest_macos",
             "dest_windows": "cowork3p_helper_dest_windows", "settings_mode": "cowork3p_linux_mode"}
_SOURCES = {}


def read_source(path: str | None) -> str:
    """The text of a helper file on the controller (read once per path per process), or raise ValueError."""
    if not path:
        return ""
    if path not in _SOURCES:
        try:
            with open(path, "rb") as handle:
                data = handle.read(1024 * 1024 + 1)
        except OSError as exc:
            raise ValueError("cowork3p_helper_source %s cannot be read: %s" % (path, exc.strerror or exc))
        if len(data) > 1024 * 1024:
            raise ValueError("cowork3p_helper_source %s is larger than 1 MiB: ship a small script or wrapper" % path)
        try:
            _SOURCES[path] = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("cowork3p_helper_source %s is not text: install binary helpers with your software "
                             "distribution and set cowork3p_helper_present: true" % path)
    return _SOURCES[path]


def options_from(values: Mapping) -> dict:
    """Role variable values (keys of ROLE_VARS) -> the options review() and files() read."""
    return {"source_text": read_source(values.get("source")), "content": values.get("content") or "",
            "args": list(values.get("args") or []), "present": bool(values.get("present")),
            "dest": {"linux": values.get("dest_linux"), "macos": values.get("dest_macos"),
                     "windows": values.get("dest_windows")},
            "settings_mode": str(values.get("settings_mode") or "0644")}


def fleet_review(hosts: Iterable[str], hostvars: Mapping, defaults: Mapping) -> dict:
    """review() over every host, once per distinct (document, OS, options); messages name the hosts.

    ``defaults``: the role's values, keyed like ROLE_VARS; a host's own variable wins.
    """
    seen, out = {}, {"errors": [], "warnings": []}
    for host in hosts:
        hv = hostvars[host]
        values = dict(defaults)
        for name, var in ROLE_VARS.items():
            if var in hv:
                values[name] = hv[var]
        key = json.dumps(values, sort_keys=True, default=str)
        if key not in seen:
            try:
                result = review(values.get("settings") or {}, values.get("os") or "auto", options_from(values))
            except ValueError as exc:
                result = {"errors": [str(exc)], "warnings": []}
            seen[key] = {"result": result, "hosts": []}
        seen[key]["hosts"].append(host)
    for entry in seen.values():
        names = entry["hosts"]
        who = "%s%s" % (", ".join(names[:3]), " and %d more" % (len(names) - 3) if len(names) > 3 else "")
        for level in ("errors", "warnings"):
            out[level].extend("%s: %s" % (who, text) for text in entry["result"][level])
    return out


# ---------------------------------------------------------------- Windows: ansible.windows modules, decisions here
# The role reads security descriptors as SDDL (Get-Acl), and this code decides: which folders above the helper make
# it replaceable (refused, never changed), what to change on the helper and its own folder (owner, access rules,
# inheritance), and whether what is on disk afterwards passes. Accounts are compared by SID, never by (localised) name.

WIN_SYSTEM = "S-1-5-18"
WIN_ADMINS = "S-1-5-32-544"
WIN_USERS = "S-1-5-32-545"
WIN_TRUSTED_INSTALLER = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"
WIN_ADMIN_SIDS = (WIN_SYSTEM, WIN_ADMINS, WIN_TRUSTED_INSTALLER)
WIN_OWNERS = (WIN_SYSTEM, WIN_ADMINS)         # the owner the role accepts on the helper and its own folder
_SDDL_SIDS = {"SY": WIN_SYSTEM, "BA": WIN_ADMINS, "BU": WIN_USERS, "AU": "S-1-5-11", "WD": "S-1-1-0",
              "IU": "S-1-5-4", "CO": "S-1-3-0", "OW": "S-1-3-4", "AC": "S-1-15-2-1", "PU": "S-1-5-32-547",
              "LS": "S-1-5-19", "NS": "S-1-5-20", "BG": "S-1-5-32-546", "CG": "S-1-3-1"}
_SDDL_RIGHTS = {"GA": 0x10000000, "GR": 0x80000000, "GW": 0x40000000, "GX": 0x20000000, "RC": 0x20000,
                "SD": 0x10000, "WD": 0x40000, "WO": 0x80000, "CC": 0x1, "DC": 0x2, "LC": 0x4, "SW": 0x8, "RP": 0x10,
                "WP": 0x20, "DT": 0x40, "LO": 0x80, "CR": 0x100, "FA": 0x1F01FF, "FR": 0x120089, "FW": 0x120116,
                "FX": 0x1200A0}
# what lets an account change or replace the object itself: write data / append / extended attributes / delete
# child / attributes, DELETE, WRITE_DAC, WRITE_OWNER, GENERIC_WRITE, GENERIC_ALL
WIN_WRITE = 0x2 | 0x4 | 0x10 | 0x40 | 0x100 | 0x10000 | 0x40000 | 0x80000 | 0x40000000 | 0x10000000
# a folder above the helper: what lets an account rename or replace what is below it (delete child), or take the
# folder over. Creating files or folders there (the default for Authenticated Users on C:\) is not enough.
WIN_ANCESTOR_WRITE = 0x40 | 0x10000 | 0x40000 | 0x80000 | 0x10000000
FULL_CONTROL = 0x1F01FF
READ_EXECUTE = 0x1200A9
# the explicit rules the helper and its own folder end with (inheritance from above is switched off)
WIN_RULES = ((WIN_SYSTEM, "FullControl", FULL_CONTROL), (WIN_ADMINS, "FullControl", FULL_CONTROL),
             (WIN_USERS, "ReadAndExecute", READ_EXECUTE))
_DIR_INHERIT = "ContainerInherit, ObjectInherit"


def parse_sddl(sddl: str) -> dict:
    """{"owner", "protected", "aces": [{"type", "flags", "mask", "sid"}]} of a security descriptor in SDDL.

    Only the owner and the DACL are read; ValueError for text that is not SDDL.
    """
    if not isinstance(sddl, str) or not sddl.startswith("O:"):
        raise ValueError("not a security descriptor in SDDL: %r" % str(sddl)[:80])
    owner_part = sddl[2:].split("G:", 1)[0].split("D:", 1)[0]
    dacl = sddl.split("D:", 1)[1] if "D:" in sddl else ""
    dacl = dacl.split("S:", 1)[0]
    head, _sep, rest = dacl.partition("(")
    aces = []
    if "NO_ACCESS_CONTROL" in head:     # a null DACL: everyone has full control
        aces.append({"type": "A", "flags": [], "mask": 0x10000000, "sid": "S-1-1-0"})
    for raw in ("(" + rest).split(")(") if rest else []:
        fields = raw.strip("()").split(";")
        if len(fields) < 6:
            raise ValueError("an access rule of the SDDL is not (type;flags;rights;;;sid): %r" % raw[:80])
        kind, flags, rights, sid = fields[0], fields[1], fields[2], fields[5]
        aces.append({"type": kind, "flags": [flags[i:i + 2] for i in range(0, len(flags), 2)],
                     "mask": _sddl_mask(rights), "sid": _SDDL_SIDS.get(sid, sid)})
    return {"owner": _SDDL_SIDS.get(owner_part, owner_part), "protected": "P" in head, "aces": aces}


def _sddl_mask(rights):
    if rights.lower().startswith("0x"):
        return int(rights, 16)
    mask = 0
    for i in range(0, len(rights), 2):
        code = rights[i:i + 2]
        if code not in _SDDL_RIGHTS:
            raise ValueError("unknown access right %r in the SDDL" % code)
        mask |= _SDDL_RIGHTS[code]
    return mask


def _applies(ace):
    """An allow rule that applies to the object itself (inherit-only rules only reach objects created later)."""
    return ace["type"] == "A" and "IO" not in ace["flags"]


def windows_paths(dest: str) -> dict:
    """The helper, its own folder and every folder above that, up to the drive (Windows path rules)."""
    folder = ntpath.dirname(dest)
    above, current = [], ntpath.dirname(folder)
    while current and current not in above:
        above.append(current)
        parent = ntpath.dirname(current)
        if parent == current:
            break
        current = parent
    return {"file": dest, "folder": folder, "above": above}


def windows_writers(acl: dict, mask: int = WIN_WRITE, owners: tuple = WIN_ADMIN_SIDS) -> list:
    """Phrases naming who other than SYSTEM, Administrators and TrustedInstaller can change the object."""
    out = []
    if acl["owner"] not in owners:
        out.append("owned by %s (an owner can always rewrite the permissions)" % acl["owner"])
    for ace in acl["aces"]:
        if _applies(ace) and ace["sid"] not in WIN_ADMIN_SIDS and ace["mask"] & mask:
            out.append("writable by %s (access mask 0x%X%s)" % (ace["sid"], ace["mask"],
                                                                ", inherited" if "ID" in ace["flags"] else ""))
    return out


def _by_path(read):
    out = {}
    for entry in read or []:
        if isinstance(entry, dict) and entry.get("path"):
            out[str(entry["path"]).lower()] = entry
    return out


def windows_refusal(dest: str, read: list) -> str:
    """The message that stops the host when a folder above the helper's own folder lets users replace it, or ""."""
    entries = _by_path(read)
    for folder in windows_paths(dest)["above"]:
        entry = entries.get(folder.lower())
        if not entry or not entry.get("exists"):
            continue
        try:
            who = windows_writers(parse_sddl(entry.get("sddl")), WIN_ANCESTOR_WRITE)
        except ValueError as exc:
            return "cannot check the folder %s above the credential helper %s: %s" % (folder, dest, exc)
        if who:
            return ("the folder %s above the credential helper %s is %s: a user who can rename or replace what is in "
                    "it can replace the helper and take other users' tokens (rule: every folder above the helper owned "
                    "by SYSTEM, Administrators or TrustedInstaller, and no one else allowed to delete its entries or "
                    "change its permissions). The role secures only the helper and its own folder (%s) and does not "
                    "change folders it did not create: fix %s or choose another cowork3p_helper_dest_windows; the "
                    "helper was not installed" % (folder, dest, "; ".join(who), windows_paths(dest)["folder"], folder))
    return ""


def _rule_present(acl, sid, mask, folder):
    for ace in acl["aces"]:
        if (ace["type"] == "A" and ace["sid"] == sid and "ID" not in ace["flags"] and "IO" not in ace["flags"]
                and ace["mask"] & mask == mask and (not folder or {"OI", "CI"} <= set(ace["flags"]))):
            return True
    return False


def _inherit_of(flags):
    names = [name for code, name in (("CI", "ContainerInherit"), ("OI", "ObjectInherit")) if code in flags]
    return ", ".join(names) if names else "None"


def _propagation_of(flags):
    return "InheritOnly" if "IO" in flags else ("NoPropagateInherit" if "NP" in flags else "None")


def windows_plan(dest: str, read: list) -> dict:
    """What to change on the helper and its own folder, from their SDDL (``read``: [{path, exists, sddl}]).

    {"owner": [paths], "add": [win_acl options], "protect": [paths], "remove": [win_acl options], "changed": bool}.
    A path that does not exist (check mode before the copy) gets every change, and ``exists`` false on its items so the
    role skips them (the ACL modules need the path).
    """
    entries = _by_path(read)
    paths = windows_paths(dest)
    plan = {"owner": [], "add": [], "protect": [], "remove": []}
    for path, folder in ((paths["folder"], True), (dest, False)):
        entry = entries.get(path.lower()) or {}
        exists = bool(entry.get("exists"))
        acl = parse_sddl(entry["sddl"]) if exists else {"owner": "", "protected": False, "aces": []}
        if acl["owner"] not in WIN_OWNERS:
            plan["owner"].append({"path": path, "user": WIN_ADMINS, "exists": exists})
        for sid, rights, mask in WIN_RULES:
            if not _rule_present(acl, sid, mask, folder):
                plan["add"].append({"path": path, "user": sid, "rights": rights, "type": "allow", "exists": exists,
                                    "inherit": _DIR_INHERIT if folder else "None", "propagation": "None"})
        if not acl["protected"]:
            plan["protect"].append({"path": path, "exists": exists})
        for ace in acl["aces"]:
            if ace["type"] == "A" and "ID" not in ace["flags"] and ace["sid"] not in WIN_ADMIN_SIDS \
                    and ace["mask"] & WIN_WRITE:
                plan["remove"].append({"path": path, "user": ace["sid"], "rights": str(ace["mask"]), "type": "allow",
                                       "inherit": _inherit_of(ace["flags"]) if folder else "None",
                                       "propagation": _propagation_of(ace["flags"]), "exists": exists})
    plan["changed"] = any(plan[name] for name in ("owner", "add", "protect", "remove"))
    return plan


def windows_actions(dest: str, read: list) -> dict:
    """windows_plan with only the changes the ACL modules can make now (on paths that exist); ``changed`` still
    counts every change, so check mode before the first copy reports one."""
    plan = windows_plan(dest, read)
    out = {name: [item for item in plan[name] if item["exists"]] for name in ("owner", "add", "protect", "remove")}
    return dict(out, changed=plan["changed"])


def _changed(registered) -> bool:
    return isinstance(registered, dict) and bool(registered.get("changed"))


def windows_record(result: Optional[dict], dest: str, steps: dict) -> dict:
    """The host's cowork3p_result with the helper's outcome added: ``helper`` {path, changed, verified}, and
    ``changed`` true when the helper changed. steps: what the role's tasks registered (removed, folder, copy, after:
    results; plan: windows_actions; present: cowork3p_state is present)."""
    present = bool(steps.get("present"))
    plan = steps.get("plan") if present and isinstance(steps.get("plan"), dict) else {}
    changed = any(_changed(steps.get(name)) for name in ("removed", "folder", "copy")) or bool(plan.get("changed"))
    after = steps.get("after")
    verified = isinstance(after, dict) and not after.get("skipped")
    out = dict(result or {})
    out["changed"] = changed or bool(out.get("changed"))
    out["helper"] = {"path": dest, "changed": changed, "verified": verified}
    return out


def windows_verdict(dest: str, read: list, stat_result: Optional[dict], sha1: Optional[str]) -> dict:
    """Whether the helper on disk passes: {"passed", "problems": [...]} from the read-back (SDDL) and win_stat."""
    problems = []
    stat_ = (stat_result or {}).get("stat") or {}
    if not stat_.get("exists"):
        problems.append("%s does not exist" % dest)
    elif stat_.get("isdir") or not stat_.get("isreg", True):
        problems.append("%s is not a regular file" % dest)
    elif sha1 and str(stat_.get("checksum") or "").lower() != sha1:
        problems.append("%s does not hold the helper that was shipped (SHA-1 differs)" % dest)
    entries = _by_path(read)
    paths = windows_paths(dest)
    for path, folder in ((paths["folder"], True), (dest, False)):
        entry = entries.get(path.lower()) or {}
        if not entry.get("exists"):
            problems.append("%s: not found when reading its permissions back" % path)
            continue
        try:
            acl = parse_sddl(entry.get("sddl"))
        except ValueError as exc:
            problems.append("%s: %s" % (path, exc))
            continue
        problems.extend("%s: %s" % (path, who) for who in windows_writers(acl, WIN_WRITE, WIN_OWNERS))
        if not acl["protected"]:
            problems.append("%s: still inherits permissions from the folder above" % path)
        for sid, rights, mask in WIN_RULES:
            if not _rule_present(acl, sid, mask, folder):
                problems.append("%s: no %s rule for %s" % (path, rights, sid))
    return {"passed": not problems, "problems": problems}


def windows_target(options: dict) -> dict:
    """What the Windows tasks need: paths, the content to copy and its SHA-1 (no_log where the content is used)."""
    dest = (options.get("dest") or {}).get("windows") or ""
    text = options.get("content") or options.get("source_text") or ""
    data = text.encode("utf-8")
    return dict(windows_paths(dest), shipped=bool(text), content=text, sha1=hashlib.sha1(data).hexdigest(),
                read=[dest, windows_paths(dest)["folder"]] + windows_paths(dest)["above"] if dest else [])
