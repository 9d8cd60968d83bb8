# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Group Policy template (ADMX + en-US ADML) and Intune OMA-URI settings, generated from the key catalog.

Every policy writes one REG_SZ value named exactly as the key directly under Software\\Policies\\Claude
(reference section 2: subkeys, REG_MULTI_SZ and REG_EXPAND_SZ are invisible to the app), so the template
never uses list, multiText or expandable text. Booleans are boolean elements writing the strings
true/false, integers decimal elements stored as text, enums enum elements of the allowed strings, and
everything else (URLs, paths, JSON arrays and objects) a text element.

The template is catalog-wide: it is built once per process and cached. intune_oma() adds one document's
values, encoded by _encode exactly as the registry carries them.
"""

from __future__ import annotations

import functools
import io
import json
import re
import zipfile
import xml.etree.ElementTree as ET

from ansible_collections.cowork3p.fleet.plugins.module_utils import _mdm_keys as mdm
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import encode_string
from ansible_collections.cowork3p.fleet.plugins.module_utils._render import POLICY_SUBKEY
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import parse_version

ADMX_NAMESPACE = "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"
# Stable identity of the template: a re-generated file replaces the old one instead of clashing with it.
TARGET_PREFIX = "claude"
TARGET_NAMESPACE = "cowork3p.fleet.Policies.Claude"
ROOT_CATEGORY = "Claude"
DEPRECATED_CATEGORY = "Claude_deprecated"
REVISION = "1.0"
SCHEMA_VERSION = "1.0"
POLICY_KEY = POLICY_SUBKEY          # the key the .reg and registry renderers write
ADMX_PATH = "PolicyDefinitions/Claude.admx"
ADML_PATH = "PolicyDefinitions/en-US/Claude.adml"

# Text limits where the catalog sets none (said in every explanation that uses them).
TEXT_MAX_LENGTH = 4096
JSON_MAX_LENGTH = 65535
NUMBER_MAX_LENGTH = 64
# decimal elements hold an xs:unsignedInt
DECIMAL_MAX = 4294967295

CLASSES = {"machine": "Machine", "user": "User", "both": "Both"}

# Intune ADMX ingestion (Policy CSP): ./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/<app>/Policy/<file>
# installs the template; ./<Device|User>/Vendor/MSFT/Policy/Config/<app>~Policy~<category path>/<policy> sets a policy.
INTUNE_APP = "Claude"
INTUNE_FILE_ID = "ClaudeAdmx"
OMA_STRING = "#microsoft.graph.omaSettingString"
INSTALL_OMA_URI = "./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/%s/Policy/%s" % (INTUNE_APP, INTUNE_FILE_ID)

# 1980-01-01 is the earliest time a zip entry can hold: no clock in the archive
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ID_SAFE = re.compile(r"[^A-Za-z0-9_]")
_DIGITS = re.compile(r"^[0-9]+$")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _check_class(admx_class: str) -> str:
    if admx_class not in CLASSES:
        raise ValueError("admx_class must be one of %s, not %r" % (", ".join(CLASSES), admx_class))
    return CLASSES[admx_class]


def _category_name(section: str) -> str:
    return "Claude_" + _ID_SAFE.sub("_", section)


def _element_kind(entry: dict) -> str:
    """boolean | decimal | enum | text: the ADMX element that writes the key's value as REG_SZ."""
    kind = entry["type"]
    strict = mdm.is_strict(entry)
    if kind == "boolean":
        return "boolean"
    if kind == "integer" and strict:
        low, high = mdm.integer_range(entry)
        if low is not None and 0 <= low and (high is None or high <= DECIMAL_MAX):
            return "decimal"
    if kind == "enum" and strict and entry["allowed_strict"] and entry["allowed"]:
        return "enum"
    return "text"


def _max_length(entry: dict) -> int:
    if entry["rules"].get("max_length"):
        return entry["rules"]["max_length"]
    if entry["type"] in mdm.JSON_TYPES:
        return JSON_MAX_LENGTH
    if entry["type"] in ("integer", "number"):
        return NUMBER_MAX_LENGTH
    return TEXT_MAX_LENGTH


def _item_ids(entry: dict) -> list:
    """String ids of an enum's items: readable, unique within the key."""
    ids, seen = [], set()
    for index, value in enumerate(entry["allowed"]):
        item_id = "%s_Item_%s" % (entry["name"], _ID_SAFE.sub("_", value))
        if item_id in seen:
            item_id = "%s_Item%d" % (entry["name"], index)
        seen.add(item_id)
        ids.append(item_id)
    return ids


def _supported_name(since: str | None) -> str:
    return "SUPPORTED_Claude" + ("_" + _ID_SAFE.sub("_", since) if since else "")


