# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_mcp: which managedMcpServers entries are remote, and a fake server answering in JSON and in SSE."""

from __future__ import annotations

import io
import json
import os
import sys

try:
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _gateway as gw
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _mcp
except ImportError:  # plain pytest from the repository: use the collection path of the environment
    for _path in reversed((os.environ.get("ANSIBLE_COLLECTIONS_PATH") or "").split(os.pathsep)):
        if _path and _path not in sys.path:
            sys.path.insert(0, _path)
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _gateway as gw
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _mcp

SECRET = "hdr-secret-Qm29Xc71"


def test_remote_entries():
    entries = _mcp.parse_entries(json.dumps([
        {"name": "a", "url": "https://a/mcp"}, {"name": "b", "transport": "sse", "url": "https://b"},
        {"name": "c", "transport": "stdio", "command": "/bin/c"}, {"name": "d", "server": "websearch"}]))
    chosen, notes, unknown = _mcp.remote_entries(entries, None)
    assert [e["name"] for e in chosen] == ["a", "b"] and chosen[0]["transport"] == "http"
    assert len(notes) == 2
    chosen, _notes, unknown = _mcp.remote_entries(entries, ["b", "zz"])
    assert [e["name"] for e in chosen] == ["b"] and unknown == ["zz"]


def fake(sse):
    def http(method, url, headers, body, timeout):
        if method == "DELETE":
            return gw.Response(200, {}, io.BytesIO(b""))
        msg = json.loads(body)
        if headers.get("X-Key") != SECRET:
            return gw.Response(401, {"content-type": "application/json"},
                               io.BytesIO(json.dumps({"error": "bad key " + SECRET}).encode()))
        if "id" not in msg:
            return gw.Response(202, {}, io.BytesIO(b""))
        result = ({"protocolVersion": "2025-06-18", "serverInfo": {"name": "unit", "version": "1"}, "capabilities": {}}
                  if msg["method"] == "initialize" else {"tools": [{"name": "t1"}, {"name": "t2"}]})
        answer = json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": result})
        if sse:
            return gw.Response(200, {"content-type": "text/event-stream", "mcp-session-id": "s1"},
                               io.BytesIO(("event: message\ndata: %s\n\n" % answer).encode()))
        return gw.Response(200, {"content-type": "application/json"}, io.BytesIO(answer.encode()))
    return http


def test_handshake_json_and_sse_and_masking():
    for sse in (False, True):
        got = _mcp.test_entry({"name": "x", "transport": "http", "url": "https://x/mcp", "headers": {"X-Key": SECRET}},
                              fake(sse), 5, [SECRET])
        assert got["passed"] and got["server_name"] == "unit" and got["tool_count"] == 2, got
    got = _mcp.test_entry({"name": "x", "transport": "http", "url": "https://x/mcp", "headers": {"X-Key": "wrong-value-1"}},
                          fake(False), 5, [SECRET, "wrong-value-1"])
    assert got["kind"] == "auth" and SECRET not in json.dumps(got) and "wrong-value-1" not in json.dumps(got)
