# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read rendered artifacts back with the standard library's parsers (plistlib, json, the UTF-16 codec), not with
the collection's importers, and print what they hold as JSON for the play to assert on.

Usage: python read_artifacts.py DIRECTORY
"""

from __future__ import annotations

import json
import os
import plistlib
import sys


def read(path):
    with open(path, "rb") as handle:
        data = handle.read()
    name = os.path.basename(path)
    if name.endswith(".mobileconfig"):
        profile = plistlib.loads(data)
        payloads = profile.pop("PayloadContent")
        return {"profile": profile, "payloads": payloads}
    if name.endswith(".plist"):
        return {"settings": plistlib.loads(data)}
    if name.endswith(".reg"):
        text = data[2:].decode("utf-16-le")
        return {"bom": data[:2] == b"\xff\xfe", "crlf_only": "\n" not in text.replace("\r\n", ""),
                "lines": text.split("\r\n")}
    if name.endswith(".json"):
        return {"settings": json.loads(data.decode("utf-8"))}
    return {"size": len(data)}


def main(folder):
    found = {name: read(os.path.join(folder, name)) for name in sorted(os.listdir(folder))}
    json.dump(found, sys.stdout, sort_keys=True, default=str)


if __name__ == "__main__":
    main(sys.argv[1])
