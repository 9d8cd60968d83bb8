# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per key, per release: deprecated and removed keys, the release a key or a value needs; the table's hook."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import releases, validate

from .cases import ANTHROPIC, BEFORE, doc


def _since_key():
    return next(name for name, entry in BY_NAME.items() if entry["since"] and entry["type"] == "boolean"
                and entry["confidence"] != "unconfirmed" and not entry["deprecated"] and not entry["providers"])


def test_a_key_newer_than_the_target_warns():
    name = _since_key()
    report = validate(doc(ANTHROPIC, **{name: True}), desktop_version="1.0.0", now=BEFORE)
    assert [(p.level, p.key, p.rule) for p in report.problems] == [("warning", name, "since")]
    assert not validate(doc(ANTHROPIC, **{name: True}), desktop_version=BY_NAME[name]["since"], now=BEFORE).problems


def test_a_per_release_check_is_one_function_and_one_row(monkeypatch):
    calls = []

    def spy(ctx, entry, key, value, result, secret):
        calls.append((entry["name"], key, value, result, secret))
    monkeypatch.setattr(releases, "RELEASE_CHECKS", releases.RELEASE_CHECKS + (spy,))
    # (the fast path answers clean values of most keys without the per-key checks: a target older than the key
    # sends it through them)
    name = _since_key()
    validate(doc(ANTHROPIC, **{name: "true"}), desktop_version="1.0.0", now=BEFORE)
    assert (name, name, "true", True, False) in calls
