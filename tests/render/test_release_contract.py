"""The render playbook's validation options: fail_on_warnings, allow_insecure_http, desktop_version.

UNCONFIRMED rules (reference 16.6: a gateway URL ending in /v1) warn and never fail a run unless warnings are
made fatal; the http:// gateway rule protects the admin and stays an error unless explicitly allowed (13.5, 17).
"""

import json

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
