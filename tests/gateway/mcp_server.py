#!/usr/bin/env python
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real MCP server (the ``mcp`` SDK's MCPServer, streamable HTTP) over TLS for the mcp_check tests.

Paths: ``/mcp`` open; ``/secure/mcp`` the same server behind a header check (``X-Lab-Key`` must equal
--key, else HTTP 401); ``/web`` an HTML page (not an MCP endpoint); ``/legacy`` a legacy SSE endpoint
(GET answers an event stream with an ``endpoint`` event, POST answers 405).

Usage: mcp_server.py --port N --cert CERT --key-file KEY --key SECRET
"""

from __future__ import annotations

import argparse

import uvicorn
from mcp.server.mcpserver import MCPServer

SERVER_NAME = "cowork3p-lab-mcp"


def build(secret):
    server = MCPServer(SERVER_NAME, version="9.8.7")

    @server.tool()
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b

    @server.tool()
    def echo(text: str) -> str:
        """Echo a text."""
        return text

    inner = server.streamable_http_app(streamable_http_path="/mcp")

    async def send_simple(send, status, ctype, body):
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def app(scope, receive, send):
        if scope["type"] != "http":
            await inner(scope, receive, send)
            return
        path = scope["path"]
        if path == "/web":
            await send_simple(send, 200, b"text/html", b"<html><head><title>Intranet</title></head><body>hi</body></html>")
            return
        if path == "/legacy":
            if scope["method"] == "GET":
                await send_simple(send, 200, b"text/event-stream",
                                  b"event: endpoint\ndata: /legacy/messages?session_id=1\n\n")
            else:
                await send_simple(send, 405, b"text/plain", b"Method Not Allowed")
            return
        if path.startswith("/secure/"):
            headers = dict(scope["headers"])
            if headers.get(b"x-lab-key") != secret.encode():
                await send_simple(send, 401, b"application/json", b'{"error": "missing or wrong X-Lab-Key"}')
                return
            scope = dict(scope, path=path[len("/secure"):], raw_path=path[len("/secure"):].encode())
        await inner(scope, receive, send)

    return app


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key-file", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args()
    uvicorn.run(build(args.key), host="127.0.0.1", port=args.port, ssl_certfile=args.cert, ssl_keyfile=args.key_file,
                log_level="warning", lifespan="on")


if __name__ == "__main__":
    main()
