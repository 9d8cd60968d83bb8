# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parse existing artifacts back into a settings mapping.

Accepted: a .mobileconfig (also CMS-signed: the signature is checked against
the content, and against a CA bundle when one is given), a flat
preference plist (XML or binary), a .reg file (UTF-16 with or without BOM, or
UTF-8; also the text Ansible's file lookup makes of a UTF-16 file, whose bytes
are recovered), and a Linux managed-settings.json. Values are decoded to native types
with the catalog (the same coercion as validation), so that rendering the
result again gives the same meaning.
"""

from __future__ import annotations

import plistlib
import re
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils import _formats, _sign
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import loads_strict
from ansible_collections.cowork3p.fleet.plugins.module_utils._render import PAYLOAD_TYPE, HIVES, POLICY_SUBKEY
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate


class ImportError_(ValueError):
    """The file cannot be read as the expected format."""


def _as_bytes(data):
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray):
        return bytes(data)
    if isinstance(data, str):
        # Text read by Ansible from a file that is not UTF-8 (lookup('file') of a UTF-16 .reg) carries each
        # undecodable byte as a lone surrogate: surrogateescape gives the file's bytes back exactly.
        return data.encode("utf-8", "surrogateescape")
    raise ImportError_("expected text or bytes, got %s" % type(data).__name__)


def _misread_text(text):
    """True when text is really the bytes of a UTF-16 file read as UTF-8 (NUL characters or lone surrogates)."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _load_plist(raw, ca_bundle=None, notes=None):
    if _sign.is_signed(raw):
        # CMS-signed profile: the XML sits inside the signed data; the signature must hold.
        try:
            raw, signer = _sign.unwrap(raw, ca_bundle=ca_bundle)
        except _sign.SignatureError as exc:
            raise ImportError_("signed profile: %s" % exc)
        if signer is not None and notes is not None:
            notes.append("signed by %s (issuer %s, serial %s)%s" % (
                signer["subject"], signer["issuer"], signer["serial"],
                "; the signer chains to the CA bundle" if signer["trusted"] else
                "; the signer was not checked against a CA bundle"))
    elif ca_bundle is not None:
        raise ImportError_("the profile is not signed, but a CA bundle was given to verify its signature")
    try:
        return plistlib.loads(raw)
    except Exception as exc:  # plistlib raises several unrelated types
        raise ImportError_("not a readable property list: %s" % exc)


def plist_mapping(data: bytes | str, ca_bundle: str | bytes | None = None) -> tuple:
    """Raw settings (values as stored) and notes from a .mobileconfig or flat plist.

    A signed profile's signature is checked; ca_bundle (PEM text or a path) also checks who signed it,
    and a note names the signer.
    """
    notes = []
    top = _load_plist(_as_bytes(data), ca_bundle, notes)
    if not isinstance(top, dict):
        raise ImportError_("the property list's top level is not a dictionary")
    if top.get("PayloadType") == "Configuration" or "PayloadContent" in top:
        found = {}
        payloads = top.get("PayloadContent") or []
        if not isinstance(payloads, list):
            raise ImportError_("PayloadContent is not an array")
        for payload in payloads:
            if not isinstance(payload, dict):
                continue
            ptype = payload.get("PayloadType")
            if ptype == PAYLOAD_TYPE:
                body = {k: v for k, v in payload.items() if not k.startswith("Payload")}
            elif ptype == "com.apple.ManagedClient.preferences":
                body = _mcx_body(payload, notes)
            else:
                notes.append("payload %s ignored" % ptype)
                continue
            for key, value in body.items():
                if key in found and found[key] != value:
                    notes.append("%s is set by more than one payload; the last one is used" % key)
                found[key] = value
        if not found and not any(isinstance(p, dict) and p.get("PayloadType") == PAYLOAD_TYPE for p in payloads):
            raise ImportError_("the profile has no %s payload" % PAYLOAD_TYPE)
        return found, notes
    return dict(top), notes


def profile_signer(data: bytes | str, ca_bundle: str | bytes | None = None) -> dict | None:
    """Who signed a profile: {subject, issuer, serial, not_after, trusted}, or None when it is not signed.

    trusted: True when the signer chains to ca_bundle, None when no bundle was given. ImportError_ when the
    signature does not hold.
    """
    raw = _as_bytes(data)
    if not _sign.is_signed(raw):
        if ca_bundle is not None:
            raise ImportError_("the profile is not signed, but a CA bundle was given to verify its signature")
        return None
    try:
        return _sign.unwrap(raw, ca_bundle=ca_bundle)[1]
    except _sign.SignatureError as exc:
        raise ImportError_("signed profile: %s" % exc)


def _mcx_body(payload, notes):
    domain = (payload.get("PayloadContent") or {}).get(PAYLOAD_TYPE) or {}
    body = {}
    for state in ("Forced", "Set-Once"):
        for block in domain.get(state) or []:
            body.update((block or {}).get("mcx_preference_settings") or {})
    if body:
        notes.append("read from a com.apple.ManagedClient.preferences (MCX) payload")
    return body


