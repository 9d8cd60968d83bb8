"""Fixtures for the rendering tests: the collection on disk, tool paths, tricky settings."""

import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAB_FILES = os.path.join(ROOT, "tests", "lab")
GOLDEN = os.path.join(HERE, "golden")

# Values chosen to break naive escaping in every format.
TRICKY = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://llm-gateway.example.corp/tenant-a",
    "inferenceGatewayApiKey": 'sk-"quoted"\\back\\slash&<amp>',
    "inferenceCustomHeaders": {
        "X-Json": '{"nested":"json \\"inside\\" json","list":[1,2]}',
        "X-Unicode": "déjà vu – 中文 – 🚀",
        "X-Empty": "",
    },
    "inferenceModels": [
        "claude-sonnet-4-5",
        {"name": "claude-opus-4-1", "labelOverride": 'Opus "long" <tasks> & more\\', "supports1m": True},
    ],
    "organizationInstructions": "Line 1\nLine 2 with \"quotes\" & <angle> brackets\r\nWindows line\ttab \\ backslash é",
    "deploymentDisplayName": "Acme & Co <Claude> \"3P\"",
    "inferenceVertexOAuthLoginHint": "",
    "disableDeploymentModeChooser": True,
    "inferenceCredentialHelperTimeoutSec": 45,
    "inferenceModelPricingMultiplier": 0.75,
    "inferenceModelPricingEnabled": "true",
    "coworkEgressAllowedHosts": '["*.example.com","pypi.org:443"]',
}


def collections_path():
    env = os.environ.get("ANSIBLE_COLLECTIONS_PATH")
    if env:
        return env
    parent = os.path.dirname(os.path.dirname(os.path.dirname(ROOT)))
    if os.path.basename(os.path.dirname(os.path.dirname(ROOT))) == "ansible_collections":
        return parent
    pytest.fail("ANSIBLE_COLLECTIONS_PATH is not set and the checkout is not inside an ansible_collections tree; "
                "run the tests through scripts/dev test")
    return None


@pytest.fixture(scope="session")
def ansible_env():
    env = dict(os.environ)
    env["ANSIBLE_COLLECTIONS_PATH"] = collections_path()
    env["ANSIBLE_NOCOLOR"] = "1"
    env["ANSIBLE_FORCE_COLOR"] = "0"
    env["ANSIBLE_RETRY_FILES_ENABLED"] = "0"
    env["ANSIBLE_LOCALHOST_WARNING"] = "0"
    env["ANSIBLE_INVENTORY_UNPARSED_WARNING"] = "0"
    env["ANSIBLE_PYTHON_INTERPRETER"] = sys.executable
    return env


@pytest.fixture(scope="session")
def playbook_bin():
    found = shutil.which("ansible-playbook", path=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    if not found:
        pytest.fail("ansible-playbook is not installed next to %s" % sys.executable)
    return found


def need_tool(name):
    path = shutil.which(name)
    if not path:
        pytest.fail("%s is missing; scripts/dev test installs it (apt-get install libhivex-bin libwin-hivex-perl "
                    "libplist-utils libxml2-utils)" % name)
    return path


def run(cmd, **kwargs):
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    return subprocess.run(cmd, check=False, **kwargs)
