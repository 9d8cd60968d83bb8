"""The render playbook, the render action and the filters, run for real through ansible-playbook.

Every writing run is checked three times: check mode reports the change and writes
nothing, the real run changes, the re-run reports no change.
"""

import json
import os
import stat

import pytest
import yaml

from .conftest import ROOT, run

SECRET = "sk-live-DO-NOT-PRINT-4242"
HEADER_SECRET = "tenant-secret-9191"


def _recap(output):
    """{'ok': n, 'changed': n, 'failed': n, ...} from the PLAY RECAP line of localhost."""
    for line in output.splitlines():
        if line.startswith("localhost") and "ok=" in line:
            return {k: int(v) for k, v in (part.split("=") for part in line.split(":", 1)[1].split())}
    raise AssertionError("no PLAY RECAP in output:\n" + output)


def _playbook(playbook_bin, ansible_env, cwd, *args):
    return run([playbook_bin, os.path.join(ROOT, "playbooks", "render.yml")] + list(args), cwd=cwd, env=ansible_env)


def _settings_file(tmp_path, **extra):
    settings = {
        "inferenceProvider": "gateway",
        "inferenceGatewayBaseUrl": "https://gw.example.corp",
        "inferenceGatewayApiKey": SECRET,
        "inferenceCustomHeaders": {"X-Tenant": HEADER_SECRET},
        "inferenceModels": ["claude-sonnet-4-5"],
    }
    settings.update(extra)
    path = tmp_path / "settings.yml"
    path.write_text(yaml.safe_dump(settings))
    return path


def test_render_playbook_builtin_example_check_real_rerun(playbook_bin, ansible_env, tmp_path):
    dist = tmp_path / "dist"
    check = _playbook(playbook_bin, ansible_env, tmp_path, "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert _recap(check.stdout)["changed"] == 1
    assert not dist.exists(), "check mode must not write anything"

    real = _playbook(playbook_bin, ansible_env, tmp_path)
    assert real.returncode == 0, real.stdout + real.stderr
    assert _recap(real.stdout)["changed"] == 1
    names = sorted(os.listdir(dist))
    assert names == ["claude-desktop.mobileconfig", "claude-desktop.reg", "managed-settings.json"]
    for name in names:
        # The example holds an API key (a placeholder, but a secret all the same).
        assert stat.S_IMODE(os.stat(dist / name).st_mode) == 0o600
    first = {name: (dist / name).read_bytes() for name in names}

    again = _playbook(playbook_bin, ansible_env, tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _recap(again.stdout)["changed"] == 0
    assert {name: (dist / name).read_bytes() for name in names} == first


def test_render_own_file_secrets_never_printed(playbook_bin, ansible_env, tmp_path):
    settings = _settings_file(tmp_path)
    out = "out"
    first = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=settings.yml", "-e", "dest=" + out,
                      "--diff", "-vvvv")
    assert first.returncode == 0, first.stdout + first.stderr
    combined = first.stdout + first.stderr
    assert SECRET not in combined and HEADER_SECRET not in combined
    assert "********" in combined                     # the diff shows the masked values
    assert SECRET in (tmp_path / out / "managed-settings.json").read_text()

    # Change only the secret: the diff must say that it changed without showing either value.
    new_secret = SECRET + "-rotated"
    settings.write_text(settings.read_text().replace(SECRET, new_secret))
    check = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=settings.yml", "-e", "dest=" + out,
                      "--diff", "--check", "-vvvv")
    assert check.returncode == 0, check.stdout + check.stderr
    combined = check.stdout + check.stderr
    assert _recap(check.stdout)["changed"] == 1
    assert SECRET not in combined and new_secret not in combined
    assert "******** (changed)" in combined
    assert new_secret not in (tmp_path / out / "managed-settings.json").read_text()


def test_invalid_settings_fail_with_every_error_and_write_nothing(playbook_bin, ansible_env, tmp_path):
    _settings_file(tmp_path, inferenceGatewayBaseUrl="https://gw.example.corp/v1/messages", inferenceModelz=["x"],
                   inferenceTokenWindowHours=9999, autoUpdaterEnforcementHours="soon")
    result = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=settings.yml", "-e", "dest=out",
                       "-vvvv")
    assert result.returncode != 0
    combined = result.stdout + result.stderr
    assert "4 error(s); nothing was written" in combined
    for fragment in ("inferenceGatewayBaseUrl", "use \\\"https://gw.example.corp\\\"", "inferenceModelz",
                     "did you mean inferenceModels?", "inferenceTokenWindowHours", "between 1 and 720",
                     "autoUpdaterEnforcementHours", "expected an integer"):
        assert fragment in combined, fragment
    assert SECRET not in combined and HEADER_SECRET not in combined
    assert not (tmp_path / "out").exists()