def _decode_reg_text(raw):
    if raw.startswith(b"\xff\xfe"):
        return raw[2:].decode("utf-16-le")
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if len(raw) > 1 and raw[1:2] == b"\x00":
        return raw.decode("utf-16-le")
    return raw.decode("utf-8")


_REG_VALUE = re.compile(r'^("(?:[^"\\]|\\.)*"|@)=(.*)$')


def _unquote(body):
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(body[i + 1])
            i += 2
            continue
        if ch == '"':
            raise ImportError_('an unescaped " inside a quoted string')
        out.append(ch)
        i += 1
    return "".join(out)


def _hex_bytes(text):
    text = text.replace(" ", "")
    if not text:
        return b""
    return bytes(int(part, 16) for part in text.split(",") if part)


def reg_mapping(data: bytes | str, hive: str | None = None) -> tuple:
    """Raw settings from a .reg file: values directly under ...\\SOFTWARE\\Policies\\Claude."""
    if isinstance(data, str) and not _misread_text(data):
        text = data
    else:
        try:
            text = _decode_reg_text(_as_bytes(data))
        except UnicodeDecodeError as exc:
            raise ImportError_("the .reg file is neither UTF-16 nor UTF-8 text (%s at byte %d)" % (exc.reason, exc.start))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].strip().lstrip("\ufeff") not in ("Windows Registry Editor Version 5.00", "REGEDIT4"):
        raise ImportError_("the first line is not 'Windows Registry Editor Version 5.00'")
    # Join continuation lines (a trailing backslash in hex data).
    joined, buf = [], ""
    for line in lines[1:]:
        if buf:
            line = buf + line.lstrip()
            buf = ""
        if line.rstrip().endswith("\\") and "=hex" in line:
            buf = line.rstrip()[:-1]
            continue
        joined.append(line)
    targets = {}
    for name, full in HIVES.items():
        targets["%s\\%s" % (full, POLICY_SUBKEY)] = name
    found = {name: {} for name in HIVES}
    notes, current = [], None
    for lineno, line in enumerate(joined, start=2):
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue
        if stripped.startswith("["):
            path = stripped.strip("[]")
            if path.startswith("-"):
                current = None
                continue
            current = targets.get(path)
            if current is None and any(path.startswith(t + "\\") for t in targets):
                notes.append("subkey %s ignored: the app never reads subkeys" % path)
            continue
        if current is None:
            continue
        match = _REG_VALUE.match(stripped)
        if not match:
            # (the line is not quoted: it may hold a credential)
            raise ImportError_("line %d is not a registry value (\"name\"=data)" % lineno)
        name_token, rhs = match.groups()
        if name_token == "@":
            notes.append("the key's default value (@) is set: the app counts it as machine policy but reads no setting")
            continue
        name = _unquote(name_token[1:-1])
        rhs = rhs.strip()
        if rhs == "-":
            continue
        if rhs.startswith('"') and rhs.endswith('"') and len(rhs) >= 2:
            value = _unquote(rhs[1:-1])
        elif rhs.lower().startswith("dword:"):
            value = str(int(rhs[6:], 16))
        elif rhs.lower().startswith("hex(1):"):
            value = _hex_bytes(rhs[7:]).decode("utf-16-le").rstrip("\0")
        elif rhs.lower().startswith("hex(2):"):
            notes.append("%s is REG_EXPAND_SZ: it counts as policy but the app cannot read its content" % name)
            continue
        else:
            notes.append("%s has a value type the app does not read (%s)" % (name, rhs.split(":", 1)[0]))
            continue
        found[current][name] = value
    chosen = hive
    if chosen is None:
        chosen = "HKLM" if found["HKLM"] else "HKCU"
        if found["HKLM"] and found["HKCU"]:
            notes.append("both HKLM and HKCU carry values; since 1.19367.0 the app reads only HKLM then")
    return found[chosen], notes


def json_mapping(data: bytes | str) -> tuple:
    raw = _as_bytes(data)
    try:
        doc = loads_strict(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportError_("not valid JSON: %s" % exc)
    if not isinstance(doc, dict):
        raise ImportError_("the top level must be a JSON object with the keys, not %s" % type(doc).__name__)
    return doc, []


PARSERS = {
    "mobileconfig": plist_mapping,
    "plist": plist_mapping,
    "reg": reg_mapping,
    "json": json_mapping,
}


def import_settings(data: bytes | str, fmt: str, **kwargs: Any) -> tuple:
    """Parse a file of the given format (a format of _formats, e.g. bootstrap_json, or a parser name);
    returns (settings, report, notes).

    settings holds every key found, decoded to native values where the catalog
    knows the key and the value is valid, else as stored.
    """
    spec = _formats.FORMATS.get(fmt)
    parser = spec.parser if spec is not None else fmt     # a format of the table, or a parser name
    if parser not in PARSERS:
        if spec is not None:
            raise ImportError_("a %s file holds no settings document to import" % fmt)
        raise ImportError_("unknown format %r" % fmt)
    raw, notes = PARSERS[parser](data, **kwargs)
    report = validate(raw, allow_empty=True)      # an empty file is a fact to read back, not a mistake
    return dict(report.decoded), report, notes
