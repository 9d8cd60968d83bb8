# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a given Claude Desktop release reads: key names and sources, release by release.

Pure functions over the catalog (``_catalog.KEYS``: ``since``, ``availability``, ``read_from`` and the life of
each old name in ``aliases``). ``desktop_version`` is "the oldest app you run"; without it the newest release
is the target, and the old names are judged by the calendar (the deprecation cut-off) as before.

A verdict is what the target release does with one key name coming from one source:

ok        it reads the value
warning   it ignores the value (too old for the name, or it does not read the name from that source), or it
          still reads an old name that newer releases stop reading
error     it refuses the value: an old name after the deprecation cut-off on a release that applies it

Facts the reference leaves open (``unconfirmed`` of an old name, ``read_from_unconfirmed`` of a key) never
make an error, and their messages say UNCONFIRMED.
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import ALIASES, BY_NAME

Release = Tuple[int, ...]

OK = "ok"
WARNING = "warning"
ERROR = "error"

SOURCES = catalog.READ_SOURCES
SOURCE_LABELS = {
    "mdm": "MDM (a profile, the registry or the Linux managed file)",
    "local": "the local configuration file (configLibrary)",
    "bootstrap": "a bootstrap response",
}
BASELINE: Release = (0,)

_RELEASE = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,9})*$")


class Verdict(NamedTuple):
    """What the target release does with one key name from one source."""

    level: str            # ok | warning | error
    rule: str             # since | source | deprecated_name | not_read | "" for ok
    message: str          # the sentence after the key name
    hint: str = ""
    unconfirmed: bool = False


_OK = Verdict(OK, "", "")


def parse_release(text: object) -> Optional[Release]:
    """'1.46388.1' -> (1, 46388, 1); 'baseline' -> (0,); None for anything else (None, 'latest', '1.x')."""
    if text is None:
        return None
    text = str(text).strip()
    if text == "baseline":
        return BASELINE
    if not _RELEASE.match(text):
        return None
    return tuple(int(part) for part in text.split("."))


def compare(a: Release, b: Release) -> int:
    """-1, 0 or 1 as release a is older than, the same as or newer than b (1.2 == 1.2.0)."""
    width = max(len(a), len(b))
    a = a + (0,) * (width - len(a))
    b = b + (0,) * (width - len(b))
    return (a > b) - (a < b)


def text_of(release: Release) -> str:
    return "the first release" if release == BASELINE else ".".join(map(str, release))


def _older(target: Optional[Release], release: Optional[Release]) -> bool:
    """True when a target is given and is older than the release (None release: never)."""
    return target is not None and release is not None and compare(target, release) < 0


def _instant(text: str) -> datetime.datetime:
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def describe_cutoff(text: str) -> str:
    return "%s (12:00 Pacific)" % _instant(text).strftime("%Y-%m-%d %H:%M UTC")


# -- sources ------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)      # bounded by the catalog: one entry per key name
def read_steps(name: str) -> Optional[Tuple[Tuple[Release, frozenset], ...]]:
    """The key's (release, sources) steps, oldest first; None when the catalog does not know where the key
    is read (availability unknown, or no first release)."""
    entry = BY_NAME[name]
    steps = entry.get("read_from")
    if steps is None:
        since = parse_release(entry.get("since"))
        if since is None or entry["availability"] == "unknown":
            return None
        sources = catalog.READ_SOURCES if entry["availability"] == "mdm_and_bootstrap" else ("mdm", "local")
        steps = ((entry["since"], sources),)
    return tuple((parse_release(release), frozenset(sources)) for release, sources in steps)


def sources_at(name: str, target: Optional[Release]) -> Optional[frozenset]:
    """The sources the target release (None: the newest) reads a current key name from; None when unknown.

    A target older than the key gets the key's first sources (an old name of the key is read from the same
    places; whether the target reads the name at all is name_verdict's question)."""
    steps = read_steps(name)
    if steps is None:
        return None
    found = steps[0][1]
    for release, sources in steps:
        if target is None or compare(target, release) >= 0:
            found = sources
    return found


