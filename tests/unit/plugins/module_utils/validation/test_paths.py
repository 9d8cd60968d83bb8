# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/paths: the value rule for paths of executables (rules path, no_arguments) and,
for a credential, its surrounding white space."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import paths

from .helpers import context, found

PATH_RULES = {"path": "absolute", "no_arguments": True}


@pytest.mark.parametrize("value, rules", [("~/bin/helper", ["path_tilde"]), ("%APPDATA%\\x", ["path_env"]),
                                          ("bin/helper", ["path_absolute"]), ("/bin/helper -v", ["path_arguments"]),
                                          (" /bin/helper", ["path_whitespace"]), ("C:\\helper.exe", []),
                                          ("/usr/local/bin/helper", [])])
def test_paths(value, rules):
    ctx = context()
    paths.path_or_spacing(ctx, PATH_RULES, value, "k", False)
    assert [rule for _level, _key, rule in found(ctx)] == rules


@pytest.mark.parametrize("value, rule, message, hint", [
    ("~/bin/helper", "path_tilde", "starts with ~, which the app does not expand", "write the full path, e.g. /Users/<name>/..."),
    ("$HOME/bin/helper", "path_env", "refers to an environment variable, which the app does not expand", "write the full path"),
    ("/opt/${TOOL}/helper", "path_env", "refers to an environment variable, which the app does not expand", "write the full path"),
    ("bin/helper", "path_absolute", "must be an absolute path",
     "start it with / (macOS, Linux) or a drive letter such as C:\\ (Windows)"),
    ("/bin/helper --profile x", "path_arguments",
     "the executable is run without arguments, so this looks like a command line",
     "put the command and its arguments into a small wrapper script and give its path"),
    ("/bin/helper\n", "path_whitespace", "has leading or trailing white space", 'use "/bin/helper"'),
])
def test_the_messages_of_the_path_rules(value, rule, message, hint):
    ctx = context()
    paths.check_path(ctx, PATH_RULES, value, "k", False)
    assert [(p.level, p.rule, p.message, p.hint) for p in ctx.problems] == [("error", rule, message, hint)]


@pytest.mark.parametrize("value", ["D:/tools/helper.exe", "\\\\server\\share\\helper.exe", "/opt/my tool/helper"])
def test_windows_unc_and_spaced_paths_are_absolute(value):
    ctx = context()
    paths.check_path(ctx, PATH_RULES, value, "k", False)
    assert ctx.problems == []


def test_arguments_are_allowed_unless_the_rule_says_no():
    ctx = context()
    paths.check_path(ctx, {"path": "absolute"}, "/bin/helper -v", "k", False)
    assert ctx.problems == []


def test_a_secret_path_is_masked_in_the_value():
    ctx = context()
    paths.check_path(ctx, PATH_RULES, "~/sk-unit-PATHS-1", "k", True)
    assert found(ctx) == [("error", "k", "path_tilde")] and ctx.problems[0].value == "********"


def test_white_space_around_a_credential_only_warns():
    ctx = context()
    paths.path_or_spacing(ctx, {}, " sk-unit-PATHS-2\n", "k", True)
    assert [(p.level, p.rule, p.value, p.message, p.hint) for p in ctx.problems] == [
        ("warning", "whitespace", "********", "has leading or trailing white space, which is sent as part of the "
         "credential", "remove the surrounding spaces or line breaks")]
    ctx = context()
    paths.path_or_spacing(ctx, {}, " not a secret ", "k", False)        # ordinary text: another rule's matter
    paths.path_or_spacing(ctx, {}, "sk-unit-PATHS-3", "k", True)
    assert ctx.problems == []
