# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""validate_options: the artifact options (profile texts, file name)."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _validation

from .cases import OPTION_CASES


@pytest.mark.parametrize("options, rule, key", OPTION_CASES)
def test_option_rules(options, rule, key):
    problems = _validation.validate_options(options)
    assert [(p.level, p.rule, p.key) for p in problems] == [("error", rule, key)]


def test_options_that_are_fine():
    assert _validation.validate_options({"basename": "claude-desktop", "profile_organization": "Acme & Co <IT>",
                                         "profile_description": "two\nlines\ttab", "profile_identifier": "com.acme.x",
                                         "profile_display_name": None}) == []
