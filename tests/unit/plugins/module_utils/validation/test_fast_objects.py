# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _validation/fast_objects: the fast checker of maps without fields (header maps, tool
permissions): the value when clean, SLOW otherwise, None for a spec it was not taught."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import fast_objects as fo
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation.fast_values import SLOW


def test_a_header_map():
    check = fo.fast_object(BY_NAME["inferenceCustomHeaders"])
    assert check({"X-Tenant": "acme"}) == {"X-Tenant": "acme"}
    assert check({"X Tenant": "acme"}) is SLOW and check({"X-Tenant": "a\r\nb"}) is SLOW
    assert check({"Authorization": "x"}) is SLOW and check({"X-N": 5}) is SLOW and check(["x"]) is SLOW


def test_a_plain_map_takes_strings_and_numbers():
    check = fo.fast_object({"type": "object", "rules": {}})
    assert check({"a": "b", "c": 1, "d": True}) == {"a": "b", "c": 1, "d": True}
    assert check({"a": [1]}) is SLOW and check({"a\x01": "b"}) is SLOW
    assert fo.fast_object({"type": "object", "rules": {}, "fields": {"a": {}}}) is None


def test_a_map_of_strings_and_the_rules_it_was_not_taught():
    check = fo.fast_object({"type": "object", "rules": {"value_type": "string"}})
    assert check({"a b": "c\td"}) == {"a b": "c\td"}              # not a header map: any name without controls
    assert check({"a": 1}) is SLOW and check({"a": True}) is SLOW and check({"a": "b\nc"}) is SLOW
    no_credentials = fo.fast_object({"type": "object", "rules": {"no_credential_headers": True}})
    assert no_credentials({"X-Team": "blue"}) == {"X-Team": "blue"}
    assert no_credentials({"x-api-key": "k"}) is SLOW
    assert fo.fast_object({"type": "object", "rules": {"value_allowed": ["allow"]}}) is None
    assert fo.fast_object({"type": "object", "rules": {}, "check": "oidc"}) is None
