# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the MDM artifact tests (test_admx.py, test_jamf.py, test_manifest.py, test_mdm_keys.py) compare against:
the catalog entries an MDM profile can carry, read from the catalog directly (not from _mdm_keys), and every
example document plus a tricky one, normalised by validate()."""

from __future__ import annotations

import glob
import os

import yaml

from ansible_collections.cowork3p.fleet.plugins.module_utils._catalog import KEYS
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
MDM_READABLE = ("mdm_and_bootstrap", "mdm_only")
EXPECTED = {e["name"]: e for e in KEYS
            if e["availability"] in MDM_READABLE and not (e["deprecated"] or {}).get("removed_in")}


# Values that break naive escaping: quotes, ampersands, angle brackets, backslashes, non-ASCII, CR/LF, tabs.
TRICKY = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://llm-gateway.example.corp/tenant-a",
    "inferenceGatewayApiKey": 'sk-"quoted"\\back\\slash&<amp>\'',
    "inferenceCustomHeaders": {"X-Json": '{"nested":"json \\"inside\\" json"}', "X-Unicode": "déjà vu – 中文 – 🚀",
                               "X-Empty": ""},
    "inferenceModels": ["claude-sonnet-4-5",
                        {"name": "claude-opus-4-1", "labelOverride": 'Opus "long" <tasks> & more\\', "supports1m": True}],
    "organizationInstructions": "Line 1\nLine 2 \"quotes\" & <angle>\r\nWindows line\ttab \\ backslash é ]]> --",
    "deploymentDisplayName": "Acme & Co <Claude> \"3P\"",
    "inferenceVertexOAuthLoginHint": "",
    "disableDeploymentModeChooser": True,
    "isLocalDevMcpEnabled": False,
    "inferenceCredentialHelperTimeoutSec": 45,
    "inferenceModelPricingMultiplier": 0.75,
    "inferenceModelPricingEnabled": "true",
    "coworkEgressAllowedHosts": '["*.example.com","pypi.org:443"]',
    "otlpProtocol": "http/protobuf",
    "bootstrapUrl": "https://config.example.corp/bootstrap?a=1&b=2",
}


# examples/ also holds files that are not settings documents
NOT_SETTINGS = ("execution-environment.yml",)


def documents():
    """(id, normalised settings) for every example document and the tricky one."""
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "*.yml"))):
        if os.path.basename(path) in NOT_SETTINGS:
            continue
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        out.append((os.path.basename(path), data.get("cowork3p_settings", data)))
    out.append(("tricky", TRICKY))
    normalised = []
    for name, doc in out:
        report = validate(doc)
        assert not report.errors, (name, report.error_text())
        normalised.append((name, report.settings))
    return normalised


DOCUMENTS = documents()
