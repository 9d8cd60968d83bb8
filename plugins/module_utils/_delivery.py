# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Endpoint side of settings delivery: one file, compared, written atomically, verified.

Pure standard library plus the collection's masking helper, so it runs on any
endpoint Python the module reaches. Nothing here knows Ansible's module API:
``deliver()`` takes plain values and returns a plain result dict, and every
domain failure is a ``DeliveryError`` (the module turns it into ``fail_json``).

Rules enforced (they are the rules the app applies before it trusts a file):

* the file and its parent directory must not be symbolic links;
* the file must be a regular file; the directory a directory;
* owner, group and mode are set and then read back;
* with ``app_acceptance`` the file and its directory are made what the app accepts (root-owned, not
  group/world-writable; the rules live in ``_acceptance``) and checked again on disk after the write;
* content is written to a temporary file in the same directory, flushed,
  given its final owner and mode, and renamed over the old file, so a reader
  sees either the old or the new document, never half of one.

Secrets: the content is never returned. Diffs are built from the parsed
documents after masking (``_mask.mask_settings``); a secret that changed shows
as ``******** (changed)``; unparseable content is summarised by its size only.
"""

from __future__ import annotations

import grp
import hashlib
import json
import os
import plistlib
import pwd
import stat
import tempfile

from ansible_collections.cowork3p.fleet.plugins.module_utils import _acceptance
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import loads_strict
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import MASK, mask_settings

FORMATS = ("json", "plist", "mobileconfig", "text")
CHANGED_SECRET = MASK + " (changed)"


class DeliveryError(Exception):
    """A condition the module must report as a failure (message is safe to show)."""


# --------------------------------------------------------------------------- parsing


def _decode_json_strings(mapping):
    """Plist/registry values carry arrays and objects as JSON strings: decode them."""
    out = {}
    for key, value in mapping.items():
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            try:
                value = json.loads(value)
            except ValueError:
                pass
        out[key] = value
    return out


def parse_document(data, fmt):
    """Settings mapping held by ``data`` (bytes), or None when it cannot be parsed.

    json          a top-level JSON object (duplicate keys and NaN are refused)
    plist         a flat plist dict (Managed Preferences)
    mobileconfig  a configuration profile: the keys of its payloads, Payload* removed
    text          never parsed (None)
    """
    if data is None or fmt == "text":
        return None
    try:
        if fmt == "json":
            doc = loads_strict(data.decode("utf-8"))
        elif fmt == "plist":
            doc = plistlib.loads(data)
            doc = _decode_json_strings(doc) if isinstance(doc, dict) else None
        elif fmt == "mobileconfig":
            profile = plistlib.loads(data)
            doc = {}
            for payload in profile.get("PayloadContent") or []:
                if isinstance(payload, dict):
                    doc.update((k, v) for k, v in payload.items() if not k.startswith("Payload"))
            doc = _decode_json_strings(doc)
        else:
            return None
    except Exception:  # pylint: disable=broad-except
        return None
    return doc if isinstance(doc, dict) else None


def changed_keys(before, after):
    """Sorted key names whose decoded value differs (added, removed or changed)."""
    before = before or {}
    after = after or {}
    return sorted(k for k in set(before) | set(after) if before.get(k, _ABSENT) != after.get(k, _ABSENT))


_ABSENT = object()


def masked_views(before, after):
    """Masked copies of two documents; a changed secret shows as '******** (changed)'."""
    m_before = mask_settings(before) if before is not None else None
    m_after = mask_settings(after) if after is not None else None
    if before is not None and after is not None:
        for key in changed_keys(before, after):
            if key in m_before and key in m_after and m_before[key] == m_after[key]:
                m_after[key] = CHANGED_SECRET
    return m_before, m_after


def _view_text(masked, raw, fmt):
    if raw is None:
        return ""
    if masked is None:
        if fmt == "text":
            return "<%d bytes, not shown>\n" % len(raw)
        return "<%d bytes, unparseable as %s, not shown>\n" % (len(raw), fmt)
    return json.dumps(masked, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- ownership


def resolve_uid(owner):
    if owner is None or owner == "":
        return None
    text = str(owner)
    if text.isdigit():
        return int(text)
    try:
        return pwd.getpwnam(text).pw_uid
    except KeyError:
        raise DeliveryError("owner %r does not exist on this host" % text)


def resolve_gid(group):
    if group is None or group == "":
        return None
    text = str(group)
    if text.isdigit():
        return int(text)
    try:
        return grp.getgrnam(text).gr_gid
    except KeyError:
        raise DeliveryError("group %r does not exist on this host" % text)


def parse_mode(mode):
    """'0644', '644', 0o644 or 420 -> 0o644 (int); None stays None."""
    if mode is None or mode == "":
        return None
    if isinstance(mode, int):
        return mode & 0o7777
    text = str(mode).strip()
    try:
        value = int(text, 8)
    except ValueError:
        raise DeliveryError("mode %r is not an octal number such as '0644'" % text)
    if value < 0 or value > 0o7777:
        raise DeliveryError("mode %r is out of range" % text)
    return value


def _lstat(path):
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _attr_problems(st, uid, gid, mode):
    """Which of owner/group/mode differ (list of names)."""
    out = []
    if uid is not None and st.st_uid != uid:
        out.append("owner")
    if gid is not None and st.st_gid != gid:
        out.append("group")
    if mode is not None and stat.S_IMODE(st.st_mode) != mode:
        out.append("mode")
    return out


def _apply_attrs(path, uid, gid, mode, what):
    try:
        if uid is not None or gid is not None:
            os.lchown(path, -1 if uid is None else uid, -1 if gid is None else gid)
        if mode is not None:
            os.chmod(path, mode)
    except OSError as exc:
        raise DeliveryError("cannot set owner/group/mode of %s %s: %s" % (what, path, exc.strerror or exc))


# --------------------------------------------------------------------------- directory


def _missing_parents(directory):
    """Directories that do not exist yet, outermost first."""
    missing = []
    current = directory
    while current and current != os.path.dirname(current) and _lstat(current) is None:
        missing.append(current)
        current = os.path.dirname(current)
    missing.reverse()
    return missing


def check_directory(directory, refuse_symlinks=True):
    """Raise when the directory exists but is a symlink or not a directory."""
    st = _lstat(directory)
    if st is None:
        return None
    if stat.S_ISLNK(st.st_mode):
        if refuse_symlinks:
            raise DeliveryError("refusing to use %s: it is a symbolic link (the app rejects settings "
                                "whose directory is a symlink); replace it with a real directory" % directory)
        st = os.stat(directory)
    if not stat.S_ISDIR(st.st_mode):
        raise DeliveryError("%s exists and is not a directory" % directory)
    return st


def _unescape_mountinfo(field):
    """mountinfo escapes space, tab, newline and backslash as \\ooo octal."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def is_mount_point(path):
    """True for any mount point, including bind mounts from the same filesystem (Linux mountinfo)."""
    if os.path.ismount(path):
        return True
    try:
        with open("/proc/self/mountinfo") as handle:
            points = set(_unescape_mountinfo(line.split()[4]) for line in handle if len(line.split()) > 4)
    except OSError:
        return False
    return os.path.realpath(path) in points


