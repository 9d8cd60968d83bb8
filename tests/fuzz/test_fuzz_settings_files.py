"""Random YAML texts and bytes through the render action (in process), and a sample through ansible-playbook.

Anchors, aliases and alias bombs, merge keys, tags (!vault that opens or not, !unsafe, unknown and Python
tags), repeated keys, deep nesting, NUL bytes, byte-order marks, invalid UTF-8, several documents in one
file: every text must give a clean result (a clear error, or files that parse), quickly, with no traceback
and no secret in the result.
"""

import json
import os
import plistlib
import re
from unittest import mock

import pytest
from hypothesis import given, strategies as st

from ansible.parsing.dataloader import DataLoader
from ansible.parsing.vault import VaultLib, VaultSecret
from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task
from ansible.template import Templar

from ansible_collections.cowork3p.fleet.plugins.action.render import ActionModule

from .conftest import TALLY, Clock, fuzz

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VAULT_PASSWORD = b"fuzz-vault-password"
SECRET = "sk-yaml-FUZZ-Kp3Lm9Qw"           # the API key planted in every text
HEADER = "tenant-FUZZ-Zx7Vb2Nm"             # a header value (a secret too)
SECRETS = (SECRET, HEADER)
CATEGORY = "settings files through the render action"


def _vault(secret_bytes):
    return VaultLib([("default", VaultSecret(secret_bytes))])


def encrypt(text, password=VAULT_PASSWORD):
    return _vault(password).encrypt(text.encode("utf-8")).decode("ascii")


def vault_block(text, password=VAULT_PASSWORD, indent="  "):
    return "!vault |\n" + "\n".join(indent + line for line in encrypt(text, password).splitlines())


def bomb(levels, merge=False):
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]' if not merge else "l0: &l0 {a: 1}"]
    for i in range(1, levels):
        refs = ",".join(["*l%d" % (i - 1)] * 9)
        lines.append("l%d: &l%d [%s]" % (i, i, refs) if not merge else "l%d: &l%d {<<: [%s], k%d: 1}" % (i, i, refs, i))
    return lines, "*l%d" % (levels - 1)


BASE_LINES = ["inferenceProvider: gateway", "inferenceGatewayBaseUrl: https://gw.example.test",
              "inferenceGatewayApiKey: %s" % SECRET, "inferenceCustomHeaders: {X-Tenant: %s}" % HEADER]


