# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run's state: how problems are added, downgraded for UNCONFIRMED keys, dated by cut-offs."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import INVALID

from .helpers import context, found


def test_lenient_turns_errors_into_warnings_but_not_hard_rules():
    ctx = context()
    ctx.lenient = True
    ctx.error("k", None, "pattern", "does not match")
    ctx.error("k", None, "control_characters", "has U+0001")
    assert found(ctx) == [("warning", "k", "pattern"), ("error", "k", "control_characters")]
    assert ctx.problems[0].message.endswith("(not enforced: the rule is UNCONFIRMED)")
    assert ctx.hard == 1


UTC = datetime.timezone.utc


@pytest.mark.parametrize("now, level, words", [
    (datetime.datetime(2026, 10, 7, 18, 59, tzinfo=UTC), "warning", "stops reading"),
    (datetime.datetime(2026, 10, 7, 19, 0, tzinfo=UTC), "error", "stopped reading"),
])
def test_deprecation_is_dated_by_its_cutoff(now, level, words):
    ctx = context(now=now)
    ctx.deprecation("k", None, "deprecated_name", "is old", "2026-10-07T19:00:00Z")
    assert found(ctx) == [(level, "k", "deprecated_name")] and words in ctx.problems[0].message
    ctx.deprecation("k", None, "deprecated_name", "is old", None)
    assert ctx.problems[1].level == "warning" and ctx.problems[1].message == "is old"


def test_since_warns_only_for_an_older_target_and_shows_lazily():
    shown = []
    context(target=None).since("k", "1.5", lambda: shown.append(1))
    context(target=(1, 5)).since("k", "1.5", lambda: shown.append(1))
    assert not shown
    ctx = context(target=(1, 4))
    ctx.since("k", "1.5", lambda: "v")
    assert found(ctx) == [("warning", "k", "since")] and ctx.problems[0].value == "v"


def test_coerce_dispatches_through_the_table_and_refuses_null():
    ctx = context()
    assert ctx.coerce({"type": "boolean"}, "true", "k") is True
    assert ctx.coerce({"type": "boolean"}, None, "k") is INVALID
    assert found(ctx) == [("error", "k", "null")]
    with pytest.raises(ValueError):
        ctx.coerce({"type": "no-such-type"}, 1, "k")
