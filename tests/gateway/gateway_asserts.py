# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The assertion on one gateway_check result that the direct and the LiteLLM tests share."""

from __future__ import annotations

import json


def assert_status(got, where, status, *phrases):
    """One check's result must have this status and name every phrase in its reason; returns it."""
    assert got["status"] == status, "%s: %s" % (where, json.dumps(got, indent=1))
    for phrase in phrases:
        assert phrase in got["reason"], "%s: %r not in %r" % (where, phrase, got["reason"])
    return got