@functools.lru_cache(maxsize=None)
def policy_specs() -> tuple:
    """One spec per policy, in catalog order: the facts both files and intune_oma() use.

    Each spec: name, entry, element (boolean | decimal | enum | text), min / max (decimal), max_length (text),
    items (enum values), categories (category names from the top, the last one holding the policy).
    """
    specs = []
    for entry in mdm.mdm_entries():
        element = _element_kind(entry)
        if entry["deprecated"]:
            categories = (ROOT_CATEGORY, DEPRECATED_CATEGORY)
        else:
            categories = (ROOT_CATEGORY,) + tuple(_category_name(s) for s in mdm.section_chain(entry["section"]))
        low, high = mdm.integer_range(entry)
        specs.append({
            "name": entry["name"],
            "entry": entry,
            "element": element,
            "min": low if element == "decimal" else None,
            "max": (DECIMAL_MAX if high is None else high) if element == "decimal" else None,
            "max_length": _max_length(entry) if element == "text" else None,
            "items": tuple(entry["allowed"]) if element == "enum" else (),
            "categories": categories,
        })
    return tuple(specs)


def _categories() -> list:
    """[(name, display text, parent name or None)] parents first, in the order the keys first use them."""
    out, seen = [(ROOT_CATEGORY, "Claude Desktop", None)], {ROOT_CATEGORY}
    for spec in policy_specs():
        if spec["entry"]["deprecated"]:
            continue
        parent = ROOT_CATEGORY
        for section in mdm.section_chain(spec["entry"]["section"]):
            name = _category_name(section)
            if name not in seen:
                seen.add(name)
                out.append((name, mdm.section_title(section), parent))
            parent = name
    if any(spec["entry"]["deprecated"] for spec in policy_specs()):
        out.append((DEPRECATED_CATEGORY, "Deprecated settings", ROOT_CATEGORY))
    return out


def _releases() -> list:
    """The distinct 'since' releases of the policies, oldest first (None = every release)."""
    found = {mdm.since_of(spec["entry"]) for spec in policy_specs()}
    return sorted(found, key=lambda r: (r is not None, parse_version(r) if r else ()))


def _sub(parent, tag: str, attrib: dict | None = None, text: str | None = None):
    element = ET.SubElement(parent, tag, attrib or {})
    if text is not None:
        element.text = text
    return element


def _indent(element, level: int = 0) -> None:
    """Pretty-print in place (two spaces a level) without ET.indent, which older Pythons lack."""
    pad = "\n" + "  " * level
    if len(element):
        if not element.text or not element.text.strip():
            element.text = pad + "  "
        for child in element:
            _indent(child, level + 1)
        last = element[-1]
        last.tail = pad
        for child in element[:-1]:
            if not child.tail or not child.tail.strip():
                child.tail = pad + "  "
    if level == 0:
        element.tail = None


def _document(root) -> bytes:
    _indent(root)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def _boolean(elements, name: str) -> None:
    boolean = _sub(elements, "boolean", {"id": name, "valueName": name})
    _sub(_sub(boolean, "trueValue"), "string", text="true")
    _sub(_sub(boolean, "falseValue"), "string", text="false")


def _policy_elements(policy, spec: dict) -> None:
    name = spec["name"]
    elements = _sub(policy, "elements")
    if spec["element"] == "boolean":
        _boolean(elements, name)
    elif spec["element"] == "decimal":
        _sub(elements, "decimal", {"id": name, "valueName": name, "required": "true", "minValue": str(spec["min"]),
                                   "maxValue": str(spec["max"]), "storeAsText": "true"})
    elif spec["element"] == "enum":
        enum = _sub(elements, "enum", {"id": name, "valueName": name, "required": "true"})
        for item_id, value in zip(_item_ids(spec["entry"]), spec["items"]):
            item = _sub(enum, "item", {"displayName": "$(string.%s)" % item_id})
            _sub(_sub(item, "value"), "string", text=value)
    else:
        _sub(elements, "text", {"id": name, "valueName": name, "maxLength": str(spec["max_length"])})


@functools.lru_cache(maxsize=None)
def admx_text(admx_class: str = "machine") -> bytes:
    """The .admx file (UTF-8)."""
    policy_class = _check_class(admx_class)
    root = ET.Element("policyDefinitions", {"xmlns": ADMX_NAMESPACE, "revision": REVISION,
                                            "schemaVersion": SCHEMA_VERSION})
    namespaces = _sub(root, "policyNamespaces")
    _sub(namespaces, "target", {"prefix": TARGET_PREFIX, "namespace": TARGET_NAMESPACE})
    _sub(root, "resources", {"minRequiredRevision": REVISION})
    definitions = _sub(_sub(root, "supportedOn"), "definitions")
    for release in _releases():
        _sub(definitions, "definition", {"name": _supported_name(release),
                                         "displayName": "$(string.%s)" % _supported_name(release)})
    categories = _sub(root, "categories")
    for name, _title, parent in _categories():
        category = _sub(categories, "category", {"name": name, "displayName": "$(string.%s)" % name,
                                                 "explainText": "$(string.%s_Explain)" % name})
        if parent:
            _sub(category, "parentCategory", {"ref": parent})
    policies = _sub(root, "policies")
    for spec in policy_specs():
        name = spec["name"]
        policy = _sub(policies, "policy", {
            "name": name, "class": policy_class, "displayName": "$(string.%s)" % name,
            "explainText": "$(string.%s_Explain)" % name, "presentation": "$(presentation.%s)" % name,
            "key": POLICY_KEY})
        _sub(policy, "parentCategory", {"ref": spec["categories"][-1]})
        _sub(policy, "supportedOn", {"ref": _supported_name(mdm.since_of(spec["entry"]))})
        _policy_elements(policy, spec)
    return _document(root)


