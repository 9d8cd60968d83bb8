# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _index: look-ups over the catalog (current names, old names, suggestions for misspellings,
the secret-name heuristic for names the catalog does not know)."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils import _index
from ansible_collections.cowork3p.fleet.plugins.module_utils._catalog import KEYS

BY_NAME = _index.BY_NAME


def test_index_lookups():
    assert _index.lookup("inferenceProvider") == (BY_NAME["inferenceProvider"], None)
    assert _index.lookup("noSuchKey") == (None, None)
    assert _index.canonical_name("noSuchKey") == "noSuchKey"
    assert _index.suggest("inferenceprovider") == "inferenceProvider"
    assert _index.suggest(" inferenceProvider ") == "inferenceProvider"
    assert _index.suggest("isdxtenabled") == "isDxtEnabled"
    assert _index.suggest("inferenceGatewayBaseUrll") == "inferenceGatewayBaseUrl"
    assert _index.suggest("completelyDifferent") is None
    assert _index.looks_secret("X-Api-Key") and _index.looks_secret("clientSecret") and _index.looks_secret("PASSWORD")
    assert not _index.looks_secret("X-Tenant") and not _index.looks_secret(None)


def test_every_catalog_entry_is_indexed_once_by_its_name():
    assert list(BY_NAME) == [entry["name"] for entry in KEYS]
    assert all(BY_NAME[entry["name"]] is entry for entry in KEYS)


def test_every_old_name_leads_to_its_current_entry_and_is_no_current_name():
    assert _index.ALIASES, "the catalog has old names (aliases)"
    for old, (entry, info) in _index.ALIASES.items():
        assert old not in BY_NAME
        assert entry["aliases"][old] is info
        assert _index.lookup(old) == (entry, info)
        assert _index.canonical_name(old) == entry["name"]


def test_suggestions_answer_with_a_real_spelling():
    current = {name.lower(): name for name in BY_NAME}
    for old in _index.ALIASES:
        assert _index.suggest(old) == old
        # a case-only misspelling: the current name wins over an old name spelled the same but for case
        assert _index.suggest("  %s\t" % old.upper()) == current.get(old.lower(), old)
    assert _index.suggest("enduserattribution") == "endUserAttribution"


def test_looks_secret_is_the_masking_pattern():
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _mask  # pylint: disable=import-outside-toplevel
    for name in ("X-Api-Key", "clientSecret", "token", "X-Tenant", "inferenceProvider", "Authorization", ""):
        assert _index.looks_secret(name) == _mask.looks_secret(name), name
