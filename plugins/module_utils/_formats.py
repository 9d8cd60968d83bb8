# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one table of artifact formats: file name, producer, parser, scope, extra input.

Rendering (plugin_utils/_templating.py, plugin_utils/_artifacts.py), import
(_importers.PARSERS), the render action and delivery (_delivery.FORMATS) read
this table; none of them keeps its own list. Pure data and standard library, so
the endpoint side (managed_file) can import it too.

Fields of a Format:

name      the value of the ``formats`` option
file      file name pattern ({basename}); the Linux file keeps the name the app reads
producer  how the bytes are made: ("template", <template file>) for the Jinja
          templates, or ("python", <module of plugins/module_utils>, <function>)
parser    name of the import parser (_importers.PARSERS) that reads the file back
          into settings, or None (the file holds no settings document)
scope     "document": built from one settings document; "catalog": built from
          the catalog alone (the same for every document, built once per run)
needs     None, or the name of the extra input the format needs ("signing")
delivery  how managed_file compares the file on a host ("json", "plist",
          "mobileconfig" or "text")
secret    True when the file carries the document's values (mode 0600 when
          they hold a secret); False for files without any value of the document
extra     further files the format writes: ((pattern, when), ...), when =
          "settings" (only when a settings document is given)
encoding  how text becomes the file's bytes: "utf-8", or "utf-16" (UTF-16LE with a
          byte-order mark and CRLF line ends, as Windows' regedit writes a .reg)
options   the rendering options the parser also needs to read the file back
          (the .reg parser: which hive)
shown_as  the template format whose masked rendering shows a change of the file in
          a diff (a signed profile as its unsigned one, the bootstrap file as JSON),
          or None: the file is shown as text (no secret in it) or by its size
"""

from __future__ import annotations

from collections import namedtuple
from typing import Iterable

Format = namedtuple("Format", ["name", "file", "producer", "parser", "scope", "needs", "delivery", "secret", "extra",
                               "encoding", "options", "shown_as"])


def _format(name, file, producer, parser=None, scope="document", needs=None, delivery="text", secret=True, extra=(),
            encoding="utf-8", options=(), shown_as=None):
    return Format(name, file, producer, parser, scope, needs, delivery, secret, extra, encoding, options, shown_as)


FORMATS = {f.name: f for f in (
    _format("mobileconfig", "{basename}.mobileconfig", ("template", "mobileconfig.j2"), "mobileconfig",
            delivery="mobileconfig", shown_as="mobileconfig"),
    _format("reg", "{basename}.reg", ("template", "reg.j2"), "reg", encoding="utf-16", options=("hive",),
            shown_as="reg"),
    _format("json", "managed-settings.json", ("template", "managed-settings.json.j2"), "json", delivery="json",
            shown_as="json"),
    _format("plist", "{basename}.plist", ("template", "managed-preferences.plist.j2"), "plist", delivery="plist",
            shown_as="plist"),
    _format("admx", "{basename}.admx.zip", ("python", "_admx", "admx_zip"), scope="catalog", secret=False,
            extra=(("{basename}.intune.json", "settings"),)),
    _format("jamf_schema", "{basename}.jamf.json", ("python", "_jamf", "jamf_schema"), scope="catalog",
            secret=False),
    _format("profile_manifest", "{basename}.manifest.plist", ("python", "_manifest", "profile_manifest"),
            scope="catalog", secret=False),
    _format("signed_mobileconfig", "{basename}.signed.mobileconfig", ("python", "_sign", "sign_profile"),
            "mobileconfig", needs="signing", shown_as="mobileconfig"),
    # The keys a bootstrap response may carry, written through the json format's template.
    _format("bootstrap_json", "{basename}.bootstrap.json", ("python", "_bootstrap", "bootstrap_settings"), "json",
            delivery="json", shown_as="json"),
    _format("egress", "{basename}.egress.txt", ("python", "_egress", "egress_text"), secret=False),
)}

# What the render action writes when formats is not given (the three per-host files).
DEFAULT_FORMATS = ("mobileconfig", "reg", "json")

# formats: all = every format that needs no extra input.
ALL = "all"

# How managed_file can compare a file on a host: the delivery kinds above, plain text last.
DELIVERY_FORMATS = tuple(dict.fromkeys([f.delivery for f in FORMATS.values() if f.delivery != "text"] + ["text"]))


def template_formats() -> dict:
    """{format: template file name} of the formats rendered through a Jinja template."""
    return {f.name: f.producer[1] for f in FORMATS.values() if f.producer[0] == "template"}


def expand(names: Iterable[str]) -> tuple:
    """The formats asked for, in order, without repeats; 'all' expands in place.

    Returns (formats, unknown): unknown lists the names that are not formats.
    """
    out, unknown = [], []
    for name in names or ():
        if name == ALL:
            out.extend(f.name for f in FORMATS.values() if f.needs is None)
        elif name in FORMATS:
            out.append(name)
        else:
            unknown.append(name)
    return list(dict.fromkeys(out)), unknown


def file_name(fmt: str, basename: str) -> str:
    return FORMATS[fmt].file.format(basename=basename)


def to_bytes(fmt: str, text: str) -> bytes:
    """The bytes of a file of this format from its text (see encoding above)."""
    if FORMATS[fmt].encoding == "utf-16":
        return b"\xff\xfe" + text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-16-le")
    return text.encode("utf-8")


def parser_options(fmt: str, options: dict) -> dict:
    """The keyword arguments the format's parser takes from the rendering options (None values left out)."""
    spec = FORMATS.get(fmt)
    names = spec.options if spec is not None else ()
    return {name: options[name] for name in names if options.get(name) is not None}


def unknown_text(unknown: list) -> str:
    """The message for names that are not formats."""
    return "unknown format%s %s; use %s or all" % (
        "s" if len(unknown) > 1 else "", ", ".join(repr(u) for u in unknown), ", ".join(FORMATS))
