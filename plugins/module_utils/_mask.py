# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Masking of secret values: API keys, header values, MCP headers/env/client secrets.

Everything that shows settings to a person (messages, diffs, reports, results)
goes through these functions first. The patterns for names that look secret
(``looks_secret``) and values that look like credentials (``looks_like_credential``)
and the masking of one document by the catalog (``mask_settings``, ``mask_value``)
are written once, in the catalog-free _secret_keys (which hosts run too), and
re-exported here. This module adds the one collector of the secret strings of a
document (``secret_strings``), which ``mask_text`` then hides in any free text
(before cutting it to length).

What a server sends back (a gateway's or an MCP server's bodies, headers, errors) goes through
``mask_encoded`` instead, which also finds the secrets encoded (base64, URL-, HTML-, JSON-escaping, any
letter case). Its rule, so that masking never rewrites unrelated text:

- a form of a secret (the secret or one of its encodings) of ``MIN_SUBSTRING`` characters or more is masked
  wherever it occurs, also inside a longer run of characters;
- a shorter form (a header value such as ``acme``, a one-digit tenant id) is masked only where it stands as a
  whole word: not next to a letter, a digit, ``_`` or ``-``, and not as one label of a dotted name, so
  ``X-Org-Id: acme`` and ``"acme"`` are masked but ``llm.acme.example`` and ``acme-corp`` are left alone;
- encoded forms shorter than six characters are not looked for (the base64 ``MQ`` of ``1`` would match
  everywhere), the secret itself always is;
- text in ``keep`` (the gateway host the admin needs to read) is never masked;
- a module hands Ansible (``no_log_values``, masked as substrings) only the ``substring_safe`` secrets.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable, Iterator

from ansible_collections.cowork3p.fleet.plugins.module_utils._header_maps import parse_legacy_header_map
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import lookup
from ansible_collections.cowork3p.fleet.plugins.module_utils._secret_keys import (  # the catalog-free core
    MASK, looks_like_credential, looks_secret, mask_by_key, mask_credentials, mask_settings, mask_userinfo, mask_value,
    maybe_json,
)

__all__ = (
    "MASK",
    "TRUNCATED",
    "encoded_variants",
    "has_secret_fields",
    "has_secrets",
    "key_is_secret",
    "looks_like_credential",
    "looks_secret",
    "mask_credentials",
    "mask_encoded",
    "mask_encoded_bytes",
    "mask_encoded_data",
    "mask_settings",
    "mask_text",
    "mask_userinfo",
    "mask_value",
    "scrub",
    "secret_strings",
    "strings_in",
    "substring_safe",
    "summarise",
)

TRUNCATED = "..."
_USERINFO_VALUE = re.compile(r"//([^/@\s?#]*)@")


_SECRET_FIELDS = {}


def has_secret_fields(fields: dict | None) -> bool:
    """True when a field (at any depth) of an object spec is secret (cached: specs are static)."""
    if not fields:
        return False
    found = _SECRET_FIELDS.get(id(fields))
    if found is None:
        found = any(spec.get("secret") or has_secret_fields(spec.get("fields")) for spec in fields.values())
        _SECRET_FIELDS[id(fields)] = found
    return found


def key_is_secret(key: str) -> bool:
    """True when any part of the key's value may be a credential."""
    entry, _info = lookup(key)
    if entry is None:
        return looks_secret(key)
    return bool(entry["secret"] or entry["secret_values"] or has_secret_fields(entry.get("fields")))


