# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_result.py: the shape of one check's result."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_result import FAIL, Failed, ms, plural, result


def test_a_result_has_every_field_the_module_returns():
    assert result("tls", FAIL, "why", required=False, elapsed=0.0123, details={"a": 1}) == {
        "name": "tls", "status": "fail", "required": False, "reason": "why", "elapsed_ms": 12, "details": {"a": 1}}
    assert result("url", FAIL, "why")["elapsed_ms"] is None and result("url", FAIL, "why")["details"] == {}


def test_failed_carries_its_reason_and_details_and_words_are_counted():
    exc = Failed("no answer", {"transport": "timeout"})
    assert exc.reason == "no answer" and exc.details == {"transport": "timeout"} and Failed("x").details == {}
    assert plural(1, "model") == "1 model" and plural(2, "model") == "2 models" and ms(0.0015) == 2
