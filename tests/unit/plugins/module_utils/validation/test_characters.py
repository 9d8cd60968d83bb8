# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/characters: which characters a value or an HTTP header may carry, and which catalog
specs travel as HTTP headers (worked out from the catalog)."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import characters


@pytest.mark.parametrize("text, bad", [
    ("plain", False), ("tab\there", False), ("line\nbreak\r\n", False), ("é 中文 🚀", False),
    ("bell\x07", True), ("nul\x00", True), ("\x0b", True), ("\ufffe", True), ("\ud800", True),
])
def test_control_is_what_xml_cannot_carry(text, bad):
    assert bool(characters.CONTROL.search(text)) is bad


@pytest.mark.parametrize("name, ok", [("X-Tenant", True), ("x_api.key~1", True), ("X Tenant", False),
                                      ("X:Tenant", False), ("", False), ("é", False)])
def test_header_names_are_tokens(name, ok):
    assert bool(characters.HEADER_NAME.match(name)) is ok


@pytest.mark.parametrize("value, bad", [("acme\tteam", False), ("a\r\nInjected: 1", True), ("\x7f", True),
                                        ("\uffff", True), ("plain value", False)])
def test_header_values_carry_no_line_break_or_control_character(value, bad):
    assert bool(characters.HEADER_VALUE_BAD.search(value)) is bad
    assert bool(characters.HEADER_UNSAFE.search(value)) is (bad and value != "\uffff")


def test_header_maps_come_from_the_catalog():
    assert characters.is_header_map(BY_NAME["inferenceCustomHeaders"])
    assert characters.is_header_map(BY_NAME["otlpHeaders"])
    assert not characters.is_header_map(BY_NAME["inferenceProvider"])
    mcp_headers = BY_NAME["managedMcpServers"]["fields"]["headers"]
    assert characters.is_header_map(mcp_headers)
    assert not characters.is_header_map(dict(BY_NAME["inferenceCustomHeaders"]))   # by identity, not by content
    assert characters.CREDENTIAL_HEADERS == ("authorization", "x-api-key", "proxy-authorization")
