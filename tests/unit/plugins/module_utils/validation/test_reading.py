# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/reading: one value of the document read into plain Python types (Ansible's tagged
strings and vault values included), with what cannot be copied reported where it is, or raised as Unreadable."""

from __future__ import annotations

import datetime

import pytest

from ansible.module_utils.datatag import deprecate_value

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.plain import MAX_DEPTH, MAX_TEXT
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.reading import Unreadable, is_vault, to_plain

from .cases import Undecryptable

# (module_utils tests import only ansible.module_utils under ansible-test units: Ansible's vault type, which
# lives in ansible.parsing, is stood in for by classes that look like it the way is_vault looks.)


class DecryptedVault:
    """Stands in for a vault value the play's secrets open: str() gives the plain text."""

    _ciphertext = Undecryptable._ciphertext

    def __str__(self):
        return "sk-unit-READING-1"


class EncryptedString:
    """The name of Ansible's vault type (2.19 and later)."""


class AnsibleVaultEncryptedUnicode:
    """The name of the vault type of ansible-core releases before 2.19."""


def _tagged(value):
    """A value as Ansible hands it over: a tagged subclass of its type (here with a deprecation tag)."""
    return deprecate_value(value, "an old variable", version="99.0.0")


def _unreadable(value, budget=10 ** 6):
    with pytest.raises(Unreadable) as raised:
        to_plain(value, "k", [], [budget])
    return raised.value


def test_to_plain_names_where_and_raises_for_the_unreadable():
    problems = []
    assert to_plain({"a": {1: "x"}}, "k", problems, [100]) == {"a": {"1": "x"}}
    assert [(p.key, p.rule) for p in problems] == [("k.a", "field_name_type")]
    nested = []
    for _level in range(MAX_DEPTH + 1):
        nested = [nested]
    with pytest.raises(Unreadable) as raised:
        to_plain(nested, "k", [], [10 ** 6])
    assert raised.value.rule == "nesting"


def test_tagged_ansible_values_become_plain_types():
    tagged = _tagged({_tagged("name"): _tagged([_tagged("value"), _tagged("{{ x }}")])})
    assert tagged.__class__ is not dict and next(iter(tagged)).__class__ is not str     # (Ansible's tagged subclasses)
    plain = to_plain(tagged, "k", [], [100])
    assert plain == {"name": ["value", "{{ x }}"]} and plain.__class__ is dict and plain["name"].__class__ is list
    assert next(iter(plain)).__class__ is str and all(item.__class__ is str for item in plain["name"])
    problems = []
    assert to_plain(_tagged({"a": {1: _tagged("x")}}), "k", problems, [100]) == {"a": {"1": "x"}}     # walked
    assert [p.rule for p in problems] == ["field_name_type"]


def test_what_is_a_vault_value():
    assert is_vault(Undecryptable()) and is_vault(DecryptedVault())
    assert is_vault(EncryptedString()) and is_vault(AnsibleVaultEncryptedUnicode())
    assert not is_vault("$ANSIBLE_VAULT;1.1;AES256") and not is_vault(_tagged("x"))


def test_a_vault_value_is_read_as_its_plain_text():
    problems = []
    assert to_plain({"key": DecryptedVault()}, "k", problems, [100]) == {"key": "sk-unit-READING-1"}
    assert to_plain(DecryptedVault(), "k", problems, [100]).__class__ is str and problems == []


def test_a_vault_value_that_does_not_decrypt_is_unreadable():
    error = _unreadable({"key": Undecryptable()})
    assert (error.path, error.rule, error.message) == ("k.key", "vault", "is vault-encrypted and could not be decrypted")
    assert error.hint == "check the vault password (--vault-id / --ask-vault-pass) and the !vault block"
    assert "3131" not in error.message + error.hint and str(error) == error.message


@pytest.mark.parametrize("value, shown, kind", [(datetime.date(2026, 1, 1), "2026-01-01", "date"), ({1, 2}, "{1, 2}", "set")])
def test_a_value_yaml_made_of_an_unquoted_text_is_reported_where_it_is(value, shown, kind):
    problems = []
    assert to_plain({"a": [value]}, "k", problems, [100]) == {"a": [shown]}
    assert [(p.level, p.key, p.value, p.rule, p.message, p.hint) for p in problems] == [
        ("error", "k.a[0]", "<%s>" % kind, "type", "a %s is not a valid settings value" % kind,
         "YAML turned the value into a %s; quote it to keep it a string" % kind)]


def test_field_names_that_are_not_strings():
    problems = []
    assert to_plain({None: 1, 2: "x"}, "k", problems, [100]) == {"None": 1, "2": "x"}
    assert [(p.key, p.value, p.message, p.hint) for p in problems] == [
        ("k", "null", "field names must be strings, got NoneType", "quote the name in YAML"),
        ("k", "2", "field names must be strings, got int", "quote the name in YAML")]


def test_the_bounds_of_a_value():
    error = _unreadable("x" * (MAX_TEXT + 1))
    assert (error.rule, error.message, error.hint) == (
        "size", "is a string of %d characters; the limit is %d" % (MAX_TEXT + 1, MAX_TEXT), "shorten it")
    error = _unreadable({"a": [1, 2, 3]}, budget=2)
    assert (error.path, error.rule) == ("k.a", "size") and "YAML aliases count each time they are used" in error.message
    itself = ["x"]
    itself.append(itself)                   # what a YAML anchor used inside its own value loads as
    error = _unreadable(itself)
    assert error.rule == "nesting" and error.path == "k" + "[1]" * MAX_DEPTH
    assert error.message == "is nested more than %d levels deep, or contains itself" % MAX_DEPTH
    assert error.hint == "check the YAML anchors and aliases (&name / *name) in this value"


def test_the_walk_spends_the_budget_as_the_quick_copy_does():
    quick, walked = [10], [10]
    to_plain({"a": [1, 2]}, "k", [], quick)              # copied without a walk
    to_plain({1: [1, 2]}, "k", [], walked)               # walked (a name to report)
    assert quick == walked == [7]
