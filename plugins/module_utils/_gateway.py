# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Gateway preflight: does an LLM gateway speak the Messages API the way Claude Desktop needs?

Pure logic over plain dicts. HTTP goes through a callable the caller injects::

    http(method, url, headers, body, timeout) -> Response

``body`` is bytes or None. The callable returns a ``Response`` for every HTTP
answer, 4xx and 5xx included, and raises ``TransportError`` when no HTTP
answer arrived (TLS, DNS, refused connection, timeout). The module passes a
thin wrapper around ``ansible.module_utils.urls.open_url``; unit tests pass a
fake. Standard library only, Python 3.8+.

Secrets (the API key, every custom header value, a password inside the URL)
never appear in anything this file returns: every text that may echo them
goes through ``mask_text``, which also catches their encoded forms (base64,
URL-, HTML- and JSON-escaping, any letter case). Bodies, stream lines, header
values and transport errors are masked as they are read, before any excerpt
is cut from them.

Hostile gateways: a request (connection, headers and body or whole stream) has
one deadline, ``timeout`` seconds after it started, enforced with a real-time
alarm around every blocking read where the platform allows it (POSIX, main
thread); bodies are read up to MAX_BODY bytes, event streams up to
MAX_STREAM_EVENTS events, MAX_STREAM_BYTES bytes and MAX_LINE bytes a line.
After a request ran out of time the remaining network checks are not run (and
count as failed), so a gateway that hangs costs one ``timeout``, not seven.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import re
import signal
import threading
import time
from urllib.parse import quote, urlsplit, urlunsplit

from ansible_collections.cowork3p.fleet.plugins.module_utils._header_maps import parse_legacy_header_map
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import encoded_variants

ANTHROPIC_VERSION = "2023-06-01"
MASK = "********"
USER_AGENT = "cowork3p.fleet-gateway-check/1"

CHECKS = ("url", "tls", "models", "messages", "each_model", "streaming", "tools", "tool_search", "errors")
NETWORK_CHECKS = CHECKS[1:]
PASS, FAIL, WARN, SKIP = "pass", "fail", "warn", "skip"

AUTH_SCHEMES = ("bearer", "x-api-key")
SETTING_KEYS = {
    "provider": "inferenceProvider",
    "base_url": "inferenceGatewayBaseUrl",
    "api_key": "inferenceGatewayApiKey",
    "auth_scheme": "inferenceGatewayAuthScheme",
    "headers": "inferenceCustomHeaders",
    "models": "inferenceModels",
}
LEGACY_HEADERS_KEY = "inferenceGatewayHeaders"

PROBE_TOOL = {
    "name": "record_observation",
    "description": "Record the city and the temperature the user reports.",
    "input_schema": {
        "type": "object",
        "properties": {
            "city": {"type": "string", "description": "City name"},
            "celsius": {"type": "number", "description": "Temperature in degrees Celsius"},
        },
        "required": ["city", "celsius"],
        "additionalProperties": False,
    },
}
UNKNOWN_MODEL = "cowork3p-preflight-no-such-model"
# Tool search (reference section 10): the experimental betas the app turns on with toolSearchEnabled, a
# deferred tool, and a tool_result that loads it with a tool_reference block.
TOOL_SEARCH_BETAS = "advanced-tool-use-2025-11-20,context-management-2025-06-27"
TOOL_SEARCH_TOOL = {
    "name": "tool_search",
    "description": "Search the deferred tools by keyword; returns references to the matching tools.",
    "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
}
TOOL_SEARCH_KEY = "toolSearchEnabled"
MAX_BODY = 1024 * 1024
MAX_LINE = 256 * 1024             # one line of an event stream
MAX_STREAM_BYTES = 4 * 1024 * 1024
MAX_STREAM_EVENTS = 2000          # the probes need a few hundred at most
MAX_STREAM_LINES = 10000
EXCERPT = 200                     # characters of gateway text quoted in a reason (after masking)
READ_CHUNK = 65536
MAX_MODEL_PAGES = 10
EXPIRY_WARN_DAYS = 14
# A stream is "buffered" when it lasted long enough to judge (BUFFER_MIN_TOTAL
# seconds) and all its events arrived in one burst (no gap above BURST_GAP
# seconds between two of them), i.e. the first event came only at the end.
BUFFER_MIN_TOTAL = 0.2
BURST_GAP = 0.01

_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_SECRET_NAME = re.compile(r"(key|token|secret|passw|header|credential(?!helper|kind))", re.IGNORECASE)
_LOOPBACK = ("localhost", "127.0.0.1", "::1")


class TransportError(Exception):
    """No (complete) HTTP answer arrived.

    ``kind``: tls, tls-protocol, dns, refused, timeout (nothing within the
    socket timeout), slow (the deadline passed), protocol (not valid HTTP),
    broken (the connection broke off mid-answer), request, proxy, connect.
    """

    def __init__(self, kind, message):
        super(TransportError, self).__init__(message)
        self.kind = kind
        self.message = message


class DeadlineExceeded(Exception):
    """Raised by ``deadline_guard`` when the request's deadline passes during a blocking call."""


