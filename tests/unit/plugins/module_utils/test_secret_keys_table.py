# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _secret_keys_table: the generated table of what masking needs of the catalog (managed_file ships
it instead of the catalog). That it equals the catalog byte for byte, and how to regenerate it, is in
test_secret_keys.py; here: its shape, and that it names every secret the catalog declares."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils import _index
from ansible_collections.cowork3p.fleet.plugins.module_utils._secret_keys_table import SPECS


def _fields_ok(fields):
    if fields is None:
        return True
    return isinstance(fields, dict) and fields and all(
        isinstance(name, str) and isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[0], bool)
        and _fields_ok(spec[1]) for name, spec in fields.items())


def test_every_row_is_secret_secret_values_and_fields():
    assert SPECS and list(SPECS) == sorted(SPECS)
    for name, spec in SPECS.items():
        assert isinstance(spec, tuple) and len(spec) == 3, name
        secret, secret_values, fields = spec
        assert isinstance(secret, bool) and isinstance(secret_values, bool), name
        assert _fields_ok(fields), name


def test_only_names_the_catalog_knows():
    assert set(SPECS) <= set(_index.BY_NAME) | set(_index.ALIASES)


def test_every_secret_key_and_its_old_names_are_in_the_table():
    for name in set(_index.BY_NAME) | set(_index.ALIASES):
        entry, _info = _index.lookup(name)
        if entry["secret"] or entry["secret_values"]:
            assert SPECS[name][:2] == (bool(entry["secret"]), bool(entry["secret_values"])), name


def test_secret_fields_are_marked():
    marked = {(name, field) for name, (_s, _v, fields) in SPECS.items() for field, (secret, _f) in (fields or {}).items()
              if secret}
    expected = {(name, field) for name in SPECS for field, spec in (_index.lookup(name)[0].get("fields") or {}).items()
                if spec.get("secret")}
    assert marked == expected and marked, "the catalog has secret fields (managedMcpServers headers, ...)"
