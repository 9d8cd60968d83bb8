# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The catalog-wide MDM artifacts against validators the project did not write: Microsoft's published Group
Policy ADMX schema (lxml and xmlschema), xmllint, and jsonschema (draft-4 meta-schema and instance validation
of documents encoded as a profile carries them). The structural checks against the catalog are in
tests/unit/plugins/module_utils/test_admx.py (and test_jamf.py, test_manifest.py)."""

import glob
import io
import json
import os

import jsonschema
import pytest
import xmlschema
import yaml
from lxml import etree

from ansible_collections.cowork3p.fleet.plugins.module_utils import _admx, _jamf
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import string_items
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate

from .conftest import ROOT, TRICKY, need_tool, run

# More values that break naive escaping, on top of the shared tricky document.
TRICKY_MDM = dict(TRICKY, isLocalDevMcpEnabled=False, otlpProtocol="http/json",
                  bootstrapUrl="https://config.example.corp/bootstrap?a=1&b=2",
                  deploymentDisplaySubtitle="it's <b>\"quoted\"</b> ]]> --")


# examples/ also holds files that are not settings documents
NOT_SETTINGS = ("execution-environment.yml",)


def _load(path):
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return data.get("cowork3p_settings", data)


SOURCES = dict({os.path.basename(p): _load(p) for p in sorted(glob.glob(os.path.join(ROOT, "examples", "*.yml")))
                if os.path.basename(p) not in NOT_SETTINGS},
               tricky=TRICKY_MDM)
REPORTS = {name: validate(doc) for name, doc in SOURCES.items()}
DOCUMENTS = [pytest.param(report.settings, id=name) for name, report in REPORTS.items()]


def test_the_documents_are_valid():
    assert len(SOURCES) > 1, "no examples/*.yml next to the collection"
    assert not {name: r.error_text() for name, r in REPORTS.items() if r.errors}


def _xsd():
    shared = os.environ.get("COWORK3P_SHARED")
    path = os.path.join(shared or "", "reference", "schemas", "admx", "PolicyDefinitionFiles.xsd")
    if not shared or not os.path.isfile(path):
        message = "COWORK3P_SHARED does not point at the shared folder with reference/schemas/admx"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI must run this test)")
        pytest.skip(message)
    return path


@pytest.mark.parametrize("admx_class", ["machine", "user", "both"])
def test_admx_and_adml_pass_the_published_schema(admx_class):
    path = _xsd()
    with_lxml = etree.XMLSchema(etree.parse(path))
    with_xmlschema = xmlschema.XMLSchema(path)
    files = _admx.admx_files(admx_class)
    assert sorted(files) == ["PolicyDefinitions/Claude.admx", "PolicyDefinitions/en-US/Claude.adml"]
    for name, data in files.items():
        assert with_lxml.validate(etree.fromstring(data)), (name, with_lxml.error_log)
        with_xmlschema.validate(io.BytesIO(data))


def test_xmllint_finds_both_files_well_formed(tmp_path):
    xmllint = need_tool("xmllint")
    paths = []
    for name, data in _admx.admx_files().items():
        path = tmp_path / os.path.basename(name)
        path.write_bytes(data)
        paths.append(str(path))
    done = run([xmllint, "--noout"] + paths)
    assert done.returncode == 0, done.stderr


def test_the_ingested_admx_in_the_intune_file_passes_the_schema():
    with_lxml = etree.XMLSchema(etree.parse(_xsd()))
    settings = DOCUMENTS[-1].values[0]
    install = json.loads(_admx.intune_oma(settings))[0]
    assert with_lxml.validate(etree.fromstring(install["value"].encode("utf-8")))


def _jamf_schema():
    schema = json.loads(_jamf.jamf_schema().decode("utf-8"))
    return schema, jsonschema.validators.validator_for(schema)


def test_jamf_schema_passes_the_draft_4_meta_schema():
    schema, validator = _jamf_schema()
    assert validator is jsonschema.Draft4Validator
    validator.check_schema(schema)


@pytest.mark.parametrize("settings", DOCUMENTS)
def test_documents_as_the_profile_carries_them_validate(settings):
    schema, validator = _jamf_schema()
    validator(schema, format_checker=jsonschema.FormatChecker()).validate(dict(string_items(settings)))


@pytest.mark.parametrize("bad", [
    {"inferenceProvider": "openai"},
    {"inferenceGatewayAuthScheme": "auto"},
    {"disableDeploymentModeChooser": True},
    {"disableDeploymentModeChooser": "yes"},
    {"inferenceCredentialHelperTimeoutSec": 45},
    {"inferenceCredentialHelperTimeoutSec": "45s"},
    {"inferenceModelPricingMultiplier": 0.5},
    {"inferenceModels": ["claude-sonnet-4-5"]},
    {"inferenceCustomHeaders": {"X-Org": "a"}},
    {"deploymentOrganizationUuid": "{6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f}"},
    {"inferenceBedrockSsoAccountId": "12345"},
    {"deploymentDisplayName": "x" * 61},
], ids=lambda bad: "%s=%r" % next(iter(bad.items())) if len(repr(bad)) < 60 else next(iter(bad)))
def test_wrong_values_do_not_validate(bad):
    schema, validator = _jamf_schema()
    with pytest.raises(jsonschema.ValidationError):
        validator(schema).validate(bad)
