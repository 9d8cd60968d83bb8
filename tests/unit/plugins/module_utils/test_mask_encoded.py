# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Masking that does not mangle (issue 14): _mask.mask_encoded and the gateway preflight that uses it.

A short secret (a header value such as ``acme``) is masked only where it stands as a whole word, so host names
and other words that contain it stay readable; the gateway host is never masked; long secrets and their
encoded forms are still masked wherever they occur.
"""

from __future__ import annotations

import base64
import html
import json
from urllib.parse import quote

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import (
    MASK, MIN_SUBSTRING, encoded_variants, mask_encoded, substring_safe)
from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import HEX_RUN, HOSTILE_KEY, gw, masked

KEY = "sk-unit-7f3a9c1d2e"


@pytest.mark.parametrize("text, shown", [
    ("X-Org-Id: acme", "X-Org-Id: " + MASK),
    ('{"x-org-id": "acme"}', '{"x-org-id": "%s"}' % MASK),
    ("tenant=ACME&x=1", "tenant=%s&x=1" % MASK),
    ("org acme.", "org %s." % MASK),
    ("https://llm.acme.example/v1/messages", "https://llm.acme.example/v1/messages"),
    ("acme.example", "acme.example"),
    ("acme-corp and acme_corp and acmecorp and 2acme", "acme-corp and acme_corp and acmecorp and 2acme"),
])
def test_a_short_secret_is_masked_only_as_a_whole_word(text, shown):
    assert mask_encoded(text, ["acme"]) == shown


def test_a_long_secret_is_masked_anywhere_also_encoded():
    assert len(KEY) >= MIN_SUBSTRING
    assert mask_encoded("prefix" + KEY + "suffix", [KEY]).count(MASK) == 1
    assert KEY not in mask_encoded("llm.%s.example" % KEY, [KEY])
    blob = base64.b64encode(("user:" + KEY).encode()).decode()
    assert MASK in mask_encoded("Basic " + blob, [KEY])


def test_kept_text_is_never_masked_but_the_rest_is():
    text = "llm-gateway-7.example answered: llm-gateway-7 is the tenant"
    out = mask_encoded(text, ["llm-gateway-7"], keep=("llm-gateway-7.example",))
    assert out == "llm-gateway-7.example answered: %s is the tenant" % MASK


def test_mask_text_catches_escaped_and_quoted_forms():
    secret = 'a/b"c'
    text = 'raw a/b"c json a/b\\"c url a%2Fb%22c'
    assert gw.mask_text(text, [secret]) == "raw ******** json ******** url ********"
    assert gw.mask_text(json.dumps({"k": secret}), [secret]) == '{"k": "********"}'
    assert gw.mask_data({"x": [KEY]}, [KEY]) == {"x": ["********"]}


@pytest.mark.parametrize("form", [
    HOSTILE_KEY, HOSTILE_KEY.upper(), HOSTILE_KEY.lower(), json.dumps(HOSTILE_KEY)[1:-1], quote(HOSTILE_KEY, safe=""),
    html.escape(HOSTILE_KEY), repr(HOSTILE_KEY)[1:-1],
    base64.b64encode(HOSTILE_KEY.encode()).decode(), base64.urlsafe_b64encode(HOSTILE_KEY.encode()).decode().rstrip("="),
    base64.b64encode(b"Bearer " + HOSTILE_KEY.encode()).decode(),
    html.escape(html.escape(HOSTILE_KEY)),                         # escaped twice: the long alphanumeric run is still caught
])
def test_every_encoded_form_is_masked(form):
    text = "gateway said: [%s] (end)" % form
    out = masked(text)
    assert "(end)" in out and "gateway said: [" in out and gw.MASK in out
    assert HEX_RUN.lower() not in out.lower()
    assert form not in out


@pytest.mark.parametrize("user", ["", "u", "us", "use", "svc-account", "a:b"])
def test_base64_of_the_key_inside_any_text_is_masked(user):
    """Basic auth: base64 of "<user>:<key>", for every alignment of the key inside the encoded text."""
    blob = base64.b64encode(("%s:%s" % (user, HOSTILE_KEY)).encode()).decode()
    out = masked("Authorization: Basic %s." % blob)
    assert gw.MASK in out
    for start in range(0, len(blob) - 8):
        piece = blob[start:start + 9]
        assert piece not in out or piece in base64.b64encode(user.encode() + b":").decode(), (piece, out)


def test_short_secrets_get_no_loose_encoded_forms():
    assert encoded_variants("") == []
    assert all(len(v) >= 2 for v in encoded_variants("ab"))
    # a one-character header value masks only itself, never its 2-character base64 "MQ"
    assert gw.mask_text("MQ and mq stay", ["1"]) == "MQ and mq stay"


@pytest.mark.parametrize("host", ["x", "gw", "sk", "7f3a9c1d2e", "unit"])
def test_a_kept_host_never_unmasks_a_secret_that_contains_it(host):
    text = "https://%s/v1 said: bad key %s (%s)" % (host, KEY, KEY.upper())
    out = mask_encoded(text, [KEY], keep=(host,))
    assert KEY.lower() not in out.lower() and out.startswith("https://%s/v1 said: bad key " % host)


def test_only_long_secrets_go_to_ansibles_substring_masking():
    assert substring_safe(["acme", "1", KEY, "", None, "12345678"]) == {KEY, "12345678"}
    assert substring_safe(None) == set()
