# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one table of type coercions: every catalog type has a row, and a new type is one function and one row."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import coercions, validate
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID

from .helpers import context, found


def _types(spec):
    yield spec["type"]
    for field in (spec.get("fields") or {}).values():
        yield from _types(field)


def test_every_catalog_type_has_a_coercion():
    used = {kind for entry in BY_NAME.values() for kind in _types(entry)}
    assert used == set(coercions.COERCIONS)        # and no row is left over


def test_a_new_type_is_one_function_and_one_row(monkeypatch):
    def even(ctx, spec, value, path, secret, nested):
        if isinstance(value, int) and value % 2 == 0:
            return value
        return ctx.type_error(path, value, secret, "an even integer")
    monkeypatch.setitem(coercions.COERCIONS, "even", even)
    ctx = context()
    assert ctx.coerce({"type": "even"}, 4, "k") == 4
    assert ctx.coerce({"type": "even"}, 3, "k") is INVALID
    assert found(ctx) == [("error", "k", "type")]


def test_text_is_read_as_the_app_reads_it_only_at_the_top():
    report = validate({"inferenceProvider": "anthropic", "autoUpdaterEnforcementHours": "24"})
    assert report.ok and report.settings["autoUpdaterEnforcementHours"] == 24
    ctx = context()
    assert ctx.coerce({"type": "integer"}, "24", "k", nested=True) is INVALID