def first_release(name: str, source: str) -> Optional[Release]:
    """The first release that reads a current key name from the source, or None (never, or unknown)."""
    for release, sources in read_steps(name) or ():
        if source in sources:
            return release
    return None


# -- old names ------------------------------------------------------------------------------------------------
class NameLife(NamedTuple):
    """The life of an old key name (reference 13.12 and each key's row)."""

    old: str
    new: str
    since: Release            # first release reading the old name
    renamed_in: Release       # first release reading the new name
    refused_from: Release     # releases from this one stop reading the old name after the cut-off
    cutoff: str               # ISO-8601 UTC instant
    after_cutoff: str
    unconfirmed: Optional[str]


def life_of(old: str) -> Optional[NameLife]:
    """The life of an old name, or None when the name is not an old name."""
    return _life(old) if old in ALIASES else None


@functools.lru_cache(maxsize=None)      # bounded by the catalog's old names
def _life(old: str) -> NameLife:
    entry, info = ALIASES[old]
    renamed = parse_release(info.get("renamed_in")) or parse_release(entry.get("since")) or BASELINE
    return NameLife(old, entry["name"], parse_release(info.get("since")) or BASELINE, renamed,
                    parse_release(info.get("refused_from") or catalog.DEPRECATION_RELEASE),
                    info.get("cutoff") or catalog.DEPRECATION_CUTOFF, info.get("after_cutoff") or "",
                    info.get("unconfirmed"))


def old_names_read(name: str, target: Optional[Release]) -> List[str]:
    """The old names of a current key that the target release reads and the new name does not exist in (for a
    hint when the target is older than the new name)."""
    out = []
    for old in BY_NAME[name]["aliases"]:
        life = life_of(old)
        if target is not None and not _older(target, life.since) and _older(target, life.renamed_in):
            out.append(old)
    return out


# -- verdicts -------------------------------------------------------------------------------------------------
def name_verdict(name: str, target: Optional[Release], now: datetime.datetime, source: str = "mdm") -> Verdict:
    """What the target release (None: the newest) does with a key name from a source, at the instant now.

    name    a current key name or an old name of the catalog (any other name: ok, it is not judged here)
    source  one of SOURCES: where the value is delivered (the rendered artifact's source)
    """
    if source not in SOURCES:
        raise ValueError("source must be one of %s, not %r" % (", ".join(SOURCES), source))
    life = life_of(name)
    if life is not None:
        verdict = _old_name_verdict(life, target, now)
        if verdict.level != OK:
            return verdict
        return _source_verdict(life.new, target, source, name)
    if name not in BY_NAME:
        return _OK
    return _current_verdict(name, target, source)


@functools.lru_cache(maxsize=4096)      # names of the catalog x the few targets and sources of a run
def _current_verdict(name: str, target: Optional[Release], source: str) -> Verdict:
    """name_verdict of a current key name: it does not depend on the instant (only old names do)."""
    entry = BY_NAME[name]
    since = parse_release(entry.get("since"))
    if _older(target, since):
        hint = "raise desktop_version or drop the setting for this population"
        older = old_names_read(name, target)
        if older:
            hint = "the target reads the old name %s: use it for this population, or raise desktop_version" \
                   % " / ".join(older)
        return Verdict(WARNING, "since", "needs Claude Desktop %s or newer; the target %s ignores it"
                       % (text_of(since), text_of(target)), hint)
    return _source_verdict(name, target, source, name)


