# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Running a module's main() in the test process (the way Ansible passes arguments), and reading its
argument_spec, for the module tests in this folder."""

from __future__ import annotations

import json
import socket

import pytest
import yaml

from ansible.module_utils.testing import patch_module_args


def run(module, args, capsys, check_mode=False):
    """(result, raw output) of module.main() with these arguments."""
    with patch_module_args(dict(args, _ansible_check_mode=check_mode)):
        with pytest.raises(SystemExit):
            module.main()
    out = capsys.readouterr().out
    return json.loads(out), out


class _Stop(Exception):
    pass


def argument_spec(module, monkeypatch):
    """The argument_spec the module's main() hands to AnsibleModule."""
    seen = {}

    def record(**kwargs):
        seen.update(kwargs)
        raise _Stop()

    monkeypatch.setattr(module, "AnsibleModule", record)
    with pytest.raises(_Stop):
        module.main()
    return seen["argument_spec"]


def documented_options(module):
    return yaml.safe_load(module.DOCUMENTATION)["options"]


def assert_documented(module, monkeypatch):
    """Every option documented with the type, default and choices the code uses, and the other blocks parse."""
    spec = argument_spec(module, monkeypatch)
    docs = documented_options(module)
    assert sorted(docs) == sorted(spec)
    for name, option in spec.items():
        doc = docs[name]
        assert doc.get("type", "str") == option.get("type", "str"), name
        assert doc.get("default") == option.get("default"), name
        assert doc.get("choices") == option.get("choices"), name
        assert bool(doc.get("required")) == bool(option.get("required")), name
    assert yaml.safe_load(module.RETURN) and yaml.safe_load(module.EXAMPLES)


def closed_port():
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