# --------------------------------------------------------------------------- main entry


def _read_regular(path, refuse_symlinks):
    """(stat, bytes) of the current file; (None, None) when absent."""
    st = _lstat(path)
    if st is None:
        return None, None
    if stat.S_ISLNK(st.st_mode):
        if refuse_symlinks:
            raise DeliveryError("refusing to manage %s: it is a symbolic link (the app rejects a settings file "
                                "that is a symlink); remove the link first" % path)
        st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise DeliveryError("%s exists and is not a regular file" % path)
    with open(path, "rb") as handle:
        return st, handle.read()


def _write_atomic(path, data, uid, gid, mode):
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _apply_attrs(tmp, uid, gid, mode, "temporary file")
        os.rename(tmp, path)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise
    _fsync_dir(directory)


def _fsync_dir(directory):
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def deliver(path, content=None, fmt="text", owner=None, group=None, mode=None,
            directory_owner=None, directory_group=None, directory_mode=None,
            manage_directory=True, create_parents=True, remove_empty_directory=False,
            state="present", refuse_symlinks=True, verify=True, check_mode=False, want_diff=False,
            app_acceptance=False):
    """Make ``path`` hold exactly ``content`` (state=present) or not exist (state=absent).

    app_acceptance: the file and its directory must end as the app accepts them (_acceptance): owner
    and group unset mean root (gid 0), an unset mode drops group/world write bits, options that break the
    rules are refused before anything is touched, and verification checks the rules on disk.

    Returns a result dict: changed, restart_required, path, state, actions (list of
    short strings), changed_keys, checksum (sha256 of the desired/written bytes),
    and ``diff`` (masked) when want_diff is true. Raises DeliveryError.
    """
    if fmt not in FORMATS:
        raise DeliveryError("format must be one of %s" % ", ".join(FORMATS))
    if not os.path.isabs(path):
        raise DeliveryError("path must be absolute: %s" % path)
    path = os.path.normpath(path)
    directory = os.path.dirname(path)

    uid, gid, fmode = resolve_uid(owner), resolve_gid(group), parse_mode(mode)
    duid, dgid, dmode = resolve_uid(directory_owner), resolve_gid(directory_group), parse_mode(directory_mode)

    if app_acceptance and state == "present":
        refuse_symlinks = True
        _refuse_unacceptable(uid, gid, fmode, duid, dgid, dmode)
    actions = []
    dir_st = check_directory(directory, refuse_symlinks)
    old_st, old = (None, None)
    if dir_st is not None:
        old_st, old = _read_regular(path, refuse_symlinks)

    if state == "absent":
        result = _absent(path, directory, old_st, old, fmt, remove_empty_directory, check_mode, want_diff, actions)
        return result

    if content is None:
        raise DeliveryError("content is required when state=present")
    new = content.encode("utf-8") if isinstance(content, str) else bytes(content)

    if app_acceptance:
        uid, gid, fmode, duid, dgid, dmode = _accepted_attrs(uid, gid, fmode, duid, dgid, dmode, old_st, dir_st)
        manage_directory = True
    # 1. the directory
    missing = _missing_parents(directory) if dir_st is None else []
    if missing and not create_parents:
        raise DeliveryError("directory %s does not exist and create_parents is false" % directory)
    if missing:
        actions.append("create directory %s" % directory)
    dir_fix = []
    if manage_directory and dir_st is not None:
        dir_fix = _attr_problems(dir_st, duid, dgid, dmode)
        if dir_fix:
            actions.append("set %s of directory %s" % ("/".join(dir_fix), directory))
    # 2. the file
    content_changed = old != new
    file_fix = []
    if old is None:
        actions.append("create %s" % path)
    else:
        if content_changed:
            actions.append("update %s" % path)
        file_fix = _attr_problems(old_st, uid, gid, fmode)
        if file_fix and not content_changed:
            actions.append("set %s of %s" % ("/".join(file_fix), path))

    before_doc = parse_document(old, fmt)
    after_doc = parse_document(new, fmt)
    keys = changed_keys(before_doc, after_doc) if content_changed and fmt != "text" else []

    changed = bool(actions)
    if changed and not check_mode:
        for item in missing:
            try:
                os.mkdir(item, 0o700)
            except OSError as exc:
                raise DeliveryError("cannot create directory %s: %s" % (item, exc.strerror or exc))
            _apply_attrs(item, duid, dgid, dmode if dmode is not None else 0o755, "directory")
        if dir_fix:
            _apply_attrs(directory, duid, dgid, dmode, "directory")
        if content_changed:
            _write_atomic(path, new, uid, gid, fmode if fmode is not None else 0o644)
        elif file_fix:
            _apply_attrs(path, uid, gid, fmode, "file")

    if verify and not check_mode:
        if app_acceptance:
            verify_acceptance(path)
        _verify(path, directory, new, uid, gid, fmode, duid if manage_directory else None,
                dgid if manage_directory else None, dmode if manage_directory else None, refuse_symlinks)

    result = {
        "changed": changed,
        "restart_required": changed,
        "path": path,
        "state": "present",
        "actions": actions,
        "content_changed": content_changed,
        "changed_keys": keys,
        "checksum": hashlib.sha256(new).hexdigest(),
        "verified": bool(verify and not check_mode),
    }
    if want_diff:
        result["diff"] = _diff(path, old, new, before_doc, after_doc, fmt, changed)
    return result


