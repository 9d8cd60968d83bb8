# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""from_reg / from_mobileconfig / from_managed_json: base64 input, notes returned and shown as warnings."""

from __future__ import annotations

import base64
import plistlib

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.cowork3p.fleet.plugins.filter import claude

REG = "\r\n".join([
    "Windows Registry Editor Version 5.00",
    r"[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Claude]",
    '"inferenceProvider"="gateway"',
    r"[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Claude\Sub]",
    '"x"="y"',
])
SUBKEY_NOTE = "subkey HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude\\Sub ignored: the app never reads subkeys"


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(claude.Display, "warning", lambda self, msg, *a, **k: shown.append(msg))
    return shown


def test_from_reg_warns_each_note_and_returns_them_on_request(warnings):
    raw = b"\xff\xfe" + REG.encode("utf-16-le")
    assert claude.from_reg(raw) == {"inferenceProvider": "gateway"}
    assert warnings == ["cowork3p.fleet.from_reg: " + SUBKEY_NOTE]
    encoded = base64.b64encode(raw).decode("ascii")
    assert claude.from_reg(encoded, b64=True, notes=True) == {"settings": {"inferenceProvider": "gateway"},
                                                              "notes": [SUBKEY_NOTE]}


def test_from_reg_b64_refuses_text_that_is_not_base64():
    with pytest.raises(AnsibleFilterError, match="b64=true, but the input is not base64"):
        claude.from_reg("Windows Registry Editor Version 5.00", b64=True)


def test_from_mobileconfig_and_json_notes(warnings):
    profile = plistlib.dumps({"PayloadType": "Configuration", "PayloadContent": [
        {"PayloadType": "com.anthropic.claudefordesktop", "inferenceProvider": "gateway"},
        {"PayloadType": "com.apple.wifi.managed"}]})
    out = claude.from_mobileconfig(profile, notes=True)
    assert out == {"settings": {"inferenceProvider": "gateway"}, "notes": ["payload com.apple.wifi.managed ignored"]}
    assert warnings == ["cowork3p.fleet.from_mobileconfig: payload com.apple.wifi.managed ignored"]
    assert claude.from_managed_json(base64.b64encode(b'{"inferenceProvider": "gateway"}'), b64=True, notes=True) == {
        "settings": {"inferenceProvider": "gateway"}, "notes": []}
