# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Masking that does not mangle (issue 14): _mask.mask_encoded and the gateway preflight that uses it.

A short secret (a header value such as ``acme``) is masked only where it stands as a whole word, so host names
and other words that contain it stay readable; the gateway host is never masked; long secrets and their
encoded forms are still masked wherever they occur.
"""

from __future__ import annotations

import base64
import os
import sys

import pytest

try:
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _gateway as gw
except ImportError:  # plain pytest from the repository: use the collection path of the environment
    for _path in reversed((os.environ.get("ANSIBLE_COLLECTIONS_PATH") or "").split(os.pathsep)):
        if _path and _path not in sys.path:
            sys.path.insert(0, _path)
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _gateway as gw
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import MASK, MIN_SUBSTRING, mask_encoded

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


def refused(*_args):
    raise gw.TransportError("refused", "connection refused")


def test_preflight_keeps_the_gateway_host_readable_with_a_short_header_value():
    """The case of issue 14: X-Org-Id: acme and the gateway at llm.acme.example."""
    settings = {"inferenceGatewayBaseUrl": "https://llm.acme.example", "inferenceGatewayApiKey": KEY,
                "inferenceCustomHeaders": {"X-Org-Id": "acme"}, "inferenceModels": ["claude-x"]}
    report, _problems = gw.run_preflight(settings, refused, {"checks": ["url", "tls"]})
    assert report["gateway"]["base_url"] == "https://llm.acme.example"
    assert report["summary"][0].startswith("Gateway https://llm.acme.example (")
    assert "llm.acme.example:443" in report["checks"]["tls"]["reason"]
    assert "********" not in " ".join(report["summary"])


def test_preflight_keeps_the_host_even_when_a_long_secret_is_part_of_it():
    settings = {"inferenceGatewayBaseUrl": "https://tenant-0042.gw.example", "inferenceGatewayApiKey": KEY,
                "inferenceCustomHeaders": {"X-Tenant": "tenant-0042"}}
    report, _problems = gw.run_preflight(settings, refused, {"checks": ["tls"], "model": "m"})
    assert "tenant-0042.gw.example:443" in report["checks"]["tls"]["reason"]
