# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_report.py: the masked report."""

from __future__ import annotations

import io
import json

from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import (
    HOSTILE_KEY, gw, hostile_settings)


def test_gateway_text_is_short_and_masked_in_details():
    ids = [{"type": "model", "id": "claude-" + "z" * 5000}, {"type": "model", "id": HOSTILE_KEY}]

    def http(method, url, headers, body, timeout):
        return gw.Response(200, {"content-type": "application/json"}, io.BytesIO(json.dumps({"data": ids}).encode()))
    report, _problems = gw.run_preflight(hostile_settings(inferenceModels=["*"]), http, {"checks": ["models"]})
    models = report["checks"]["models"]
    assert all(len(i) <= 203 for i in models["details"]["ids"])
    assert gw.MASK in models["details"]["ids"][1]
    assert models["status"] == gw.FAIL, "a masked id must not act as a wildcard"
