# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Windows policy key decisions, from what ansible.windows.win_reg_stat returns: pure functions.

Reference §1.2 and §2: the app reads values directly under ``SOFTWARE\\Policies\\Claude``; ``REG_SZ``
always, ``REG_DWORD`` for boolean and integer keys (as its decimal value); ``REG_EXPAND_SZ`` counts as
"machine policy present" but its content cannot be read; ``REG_QWORD``, ``REG_MULTI_SZ``, ``REG_BINARY``
are invisible; subkeys are never read. Since 1.19367.0 any ``REG_SZ``, ``REG_EXPAND_SZ`` or ``REG_DWORD``
value directly under the HKLM key (an empty string, and the key's unnamed default value when set, count
too) makes the app ignore the whole HKCU key.

win_reg_stat reports the default value under the name "" and always with type REG_SZ (it cannot ask
Windows for the default value's kind).
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import lookup

POLICY_TYPES = ("REG_SZ", "REG_EXPAND_SZ", "REG_DWORD")   # make HKCU ignored when under HKLM
NUMERIC_TYPES = ("boolean", "integer", "number")
DEFAULT_LABEL = "(default)"

# the users' profiles: ProfileList\<SID>\ProfileImagePath (REG_EXPAND_SZ; win_reg_stat's value is expanded)
PROFILE_LIST = "HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
USER_SID_PREFIXES = ("S-1-5-21-", "S-1-12-1-")   # local/domain accounts and Entra ID accounts
POLICY_SUBPATH = "SOFTWARE\\Policies\\Claude"
LOADED_HIVE_ROOT = "HKLM:\\ANSIBLE"   # where win_regedit's hive option loads a hive file


def _properties(stat_result: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    if not isinstance(stat_result, Mapping) or not stat_result.get("exists"):
        return {}
    props = stat_result.get("properties")
    return dict(props) if isinstance(props, Mapping) else {}


def _sub_keys(stat_result: Optional[Mapping[str, Any]]) -> List[str]:
    if not isinstance(stat_result, Mapping) or not stat_result.get("exists"):
        return []
    keys = stat_result.get("sub_keys")
    return sorted(str(k) for k in keys) if isinstance(keys, list) else []


def label(name: str) -> str:
    return DEFAULT_LABEL if name == "" else name


def policy_values(stat_result: Optional[Mapping[str, Any]]) -> List[str]:
    """Names of the values that count as policy for the hive rule ("(default)" for the default value)."""
    out = []
    for name, prop in _properties(stat_result).items():
        kind = prop.get("type") if isinstance(prop, Mapping) else None
        if kind in POLICY_TYPES:
            out.append(label(str(name)))
    return sorted(out)


def _dword_text(value: Any) -> Optional[str]:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    text = str(value).strip()
    if text.lower().startswith("0x"):
        try:
            return str(int(text, 16))
        except ValueError:
            return None
    return text if text.isdigit() else None


def read_values(stat_result: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """What the app reads from one policy key.

    Returns {settings: {name: text}, not_readable: {name: reason}, exists: bool}. settings holds what the
    app reads (REG_SZ, and REG_DWORD of boolean/integer keys as decimal text); not_readable every value or
    subkey the app cannot read, with the reason. Never raises.
    """
    settings: Dict[str, str] = {}
    unread: Dict[str, str] = {}
    for name, prop in sorted(_properties(stat_result).items(), key=lambda kv: str(kv[0])):
        name = str(name)
        if not isinstance(prop, Mapping):
            unread[label(name)] = "unexpected value record"
            continue
        kind = str(prop.get("type", "unknown"))
        value = prop.get("value")
        if name == "":
            unread[DEFAULT_LABEL] = "the key's unnamed default value is set: the app reads no setting from it, " \
                                    "but under HKLM it counts as machine policy"
        elif kind == "REG_SZ":
            settings[name] = "" if value is None else str(value)
        elif kind == "REG_DWORD":
            entry, _info = lookup(name)
            text = _dword_text(value)
            if entry is not None and entry["type"] in NUMERIC_TYPES and text is not None:
                settings[name] = text
            else:
                unread[name] = "REG_DWORD: not readable by the app (read only for boolean and integer keys)"
        elif kind == "REG_EXPAND_SZ":
            unread[name] = "REG_EXPAND_SZ: not readable by the app (counts as policy present, content not read)"
        else:
            unread[name] = "%s: not readable by the app (invisible to it)" % kind
    for sub in _sub_keys(stat_result):
        unread["subkey " + sub] = "subkey: not readable by the app (it reads only values directly under the key)"
    return {"settings": settings, "not_readable": unread,
            "exists": bool(isinstance(stat_result, Mapping) and stat_result.get("exists"))}


def plan(desired: List[Mapping[str, Any]], current: Optional[Mapping[str, Any]], remove_unmanaged: bool = True,
         managed_names: Optional[List[str]] = None, blind: bool = False) -> Dict[str, Any]:
    """What to write and remove so one policy key holds exactly ``desired`` (REG_SZ values, as rendered).

    desired: [{path, name, data, type, secret}] (render core). current: a win_reg_stat result of the key.
    remove_unmanaged: also remove values the settings do not name (else only names in managed_names).
    blind: the key cannot be read (a user's hive that is not loaded): write every desired value (win_regedit
    compares it itself, so an unchanged value stays unchanged) and remove only managed names not desired.
    The default value is removed like any unmanaged value (win_regedit needs delete_key: false for it).
    """
    wanted = {v["name"] for v in desired}
    managed = set(managed_names or [])
    if blind:
        return {"write": list(desired), "remove": sorted(managed - wanted)}
    existing = _properties(current)
    write = []
    for value in desired:
        prop = existing.get(value["name"])
        if not isinstance(prop, Mapping) or prop.get("type") != "REG_SZ" or prop.get("value") != value["data"]:
            write.append(value)
    remove = sorted(str(n) for n in existing
                    if str(n) not in wanted and (remove_unmanaged or str(n) in managed))
    return {"write": write, "remove": remove}


def mismatches(desired: List[Mapping[str, Any]], removed: List[str], after: Optional[Mapping[str, Any]]) -> List[str]:
    """Names that a read-back (win_reg_stat after writing) shows wrong: verification."""
    found = _properties(after)
    out = []
    for value in desired:
        prop = found.get(value["name"])
        if not isinstance(prop, Mapping) or prop.get("type") != "REG_SZ" or prop.get("value") != value["data"]:
            out.append(value["name"])
    out.extend(label(n) for n in removed if n in found)
    return out


def profiles(profile_stats: List[Mapping[str, Any]], loaded: Optional[Mapping[str, Any]],
             users: Optional[List[str]] = None) -> Dict[str, Any]:
    """The users' profiles to configure, and how to reach each hive.

    profile_stats: win_reg_stat results of ``ProfileList\\<SID>`` with name ProfileImagePath (loop results,
    each with ``item`` = the SID). loaded: win_reg_stat of ``HKU:\\`` (its sub_keys are the loaded hives).
    users: profile folder names or SIDs to configure (empty = every user profile).
    Returns {profiles: [{sid, user, home, loaded, key, hive}], unknown: [names of users without a profile]}.
    A signed-in user's hive is written through HKU\\<SID> (its NTUSER.DAT is locked while loaded); the
    others through win_regedit's hive option, which loads NTUSER.DAT at HKLM\\ANSIBLE for one call.
    """
    loaded_sids = {s.upper() for s in _sub_keys(loaded)}
    found = []
    for result in profile_stats or []:
        if not isinstance(result, Mapping):
            continue
        sid = str(result.get("item", ""))
        home = result.get("value")
        if not sid.upper().startswith(USER_SID_PREFIXES) or not result.get("exists") or not home:
            continue
        home = str(home).rstrip("\\")
        user = home.rsplit("\\", 1)[-1]
        is_loaded = sid.upper() in loaded_sids
        found.append({
            "sid": sid, "user": user, "home": home, "loaded": is_loaded,
            "key": ("HKU:\\%s\\%s" % (sid, POLICY_SUBPATH)) if is_loaded
            else "%s\\%s" % (LOADED_HIVE_ROOT, POLICY_SUBPATH),
            "hive": None if is_loaded else home + "\\NTUSER.DAT",
        })
    wanted = [str(u) for u in users or []]
    if wanted:
        lowered = {w.lower() for w in wanted}
        chosen = [p for p in found if p["user"].lower() in lowered or p["sid"].lower() in lowered]
        known = {p["user"].lower() for p in chosen} | {p["sid"].lower() for p in chosen}
        unknown = [w for w in wanted if w.lower() not in known]
    else:
        chosen, unknown = found, []
    return {"profiles": sorted(chosen, key=lambda p: p["user"].lower()), "unknown": unknown}


def user_items(profile_list: List[Mapping[str, Any]], current: Any, desired: List[Mapping[str, Any]],
               remove_unmanaged: bool = True, managed_names: Optional[List[str]] = None) -> List[Dict[str, Any]]:
    """Every win_regedit call of a per-user delivery, one flat list: [{user, key, hive, name, data, type, secret,
    state}].

    profile_list: from profiles(). current: loop results of win_reg_stat over the signed-in users' keys (item
    is the profile). desired: the rendered values (their path is replaced by each user's key). A user whose
    hive is not loaded cannot be read: every desired value is written (win_regedit compares it itself) and
    only managed names are removed.
    """
    by_sid = {}
    for result in current or []:
        if isinstance(result, Mapping) and isinstance(result.get("item"), Mapping):
            by_sid[result["item"].get("sid")] = result
    out = []
    for prof in profile_list or []:
        blind = not prof.get("loaded")
        found = plan(desired, by_sid.get(prof.get("sid")), remove_unmanaged=remove_unmanaged,
                     managed_names=managed_names, blind=blind)
        common = {"user": prof.get("user"), "key": prof.get("key"), "hive": prof.get("hive")}
        for value in found["write"]:
            out.append(dict(common, name=value["name"], data=value["data"], type=value["type"],
                            secret=bool(value.get("secret")), state="present"))
        for name in found["remove"]:
            out.append(dict(common, name=name, data=None, type="string", secret=False, state="absent"))
    return out
