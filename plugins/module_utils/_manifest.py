# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile Manifest (the ProfileManifests format of ProfileCreator, iMazing Profile Editor and Jamf) for
com.anthropic.claudefordesktop, generated from the key catalog.

Every key is pfm_type string, because the app reads every value of its payload as one string (reference
section 2): booleans offer "true"/"false" through pfm_range_list, integers carry a digits pfm_format.
pfm_version and pfm_last_modified come from the catalog (its newest release and reference date), never
from the clock, so the same catalog always gives the same bytes. Built once per process.
"""

from __future__ import annotations

import datetime
import functools
import plistlib

from ansible_collections.cowork3p.fleet.plugins.module_utils import _jamf as jamf
from ansible_collections.cowork3p.fleet.plugins.module_utils import _mdm_keys as mdm
from ansible_collections.cowork3p.fleet.plugins.module_utils._catalog import REFERENCE_DATE
from ansible_collections.cowork3p.fleet.plugins.module_utils._render import (
    DEFAULT_DESCRIPTION, DEFAULT_DISPLAY_NAME, DEFAULT_IDENTIFIER, PAYLOAD_TYPE)
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import parse_version

DOCUMENTATION_URL = "https://claude.com/docs/third-party/claude-desktop/configuration"
PLATFORMS = ("macOS",)
# both Managed Preferences locations are read: the machine one and the per-user one (reference 1.1)
TARGETS = ("system", "user")
UUID_FORMAT = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"


def manifest_version() -> int:
    """pfm_version: the catalog's newest release as one integer (2.7032.0 -> 2007032000), so a manifest from
    a newer catalog wins over an older one (ProfileCreator keeps the highest pfm_version of a domain)."""
    major, minor, patch = (tuple(parse_version(mdm.newest_release())) + (0, 0, 0))[:3]
    return major * 1000000000 + minor * 1000 + patch


def last_modified() -> datetime.datetime:
    """pfm_last_modified: the catalog's reference date (naive UTC, as plistlib writes dates)."""
    return datetime.datetime.strptime(REFERENCE_DATE, "%Y-%m-%dT%H:%M:%SZ")


def _payload_keys() -> list:
    def key(name, title, description, default=None, kind="string", **extra):
        item = {"pfm_name": name, "pfm_title": title, "pfm_description": description, "pfm_type": kind}
        if default is not None:
            item["pfm_default"] = default
        item.update(extra)
        return item

    return [
        key("PayloadDescription", "Payload Description", "Description of the payload.", DEFAULT_DESCRIPTION),
        key("PayloadDisplayName", "Payload Display Name", "Name of the payload.", DEFAULT_DISPLAY_NAME,
            pfm_require="always"),
        key("PayloadIdentifier", "Payload Identifier", "Unique identifier of the payload, reverse-DNS style.",
            DEFAULT_IDENTIFIER + ".settings", pfm_require="always"),
        key("PayloadType", "Payload Type", "The preference domain the settings are written to.", PAYLOAD_TYPE,
            pfm_require="always"),
        key("PayloadUUID", "Payload UUID", "Unique identifier of the payload (a UUID).", "",
            pfm_format=UUID_FORMAT, pfm_require="always"),
        key("PayloadVersion", "Payload Version", "Version of the payload.", 1, kind="integer", pfm_require="always"),
        key("PayloadOrganization", "Payload Organization", "Organization that provides the payload."),
    ]


def _subkey(entry: dict) -> dict:
    item = {
        "pfm_name": entry["name"],
        "pfm_title": entry["name"],
        "pfm_description": mdm.describe(entry),
        "pfm_type": "string",
    }
    constraints = jamf.string_constraints(entry)
    if "enum" in constraints:
        item["pfm_range_list"] = list(constraints["enum"])
        if entry["type"] == "boolean":
            item["pfm_range_list_titles"] = list(jamf.BOOLEAN_TITLES)
    if "pattern" in constraints:
        item["pfm_format"] = constraints["pattern"]
    if mdm.since_of(entry):
        item["pfm_app_min"] = mdm.since_of(entry)
    return item


@functools.lru_cache(maxsize=None)
def manifest() -> dict:
    """The manifest as a dict (treat it as read-only)."""
    return {
        "pfm_description": "Managed settings of Claude Desktop (third-party inference). Every value is a string: "
                           "true/false, digits, or compact JSON for array and object keys.",
        "pfm_documentation_url": DOCUMENTATION_URL,
        "pfm_domain": PAYLOAD_TYPE,
        "pfm_format_version": 1,
        "pfm_last_modified": last_modified(),
        "pfm_platforms": list(PLATFORMS),
        "pfm_subkeys": _payload_keys() + [_subkey(entry) for entry in mdm.mdm_entries()],
        "pfm_targets": list(TARGETS),
        "pfm_title": "Claude Desktop",
        "pfm_unique": True,
        "pfm_version": manifest_version(),
    }


@functools.lru_cache(maxsize=None)
def profile_manifest() -> bytes:
    """The <basename>.manifest.plist content: an XML plist, keys sorted."""
    return plistlib.dumps(manifest(), fmt=plistlib.FMT_XML, sort_keys=True)
