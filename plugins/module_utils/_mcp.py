# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""MCP "Test this connection" for the remote entries of managedMcpServers (streamable HTTP).

A minimal MCP client over the injected ``http`` callable of the gateway transport (``http(method, url,
headers, body, timeout) -> _gw_transport.Response``, ``_http.make_http`` in the module): ``initialize``,
then the ``notifications/initialized`` notification, then ``tools/list`` (following ``nextCursor`` a few
pages), with the entry's ``headers`` or the output of its ``headersHelper``. Answers may be JSON or
server-sent events. The gateway's transport and masking apply: one deadline per request, bodies read up
to MAX_BODY bytes, streams up to a number of events, lines and bytes; every header value is masked (encoded
forms too, by ``_mask.mask_encoded``'s rule, the server's host kept readable) in every reason.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable, Iterable
from urllib.parse import urlsplit

from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_explain import (
    error_text, explain_transport, is_html, json_or_none)
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_session import EXCERPT
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_transport import (
    MAX_BODY, MAX_LINE, TransportError, parse_sse)
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_url import display_url, split_url
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import mask_encoded, mask_encoded_bytes

if TYPE_CHECKING:     # (for annotations only)
    from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_transport import Response

PROTOCOL_VERSION = "2025-06-18"
CLIENT_INFO = {"name": "cowork3p.fleet-mcp-check", "version": "1"}
USER_AGENT = "cowork3p.fleet-mcp-check/1"
MAX_EVENTS = 200
MAX_LINES = 5000
MAX_TOOL_PAGES = 10
HTTP_TRANSPORTS = ("http", "sse")


class McpFailure(Exception):
    """One entry's test failed; ``reason`` says why in plain words."""

    def __init__(self, kind: str, reason: str) -> None:
        super(McpFailure, self).__init__(reason)
        self.kind = kind
        self.reason = reason


def parse_entries(value: Any) -> list:
    """The list of managedMcpServers entries (native or a JSON string), or raise ValueError."""
    if isinstance(value, str):
        value = json.loads(value)
    if not isinstance(value, list):
        raise ValueError("managedMcpServers must be a list of server entries")
    return [entry for entry in value if isinstance(entry, dict)]


def remote_entries(entries: list, names: Iterable[str] | None = None) -> tuple:
    """(selected remote entries, notes about the others, unknown names asked for)."""
    notes, chosen = [], []
    known = set()
    for entry in entries:
        name = str(entry.get("name") or "")
        known.add(name)
        if names and name not in names:
            continue
        transport = entry.get("transport") or ("builtin" if entry.get("server") else ("stdio" if entry.get("command") else "http"))
        if transport not in HTTP_TRANSPORTS:
            notes.append("%s: transport %s is not remote; not tested" % (name or "(no name)", transport))
            continue
        chosen.append(dict(entry, transport=transport))
    unknown = sorted(set(names or []) - known)
    return chosen, notes, unknown


