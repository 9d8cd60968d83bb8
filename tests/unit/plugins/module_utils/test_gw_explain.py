# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_explain.py: failures explained in plain words."""

from __future__ import annotations


import pytest

from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import gw


def _resp(status_, body, ctype="application/json", headers=None):
    hdrs = {"content-type": ctype}
    hdrs.update(headers or {})
    return gw.Response(status_, hdrs), body


def test_explain_http():
    url = "https://gw/v1/v1/messages"
    r, b = _resp(404, b"<html><title>404 Not Found</title></html>", "text/html")
    text = gw.explain_http("POST", url, r, b, "https://gw/v1")
    assert "HTML page ('404 Not Found')" in text and "use https://gw" in text and "/v1/v1/messages" in text
    r, b = _resp(200, b"<!DOCTYPE html><html><title>Sign in</title>", "text/html")
    assert "login or captive portal" in gw.explain_http("POST", url, r, b)
    r, b = _resp(404, b'{"detail":"Not Found"}')
    assert "nothing serves the Messages API" in gw.explain_http("POST", url, r, b)
    r, b = _resp(404, b'{"type":"error","error":{"type":"not_found_error","message":"model: claude-x"}}')
    assert "does not know the model 'claude-x'" in gw.explain_http("POST", url, r, b, model="claude-x")
    r, b = _resp(302, b"", headers={"location": "https://idp.example/login?token=abc"})
    text = gw.explain_http("POST", url, r, b)
    assert "redirected to https://idp.example/login" in text and "token=abc" not in text
    r, b = _resp(503, b'{"error":{"message":"upstream down"}}')
    assert "upstream may be down" in gw.explain_http("GET", url, r, b) and "upstream down" in gw.explain_http("GET", url, r, b)
    r, b = _resp(403, b"<html><title>Forbidden</title></html>", "text/html")
    assert "sign-in wall or proxy" in gw.explain_http("GET", url, r, b)


@pytest.mark.parametrize("kind,phrase", [
    ("tls", "does not verify against the CA bundle /ca.pem"),
    ("tls-protocol", "plain http"),
    ("dns", "does not resolve"),
    ("refused", "nothing listens there"),
    ("timeout", "within 5 s"),
    ("proxy", "proxy"),
    ("connect", "cannot reach gw:443"),
])
def test_explain_transport(kind, phrase):
    assert phrase in gw.explain_transport(gw.TransportError(kind, "boom"), "https://gw/v1/models", "/ca.pem", 5)


def test_explain_transport_hostname_and_expiry():
    exc = gw.TransportError("tls", "Hostname mismatch, certificate is not valid for 'gw'")
    assert "not valid for that name" in gw.explain_transport(exc, "https://gw")
    exc = gw.TransportError("tls", "certificate has expired")
    assert "has expired" in gw.explain_transport(exc, "https://gw")
