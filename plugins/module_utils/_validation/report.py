# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The outcome of a validation run (Report): the normalised settings, the errors and the warnings."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import summarise
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import ERROR, WARNING

MAX_SHOWN = 20              # problems listed in a message; the rest are counted


class Report:
    """Outcome of a validation run."""

    def __init__(self, settings: dict, decoded: dict, problems: list) -> None:
        self.settings = settings      # recognised keys, normalised native values (check .errors first)
        self.decoded = decoded        # every key, best-effort native value (for import/audit)
        self.errors = [p for p in problems if p.level == ERROR]
        self.warnings = [p for p in problems if p.level == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def problems(self) -> list:
        return self.errors + self.warnings

    def error_text(self, limit: int = MAX_SHOWN) -> str:
        """The errors, one per line: the first ``limit``, then how many more (a long list stays readable)."""
        return "\n".join(summarise(["- " + p.text for p in self.errors], limit, "more error(s)"))

    def warning_texts(self, limit: int = MAX_SHOWN) -> list:
        """The warnings' texts: the first ``limit``, then one line counting the rest."""
        return summarise([p.text for p in self.warnings], limit, "more warning(s)")