class Client(object):
    """One MCP session against one entry."""

    def __init__(self, url: str, headers: dict, http: Callable[..., Response], timeout: float, secrets: list,
                 ca_path: str | None = None) -> None:
        self.ca_path = ca_path
        self.url = url
        self.headers = dict(headers or {})
        self.http = http
        self.timeout = timeout
        self.secrets = secrets
        host = (split_url(url) or split_url("")).hostname
        self.keep = (host,) if host else ()     # the server's host stays readable
        self.session = None
        self.version = None
        self.next_id = 0

    def mask(self, text: str) -> str:
        """Text fit to show: every secret masked, the server host kept."""
        return mask_encoded(text, self.secrets, self.keep)

    def _request_headers(self):
        headers = dict(self.headers)
        headers.update({"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
                        "User-Agent": USER_AGENT})
        if self.session:
            headers["Mcp-Session-Id"] = self.session
        if self.version:
            headers["MCP-Protocol-Version"] = self.version
        return headers

    def _post(self, payload):
        try:
            response = self.http("POST", self.url, self._request_headers(), json.dumps(payload).encode("utf-8"),
                                 self.timeout)
        except TransportError as exc:
            exc.message = " ".join(self.mask(exc.message).split())[:EXCERPT]
            raise McpFailure(exc.kind, self.mask(explain_transport(exc, self.url, self.ca_path, self.timeout)))
        response.scrub = lambda data: mask_encoded_bytes(data, self.secrets, self.keep)
        return response

    def _fail_status(self, method, response, raw):
        status = response.status
        text = self.mask(error_text(json_or_none(raw), raw))[:EXCERPT]
        if status == 401:
            raise McpFailure("auth", "HTTP 401 for %s: the server wants a credential; sent headers: %s (for an "
                                     "oauth entry the app signs in on this answer)%s"
                             % (method, ", ".join(sorted(self.headers)) or "none", "; it said: " + text if text else ""))
        if status == 403:
            raise McpFailure("auth", "HTTP 403 for %s: the credential was refused%s" % (method, "; it said: " + text if text else ""))
        if is_html(response, raw) or status in (404, 405):
            raise McpFailure("not-mcp", "HTTP %d (%s) for %s: not an MCP endpoint (wrong URL or path?)%s"
                             % (status, response.content_type or "no content-type", method,
                                "; page: " + text[:80] if text else ""))
        raise McpFailure("http", "HTTP %d for %s%s" % (status, method, "; it said: " + text if text else ""))

    def _read_sse(self, response, want_id):
        lines = []
        count = 0
        try:
            while True:
                line = response.readline(MAX_LINE + 1)
                if not line:
                    break
                count += 1
                if count > MAX_LINES or len(line) > MAX_LINE:
                    raise McpFailure("protocol", "the event stream is too long or has a line over %d KiB"
                                     % (MAX_LINE // 1024))
                lines.append(line)
                if not line.strip():
                    for event in parse_sse(lines):
                        message = json_or_none(event["data"])
                        if isinstance(message, dict) and message.get("id") == want_id:
                            response.close()
                            return message
                    lines = [] if len(lines) > MAX_EVENTS * 4 else lines
        except TransportError as exc:
            raise McpFailure(exc.kind, "the event stream broke off or stalled: %s" % self.mask(exc.message)[:EXCERPT])
        finally:
            response.close()
        raise McpFailure("protocol", "the event stream ended without the answer to request %s" % want_id)

    def call(self, method: str, params: dict | None = None) -> Any:
        self.next_id += 1
        payload = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            payload["params"] = params
        response = self._post(payload)
        if response.status >= 300:
            self._fail_status(method, response, response.read_all(MAX_BODY))
        if method == "initialize":
            self.session = response.headers.get("mcp-session-id") or None
        if response.content_type == "text/event-stream":
            message = self._read_sse(response, self.next_id)
        else:
            raw = response.read_all(MAX_BODY)
            if response.too_large:
                raise McpFailure("protocol", "%s answered more than %d KiB" % (method, MAX_BODY // 1024))
            if is_html(response, raw):
                self._fail_status(method, response, raw)
            message = json_or_none(raw)
            if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
                raise McpFailure("not-mcp", "%s was answered with %s that is not JSON-RPC: not an MCP endpoint"
                                 % (method, response.content_type or "a body"))
        if isinstance(message.get("error"), dict):
            error = message["error"]
            raise McpFailure("rpc", "%s failed: JSON-RPC error %s: %s" % (
                method, error.get("code"), self.mask(str(error.get("message")))[:EXCERPT]))
        if not isinstance(message.get("result"), dict):
            raise McpFailure("protocol", "%s answered without a result object" % method)
        return message["result"]

    def notify(self, method: str) -> None:
        response = self._post({"jsonrpc": "2.0", "method": method})
        raw = response.read_all(65536)
        if response.status >= 300:
            self._fail_status(method, response, raw)

    def close(self) -> None:
        """End the session politely (DELETE); errors do not matter."""
        if not self.session:
            return
        try:
            response = self.http("DELETE", self.url, self._request_headers(), None, min(self.timeout, 5))
            response.read_all(4096)
        except Exception:  # pylint: disable=broad-except
            pass


def test_entry(entry: dict, http: Callable[..., Response], timeout: float, secrets: list,
               headers_helper: Callable[[str], tuple] | None = None, ca_path: str | None = None) -> dict:
    """Test one remote entry; returns a result dict (name, passed, reason, server_name, protocol_version, tools)."""
    name = str(entry.get("name") or "")
    url = entry.get("url") or ""
    result = {"name": name, "url": display_url(url), "transport": entry["transport"], "passed": False,
              "server_name": None, "server_version": None, "protocol_version": None, "tool_count": None,
              "header_names": [], "kind": None}
    parts = urlsplit(url) if isinstance(url, str) else None
    if not parts or parts.scheme not in ("https", "http") or not parts.hostname:
        result.update(kind="config", reason="url %r is not an http(s) URL" % display_url(str(url))[:200])
        return result
    headers = entry.get("headers") or {}
    if isinstance(headers, str):
        headers = json_or_none(headers) or {}
    if entry.get("headersHelper"):
        helped, problem = headers_helper(entry["headersHelper"]) if headers_helper else (None, "no runner")
        if problem:
            result.update(kind="helper", reason="headersHelper %s: %s" % (entry["headersHelper"], problem))
            return result
        secrets = sorted(set(secrets) | set(v for v in helped.values() if v), key=len, reverse=True)
        headers = dict(headers, **helped)
    result["header_names"] = sorted(headers)
    client = Client(url, headers, http, timeout, secrets, ca_path)
    try:
        init = client.call("initialize", {"protocolVersion": PROTOCOL_VERSION, "capabilities": {},
                                          "clientInfo": CLIENT_INFO})
        info = init.get("serverInfo") if isinstance(init.get("serverInfo"), dict) else {}
        result.update(server_name=client.mask(str(info.get("name"))[:120]) if info.get("name") else None,
                      server_version=client.mask(str(info.get("version"))[:60]) if info.get("version") else None,
                      protocol_version=str(init.get("protocolVersion"))[:40] if init.get("protocolVersion") else None)
        client.version = result["protocol_version"]
        client.notify("notifications/initialized")
        tools, cursor = [], None
        for _page in range(MAX_TOOL_PAGES):
            listed = client.call("tools/list", {"cursor": cursor} if cursor else {})
            page = listed.get("tools")
            if not isinstance(page, list):
                raise McpFailure("protocol", "tools/list answered without a tools list")
            tools.extend(t.get("name") for t in page if isinstance(t, dict))
            cursor = listed.get("nextCursor")
            if not cursor:
                break
        result.update(tool_count=len(tools), tools=[client.mask(str(t))[:80] for t in tools[:50]])
    except McpFailure as exc:
        reason = exc.reason
        if entry["transport"] == "http" and exc.kind == "not-mcp" and _looks_like_legacy_sse(client):
            exc.kind, reason = "transport", ("wrong transport: the URL answers as a legacy SSE endpoint (GET gives "
                                             "an event stream with an endpoint event); set transport: sse or use "
                                             "the server's streamable HTTP URL (%s)" % reason)
        result.update(kind=exc.kind, reason=client.mask(reason))
        client.close()
        return result
    client.close()
    if entry["transport"] == "sse":
        result.update(kind="transport", reason="wrong transport: the server speaks streamable HTTP at this URL "
                                               "(initialize and tools/list worked over POST); set transport: http")
        return result
    result.update(passed=True, kind="ok", reason="%s (protocol %s) lists %s tool%s" % (
        result["server_name"] or "(unnamed server)", result["protocol_version"], result["tool_count"],
        "" if result["tool_count"] == 1 else "s"))
    return result


def _looks_like_legacy_sse(client):
    headers = dict(client.headers, Accept="text/event-stream", **{"User-Agent": USER_AGENT})
    try:
        response = client.http("GET", client.url, headers, None, min(client.timeout, 5))
    except TransportError:
        return False
    if response.status >= 300 or response.content_type != "text/event-stream":
        response.close()
        return False
    try:
        for _attempt in range(20):
            line = response.readline(4096)
            if not line:
                break
            if line.strip() == b"event: endpoint":
                return True
    except TransportError:
        return False
    finally:
        response.close()
    return False
