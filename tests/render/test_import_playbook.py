"""Reading the app's own files back through ansible-playbook on the controller: the documented from_reg paths
(the file lookup of a UTF-16 .reg, and slurp with b64=true), and the importer's notes shown as warnings."""

import json
import os
import re

from .conftest import ROOT, run

# As the app exports it and as the render action writes it: UTF-16LE with a byte-order mark, CRLF.
REG_TEXT = "\r\n".join([
    "Windows Registry Editor Version 5.00",
    "",
    r"[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Claude]",
    '"inferenceProvider"="gateway"',
    '"inferenceGatewayBaseUrl"="https://llm.example.corp"',
    '"deploymentDisplayName"="Déjà vu – 中文"',
    '"disableAutoUpdates"=dword:00000001',
    '"organizationInstructions"=hex(2):25,00,50,00,00,00',
    "",
    r"[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Claude\Extra]",
    '"ignored"="x"',
    "",
    r"[HKEY_CURRENT_USER\SOFTWARE\Policies\Claude]",
    '"inferenceProvider"="vertex"',
    "",
])

EXPECTED = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://llm.example.corp",
            "deploymentDisplayName": "Déjà vu – 中文", "disableAutoUpdates": True}

PLAY = """
- name: Read a .reg file back
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Slurp it on the controller
      ansible.builtin.slurp:
        src: claude.reg
      register: reg_file

    - name: Write what the filters return
      ansible.builtin.copy:
        dest: imported.json
        mode: "0600"
        content: "{{ {'lookup': lookup('ansible.builtin.file', 'claude.reg') | cowork3p.fleet.from_reg,
                      'lookup_notes': lookup('ansible.builtin.file', 'claude.reg') | cowork3p.fleet.from_reg(notes=true),
                      'slurp': reg_file.content | cowork3p.fleet.from_reg(b64=true, notes=true)} | to_json }}"
"""


def test_from_reg_reads_utf16_through_lookup_and_slurp(playbook_bin, ansible_env, tmp_path):
    (tmp_path / "claude.reg").write_bytes(b"\xff\xfe" + REG_TEXT.encode("utf-16-le"))
    (tmp_path / "play.yml").write_text(PLAY)
    result = run([playbook_bin, "play.yml"], cwd=tmp_path, env=ansible_env)
    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads((tmp_path / "imported.json").read_text())
    assert out["lookup"] == EXPECTED
    assert out["lookup_notes"]["settings"] == out["slurp"]["settings"] == EXPECTED
    notes = out["slurp"]["notes"]
    assert out["lookup_notes"]["notes"] == notes
    assert any("subkey HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude\\Extra ignored" in n for n in notes), notes
    assert any(n.startswith("organizationInstructions is REG_EXPAND_SZ") for n in notes), notes
    assert any("both HKLM and HKCU carry values" in n for n in notes), notes
    # The admin sees each note as a warning, without asking for them.
    shown = " ".join((result.stdout + result.stderr).split())
    for note in notes:
        assert "[WARNING]: cowork3p.fleet.from_reg: " + " ".join(note.split()) in shown, note


TEMPLATE_PLAY = """
- name: Write a .reg file with ansible.builtin.template as to_reg documents it
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    cowork3p_settings:
      inferenceProvider: gateway
      inferenceGatewayBaseUrl: https://llm.example.corp
      inferenceGatewayApiKey: sk-placeholder-0000
      organizationInstructions: "Line 1\\nLine 2"
  tasks:
    - name: Template with output_encoding utf-16
      ansible.builtin.template:
        src: claude.reg.j2
        dest: templated.reg
        output_encoding: utf-16
        mode: "0600"

    - name: The render action
      cowork3p.fleet.render:
        settings: "{{ cowork3p_settings }}"
        dest: dist
        formats: [reg]
"""


def test_to_reg_documented_template_path_writes_the_render_actions_bytes(playbook_bin, ansible_env, tmp_path):
    (tmp_path / "claude.reg.j2").write_text("{{ cowork3p_settings | cowork3p.fleet.to_reg }}\n")
    (tmp_path / "play.yml").write_text(TEMPLATE_PLAY)
    result = run([playbook_bin, "play.yml"], cwd=tmp_path, env=ansible_env)
    assert result.returncode == 0, result.stdout + result.stderr
    templated = (tmp_path / "templated.reg").read_bytes()
    assert templated.startswith(b"\xff\xfe")                     # a byte-order mark, little-endian
    assert templated == (tmp_path / "dist" / "claude-desktop.reg").read_bytes()
    assert ";   Line 2\r\n" in templated[2:].decode("utf-16-le")


def test_to_reg_documentation_suggests_no_encoding_without_a_bom():
    text = open(os.path.join(ROOT, "plugins", "filter", "to_reg.yml"), encoding="utf-8").read()
    suggested = re.findall(r"output_encoding[=:]\s*([\w-]+)", text)
    assert suggested and set(suggested) == {"utf-16"}, suggested
