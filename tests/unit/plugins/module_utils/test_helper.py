# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_helper: options, path trust, output judgement (pure), and real helper scripts run on the controller."""

from __future__ import annotations

import json
import os
import stat
import sys
import time

import pytest

try:
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper
except ImportError:  # plain pytest from the repository: use the collection path of the environment
    for _path in reversed((os.environ.get("ANSIBLE_COLLECTIONS_PATH") or "").split(os.pathsep)):
        if _path and _path not in sys.path:
            sys.path.insert(0, _path)
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper

TOKEN = "tok-Helper-7f3a9Q2kLmN8pR4sT6vW"
HEADER_VALUE = "tenant-Secret-88xYz12AbCd"

# name -> (script body, expected pass, words expected in the reason)
HELPERS = {
    "bare": ('printf "%s\\n"' % TOKEN, True, "bare token"),
    "json": ("cat <<'EOF'\n{\n  \"token\": \"%s\",\n  \"headers\": {\"X-Tenant\": \"%s\"}\n}\nEOF" % (TOKEN, HEADER_VALUE),
             True, "JSON object"),
    "env": ('[ "$CLAUDE_HELPER_CONTEXT" = setup-test ] && [ "$CLAUDE_HELPER_MANUAL_RUN" = 1 ] && [ $# -eq 0 ] '
            '&& ! read -r x && echo %s' % TOKEN, True, "bare token"),
    "exit": ('echo "fetching" >&2; echo "error: refresh token %s expired" >&2; exit 3' % TOKEN, False, "non-zero exit"),
    "timeout": ("sleep 30 & sleep 30; echo %s" % TOKEN, False, "timeout"),
    "empty": ("exit 0", False, "empty output"),
    "banner": ('echo "Welcome to corp-sso v2"; echo %s' % TOKEN, False, "banner or log lines"),
    "nottoken": ('echo \'{"access_token": "%s"}\'' % TOKEN, False, "JSON without token"),
    "badheaders": ('echo \'{"token": "%s", "headers": {"X-Count": 3}}\'' % TOKEN, False, "non-string headers"),
    "prompt": ('printf "Password for alice@corp: "', False, "looks like a prompt"),
}


def write_helper(folder, name, body, mode=0o755):
    path = os.path.join(str(folder), name)
    with open(path, "w") as handle:
        handle.write("#!/bin/sh\n" + body + "\n")
    os.chmod(path, mode)
    return path


