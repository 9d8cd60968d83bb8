# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/finish: what runs once every key is read (release verdicts on the names, the
provider's and the cross-key rules, the admin's spelling kept), then the last scrub of every message."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import finish
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.problems import ERROR, WARNING, Problem
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.report import Report

from .helpers import context, found

SECRET = "sk-unit-FINISH-7Qp"
DECODED = {"inferenceProvider": "gateway", "inferenceGatewayApiKey": SECRET,
           "inferenceCustomHeaders": {"X-Tenant": "tenant-FINISH-42"},
           "inferenceGatewayBaseUrl": "https://user:pw-FINISH-9@gw.example.com"}


def test_every_secret_of_the_input_is_masked_in_every_part_of_a_message():
    problems = [Problem(ERROR, "k." + SECRET, SECRET + " x", "rule", "contains " + SECRET, "hint " + SECRET),
                Problem(WARNING, "k", None, "rule", 'tenant-FINISH-42 and "%s"' % SECRET),
                Problem(WARNING, "k", None, "rule", "the password pw-FINISH-9 of user")]
    finish.scrub_messages(problems, DECODED)
    assert [(p.key, p.value, p.message, p.hint) for p in problems] == [
        ("k.********", "******** x", "contains ********", "hint ********"),
        ("k", None, '******** and "********"', ""),
        ("k", None, "the password ******** of user", "")]           # "user": too short to mask
    assert all(p.rule == "rule" for p in problems)


def test_short_secrets_are_left_to_the_direct_masking():
    problems = [Problem(ERROR, "k", "abcde", "rule", "abcde is wrong")]
    finish.scrub_messages(problems, {"inferenceGatewayApiKey": "abcde"})
    assert (problems[0].value, problems[0].message) == ("abcde", "abcde is wrong")


def test_values_and_hints_are_cut_to_a_readable_length():
    problems = [Problem(ERROR, "k", "v" * 300, "rule", "m" * 500, "h" * 500), Problem(ERROR, "k", ["a"], "rule", "m")]
    finish.scrub_messages(problems, {})
    assert problems[0].value == "v" * 157 + "..." and problems[0].hint == "h" * 397 + "..."
    assert problems[0].message == "m" * 500                     # the message is the rule's own text: kept whole
    assert problems[1].value == ["a"]


def test_masking_comes_before_the_cut_and_takes_the_start_of_a_secret_already_cut():
    problems = [Problem(ERROR, "k", "x" * 155 + SECRET, "rule", "m"),
                Problem(ERROR, "k", "x" * 20 + SECRET[:10] + "...", "rule", "m")]    # as show() cuts a long value
    finish.scrub_messages(problems, DECODED)
    assert problems[0].value == "x" * 155 + "**..."             # masked first: no start of the secret is left
    assert problems[1].value == "x" * 20 + "********..."


def test_finish_keeps_the_admins_spelling_and_runs_the_last_rules():
    ctx = context()
    ctx.problems.append(Problem(ERROR, "inferenceGatewayApiKey", None, "earlier", "was %s" % SECRET))
    ctx.pending.append(("claudeAiImport", {"automatic3pImport": True}))
    normalised = {"inferenceProvider": "gateway", "inferenceCustomHeaders": {"X-T": "a"},
                  "inferenceGatewayApiKey": SECRET, "claudeAiImport": {"automatic3pImport": True}}
    decoded = {"inferenceProvider": "gateway", "inferenceGatewayHeaders": {"X-T": "a"}, "inferenceGatewayApiKey": SECRET,
               "claudeAiImport": {"automatic3pImport": True}}
    spelled = [("inferenceProvider", "inferenceProvider"), ("inferenceGatewayHeaders", "inferenceCustomHeaders"),
               ("inferenceGatewayApiKey", "inferenceGatewayApiKey"), ("claudeAiImport", "claudeAiImport"),
               ("dropped", "droppedKey")]                   # a key whose value was invalid: not in normalised
    report = finish.finish(ctx, normalised, decoded, set(normalised), spelled)
    assert isinstance(report, Report) and report.decoded is decoded
    assert list(report.settings) == ["inferenceProvider", "inferenceGatewayHeaders", "inferenceGatewayApiKey",
                                     "claudeAiImport"]
    assert ("warning", "inferenceGatewayHeaders", "deprecated_name") in found(ctx)          # the release verdict
    assert ("error", "claudeAiImport.automatic3pImport", "requires") in found(ctx)          # a cross-key rule
    assert ctx.problems[0].message == "was ********"                                       # scrubbed at the end
    renamed = [p for p in ctx.problems if p.rule == "deprecated_name"][0]
    assert renamed.value is None and renamed.hint == "rename it to inferenceCustomHeaders"