@contextlib.contextmanager
def deadline_guard(deadline):
    """Interrupt the blocking calls inside the block at ``deadline`` (a time.monotonic() value).

    Uses a real-time interval timer (SIGALRM) when this is the main thread of
    a POSIX process, as a module is; elsewhere it only refuses to start after
    the deadline, and socket timeouts bound each read.
    """
    if deadline is None:
        yield
        return
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise DeadlineExceeded()
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    state = {"active": True}

    def on_alarm(_signum, _frame):
        if state["active"]:
            raise DeadlineExceeded()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, remaining)
    try:
        yield
    finally:
        state["active"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


def _read_error(exc, deadline):
    """The TransportError for an exception raised while reading a body."""
    if isinstance(exc, DeadlineExceeded) or (deadline is not None and time.monotonic() >= deadline):
        return TransportError("slow", "the answer did not complete before the deadline")
    name = type(exc).__name__
    if "timeout" in name.lower():
        return TransportError("timeout", "timed out while reading the answer")
    return TransportError("broken", "%s: %s" % (name, exc) if str(exc) else name)


class Response(object):
    """An HTTP answer: status, lower-cased headers, and a file-like body.

    ``stream`` needs ``read(n)`` (``read1(n)`` is used when present) and
    ``readline(limit)``; ``peer_cert`` is the decoded certificate dict of a
    verified TLS peer, when known; ``deadline`` (time.monotonic()) bounds
    every read. ``scrub`` (bytes -> bytes) masks what is read, set by the
    preflight. Reads raise TransportError.
    """

    def __init__(self, status, headers=None, stream=None, peer_cert=None, deadline=None):
        self.status = int(status)
        self.headers = dict((str(k).lower(), str(v)) for k, v in (headers or {}).items())
        self.stream = stream
        self.peer_cert = peer_cert
        self.deadline = deadline
        self.too_large = False
        self.scrub = None

    @property
    def content_type(self):
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    def _clean(self, data):
        data = data or b""
        return self.scrub(data) if self.scrub is not None and data else data

    def read_all(self, limit=MAX_BODY):
        """The body, at most ``limit`` bytes (``too_large`` tells whether more came)."""
        if self.stream is None:
            return b""
        reader = getattr(self.stream, "read1", None) or self.stream.read
        parts, size = [], 0
        try:
            with deadline_guard(self.deadline):
                while size <= limit:
                    block = reader(min(READ_CHUNK, limit + 1 - size))
                    if not block:
                        break
                    parts.append(block)
                    size += len(block)
                    if self.deadline is not None and time.monotonic() >= self.deadline:
                        raise DeadlineExceeded()
        except Exception as exc:  # pylint: disable=broad-except  # any failure mid-body is a transport failure
            raise _read_error(exc, self.deadline)
        finally:
            self.close()
        self.too_large = size > limit
        declared = self.headers.get("content-length", "")
        if not self.too_large and declared.isdigit() and size < int(declared) and "content-encoding" not in self.headers:
            raise TransportError("broken", "the body ended after %d of the %s bytes announced" % (size, declared))
        return self._clean(b"".join(parts))[:limit]

    def readline(self, limit=MAX_LINE):
        """One line, at most ``limit`` bytes (a longer one comes back cut, without its newline)."""
        if self.stream is None:
            return b""
        try:
            with deadline_guard(self.deadline):
                line = self.stream.readline(limit)
        except Exception as exc:  # pylint: disable=broad-except
            raise _read_error(exc, self.deadline)
        return self._clean(line)

    def close(self):
        closer = getattr(self.stream, "close", None)
        if closer is not None:
            try:
                closer()
            except Exception:  # pylint: disable=broad-except
                pass


# ---------------------------------------------------------------------------
# Settings: tolerant extraction of the keys the gateway check needs
# ---------------------------------------------------------------------------

def _problem(level, key, message):
    return {"level": level, "key": key, "message": message}


def _maybe_json(value):
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            return json.loads(value), None
        except ValueError as exc:
            return value, "is not valid JSON (%s)" % exc.msg
    return value, None


def _bad_char(text, allow_tab=False):
    """Where ``text`` holds a character an HTTP header value cannot carry, described without the value; or None."""
    for index, char in enumerate(text):
        code = ord(char)
        if char in "\r\n":
            return "a line break (%s) at character %d" % ("CR" if char == "\r" else "LF", index + 1)
        if (code < 0x20 and not (allow_tab and char == "\t")) or code == 0x7F:
            return "a control character (U+%04X) at character %d" % (code, index + 1)
        if code > 0xFF:
            return "the character U+%04X at character %d, which an HTTP header cannot carry" % (code, index + 1)
    return None


_HTTP_SPACE = " \t\r\n"     # what fetch() strips from both ends of a header value


def _edge_break_warning(raw, where):
    """A warning when a value starts or ends with a line break (stripped here; whether the app strips it is not known)."""
    if isinstance(raw, str) and raw.strip(" \t") != raw.strip(_HTTP_SPACE):
        return ("%s starts or ends with a line break (from a file or a paste?); the check strips it as fetch() "
                "does, but whether the app does is UNCONFIRMED: remove it" % where)
    return None


def _parse_headers(value, key, problems):
    """inferenceCustomHeaders: a dict, or a JSON string of one; older string/list forms are deprecated."""
    if value in (None, ""):
        return {}
    value, error = _maybe_json(value)
    if error:
        problems.append(_problem("error", key, "%s %s" % (key, error)))
        return {}
    pairs, legacy = [], parse_legacy_header_map(value)
    if isinstance(value, dict):
        pairs = list(value.items())
    elif legacy is not None:
        problems.append(_problem("warning", key, "%s as %s is deprecated; write a JSON object" % (key, legacy.form)))
        problems.extend(_problem("error", key, "%s entry without '%s' (expected '%s')" % (key, legacy.separator, legacy.example))
                        for _entry in legacy.missing)
        pairs = legacy.pairs
    else:
        problems.append(_problem("error", key, "%s must be an object of header names to values" % key))
        return {}
    headers = {}
    for name, text in pairs:
        name = str(name)
        if not _HEADER_NAME.match(name):
            problems.append(_problem("error", key, "%s has an invalid header name %r" % (key, name[:60])))
            continue
        if isinstance(text, (dict, list)) or text is None:
            problems.append(_problem("error", key, "%s: the value of header %s must be a string" % (key, name)))
            continue
        if isinstance(text, bool):
            text = "true" if text else "false"
        warning = _edge_break_warning(text, "%s: the value of header %s" % (key, name))
        if warning:
            problems.append(_problem("warning", key, warning))
        text = str(text).strip(_HTTP_SPACE)
        bad = _bad_char(text, allow_tab=True)
        if bad:
            problems.append(_problem("error", key, "%s: the value of header %s contains %s; it would break the "
                                                   "request (value not shown)" % (key, name, bad)))
            continue
        headers[name] = text
    return headers


def _parse_models(value, key, problems):
    """inferenceModels: strings and/or {name: ...} objects, natively or as a JSON string."""
    if value in (None, ""):
        return []
    value, error = _maybe_json(value)
    if error:
        problems.append(_problem("error", key, "%s %s" % (key, error)))
        return []
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        problems.append(_problem("error", key, "%s must be a list of model ids or {name: ...} objects" % key))
        return []
    names = []
    for index, item in enumerate(value):
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str) or not name.strip():
            problems.append(_problem("error", key, "%s[%d] has no model id (a string, or an object with name)" % (key, index)))
            continue
        names.append(name.strip())
    return names


def extract_settings(settings):
    """Pick the gateway keys out of a settings mapping.

    Returns ``(config, problems)``; ``config`` holds base_url, api_key,
    auth_scheme, headers, models and provider; ``problems`` is a list of
    ``{level: error|warning, key, message}`` without secret values.
    """
    problems = []
    if not isinstance(settings, dict):
        return None, [_problem("error", None, "settings must be a mapping of Claude Desktop setting names to values")]

    provider = settings.get(SETTING_KEYS["provider"])
    if provider not in (None, "") and str(provider).strip().lower() != "gateway":
        problems.append(_problem("error", SETTING_KEYS["provider"],
                                 "inferenceProvider is %r: the gateway check applies to inferenceProvider: gateway" % str(provider)[:40]))

    base_url = settings.get(SETTING_KEYS["base_url"])
    if base_url is not None and not isinstance(base_url, str):
        problems.append(_problem("error", SETTING_KEYS["base_url"], "inferenceGatewayBaseUrl must be a string"))
        base_url = None
    base_url = (base_url or "").strip()

    api_key = settings.get(SETTING_KEYS["api_key"])
    if isinstance(api_key, (int, float)) and not isinstance(api_key, bool):
        api_key = str(api_key)
    if api_key is not None and not isinstance(api_key, str):
        problems.append(_problem("error", SETTING_KEYS["api_key"], "inferenceGatewayApiKey must be a string"))
        api_key = None
    warning = _edge_break_warning(api_key, "inferenceGatewayApiKey")
    if warning:
        problems.append(_problem("warning", SETTING_KEYS["api_key"], warning))
    api_key = (api_key or "").strip(_HTTP_SPACE) or None
    bad = _bad_char(api_key) if api_key else None
    if bad:
        problems.append(_problem("error", SETTING_KEYS["api_key"],
                                 "inferenceGatewayApiKey contains %s; it cannot be sent in an HTTP header and would "
                                 "allow header injection (value not shown)" % bad))
    if api_key is None:
        problems.append(_problem("warning", SETTING_KEYS["api_key"],
                                 "no inferenceGatewayApiKey: requests are sent without a credential"
                                 + (" (give the module credential_helper to use inferenceCredentialHelper)"
                                    if settings.get("inferenceCredentialHelper") else "")))

    scheme = settings.get(SETTING_KEYS["auth_scheme"])
    scheme = str(scheme).strip().lower() if scheme not in (None, "") else "bearer"
    if scheme == "auto":
        problems.append(_problem("warning", SETTING_KEYS["auth_scheme"],
                                 "inferenceGatewayAuthScheme: auto is deprecated; remove it or write bearer (tested as bearer)"))
        scheme = "bearer"
    elif scheme not in AUTH_SCHEMES:
        problems.append(_problem("error", SETTING_KEYS["auth_scheme"],
                                 "inferenceGatewayAuthScheme %r cannot be tested with a static key; use bearer or x-api-key" % scheme[:20]))

    headers_key = SETTING_KEYS["headers"]
    raw_headers = settings.get(headers_key)
    if raw_headers is None and settings.get(LEGACY_HEADERS_KEY) is not None:
        headers_key = LEGACY_HEADERS_KEY
        raw_headers = settings.get(LEGACY_HEADERS_KEY)
        problems.append(_problem("warning", LEGACY_HEADERS_KEY,
                                 "inferenceGatewayHeaders is the deprecated name of inferenceCustomHeaders"))
    headers = _parse_headers(raw_headers, headers_key, problems)
    models = _parse_models(settings.get(SETTING_KEYS["models"]), SETTING_KEYS["models"], problems)
    tool_search = settings.get(TOOL_SEARCH_KEY)
    tool_search = tool_search is True or str(tool_search).strip().lower() in ("true", "1")

    if not base_url:
        problems.append(_problem("error", SETTING_KEYS["base_url"], "inferenceGatewayBaseUrl is not set"))
    config = {"provider": "gateway", "base_url": base_url, "api_key": api_key, "auth_scheme": scheme,
              "headers": headers, "models": models, "tool_search": tool_search}
    return config, problems