def strings_in(value: Any) -> Iterator[str]:
    """Every string inside a value (values of mappings, items of lists), depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def _collect(value, out):
    out.update(text for text in strings_in(value) if text)


def secret_strings(settings: Any) -> list:
    """Every secret string in a settings mapping (to scrub free text such as HTTP bodies)."""
    found = set()
    if not isinstance(settings, dict):
        return []
    for key, value in settings.items():
        _collect_userinfo(value, found)
        masked = mask_by_key(key, value)
        if masked == value:
            continue
        parsed, _was_json = maybe_json(value)
        _diff_secrets(parsed, maybe_json(masked)[0], found)
        # the deprecated header-map forms: each value a secret on its own
        legacy = None
        if isinstance(parsed, str):
            legacy = parse_legacy_header_map(parsed)
        elif isinstance(parsed, list) and masked == MASK:
            legacy = parse_legacy_header_map([item for item in parsed if isinstance(item, str)])
        if legacy is not None:
            found.update(item for _name, item in legacy.pairs if item)
    found.discard("")
    return sorted(found, key=len, reverse=True)


def _collect_userinfo(value, out):
    for text in strings_in(value):
        for match in _USERINFO_VALUE.finditer(text):
            out.add(match.group(1))
            out.update(part for part in match.group(1).split(":") if part)


def _diff_secrets(original, masked, out):
    if masked == MASK:
        _collect(original, out)
    elif isinstance(original, dict) and isinstance(masked, dict):
        for name, item in original.items():
            _diff_secrets(item, masked.get(name), out)
    elif isinstance(original, list) and isinstance(masked, list):
        for item, item_masked in zip(original, masked):
            _diff_secrets(item, item_masked, out)


def has_secrets(settings: Any) -> bool:
    """True when any value of the mapping is a secret (files holding it get mode 0600)."""
    return bool(secret_strings(settings))


def _forms(secret):
    """The secret and its JSON-escaped forms: once (how show() writes it inside a message) and twice (a JSON
    text holding it, shown as a string)."""
    forms = [secret]
    for _level in range(2):
        escaped = json.dumps(forms[-1], ensure_ascii=False)[1:-1]
        if escaped == forms[-1]:
            break
        forms.append(escaped)
    return forms


def scrub(text: Any, secrets: Iterable[str]) -> Any:
    """Replace every occurrence of the given secret strings (and their JSON-escaped forms) in text.

    A text already cut to length (ending in ``...``) may end with the start of a secret: that part is
    masked as well, so the result is the same as masking first and cutting afterwards.
    """
    if not text or not isinstance(text, str):
        return text
    for secret in secrets:
        for form in _forms(secret):
            text = text.replace(form, MASK)
    if text.endswith(TRUNCATED):
        body = text[:-len(TRUNCATED)]
        for secret in secrets:
            for form in _forms(secret):
                for cut in range(min(len(form) - 1, len(body)), 2, -1):
                    if body.endswith(form[:cut]):
                        body = body[:-cut] + MASK
                        break
        text = body + TRUNCATED
    return text


def encoded_variants(secret: str) -> list:
    """Every form a secret may take when a server or a library echoes it back: longest first.

    The text itself; JSON-, URL-, HTML- and Python-repr-escaped; base64 (standard and URL-safe,
    with and without padding) of the secret alone and of ``Bearer <secret>``; so that the base64
    of any text around it (``user:<secret>`` in Basic auth...) is caught too, the run of base64
    characters only the secret decides, for each of the three alignments (secrets of 9 bytes or
    more); and every run of 12 or more letters and digits inside the secret, which survives any
    other escaping of the characters around it. Match the result case-insensitively to cover
    upper- and lower-cased echoes.
    """
    import base64  # pylint: disable=import-outside-toplevel
    import html  # pylint: disable=import-outside-toplevel
    from urllib.parse import quote, quote_plus  # pylint: disable=import-outside-toplevel

    if not isinstance(secret, str) or not secret:
        return []
    raw = secret.encode("utf-8")
    found = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1], repr(secret)[1:-1],
             repr(raw)[2:-1], quote(secret, safe=""), quote(secret), quote_plus(secret), html.escape(secret),
             html.escape(secret).replace("&quot;", "&#34;").replace("&#x27;", "&#39;")}
    for data in (raw, b"Bearer " + raw):
        text = base64.b64encode(data).decode("ascii")
        found.update((text, text.rstrip("="), text.translate(_URLSAFE), text.translate(_URLSAFE).rstrip("=")))
    if len(raw) >= 9:
        for shift in (0, 1, 2):
            text = base64.b64encode(b"\0" * shift + raw).decode("ascii")
            core = text[4 if shift else 0:(shift + len(raw)) // 3 * 4]
            found.update((core, core.translate(_URLSAFE)))
    found.update(re.findall(r"[A-Za-z0-9]{12,}", secret))
    found.discard("")
    return sorted(found, key=len, reverse=True)


_URLSAFE = str.maketrans("+/", "-_")


def mask_text(text: Any, secrets: Iterable[str], limit: int | None = None) -> str | None:
    """Free text (an exception, a parser's message) fit to show: secrets masked first, then cut to limit."""
    if text is None:
        return text
    text = scrub(mask_userinfo(str(text)), secrets)
    if limit is not None and len(text) > limit:
        text = text[:limit - len(TRUNCATED)] + TRUNCATED
    return text


def summarise(lines: list, limit: int = 20, what: str = "more") -> list:
    """The first ``limit`` lines, then one line counting the rest (a list of problems must stay readable)."""
    lines = list(lines)
    if len(lines) <= limit:
        return lines
    return lines[:limit] + ["... and %d %s" % (len(lines) - limit, what)]


MIN_SUBSTRING = 8
# A short form counts only as a whole word: no word character or '-' next to it, and not a label of a.dotted.name.
_WORD_BEFORE = r"(?<![a-z0-9_-])(?<![a-z0-9]\.)"
_WORD_AFTER = r"(?![a-z0-9_-])(?!\.[a-z0-9])"
_MASKERS = {}


def substring_safe(secrets: object) -> set[str]:
    """The secrets long enough to be masked wherever they occur (``MIN_SUBSTRING`` characters or more).

    For a module's ``no_log_values``: Ansible masks those as substrings of everything the module returns, so a
    short header value there would turn ``llm.acme.example`` into ``llm.********.example``. Shorter secrets are
    masked by ``mask_encoded`` (as whole words) in everything the collection's modules return.
    """
    return set(text for text in secrets or () if isinstance(text, str) and len(text) >= MIN_SUBSTRING)


def _form_pattern(form):
    text = re.escape(form)
    return text if len(form) >= MIN_SUBSTRING else _WORD_BEFORE + text + _WORD_AFTER


def _masker(secrets):
    """Every form of every secret, lower-cased, as one pattern (cached per list of secrets)."""
    key = tuple(secrets)
    found = _MASKERS.get(key)
    if found is None:
        forms = set()
        for secret in secrets:
            shortest = max(6, min(len(secret), MIN_SUBSTRING))
            forms.update(v.lower() for v in encoded_variants(secret) if v == secret or len(v) >= shortest)
        ordered = sorted(forms, key=len, reverse=True)
        found = re.compile("|".join(_form_pattern(v) for v in ordered)) if ordered else None
        if len(_MASKERS) > 32:
            _MASKERS.clear()
        _MASKERS[key] = found
    return found


# up to three base64 characters on either side of a mask may still carry bits of the secret (a partial group)
_MASK_EDGES = re.compile(r"[A-Za-z0-9+/_-]{0,3}" + re.escape(MASK) + r"[A-Za-z0-9+/_-]{0,3}={0,2}")


def _kept_spans(subject, keep, flags):
    """Where the kept texts stand as whole names (not inside a longer name or a secret) in the subject."""
    spans = []
    for kept in keep:
        if kept:
            pattern = r"(?<![a-z0-9._-])%s(?![a-z0-9_-])(?!\.[a-z0-9])" % re.escape(kept.lower())
            spans.extend(match.span() for match in re.finditer(pattern, subject, flags))
    return spans


def mask_encoded(text: object, secrets: list[str], keep: tuple[str, ...] = ()) -> str | None:
    """Replace every secret, also encoded or in another letter case, with ********, by the rule above.

    A match that lies wholly inside a kept name (the gateway host) is left alone; one that reaches beyond it
    (a secret that contains the host name) is masked.
    """
    if text is None:
        return None
    text = str(text)
    pattern = _masker(secrets) if secrets and text else None
    return text if pattern is None else _mask_with(text, pattern, keep)


def _mask_with(text, pattern, keep):
    subject, flags = text.lower(), 0     # matching lower-cased text is several times faster than re.IGNORECASE
    if len(subject) != len(text):
        subject, flags, pattern = text, re.IGNORECASE, re.compile(pattern.pattern, re.IGNORECASE)
    spans = None
    parts, last = [], 0
    for match in pattern.finditer(subject):
        start, end = match.span()
        if spans is None:       # looked for only once something matched: most texts hold no secret
            spans = _kept_spans(subject, keep, flags) if keep else []
        if any(low <= start and end <= high for low, high in spans):
            continue
        parts += [text[last:start], MASK]
        last = end
    masked = "".join(parts + [text[last:]]) if parts else text
    return _MASK_EDGES.sub(MASK, masked) if masked != text else masked


def mask_encoded_bytes(data: bytes, secrets: list[str], keep: tuple[str, ...] = ()) -> bytes:
    """mask_encoded over a body (decoded as UTF-8 with replacement only when something has to be masked)."""
    pattern = _masker(secrets) if secrets and data else None
    if pattern is None:
        return data
    text = data.decode("utf-8", "replace")
    masked = _mask_with(text, pattern, keep)
    return data if masked == text else masked.encode("utf-8")


def mask_encoded_data(value: object, secrets: list[str], keep: tuple[str, ...] = ()) -> object:
    """mask_encoded over every string of a nested structure (keys included)."""
    if isinstance(value, dict):
        return dict((mask_encoded(k, secrets, keep), mask_encoded_data(v, secrets, keep)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [mask_encoded_data(v, secrets, keep) for v in value]
    if isinstance(value, str):
        return mask_encoded(value, secrets, keep)
    return value
