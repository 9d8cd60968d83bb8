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
"""

from __future__ import annotations

from collections import namedtuple

Format = namedtuple("Format", ["name", "file", "producer", "parser", "scope", "needs", "delivery", "secret", "extra"])


def _format(name, file, producer, parser=None, scope="document", needs=None, delivery="text", secret=True, extra=()):
    return Format(name, file, producer, parser, scope, needs, delivery, secret, extra)


FORMATS = {f.name: f for f in (
    _format("mobileconfig", "{basename}.mobileconfig", ("template", "mobileconfig.j2"), "mobileconfig",
            delivery="mobileconfig"),
    _format("reg", "{basename}.reg", ("template", "reg.j2"), "reg"),
    _format("json", "managed-settings.json", ("template", "managed-settings.json.j2"), "json", delivery="json"),
    _format("plist", "{basename}.plist", ("template", "managed-preferences.plist.j2"), "plist", delivery="plist"),
    _format("admx", "{basename}.admx.zip", ("python", "_admx", "admx_zip"), scope="catalog", secret=False,
            extra=(("{basename}.intune.json", "settings"),)),
    _format("jamf_schema", "{basename}.jamf.json", ("python", "_jamf", "jamf_schema"), scope="catalog",
            secret=False),
    _format("profile_manifest", "{basename}.manifest.plist", ("python", "_manifest", "profile_manifest"),
            scope="catalog", secret=False),
    _format("signed_mobileconfig", "{basename}.signed.mobileconfig", ("python", "_sign", "sign_profile"),
            "mobileconfig", needs="signing"),
    # The keys a bootstrap response may carry, written through the json format's template.
    _format("bootstrap_json", "{basename}.bootstrap.json", ("python", "_bootstrap", "bootstrap_settings"), "json",
            delivery="json"),
    _format("egress", "{basename}.egress.txt", ("python", "_egress", "egress_text"), secret=False),
)}

# What the render action writes when formats is not given (the three per-host files).
DEFAULT_FORMATS = ("mobileconfig", "reg", "json")

# formats: all = every format that needs no extra input.
ALL = "all"

# How managed_file can compare a file on a host: the delivery kinds above, plain text last.
DELIVERY_FORMATS = tuple(dict.fromkeys([f.delivery for f in FORMATS.values() if f.delivery != "text"] + ["text"]))


def template_formats():
    """{format: template file name} of the formats rendered through a Jinja template."""
    return {f.name: f.producer[1] for f in FORMATS.values() if f.producer[0] == "template"}


def expand(names):
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


def file_name(fmt, basename):
    return FORMATS[fmt].file.format(basename=basename)


def unknown_text(unknown):
    """The message for names that are not formats."""
    return "unknown format%s %s; use %s or all" % (
        "s" if len(unknown) > 1 else "", ", ".join(repr(u) for u in unknown), ", ".join(FORMATS))