def apply_helper(config, problems, token, helper_headers, settings=None):
    """Use a credential helper's output as the app does: the token replaces any static key, and the helper's
    headers are merged over inferenceCustomHeaders (the helper wins on a name clash, any letter case)."""
    settings = settings or {}
    problems[:] = [p for p in problems if not (p["key"] == SETTING_KEYS["api_key"] and p["level"] == "warning"
                                               and "without a credential" in p["message"])]
    if config.get("api_key"):
        problems.append(_problem("warning", SETTING_KEYS["api_key"],
                                 "both inferenceGatewayApiKey and a credential helper are set: the app uses the helper "
                                 "and ignores the static key (inferenceCredentialKind %s)"
                                 % (settings.get("inferenceCredentialKind") or "unset")))
    config["api_key"] = token
    taken = set(name.lower() for name in helper_headers)
    merged = dict((n, v) for n, v in (config.get("headers") or {}).items() if n.lower() not in taken)
    merged.update(helper_headers)
    config["headers"] = merged
    config["helper"] = True
    return config


def _leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item)
    elif isinstance(value, str):
        parsed, error = _maybe_json(value)
        if error is None and isinstance(parsed, (dict, list)):
            yield from _leaves(parsed)
        yield value
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def _secret_leaves(value, secret=False):
    """Every value found under a key whose name looks secret (key, token, secret, password, headers)."""
    if isinstance(value, str):
        parsed, error = _maybe_json(value)
        if error is None and isinstance(parsed, (dict, list)):
            yield from _secret_leaves(parsed, secret)
    if isinstance(value, dict):
        for name, item in value.items():
            hit = secret or bool(_SECRET_NAME.search(str(name)))
            yield from (_leaves(item) if hit else _secret_leaves(item))
    elif isinstance(value, list):
        for item in value:
            yield from _secret_leaves(item, secret)
    elif secret and value is not None and not isinstance(value, bool):
        yield str(value)


def secret_values(config, settings=None):
    """Every string that must never be shown: the key, header values, a URL password, other secret-looking settings."""
    found = set()
    if config:
        if config.get("api_key"):
            found.add(config["api_key"])
        for value in (config.get("headers") or {}).values():
            found.add(value)
        parts = _split_url(config.get("base_url") or "")
        if parts is not None and parts.password:
            found.add(parts.password)
    if settings is not None:
        found.update(_secret_leaves(settings))
    return sorted((s for s in found if s), key=len, reverse=True)


_MASKERS = {}


def _masker(secrets):
    """Every encoded form of every secret, lower-cased, as one pattern (cached per list of secrets)."""
    key = tuple(secrets)
    found = _MASKERS.get(key)
    if found is None:
        variants = set()
        for secret in secrets:
            # encoded forms of a short secret are too short to mask safely; the secret itself always is
            shortest = max(6, min(len(secret), 8))
            variants.update(v.lower() for v in encoded_variants(secret) if v == secret or len(v) >= shortest)
        ordered = sorted(variants, key=len, reverse=True)
        found = re.compile("|".join(re.escape(v) for v in ordered)) if ordered else None
        if len(_MASKERS) > 32:
            _MASKERS.clear()
        _MASKERS[key] = found
    return found


# up to three base64 characters on either side of a mask may still carry bits of the secret (a partial group)
_MASK_EDGES = re.compile(r"[A-Za-z0-9+/_-]{0,3}" + re.escape(MASK) + r"[A-Za-z0-9+/_-]{0,3}={0,2}")


def mask_text(text, secrets):
    """Replace every secret, also encoded (JSON, URL, HTML, repr, base64) or in another letter case, with ********."""
    if text is None:
        return None
    text = str(text)
    pattern = _masker(secrets) if secrets and text else None
    if pattern is None:
        return text
    low = text.lower()      # matching lower-cased text is several times faster than re.IGNORECASE
    if len(low) != len(text):
        masked = re.compile(pattern.pattern, re.IGNORECASE).sub(MASK, text)
    else:
        parts, last = [], 0
        for match in pattern.finditer(low):
            parts += [text[last:match.start()], MASK]
            last = match.end()
        masked = "".join(parts + [text[last:]]) if parts else text
    return _MASK_EDGES.sub(MASK, masked) if masked != text else masked


def mask_bytes(data, secrets):
    """mask_text over a body (decoded as UTF-8 with replacement only when something has to be masked)."""
    if not secrets or not data or _masker(secrets) is None:
        return data
    text = data.decode("utf-8", "replace")
    masked = mask_text(text, secrets)
    return data if masked == text else masked.encode("utf-8")


def mask_data(value, secrets):
    """mask_text over every string of a nested structure (keys included)."""
    if isinstance(value, dict):
        return dict((mask_text(k, secrets), mask_data(v, secrets)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [mask_data(v, secrets) for v in value]
    if isinstance(value, str):
        return mask_text(value, secrets)
    return value


# ---------------------------------------------------------------------------
# URL
# ---------------------------------------------------------------------------

def _split_url(url):
    try:
        parts = urlsplit(url)
        parts.port  # pylint: disable=pointless-statement  # raises on a bad port
    except ValueError:
        return None
    return parts


def display_url(url):
    """The URL with any user:password@ and every query value replaced, safe to show."""
    parts = _split_url(url or "")
    if parts is None or ("@" not in parts.netloc and not parts.query):
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    netloc = MASK + "@" + host if "@" in parts.netloc else host
    query = "&".join(item.split("=", 1)[0] + ("=" + MASK if "=" in item else "") for item in parts.query.split("&"))
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def join_url(base_url, path):
    """base URL + path the way the app builds it: /v1/messages appended to whatever path the base has."""
    parts = urlsplit(base_url)
    path, _sep, query = path.partition("?")
    query = "&".join(q for q in (parts.query, query) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + path, query, ""))


def _suffix_fix(parts):
    path = parts.path.rstrip("/")
    for suffix in ("/v1/messages", "/v1"):
        if path.lower().endswith(suffix):
            fixed = urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], path[:-len(suffix)], "", ""))
            return suffix, fixed
    return None, None