@st.composite
def settings_texts(draw):
    """The bytes of a hostile settings file."""
    kind = draw(st.sampled_from(["duplicate", "bomb", "merge_bomb", "self_alias", "vault_ok", "vault_bad",
                                 "vault_wrong", "vault_file", "vault_file_wrong", "tags", "deep", "nul", "bom",
                                 "bad_utf8", "multi", "empty", "comment", "null", "list", "scalar", "keys",
                                 "wrapper", "crlf", "template", "legacy", "bearer", "control", "tabs", "bytes"]))
    lines = list(BASE_LINES)
    if kind == "duplicate":
        lines.insert(draw(st.integers(0, len(lines))), "inferenceGatewayApiKey: %s-second" % SECRET)
    elif kind in ("bomb", "merge_bomb"):
        defs, ref = bomb(draw(st.integers(3, 9)), merge=kind == "merge_bomb")
        target = draw(st.sampled_from(["disabledBuiltinTools", "unknownThing", "builtinBrowserAllowedDomains"]))
        lines = defs + lines + ["%s: %s" % (target, ref)]
    elif kind == "self_alias":
        lines.append("disabledBuiltinTools: &s [Bash, *s]")
    elif kind in ("vault_ok", "vault_bad", "vault_wrong"):
        lines[2] = "inferenceGatewayApiKey: " + (
            vault_block(SECRET) if kind == "vault_ok" else vault_block(SECRET, b"another-password")
            if kind == "vault_wrong" else "!vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  3131%s" % SECRET.encode().hex())
    elif kind in ("vault_file", "vault_file_wrong"):
        return encrypt("\n".join(lines) + "\n", VAULT_PASSWORD if kind == "vault_file" else b"wrong").encode()
    elif kind == "tags":
        tag = draw(st.sampled_from(["!!python/object/apply:os.system ['id']", "!foo bar", "!!binary aGVsbG8=",
                                    "!unsafe '{{ x }}'", "!!timestamp 2026-12-07", "!!set {a, b}", "!!omap [a: 1]",
                                    "!!float .nan", "!!int 0x"]))
        lines.append("extra: %s" % tag)
    elif kind == "deep":
        depth = draw(st.integers(30, 3000))
        lines.append("disabledBuiltinTools: " + "[" * depth + "]" * depth)
    elif kind == "nul":
        lines.append("organizationInstructions: \"a\\0b\"" if draw(st.booleans()) else "organizationInstructions: a\x00b")
    elif kind == "bom":
        return b"\xef\xbb\xbf" + "\n".join(lines).encode()
    elif kind == "bad_utf8":
        return "\n".join(lines).encode() + b"\nx: \xff\xfe\n"
    elif kind == "multi":
        lines = lines + ["---"] + lines
    elif kind == "empty":
        lines = []
    elif kind == "comment":
        lines = ["# inferenceGatewayApiKey: %s" % SECRET]
    elif kind == "null":
        lines = [draw(st.sampled_from(["null", "~", "---", "--- null"]))]
    elif kind == "list":
        lines = ["- " + line for line in lines]
    elif kind == "scalar":
        lines = [SECRET]
    elif kind == "keys":
        lines.append(draw(st.sampled_from(["1: x", "? [a, b]\n: c", "null: x", "true: y", "2026-12-07: d",
                                           "'': empty", "\"a\\tb\": c"])))
    elif kind == "wrapper":
        lines = ["cowork3p_settings:"] + ["  " + line for line in lines]
    elif kind == "crlf":
        return "\r\n".join(lines).encode()
    elif kind == "template":
        lines.append("organizationInstructions: \"{{ lookup('pipe', 'id') }} {%% raw %%}\"")
    elif kind == "legacy":
        lines[3] = draw(st.sampled_from(["inferenceCustomHeaders: \"X-Tenant=%s,Bad Name=%s\"" % (HEADER, HEADER),
                                         "inferenceCustomHeaders: [\"X-Tenant: %s\", \"X-Other %s\"]" % (HEADER, HEADER),
                                         "managedMcpServers: [{name: a, transport: stdio, command: /bin/a, "
                                         "env: \"TOKEN=%s\"}]" % HEADER]))
    elif kind == "bearer":
        lines.append("managedMcpServers: [{name: a, transport: http, url: 'https://mcp.example.test', "
                     "auth: 'Bearer %s'}]" % HEADER)
    elif kind == "control":
        char = draw(st.sampled_from(["\\x01", "\\x1b", "\\uFFFE", "\\uFFFF", "\\r\\nX-Evil: 1", "\\x7f"]))
        target = draw(st.sampled_from(["organizationInstructions", "inferenceGatewayApiKey",
                                       "builtinBrowserAllowedDomains", "chatCodeExecutionEnabled"]))
        lines = [line for line in lines if not line.startswith(target + ":")]
        lines.append('%s: "%s%s"' % (target, SECRET if target == "inferenceGatewayApiKey" else "x", char))
    elif kind == "tabs":
        lines.append("\tinferenceModels: [a]")
    elif kind == "bytes":
        return draw(st.binary(max_size=200))
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def action():
    """Runs cowork3p.fleet.render in this process, as a play would (vault secrets of the play included)."""
    loader = DataLoader()
    loader.set_vault_secrets([("default", VaultSecret(VAULT_PASSWORD))])

    def run(**args):
        task = Task()
        task.action = "cowork3p.fleet.render"
        task.args = args
        plugin = ActionModule(task=task, connection=mock.MagicMock(), play_context=PlayContext(), loader=loader,
                              templar=Templar(loader=loader), shared_loader_obj=None)
        return plugin.run(task_vars={})
    return run


def _files_parse(result):
    for entry in result.get("files", []):
        with open(entry["path"], "rb") as handle:
            data = handle.read()
        if entry["format"] in ("mobileconfig", "plist"):
            plistlib.loads(data)
        elif entry["format"] == "json":
            json.loads(data.decode("utf-8"))
        else:
            data.decode("utf-16")


def outcome_of(run, text, tmp_dir):
    path = os.path.join(tmp_dir, "settings.yml")
    with open(path, "wb") as handle:
        handle.write(text)
    dest = os.path.join(tmp_dir, "out")
    try:
        result = run(settings_file=path, dest=dest)
    except Exception:  # pylint: disable=broad-except
        return "traceback", None
    shown = json.dumps(result, default=str)
    if any(secret in shown or secret[:10] in shown for secret in SECRETS):
        return "leak", result
    if "Traceback" in shown:
        return "traceback", result
    if result.get("failed"):
        return "clear error", result
    try:
        _files_parse(result)
    except Exception:  # pylint: disable=broad-except
        return "broken file", result
    return "accepted", result


@fuzz(250)
@given(text=settings_texts())
def test_settings_files_fail_cleanly(action, tmp_path_factory, text):
    tmp_dir = str(tmp_path_factory.mktemp("yaml"))
    with Clock(CATEGORY) as clock:
        outcome, result = outcome_of(action, text, tmp_dir)
    TALLY.add(CATEGORY, outcome)
    assert outcome in ("clear error", "accepted"), (outcome, result)
    assert clock.cpu < 5 and clock.seconds < 20, "took %.1f s (%.1f s of CPU)" % (clock.seconds, clock.cpu)
    if outcome == "clear error":
        assert result["msg"] and "\n  File " not in result["msg"]


