# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Release numbers and cut-offs."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.versions import compare_versions, describe_cutoff, parse_instant, parse_version


@pytest.mark.parametrize("text, version", [("1.46388.1", (1, 46388, 1)), (" 2.0 ", (2, 0)), ("3.1-beta", (3, 1)),
                                           (None, None), ("", None), ("v1", None), (7, (7,))])
def test_parse_version(text, version):
    assert parse_version(text) == version


def test_compare_versions_pads_with_zeros():
    assert compare_versions((1, 2), (1, 2, 0)) == 0
    assert compare_versions((1, 10), (1, 9, 9)) == 1
    assert compare_versions((1,), (1, 0, 1)) == -1


def test_cutoffs():
    assert parse_instant("2026-10-07T19:00:00Z") == datetime.datetime(2026, 10, 7, 19, tzinfo=datetime.timezone.utc)
    assert describe_cutoff("2026-10-07T19:00:00Z") == "2026-10-07 19:00 UTC (12:00 Pacific)"
