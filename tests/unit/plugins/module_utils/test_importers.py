# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The import side (_importers): .reg text in every form an admin can hand it, and the notes it returns."""

from __future__ import annotations

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _importers, _render

REG = "\r\n".join([
    "Windows Registry Editor Version 5.00",
    "",
    r"[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Claude]",
    '"inferenceProvider"="gateway"',
    '"deploymentDisplayName"="Déjà – 中文 🚀"',
    "",
])


def _lookup_text(raw):
    """What ansible.builtin.file makes of a file that is not UTF-8 (to_text with surrogate_or_strict)."""
    return raw.decode("utf-8", "surrogateescape")


@pytest.mark.parametrize("raw", [
    b"\xff\xfe" + REG.encode("utf-16-le"),            # the app's export, the render action's file
    REG.encode("utf-16-le"),                          # UTF-16 without a byte-order mark
    b"\xfe\xff" + REG.encode("utf-16-be"),
    b"\xef\xbb\xbf" + REG.encode("utf-8"),
], ids=["utf16le-bom", "utf16le", "utf16be-bom", "utf8-bom"])
def test_reg_read_from_bytes_and_from_the_file_lookups_text(raw):
    expected = {"inferenceProvider": "gateway", "deploymentDisplayName": "Déjà – 中文 🚀"}
    assert _importers.reg_mapping(raw) == (expected, [])
    assert _importers.reg_mapping(_lookup_text(raw)) == (expected, [])


def test_reg_of_the_render_action_reads_back_through_the_lookup_text():
    text = _render.reg_bytes(REG)
    settings, _report, notes = _importers.import_settings(_lookup_text(text), "reg")
    assert settings["deploymentDisplayName"] == "Déjà – 中文 🚀" and notes == []


def test_reg_plain_text_stays_text():
    assert _importers.reg_mapping(REG)[0]["inferenceProvider"] == "gateway"


def test_reg_undecodable_bytes_are_an_import_error():
    with pytest.raises(_importers.ImportError_, match="neither UTF-16 nor UTF-8"):
        _importers.reg_mapping(b"Windows Registry Editor Version 5.00\r\n\xff\xff\xfe")


def test_reg_notes_name_what_the_app_ignores():
    text = "\r\n".join([
        "Windows Registry Editor Version 5.00",
        r"[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Claude]",
        '"inferenceProvider"="gateway"',
        '"organizationInstructions"=hex(2):25,00,00,00',
        '"disableAutoUpdates"=hex(b):01,00,00,00,00,00,00,00',
        r"[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Claude\Sub]",
        '"x"="y"',
        r"[HKEY_CURRENT_USER\SOFTWARE\Policies\Claude]",
        '"inferenceProvider"="vertex"',
    ])
    settings, notes = _importers.reg_mapping(text)
    assert settings == {"inferenceProvider": "gateway"}
    assert notes == [
        "organizationInstructions is REG_EXPAND_SZ: it counts as policy but the app cannot read its content",
        "disableAutoUpdates has a value type the app does not read (hex(b))",
        "subkey HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude\\Sub ignored: the app never reads subkeys",
        "both HKLM and HKCU carry values; since 1.19367.0 the app reads only HKLM then",
    ]


def test_import_reads_the_table():
    settings, _report, _notes = _importers.import_settings(b'{"disableAutoUpdates": true}\n', "bootstrap_json")
    assert settings == {"disableAutoUpdates": True}
    with pytest.raises(_importers.ImportError_, match="holds no settings document"):
        _importers.import_settings(b"x", "egress")
    with pytest.raises(_importers.ImportError_, match="unknown format"):
        _importers.import_settings(b"x", "docx")
