# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for plugin_utils/_templating: the Jinja side of rendering (one template per format, the admin's own
template directory, parsing every result back). Golden files and independent parsers are in tests/render/."""

from __future__ import annotations

import json
import plistlib

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _formats
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _templating as templating

SECRET = "sk-unit-TEMPLATING-5dQ2"
RAW = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.test",
       "inferenceGatewayApiKey": SECRET, "disableAutoUpdates": True, "inferenceModels": ["m1"]}


@pytest.fixture(scope="module")
def settings():
    return templating.check_settings(RAW).settings


def test_every_template_format_of_the_table_has_a_template():
    assert set(templating.FORMATS) == {name for name, spec in _formats.FORMATS.items()
                                       if spec.producer[0] == "template"}
    env = templating.environment()
    for name in templating.FORMATS.values():
        assert env.get_template(name)


def test_each_format_parses_back_to_the_settings(settings):
    texts = templating.render_texts(list(templating.FORMATS), settings, verify=True)
    assert json.loads(texts["json"])["disableAutoUpdates"] == "true"
    assert plistlib.loads(texts["plist"].encode("utf-8"))["inferenceModels"] == '["m1"]'
    assert plistlib.loads(texts["mobileconfig"].encode("utf-8"))["PayloadContent"][0]["inferenceProvider"] == "gateway"
    for fmt, text in texts.items():
        assert templating.parse_back(fmt, text, {}) == settings, fmt


def test_bytes_are_encoded_as_the_table_says(settings):
    assert templating.render_bytes("reg", settings).startswith(b"\xff\xfe")
    assert templating.render_bytes("json", settings).startswith(b"{")


def test_invalid_settings_list_every_error_and_mask_the_secret():
    with pytest.raises(templating.RenderError) as caught:
        templating.check_settings(dict(RAW, inferenceGatewayBaseUrl="ftp://x", mcpToolTimeoutSec="soon"))
    text = str(caught.value)
    assert text.startswith("the settings have 2 error(s):")
    assert "inferenceGatewayBaseUrl" in text and "mcpToolTimeoutSec" in text and SECRET not in text
    assert len(caught.value.problems) >= 2


def test_unknown_formats_and_bad_options_are_render_errors(settings):
    with pytest.raises(templating.RenderError, match="unknown format 'docx'"):
        templating.render_text("docx", settings)
    with pytest.raises(templating.RenderError, match="registry hive must be one of"):
        templating.render_text("reg", settings, hive="HKU")
    with pytest.raises(templating.RenderError, match="the options have 1 error"):
        templating.render_text("mobileconfig", settings, display_name="bad\x07name")


def test_an_admins_template_is_used_and_verified(tmp_path, settings):
    (tmp_path / templating.FORMATS["json"]).write_text('{"inferenceProvider": "gateway"}\n')
    with pytest.raises(templating.RenderError, match="does not carry the settings faithfully"):
        templating.render_text("json", settings, template_dir=str(tmp_path))
    (tmp_path / templating.FORMATS["plist"]).write_text("not a plist {{ settings | length }}\n")
    with pytest.raises(templating.RenderError, match="the rendered plist does not parse back"):
        templating.render_text("plist", settings, template_dir=str(tmp_path))
    # without verification (the masked copies shown in diffs) the text is returned as the template made it
    assert templating.render_text("json", settings, template_dir=str(tmp_path), verify=False) == \
        '{"inferenceProvider": "gateway"}\n'


def test_a_broken_template_names_itself(tmp_path, settings):
    (tmp_path / templating.FORMATS["json"]).write_text("{{ no_such_variable }}\n")
    with pytest.raises(templating.RenderError, match="template %s failed" % templating.FORMATS["json"]):
        templating.render_text("json", settings, template_dir=str(tmp_path))


def test_secret_present(settings):
    assert templating.secret_present(settings)
    assert not templating.secret_present({"disableAutoUpdates": True})