# -- a sample through ansible-playbook, at -vvvv ------------------------------------------------------------
PLAYBOOK_CASES = {
    "duplicate": "\n".join(BASE_LINES + ["inferenceGatewayApiKey: %s-second" % SECRET]),
    "bomb": "\n".join(bomb(9)[0] + BASE_LINES + ["disabledBuiltinTools: " + bomb(9)[1]]),
    "merge_bomb": "\n".join(bomb(9, merge=True)[0] + BASE_LINES + ["unknownThing: " + bomb(9, merge=True)[1]]),
    "vault_wrong": "\n".join(BASE_LINES[:2] + ["inferenceGatewayApiKey: " + vault_block(SECRET, b"another")]
                             + BASE_LINES[3:]),
    "vault_broken": "\n".join(BASE_LINES[:2] + ["inferenceGatewayApiKey: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  zz"
                                                + SECRET] + BASE_LINES[3:]),
    "legacy": "\n".join(BASE_LINES[:3] + ['inferenceCustomHeaders: "X-Tenant=%s,Bad Name=%s"' % (HEADER, HEADER),
                                          "managedMcpServers: [{name: a, transport: stdio, command: /bin/a, "
                                          "env: \"TOKEN=%s\"}]" % HEADER]),
    "bearer": "\n".join(BASE_LINES + ["managedMcpServers: [{name: a, transport: http, url: 'https://m.example.test',"
                                      " auth: 'Bearer %s'}]" % HEADER]),
    "comment_only": "# nothing here: " + SECRET,
    "deep": "\n".join(BASE_LINES + ["disabledBuiltinTools: " + "[" * 3000 + "]" * 3000]),
    "tag": "\n".join(BASE_LINES + ["x: !!python/object/apply:os.system ['echo %s']" % SECRET]),
    "nul_basename": "\n".join(BASE_LINES),
    "crlf_key": "\n".join(BASE_LINES[:2] + ['inferenceGatewayApiKey: "%s\\r\\nX-Evil: 1"' % SECRET] + BASE_LINES[3:]),
}


def test_hostile_files_through_the_render_playbook(tmp_path):
    from render.conftest import collections_path, run  # pylint: disable=import-outside-toplevel
    import shutil  # pylint: disable=import-outside-toplevel
    import sys  # pylint: disable=import-outside-toplevel
    import time  # pylint: disable=import-outside-toplevel
    files = []
    for name, text in PLAYBOOK_CASES.items():
        path = tmp_path / ("%s.yml" % name)
        path.write_text(text + "\n")
        files.append({"name": name, "path": str(path), "basename": "bad\x00name" if name == "nul_basename"
                      else "claude-desktop"})
    vars_file = tmp_path / "cases.json"
    vars_file.write_text(json.dumps({"cases": files}))
    playbook = tmp_path / "hostile.yml"
    playbook.write_text("""
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Render a hostile settings file
      cowork3p.fleet.render:
        settings_file: "{{ item.path }}"
        dest: "%s/out-{{ item.name }}"
        basename: "{{ item.basename }}"
      loop: "{{ cases }}"
      loop_control:
        label: "{{ item.name }}"
      ignore_errors: true
      register: hostile_results
""" % tmp_path)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path(), ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
               ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    binary = shutil.which("ansible-playbook", path=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    start = time.monotonic()
    result = run([binary, str(playbook), "-e", "@%s" % vars_file, "-vvvv"], env=env, cwd=str(tmp_path))
    seconds = time.monotonic() - start
    output = result.stdout + result.stderr
    for secret in SECRETS:
        assert secret not in output and secret[:10] not in output, "secret in the playbook output"
    assert "Traceback" not in output and "Task failed: Unexpected" not in output, output[-3000:]
    recap = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+).*failed=(\d+).*ignored=(\d+)", output)
    assert recap, output[-2000:]
    assert int(recap.group(4)) == 1            # the looped task failed (every item), and was ignored
    valid = {"bearer"}      # an undocumented field holding a credential: a warning (masked), the files are written
    for name in PLAYBOOK_CASES:
        failed = "failed: [localhost] (item=%s)" % name in output
        TALLY.add("settings files through ansible-playbook -vvvv", "clear error" if failed else "accepted")
        assert failed == (name not in valid), name
        assert (tmp_path / ("out-" + name)).exists() == (name in valid), "nothing is written for a failing document"
    assert seconds < 60, "the playbook took %.0f s" % seconds
