# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Endpoint side of settings delivery: one file, compared, written atomically, verified.

Pure standard library plus the collection's host-side masking (_secret_keys, not the catalog), so it runs on any
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

Hostile input: every argument is checked before anything is touched (an
integer mode is refused, owner and group IDs must be in range); the existing
file is compared by size, then in chunks, and parsed for the diff only when it
is small (MAX_PARSE bytes); temporary files are named
``.<name>.cowork3p-tmp-<16 hex>`` and leftovers of a killed run (regular
files, one link, owned by root or by the user running the module) are removed
by the next run that writes.

Secrets: the content is never returned. Diffs are built from the parsed
documents after masking (``_secret_keys.mask_settings``, equal to ``_mask``'s); a secret that changed shows
as ``******** (changed)``; unparseable content is summarised by its size only.
"""

from __future__ import annotations

import grp
import hashlib
import json
import os
import pwd
import re
import stat
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils import _acceptance
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import loads_strict
from ansible_collections.cowork3p.fleet.plugins.module_utils._formats import DELIVERY_FORMATS

FORMATS = DELIVERY_FORMATS      # from the one table of formats
# what a masked secret that changed shows as (_secret_keys.MASK + this); _secret_keys is imported only to mask a
# diff: every module import is compiled again on every host, on every run
CHANGED = " (changed)"
MAX_PARSE = 4 * 1024 * 1024     # an existing file larger than this is compared in chunks, never parsed or shown
CHUNK = 1024 * 1024
MAX_ID = 2 ** 32 - 2            # (uid_t)-1 means "leave unchanged" to chown
TMP_MARK = ".cowork3p-tmp-"
_TMP_RANDOM = re.compile(r"[0-9a-f]{16}\Z")
_OCTAL = re.compile(r"(0o|0)?[0-7]{1,4}\Z", re.IGNORECASE)
_DIGITS = re.compile(r"[0-9]+\Z")


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


def parse_document(data: bytes, fmt: str) -> dict | None:
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
            import plistlib  # pylint: disable=import-outside-toplevel  # only the macOS formats need it
            doc = plistlib.loads(data)
            doc = _decode_json_strings(doc) if isinstance(doc, dict) else None
        elif fmt == "mobileconfig":
            import plistlib  # pylint: disable=import-outside-toplevel
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


def changed_keys(before: dict | None, after: dict | None) -> list:
    """Sorted key names whose decoded value differs (added, removed or changed)."""
    before = before or {}
    after = after or {}
    return sorted(k for k in set(before) | set(after) if before.get(k, _ABSENT) != after.get(k, _ABSENT))


_ABSENT = object()


def mark_changed(masked: Any, masked_old: Any, value: Any, old_value: Any) -> Any:
    """The masked new value, where masking hides a change (the same masked text before and after while the values
    differ) marked as '******** (changed)': inside mappings and lists of the same length item by item, a text
    with a masked part by ' (changed)' after it, anything else as a whole. The one marker of the collection:
    managed_file's diff and the render action's use it."""
    if masked != masked_old or value == old_value:
        return masked
    if isinstance(masked, dict) and isinstance(value, dict) and isinstance(old_value, dict) \
            and isinstance(masked_old, dict):
        return {name: mark_changed(item, masked_old.get(name), value.get(name, _ABSENT),
                                   old_value.get(name, _ABSENT))
                for name, item in masked.items()}
    if isinstance(masked, list) and isinstance(value, list) and isinstance(old_value, list) \
            and len(value) == len(old_value) == len(masked) == len(masked_old):
        return [mark_changed(m, mo, v, ov) for m, mo, v, ov in zip(masked, masked_old, value, old_value)]
    from ansible_collections.cowork3p.fleet.plugins.module_utils._secret_keys import MASK  # pylint: disable=import-outside-toplevel

    if isinstance(masked, str) and masked != MASK:
        return masked + CHANGED       # a text with a masked part (a URL's user:password@)
    return MASK + CHANGED


def mark_changed_settings(masked: dict, masked_old: dict, settings: dict, old_settings: dict) -> dict:
    """mark_changed for every key of two settings documents (the masked new one is returned marked)."""
    return {key: mark_changed(item, masked_old[key], settings[key], old_settings[key])
            if key in masked_old and key in settings and key in old_settings else item
            for key, item in masked.items()}


def masked_views(before: dict | None, after: dict | None) -> tuple:
    """Masked copies of two documents; a changed secret shows as '******** (changed)'."""
    from ansible_collections.cowork3p.fleet.plugins.module_utils._secret_keys import mask_settings  # pylint: disable=import-outside-toplevel

    m_before = mask_settings(before) if before is not None else None
    m_after = mask_settings(after) if after is not None else None
    if before is not None and after is not None:
        m_after = mark_changed_settings(m_after, m_before, after, before)
    return m_before, m_after


def _view_text(masked, raw, fmt, size=None):
    if raw is None:
        return "" if size is None else "<%d bytes, too large to compare as settings, not shown>\n" % size
    if masked is None:
        if fmt == "text":
            return "<%d bytes, not shown>\n" % len(raw)
        return "<%d bytes, unparseable as %s, not shown>\n" % (len(raw), fmt)
    return json.dumps(masked, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- ownership


def _resolve_id(value, what, lookup):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DeliveryError("%s must be a name or a numeric ID, not %s" % (what, type(value).__name__))
    text = str(value)
    if _DIGITS.match(text):
        number = int(text)
        if number > MAX_ID:
            raise DeliveryError("%s %s is out of range (numeric IDs go up to %d)" % (what, text, MAX_ID))
        return number
    if not text.isprintable() or len(text) > 256:
        raise DeliveryError("%s %r is not a valid user or group name" % (what, text[:64]))
    try:
        return lookup(text)
    except (KeyError, ValueError):
        raise DeliveryError("%s %r does not exist on this host" % (what, text))


def resolve_uid(owner: str | int | None) -> int | None:
    return _resolve_id(owner, "owner", lambda name: pwd.getpwnam(name).pw_uid)


def resolve_gid(group: str | int | None) -> int | None:
    return _resolve_id(group, "group", lambda name: grp.getgrnam(name).gr_gid)


def parse_mode(mode: str | None, what: str = "mode") -> int | None:
    """'0644' or '644' -> 0o644 (int); None stays None.

    An integer is refused: YAML reads ``mode: 644`` as the decimal 644 (0o1204)
    and ``mode: 0644`` as 420, and nothing tells the two apart any more.
    """
    if mode is None or mode == "":
        return None
    if isinstance(mode, (int, float)):
        raise DeliveryError("%s %r arrived as a number, which YAML may have read as decimal (644 would be 0o1204): "
                            "quote it as an octal string, for example %s: '0644'" % (what, mode, what))
    if not isinstance(mode, str):
        raise DeliveryError("%s must be an octal string such as '0644', not %s" % (what, type(mode).__name__))
    text = mode.strip()
    if not _OCTAL.match(text):
        raise DeliveryError("%s %r is not an octal number from '0000' to '7777' such as '0644'" % (what, text[:20]))
    return int(text.lower().replace("o", ""), 8)


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


def check_directory(directory: str, refuse_symlinks: bool = True) -> os.stat_result | None:
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


def is_mount_point(path: str) -> bool:
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


def _existing(path, refuse_symlinks):
    """lstat of the current file (None when absent); refuses links and anything but a regular file."""
    st = _lstat(path)
    if st is None:
        return None
    if stat.S_ISLNK(st.st_mode):
        if refuse_symlinks:
            raise DeliveryError("refusing to manage %s: it is a symbolic link (the app rejects a settings file "
                                "that is a symlink); remove the link first" % path)
        st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise DeliveryError("%s exists and is not a regular file" % path)
    return st


def _chunks(path, refuse_symlinks):
    """The bytes of a regular file, CHUNK at a time (never the whole file at once)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if refuse_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise DeliveryError("%s is not a regular file" % path)
        while True:
            block = handle.read(CHUNK)
            if not block:
                return
            yield block


def _read_small(path, st, refuse_symlinks):
    """The whole file when it is at most MAX_PARSE bytes (to parse it for the diff), else None."""
    if st is None or st.st_size > MAX_PARSE:
        return None
    return b"".join(_chunks(path, refuse_symlinks))


def same_content(path: str, st: os.stat_result | None, data: bytes, refuse_symlinks: bool = True) -> bool:
    """True when the file holds exactly ``data``: sizes first, then chunk by chunk."""
    if st is None or st.st_size != len(data):
        return False
    offset = 0
    for block in _chunks(path, refuse_symlinks):
        if block != data[offset:offset + len(block)]:
            return False
        offset += len(block)
    return offset == len(data)


def temp_name(path: str) -> str:
    """A fresh temporary name beside ``path``: .<name>.cowork3p-tmp-<16 hex>."""
    return os.path.join(os.path.dirname(path), "." + os.path.basename(path) + TMP_MARK + os.urandom(8).hex())


def stale_temp_files(path: str) -> list:
    """Temporary files a killed run left beside ``path``: exactly our name pattern, regular files with one
    link (never symlinks), owned by root or by the user running this."""
    directory, base = os.path.split(path)
    prefix = "." + base + TMP_MARK
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    found = []
    for name in sorted(names):
        if not name.startswith(prefix) or not _TMP_RANDOM.match(name[len(prefix):]):
            continue
        st = _lstat(os.path.join(directory, name))
        if st is not None and stat.S_ISREG(st.st_mode) and st.st_nlink == 1 and st.st_uid in (0, os.geteuid()):
            found.append(os.path.join(directory, name))
    return found


def _remove_stale(stale):
    for item in stale:
        try:
            os.unlink(item)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise DeliveryError("cannot remove the stale temporary file %s: %s" % (item, exc.strerror or exc))


def write_atomic(path: str, data: bytes, mode: int, uid: int | None = None, gid: int | None = None) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never a part: a fresh
    temporary file beside it (temp_name, created exclusively, never through a link), flushed and synced, given
    its owner, group and mode, renamed over ``path``, then the directory synced. The one atomic writer of the
    collection: managed_file on a host and the render action on the controller use it."""
    directory = os.path.dirname(path)
    tmp = temp_name(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            for start in range(0, len(data), CHUNK):
                handle.write(data[start:start + CHUNK])
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


def deliver(path: str, content: str | bytes | None = None, fmt: str = "text", owner: str | int | None = None,
            group: str | int | None = None, mode: str | None = None, directory_owner: str | int | None = None,
            directory_group: str | int | None = None, directory_mode: str | None = None, manage_directory: bool = True,
            create_parents: bool = True, remove_empty_directory: bool = False, state: str = "present",
            refuse_symlinks: bool = True, verify: bool = True, check_mode: bool = False, want_diff: bool = False,
            app_acceptance: bool = False) -> dict:
    """Make ``path`` hold exactly ``content`` (state=present) or not exist (state=absent).

    app_acceptance: the file and its directory must end as the app accepts them (_acceptance): owner
    and group unset mean root (gid 0), an unset mode drops group/world write bits, options that break the
    rules are refused before anything is touched, and verification checks the rules on disk.

    Returns a result dict: changed, restart_required, path, state, actions (list of
    short strings), changed_keys, checksum (sha256 of the desired/written bytes),
    and ``diff`` (masked) when want_diff is true. Raises DeliveryError.
    """
    # Every argument is checked here, before anything on the host is looked at or touched.
    if fmt not in FORMATS:
        raise DeliveryError("format must be one of %s" % ", ".join(FORMATS))
    if state not in ("present", "absent"):
        raise DeliveryError("state must be present or absent")
    if not isinstance(path, str) or "\0" in path:
        raise DeliveryError("path must be a string without NUL characters")
    if not os.path.isabs(path):
        raise DeliveryError("path must be absolute: %s" % path)
    path = os.path.normpath(path)
    directory = os.path.dirname(path)
    if path == directory:
        raise DeliveryError("path must name a file, not %s" % path)

    uid, gid, fmode = resolve_uid(owner), resolve_gid(group), parse_mode(mode)
    duid, dgid = resolve_uid(directory_owner), resolve_gid(directory_group)
    dmode = parse_mode(directory_mode, "directory_mode")
    new = None
    if state == "present":
        if content is None:
            raise DeliveryError("content is required when state=present")
        try:
            new = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        except (UnicodeError, TypeError, ValueError):
            raise DeliveryError("content must be text that can be written as UTF-8 (it holds a lone surrogate "
                                "or is not text)")

    if app_acceptance and state == "present":
        refuse_symlinks = True
        _refuse_unacceptable(uid, gid, fmode, duid, dgid, dmode)
    actions = []
    dir_st = check_directory(directory, refuse_symlinks)
    old_st = _existing(path, refuse_symlinks) if dir_st is not None else None
    old = _read_small(path, old_st, refuse_symlinks)

    if state == "absent":
        result = _absent(path, directory, old_st, old, fmt, remove_empty_directory, check_mode, want_diff, actions)
        return result

    # 0. leftovers of a run that was killed while writing
    stale = stale_temp_files(path) if dir_st is not None else []
    if stale:
        actions.append("remove %d stale temporary file%s beside %s" % (len(stale), "" if len(stale) == 1 else "s", path))

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
    content_changed = old != new if old is not None else not same_content(path, old_st, new, refuse_symlinks)
    file_fix = []
    if old_st is None:
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
        _remove_stale(stale)
        for item in missing:
            try:
                os.mkdir(item, 0o700)
            except OSError as exc:
                raise DeliveryError("cannot create directory %s: %s" % (item, exc.strerror or exc))
            _apply_attrs(item, duid, dgid, dmode if dmode is not None else 0o755, "directory")
        if dir_fix:
            _apply_attrs(directory, duid, dgid, dmode, "directory")
        if content_changed:
            write_atomic(path, new, fmode if fmode is not None else 0o644, uid, gid)
        elif file_fix:
            _apply_attrs(path, uid, gid, fmode, "file")

    if verify and not check_mode:
        if app_acceptance:
            verify_acceptance(path)
        _verify(path, directory, new, uid, gid, fmode, duid if manage_directory else None,
                dgid if manage_directory else None, dmode if manage_directory else None, refuse_symlinks)

    result = {
        "changed": changed,
        "restart_required": bool(actions[1:] if stale else actions),
        "path": path,
        "state": "present",
        "actions": actions,
        "content_changed": content_changed,
        "changed_keys": keys,
        "checksum": hashlib.sha256(new).hexdigest(),
        "verified": bool(verify and not check_mode),
    }
    if want_diff:
        result["diff"] = _diff(path, old, new, before_doc, after_doc, fmt, changed, old_st)
    return result


def _absent(path, directory, old_st, old, fmt, remove_empty_directory, check_mode, want_diff, actions):
    if old_st is not None:
        actions.append("remove %s" % path)
    stale = stale_temp_files(path)
    if stale:
        actions.append("remove %d stale temporary file%s beside %s" % (len(stale), "" if len(stale) == 1 else "s", path))
    prune = False
    # A mount point is never ours to remove (and rmdir would fail with EBUSY).
    if remove_empty_directory and _lstat(directory) is not None and not is_mount_point(directory):
        try:
            remaining = [n for n in os.listdir(directory) if os.path.join(directory, n) not in [path] + stale]
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
        _remove_stale(stale)
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
        result["diff"] = _diff(path, old, None, before_doc, None, fmt, changed, old_st)
    return result


def _diff(path, old, new, before_doc, after_doc, fmt, changed, old_st=None):
    if not changed:
        return {}
    m_before, m_after = masked_views(before_doc, after_doc)
    return {
        "before_header": path if old_st is not None else "%s (absent)" % path,
        "after_header": path if new is not None else "%s (absent)" % path,
        "before": _view_text(m_before, old, fmt, None if old is not None or old_st is None else old_st.st_size),
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


def verify_acceptance(path: str) -> None:
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
    st = _existing(path, refuse_symlinks)
    if st is None:
        raise DeliveryError("verification failed: %s is missing after writing" % path)
    problems = _attr_problems(st, uid, gid, fmode)
    if problems:
        raise DeliveryError("verification failed: %s of %s could not be made right" % ("/".join(problems), path))
    if not same_content(path, st, expected, refuse_symlinks):
        raise DeliveryError("verification failed: %s does not hold the content just written" % path)
