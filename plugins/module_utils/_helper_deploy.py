# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shipping ``inferenceCredentialHelper`` with the managed settings (role managed_settings).

``review``: the checks made before any host is touched (the helper path in the document equals the
deployed path; a helper path with nothing shipped needs ``cowork3p_helper_present``; a static secret
about to land in a world-readable file; which credential the app uses when both are set).
``files``: the managed_file items that install the helper (and its wrapper) on Linux and macOS.
Role options, as the role passes them: source_text (the controller file's content), content, args,
present, dest (per OS), mode of the settings file.
"""

from __future__ import annotations

import json
import os
import shlex
import stat

from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import mask_value

PATH_KEY = "inferenceCredentialHelper"
KIND_KEY = "inferenceCredentialKind"
STATIC_KEYS = ("inferenceGatewayApiKey", "inferenceAnthropicApiKey", "inferenceBedrockBearerToken",
               "inferenceFoundryApiKey")
PROGRAM_SUFFIX = "-program"
OWNER_GROUP = {"linux": ("root", "root"), "macos": ("root", "wheel")}
ADMIN_GIDS = (0, 80)              # root/wheel, and macOS admin


def non_admin_writer(st, admin_gids=ADMIN_GIDS):
    """Who other than an administrator can write to a file or folder with this stat (a phrase), or None."""
    if st.st_uid != 0:
        return "owned by uid %d (not root), which can replace it" % st.st_uid
    if st.st_mode & stat.S_IWOTH:
        if stat.S_ISDIR(st.st_mode) and st.st_mode & stat.S_ISVTX:
            return None     # sticky, root-owned (/tmp-like): others cannot replace root's entries
        return "writable by every user (mode %04o)" % stat.S_IMODE(st.st_mode)
    if st.st_mode & stat.S_IWGRP and st.st_gid not in admin_gids:
        return "writable by group gid %d (mode %04o)" % (st.st_gid, stat.S_IMODE(st.st_mode))
    return None


def ancestor_problem(path, stat_fn=os.stat, admin_gids=ADMIN_GIDS):
    """Why a folder above the helper's own folder makes the helper replaceable by a user (a sentence), or None.

    The helper's own folder is the role's to create and repair (managed_file, root 0755); every folder above it,
    up to /, is only checked: the role did not create it and does not chmod system folders. A folder that does not
    exist yet is fine (managed_file creates it root-owned 0755). ``stat_fn`` follows symbolic links.
    """
    own = os.path.dirname(path)
    folder = os.path.dirname(own)
    while True:
        try:
            st = stat_fn(folder)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            return "cannot check the folder %s above the credential helper %s: %s" % (folder, path, exc.strerror or exc)
        who = non_admin_writer(st, admin_gids) if st is not None else None
        if who:
            return ("the folder %s above the credential helper %s is %s: a user who can write there can replace the "
                    "helper and take other users' tokens (rule: every folder above the helper owned by root and not "
                    "writable by group or others, sticky /tmp-like folders aside). The role repairs only the helper's "
                    "own folder (%s) and does not change folders it did not create: fix %s (chown root, chmod go-w) or "
                    "choose another destination (cowork3p_helper_dest_*); the helper was not installed"
                    % (folder, path, who, own, folder))
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


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


def review(settings, os_name, options):
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
    if shipped and os_name == "windows":
        errors.append("shipping a credential helper to Windows is not supported by this role yet: install it with "
                      "your software distribution and set cowork3p_helper_present: true")
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


def wrapper_text(program, args):
    """A POSIX sh wrapper that runs ``program`` with fixed arguments (the app passes none)."""
    return ("#!/bin/sh\n# Installed by cowork3p.fleet: Claude Desktop runs this path with no arguments.\n"
            "exec %s\n" % " ".join(shlex.quote(part) for part in [program] + [str(a) for a in args]))


def files(os_name, options, texts=False):
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


def read_source(path):
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


def options_from(values):
    """Role variable values (keys of ROLE_VARS) -> the options review() and files() read."""
    return {"source_text": read_source(values.get("source")), "content": values.get("content") or "",
            "args": list(values.get("args") or []), "present": bool(values.get("present")),
            "dest": {"linux": values.get("dest_linux"), "macos": values.get("dest_macos"),
                     "windows": values.get("dest_windows")},
            "settings_mode": str(values.get("settings_mode") or "0644")}


def fleet_review(hosts, hostvars, defaults):
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