def _old_name_verdict(life: NameLife, target: Optional[Release], now: datetime.datetime) -> Verdict:
    after = ("; after the cut-off " + life.after_cutoff) if life.after_cutoff else ""
    when = describe_cutoff(life.cutoff)
    past = now >= _instant(life.cutoff)
    rename = "rename it to %s" % life.new
    note = " (UNCONFIRMED: %s)" % life.unconfirmed if life.unconfirmed else ""
    if _older(target, life.since):
        return Verdict(WARNING, "since", "needs Claude Desktop %s or newer; the target %s ignores it"
                       % (text_of(life.since), text_of(target)),
                       "raise desktop_version or drop the setting for this population")
    if _older(target, life.renamed_in):
        # The only name the target reads: nothing to change for this population.
        return _OK
    if _older(target, life.refused_from):
        return Verdict(WARNING, "deprecated_name",
                       "is the old name of %s; the target %s still reads it, but releases from %s stop reading it "
                       "at %s%s%s" % (life.new, text_of(target), text_of(life.refused_from), when, after, note),
                       "%s (read since %s)" % (rename, text_of(life.renamed_in)), bool(life.unconfirmed))
    if past:
        return Verdict(ERROR, "deprecated_name",
                       "is the old name of %s%s; the app stopped reading it at %s%s"
                       % (life.new, after, when, "" if target is None else " (releases from %s; the target is %s)"
                          % (text_of(life.refused_from), text_of(target))), rename)
    return Verdict(WARNING, "deprecated_name", "is the old name of %s%s; the app stops reading it at %s"
                   % (life.new, after, when), rename)


def _source_verdict(name: str, target: Optional[Release], source: str, spelled: str) -> Verdict:
    sources = sources_at(name, target)
    if sources is None or source in sources:
        return _OK
    entry = BY_NAME[name]
    unconfirmed = entry.get("read_from_unconfirmed")
    where = " and ".join(SOURCE_LABELS[s].partition(" (")[0] for s in SOURCES if s in sources)
    first = first_release(name, source)
    whom = "the target %s" % text_of(target) if target is not None else "the app"
    message = "is read by %s only from %s; the value in %s is ignored" % (whom, where, SOURCE_LABELS[source])
    if unconfirmed:
        message += " (UNCONFIRMED: %s)" % unconfirmed
    if first is not None:
        hint = "deliver %s through %s for this population, or raise desktop_version to %s" \
               % (spelled, where, text_of(first))
    else:
        hint = "deliver %s through %s" % (spelled, where)
    return Verdict(WARNING, "source", message, hint, bool(unconfirmed))


@functools.lru_cache(maxsize=64)      # the few targets and sources of a run
def _quiet_names(target: Optional[Release], source: str) -> frozenset:
    """The current names (not old names) whose verdict is OK for this target and source: name_verdict of such a
    name does not depend on the instant, so document_verdicts skips them."""
    return frozenset(name for name in BY_NAME if name not in ALIASES and _current_verdict(name, target, source).level == OK)


def document_verdicts(names: Sequence[str], target: Optional[Release], now: datetime.datetime,
                      source: str = "mdm") -> Dict[str, Verdict]:
    """{name: verdict} of every name of a document that is not simply read (level warning or error)."""
    out = {}
    quiet = _quiet_names(target, source) if source in SOURCES else frozenset()
    for name in names:
        if name in quiet:       # nearly every name of a document: read, whatever the instant
            continue
        verdict = name_verdict(name, target, now, source)
        if verdict.level != OK:
            out[name] = verdict
    return out


def source_problems(settings: Mapping, source: str, desktop_version: Optional[str] = None,
                    now: Optional[datetime.datetime] = None) -> list:
    """Problems (warnings) for the keys of ``settings`` that the target release does not read from ``source``:
    for a file delivered another way than the document was validated for (the bootstrap response of a document
    validated as MDM delivers it). Only the source verdicts: the other verdicts do not depend on the source."""
    # (imported here: the validation package imports this module)
    from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import Problem

    if now is None:
        now = datetime.datetime.now(datetime.timezone.utc)
    target = parse_release(desktop_version) if desktop_version not in (None, "") else None
    verdicts = document_verdicts(sorted(settings), target, now, source)
    return [Problem(verdict.level, name, None, verdict.rule, verdict.message, verdict.hint)
            for name, verdict in verdicts.items() if verdict.rule == "source"]
