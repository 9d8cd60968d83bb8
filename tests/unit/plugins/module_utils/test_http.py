# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _http: the HTTP callable over open_url that the preflights use, against a server on loopback
started and stopped by the test, and the kind given to each failure that leaves no HTTP answer."""

from __future__ import annotations

import http.server
import socket
import ssl
import threading
from http.client import BadStatusLine, RemoteDisconnected
from urllib.error import URLError

import pytest

from ansible.module_utils.urls import SSLValidationError

from ansible_collections.cowork3p.fleet.plugins.module_utils import _gw_transport as gw
from ansible_collections.cowork3p.fleet.plugins.module_utils import _http

PARAMS = {"validate_certs": True, "ca_path": None}


def _unverified():
    exc = ssl.SSLCertVerificationError(1, "certificate verify failed")
    exc.verify_message = "self-signed certificate"
    return exc


class _Handler(http.server.BaseHTTPRequestHandler):
    seen = []

    def do_POST(self):  # noqa: N802 (the name http.server calls)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.seen.append((self.path, self.headers.get("User-Agent"), self.headers.get("X-Test"), body))
        status = 404 if self.path == "/missing" else 200
        if self.path == "/redirect":
            status = 302
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if status == 302:
            self.send_header("Location", "/elsewhere")
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args):
        del args


@pytest.fixture(scope="module")
def server():
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d" % httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_an_answer_becomes_a_response_with_status_headers_and_body(server):
    http = _http.make_http(PARAMS, agent="unit-agent/1")
    response = http("POST", server + "/v1/messages", {"X-Test": "yes"}, b'{"q": 1}', 5)
    assert response.status == 200 and response.content_type == "application/json"
    assert response.read_all() == b'{"ok": true}'
    assert _Handler.seen[-1] == ("/v1/messages", "unit-agent/1", "yes", b'{"q": 1}')


def test_an_http_error_is_an_answer_not_an_exception(server):
    response = _http.make_http(PARAMS)("POST", server + "/missing", {}, b"", 5)
    assert response.status == 404 and response.read_all() == b'{"ok": true}'


def test_redirects_are_not_followed(server):
    response = _http.make_http(PARAMS)("POST", server + "/redirect", {}, b"", 5)
    assert response.status == 302
    assert _Handler.seen[-1][0] == "/redirect"


def test_a_closed_port_is_refused():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(gw.TransportError) as caught:
        _http.make_http(PARAMS)("POST", "http://127.0.0.1:%d/" % port, {}, b"", 5)
    assert caught.value.kind == "refused"


@pytest.mark.parametrize("exc, kind", [
    (URLError(_unverified()), "tls"),
    (SSLValidationError("no trusted CA"), "tls"),
    (URLError(ssl.SSLError(1, "wrong version number")), "tls-protocol"),
    (URLError(socket.gaierror(-2, "Name or service not known")), "dns"),
    (URLError(ConnectionRefusedError(111, "refused")), "refused"),
    (URLError(socket.timeout("timed out")), "timeout"),
    (TimeoutError(), "timeout"),
    (RemoteDisconnected("closed"), "protocol"),
    (BadStatusLine("HTTP/9"), "protocol"),
    (ValueError("unknown url type"), "request"),
    (OSError(101, "Network is unreachable"), "connect"),
])
def test_failures_without_an_answer_get_a_kind(exc, kind):
    found, message = _http._classify(exc)
    assert found == kind and message
