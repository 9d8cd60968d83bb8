# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/audit.yml over controller-local hosts (no SSH lab): one batch where every host ends differently.

l1 holds its settings (compliant), l2 garbage (drifted: cannot be decoded), l3 sets a file mode as a number, so its
plan fails and the playbook's rescue records it (unreadable, naming the task), l4 cannot be reached (its OS is
unknown, so the fact gathering is what fails). One run_once pass judges the batch; the audit writes nothing on the
hosts and never shows the API key.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from cowork3p_lab import ROOT, not_here

SECRET = "sk-cowork3p-LOCAL-AUDIT-do-not-leak"
SETTINGS = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gateway.example.test",
            "inferenceGatewayApiKey": SECRET, "disableAutoUpdates": True}


def test_one_batch_with_every_outcome(tmp_path):
    if not shutil.which("ansible-playbook") or not os.environ.get("ANSIBLE_COLLECTIONS_PATH") or os.geteuid() != 0:
        not_here("needs ansible-playbook, ANSIBLE_COLLECTIONS_PATH and root (the app's rules want root-owned files)")
    local = {"ansible_connection": "local", "ansible_python_interpreter": sys.executable, "cowork3p_os": "linux"}
    hosts = {}
    for name, content in (("l1", json.dumps(SETTINGS)), ("l2", "{not json"), ("l3", None)):
        folder = tmp_path / name
        folder.mkdir(mode=0o755)
        os.chmod(folder, 0o755)
        path = folder / "managed-settings.json"
        if content is not None:
            path.write_text(content)
            os.chmod(path, 0o644)
        hosts[name] = dict(local, cowork3p_linux_path=str(path))
    hosts["l3"]["cowork3p_linux_mode"] = 420   # an unquoted 0644: the plan refuses it
    hosts["l4"] = {"ansible_host": "127.0.0.1", "ansible_port": 1, "ansible_connection": "ssh",
                   "ansible_ssh_common_args": "-o ConnectTimeout=3"}
    inventory = {"all": {"hosts": hosts, "vars": {"cowork3p_settings": SETTINGS}}}
    (tmp_path / "inventory.json").write_text(json.dumps(inventory))
    before = {p: p.read_bytes() for p in tmp_path.glob("l*/*")}

    report_dir = tmp_path / "report"
    proc = subprocess.run(["ansible-playbook", "-i", str(tmp_path / "inventory.json"),
                           os.path.join(ROOT, "playbooks", "audit.yml"), "-v",
                           "-e", json.dumps({"cowork3p_audit_dir": str(report_dir)})],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=str(tmp_path),
                          env=dict(os.environ, ANSIBLE_NOCOLOR="1"), check=False)
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert before == {p: p.read_bytes() for p in tmp_path.glob("l*/*")}, "the audit changed a host"

    report = json.loads((report_dir / "report.json").read_text())
    hosts = report["hosts"]
    assert {h: r["status"] for h, r in hosts.items()} == {"l1": "compliant", "l2": "drifted", "l3": "unreadable",
                                                          "l4": "unreachable"}
    assert hosts["l2"]["files"][0]["problems"] == ["could not be decoded as json"]
    # "<the role's task that failed>: <its message>", which names the option and the rule
    assert hosts["l3"]["error"].split(": ", 1)[0] in proc.stdout and "cowork3p_linux_mode is the number 420" in \
        hosts["l3"]["error"]
    assert len(hosts["l3"]["error"]) <= 300 and hosts["l3"]["os"] == "linux"
    assert (hosts["l4"]["os"], hosts["l4"]["delivery"], hosts["l4"]["files"]) == ("unknown", "", [])
    assert report["counts"] == {"compliant": 1, "drifted": 1, "missing": 0, "rejected": 0, "unreadable": 1,
                                "unreachable": 1}
    assert "compliant 1, drifted 1, rejected by the app 0, missing 0, unreadable 1, unreachable 1" in proc.stdout
    assert "not compliant: l2" in proc.stdout and "not compliant: l1" not in proc.stdout
    assert "report: %s/report.html" % report_dir in proc.stdout
    for text in (proc.stdout, (report_dir / "report.md").read_text(), (report_dir / "report.html").read_text()):
        assert SECRET not in text
    # the collection filter runs once for the batch (one result), the per-host tasks use built-ins only
    judged = proc.stdout.split("Judge every host of the batch]", 1)[1].split("TASK [", 1)[0]
    assert judged.count("ok: [") == 1, judged
