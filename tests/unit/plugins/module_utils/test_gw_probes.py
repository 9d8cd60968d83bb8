# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_probes.py: the headers and bodies the preflight sends."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import HDR, KEY, gw


def test_headers_follow_the_auth_scheme_and_protect_protocol_headers():
    config = {"api_key": KEY, "auth_scheme": "bearer",
              "headers": {"X-T": HDR, "authorization": "custom", "Anthropic-Version": "1999"}}
    headers = gw.build_headers(config)
    assert headers["Authorization"] == "Bearer " + KEY and "authorization" not in headers
    assert headers["anthropic-version"] == gw.ANTHROPIC_VERSION and headers["X-T"] == HDR
    headers = gw.build_headers(dict(config, auth_scheme="x-api-key"), stream=True)
    assert headers["x-api-key"] == KEY and "Authorization" not in headers and headers["accept"] == "text/event-stream"
    assert gw.auth_headers(None, "bearer") == {}


def test_bodies():
    tools = gw.message_body("m", "tools-stream")
    assert tools["stream"] is True and tools["tool_choice"] == {"type": "tool", "name": gw.PROBE_TOOL["name"]}
    assert gw.message_body("m", "errors")["model"] == gw.UNKNOWN_MODEL
    assert "stream" not in gw.message_body("m", "messages")
