# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one reader of the deprecated header-map forms, shared by the validator and gateway_check."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _gw_settings as _gateway
from ansible_collections.cowork3p.fleet.plugins.module_utils._header_maps import parse_legacy_header_map
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate

GATEWAY = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.com",
           "inferenceGatewayApiKey": "sk-test-123456"}


@pytest.mark.parametrize("value, form, pairs, missing", [
    ("X-A=1, X-B = two,,", "a 'Name=value,...' string", [("X-A", "1"), ("X-B", "two")], []),
    ("", "a 'Name=value,...' string", [], []),
    ("X-A=1,oops", "a 'Name=value,...' string", [("X-A", "1")], ["oops"]),
    ("X-A=a=b", "a 'Name=value,...' string", [("X-A", "a=b")], []),
    (["X-A: 1", " X-B :two "], "a ['Name: value'] list", [("X-A", "1"), ("X-B", "two")], []),
    (["X-A: 1", "oops", ""], "a ['Name: value'] list", [("X-A", "1")], ["oops", ""]),
    ([], "a ['Name: value'] list", [], []),
    (' ["X-A: 1"] ', "a ['Name: value'] list", [("X-A", "1")], []),
])
def test_old_forms_are_read(value, form, pairs, missing):
    found = parse_legacy_header_map(value)
    assert (found.form, found.pairs, found.missing) == (form, pairs, missing)
    assert found.separator in ("=", ":") and found.separator in found.example


@pytest.mark.parametrize("value", [{"X-A": "1"}, '{"X-A": "1"}', "[not json", 5, None, True,
                                   ["X-A: 1", 2], '[1, 2]', '{"a": 1}'])
def test_other_values_are_not_old_forms(value):
    assert parse_legacy_header_map(value) is None


def test_a_list_given_as_json_text_is_shown_as_the_list():
    assert parse_legacy_header_map('["X-A: 1"]').read == ["X-A: 1"]


def test_validator_and_gateway_read_the_same_pairs():
    # The validator converts the old form (and reports it as deprecated); gateway_check sends the same headers.
    for value in ("X-Org=acme,X-Team=blue", ["X-Org: acme", "X-Team: blue"]):
        report = validate(dict(GATEWAY, inferenceCustomHeaders=value))
        assert report.settings["inferenceCustomHeaders"] == {"X-Org": "acme", "X-Team": "blue"}
        assert [p.rule for p in report.problems] == ["deprecated_form"]      # (an error after the cut-off)
        problems = []
        assert _gateway._parse_headers(value, "inferenceCustomHeaders", problems) == {"X-Org": "acme", "X-Team": "blue"}
        assert len(problems) == 1 and "deprecated" in str(problems[0])


def test_an_entry_without_separator_the_validator_refuses_the_gateway_skips():
    report = validate(dict(GATEWAY, inferenceCustomHeaders="X-Org=acme,oops"))
    assert [p.rule for p in report.errors] == ["json"]      # not an old form: read as JSON text, which it is not
    problems = []
    assert _gateway._parse_headers("X-Org=acme,oops", "inferenceCustomHeaders", problems) == {"X-Org": "acme"}
    assert [str(p) for p in problems if "without '='" in str(p)]
