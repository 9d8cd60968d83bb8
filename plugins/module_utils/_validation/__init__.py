# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation of a settings document against the key catalog: ``validate(settings)`` -> Report.

It never raises on bad input: the Report holds the normalised settings (native Python values), every error and
every warning, each naming the key, the offending value (secrets as ********), the rule and a hint. Pure Python.

The package, in the order a value meets it:
  document.py      the loop over the keys: bounds (plain.py, reading.py), the fast path (fast*.py), keys.py;
                   then finish.py: release verdicts, provider rules, cross.py, the scrub of every message
  keys.py          one key: old name, UNCONFIRMED, its type, renderable.py, then releases.py (per key, per release)
  coercions.py     THE table of type coercions (scalars.py, enums.py, lists.py, objects.py + map_entries.py,
                   json_text.py, fields.py)
  values.py        THE table of value rules (lengths, pattern, urls.py + url_policy.py, paths.py, ranges)
  checks.py        the checks the catalog names (mcp_server.py among them)
  cross.py         THE table of cross-key rules (cross_provider.py, cross_rules.py, cross_accounts.py)
  problems.py      Problem, show; report.py: Report; context.py: the run's state every rule reports to
  options.py       the artifact options (profile texts, file name)
Adding a rule is one function and one row of the table it belongs to: COERCIONS (a catalog type), VALUE_RULES
(a rule word on a string or number), CHECKS (a check the catalog names), CROSS_RULES (keys together), or
RELEASE_CHECKS (per release).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.coercions import COERCIONS
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.document import check_document
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.options import validate_options
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import (
    DOCUMENT, ERROR, WARNING, Problem, show,
)
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.report import MAX_SHOWN, Report
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.versions import parse_version

__all__ = ("DOCUMENT", "ERROR", "MAX_SHOWN", "WARNING", "Problem", "Report", "parse_version", "show", "validate",
           "validate_options")

_RELEASE = re.compile(r"^[0-9]+(\.[0-9]+)*$")


def validate(settings: Any, desktop_version: Any = None, now: datetime.datetime | None = None,
             allow_empty: bool = False, source: str = "mdm", allow_insecure_http: bool = False) -> Report:
    """Validate a settings mapping; returns a Report (never raises on bad input).

    settings         mapping of the app's key names to native values or encoded strings
    desktop_version  optional target release such as '1.46388.1': newer keys give warnings
    now              timezone-aware datetime for deprecation cut-offs (default: the current time)
    allow_empty      False: an empty (or null) document is an error, since rendering it gives files that mark a
                     device as managed with no provider; True where an empty document is a fact to read back
                     (an imported file, an existing artifact)
    source           where the document is delivered: mdm (profile, registry, Linux file), local or bootstrap;
                     a key the target reads only from other sources warns (module_utils/_releases.py)
    allow_insecure_http  True: an http:// gateway URL on a network address is a warning instead of an error
    """
    try:
        if now is None:
            now = datetime.datetime.now(datetime.timezone.utc)
        elif now.tzinfo is None:
            now = now.replace(tzinfo=datetime.timezone.utc)
        ctx = Context(now, None, COERCIONS)
        ctx.source = source
        ctx.allow_insecure_http = bool(allow_insecure_http)
        if desktop_version not in (None, ""):
            ctx.target = parse_version(desktop_version)
            if ctx.target is None or not _RELEASE.match(str(desktop_version).strip()):
                ctx.problems.append(Problem(ERROR, "desktop_version", show(desktop_version), "version",
                                            "is not a release number", "write it like 1.46388.1"))
                ctx.target = None
        return check_document(ctx, settings, allow_empty)
    except Exception as exc:  # pylint: disable=broad-except  # a last resort: the fuzzing corpus never reaches it
        problem = Problem(ERROR, DOCUMENT, None, "internal",
                          "could not be validated (%s); nothing of it was used" % type(exc).__name__,
                          "please report this with the shape of the document (not its values)")
        return Report({}, {}, [problem])
