# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller side: the bytes of every artifact of one settings document, as _formats describes them.

The template formats go through _templating (the admin's templates included);
the hand-off formats through their module_utils producers. Nothing is written
here: the caller gets every file's bytes, or an ArtifactError listing every
problem at once.

The catalog-wide producers (_admx, _jamf, _manifest) are imported when a run
asks for them; a build without them says so for an explicit request and leaves
them out of ``formats: all`` with a warning.
"""

from __future__ import annotations

import importlib
from collections import namedtuple

from ansible_collections.cowork3p.fleet.plugins.module_utils import _formats
from ansible_collections.cowork3p.fleet.plugins.module_utils._bootstrap import bootstrap_settings
from ansible_collections.cowork3p.fleet.plugins.module_utils._egress import egress_text
from ansible_collections.cowork3p.fleet.plugins.module_utils._releases import source_problems
from ansible_collections.cowork3p.fleet.plugins.module_utils import _sign
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _templating as templating

# One file to write: fmt (the format that asked for it), name (file name), data (bytes), secret (True when the
# file carries the document's values).
Output = namedtuple("Output", ["fmt", "name", "data", "secret"])

# What check_inputs found: the formats to write, the loaded signer, the bootstrap subset, every Problem (validation
# and bootstrap), and the error and warning texts to show.
Plan = namedtuple("Plan", ["formats", "signer", "bootstrap", "problems", "errors", "warnings"])

SIGNING_OPTIONS = ("signing_cert", "signing_key", "signing_pkcs12", "signing_key_passphrase", "signing_chain")
ADMX_CLASSES = ("machine", "user", "both")


class ArtifactError(Exception):
    """Problems that stop the run; texts are safe to show (no secret)."""

    def __init__(self, texts, problems=()):
        super().__init__("\n".join(texts))
        self.texts = list(texts)
        self.problems = list(problems)


def catalog_module(fmt):
    """The module_utils module producing a catalog-wide format, or None when this build lacks it."""
    module = _formats.FORMATS[fmt].producer[1]
    try:
        return importlib.import_module("ansible_collections.cowork3p.fleet.plugins.module_utils." + module)
    except ImportError:
        return None


def select(names):
    """(formats, errors, warnings) for the formats option: 'all' expanded, unknown names and missing
    catalog producers reported (an explicit request is an error, 'all' only warns)."""
    formats, unknown = _formats.expand(names)
    errors = [_formats.unknown_text(unknown)] if unknown else []
    explicit = set(names or ())
    warnings, kept = [], []
    for fmt in formats:
        if _formats.FORMATS[fmt].scope == "catalog" and catalog_module(fmt) is None:
            text = "format %s needs plugins/module_utils/%s.py, which this build of the collection lacks" % (
                fmt, _formats.FORMATS[fmt].producer[1])
            (errors if fmt in explicit else warnings).append(text if fmt in explicit else text + "; skipped")
            continue
        kept.append(fmt)
    return kept, errors, warnings


def prepare_signer(signing, now=None):
    """(certificate, key, chain) from the signing options, or ArtifactError naming each problem."""
    signing = signing or {}
    try:
        cert, key, chain = _sign.load_signer(cert=signing.get("signing_cert"), key=signing.get("signing_key"),
                                             pkcs12=signing.get("signing_pkcs12"),
                                             passphrase=signing.get("signing_key_passphrase"),
                                             chain=signing.get("signing_chain"))
    except _sign.SigningError as exc:
        raise ArtifactError(["signed_mobileconfig: %s" % exc])
    except ImportError:
        raise ArtifactError(["signed_mobileconfig: signing needs the Python package cryptography on the controller"])
    problems = _sign.check_signer(cert, key, now=now)
    if problems:
        raise ArtifactError(["signed_mobileconfig: %s" % text for text in problems])
    return cert, key, chain


def _reusable_signature(old, unsigned, cert, chain):
    """True when an existing signed file already holds exactly these bytes, signed by this certificate and chain
    (a new signature would differ only in its signing time)."""
    if not old:
        return False
    try:
        parsed = _sign.parse_signed(old)
        content, _signer = _sign.unwrap(old)
    except (_sign.SignatureError, ValueError, IndexError):
        return False
    from cryptography.hazmat.primitives import serialization   # pylint: disable=import-outside-toplevel
    wanted = [c.public_bytes(serialization.Encoding.DER) for c in [cert] + list(chain)]
    return content == unsigned and sorted(parsed["certificates"]) == sorted(wanted)


def bootstrap_check(settings, bootstrap_url=None):
    """(subset, problems) of the bootstrap file; ArtifactError when the document cannot be served as is."""
    subset, problems = bootstrap_settings(settings, bootstrap_url=bootstrap_url)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise ArtifactError(["bootstrap_json: " + p.text for p in errors], problems)
    return subset, problems


def check_inputs(report, names, signing=None, bootstrap_url=None, desktop_version=None, now=None):
    """Everything that must hold before a file is written, for a validation report and the formats asked for.

    The formats and the signing inputs are checked whether or not the settings are valid (every problem at
    once); the bootstrap rules need valid settings. desktop_version (the oldest release the fleet runs): keys of
    the bootstrap file that release does not read from a bootstrap response warn (the report judged the document
    as MDM delivers it).
    """
    problems = list(report.problems)
    errors = [p.text for p in report.errors]
    warnings = report.warning_texts()
    formats, format_errors, format_warnings = select(names)
    errors.extend(format_errors)
    warnings.extend(format_warnings)
    signing = signing or {}
    signer = bootstrap = None
    given = [name for name in SIGNING_OPTIONS if signing.get(name) is not None]
    if "signed_mobileconfig" in formats:
        try:
            signer = prepare_signer(signing)
        except ArtifactError as exc:
            errors.extend(exc.texts)
    elif given:
        warnings.append("%s given, but formats has no signed_mobileconfig; nothing is signed" % ", ".join(given))
    if "bootstrap_json" in formats and not report.errors:
        try:
            bootstrap, found = bootstrap_check(report.settings, bootstrap_url=bootstrap_url)
        except ArtifactError as exc:
            errors.extend(exc.texts)
            found = exc.problems
        if bootstrap:
            found = list(found) + source_problems(bootstrap, "bootstrap", desktop_version, now)
        problems.extend(found)
        warnings.extend("bootstrap_json: " + p.text for p in found if p.level != "error")
    if "admx" in formats and not report.errors and report.settings:
        warnings.extend(_intune_left_out(report.settings))
    return Plan(formats, signer, bootstrap, problems, errors, warnings)


def _intune_left_out(settings):
    """Warnings for the keys the Intune file leaves out (the ADMX template has no policy for them)."""
    module = catalog_module("admx")
    if module is None:
        return []
    return ["admx: %s is left out of the Intune OMA-URI file (%s); the .reg, the profile and the Linux file "
            "still carry it" % (key, reason) for key, reason in module.not_in_template(settings)]


def build(formats, settings, basename, template_dir=None, profile=None, admx_class="machine", signer=None,
          bootstrap=None, existing=None):
    """[Output] for *normalised*, valid settings.

    profile: the template options (identifier, display_name, organization, description, scope, hive).
    signer: prepare_signer's result (needed for signed_mobileconfig).
    bootstrap: bootstrap_check's subset (needed for bootstrap_json).
    existing: a function file name -> bytes of the file already there, or None (keeps a valid signature).
    """
    profile = profile or {}
    want = set(formats)
    strings = templating.shared_strings(settings, template_dir)
    texts = templating.render_texts([f for f in templating.FORMATS if f in want
                                     or (f == "mobileconfig" and "signed_mobileconfig" in want)],
                                    settings, template_dir=template_dir, strings=strings, **profile)
    outputs, errors = [], []
    for fmt in formats:
        try:
            outputs.extend(_produce(fmt, settings, basename, texts, admx_class, signer, bootstrap, template_dir,
                                    existing))
        except ValueError as exc:     # a producer that cannot carry this document says why
            errors.append("%s: %s" % (fmt, exc))
    if errors:
        raise ArtifactError(errors)
    return outputs


def _produce(fmt, settings, basename, texts, admx_class, signer, bootstrap, template_dir, existing):
    """[Output] of one format."""
    spec = _formats.FORMATS[fmt]
    name = _formats.file_name(fmt, basename)
    if fmt in texts:
        return [Output(fmt, name, templating.to_bytes(fmt, texts[fmt]), True)]
    if fmt == "signed_mobileconfig":
        unsigned = templating.to_bytes("mobileconfig", texts["mobileconfig"])
        cert, key, chain = signer
        old = existing(name) if existing else None
        if _reusable_signature(old, unsigned, cert, chain):
            return [Output(fmt, name, old, True)]
        return [Output(fmt, name, _sign.sign_profile(unsigned, cert, key, chain), True)]
    if fmt == "bootstrap_json":
        text = templating.render_text("json", bootstrap, template_dir=template_dir)
        return [Output(fmt, name, text.encode("utf-8"), True)]
    if fmt == "egress":
        return [Output(fmt, name, egress_text(settings), False)]
    module = catalog_module(fmt)
    if fmt == "admx":
        out = [Output(fmt, name, module.admx_zip(admx_class=admx_class), False)]
        for pattern, when in spec.extra:
            if when == "settings":
                out.append(Output(fmt, pattern.format(basename=basename),
                                  module.intune_oma(settings, admx_class=admx_class), True))
        return out
    if fmt == "jamf_schema":
        return [Output(fmt, name, module.jamf_schema(), False)]
    if fmt == "profile_manifest":
        return [Output(fmt, name, module.profile_manifest(), False)]
    raise ArtifactError(["format %s has no producer" % fmt])   # pragma: no cover - the table's formats are above