def _absent(path, directory, old_st, old, fmt, remove_empty_directory, check_mode, want_diff, actions):
    if old_st is not None:
        actions.append("remove %s" % path)
    prune = False
    # A mount point is never ours to remove (and rmdir would fail with EBUSY).
    if remove_empty_directory and _lstat(directory) is not None and not is_mount_point(directory):
        try:
            remaining = [n for n in os.listdir(directory) if os.path.join(directory, n) != path]
        except OSError:
            remaining = ["?"]
        prune = not remaining
        if prune:
            actions.append("remove empty directory %s" % directory)
    changed = bool(actions)
    if changed and not check_mode:
        if old_st is not None:
            try:
                os.unlink(path)
            except OSError as exc:
                raise DeliveryError("cannot remove %s: %s" % (path, exc.strerror or exc))
            _fsync_dir(directory)
        if prune:
            try:
                os.rmdir(directory)
            except OSError as exc:
                raise DeliveryError("cannot remove directory %s: %s" % (directory, exc.strerror or exc))
    if not check_mode and os.path.lexists(path):
        raise DeliveryError("verification failed: %s still exists" % path)
    before_doc = parse_document(old, fmt)
    result = {
        "changed": changed,
        "restart_required": old_st is not None,
        "path": path,
        "state": "absent",
        "actions": actions,
        "content_changed": old_st is not None,
        "changed_keys": sorted(before_doc) if before_doc else [],
        "checksum": None,
        "verified": not check_mode,
    }
    if want_diff:
        result["diff"] = _diff(path, old, None, before_doc, None, fmt, changed)
    return result


