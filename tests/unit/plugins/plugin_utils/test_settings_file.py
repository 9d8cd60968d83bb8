# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for plugin_utils/_settings_file: reading a settings file (YAML or JSON, plain or vault-encrypted)
with errors that name the key or the position and never quote the file. Hostile files at scale are fuzzed in
tests/fuzz/test_fuzz_settings_files.py."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _settings_file as settings_file

SECRET = "sk-unit-SETTINGSFILE-6tR1"


def _no_vault(_ciphertext):
    raise AssertionError("no vault value expected")


def _file(tmp_path, text, name="settings.yml"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return str(path)


def test_yaml_json_and_an_empty_file(tmp_path):
    assert settings_file.load(_file(tmp_path, "inferenceProvider: gateway\ninferenceModels: [a, b]\n"), _no_vault) == \
        {"inferenceProvider": "gateway", "inferenceModels": ["a", "b"]}
    assert settings_file.load(_file(tmp_path, '\ufeff{"disableAutoUpdates": true}', "s.json"), _no_vault) == \
        {"disableAutoUpdates": True}
    assert settings_file.load(_file(tmp_path, ""), _no_vault) is None


def test_a_key_written_twice_is_named_with_its_line_and_no_value(tmp_path):
    path = _file(tmp_path, "inferenceGatewayApiKey: %s\ninferenceProvider: gateway\ninferenceGatewayApiKey: x\n"
                 % SECRET)
    with pytest.raises(settings_file.SettingsFileError) as caught:
        settings_file.load(path, _no_vault)
    assert str(caught.value).startswith("the key inferenceGatewayApiKey is written twice in one mapping (line 3)")
    assert SECRET not in str(caught.value)


def test_a_merge_may_be_overridden(tmp_path):
    text = "base: &b {inferenceProvider: gateway, disableAutoUpdates: false}\nother:\n  <<: *b\n  disableAutoUpdates: true\n"
    assert settings_file.load(_file(tmp_path, text), _no_vault)["other"] == \
        {"inferenceProvider": "gateway", "disableAutoUpdates": True}


def test_syntax_errors_give_the_position_and_never_the_line(tmp_path):
    with pytest.raises(settings_file.SettingsFileError) as caught:
        settings_file.load(_file(tmp_path, "inferenceGatewayApiKey: %s\n  bad: [\n" % SECRET), _no_vault)
    text = str(caught.value)
    assert text.startswith("is not valid YAML: ") and "(line " in text and SECRET not in text


def test_vault_values_and_files(tmp_path):
    def decrypt(ciphertext):
        if "good" in ciphertext:
            return SECRET.encode("utf-8")
        raise ValueError("wrong password")

    text = ("inferenceGatewayApiKey: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  good\n"
            "inferenceAnthropicApiKey: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  bad\n")
    loaded = settings_file.load(_file(tmp_path, text), decrypt)
    assert loaded["inferenceGatewayApiKey"] == SECRET
    assert isinstance(loaded["inferenceAnthropicApiKey"], settings_file.UndecryptableVault)
    with pytest.raises(ValueError):
        str(loaded["inferenceAnthropicApiKey"])
    assert settings_file.load(_file(tmp_path, "$ANSIBLE_VAULT;1.1;AES256\ngood\n"),
                              lambda _c: b"inferenceProvider: gateway\n") == {"inferenceProvider": "gateway"}
    with pytest.raises(settings_file.SettingsFileError, match="is vault-encrypted and could not be decrypted"):
        settings_file.load(_file(tmp_path, "$ANSIBLE_VAULT;1.1;AES256\nbad\n"), decrypt)


def test_unsafe_values_are_read_as_plain_values(tmp_path):
    assert settings_file.load(_file(tmp_path, "organizationInstructions: !unsafe '{{ not a template }}'\n"),
                              _no_vault) == {"organizationInstructions": "{{ not a template }}"}


@pytest.mark.parametrize("data, message", [
    (b"\xff\xfe\x00bad", "is not UTF-8 text (byte 0)"),
    ("a: " + "[" * (settings_file.MAX_NESTING + 1), "nests lists or mappings more than 64 levels deep (line 1)"),
    ("- [a, b]\n- !!timestamp 2026-13-45\n", "is not valid YAML: a value could not be read"),
])
def test_files_that_cannot_be_read_are_refused_clearly(tmp_path, data, message):
    with pytest.raises(settings_file.SettingsFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        settings_file.load(_file(tmp_path, data), _no_vault)


def test_a_missing_or_huge_file(tmp_path, monkeypatch):
    with pytest.raises(settings_file.SettingsFileError, match="cannot be read: No such file or directory"):
        settings_file.load(str(tmp_path / "missing.yml"), _no_vault)
    monkeypatch.setattr(settings_file, "MAX_FILE", 10)
    with pytest.raises(settings_file.SettingsFileError, match="is 30 bytes; a settings file has at most 10"):
        settings_file.load(_file(tmp_path, "inferenceProvider: gateway123\n"), _no_vault)
