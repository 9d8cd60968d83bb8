# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading one value of the document into plain Python types: the quick copy (plain.py) first; a value it
refuses is walked here, reporting what cannot be copied and where, or raising Unreadable."""

from __future__ import annotations

from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.plain import (
    MAX_DEPTH, MAX_TEXT, MAX_VALUES, NotPlain, plain_copy, safe_str, size,
)
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import ERROR, Problem, show

_NESTING_HINT = "check the YAML anchors and aliases (&name / *name) in this value"


class Unreadable(Exception):
    """A value that cannot be part of a settings document at all (too deep, too large, undecryptable)."""

    def __init__(self, path: str, rule: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.path, self.rule, self.message, self.hint = path, rule, message, hint


def is_vault(value: Any) -> bool:
    """An Ansible vault value (EncryptedString, or the AnsibleVaultEncryptedUnicode of older releases)."""
    kind = type(value).__name__
    return kind in ("EncryptedString", "AnsibleVaultEncryptedUnicode") or hasattr(value, "_ciphertext")


def to_plain(value: Any, path: str, problems: list, budget: list, depth: int = 0) -> Any:
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
