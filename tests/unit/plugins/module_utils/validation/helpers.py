# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Context to call one rule of the validation package on its own."""

from __future__ import annotations

import datetime

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.coercions import COERCIONS
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context

NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def context(target=None, now=NOW):
    return Context(now, target, COERCIONS)


def found(ctx):
    return [(p.level, p.key, p.rule) for p in ctx.problems]


def run_rule(rule, settings):
    """A cross-key rule run on its own over a document whose keys are all present; the Context it reported into."""
    ctx = context()
    present = set(settings)
    rule(ctx, settings, present, present)
    return ctx
