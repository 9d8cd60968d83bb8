# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The built-in templates rendered in plain Python (_render_py) give the Jinja templates' texts, character for
character, and fail the same way.

Every case renders twice through the public entry points: without template_dir (the Python path) and with a
template_dir holding unchanged copies of the built-in .j2 files (the Jinja path, as an admin's copy renders).
"""

from __future__ import annotations

import math
import random
import re
import shutil

import pytest

from ansible_collections.cowork3p.fleet.plugins.module_utils import _render_py
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _templating as templating

FORMATS = tuple(templating.FORMATS)

# Texts that stress one format or another: XML (& < > CR), .reg (\ " line breaks, control characters, a line
# ending in a backslash or blank), JSON (quotes, escapes, U+2028), non-ASCII, a lone surrogate, NUL.
HOSTILE = [
    "", " ", "plain", "a & b", "<secret>", "x > y", "]]>", "&amp;", "&#13;", "cr\rhere", "crlf\r\nline", "lf\nline",
    "tab\there", "trail \\", "trail  ", "back\\slash", 'dq"uote', "\\\"", "nul\x00byte", "ctl\x01\x1f\x7f",
    "line\u2028sep", "é ü ß", "日本語", "\U0001f600 emoji", "\ud800 lone", "{\"json\": [1]}", "[a]", "; comment",
    "[HKEY_LOCAL_MACHINE\\X]", "=\"\"", "%s %d {0}", "\n", "\r", "\\", '"',
]
KEY_NAMES = sorted(BY_NAME)
HOSTILE_KEYS = ["a\"b", "k\\", "<k&>", "x y", "ключ", "PayloadAaa", "zzz", "Z", "_x", "x\ty", "x\ny"]


def _value(rnd, depth=0):
    kind = rnd.randrange(9 if depth < 2 else 5)
    if kind == 0:
        return rnd.choice(HOSTILE)
    if kind == 1:
        return "".join(rnd.choice(HOSTILE) for _round in range(rnd.randrange(1, 4)))
    if kind == 2:
        return rnd.choice([True, False])
    if kind == 3:
        return rnd.choice([0, 1, -1, 3600, 2 ** 40, -(2 ** 63)])
    if kind == 4:
        return rnd.choice([0.5, -1.25, 3.0, 1e16, 1e-7])
    if kind in (5, 6):
        return [_value(rnd, depth + 1) for _round in range(rnd.randrange(0, 4))]
    return {rnd.choice(HOSTILE + ["name", "b", "a"]): _value(rnd, depth + 1) for _round in range(rnd.randrange(0, 4))}


def _document(rnd):
    size = rnd.choice([0, 1, 1, 2, 5, 14, 30])
    names = KEY_NAMES + HOSTILE_KEYS if rnd.random() < 0.3 else KEY_NAMES
    return {rnd.choice(names): _value(rnd) for _round in range(size)}


OPTION_CHOICES = [
    {},
    {"hive": "HKCU"},
    {"hive": "HKLM", "linux_native_scalars": True},
    {"scope": "User", "removal_disallowed": True},
    {"removal_disallowed": False, "organization": "ACME & <Sons>", "description": ""},
    {"identifier": "com.example.claude", "display_name": "Claude \"3P\"", "description": "line one\nline & two"},
    {"linux_native_scalars": False, "scope": "System", "removal_disallowed": None},
]


@pytest.fixture(scope="module")
def jinja_dir(tmp_path_factory):
    """A template_dir with unchanged copies of the built-in templates: renders through Jinja."""
    folder = tmp_path_factory.mktemp("builtin-copies")
    for name in templating.FORMATS.values():
        shutil.copy(templating.BUILTIN_TEMPLATES + "/" + name, str(folder / name))
    return str(folder)


_UNORDERABLE = re.compile(r"^'[<>]=?' not supported between instances of '(\w+)' and '(\w+)'$")


def _outcome(func, *args, **kwargs):
    try:
        return ("text", func(*args, **kwargs))
    except Exception as exc:     # pylint: disable=broad-except  # the failure itself is compared
        message = str(exc)
        unorderable = _UNORDERABLE.match(message)
        if isinstance(exc, TypeError) and unorderable:
            # a setting named like one of the profile's own entries (PayloadVersion) with a value of another type
            # cannot be sorted into the payload: the same TypeError on both paths, but Python's sort names the two
            # types in either order (it compares plain pairs there, Items here)
            message = "unorderable: " + " ".join(sorted(unorderable.groups()))
        return ("error", type(exc).__name__, message)


def assert_same(settings, options, jinja_dir):
    for fmt in FORMATS:
        python = _outcome(templating.render_text, fmt, settings, **options)
        jinja = _outcome(templating.render_text, fmt, settings, template_dir=jinja_dir, verify=False, **options)
        assert python == jinja, (fmt, settings, options)
    # several formats of one document sharing the encoded strings (what the render action does)
    python = _outcome(templating.render_texts, FORMATS, settings, **options)
    jinja = _outcome(templating.render_texts, FORMATS, settings, template_dir=jinja_dir, verify=False, **options)
    assert python == jinja, (settings, options)


def test_every_template_format_has_a_python_text():
    assert set(templating._BUILT_IN) == set(templating.FORMATS)     # pylint: disable=protected-access


def test_the_python_path_is_taken_without_template_dir(monkeypatch):
    def no_jinja(*_args):
        raise AssertionError("Jinja used for the built-in templates")

    monkeypatch.setattr(templating, "_template", no_jinja)
    for fmt in FORMATS:
        assert templating.render_text(fmt, {"disableAutoUpdates": True})


@pytest.mark.parametrize("seed", range(40))
def test_generated_documents_render_alike(seed, jinja_dir):
    rnd = random.Random(seed)
    for _round in range(10):
        assert_same(_document(rnd), rnd.choice(OPTION_CHOICES), jinja_dir)


@pytest.mark.parametrize("options", OPTION_CHOICES)
def test_every_hostile_text_as_value_and_key(options, jinja_dir):
    for text in HOSTILE:
        assert_same({"organizationInstructions": text}, options, jinja_dir)
        assert_same({"inferenceModels": [text, {"name": text}], "organizationInstructions": text}, options, jinja_dir)
        assert_same({text: text, "disableAutoUpdates": True}, options, jinja_dir)
    assert_same({"organizationInstructions": "".join(HOSTILE)}, options, jinja_dir)


@pytest.mark.parametrize("settings", [
    {},
    {"disableAutoUpdates": False},
    {"autoUpdaterEnforcementHours": 24},
    {"inferenceModels": []},
    {"inferenceCustomHeaders": {}},
    {"PayloadType": "x", "PayloadUUID": "y"},          # names the profile uses itself, merged by sort
    {"PayloadVersion": "1"},                            # a string against the profile's number: fails alike
    {"PayloadVersion": 1},
    {"A": "first", "Payload": "before the profile's own", "a": "after"},
    {"mcpToolTimeoutSec": float("nan")},                # no JSON number: fails alike
    {"mcpToolTimeoutSec": math.inf},
    {"inferenceModels": [float("nan")]},
    {"organizationInstructions": None},                 # no encoding for None: fails alike
    {"organizationInstructions": b"bytes"},
    {"secretish\nkey": "v\nw", "inferenceGatewayApiKey": "sk-\nsecret", "organizationInstructions": "a\\\nb "},
])
@pytest.mark.parametrize("options", OPTION_CHOICES + [{"hive": "HKCR"}, {"scope": "Device"},
                                                      {"identifier": "not valid!"}, {"display_name": "a\x01b"}])
def test_edge_documents_and_bad_options_alike(settings, options, jinja_dir):
    assert_same(settings, options, jinja_dir)


def test_plist_value_refuses_what_the_filter_refuses():
    assert _render_py.plist_value(True) == "<true/>"
    assert _render_py.plist_value(7) == "<integer>7</integer>"
    assert _render_py.plist_value("a<b") == "<string>a&lt;b</string>"
    with pytest.raises(_render_py.PlistValueError, match="not float"):
        _render_py.plist_value(1.5)
    with pytest.raises(templating.RenderError, match="not float"):
        templating.render_text("plist", {"a": "b"}, strings=[("a", 1.5)])


def test_strings_given_by_the_caller_render_alike(jinja_dir):
    settings = {"organizationInstructions": "x", "disableAutoUpdates": True}
    for strings in ([("organizationInstructions", "y & z")], [("b", "2"), ("a", "1")], [("k", 3), ("j", False)], []):
        for fmt in ("mobileconfig", "plist", "reg"):
            python = _outcome(templating.render_text, fmt, settings, strings=strings)
            jinja = _outcome(templating.render_text, fmt, settings, template_dir=jinja_dir, verify=False,
                             strings=strings)
            assert python == jinja, (fmt, strings)