@pytest.fixture
def helpers(tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir(mode=0o755)
    os.chmod(str(tmp_path), 0o755)
    return {name: write_helper(folder, name, body) for name, (body, _ok, _why) in HELPERS.items()}


@pytest.mark.parametrize("name", sorted(HELPERS))
def test_real_helpers(helpers, name):
    if os.geteuid() != 0:
        pytest.skip("the trust check needs the helper owned by root")
    _body, ok, why = HELPERS[name]
    start = time.monotonic()
    verdict = _helper.check(helpers[name], 2 if name == "timeout" else 20)
    assert verdict.passed is ok, verdict.reason
    assert why in verdict.reason
    text = json.dumps(verdict.as_dict())
    assert TOKEN not in text and HEADER_VALUE not in text
    if name == "json":
        assert verdict.facts["kind"] == "json" and verdict.facts["header_names"] == ["X-Tenant"]
        assert verdict.secret == (TOKEN, {"X-Tenant": HEADER_VALUE})
    if ok:
        assert verdict.facts["fingerprint"] == _helper.fingerprint(TOKEN)
    if name == "timeout":
        assert time.monotonic() - start < 10
    if name == "exit":
        assert "expired" in verdict.reason and "********" in verdict.reason


def test_not_found_not_executable_and_inline_arguments(helpers, tmp_path):
    assert _helper.check(str(tmp_path / "nope"), 5).reason.startswith("not found")
    reason = _helper.check(helpers["bare"] + " --profile corp", 5).reason
    assert "arguments" in reason and "wrapper" in reason
    os.chmod(helpers["bare"], 0o644)
    assert _helper.check(helpers["bare"], 5).reason.startswith("not executable")


@pytest.mark.parametrize("target", ["file", "folder"])
def test_writable_by_non_admins(helpers, target):
    if os.geteuid() != 0:
        pytest.skip("needs root-owned files")
    victim = helpers["bare"] if target == "file" else os.path.dirname(helpers["bare"])
    os.chmod(victim, 0o777)
    verdict = _helper.check(helpers["bare"], 5)
    assert not verdict.passed and verdict.reason.startswith("writable by non-admins")
    assert verdict.facts["fingerprint"] is None     # never run


class FakeStat(object):
    def __init__(self, mode, uid=0, gid=0):
        self.st_mode, self.st_uid, self.st_gid = mode, uid, gid


def test_inspect_path_rules():
    tree = {"/opt/h": FakeStat(stat.S_IFREG | 0o755), "/opt": FakeStat(stat.S_IFDIR | 0o755), "/": FakeStat(stat.S_IFDIR | 0o755)}

    def fake(path):
        if path not in tree:
            raise FileNotFoundError(path)
        return tree[path]
    assert _helper.inspect_path("/opt/h", fake) is None
    tree["/opt"] = FakeStat(stat.S_IFDIR | 0o775, gid=1000)
    assert "folder /opt" in _helper.inspect_path("/opt/h", fake)
    tree["/opt"] = FakeStat(stat.S_IFDIR | 0o1777)
    assert _helper.inspect_path("/opt/h", fake) is None          # sticky root folder
    tree["/opt/h"] = FakeStat(stat.S_IFREG | 0o755, uid=501)
    assert "uid 501" in _helper.inspect_path("/opt/h", fake)
    tree["/opt/h"] = FakeStat(stat.S_IFREG | 0o775, gid=80)
    assert _helper.inspect_path("/opt/h", fake) is None          # macOS admin group


def test_resolve_options():
    assert _helper.resolve("/x", None, None) == ("/x", 60, [])
    assert _helper.resolve(None, None, {"inferenceCredentialHelper": "/y", "inferenceCredentialHelperTimeoutSec": "15"}) \
        == ("/y", 15, [])
    assert _helper.resolve("/x", 30, {"inferenceCredentialHelperTimeoutSec": 15})[1] == 30
    assert "between 1 and 600" in _helper.resolve("/x", 601, None)[2][0]
    assert "inferenceCredentialHelperTimeoutSec" in _helper.resolve("/x", None, {"inferenceCredentialHelperTimeoutSec": 0})[2][0]
    assert "not absolute" in _helper.resolve("helper.sh", None, None)[2][0]
    assert "no helper" in _helper.resolve(None, None, {})[2][0]


@pytest.mark.parametrize("stdout,ok,why", [
    (TOKEN + "\n\n", True, "bare"),
    ('{"token": "%s"}' % TOKEN, True, "JSON object"),
    ('{"token": "%s", "headers": null}' % TOKEN, True, "JSON object"),
    ('{"token": ""}', False, "JSON without token"),
    ('{"token": "%s", "headers": ["a"]}' % TOKEN, False, "non-string headers"),
    ('{"token": "%s", "headers": {"Bad Name": "v"}}' % TOKEN, False, "not valid HTTP header names"),
    ('{"token": "%s"' % TOKEN, False, "not a JSON object"),
    ('Log: starting\n{"token": "%s"}' % TOKEN, False, "one of the lines is a JSON object"),
    ('https://sso.example/device?code=ABCD', False, "prompt"),
    ('Bearer ' + TOKEN, False, "prompt"),
])
def test_judge_output(stdout, ok, why):
    verdict = _helper.judge_output(0, stdout, "", 0.01, 60)
    assert verdict.passed is ok and why in verdict.reason, verdict.reason
    assert TOKEN not in verdict.reason


def test_stderr_masking():
    verdict = _helper.judge_output(1, "", "line one\nfailed with eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig and /usr/bin/tool\n",
                                   0.01, 60)
    assert "eyJ" not in verdict.reason and "/usr/bin/tool" in verdict.reason and "line one" not in verdict.reason
    verdict = _helper.judge_output(-9, "", "", 0.01, 60)
    assert "signal 9" in verdict.reason


def test_run_as_another_user():
    if os.geteuid() != 0:
        pytest.skip("run_as needs root")
    import pwd
    import shutil
    import tempfile
    folder = tempfile.mkdtemp(prefix="cowork3p-helper-", dir="/tmp")     # pytest's tmp_path is private to root
    try:
        os.chmod(folder, 0o755)
        path = write_helper(folder, "whoami", 'echo "$(id -un)-$USER-$HOME"')
        home = pwd.getpwnam("nobody").pw_dir
        verdict = _helper.check(path, 10, run_as="nobody")
        assert verdict.passed, verdict.reason
        assert verdict.facts["fingerprint"] == _helper.fingerprint("nobody-nobody-%s" % home)
        assert "no user" in _helper.check(path, 10, run_as="no-such-user-x").reason
    finally:
        shutil.rmtree(folder)
