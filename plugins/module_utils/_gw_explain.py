# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Explanations in plain words of a request that failed: no HTTP answer, an HTTP error, an HTML page."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_url import suffix_fix

if TYPE_CHECKING:     # (for annotations only)
    from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_transport import Response


def json_or_none(data: object) -> object:
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    try:
        return json.loads(data)
    except (ValueError, TypeError, RecursionError):     # a hostile body may nest arrays a million deep
        return None


def error_text(payload: object, raw: object = "") -> str:
    """The human part of an error body (Anthropic, OpenAI, LiteLLM or FastAPI shapes)."""
    if isinstance(payload, dict):
        err = payload.get("error")
        if isinstance(err, dict):
            kind = err.get("type")
            msg = err.get("message") or err.get("msg") or ""
            return ("%s: %s" % (kind, msg) if kind and msg else str(msg or kind or ""))[:200]
        if isinstance(err, str):
            return err[:200]
        for field in ("message", "detail", "msg"):
            if isinstance(payload.get(field), str):
                return payload[field][:200]
        if payload.get("detail") is not None:
            return json.dumps(payload["detail"])[:200]
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw or "")
    return " ".join(text.split())[:200]


def _html_title(text):
    match = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    if match:
        return " ".join(match.group(1).split())[:80]
    match = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.IGNORECASE | re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())[:80] if match else ""


def is_html(response: Response, body: bytes) -> bool:
    head = body[:200].lstrip().lower()
    return response.content_type in ("text/html", "application/xhtml+xml") or head.startswith((b"<!doctype html", b"<html"))


def explain_transport(exc: BaseException, url: str, ca_path: str | None = None, timeout: float | None = None) -> str:
    """One line for a request that got no HTTP answer."""
    parts = urlsplit(url)
    where = "%s:%s" % (parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    text = exc.message
    if exc.kind == "tls":
        trust = "the CA bundle %s" % ca_path if ca_path else "this machine's trust store"
        if "hostname" in text.lower() or "ip address mismatch" in text.lower():
            return "the certificate of %s is not valid for that name (%s): issue it for the host in the URL" % (where, text)
        if "expired" in text.lower():
            return "the certificate of %s has expired (%s)" % (where, text)
        return ("the certificate of %s does not verify against %s (%s): laptops must trust the CA that issued it; "
                "pass that CA as ca_path to test with it" % (where, trust, text))
    if exc.kind == "tls-protocol":
        return ("TLS handshake with %s failed (%s): the port may speak plain http, or a proxy intercepts TLS"
                % (where, text))
    if exc.kind == "dns":
        return "the host name %s does not resolve from here (%s)" % (parts.hostname, text)
    if exc.kind == "refused":
        return "connection refused by %s: nothing listens there (wrong port, or the gateway is down)" % where
    if exc.kind == "timeout":
        return "no answer from %s within %s s (firewall, proxy, or a gateway that hangs)" % (where, timeout)
    if exc.kind == "slow":
        return ("the answer from %s did not complete within %s s: the gateway sends it too slowly or stops "
                "mid-way" % (where, timeout))
    if exc.kind == "protocol":
        return "the answer from %s is not valid HTTP (%s)" % (where, text)
    if exc.kind == "broken":
        return "the connection to %s broke off in the middle of the answer (%s)" % (where, text)
    if exc.kind == "request":
        return "the request to %s could not be sent (%s)" % (where, text)
    if exc.kind == "proxy":
        return "the HTTP proxy refused or failed the connection to %s (%s)" % (where, text)
    return "cannot reach %s: %s" % (where, text)


def explain_http(method: str, url: str, response: Response, body: bytes, base_url: str | None = None,
                 model: str | None = None) -> str:
    """One line for an HTTP answer that is not what the app expects (status >= 300, or HTML)."""
    path = urlsplit(url).path or "/"
    status = response.status
    where = "%s %s" % (method, path)
    v1_hint = ""
    if base_url:
        suffix, fixed = suffix_fix(urlsplit(base_url))
        if suffix:
            v1_hint = "; the base URL ends with %s, so the app calls %s: use %s" % (suffix, path, fixed)
    if 300 <= status < 400:
        location = response.headers.get("location", "")
        loc = urlsplit(location)
        shown = urlunsplit((loc.scheme, loc.netloc.rsplit("@", 1)[-1], loc.path, "", "")) if location else "?"
        return ("HTTP %d for %s: redirected to %s; the app does not follow redirects to a sign-in page or another "
                "path: point inferenceGatewayBaseUrl at the final API URL%s" % (status, where, shown, v1_hint))
    if is_html(response, body):
        title = _html_title(body.decode("utf-8", "replace"))
        page = "an HTML page%s" % (" (%r)" % title if title else "")
        if status == 404:
            return ("HTTP 404 with %s for %s: a web server or reverse proxy answered, not a Messages API; check the "
                    "base path (the app appends /v1/messages to inferenceGatewayBaseUrl)%s" % (page, where, v1_hint))
        if status in (401, 403, 407):
            return ("HTTP %d with %s for %s: a sign-in wall or proxy in front of the gateway rejected the request "
                    "before it reached the API" % (status, page, where))
        if status < 300:
            return ("%s answered with %s instead of JSON: the URL points at a web UI, a login or captive portal page, "
                    "not the gateway's API root" % (where, page))
        return ("HTTP %d with %s for %s: an error page from a web server or proxy, not a Messages API error%s"
                % (status, page, where, v1_hint))
    payload = json_or_none(body)
    said = error_text(payload, body)
    said_part = " (the gateway said: %s)" % said if said else ""
    if status == 404:
        if model and ("model" in said.lower() and (model in said or "not_found" in said)):
            return "HTTP 404 for %s: the gateway does not know the model %r%s" % (where, model, said_part)
        return ("HTTP 404 for %s: nothing serves the Messages API at this base path (the app appends /v1/messages "
                "to inferenceGatewayBaseUrl)%s%s" % (where, v1_hint, said_part))
    if status in (401, 403):
        return "HTTP %d for %s: the gateway rejected the credential%s" % (status, where, said_part)
    if status == 405:
        return "HTTP 405 for %s: this URL does not accept the request; it is not a Messages API endpoint%s" % (where, v1_hint)
    if status == 429:
        return "HTTP 429 for %s: rate limited; the gateway works but refused this request now%s" % (where, said_part)
    if status >= 500:
        return "HTTP %d for %s: the gateway failed; its upstream may be down or misconfigured%s" % (status, where, said_part)
    if status >= 400:
        return "HTTP %d for %s: the gateway refused the request%s" % (status, where, said_part)
    return "HTTP %d for %s: unexpected answer%s" % (status, where, said_part)
