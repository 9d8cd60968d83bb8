# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The value rule for paths of executables (catalog rules path, no_arguments), and for a credential's
surrounding white space: a row of VALUE_RULES (values.py)."""

from __future__ import annotations

import re

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.context import Context
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import show

_ENV_REF = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%")
_WINDOWS_ABS = re.compile(r"^([A-Za-z]:[\\/]|\\\\)")


def path_or_spacing(ctx: Context, rules: dict, value: str, path: str, secret: bool) -> None:
    """An absolute path (rule path), else: a credential with surrounding white space."""
    if rules.get("path"):
        check_path(ctx, rules, value, path, secret)
    elif secret and value != value.strip():
        ctx.warn(path, show(value, secret), "whitespace",
                 "has leading or trailing white space, which is sent as part of the credential",
                 "remove the surrounding spaces or line breaks")


def check_path(ctx: Context, rules: dict, value: str, path: str, secret: bool) -> None:
    shown = show(value, secret)
    if value != value.strip():
        ctx.error(path, shown, "path_whitespace", "has leading or trailing white space", "use %s" % show(value.strip()))
    if value.startswith("~"):
        ctx.error(path, shown, "path_tilde", "starts with ~, which the app does not expand",
                  "write the full path, e.g. /Users/<name>/...")
    elif _ENV_REF.search(value):
        ctx.error(path, shown, "path_env", "refers to an environment variable, which the app does not expand",
                  "write the full path")
    elif not (value.strip().startswith("/") or _WINDOWS_ABS.match(value.strip())):
        ctx.error(path, shown, "path_absolute", "must be an absolute path",
                  "start it with / (macOS, Linux) or a drive letter such as C:\\ (Windows)")
    if rules.get("no_arguments") and any(token.startswith("-") for token in value.split()[1:]):
        ctx.error(path, shown, "path_arguments",
                  "the executable is run without arguments, so this looks like a command line",
                  "put the command and its arguments into a small wrapper script and give its path")