ACTION_PLAY = """
- name: Exercise the render action
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Render
      cowork3p.fleet.render:
        settings: "{{ lookup('ansible.builtin.file', 'settings.yml') | from_yaml }}"
        dest: "{{ out }}"
        basename: engineering
        formats: [mobileconfig, reg, json, plist]
        registry_hive: HKCU
        profile_identifier: com.example.claude.engineering
        profile_organization: Example & Co
        desktop_version: "1.30000.0"
      register: rendered
    - name: Keep the result for the test
      ansible.builtin.copy:
        content: "{{ rendered | to_json }}"
        dest: "{{ out }}.result.json"
        mode: "0644"
      check_mode: false
      diff: false
"""


def test_render_action_options_and_triplet(playbook_bin, ansible_env, tmp_path):
    _settings_file(tmp_path, inferenceModelPricingEnabled=True)     # since 1.37937.0 > target: a warning
    play = tmp_path / "play.yml"
    play.write_text(ACTION_PLAY)
    out = str(tmp_path / "artifacts")

    def go(*extra):
        result = run([playbook_bin, str(play), "-e", "out=" + out] + list(extra), cwd=tmp_path, env=ansible_env)
        assert result.returncode == 0, result.stdout + result.stderr
        with open(out + ".result.json") as handle:
            return json.load(handle), result

    checked, _output = go("--check")
    assert checked["changed"] is True and all(f["changed"] for f in checked["files"])
    assert not os.path.exists(out)

    real, output = go()
    assert real["changed"] is True
    assert sorted(os.listdir(out)) == ["engineering.mobileconfig", "engineering.plist", "engineering.reg",
                                       "managed-settings.json"]
    assert real["profile_identifier"] == "com.example.claude.engineering"
    assert real["secrets_present"] is True
    assert all(f["mode"] == "0600" and f["sha256"] is None for f in real["files"])
    assert any(p["rule"] == "since" and p["key"] == "inferenceModelPricingEnabled" for p in real["problems"])
    assert "needs Claude Desktop 1.37937.0 or newer" in output.stdout + output.stderr   # shown as a warning
    reg = (tmp_path / "artifacts" / "engineering.reg").read_bytes()[2:].decode("utf-16-le")
    assert "[HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Claude]" in reg
    assert "<string>Example &amp; Co</string>" in (tmp_path / "artifacts" / "engineering.mobileconfig").read_text()
    assert SECRET not in json.dumps(real)

    again, _output = go()
    assert again["changed"] is False and not any(f["changed"] for f in again["files"])

    # A changed mode alone is a change, and it is repaired.
    os.chmod(os.path.join(out, "managed-settings.json"), 0o644)
    fixed, _output = go()
    assert fixed["changed"] is True
    assert stat.S_IMODE(os.stat(os.path.join(out, "managed-settings.json")).st_mode) == 0o600


def test_files_without_secrets_are_0644(playbook_bin, ansible_env, tmp_path):
    (tmp_path / "settings.yml").write_text(yaml.safe_dump({"disableAutoUpdates": True, "autoUpdaterEnforcementHours": 24}))
    result = _playbook(playbook_bin, ansible_env, tmp_path, "-e", "settings_file=settings.yml", "-e", "dest=out")
    assert result.returncode == 0, result.stdout + result.stderr
    for name in os.listdir(tmp_path / "out"):
        assert stat.S_IMODE(os.stat(tmp_path / "out" / name).st_mode) == 0o644


CUSTOM_TEMPLATE_PLAY = """
- name: Render with the admin's own templates
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Render
      cowork3p.fleet.render:
        settings: {inferenceProvider: anthropic, inferenceAnthropicApiKey: "%s"}
        dest: out
        formats: [json]
        template_dir: mytemplates
""" % SECRET


