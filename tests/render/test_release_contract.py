"""The render playbook's validation options: fail_on_warnings, allow_insecure_http, desktop_version.

UNCONFIRMED rules (reference 16.6: a gateway URL ending in /v1) warn and never fail a run unless warnings are
made fatal; the http:// gateway rule protects the admin and stays an error unless explicitly allowed (13.5, 17).
"""

import json

from ansible_collections.cowork3p.fleet.plugins.module_utils import _render as render
from ansible_collections.cowork3p.fleet.plugins.module_utils._importers import import_settings
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _templating as templating

from .test_playbook import SECRET, _playbook, _recap, _settings_file


def test_unconfirmed_rule_warns_and_fails_only_with_fail_on_warnings(playbook_bin, ansible_env, tmp_path):
    _settings_file(tmp_path, inferenceGatewayBaseUrl="https://gw.example.corp/v1")
    strict = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=settings.yml", "-e", "dest=strict",
                       "-e", "fail_on_warnings=true")
    combined = strict.stdout + strict.stderr
    assert strict.returncode != 0
    assert "fatal with fail_on_warnings" in combined and "UNCONFIRMED" in combined and "ends in /v1" in combined
    assert not (tmp_path / "strict").exists()

    relaxed = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=settings.yml", "-e", "dest=out")
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
    assert "ends in /v1" in relaxed.stdout + relaxed.stderr
    assert _recap(relaxed.stdout)["changed"] == 1
    assert SECRET not in relaxed.stdout + relaxed.stderr


def test_http_gateway_is_an_error_unless_allowed(playbook_bin, ansible_env, tmp_path):
    _settings_file(tmp_path, inferenceGatewayBaseUrl="http://gw.example.corp")
    refused = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=settings.yml", "-e", "dest=out")
    assert refused.returncode != 0
    assert "clear text" in refused.stdout + refused.stderr
    assert not (tmp_path / "out").exists()

    allowed = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=settings.yml", "-e", "dest=out",
                        "-e", "allow_insecure_http=true")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    data = json.loads((tmp_path / "out" / "managed-settings.json").read_text())
    assert data["inferenceGatewayBaseUrl"] == "http://gw.example.corp"


def test_old_name_accepted_for_the_release_that_reads_only_it(playbook_bin, ansible_env, tmp_path):
    path = _settings_file(tmp_path)
    text = path.read_text().replace("inferenceCustomHeaders", "inferenceGatewayHeaders")
    path.write_text(text)
    newest = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=settings.yml", "-e", "dest=newest")
    assert newest.returncode != 0 and "stopped reading it" in newest.stdout + newest.stderr
    old = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=settings.yml", "-e", "dest=old",
                    "-e", "desktop_version=1.5000.0", "-e", "fail_on_warnings=true")
    assert old.returncode == 0, old.stdout + old.stderr
    assert "inferenceGatewayHeaders" in json.loads((tmp_path / "old" / "managed-settings.json").read_text())


def test_linux_native_scalars_is_an_explicit_option(playbook_bin, ansible_env, tmp_path):
    _settings_file(tmp_path, disableAutoUpdates=True, inferenceCredentialHelperTimeoutSec=45)
    documented = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=settings.yml", "-e", "dest=doc")
    assert documented.returncode == 0, documented.stdout + documented.stderr
    data = json.loads((tmp_path / "doc" / "managed-settings.json").read_text())
    assert data["disableAutoUpdates"] == "true" and data["inferenceCredentialHelperTimeoutSec"] == "45"
    assert data["inferenceModels"] == ["claude-sonnet-4-5"]

    native = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=settings.yml", "-e", "dest=native",
                       "-e", "linux_native_scalars=true")
    assert native.returncode == 0, native.stdout + native.stderr
    data = json.loads((tmp_path / "native" / "managed-settings.json").read_text())
    assert data["disableAutoUpdates"] is True and data["inferenceCredentialHelperTimeoutSec"] == 45
    assert data["inferenceModels"] == ["claude-sonnet-4-5"]
    # the other formats do not change with the option
    for name in ("claude-desktop.mobileconfig", "claude-desktop.reg"):
        assert (tmp_path / "doc" / name).read_bytes() == (tmp_path / "native" / name).read_bytes()


# -- stable output regardless of input order, and the Linux value types (no ansible-playbook run) -------------
MCP_A = {"name": "docs", "transport": "http", "url": "https://mcp.example.corp/mcp",
         "headers": {"X-Team": "ai", "X-Org": "acme"}, "toolPolicy": {"search": "allow", "*": "ask"}}
OIDC_A = {"clientId": "client", "issuer": "https://login.example.corp", "scopes": "openid email"}
SAME_A = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://gw.example.corp",
    "inferenceCredentialKind": "interactive",
    "inferenceGatewayOidc": OIDC_A,
    "inferenceCustomHeaders": {"X-Tenant": "acme", "X-Region": "eu", "X-App": "claude"},
    "managedMcpServers": [MCP_A],
    "inferenceModels": ["claude-sonnet-4-5", {"name": "claude-opus-4-1", "supports1m": True, "labelOverride": "Opus"}],
    "disableAutoUpdates": True,
    "mcpToolTimeoutSec": 120,
}


def _reversed(value):
    """The same meaning written in the opposite order: every object's names reversed (arrays keep their order)."""
    if isinstance(value, dict):
        return {name: _reversed(value[name]) for name in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed(item) for item in value]
    return value


def _render_all(settings):
    report = validate(settings)
    assert report.ok, report.error_text()
    return {fmt: templating.render_bytes(fmt, report.settings) for fmt in ("mobileconfig", "plist", "reg", "json")}


def test_two_documents_that_mean_the_same_render_byte_identical():
    other = _reversed(SAME_A)
    assert list(other) != list(SAME_A) and list(other["inferenceCustomHeaders"]) != list(SAME_A["inferenceCustomHeaders"])
    # One more spelling of the same meaning: objects given as the JSON strings a profile carries.
    encoded = dict(other, inferenceGatewayOidc=json.dumps(_reversed(OIDC_A)),
                   managedMcpServers=json.dumps([_reversed(MCP_A)]))
    first = _render_all(SAME_A)
    assert _render_all(other) == first
    assert _render_all(encoded) == first
    text = first["json"].decode("utf-8")
    assert '{"X-App": "claude", "X-Region": "eu", "X-Tenant": "acme"}' in text
    assert '"headers": {"X-Org": "acme", "X-Team": "ai"}' in text


def test_linux_file_scalars_are_strings_unless_native_scalars():
    doc = json.loads(_render_all(SAME_A)["json"])
    assert doc["disableAutoUpdates"] == "true" and doc["mcpToolTimeoutSec"] == "120"
    assert doc["managedMcpServers"][0]["headers"] == {"X-Org": "acme", "X-Team": "ai"}
    assert doc["inferenceModels"][1]["supports1m"] is True
    # Native scalars, the explicit choice: the same template, the other context.
    text = templating.environment().get_template("managed-settings.json.j2").render(
        render.json_context(SAME_A, native_scalars=True))
    native = json.loads(text)
    assert native["disableAutoUpdates"] is True and native["mcpToolTimeoutSec"] == 120
    for data in (text.encode("utf-8"), _render_all(SAME_A)["json"]):
        back, report, _notes = import_settings(data, "json")
        assert not report.errors and back == SAME_A