def _diff(path, old, new, before_doc, after_doc, fmt, changed):
    if not changed:
        return {}
    m_before, m_after = masked_views(before_doc, after_doc)
    return {
        "before_header": path if old is not None else "%s (absent)" % path,
        "after_header": path if new is not None else "%s (absent)" % path,
        "before": _view_text(m_before, old, fmt),
        "after": _view_text(m_after, new, fmt),
    }


def _refuse_unacceptable(uid, gid, fmode, duid, dgid, dmode):
    """Options that would give the app a file it rejects: refused before anything is touched."""
    problems = []
    for what, value in (("owner", uid), ("directory owner", duid)):
        if value not in (None, 0):
            problems.append("%s is uid %d: the app reads only root-owned settings" % (what, value))
    for what, value in (("group", gid), ("directory group", dgid)):
        if value not in (None, 0):
            problems.append("%s is gid %d: settings belong to the root group (gid 0)" % (what, value))
    for what, value in (("mode", fmode), ("directory mode", dmode)):
        if value is not None and value & _acceptance.GROUP_WORLD_WRITE:
            problems.append("%s %04o is group- or world-writable, which the app rejects" % (what, value))
    if problems:
        raise DeliveryError("refusing options the app would reject: " + "; ".join(problems))


def _accepted_attrs(uid, gid, fmode, duid, dgid, dmode, old_st, dir_st):
    """Fill unset attributes with what the app accepts: root, gid 0, no group/world write bits."""
    if fmode is None and old_st is not None and not stat.S_ISLNK(old_st.st_mode):
        fmode = stat.S_IMODE(old_st.st_mode) & ~_acceptance.GROUP_WORLD_WRITE
    if dmode is None and dir_st is not None:
        dmode = stat.S_IMODE(dir_st.st_mode) & ~_acceptance.GROUP_WORLD_WRITE
    return (0 if uid is None else uid, 0 if gid is None else gid, fmode,
            0 if duid is None else duid, 0 if dgid is None else dgid, dmode)


def verify_acceptance(path):
    """Raise unless the file and its parent directory, as they are on disk now, are what the app accepts."""
    directory = os.path.dirname(path)
    problems = _acceptance.acceptance_problems(_acceptance.entry_from_stat(_lstat(path)),
                                               _acceptance.entry_from_stat(_lstat(directory)))
    if problems:
        raise DeliveryError("verification failed: the app would reject this file (%s)"
                            % "; ".join(_acceptance.describe(problems, path, directory)))


def _verify(path, directory, expected, uid, gid, fmode, duid, dgid, dmode, refuse_symlinks):
    """Read the result back: type, owner, group, mode and bytes."""
    dir_st = check_directory(directory, refuse_symlinks)
    if dir_st is None:
        raise DeliveryError("verification failed: directory %s is missing" % directory)
    problems = _attr_problems(dir_st, duid, dgid, dmode)
    if problems:
        raise DeliveryError("verification failed: %s of directory %s could not be made right"
                            % ("/".join(problems), directory))
    st, data = _read_regular(path, refuse_symlinks)
    if st is None:
        raise DeliveryError("verification failed: %s is missing after writing" % path)
    problems = _attr_problems(st, uid, gid, fmode)
    if problems:
        raise DeliveryError("verification failed: %s of %s could not be made right" % ("/".join(problems), path))
    if data != expected:
        raise DeliveryError("verification failed: %s does not hold the content just written" % path)