def test_user_templates_are_used_and_verified(playbook_bin, ansible_env, tmp_path):
    templates = tmp_path / "mytemplates"
    templates.mkdir()
    play = tmp_path / "play.yml"
    play.write_text(CUSTOM_TEMPLATE_PLAY)
    # A faithful variant (compact, no spaces) is accepted and used.
    (templates / "managed-settings.json.j2").write_text(
        "{% for item in settings %}{{ '{' if loop.first }}{{ item.key | json_value }}:{{ item.value | json_value }}"
        "{{ ',' if not loop.last else '}' }}{% endfor %}\n")
    ok = run([playbook_bin, str(play)], cwd=tmp_path, env=ansible_env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert (tmp_path / "out" / "managed-settings.json").read_text().startswith('{"inferenceAnthropicApiKey":')

    # A template that drops a key fails loudly, and the file stays as it was.
    before = (tmp_path / "out" / "managed-settings.json").read_bytes()
    (templates / "managed-settings.json.j2").write_text('{"inferenceProvider": "anthropic"}\n')
    bad = run([playbook_bin, str(play)], cwd=tmp_path, env=ansible_env)
    assert bad.returncode != 0
    assert "does not carry the settings faithfully" in bad.stdout + bad.stderr
    assert SECRET not in bad.stdout + bad.stderr
    assert (tmp_path / "out" / "managed-settings.json").read_bytes() == before


FILTER_PLAY = """
- name: Filters agree with the action
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    settings: "{{ lookup('ansible.builtin.file', 'settings.yml') | from_yaml }}"
  tasks:
    - name: Write what the filters produce
      ansible.builtin.copy:
        dest: filters.json
        mode: "0600"
        content: >-
          {{ {
            'json': settings | cowork3p.fleet.to_managed_json,
            'reg': settings | cowork3p.fleet.to_reg,
            'mobileconfig': settings | cowork3p.fleet.to_mobileconfig(identifier='cowork3p.fleet.claude-desktop'),
            'plist': settings | cowork3p.fleet.to_managed_plist,
            'values': settings | cowork3p.fleet.to_registry_values,
            'masked': settings | cowork3p.fleet.mask_settings,
            'problems': (settings | combine({'inferenceModelz': 1})) | cowork3p.fleet.validate,
            'back_json': settings | cowork3p.fleet.to_managed_json | cowork3p.fleet.from_managed_json,
            'back_reg': settings | cowork3p.fleet.to_reg | cowork3p.fleet.from_reg,
            'back_mc': settings | cowork3p.fleet.to_mobileconfig | cowork3p.fleet.from_mobileconfig,
            'drift': (settings | combine({'inferenceModels': '["claude-sonnet-4-5"]', 'extra': 1}))
                     | cowork3p.fleet.settings_drift(settings | combine({'disableAutoUpdates': true})),
          } | to_json }}
      no_log: true
"""


def test_filters(playbook_bin, ansible_env, tmp_path):
    _settings_file(tmp_path)
    (tmp_path / "play.yml").write_text(FILTER_PLAY)
    result = run([playbook_bin, "play.yml"], cwd=tmp_path, env=ansible_env)
    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads((tmp_path / "filters.json").read_text())
    rendered = run([playbook_bin, os.path.join(ROOT, "playbooks", "render.yml"), "-e", "settings_file=settings.yml",
                    "-e", "dest=dist", "-e", "{\"formats\": [\"mobileconfig\", \"reg\", \"json\", \"plist\"]}"],
                   cwd=tmp_path, env=ansible_env)
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    dist = tmp_path / "dist"
    assert out["json"] == (dist / "managed-settings.json").read_text()
    assert out["reg"] == (dist / "claude-desktop.reg").read_bytes()[2:].decode("utf-16-le")
    assert out["mobileconfig"] == (dist / "claude-desktop.mobileconfig").read_text()
    assert out["plist"] == (dist / "claude-desktop.plist").read_text()
    assert {"path": "HKLM:\\SOFTWARE\\Policies\\Claude", "name": "inferenceGatewayApiKey", "data": SECRET,
            "type": "string", "secret": True} in out["values"]
    assert [v["name"] for v in out["values"]] == sorted(v["name"] for v in out["values"])
    assert all(v["type"] == "string" and isinstance(v["data"], str) for v in out["values"])
    assert out["masked"]["inferenceGatewayApiKey"] == "********"
    assert out["masked"]["inferenceCustomHeaders"] == {"X-Tenant": "********"}
    assert [p["rule"] for p in out["problems"]] == ["unknown_key"]
    expected = yaml.safe_load((tmp_path / "settings.yml").read_text())
    assert out["back_json"] == out["back_reg"] == out["back_mc"] == expected
    assert out["drift"] == {"missing": ["disableAutoUpdates"], "unexpected": ["extra"], "changed": []}


def test_filter_refuses_invalid_settings(playbook_bin, ansible_env, tmp_path):
    (tmp_path / "play.yml").write_text("""
- name: Invalid settings through a filter
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Render
      ansible.builtin.debug:
        msg: "{{ {'inferenceProvider': 'gateway', 'inferenceGatewayApiKey': vault_key} | cowork3p.fleet.to_reg }}"
""")
    (tmp_path / "vars.yml").write_text("vault_key: %s\n" % SECRET)
    result = run([playbook_bin, "play.yml", "-e", "@vars.yml", "-vvvv"], cwd=tmp_path, env=ansible_env)
    assert result.returncode != 0
    assert "cowork3p.fleet.to_reg: the settings have 1 error(s)" in result.stdout
    assert "inferenceGatewayBaseUrl: is required when inferenceProvider is gateway" in result.stdout
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize("plugin", ["module:cowork3p.fleet.render"] + [
    "filter:cowork3p.fleet." + name for name in (
        "validate", "to_mobileconfig", "to_managed_plist", "to_reg", "to_managed_json", "to_registry_values",
        "from_mobileconfig", "from_reg", "from_managed_json", "mask_settings", "settings_drift")])
def test_ansible_doc_renders(ansible_env, playbook_bin, plugin):
    kind, name = plugin.split(":")
    doc = os.path.join(os.path.dirname(playbook_bin), "ansible-doc")
    result = run([doc, "-t", kind, name], env=ansible_env)
    assert result.returncode == 0, result.stderr
    assert name in result.stdout and "EXAMPLES" in result.stdout
