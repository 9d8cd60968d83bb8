# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_checks_core.py: the tls, models and messages checks."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.tests.unit.plugins.module_utils.gateway_fakes import run, status


def test_tls_details_and_unverified_warning():
    report, _p, _f = run(options={"checks": ["tls"]})
    assert report["checks"]["tls"]["details"]["issuer"] == "commonName=Unit CA"
    report, _p, _f = run(options={"checks": ["tls"], "validate_certs": False})
    assert report["checks"]["tls"]["status"] == "warn"


def test_html_gateway():
    report, _p, _f = run(flags=["html"])
    assert "HTML page ('404 Not Found')" in report["checks"]["messages"]["reason"]
    assert status(report)["errors"] == "warn" and status(report)["tools"] == "skip"


def test_models_discovery_rules():
    report, _p, _f = run({"inferenceModels": None}, models=["corp-a", "gpt-4o"])
    assert report["checks"]["models"]["status"] == "fail"
    assert "not recognisably Claude" in report["checks"]["models"]["reason"]
    assert report["gateway"]["model"] == "corp-a" and report["gateway"]["model_source"] == "discovery"

    report, _p, _f = run({"inferenceModels": None}, models=["corp-a", "claude-x"])
    assert report["checks"]["models"]["status"] == "pass" and "hidden: corp-a" in report["checks"]["models"]["reason"]
    assert report["gateway"]["model"] == "claude-x"

    report, _p, _f = run({"inferenceModels": ["claude-sonnet-4-5", "typo"]})
    assert report["checks"]["models"]["status"] == "fail" and "typo" in report["checks"]["models"]["reason"]

    report, _p, _f = run({"inferenceModels": ["anthropic/claude-x"]}, models=["anthropic/*"])
    assert report["checks"]["models"]["status"] == "pass"

    report, _p, _f = run(flags=["no-models"])
    assert report["checks"]["models"]["status"] == "warn" and report["passed"] is True

    report, _p, _f = run({"inferenceModels": None}, flags=["no-models"])
    assert status(report)["models"] == "fail" and "no model to test" in report["checks"]["messages"]["reason"]