def check_url(base_url):
    """Check 1. Returns (result, usable): usable is False when no request should be sent."""
    shown = display_url(base_url)
    if not base_url:
        return _result("url", FAIL, "inferenceGatewayBaseUrl is not set"), False
    bad = next(("U+%04X at character %d" % (ord(c), i + 1) for i, c in enumerate(base_url)
                if ord(c) <= 0x20 or ord(c) == 0x7F), None)
    if bad:
        return _result("url", FAIL, "inferenceGatewayBaseUrl contains a space or a control character (%s); "
                                    "percent-encode it or remove it" % bad), False
    parts = _split_url(base_url)
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return _result("url", FAIL, "%s is not an http(s) URL with a host name" % shown), False
    details = {"url": shown, "scheme": parts.scheme.lower(), "host": parts.hostname, "port": parts.port,
               "path": parts.path or "/"}
    if parts.username is not None or parts.password is not None:
        return _result("url", FAIL, "the URL carries credentials (user:password@); the app refuses to load such a "
                                    "configuration since 1.32352.0: put the key in inferenceGatewayApiKey",
                       details=details), False
    problems, warnings = [], []
    suffix, fixed = _suffix_fix(parts)
    if suffix:
        details["suggested_url"] = fixed
        problems.append("ends with %s, but the app appends /v1/messages itself (requests would go to %s): use %s"
                        % (suffix, join_url(base_url, "/v1/messages"), fixed))
    if parts.scheme.lower() == "http":
        if parts.hostname in _LOOPBACK:
            warnings.append("plain http is only usable for a gateway on the same machine; laptops need https")
        else:
            problems.append("uses plain http; the gateway must be served over https")
    if parts.query or parts.fragment:
        warnings.append("has a query string or fragment; the app appends /v1/messages to the path, so they may be lost")
    if problems:
        return _result("url", FAIL, "; ".join(problems + warnings), details=details), True
    if warnings:
        return _result("url", WARN, "; ".join(warnings), details=details), True
    return _result("url", PASS, "https, no credentials in the URL, no /v1 suffix", details=details), True


# ---------------------------------------------------------------------------
# Requests, SSE, schema
# ---------------------------------------------------------------------------

def auth_headers(api_key, scheme):
    """The credential header exactly as the app sends it."""
    if not api_key:
        return {}
    if scheme == "x-api-key":
        return {"x-api-key": api_key}
    return {"Authorization": "Bearer " + api_key}


def build_headers(config, scheme=None, stream=False, extra=None):
    """Custom headers first, then the credential and the protocol headers (those win on a clash)."""
    headers = dict(config.get("headers") or {})
    headers.update(extra or {})
    taken = set(name.lower() for name in headers)
    for name in list(headers):
        if name.lower() in ("authorization", "x-api-key", "anthropic-version", "content-type", "content-length"):
            del headers[name]
            taken.discard(name.lower())
    headers.update(auth_headers(config.get("api_key"), scheme or config.get("auth_scheme") or "bearer"))
    headers["anthropic-version"] = ANTHROPIC_VERSION
    headers["content-type"] = "application/json"
    if "user-agent" not in taken:
        headers["User-Agent"] = USER_AGENT
    if stream:
        headers["accept"] = "text/event-stream"
    return headers


def message_body(model, kind):
    """The minimal request bodies: kind is messages, streaming, tools, tools-stream or errors."""
    if kind == "tool_search":
        deferred = dict(PROBE_TOOL, defer_loading=True)
        return {"model": model, "max_tokens": 256, "tools": [TOOL_SEARCH_TOOL, deferred],
                "tool_choice": {"type": "tool", "name": PROBE_TOOL["name"]},
                "messages": [
                    {"role": "user", "content": "Record this observation with the tool: it is 21 degrees Celsius in Lisbon."},
                    {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_cowork3p_search",
                                                       "name": TOOL_SEARCH_TOOL["name"],
                                                       "input": {"query": "record observation"}}]},
                    {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_cowork3p_search",
                                                  "content": [{"type": "tool_reference",
                                                               "tool_name": PROBE_TOOL["name"]}]}]}]}
    if kind in ("tools", "tools-stream"):
        body = {"model": model, "max_tokens": 256,
                "messages": [{"role": "user", "content": "Record this observation with the tool: "
                                                         "it is 21 degrees Celsius in Lisbon."}],
                "tools": [PROBE_TOOL], "tool_choice": {"type": "tool", "name": PROBE_TOOL["name"]}}
    elif kind == "streaming":
        body = {"model": model, "max_tokens": 100,
                "messages": [{"role": "user", "content": "Count from 1 to 20, separated by spaces."}]}
    else:
        body = {"model": UNKNOWN_MODEL if kind == "errors" else model, "max_tokens": 16,
                "messages": [{"role": "user", "content": "Reply with the single word: pong"}]}
    if kind in ("streaming", "tools-stream"):
        body["stream"] = True
    return body


def parse_sse(lines, clock=None):
    """Server-sent events from an iterable of byte (or text) lines.

    Returns a list of ``{"event", "data", "t"}``; ``t`` is ``clock()`` when
    the event's closing blank line arrived (None without a clock). Comments
    are skipped, multi-line data is joined with newlines, an event without
    an ``event:`` field takes the ``type`` of its JSON data.
    """
    events = []
    name, data = None, []

    def flush():
        if name is None and not data:
            return
        text = "\n".join(data)
        event = name
        if event is None:
            try:
                event = json.loads(text).get("type")
            except (ValueError, AttributeError, RecursionError):
                event = "message"
        events.append({"event": event, "data": text, "t": clock() if clock else None})

    for raw in lines:
        line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        line = line.rstrip("\r\n")
        if not line:
            flush()
            name, data = None, []
            continue
        if line.startswith(":"):
            continue
        field, _sep, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if field == "event":
            name = value[:64]
        elif field == "data":
            data.append(value)
    flush()
    return events


def check_event_order(events):
    """The Messages API stream grammar, pings ignored. Returns a list of problems (empty when fine)."""
    names = [e["event"] for e in events if e["event"] != "ping"]
    errors = [e for e in events if e["event"] == "error"]
    if errors:
        return ["the stream carried an error event: %s" % _error_text(_json_or_none(errors[0]["data"]), errors[0]["data"])]
    if not names:
        return ["the stream carried no events"]
    problems = []
    if names[0] != "message_start":
        problems.append("the first event is %s, not message_start" % names[0])
    for needed in ("content_block_start", "content_block_delta"):
        if needed not in names:
            problems.append("no %s event" % needed)
    if names[-1] != "message_stop":
        problems.append("the stream ended after %s without message_stop (cut short by the gateway or a proxy?)" % names[-1])
    elif "message_delta" not in names:
        problems.append("no message_delta event (stop_reason and usage) before message_stop")
    for event in events:
        payload = _json_or_none(event["data"])
        if event["event"] != "ping" and not isinstance(payload, dict):
            problems.append("the data of a %s event is not a JSON object" % event["event"])
            break
    return problems


def check_schema(value, schema, path="input"):
    """A small JSON-schema check (type, required, properties, additionalProperties, enum, items)."""
    problems = []
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    if kinds and not any(_is_type(value, kind) for kind in kinds):
        return ["%s should be %s, got %s" % (path, " or ".join(kinds), _type_name(value))]
    if "enum" in schema and value not in schema["enum"]:
        problems.append("%s is not one of %s" % (path, ", ".join(json.dumps(v) for v in schema["enum"])))
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        for name in schema.get("required") or []:
            if name not in value:
                problems.append("%s is missing the required property %r" % (path, name))
        for name, item in value.items():
            if name in props:
                problems.extend(check_schema(item, props[name], "%s.%s" % (path, name)))
            elif schema.get("additionalProperties") is False:
                problems.append("%s has an unexpected property %r" % (path, name))
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            problems.extend(check_schema(item, schema["items"], "%s[%d]" % (path, index)))
    return problems


def _is_type(value, kind):
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "null":
        return value is None
    return True


def _type_name(value):
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")


def looks_like_claude(model_id):
    return "claude" in str(model_id).lower()


def _json_or_none(data):
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    try:
        return json.loads(data)
    except (ValueError, TypeError, RecursionError):     # a hostile body may nest arrays a million deep
        return None


def _error_text(payload, raw=""):
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


def is_html(response, body):
    head = body[:200].lstrip().lower()
    return response.content_type in ("text/html", "application/xhtml+xml") or head.startswith((b"<!doctype html", b"<html"))


def explain_transport(exc, url, ca_path=None, timeout=None):
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


def explain_http(method, url, response, body, base_url=None, model=None):
    """One line for an HTTP answer that is not what the app expects (status >= 300, or HTML)."""
    path = urlsplit(url).path or "/"
    status = response.status
    where = "%s %s" % (method, path)
    v1_hint = ""
    if base_url:
        suffix, fixed = _suffix_fix(urlsplit(base_url))
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
    payload = _json_or_none(body)
    said = _error_text(payload, body)
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


