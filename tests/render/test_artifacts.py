"""_artifacts: which formats a run writes, the checks before writing, byte-identical output."""

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _formats
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _artifacts

from .conftest import TRICKY
from .test_handoff import _need_catalog


def test_a_missing_catalog_producer_fails_by_name_and_is_skipped_by_all(monkeypatch):
    monkeypatch.setattr(_artifacts, "catalog_module", lambda fmt: None)
    formats, errors, warnings = _artifacts.select(["all"])
    catalog_wide = {"admx", "jamf_schema", "profile_manifest"}
    assert errors == [] and set(formats) == set(_formats.expand(["all"])[0]) - catalog_wide
    assert len(warnings) == 3 and all("skipped" in w for w in warnings)
    formats, errors, warnings = _artifacts.select(["json", "admx", "nope"])
    assert formats == ["json"]
    assert errors[0].startswith("unknown format 'nope'")
    assert "format admx needs plugins/module_utils/_admx.py" in errors[1]


def test_check_inputs_reports_everything_at_once():
    report = validate({"inferenceProvider": "gateway", "inferenceGatewayApiKey": "k"})     # base URL missing
    plan = _artifacts.check_inputs(report, ["json", "signed_mobileconfig", "pdf", "bootstrap_json"], {})
    assert len(plan.errors) == 3
    assert any("inferenceGatewayBaseUrl" in e for e in plan.errors)
    assert any("unknown format 'pdf'" in e for e in plan.errors)
    assert any(e.startswith("signed_mobileconfig: signing needs") for e in plan.errors)

    plan = _artifacts.check_inputs(validate({"disableAutoUpdates": True, "inferenceProvider": "anthropic"}),
                                   ["json"], {"signing_cert": "c.pem"})
    assert plan.errors == [] and any("nothing is signed" in w for w in plan.warnings)


def test_bootstrap_file_keys_the_target_does_not_read_from_a_bootstrap_response_warn():
    # reference 11 / 1.3: before 1.25927.0 inferenceCredentialHelperTimeoutSec is read from MDM and the local
    # file only; the same key in a bootstrap response is ignored by that release (the MDM artifacts are fine)
    settings = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.corp",
                "inferenceCredentialHelper": "/usr/local/bin/helper", "inferenceCredentialHelperTimeoutSec": 30,
                "bootstrapUrl": "https://gw.example.corp/bootstrap"}
    old = _artifacts.check_inputs(validate(settings, desktop_version="1.20000.0"), ["json", "bootstrap_json"],
                                  desktop_version="1.20000.0")
    assert old.errors == [], old.errors
    found = [w for w in old.warnings if w.startswith("bootstrap_json: inferenceCredentialHelperTimeoutSec")]
    assert found and "bootstrap response is ignored" in found[0], old.warnings
    assert [p for p in old.problems if p.rule == "source" and p.key == "inferenceCredentialHelperTimeoutSec"]

    new = _artifacts.check_inputs(validate(settings), ["json", "bootstrap_json"])
    assert not [w for w in new.warnings if "bootstrap response is ignored" in w], new.warnings


def test_every_format_is_byte_identical_for_the_same_input():
    settings = validate(TRICKY).settings
    formats = [f for f in _formats.expand(["all"])[0] if _artifacts.catalog_module(f) is not None
               or _formats.FORMATS[f].scope != "catalog"]
    plan = _artifacts.check_inputs(validate(TRICKY), formats)
    assert plan.errors == [], plan.errors
    first = _artifacts.build(formats, settings, "eng", bootstrap=plan.bootstrap)
    again = _artifacts.build(formats, dict(reversed(list(settings.items()))), "eng", bootstrap=plan.bootstrap)
    assert [(o.name, o.data) for o in first] == [(o.name, o.data) for o in again]
    names = [o.name for o in first]
    assert len(names) == len(set(names))
    for output in first:
        assert output.secret == _formats.FORMATS[output.fmt].secret or output.name.endswith(".intune.json")


@pytest.mark.parametrize("fmt", ["admx", "jamf_schema", "profile_manifest"])
def test_catalog_wide_files_do_not_depend_on_the_document(fmt):
    _need_catalog(fmt)
    one = _artifacts.build([fmt], validate({"inferenceProvider": "anthropic"}).settings, "a")
    other = _artifacts.build([fmt], validate(TRICKY).settings, "a")
    assert one[0].data == other[0].data and not one[0].secret


def test_keys_without_an_admx_policy_are_a_warning_and_left_out_of_the_intune_file():
    # An UNCONFIRMED key the template has no policy for must not fail formats=all (warn, never fail).
    report = validate({"inferenceProvider": "anthropic", "chatSessionRetentionDays": 30})
    plan = _artifacts.check_inputs(report, ["admx"])
    assert plan.errors == []
    assert any(w.startswith("admx: chatSessionRetentionDays is left out of the Intune") for w in plan.warnings)
    outputs = _artifacts.build(plan.formats, report.settings, "eng")
    intune = [o for o in outputs if o.name == "eng.intune.json"][0]
    assert b"chatSessionRetentionDays" not in intune.data and b"inferenceProvider" in intune.data
