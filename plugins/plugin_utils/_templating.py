# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller side: validate, render the template formats, check the result.

The template formats are defined by real template files (plugins/plugin_utils/templates/*.j2). With an admin's
own templates (a directory given as template_dir) every artifact is rendered through Jinja and parsed back with
the import side of the core before it is handed out: a template edit that breaks the format or changes a value
fails loudly. Without template_dir the same template variables are turned into the built-in templates' texts by
plain Python (module_utils/_render_py.py, held byte-identical to the .j2 files by the unit tests), which saves
Jinja's cost per render and per value.
"""

from __future__ import annotations

import os

import jinja2

from ansible_collections.cowork3p.fleet.plugins.module_utils import _formats
from ansible_collections.cowork3p.fleet.plugins.module_utils import _render as render
from ansible_collections.cowork3p.fleet.plugins.module_utils import _render_py as render_py
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import string_items
from ansible_collections.cowork3p.fleet.plugins.module_utils._importers import PARSERS, ImportError_
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate, validate_options
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import has_secrets, key_is_secret

BUILTIN_TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")

# format -> template file name: the formats rendered through a template, read from the one table of formats
FORMATS = _formats.template_formats()


class RenderError(Exception):
    """Invalid settings, options or templates; the message lists every problem."""

    def __init__(self, message, problems=None):
        super().__init__(message)
        self.problems = problems or []


def _plist_value(value):
    try:
        return render_py.plist_value(value)
    except render_py.PlistValueError as exc:
        raise RenderError(str(exc))


_ENVIRONMENTS = {}
_TEMPLATES = {}


def environment(template_dir=None):
    """A Jinja environment that looks in template_dir first, then in the built-in templates."""
    key = template_dir or ""
    env = _ENVIRONMENTS.get(key)
    if env is None:
        paths = [template_dir, BUILTIN_TEMPLATES] if template_dir else [BUILTIN_TEMPLATES]
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths), autoescape=False,
                                 undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                 keep_trailing_newline=True, auto_reload=False)
        env.filters.update({
            "xml_text": render.xml_text,
            "plist_value": _plist_value,
            "reg_quote": render.reg_quote,
            "reg_data": render.reg_data,
            "reg_comment": render.reg_comment,
            "json_value": render.json_value,
            "json_key": render.json_key,
        })
        if not template_dir:
            # The built-in templates use no Jinja globals (range, namespace, ...); without them a render
            # does not copy them into a fresh context each time. An admin's own templates keep them.
            env.globals.clear()
        _ENVIRONMENTS[key] = env
    return env


def _template(template_dir, name):
    """The compiled template (kept for the life of the process, as the environment does: auto_reload is off)."""
    key = (template_dir or "", name)
    template = _TEMPLATES.get(key)
    if template is None:
        template = _TEMPLATES[key] = environment(template_dir).get_template(name)
    return template


def check_settings(settings, desktop_version=None, now=None, allow_empty=False):
    """Validate; raise RenderError with the errors (secrets masked; a long list summarised). Returns the Report."""
    report = validate(settings, desktop_version=desktop_version, now=now, allow_empty=allow_empty)
    if report.errors:
        raise RenderError("the settings have %d error(s):\n%s" % (len(report.errors), report.error_text()),
                          report.problems)
    return report


_OPTIONS_CHECKED = set()


def check_options(options):
    """Raise RenderError when a profile option cannot go into a profile (control characters, not a string...)."""
    problems = validate_options(options)
    if problems:
        raise RenderError("the options have %d error(s):\n%s"
                          % (len(problems), "\n".join("- " + p.text for p in problems)), problems)


def _context(fmt, settings, options, strings=None):
    if fmt == "mobileconfig":
        profile = (options.get("identifier"), options.get("display_name"), options.get("organization"),
                   options.get("description"))
        if profile not in _OPTIONS_CHECKED:       # the same for a whole fleet: checked once
            check_options(dict(zip(("identifier", "display_name", "organization", "description"), profile)))
            if len(_OPTIONS_CHECKED) < 256:
                _OPTIONS_CHECKED.add(profile)
        return render.mobileconfig_context(
            settings, identifier=options.get("identifier"), display_name=options.get("display_name"),
            organization=options.get("organization"), description=options.get("description"),
            scope=options.get("scope") or "System", removal_disallowed=options.get("removal_disallowed"),
            strings=strings)
    if fmt == "plist":
        return render.plist_context(settings, strings=strings)
    if fmt == "reg":
        return render.reg_context(settings, options.get("hive") or "HKLM", strings=strings, is_secret=key_is_secret)
    if fmt == "json":
        return render.json_context(settings, native_scalars=bool(options.get("linux_native_scalars")))
    raise RenderError("unknown format %r; use one of %s" % (fmt, ", ".join(FORMATS)))


# format -> the built-in template's text from its variables (the context), in plain Python
_BUILT_IN = {
    "mobileconfig": lambda context: render_py.mobileconfig_text(
        context["payload"], context["profile"], context["header"]),
    "plist": lambda context: render_py.plist_text(context["settings"]),
    "reg": lambda context: render_py.reg_text(context["header"], context["key_path"], context["sections"]),
    "json": lambda context: render_py.json_text(context["settings"]),
}


def render_text(fmt, settings, template_dir=None, verify=None, strings=None, **options):
    """Text of one artifact from *normalised* settings (see check_settings).

    verify: parse the result back and compare it with the settings. By default
    this happens when the admin's own templates are in use (template_dir); the
    built-in templates are proven by the test suite with independent parsers.
    verify=False is used for masked copies shown in diffs.
    strings: shared_strings(settings, template_dir), when the caller renders several formats of one document.
    """
    if verify is None:
        verify = bool(template_dir)
    if fmt not in FORMATS:
        raise RenderError("unknown format %r; use one of %s" % (fmt, ", ".join(FORMATS)))
    template_name = FORMATS[fmt]
    try:
        context = _context(fmt, settings, options, strings)
    except ValueError as exc:
        raise RenderError(str(exc))
    if template_dir:
        try:
            text = _template(template_dir, template_name).render(context)
        except jinja2.TemplateError as exc:
            raise RenderError("template %s failed: %s" % (template_name, exc))
    else:
        try:
            text = _BUILT_IN[fmt](context)
        except render_py.PlistValueError as exc:     # what the plist_value filter refuses, refused alike
            raise RenderError(str(exc))
    if verify:
        _verify(fmt, text, settings, options)
    return text


def parse_back(fmt, data, options):
    """The settings (decoded by the catalog) a file of this format holds, read with the format's parser and the
    rendering options it needs (the .reg hive). Raises ImportError_ or ValueError when it does not parse."""
    spec = _formats.FORMATS[fmt]
    raw, _notes = PARSERS[spec.parser](data, **_formats.parser_options(fmt, dict(options, hive=options.get("hive")
                                                                                 or "HKLM")))
    return validate(raw, allow_empty=True).decoded


def _verify(fmt, text, settings, options):
    """Parse the rendered text back and compare its meaning with the settings."""
    try:
        back = parse_back(fmt, text, options)
    except (ImportError_, ValueError) as exc:
        raise RenderError("the rendered %s does not parse back (%s); check the template" % (fmt, exc))
    if back != settings:
        differing = sorted(k for k in set(back) | set(settings) if back.get(k) != settings.get(k))
        raise RenderError("the rendered %s does not carry the settings faithfully (keys: %s); check the template"
                          % (fmt, ", ".join(differing)))


def shared_strings(settings, template_dir=None):
    """The encoded strings of a document, computed once for its formats (the strings= argument): Items
    ({key, value} for a template of the admin's own) when template_dir is given, plain (key, value) pairs for the
    built-in texts, which only unpack them."""
    if template_dir:
        return render.string_item_list(settings)
    return string_items(settings)


def render_texts(formats, settings, template_dir=None, verify=None, strings=None, **options):
    """{format: text} for several formats of one *normalised* document; the values are encoded once for all
    (strings: shared_strings(settings, template_dir), when the caller needs them too)."""
    if strings is None:
        strings = shared_strings(settings, template_dir)
    return {fmt: render_text(fmt, settings, template_dir=template_dir, verify=verify, strings=strings, **options)
            for fmt in formats}


def to_bytes(fmt, text):
    """Bytes as written to disk (.reg: UTF-16LE with BOM and CRLF; others UTF-8): the table of formats says which."""
    if _UTF8.get(fmt):
        return text.encode("utf-8")
    return _formats.to_bytes(fmt, text)


# format -> True when its text is written as UTF-8 (read once from the table: to_bytes runs per file and document)
_UTF8 = {name: spec.encoding == "utf-8" for name, spec in _formats.FORMATS.items()}


def render_bytes(fmt, settings, template_dir=None, **options):
    """Bytes of one artifact as written to disk (see to_bytes)."""
    return to_bytes(fmt, render_text(fmt, settings, template_dir=template_dir, **options))


def secret_present(settings):
    return has_secrets(settings)
