# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for _formats: the one table of formats (file name, scope, producer, delivery format, encoding and
parser options) that rendering, import, the render action and delivery all read."""

from __future__ import annotations

from ansible_collections.cowork3p.fleet.plugins.module_utils import _formats, _render


def test_every_format_has_a_fixed_file_name_and_a_known_scope():
    names = {fmt: _formats.file_name(fmt, "eng") for fmt in _formats.FORMATS}
    assert names == {
        "mobileconfig": "eng.mobileconfig", "reg": "eng.reg", "json": "managed-settings.json", "plist": "eng.plist",
        "admx": "eng.admx.zip", "jamf_schema": "eng.jamf.json", "profile_manifest": "eng.manifest.plist",
        "signed_mobileconfig": "eng.signed.mobileconfig", "bootstrap_json": "eng.bootstrap.json",
        "egress": "eng.egress.txt",
    }
    assert _formats.FORMATS["admx"].extra == (("{basename}.intune.json", "settings"),)
    for spec in _formats.FORMATS.values():
        assert spec.scope in ("document", "catalog")
        assert spec.producer[0] in ("template", "python")
        assert spec.delivery in _formats.DELIVERY_FORMATS
        assert spec.scope == "document" or not spec.secret     # catalog-wide files never hold a value


def test_all_is_every_format_without_extra_input():
    formats, unknown = _formats.expand(["all"])
    assert unknown == []
    assert "signed_mobileconfig" not in formats
    assert set(formats) == set(_formats.FORMATS) - {"signed_mobileconfig"}
    assert _formats.expand(["json", "all", "json", "signed_mobileconfig"])[0][0] == "json"


def test_unknown_formats_are_named():
    formats, unknown = _formats.expand(["json", "docx", "pdf"])
    assert formats == ["json"] and unknown == ["docx", "pdf"]
    text = _formats.unknown_text(unknown)
    assert "'docx'" in text and "'pdf'" in text and "egress" in text and "all" in text


def test_table_gives_encoding_and_parser_options():
    assert _formats.to_bytes("reg", "a\nb") == _render.reg_bytes("a\nb") == b"\xff\xfe" + "a\r\nb".encode("utf-16-le")
    assert _formats.to_bytes("json", "é") == "é".encode("utf-8")
    assert _formats.parser_options("reg", {"hive": "HKCU", "identifier": "x"}) == {"hive": "HKCU"}
    assert _formats.parser_options("mobileconfig", {"hive": "HKCU"}) == {}
    shown = {name: spec.shown_as for name, spec in _formats.FORMATS.items() if spec.shown_as}
    assert shown == {"mobileconfig": "mobileconfig", "reg": "reg", "json": "json", "plist": "plist",
                     "signed_mobileconfig": "mobileconfig", "bootstrap_json": "json"}
