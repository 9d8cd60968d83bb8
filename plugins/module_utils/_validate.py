# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The old name of the validator, which is now the package ``_validation``.

Only plugins/action/render.py and plugins/plugin_utils/_templating.py still import this name (their owner
changes them when the branches merge); import from ``_validation`` instead, then delete this file.
"""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import MAX_SHOWN, validate, validate_options

__all__ = ("MAX_SHOWN", "validate", "validate_options")
