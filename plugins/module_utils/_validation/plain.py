# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bounds of one document, and the copy of its values to plain Python types within them.

YAML aliases count each time they are used, so an alias bomb reaches MAX_VALUES after a few thousand steps
instead of expanding to billions of values."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import ERROR, Problem, show

MAX_DEPTH = 32              # nesting of lists and objects inside one setting
MAX_VALUES = 20000          # values (items of lists and objects) in one document
MAX_TEXT = 1000000          # characters of one string
MAX_INTEGER = 2 ** 53       # beyond this a JSON reader no longer keeps an integer exact

PLAIN_SCALARS = _PLAIN = frozenset((bool, int, float, type(None)))
_STR_ONLY = {str}
_NESTING_HINT = "check the YAML anchors and aliases (&name / *name) in this value"


class NotPlain(Exception):
    """Raised by plain_copy when a value needs to_plain's reporting."""


class Unreadable(Exception):
    """A value that cannot be part of a settings document at all (too deep, too large, undecryptable)."""

    def __init__(self, path, rule, message, hint=""):
        super().__init__(message)
        self.path, self.rule, self.message, self.hint = path, rule, message, hint


def plain_copy(value, budget: list, depth: int):
    """Plain copy of a well-formed value without building a path per item; NotPlain otherwise.

    budget: [values left in the document]; depth: nesting of the value."""
    kind = type(value)
    if kind is str:
        if len(value) > MAX_TEXT:
            raise NotPlain()
        return value
    if kind in _PLAIN or isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise NotPlain()
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dict):
        budget[0] -= len(value)
        if depth >= MAX_DEPTH or budget[0] < 0:
            raise NotPlain()
        out = {}
        for name, item in value.items():
            if type(name) is not str and not isinstance(name, str):  # pylint: disable=unidiomatic-typecheck
                raise NotPlain()
            out[str(name)] = plain_copy(item, budget, depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        budget[0] -= len(value)
        if depth >= MAX_DEPTH or budget[0] < 0:
            raise NotPlain()
        if kind is list and value and set(map(type, value)) == _STR_ONLY and max(map(len, value)) <= MAX_TEXT:
            return list(value)      # a list of plain strings (host names, model names): the same copy, in one step
        return [plain_copy(item, budget, depth + 1) for item in value]
    raise NotPlain()


def is_vault(value) -> bool:
    """An Ansible vault value (EncryptedString, or the AnsibleVaultEncryptedUnicode of older releases)."""
    kind = type(value).__name__
    return kind in ("EncryptedString", "AnsibleVaultEncryptedUnicode") or hasattr(value, "_ciphertext")


def to_plain(value, path: str, problems: list, budget: list, depth: int = 0):
    """Copy to plain Python types (Ansible hands over tagged subclasses); report what cannot be copied, and where.

    Raises Unreadable for what no setting can be (the caller drops the whole key)."""
    spent = budget[0]
    try:                    # well-formed values (nearly all, scalars always): a copy without building paths
        return plain_copy(value, budget, depth)
    except NotPlain:        # a mapping, list or value with something to report: walk it, naming where
        budget[0] = spent
    except RecursionError:  # a value that contains itself through a tagged type plain_copy does not follow
        raise Unreadable(path, "nesting", "is nested too deeply, or contains itself, to be a settings value",
                         _NESTING_HINT)
    if depth >= MAX_DEPTH:
        raise Unreadable(path, "nesting", "is nested more than %d levels deep, or contains itself" % MAX_DEPTH,
                         _NESTING_HINT)
    if is_vault(value):
        try:
            text = str(value)
        except Exception:  # pylint: disable=broad-except  # any decryption failure: the text is not shown
            raise Unreadable(path, "vault", "is vault-encrypted and could not be decrypted",
                             "check the vault password (--vault-id / --ask-vault-pass) and the !vault block")
        return to_plain(text, path, problems, budget, depth)
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise Unreadable(path, "size", "is a string of %d characters; the limit is %d" % (len(value), MAX_TEXT),
                             "shorten it")
        return str(value)
    if isinstance(value, (dict, list, tuple)) or hasattr(value, "items"):
        budget[0] -= len(value) if isinstance(value, (dict, list, tuple)) else size(value)
        if budget[0] < 0:
            raise Unreadable(path, "size", "makes the document hold more than %d values (YAML aliases count each "
                                           "time they are used)" % MAX_VALUES,
                             "check the YAML anchors and aliases (&name / *name), or split the document")
    if isinstance(value, dict) or hasattr(value, "items"):
        out = {}
        for name, item in value.items():
            if not isinstance(name, str):
                problems.append(Problem(ERROR, path, show(name), "field_name_type",
                                        "field names must be strings, got %s" % type(name).__name__,
                                        "quote the name in YAML"))
                name = safe_str(name)
            out[str(name)] = to_plain(item, "%s.%s" % (path, name), problems, budget, depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [to_plain(item, "%s[%d]" % (path, i), problems, budget, depth + 1) for i, item in enumerate(value)]
    problems.append(Problem(ERROR, path, "<%s>" % type(value).__name__, "type",
                            "a %s is not a valid settings value" % type(value).__name__,
                            "YAML turned the value into a %s; quote it to keep it a string" % type(value).__name__))
    return safe_str(value)


def safe_str(value) -> str:
    """str() of an odd value (a date, a set, a tagged object); a placeholder when even that fails."""
    try:
        text = str(value)
    except Exception:  # pylint: disable=broad-except
        return "<%s>" % type(value).__name__
    return text if len(text) <= MAX_TEXT else text[:64]


def size(mapping) -> int:
    """Number of keys of a mapping (one that has items() but no len() included)."""
    try:
        return len(mapping)
    except TypeError:
        return sum(1 for _item in mapping.items())
