# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One preflight's state and its requests: send, read (masked as it is read), explain a failed answer.

The checks (``_gw_checks_*``) are plain functions of a ``Session``; the order they run in and when they are
skipped is the table in ``_gw_plan``.
"""

from __future__ import annotations

import json
import time
from typing import Callable
from urllib.parse import urlsplit

from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_explain import (
    error_text, explain_http, explain_transport, is_html, json_or_none)
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_probes import build_headers, message_body
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_result import Failed as _Failed
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_transport import MAX_BODY, Response, TransportError
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_url import join_url, split_url
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import mask_encoded, mask_encoded_bytes

EXCERPT = 200                     # characters of gateway text quoted in a reason (after masking)


class Session(object):
    """The config under test, the HTTP callable, the options, the secrets to mask, and what the checks learnt.

    options: model, timeout (s), validate_certs, ca_path. ``secrets`` come from ``_gateway.secret_values``.
    """

    def __init__(self, config: dict, http: Callable[..., Response], options: dict, secrets: list,
                 clock: Callable[[], float] | None = None) -> None:
        self.config = config
        self.http = http
        self.clock = clock or time.monotonic
        self.timeout = float(options.get("timeout") or 30)
        self.validate_certs = options.get("validate_certs", True)
        self.ca_path = options.get("ca_path")
        self.model = options.get("model") or (config["models"][0] if config.get("models") else None)
        self.model_source = "option" if options.get("model") else ("inferenceModels" if self.model else None)
        self.secrets = secrets
        host = (split_url(config.get("base_url") or "") or urlsplit("")).hostname
        self.keep = (host,) if host else ()     # the gateway host stays readable
        self.timed_out = False

    def mask(self, text: object) -> str | None:
        """Text fit to show: every secret masked, the gateway host kept."""
        return mask_encoded(text, self.secrets, self.keep)

    def url(self, path: str) -> str:
        """The full URL of an API path, joined the way the app joins it."""
        return join_url(self.config["base_url"], path)

    def scrub(self, data: bytes) -> bytes:
        """A body's bytes with every secret masked (set on each Response)."""
        return mask_encoded_bytes(data, self.secrets, self.keep)

    def transport_failure(self, exc: TransportError, url: str) -> _Failed:
        """_Failed for a TransportError: its text masked first, then cut."""
        if exc.kind in ("timeout", "slow"):
            self.timed_out = True
        exc.message = " ".join(self.mask(exc.message).split())[:EXCERPT]
        return _Failed(explain_transport(exc, url, self.ca_path, self.timeout), {"transport": exc.kind})

    def send(self, method: str, path: str, body: dict | None = None, scheme: str | None = None, stream: bool = False,
             extra: dict | None = None) -> tuple:
        """Send one request with the app's headers; (url, response) or _Failed when no HTTP answer came."""
        url = self.url(path)
        data = json.dumps(body).encode("utf-8") if body is not None else None
        headers = build_headers(self.config, scheme=scheme, stream=stream, extra=extra)
        try:
            response = self.http(method, url, headers, data, self.timeout)
        except TransportError as exc:
            raise self.transport_failure(exc, url)
        response.scrub = self.scrub
        response.headers = dict((k, self.mask(v)) for k, v in response.headers.items())
        return url, response

    def body(self, url: str, response: Response, limit: int = MAX_BODY) -> bytes:
        """The (masked) body, at most ``limit`` bytes; raises _Failed when it cannot be read whole in time."""
        try:
            return response.read_all(limit)
        except TransportError as exc:
            raise self.transport_failure(exc, url)

    def json_answer(self, method: str, path: str, body: dict | None = None, scheme: str | None = None) -> tuple:
        """Send; return (url, response, raw body, parsed JSON). Raises _Failed on a non-2xx or HTML answer."""
        url, response = self.send(method, path, body, scheme)
        raw = self.body(url, response)
        if response.too_large and response.status < 300:
            raise _Failed("%s %s answered more than %d KiB; the answers to these probes are a few KiB (the rest was "
                          "not read)" % (method, urlsplit(url).path, MAX_BODY // 1024),
                          {"http_status": response.status, "content_type": response.content_type})
        if response.status >= 300 or is_html(response, raw):
            raise _Failed(self.explain(method, path, url, response, raw, scheme),
                          {"http_status": response.status, "content_type": response.content_type})
        payload = json_or_none(raw)
        if payload is None:
            raise _Failed("%s %s answered %s that is not JSON: %s" % (
                method, urlsplit(url).path, response.content_type or "a body", error_text(None, raw)[:120] or "(empty)"),
                {"http_status": response.status, "content_type": response.content_type})
        return url, response, raw, payload

    def explain(self, method: str, path: str, url: str, response: Response, raw: bytes,
                scheme: str | None = None) -> str:
        """explain_http, plus on 401/403 which auth scheme was sent and whether the other one works."""
        reason = explain_http(method, url, response, raw, self.config["base_url"], self.model)
        if response.status in (401, 403) and not is_html(response, raw):
            reason += _auth_hint(self, method, path, scheme)
        return reason

    def need_model(self) -> None:
        """Raise _Failed when there is no model id to probe with."""
        if not self.model:
            raise _Failed("no model to test: set inferenceModels, the model option, or let the gateway list Claude models",
                          {"blocks_others": True})


def _auth_hint(session, method, path, scheme):
    """Which scheme carried the credential, and whether the other one works (one more request)."""
    used = scheme or session.config["auth_scheme"]
    if not session.config.get("api_key"):
        return "; the settings carry no inferenceGatewayApiKey, so no credential was sent"
    if session.config.get("helper"):
        return "; the credential helper's token was sent as %s" % (
            "Authorization: Bearer" if used == "bearer" else "the x-api-key header")
    other = "x-api-key" if used == "bearer" else "bearer"
    sent = "Authorization: Bearer" if used == "bearer" else "the x-api-key header"
    body = message_body(session.model, "messages") if method == "POST" else None
    try:
        url, response = session.send(method, path, body, scheme=other)
        session.body(url, response)
    except _Failed:
        return "; the key was sent as %s" % sent
    if response.status < 300:
        return ("; the key was sent as %s, and the gateway accepts it with %s: set inferenceGatewayAuthScheme: %s"
                % (sent, "the x-api-key header" if other == "x-api-key" else "Authorization: Bearer", other))
    return "; the key was sent as %s, and %s does not work either: the key itself is wrong or not valid here" % (sent, other)
