#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read a delivered settings file back with independent, strict parsers (test helper, runs on the host).

Usage: readback.py PATH FORMAT   (FORMAT: json | plist | mobileconfig)
Prints one JSON object: exists, file and dir (type, uid, gid, mode), doc (parsed mapping) or error.
"""

import json
import os
import plistlib
import stat
import sys


def describe(path):
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    kind = "link" if stat.S_ISLNK(st.st_mode) else "dir" if stat.S_ISDIR(st.st_mode) else \
        "file" if stat.S_ISREG(st.st_mode) else "other"
    return {"type": kind, "uid": st.st_uid, "gid": st.st_gid, "mode": "%04o" % stat.S_IMODE(st.st_mode)}


def strict_pairs(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise ValueError("duplicate key %s" % key)
        out[key] = value
    return out


def no_constants(name):
    raise ValueError("constant %s" % name)


def main():
    path, fmt = sys.argv[1], sys.argv[2]
    result = {"path": path, "file": describe(path), "dir": describe(os.path.dirname(path)), "doc": None, "error": None}
    result["exists"] = result["file"] is not None
    if result["exists"] and result["file"]["type"] == "file":
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            if fmt == "json":
                result["doc"] = json.loads(data.decode("utf-8"), object_pairs_hook=strict_pairs, parse_constant=no_constants)
            elif fmt == "plist":
                result["doc"] = plistlib.loads(data, fmt=plistlib.FMT_XML)
            else:
                result["doc"] = plistlib.loads(data, fmt=plistlib.FMT_XML)
            result["trailing_newline"] = data.endswith(b"\n")
        except Exception as exc:  # pylint: disable=broad-except
            result["error"] = "%s: %s" % (type(exc).__name__, exc)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
