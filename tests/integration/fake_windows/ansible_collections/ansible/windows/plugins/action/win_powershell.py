# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake ansible.windows.win_powershell over the JSON file system (tests only).

It does not run PowerShell: it knows one script, the role's reading of security descriptors (a script that calls
Get-Acl with a parameter Paths), and answers as that script would: output is one {path, exists, sddl} per path,
the SDDL worked out from the stored owner and rules (fake_fs.sddl). Any other script fails. Like the real module it
does not run in check mode unless the task says check_mode: false (the script has no SupportsShouldProcess), and it
reports changed unless the script sets $Ansible.Changed = $false.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.ansible.windows.plugins.action import _fake_fs as fake


class ActionModule(ActionBase):
    """Answer the role's Get-Acl script."""

    TRANSFERS_FILES = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        args = self._task.args
        script = str(args.get("script") or "")
        if "Get-Acl" not in script or "$Paths" not in script:
            result.update(failed=True, msg="fake win_powershell knows only the role's Get-Acl script")
            return result
        if self._task.check_mode:
            result.update(changed=False, output=[], msg="skipped in check mode (no SupportsShouldProcess)")
            return result
        fs = fake.load(task_vars)
        output = []
        for path in (args.get("parameters") or {}).get("Paths") or []:
            if fake.find(fs, path) is None:
                output.append({"path": path, "exists": False, "sddl": ""})
            else:
                output.append({"path": path, "exists": True, "sddl": fake.sddl(fs, path)})
        result.update(changed="$Ansible.Changed = $false" not in script, output=output, host_out="", host_err="",
                      error=[])
        return result