def _explanation(spec: dict, policy_class: str) -> str:
    entry = spec["entry"]
    text = mdm.describe(entry, spec["max_length"])    # the template's text limit where the catalog sets none
    hives = {"Machine": "HKLM", "User": "HKCU", "Both": "HKLM (computer policy) or HKCU (user policy)"}[policy_class]
    text += ("\n\nEnabled: writes the REG_SZ value %s directly under %s in %s. Disabled or Not configured: the value "
             "is removed and the app's own default applies." % (entry["name"], POLICY_KEY, hives))
    if policy_class == "Both":
        text += (" Configure the whole Claude template in one hive only: since Desktop 1.19367.0 any value under "
                 "HKLM makes the app ignore HKCU.")
    return text


def _presentation(table, spec: dict) -> None:
    name, entry = spec["name"], spec["entry"]
    presentation = _sub(table, "presentation", {"id": name})
    default = entry["default"]
    if spec["element"] == "boolean":
        attrib = {"refId": name}
        if default is True:
            attrib["defaultChecked"] = "true"
        _sub(presentation, "checkBox", attrib, text="%s (checked = true, unchecked = false)" % name)
    elif spec["element"] == "decimal":
        start = default if isinstance(default, int) and spec["min"] <= default <= spec["max"] else spec["min"]
        _sub(presentation, "decimalTextBox", {"refId": name, "defaultValue": str(start)}, text=name)
    elif spec["element"] == "enum":
        attrib = {"refId": name, "noSort": "true"}
        if default in spec["items"]:
            attrib["defaultItem"] = str(spec["items"].index(default))
        _sub(presentation, "dropdownList", attrib, text=name)
    else:
        box = _sub(presentation, "textBox", {"refId": name})
        _sub(box, "label", text=name)


@functools.lru_cache(maxsize=None)
def adml_text(admx_class: str = "machine") -> bytes:
    """The en-US .adml file (UTF-8): every string and presentation the .admx refers to."""
    policy_class = _check_class(admx_class)
    root = ET.Element("policyDefinitionResources", {"xmlns": ADMX_NAMESPACE, "revision": REVISION,
                                                    "schemaVersion": SCHEMA_VERSION})
    _sub(root, "displayName", text="Claude Desktop")
    _sub(root, "description", text="Managed settings of Claude Desktop (third-party inference), generated by "
                                   "cowork3p.fleet from its key catalog.")
    resources = _sub(root, "resources")
    strings = _sub(resources, "stringTable")
    for release in _releases():
        _sub(strings, "string", {"id": _supported_name(release)},
             text="Claude Desktop %s or later" % release if release else "Claude Desktop (every release)")
    for name, title, _parent in _categories():
        _sub(strings, "string", {"id": name}, text=title)
        explain = ("Settings Claude Desktop reads from %s (one REG_SZ value per key)." % POLICY_KEY
                   if name == ROOT_CATEGORY else
                   "Keys the catalog marks deprecated; each explanation names the replacement."
                   if name == DEPRECATED_CATEGORY else title + ".")
        _sub(strings, "string", {"id": name + "_Explain"}, text=explain)
    for spec in policy_specs():
        _sub(strings, "string", {"id": spec["name"]}, text=spec["name"])
        _sub(strings, "string", {"id": spec["name"] + "_Explain"}, text=_explanation(spec, policy_class))
        if spec["element"] == "enum":
            for item_id, value in zip(_item_ids(spec["entry"]), spec["items"]):
                _sub(strings, "string", {"id": item_id}, text=value)
    table = _sub(resources, "presentationTable")
    for spec in policy_specs():
        _presentation(table, spec)
    return _document(root)


def admx_files(admx_class: str = "machine") -> dict[str, bytes]:
    """{"PolicyDefinitions/Claude.admx": bytes, "PolicyDefinitions/en-US/Claude.adml": bytes}.

    admx_class: machine (HKLM, what fleets use), user (HKCU) or both.
    """
    return {ADMX_PATH: admx_text(admx_class), ADML_PATH: adml_text(admx_class)}