def _result(name, status, reason, required=True, elapsed=None, details=None):
    return {"name": name, "status": status, "required": required, "reason": reason,
            "elapsed_ms": None if elapsed is None else int(round(elapsed * 1000)), "details": details or {}}


class _Failed(Exception):
    """A request inside a check went wrong; carries the one-line reason."""

    def __init__(self, reason, details=None):
        super(_Failed, self).__init__(reason)
        self.reason = reason
        self.details = details or {}


# ---------------------------------------------------------------------------
# The preflight
# ---------------------------------------------------------------------------

class Preflight(object):
    """Run the checks against one gateway configuration.

    options: checks (names), model, timeout (s), validate_certs, ca_path.
    """

    def __init__(self, config, http, options=None, clock=None, settings=None):
        options = options or {}
        self.config = config
        self.http = http
        self.clock = clock or time.monotonic
        self.timeout = float(options.get("timeout") or 30)
        self.validate_certs = options.get("validate_certs", True)
        self.ca_path = options.get("ca_path")
        self.selected = [c for c in CHECKS if c in (options.get("checks") or CHECKS)]
        self.model = options.get("model") or (config["models"][0] if config.get("models") else None)
        self.model_source = "option" if options.get("model") else ("inferenceModels" if self.model else None)
        self.secrets = secret_values(config, settings)
        self.results = {}
        self.blocked = None      # reason every later network check is skipped for
        self.blocked_fails = False   # True when they are skipped because a request ran out of time
        self.timed_out = False
        self.messages_blocked = None

    # -- plumbing ---------------------------------------------------------
    def _url(self, path):
        return join_url(self.config["base_url"], path)

    def _scrub(self, data):
        return mask_bytes(data, self.secrets)

    def _transport_failure(self, exc, url):
        """_Failed for a TransportError: its text masked first, then cut."""
        if exc.kind in ("timeout", "slow"):
            self.timed_out = True
        exc.message = " ".join(mask_text(exc.message, self.secrets).split())[:EXCERPT]
        return _Failed(explain_transport(exc, url, self.ca_path, self.timeout), {"transport": exc.kind})

    def _send(self, method, path, body=None, scheme=None, stream=False, extra=None):
        url = self._url(path)
        data = json.dumps(body).encode("utf-8") if body is not None else None
        headers = build_headers(self.config, scheme=scheme, stream=stream, extra=extra)
        try:
            response = self.http(method, url, headers, data, self.timeout)
        except TransportError as exc:
            raise self._transport_failure(exc, url)
        response.scrub = self._scrub
        response.headers = dict((k, mask_text(v, self.secrets)) for k, v in response.headers.items())
        return url, response

    def _body(self, url, response, limit=MAX_BODY):
        """The (masked) body, at most ``limit`` bytes; raises _Failed when it cannot be read whole in time."""
        try:
            return response.read_all(limit)
        except TransportError as exc:
            raise self._transport_failure(exc, url)

    def _json_answer(self, method, path, body=None, scheme=None):
        """Send; return (url, response, raw body, parsed JSON). Raises _Failed on a non-2xx or HTML answer."""
        url, response = self._send(method, path, body, scheme)
        raw = self._body(url, response)
        if response.too_large and response.status < 300:
            raise _Failed("%s %s answered more than %d KiB; the answers to these probes are a few KiB (the rest was "
                          "not read)" % (method, urlsplit(url).path, MAX_BODY // 1024),
                          {"http_status": response.status, "content_type": response.content_type})
        if response.status >= 300 or is_html(response, raw):
            raise _Failed(self._explain(method, path, url, response, raw, scheme),
                          {"http_status": response.status, "content_type": response.content_type})
        payload = _json_or_none(raw)
        if payload is None:
            raise _Failed("%s %s answered %s that is not JSON: %s" % (
                method, urlsplit(url).path, response.content_type or "a body", _error_text(None, raw)[:120] or "(empty)"),
                {"http_status": response.status, "content_type": response.content_type})
        return url, response, raw, payload

    def _explain(self, method, path, url, response, raw, scheme=None):
        reason = explain_http(method, url, response, raw, self.config["base_url"], self.model)
        if response.status in (401, 403) and not is_html(response, raw):
            reason += self._auth_hint(method, path, scheme)
        return reason

    def _auth_hint(self, method, path, scheme):
        used = scheme or self.config["auth_scheme"]
        if not self.config.get("api_key"):
            return "; the settings carry no inferenceGatewayApiKey, so no credential was sent"
        if self.config.get("helper"):
            return "; the credential helper's token was sent as %s" % (
                "Authorization: Bearer" if used == "bearer" else "the x-api-key header")
        other = "x-api-key" if used == "bearer" else "bearer"
        sent = "Authorization: Bearer" if used == "bearer" else "the x-api-key header"
        body = message_body(self.model, "messages") if method == "POST" else None
        try:
            url, response = self._send(method, path, body, scheme=other)
            self._body(url, response)
        except _Failed:
            return "; the key was sent as %s" % sent
        if response.status < 300:
            return ("; the key was sent as %s, and the gateway accepts it with %s: set inferenceGatewayAuthScheme: %s"
                    % (sent, "the x-api-key header" if other == "x-api-key" else "Authorization: Bearer", other))
        return "; the key was sent as %s, and %s does not work either: the key itself is wrong or not valid here" % (sent, other)

    def _run(self, name, func, required=True):
        start = self.clock()
        try:
            result = func()
        except _Failed as exc:
            result = _result(name, FAIL, exc.reason, required, details=exc.details)
        result["elapsed_ms"] = int(round((self.clock() - start) * 1000))
        result["required"] = result.get("required", required)
        if result["status"] == FAIL and not result["required"]:
            result["status"] = WARN
        self.results[name] = result
        return result

    def _skip(self, name, reason):
        if self.blocked_fails and name != "errors":
            self.results[name] = _result(name, FAIL, reason, required=True, elapsed=0.0)
        else:
            self.results[name] = _result(name, SKIP, reason, required=False, elapsed=0.0)

    # -- entry point ------------------------------------------------------
    def run(self):
        url_result, usable = check_url(self.config["base_url"])
        if "url" in self.selected:
            url_result["elapsed_ms"] = 0
            self.results["url"] = url_result
        if not usable:
            self.blocked = "skipped: the base URL is unusable (see the url check)"
        https = (_split_url(self.config["base_url"]) or urlsplit("")).scheme.lower() == "https"
        for name in NETWORK_CHECKS:
            if name not in self.selected:
                continue
            if self.blocked:
                self._skip(name, self.blocked)
                continue
            if name == "tls":
                if not https:
                    self._skip(name, "skipped: the URL is not https, there is no TLS to check")
                    continue
                result = self._run(name, self.check_tls)
                if result["status"] == FAIL:
                    self.blocked = "skipped: the TLS check failed"
            elif name == "models":
                self._run(name, self.check_models)
            elif name == "messages":
                result = self._run(name, self.check_messages)
                if result["status"] == FAIL and result["details"].pop("blocks_others", False):
                    self.messages_blocked = "skipped: the messages check failed"
            elif self.messages_blocked and name in ("streaming", "tools", "each_model", "tool_search"):
                self._skip(name, self.messages_blocked)
            elif name == "streaming":
                self._run(name, self.check_streaming)
            elif name == "tools":
                self._run(name, self.check_tools)
            elif name == "each_model":
                self._run(name, self.check_each_model)
            elif name == "tool_search":
                self._run(name, self.check_tool_search, required=bool(self.config.get("tool_search")))
            elif name == "errors":
                self._run(name, self.check_errors, required=False)
            if self.timed_out and not self.blocked:
                self.blocked = ("not run: a request of the %s check got no complete answer within %s s, so the "
                                "gateway is not usable as it is" % (name, self.timeout))
                self.blocked_fails = True
        return self.report()

    def report(self):
        results = mask_data(self.results, self.secrets)
        failed = [n for n in CHECKS if n in results and results[n]["status"] == FAIL]
        warned = [n for n in CHECKS if n in results and results[n]["status"] == WARN]
        config = self.config
        gateway = {"base_url": display_url(config["base_url"]), "auth_scheme": config["auth_scheme"],
                   "api_key_set": bool(config.get("api_key")),
                   "credential_source": "helper" if config.get("helper") else ("static" if config.get("api_key") else None),
                   "tool_search_enabled": bool(config.get("tool_search")), "header_names": sorted(config["headers"]),
                   "models_configured": list(config["models"]), "model": self.model,
                   "model_source": self.model_source}
        gateway = mask_data(gateway, self.secrets)
        return {"passed": not failed, "checks": results, "failed_checks": failed, "warned_checks": warned,
                "gateway": gateway, "summary": summarize(results, gateway, failed)}

    # -- checks -----------------------------------------------------------
    def check_tls(self):
        url, response = self._send("GET", "")
        self._body(url, response, 65536)
        details = {"http_status": response.status, "verified": bool(self.validate_certs)}
        if not self.validate_certs:
            return _result("tls", WARN, "TLS works but the certificate was not verified (validate_certs: false); "
                                        "laptops will verify it against their trust store", details=details)
        trust = "the CA bundle %s" % self.ca_path if self.ca_path else "this machine's trust store"
        cert = response.peer_cert or {}
        expiry = _cert_expiry(cert.get("notAfter"))
        if expiry is not None:
            days = (expiry - time.time()) / 86400.0
            details.update({"not_after": cert.get("notAfter"), "days_left": int(days)})
            details["issuer"] = _dn_text(cert.get("issuer"))
            if days < EXPIRY_WARN_DAYS:
                reason = "the certificate of %s verifies against %s but expires in %s (%s): renew it before the rollout" % (
                    urlsplit(url).hostname, trust, _plural(int(days), "day"), cert.get("notAfter"))
                return _result("tls", WARN, reason, details=details)
            return _result("tls", PASS, "the certificate verifies against %s (expires %s)" % (trust, cert.get("notAfter")),
                           details=details)
        return _result("tls", PASS, "the certificate verifies against %s" % trust, details=details)

    def check_models(self):
        configured = list(self.config["models"])
        ids, shape, pages = [], None, 0
        path = "/v1/models"
        try:
            while True:
                pages += 1
                _url, _response, _raw, payload = self._json_answer("GET", path)
                if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
                    keys = ", ".join(_short(k, 40) for k in sorted(payload)[:6]) if isinstance(payload, dict) \
                        else type(payload).__name__
                    raise _Failed("GET /v1/models did not answer a model list ({\"data\": [...]}; got %s)" % keys)
                shape = shape or ("anthropic" if "has_more" in payload or any(
                    isinstance(m, dict) and m.get("type") == "model" for m in payload["data"]) else "openai")
                ids.extend(_short(m.get("id"), 200) for m in payload["data"] if isinstance(m, dict) and m.get("id"))
                if not (payload.get("has_more") and payload.get("last_id")) or pages >= MAX_MODEL_PAGES:
                    break
                path = "/v1/models?limit=1000&after_id=" + quote(str(payload["last_id"]), safe="")
        except _Failed as exc:
            if configured:
                return _result("models", WARN, "no usable model list (%s); the app shows the %d inferenceModels "
                                               "entries instead, so discovery is optional here" % (exc.reason, len(configured)),
                               required=False, details=dict(exc.details, configured=configured))
            raise _Failed("%s; inferenceModels is empty too, so the app would have no model to offer: set "
                          "inferenceModels" % exc.reason, exc.details)
        claude = [i for i in ids if looks_like_claude(i)]
        other = [i for i in ids if not looks_like_claude(i)]
        details = {"shape": shape, "count": len(ids), "claude_count": len(claude), "ids": ids[:50],
                   "not_shown": other[:50], "configured": configured}
        if not self.model and not configured:
            self.model = (claude or ids or [None])[0]
            self.model_source = "discovery" if self.model else None
        listed = "%s listed, %d look%s like Claude (the app shows only those)" % (
            _plural(len(ids), "model"), len(claude), "s" if len(claude) == 1 else "")
        if configured:
            wildcards = [i for i in ids if "*" in i and MASK not in i]     # a masked id is no wildcard
            missing = [m for m in configured if m not in ids and not any(fnmatch.fnmatchcase(m, w) for w in wildcards)]
            details["missing"] = missing
            if missing:
                return _result("models", FAIL, "%s; inferenceModels ids not offered by the gateway: %s (use ids exactly as "
                                               "/v1/models returns them)" % (listed, ", ".join(missing)),
                               required=True, details=details)
            return _result("models", PASS, "%s; every inferenceModels id is offered (%d)" % (listed, len(configured)),
                           required=True, details=details)
        if not ids:
            return _result("models", FAIL, "the model list is empty and inferenceModels is not set: the app would have "
                                           "no model to offer", details=details)
        if not claude:
            return _result("models", FAIL, "%s: ids such as %s are not recognisably Claude, so the picker would be empty; "
                                           "list the gateway's ids in inferenceModels" % (listed, ", ".join(other[:3])),
                           details=details)
        if other:
            return _result("models", PASS, "%s; hidden: %s" % (listed, ", ".join(other[:5])), details=details)
        return _result("models", PASS, listed, details=details)

    def _need_model(self):
        if not self.model:
            raise _Failed("no model to test: set inferenceModels, the model option, or let the gateway list Claude models",
                          {"blocks_others": True})

    def check_messages(self):
        self._need_model()
        try:
            _url, _response, _raw, payload = self._json_answer("POST", "/v1/messages", message_body(self.model, "messages"))
        except _Failed as exc:
            raise _Failed(exc.reason, dict(exc.details, blocks_others=True, model=self.model))
        problems = _message_problems(payload)
        details = {"model": self.model,
                   "stop_reason": _short(payload.get("stop_reason"), 40) if isinstance(payload, dict) else None}
        if problems:
            return _result("messages", FAIL, "POST /v1/messages answered 200 but not a Messages API message: %s"
                           % "; ".join(problems), details=dict(details, blocks_others=True))
        blocks = [_short(b.get("type"), 40) for b in payload["content"][:20] if isinstance(b, dict)]
        details["content_types"] = blocks
        return _result("messages", PASS, "%s answered a valid message (stop_reason %s, blocks: %s)"
                       % (self.model, details["stop_reason"], ", ".join(blocks) or "none"), details=details)

    def _stream(self, body):
        """POST a streaming request; return (events, timings) or raise _Failed."""
        start = self.clock()
        url, response = self._send("POST", "/v1/messages", body, stream=True)
        headers_at = self.clock()
        if response.status >= 300:
            raw = self._body(url, response)
            raise _Failed(self._explain("POST", "/v1/messages", url, response, raw), {"http_status": response.status})
        if response.content_type != "text/event-stream":
            raw = self._body(url, response)
            if is_html(response, raw):
                raise _Failed(self._explain("POST", "/v1/messages", url, response, raw),
                              {"content_type": response.content_type})
            payload = _json_or_none(raw)
            if isinstance(payload, dict) and payload.get("type") == "message":
                raise _Failed("the gateway ignored \"stream\": true and answered one JSON message (%s): the app needs "
                              "server-sent events (text/event-stream)" % (response.content_type or "no content-type"),
                              {"content_type": response.content_type})
            raise _Failed("a streaming request was answered with %s instead of text/event-stream: %s"
                          % (response.content_type or "no content-type", _error_text(payload, raw)[:120]),
                          {"content_type": response.content_type})
        deadline = start + self.timeout

        def lines():
            count = size = events = 0
            while True:
                try:
                    line = response.readline(MAX_LINE + 1)
                except TransportError as exc:
                    if exc.kind in ("slow", "timeout"):
                        self.timed_out = True
                        raise _Failed("the stream did not finish within %s s (%d events so far): the gateway "
                                      "stalls or trickles it" % (self.timeout, events), {"transport": exc.kind})
                    raise _Failed("the stream broke off after %d events: %s"
                                  % (events, mask_text(exc.message, self.secrets)[:EXCERPT]), {"transport": exc.kind})
                if not line:
                    return
                count += 1
                size += len(line)
                if len(line) > MAX_LINE or (not line.endswith(b"\n") and len(line) == MAX_LINE + 1):
                    raise _Failed("an event-stream line is longer than %d KiB (or never ends): the gateway does not "
                                  "send server-sent events" % (MAX_LINE // 1024))
                if not line.strip():
                    events += 1
                if events > MAX_STREAM_EVENTS or size > MAX_STREAM_BYTES or count > MAX_STREAM_LINES:
                    raise _Failed("the stream sent more than %d events, %d MiB or %d lines without finishing; the "
                                  "probe needs a few hundred events" % (MAX_STREAM_EVENTS, MAX_STREAM_BYTES >> 20,
                                                                        MAX_STREAM_LINES))
                yield line
                if self.clock() > deadline:
                    self.timed_out = True
                    raise _Failed("the stream did not finish within %s s (%d events so far)" % (self.timeout, events))

        try:
            events = parse_sse(lines(), self.clock)
        except _Failed:
            response.close()
            raise
        except Exception as exc:  # pylint: disable=broad-except  # a reset or timeout mid-stream
            response.close()
            raise _Failed("the stream broke off: %s" % mask_text(exc, self.secrets)[:EXCERPT])
        end = self.clock()
        response.close()
        content = [e for e in events if e["event"] != "ping"]
        first = content[0]["t"] if content else end
        last = content[-1]["t"] if content else end
        deltas = [e["t"] for e in events if e["event"] == "content_block_delta"]
        bursts = sum(1 for i, e in enumerate(content) if i == 0 or e["t"] - content[i - 1]["t"] > BURST_GAP)
        timing = {"headers_ms": _ms(headers_at - start), "first_event_ms": _ms(first - start),
                  "first_delta_ms": _ms(deltas[0] - start) if deltas else None,
                  "total_ms": _ms(end - start), "spread_ms": _ms(last - first), "events": len(events),
                  "deltas": len(deltas), "bursts": bursts}
        return events, timing

    def check_streaming(self):
        self._need_model()
        events, timing = self._stream(message_body(self.model, "streaming"))
        details = dict(timing, event_order=_compact_order(events))
        problems = check_event_order(events)
        if problems:
            return _result("streaming", FAIL, "the event stream is not what the app expects: %s" % "; ".join(problems),
                           details=details)
        judged = timing["total_ms"] >= BUFFER_MIN_TOTAL * 1000 and timing["deltas"] >= 2
        details["buffered"] = judged and timing["bursts"] == 1
        if details["buffered"]:
            return _result("streaming", FAIL,
                           "buffered: the first event arrived only after %d ms of %d ms, and all %d events came in one "
                           "burst: a proxy holds the stream back (turn off response buffering, e.g. nginx "
                           "proxy_buffering off)" % (timing["first_event_ms"], timing["total_ms"], timing["events"]),
                           details=details)
        if not judged:
            note = "; too short (%d ms, %d deltas) to tell whether a proxy buffers" % (timing["total_ms"], timing["deltas"])
        else:
            note = "; events arrived in %d bursts over %d ms (not buffered)" % (timing["bursts"], timing["spread_ms"])
        return _result("streaming", PASS, "text/event-stream in the right order; first event after %d ms, last after "
                                          "%d ms%s" % (timing["first_event_ms"], timing["total_ms"], note), details=details)

    def check_tools(self):
        self._need_model()
        details = {"tool": PROBE_TOOL["name"]}
        problems = []
        try:
            _url, _response, _raw, payload = self._json_answer("POST", "/v1/messages", message_body(self.model, "tools"))
            plain = _tool_use_problems(payload)
            details["non_streamed"] = plain or "ok"
            problems.extend("not streamed: " + p for p in plain)
        except _Failed as exc:
            details["non_streamed"] = exc.reason
            problems.append("not streamed: " + exc.reason)
        try:
            events, timing = self._stream(message_body(self.model, "tools-stream"))
            streamed = _streamed_tool_problems(events)
            details["streamed"] = streamed or "ok"
            details["stream_events"] = timing["events"]
            problems.extend("streamed: " + p for p in streamed)
        except _Failed as exc:
            details["streamed"] = exc.reason
            problems.append("streamed: " + exc.reason)
        if problems:
            return _result("tools", FAIL, "; ".join(problems), details=details)
        return _result("tools", PASS, "forced tool_choice returned a tool_use block whose input matches the schema, "
                                      "streamed (input_json_delta) and not streamed", details=details)

    def check_each_model(self):
        """A minimal message to every inferenceModels id, each with its own line."""
        models = list(self.config["models"])
        if not models:
            return _result("each_model", SKIP, "inferenceModels is not set; the messages check used %s"
                           % (self.model or "no model"), required=False)
        lines, failed = [], []
        for model in models:
            try:
                _url, _response, _raw, payload = self._json_answer("POST", "/v1/messages", message_body(model, "messages"))
                problems = _message_problems(payload)
                reason = "answered a valid message" if not problems else "answered 200 but not a message: " + "; ".join(problems)
            except _Failed as exc:
                problems, reason = [exc.reason], exc.reason
            status = FAIL if problems else PASS
            if problems:
                failed.append(model)
            lines.append({"model": model, "status": status, "reason": reason})
            if self.timed_out:
                break
        details = {"models": lines}
        if failed:
            return _result("each_model", FAIL, "%d of %d inferenceModels ids do not work: %s"
                           % (len(failed), len(models), ", ".join(failed)), details=details)
        return _result("each_model", PASS, "every inferenceModels id answered (%d)" % len(models), details=details)

    def check_tool_search(self):
        """The tool-search betas, a deferred tool and a tool_reference block that loads it."""
        self._need_model()
        enabled = bool(self.config.get("tool_search"))
        details = {"beta": TOOL_SEARCH_BETAS, "toolSearchEnabled": enabled}
        url, response = self._send("POST", "/v1/messages", message_body(self.model, "tool_search"),
                                   extra={"anthropic-beta": TOOL_SEARCH_BETAS})
        raw = self._body(url, response)
        details["http_status"] = response.status
        payload = _json_or_none(raw)
        if response.status == 400:
            problem = ("the gateway rejects the tool-search request with HTTP 400 (%s): it does not accept the "
                       "anthropic-beta %s or the defer_loading / tool_reference fields"
                       % (_error_text(payload, raw)[:120], TOOL_SEARCH_BETAS))
        elif response.status >= 300 or is_html(response, raw):
            problem = "the tool-search request failed: " + self._explain("POST", "/v1/messages", url, response, raw)
        else:
            shape = _message_problems(payload)
            used = [b for b in (payload or {}).get("content") or [] if isinstance(b, dict) and b.get("type") == "tool_use"
                    and b.get("name") == PROBE_TOOL["name"]] if not shape else []
            if shape:
                problem = "the tool-search request answered 200 but not a message: " + "; ".join(shape)
            elif not used:
                problem = ("the gateway drops the tool_reference block (or defer_loading): the deferred tool %s was "
                           "never loaded, so the model could not call it" % PROBE_TOOL["name"])
            else:
                problem = None
        if enabled:
            if problem:
                return _result("tool_search", FAIL, "toolSearchEnabled is set, but %s; sessions would fail: turn "
                                                    "toolSearchEnabled off or fix the gateway" % problem, details=details)
            return _result("tool_search", PASS, "toolSearchEnabled is set and the gateway passes the betas and the "
                                                "tool_reference block (the deferred tool was called)", details=details)
        if problem:
            return _result("tool_search", WARN, "toolSearchEnabled is not set (right for this gateway): turning it on "
                                                "would not work: %s" % problem, required=False, details=details)
        return _result("tool_search", PASS, "toolSearchEnabled is not set; turning it on would work: the gateway "
                                            "passes the betas and the tool_reference block", required=False,
                       details=details)

    def check_errors(self):
        url, response = self._send("POST", "/v1/messages", message_body(self.model, "errors"))
        raw = self._body(url, response)
        details = {"http_status": response.status, "content_type": response.content_type, "probe_model": UNKNOWN_MODEL}
        if response.status < 300:
            return _result("errors", WARN, "a request for the unknown model %r succeeded (HTTP %d): the gateway may send "
                                           "unknown ids to a default model, so a typo in inferenceModels would go "
                                           "unnoticed" % (UNKNOWN_MODEL, response.status), required=False, details=details)
        if is_html(response, raw):
            return _result("errors", WARN, "%s; users would see this page's markup instead of an error message"
                           % explain_http("POST", url, response, raw, self.config["base_url"]),
                           required=False, details=details)
        payload = _json_or_none(raw)
        if response.status in (401, 403):
            return _result("errors", WARN, explain_http("POST", url, response, raw, self.config["base_url"]),
                           required=False, details=details)
        if isinstance(payload, dict) and payload.get("error") is not None:
            return _result("errors", PASS, "errors come back as JSON the app can show (HTTP %d: %s)"
                           % (response.status, _error_text(payload, raw)[:120]), required=False, details=details)
        return _result("errors", WARN, "HTTP %d for an unknown model, but the body is not a JSON error object (%s): users "
                                       "would see a raw body" % (response.status, _error_text(payload, raw)[:120]),
                       required=False, details=details)


def _short(value, size=80):
    """A value a gateway sent, as text of at most ``size`` characters (it is already masked)."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)[:size + 1]
    return text if len(text) <= size else text[:size] + "..."


def _plural(count, word):
    return "%d %s%s" % (count, word, "" if count == 1 else "s")


def _ms(seconds):
    return int(round(seconds * 1000))


def _compact_order(events):
    order = []
    for event in events:
        if order and order[-1][0] == event["event"]:
            order[-1][1] += 1
        else:
            order.append([event["event"], 1])
    return ["%s x%d" % (n, c) if c > 1 else n for n, c in order][:40]


def _message_problems(payload):
    if not isinstance(payload, dict):
        return ["the body is not a JSON object"]
    if "choices" in payload:
        return ["it is in OpenAI chat-completion format (choices[]); the app needs the Anthropic Messages API "
                "(point the base URL at the gateway's Anthropic-compatible endpoint)"]
    problems = []
    if payload.get("type") != "message":
        problems.append("type is %s, not 'message'" % _short(payload.get("type"), 40))
    if payload.get("role") != "assistant":
        problems.append("role is %s, not 'assistant'" % _short(payload.get("role"), 40))
    content = payload.get("content")
    if not isinstance(content, list) or not content or not all(isinstance(b, dict) and b.get("type") for b in content):
        problems.append("content is not a non-empty list of typed blocks")
    if "stop_reason" not in payload:
        problems.append("no stop_reason")
    if not isinstance(payload.get("usage"), dict):
        problems.append("no usage")
    return problems


def _tool_use_problems(payload):
    problems = _message_problems(payload)
    if problems:
        return problems
    blocks = [b for b in payload["content"] if b.get("type") == "tool_use"]
    if not blocks:
        kinds = ", ".join(b.get("type") for b in payload["content"])
        return ["no tool_use block (stop_reason %s, blocks: %s): the gateway dropped tools/tool_choice or its model does "
                "not support tool use" % (payload.get("stop_reason"), kinds)]
    return _tool_block_problems(blocks[0], blocks[0].get("input"))


def _tool_block_problems(block, value):
    problems = []
    if block.get("name") != PROBE_TOOL["name"]:
        problems.append("tool_use names %r, not the forced tool %r" % (block.get("name"), PROBE_TOOL["name"]))
    if not block.get("id"):
        problems.append("tool_use block without an id")
    schema_problems = check_schema(value, PROBE_TOOL["input_schema"])
    if schema_problems:
        problems.append("the tool input does not match the schema: %s" % "; ".join(schema_problems))
    return problems


def _streamed_tool_problems(events):
    order = check_event_order(events)
    if order:
        return order
    start, pieces, index = None, [], None
    for event in events:
        payload = _json_or_none(event["data"]) or {}
        if event["event"] == "content_block_start" and (payload.get("content_block") or {}).get("type") == "tool_use":
            if start is None:
                start, index = payload["content_block"], payload.get("index")
        elif event["event"] == "content_block_delta" and start is not None and payload.get("index") == index:
            delta = payload.get("delta") or {}
            if delta.get("type") == "input_json_delta":
                pieces.append(delta.get("partial_json") or "")
    if start is None:
        kinds = sorted(set((_json_or_none(e["data"]) or {}).get("content_block", {}).get("type", "?")
                           for e in events if e["event"] == "content_block_start"))
        return ["no tool_use content block in the stream (blocks: %s): the gateway dropped tools when streaming"
                % (", ".join(kinds) or "none")]
    if not pieces:
        return ["the tool_use block came without input_json_delta events, so the tool input is lost"]
    text = "".join(pieces)
    try:
        value = json.loads(text) if text.strip() else {}
    except ValueError:
        return ["the input_json_delta pieces do not join into JSON: %s" % text[:80]]
    return _tool_block_problems(start, value)


def _cert_expiry(text):
    if not text:
        return None
    try:
        import ssl  # pylint: disable=import-outside-toplevel
        return ssl.cert_time_to_seconds(text)
    except (ValueError, ImportError):
        return None


def _dn_text(dn):
    try:
        return ", ".join("%s=%s" % (k, v) for rdn in dn for k, v in rdn)
    except (TypeError, ValueError):
        return None


def summarize(results, gateway, failed):
    """Readable lines: a header, one line per check, a verdict."""
    lines = ["Gateway %s (auth %s, model %s%s)" % (
        gateway["base_url"] or "(not set)", gateway["auth_scheme"], gateway["model"] or "(none)",
        ", headers: " + ", ".join(gateway["header_names"]) if gateway["header_names"] else "")]
    for name in CHECKS:
        if name not in results:
            continue
        res = results[name]
        took = "%5d ms" % res["elapsed_ms"] if res.get("elapsed_ms") is not None else "       "
        lines.append("%-4s %-11s %s  %s" % (res["status"].upper(), name, took, res["reason"]))
        for item in (res.get("details") or {}).get("models") or [] if name == "each_model" else []:
            lines.append("     %-4s model %s: %s" % (item["status"].upper(), item["model"], item["reason"]))
    if failed:
        lines.append("RESULT: FAILED (%s) - fix these before rolling out inferenceProvider: gateway" % ", ".join(failed))
    else:
        warned = [n for n in CHECKS if n in results and results[n]["status"] == WARN]
        lines.append("RESULT: PASSED%s" % (" with warnings (%s)" % ", ".join(warned) if warned else ""))
    return lines


def run_preflight(settings, http, options=None, clock=None, helper=None):
    """Extract, check, report. Returns ``(report, problems)``; report is None when the settings are unusable.

    ``helper``: ``(token, headers)`` from a credential helper run, used instead of the static key.
    """
    config, problems = extract_settings(settings)
    if config is not None and helper is not None:
        apply_helper(config, problems, helper[0], dict(helper[1] or {}), settings)
    secrets = secret_values(config, settings)
    problems = mask_data(problems, secrets)
    if config is None or any(p["level"] == "error" for p in problems):
        return None, problems
    report = Preflight(config, http, options, clock=clock, settings=settings).run()
    report["notes"] = [p["message"] for p in problems]
    return report, problems
