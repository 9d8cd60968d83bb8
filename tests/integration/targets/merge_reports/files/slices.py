# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the reports of a sliced run (three audit slices, two deploy slices) and the report a single run over the
same hosts would have written, for runme.sh to merge and compare.

Usage: python slices.py DIRECTORY
"""

from __future__ import annotations

import json
import os
import sys

STATUSES = ("compliant", "missing", "drifted", "rejected", "unreadable", "unreachable")   # _audit.STATUSES
FLEET = {"h1": "compliant", "h2": "drifted", "h3": "compliant", "h4": "missing", "h5": "unreachable",
         "h6": "compliant", "h7": "compliant", "h8": "drifted", "h9": "compliant"}


def _file(status):
    drift = {"changed": ["inferenceModels"], "missing": [], "unexpected": []} if status == "drifted" else {}
    values = {"inferenceModels": {"actual": ["a"], "desired": ["b"]}} if status == "drifted" else {}
    return {"path": "/etc/claude-desktop/managed-settings.json", "status": status, "problems": ["not there"],
            "drift": drift, "values": values}


def _audit(generated, statuses):
    counts = {status: 0 for status in STATUSES}
    for status in statuses.values():
        counts[status] += 1
    hosts = {host: {"status": status, "os": "linux", "delivery": "managed_file", "error": "",
                    "files": [] if status in ("compliant", "unreachable") else [_file(status)]}
             for host, status in statuses.items()}
    return {"generated": generated, "counts": counts, "hosts": hosts}


def _deploy(**lists):
    out = {"check_mode": False, "stopped": "", "changed": [], "unchanged": [], "failed": [], "unreachable": [],
           "not_attempted": [], "restart_required": 0, "approval_pending": 0, "errors": {}}
    out.update(lists)
    return out


def _write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)


def main(folder):
    for i, hosts in enumerate((["h1", "h4", "h7"], ["h2", "h5", "h8"], ["h3", "h6", "h9"])):
        _write(os.path.join(folder, "slice%d" % (i + 1), "report.json"),
               _audit("2026-12-07T20:00:0%dZ" % i, {h: FLEET[h] for h in hosts}))
    _write(os.path.join(folder, "expected-audit.json"), _audit("2026-12-07T20:00:02Z", FLEET))
    _write(os.path.join(folder, "deploy1.json"), _deploy(changed=["h4", "h1"], restart_required=2))
    _write(os.path.join(folder, "deploy2.json"), _deploy(unchanged=["h2"], failed=["h5"], errors={"h5": "boom"},
                                                         stopped="1 host(s) failed or were unreachable"))
    _write(os.path.join(folder, "expected-deploy.json"), _deploy(
        changed=["h1", "h4"], unchanged=["h2"], failed=["h5"], errors={"h5": "boom"}, restart_required=2,
        stopped="slice 2: 1 host(s) failed or were unreachable"))


if __name__ == "__main__":
    main(sys.argv[1])
