# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a release reads (_releases): a table of (key or old name, target release, source) -> verdict.

Every case id names the reference section (claude-desktop-3p.md) the expected verdict comes from.
"""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils import _releases as releases
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import ALIASES, BY_NAME
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate

UTC = datetime.timezone.utc
BEFORE = datetime.datetime(2026, 9, 1, tzinfo=UTC)      # before the 2026-10-07 12:00 PT cut-off
AFTER = datetime.datetime(2026, 12, 1, tzinfo=UTC)      # after it
NEWEST = None                                           # no desktop_version: the newest release


def case(ref, name, target, source, now, level, rule="", *words):
    """One row: reference section, key or old name, target release (None = newest), source, instant,
    expected level and rule, and words the message must hold."""
    when = "before" if now is BEFORE else "after"
    return pytest.param(name, target, source, now, level, rule, words,
                        id="%s-%s-%s-%s-%s" % (ref, name, target or "newest", source, when))


TABLE = [
    # ---- old names, each with its own life (3.1, 3.9, 3.12, 3.14, 13.12) -------------------------------------
    # inferenceGatewayHeaders: read from the baseline; inferenceCustomHeaders from 1.8089.0; refused by
    # 1.40609.0 and newer after the cut-off.
    case("ref3.1", "inferenceGatewayHeaders", "1.5000.0", "mdm", AFTER, "ok"),
    case("ref3.1", "inferenceGatewayHeaders", "1.8088.9", "mdm", AFTER, "ok"),
    case("ref3.1", "inferenceGatewayHeaders", "1.8089.0", "mdm", AFTER, "warning", "deprecated_name",
         "still reads it", "1.40609.0", "no custom headers are sent"),
    case("ref3.1", "inferenceGatewayHeaders", "1.34493.0", "bootstrap", AFTER, "warning", "deprecated_name"),
    case("ref3.1", "inferenceGatewayHeaders", "1.40609.0", "mdm", BEFORE, "warning", "deprecated_name",
         "stops reading it at 2026-10-07"),
    case("ref3.1", "inferenceGatewayHeaders", "1.40609.0", "mdm", AFTER, "error", "deprecated_name",
         "stopped reading it", "releases from 1.40609.0"),
    case("ref13.12", "inferenceGatewayHeaders", NEWEST, "mdm", BEFORE, "warning", "deprecated_name"),
    case("ref13.12", "inferenceGatewayHeaders", NEWEST, "mdm", AFTER, "error", "deprecated_name"),
    case("ref3.1", "inferenceCustomHeaders", "1.5000.0", "mdm", AFTER, "warning", "since", "needs Claude Desktop 1.8089.0"),
    case("ref3.1", "inferenceCustomHeaders", "1.8089.0", "mdm", AFTER, "ok"),
    case("ref3.1", "inferenceCustomHeaders", NEWEST, "bootstrap", AFTER, "ok"),
    # trustBootstrapLocalExec: 1.25927.0 only name, renamed 1.26832.0, MDM/local only.
    case("ref3.14", "trustBootstrapLocalExec", "1.20000.0", "mdm", AFTER, "warning", "since", "needs Claude Desktop 1.25927.0"),
    case("ref3.14", "trustBootstrapLocalExec", "1.25927.0", "mdm", AFTER, "ok"),
    case("ref3.14", "trustBootstrapLocalExec", "1.26000.0", "local", AFTER, "ok"),
    case("ref3.14", "trustBootstrapLocalExec", "1.25927.0", "bootstrap", AFTER, "warning", "source",
         "only from MDM and the local configuration file"),
    case("ref3.14", "trustBootstrapLocalExec", "1.26832.0", "mdm", AFTER, "warning", "deprecated_name",
         "old name of trustBootstrapDelivery", "still reads it"),
    case("ref3.14", "trustBootstrapLocalExec", "1.46388.1", "mdm", AFTER, "error", "deprecated_name", "reads as false"),
    case("ref3.14", "trustBootstrapLocalExec", NEWEST, "mdm", BEFORE, "warning", "deprecated_name"),
    case("ref3.14", "trustBootstrapDelivery", "1.25927.0", "mdm", AFTER, "warning", "since", "1.26832.0"),
    case("ref3.14", "trustBootstrapDelivery", "1.26832.0", "mdm", AFTER, "ok"),
    case("ref11", "trustBootstrapDelivery", NEWEST, "bootstrap", AFTER, "warning", "source"),
    # isDxtEnabled / isDxtSignatureRequired: read from the baseline; the new names' first release is not
    # stated (UNCONFIRMED: the new key's own first release is used).
    case("ref3.9", "isDxtEnabled", "1.10000.0", "mdm", AFTER, "warning", "deprecated_name", "UNCONFIRMED"),
    case("ref3.9", "isDxtEnabled", "1.46388.1", "mdm", AFTER, "error", "deprecated_name", "extensions are disabled"),
    case("ref3.9", "isDxtEnabled", NEWEST, "mdm", BEFORE, "warning", "deprecated_name"),
    case("ref3.9", "isDxtSignatureRequired", "1.30000.0", "mdm", AFTER, "warning", "deprecated_name"),
    case("ref3.9", "isDxtSignatureRequired", NEWEST, "mdm", AFTER, "error", "deprecated_name"),
    # enduserAttribution: the old spelling since 1.24012.0.
    case("ref3.12", "enduserAttribution", "1.20000.0", "mdm", AFTER, "warning", "since", "1.24012.0"),
    case("ref3.12", "enduserAttribution", "1.30000.0", "mdm", AFTER, "warning", "deprecated_name", "still reads it"),
    case("ref3.12", "enduserAttribution", "1.46388.1", "mdm", AFTER, "error", "deprecated_name", "reads as false"),
    case("ref3.12", "endUserAttribution", "1.24012.0", "mdm", AFTER, "ok"),

    # ---- keys whose sources changed (3.1, 3.3, 3.4, 3.7, 3.8, 3.9, 3.10, 3.12, 3.13, 16.4, 16.13) ------------
    case("ref3.10", "relaunchEnforcementHours", "1.40609.0", "mdm", AFTER, "warning", "source",
         "only from a bootstrap response", "1.46388.1"),
    case("ref3.10", "relaunchEnforcementHours", "1.44121.1", "local", AFTER, "warning", "source"),
    case("ref3.10", "relaunchEnforcementHours", "1.40609.0", "bootstrap", AFTER, "ok"),
    case("ref3.10", "relaunchEnforcementHours", "1.46388.1", "mdm", AFTER, "ok"),
    case("ref3.10", "relaunchEnforcementHours", NEWEST, "mdm", AFTER, "ok"),
    case("ref3.10", "relaunchEnforcementHours", "1.30000.0", "bootstrap", AFTER, "warning", "since"),
    case("ref3.12", "deploymentDisplayName", "1.24012.0", "mdm", AFTER, "warning", "source", "1.25927.0"),
    case("ref3.12", "deploymentDisplayName", "1.24012.0", "bootstrap", AFTER, "ok"),
    case("ref3.12", "deploymentDisplayName", "1.25927.0", "mdm", AFTER, "ok"),
    case("ref3.12", "deploymentDisplaySubtitle", "1.25000.0", "local", AFTER, "warning", "source"),
    case("ref3.12", "deploymentDisplaySubtitle", "1.25927.0", "local", AFTER, "ok"),
    case("ref3.9", "claudeAiImport", "1.20000.0", "mdm", AFTER, "warning", "source", "only from a bootstrap response"),
    case("ref3.9", "claudeAiImport", "1.20000.0", "bootstrap", AFTER, "ok"),
    case("ref3.9", "claudeAiImport", "1.25927.0", "mdm", AFTER, "ok"),
    case("ref3.1", "inferenceCredentialHelper", "1.20000.0", "bootstrap", AFTER, "warning", "source", "1.25927.0"),
    case("ref3.1", "inferenceCredentialHelper", "1.20000.0", "mdm", AFTER, "ok"),
    case("ref3.1", "inferenceCredentialHelper", "1.25927.0", "bootstrap", AFTER, "ok"),
    case("ref3.1", "inferenceCredentialHelperTtlSec", "1.20000.0", "bootstrap", AFTER, "warning", "source"),
    case("ref3.1", "inferenceCredentialHelperTimeoutSec", "1.20000.0", "bootstrap", AFTER, "warning", "source"),
    case("ref3.1", "inferenceCredentialHelperSilentRefreshEnabled", "1.20000.0", "bootstrap", AFTER, "warning",
         "source"),
    case("ref3.3", "inferenceBedrockProfile", "1.20000.0", "bootstrap", AFTER, "warning", "source"),
    case("ref3.3", "inferenceBedrockProfile", NEWEST, "bootstrap", AFTER, "ok"),
    case("ref3.3", "inferenceBedrockAwsDir", "1.20000.0", "bootstrap", AFTER, "warning", "source"),
    case("ref3.3", "inferenceBedrockAwsCliPath", "1.20000.0", "bootstrap", AFTER, "warning", "source"),
    case("ref3.7", "inferenceVertexCredentialsFile", "1.20000.0", "bootstrap", AFTER, "warning", "source"),
    case("ref3.4", "inferenceFoundryTenantId", "1.20000.0", "bootstrap", AFTER, "warning", "source", "UNCONFIRMED"),
    case("ref3.4", "inferenceFoundryClientId", "1.20000.0", "bootstrap", AFTER, "warning", "source", "UNCONFIRMED"),
    case("ref3.8", "disableDeploymentModeChooser", "1.20000.0", "bootstrap", AFTER, "warning", "source", "UNCONFIRMED"),
    case("ref3.8", "disableDeepLinkRegistration", "1.20000.0", "bootstrap", AFTER, "warning", "source"),
    case("ref3.10", "disableEssentialTelemetry", "1.20000.0", "bootstrap", AFTER, "warning", "source"),
    case("ref3.9", "microsoftAuthBroker", "1.20000.0", "bootstrap", AFTER, "warning", "source"),
    case("ref3.9", "microsoftAuthBroker", "1.25927.0", "bootstrap", AFTER, "ok"),
    case("ref3.13", "allowedPluginMarketplaces", "1.18000.0", "bootstrap", AFTER, "warning", "source", "1.19367.0"),
    case("ref3.13", "allowedPluginMarketplaces", "1.19367.0", "bootstrap", AFTER, "ok"),
    case("ref3.8", "egressProxyUrl", NEWEST, "bootstrap", AFTER, "warning", "source"),
    case("ref3.8", "egressProxyPacUrl", NEWEST, "local", AFTER, "ok"),
    case("ref3.14", "bootstrapUrl", NEWEST, "bootstrap", AFTER, "warning", "source"),
    case("ref3.14", "bootstrapUrl", "1.10628.0", "local", AFTER, "ok"),
    case("ref3.14", "bootstrapUrl", "1.10000.0", "mdm", AFTER, "warning", "since", "1.10628.0"),
    case("ref3.1", "inferenceProvider", "1.5000.0", "bootstrap", AFTER, "ok"),
]


@pytest.mark.parametrize("name, target, source, now, level, rule, words", TABLE)
def test_release_table(name, target, source, now, level, rule, words):
    verdict = releases.name_verdict(name, releases.parse_release(target), now, source)
    assert (verdict.level, verdict.rule) == (level, rule), verdict
    for word in words:
        assert word in verdict.message + " " + verdict.hint, (word, verdict)


def test_every_renamed_key_and_source_change_is_in_the_table():
    names = {param.values[0] for param in TABLE}
    assert set(ALIASES) <= names
    assert {name for name, entry in BY_NAME.items() if entry["read_from"]} <= names
    assert {name for name, entry in BY_NAME.items() if entry["availability"] == "mdm_only"} & names


def test_unconfirmed_facts_never_make_an_error():
    for name in list(ALIASES) + [n for n, e in BY_NAME.items() if e["read_from_unconfirmed"]]:
        for target in (None, "1.5000.0", "1.20000.0", "1.30000.0", "1.46388.1"):
            for source in releases.SOURCES:
                verdict = releases.name_verdict(name, releases.parse_release(target), AFTER, source)
                if verdict.unconfirmed:
                    assert verdict.level == "warning", verdict


def test_catalog_data_of_old_names_is_consistent():
    for old, (entry, info) in ALIASES.items():
        life = releases.life_of(old)
        assert life.new == entry["name"]
        assert releases.compare(life.since, life.renamed_in) <= 0, old
        assert releases.compare(life.renamed_in, life.refused_from) < 0, old
        assert info["cutoff"] == catalog.DEPRECATION_CUTOFF
        if info["renamed_in"] is not None:
            assert info["renamed_in"] == entry["since"], "the new name's first release is the rename: %s" % old


def test_read_from_starts_at_the_key_first_release_and_only_adds_sources():
    for name, entry in BY_NAME.items():
        steps = entry["read_from"]
        if not steps:
            continue
        assert steps[0][0] == entry["since"], name
        seen = set()
        for release, sources in steps:
            assert set(sources) <= set(catalog.READ_SOURCES), name
            assert seen <= set(sources), "%s: a later release reads from fewer sources" % name
            seen = set(sources)
        if entry["availability"] == "mdm_and_bootstrap":
            assert seen == set(catalog.READ_SOURCES), name


def test_parse_release():
    assert releases.parse_release("1.46388.1") == (1, 46388, 1)
    assert releases.parse_release(" 1.2 ") == (1, 2)
    assert releases.parse_release("baseline") == releases.BASELINE
    for text in (None, "", "latest", "1.x", "1..2"):
        assert releases.parse_release(text) is None
    assert releases.compare((1, 2), (1, 2, 0)) == 0
    with pytest.raises(ValueError):
        releases.name_verdict("inferenceProvider", None, AFTER, source="ftp")


# ---- the same verdicts through validate() (the hook in _validation/document.py) ----------------------------------------------
GATEWAY = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.corp",
           "inferenceGatewayApiKey": "sk-test-0123456789"}


def problems(report, key):
    return [(p.level, p.rule) for p in report.problems if p.key == key]


def test_validate_accepts_the_only_name_an_old_target_reads():
    settings = dict(GATEWAY, inferenceGatewayHeaders={"X-Org": "acme"})
    report = validate(settings, desktop_version="1.5000.0", now=AFTER)
    assert report.ok, report.error_text()
    assert problems(report, "inferenceGatewayHeaders") == []
    # The newest release (no desktop_version) refuses it after the cut-off, as before.
    assert ("error", "deprecated_name") in problems(validate(settings, now=AFTER), "inferenceGatewayHeaders")
    # The new name on that old target: ignored, and the hint names the old one.
    report = validate(dict(GATEWAY, inferenceCustomHeaders={"X-Org": "acme"}), desktop_version="1.5000.0", now=AFTER)
    found = [p for p in report.warnings if p.key == "inferenceCustomHeaders"]
    assert [p.rule for p in found] == ["since"] and "inferenceGatewayHeaders" in found[0].hint


def test_validate_trust_bootstrap_local_exec_window():
    settings = dict(GATEWAY, bootstrapUrl="https://config.example.corp/b", trustBootstrapLocalExec=True)
    for target in ("1.25927.0", "1.26000.0"):
        report = validate(settings, desktop_version=target, now=AFTER)
        assert report.ok and problems(report, "trustBootstrapLocalExec") == [], report.problems


def test_validate_warns_about_the_source_being_rendered():
    settings = dict(GATEWAY, relaunchEnforcementHours=4, deploymentDisplayName="Acme")
    report = validate(settings, desktop_version="1.40609.0", now=AFTER)
    assert report.ok
    assert problems(report, "relaunchEnforcementHours") == [("warning", "source")]
    assert problems(report, "deploymentDisplayName") == []
    report = validate(settings, desktop_version="1.40609.0", now=AFTER, source="bootstrap")
    assert problems(report, "relaunchEnforcementHours") == []
    report = validate(settings, now=AFTER)      # the newest release reads both from MDM
    assert problems(report, "relaunchEnforcementHours") == []