@functools.lru_cache(maxsize=None)
def admx_zip(admx_class: str = "machine") -> bytes:
    """A deterministic zip of admx_files(): fixed order, timestamps and permissions, stored uncompressed
    (deflate output may differ between zlib builds, stored bytes do not)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path, data in admx_files(admx_class).items():
            info = zipfile.ZipInfo(path, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3                   # Unix, so the permissions below are read
            info.external_attr = (0o100644 << 16)    # regular file, rw-r--r--
            archive.writestr(info, data)
    return buffer.getvalue()


def _attr(value: str) -> str:
    """XML attribute text in double quotes: &, <, >, " and the whitespace that attribute parsing would fold."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;"))


def _area(spec: dict) -> str:
    return "~".join((INTUNE_APP, "Policy") + spec["categories"])


def policy_oma_uri(name: str, admx_class: str = "machine") -> str:
    """The OMA-URI that configures the policy of one key (User class: ./User, otherwise ./Device)."""
    _check_class(admx_class)
    spec = _specs_by_name().get(name)
    if spec is None:
        raise ValueError("%s is not in the ADMX template" % name)
    scope = "./User" if admx_class == "user" else "./Device"
    return "%s/Vendor/MSFT/Policy/Config/%s/%s" % (scope, _area(spec), name)


@functools.lru_cache(maxsize=None)
def _specs_by_name() -> dict:
    return {spec["name"]: spec for spec in policy_specs()}


def _value_problem(spec: dict, text: str) -> str | None:
    """Why an encoded value cannot go through the policy's element (None when it can)."""
    if _XML_FORBIDDEN.search(text):
        return "the value holds a control character that XML cannot carry"
    if spec["element"] == "boolean" and text not in ("true", "false"):
        return "the boolean element takes true or false"
    if spec["element"] == "decimal":
        if not _DIGITS.match(text) or not spec["min"] <= int(text) <= spec["max"]:
            return "the decimal element takes a whole number from %d to %d" % (spec["min"], spec["max"])
    if spec["element"] == "enum" and text not in spec["items"]:
        return "the value %r is not one of the template's choices (%s)" % (text, ", ".join(spec["items"]))
    if spec["element"] == "text" and len(text) > spec["max_length"]:
        return "the value is %d characters long; the template allows at most %d" % (len(text), spec["max_length"])
    return None


def not_in_template(settings: dict) -> list[tuple[str, str]]:
    """[(key, reason)] for the keys of a document that the ADMX template has no policy for.

    intune_oma leaves them out (with the reason as a warning at the render action); the .reg, the profile
    and the Linux file still carry them.
    """
    reasons = dict(mdm.left_out())
    specs = _specs_by_name()
    return [(key, "not in the ADMX template: %s" % reasons.get(key, "not a catalog key"))
            for key in sorted(settings) if key not in specs]


def unsupported(settings: dict) -> list[tuple[str, str]]:
    """[(key, reason)] for the values of a normalised document that their policy's element cannot carry."""
    problems = []
    specs = _specs_by_name()
    for key in sorted(settings):
        spec = specs.get(key)
        if spec is not None:
            problem = _value_problem(spec, encode_string(settings[key]))
            if problem:
                problems.append((key, problem))
    return problems


def intune_oma(settings: dict, admx_class: str = "machine") -> bytes:
    """The <basename>.intune.json content for a validated, normalised settings document.

    A JSON array shaped as the omaSettings of a Graph windows10CustomConfiguration: first the entry that
    installs the ADMX (ADMX ingestion), then one <enabled/><data id=... value=.../> entry per key the
    document sets, the value encoded exactly as the registry carries it. Keys the template has no policy
    for (not_in_template) are left out. Raises ValueError naming every value its policy cannot carry
    (nothing is returned then).
    """
    _check_class(admx_class)
    problems = unsupported(settings)
    if problems:
        raise ValueError("the settings cannot be written as Intune OMA-URI settings of the ADMX template:\n"
                         + "\n".join("- %s: %s" % problem for problem in problems))
    entries = [{
        "@odata.type": OMA_STRING,
        "displayName": "Claude Desktop ADMX template (%s)" % ADMX_PATH,
        "omaUri": INSTALL_OMA_URI,
        "value": admx_text(admx_class).decode("utf-8"),
    }]
    skipped = {key for key, _reason in not_in_template(settings)}
    for key in sorted(settings):
        if key in skipped:
            continue
        entries.append({
            "@odata.type": OMA_STRING,
            "displayName": "Claude Desktop: %s" % key,
            "omaUri": policy_oma_uri(key, admx_class),
            "value": '<enabled/><data id="%s" value="%s"/>' % (key, _attr(encode_string(settings[key]))),
        })
    return (json.dumps(entries, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
