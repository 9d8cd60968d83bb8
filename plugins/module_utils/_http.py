# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP callable the preflights (_gateway, _mcp) expect, over ansible.module_utils.urls.open_url.

One deadline per request (connection, headers, then the body or stream in _gw_transport.Response); every
failure without an HTTP answer becomes a _gw_transport.TransportError with a kind (tls, dns, refused...).
"""

from __future__ import annotations

import socket
import ssl
import time
from http.client import HTTPException, RemoteDisconnected
from typing import TYPE_CHECKING, Callable
from urllib.error import HTTPError, URLError

from ansible.module_utils.urls import ConnectionError as UrlsConnectionError
from ansible.module_utils.urls import ProxyError, SSLValidationError, open_url

from ansible_collections.cowork3p.fleet.plugins.module_utils import _gw_transport as gw
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_probes import USER_AGENT

if TYPE_CHECKING:     # (for annotations only)
    from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_transport import Response


def _classify(exc):
    """(kind, message) of an exception that left no HTTP answer."""
    reason = getattr(exc, "reason", exc) if isinstance(exc, URLError) else exc
    if isinstance(reason, ssl.SSLCertVerificationError):
        return "tls", reason.verify_message or str(reason)
    if isinstance(exc, SSLValidationError) or isinstance(reason, SSLValidationError):
        return "tls", str(reason)
    if isinstance(reason, ssl.SSLError):
        return "tls-protocol", getattr(reason, "reason", None) or str(reason)
    if isinstance(reason, socket.gaierror):
        return "dns", reason.strerror or str(reason)
    if isinstance(reason, ConnectionRefusedError):
        return "refused", "connection refused"
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timeout", "timed out"
    if isinstance(exc, ProxyError) or isinstance(reason, ProxyError):
        return "proxy", str(reason)
    if isinstance(reason, HTTPException):
        if isinstance(reason, RemoteDisconnected):
            return "protocol", "the connection was closed before any answer"
        return "protocol", "%s: %s" % (type(reason).__name__, reason)
    if isinstance(reason, ValueError):
        return "request", str(reason)
    return "connect", str(reason) or type(reason).__name__


def _peer_cert(response):
    for path in (("fp", "raw", "_sock"), ("fp", "fp", "raw", "_sock")):
        obj = response
        try:
            for name in path:
                obj = getattr(obj, name)
            cert = obj.getpeercert()
        except (AttributeError, ValueError, OSError):
            continue
        if cert:
            return cert
    return None


def make_http(params: dict, agent: str = USER_AGENT) -> Callable[..., Response]:
    """The HTTP callable the gateway transport expects, over ansible.module_utils.urls.open_url."""

    def http(method, url, headers, body, timeout):
        # One deadline for the whole request: connection, headers, then (in gw.Response) the body or stream.
        deadline = time.monotonic() + timeout
        try:
            with gw.deadline_guard(deadline):
                response = open_url(url, data=body, headers=headers, method=method, timeout=timeout,
                                    validate_certs=params["validate_certs"], ca_path=params["ca_path"],
                                    client_cert=params.get("client_cert"), client_key=params.get("client_key"),
                                    use_proxy=params.get("use_proxy", True), follow_redirects="none", use_netrc=False,
                                    force_basic_auth=False, http_agent=agent)
                status = response.status
        except gw.DeadlineExceeded:
            raise gw.TransportError("slow", "no complete answer headers before the deadline")
        except HTTPError as exc:
            response, status = exc, exc.code
        except (URLError, UrlsConnectionError, HTTPException, OSError, ValueError) as exc:
            kind, message = _classify(exc)
            raise gw.TransportError(kind, message)
        return gw.Response(status, dict(response.headers.items()) if response.headers else {}, stream=response,
                           peer_cert=_peer_cert(response), deadline=deadline)

    return http
