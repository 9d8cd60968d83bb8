# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_stream.py: reading, capping and timing an event stream."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import (
    BASE, KEY, Clock, TimedLines, gw, hostile_settings, run, sse, stream_events, stream_gateway)


def test_buffered_stream_fails_streaming():
    report, _p, _f = run(flags=["buffered"])
    got = report["checks"]["streaming"]
    assert got["status"] == "fail" and "buffered" in got["reason"] and got["details"]["bursts"] == 1
    assert report["failed_checks"] == ["streaming"]


def test_fast_stream_is_not_judged():
    clock = Clock()
    lines = sse(stream_events({"type": "text", "text": "x"}, ["a", "b"], "end_turn"), pace=0.001)

    def fake(*_args):
        return gw.Response(200, {"content-type": "text/event-stream"}, TimedLines(clock, lines))

    config, _p = gw.extract_settings({"inferenceGatewayBaseUrl": BASE, "inferenceGatewayApiKey": KEY,
                                      "inferenceModels": ["m"]})
    report = gw.Preflight(config, fake, {"checks": ["streaming"]}, clock=clock).run()
    assert report["checks"]["streaming"]["status"] == "pass"
    assert "too short" in report["checks"]["streaming"]["reason"]


@pytest.mark.parametrize("body,phrase", [
    (b"event: message_start\ndata: " + b"x" * (gw.MAX_LINE + 10), "longer than 256 KiB"),
    (b"event: ping\ndata: {\"type\": \"ping\"}\n\n" * (gw.MAX_STREAM_EVENTS + 5), "more than 2000 events"),
    (b":\n" * (gw.MAX_STREAM_LINES + 5), "more than 2000 events, 4 MiB or 10000 lines"),
])
def test_event_streams_are_capped(body, phrase):
    report, _problems = gw.run_preflight(hostile_settings(), stream_gateway(body), {"checks": ["streaming"]})
    assert report["checks"]["streaming"]["status"] == gw.FAIL
    assert phrase in report["checks"]["streaming"]["reason"]
