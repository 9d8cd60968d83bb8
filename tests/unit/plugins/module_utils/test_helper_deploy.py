# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_helper_deploy: the review before any host is touched, and the helper's files."""

from __future__ import annotations

import os
import subprocess
import sys

try:
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper_deploy as hd
except ImportError:  # plain pytest from the repository: use the collection path of the environment
    for _path in reversed((os.environ.get("ANSIBLE_COLLECTIONS_PATH") or "").split(os.pathsep)):
        if _path and _path not in sys.path:
            sys.path.insert(0, _path)
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _helper_deploy as hd

DEST = {"linux": "/usr/local/libexec/h", "macos": "/Library/Application Support/x/h", "windows": "C:\\h.cmd"}
KEY = "sk-static-secret-value-123"


def opts(**kw):
    base = {"source_text": "", "content": "", "args": [], "present": False, "dest": DEST, "settings_mode": "0644"}
    base.update(kw)
    return base


def test_path_must_match_the_deployed_helper():
    assert hd.review({"inferenceCredentialHelper": DEST["linux"]}, "linux", opts(content="x")) == {"errors": [], "warnings": []}
    assert "must be the same path" in hd.review({"inferenceCredentialHelper": "/opt/h"}, "linux", opts(content="x"))["errors"][0]
    assert "do not set inferenceCredentialHelper" in hd.review({}, "linux", opts(content="x"))["errors"][0]
    assert "cowork3p_helper_present" in hd.review({"inferenceCredentialHelper": "/opt/h"}, "linux", opts())["errors"][0]
    assert hd.review({"inferenceCredentialHelper": "/opt/h"}, "linux", opts(present=True))["errors"] == []
    # OS not known yet: either destination is fine
    assert hd.review({"inferenceCredentialHelper": DEST["macos"]}, "auto", opts(content="x"))["errors"] == []
    assert hd.review({"inferenceCredentialHelper": DEST["windows"]}, "windows", opts(content="x"))["errors"] == []
    assert "not supported on Windows" in hd.review({"inferenceCredentialHelper": DEST["windows"]}, "windows",
                                                   opts(content="x", args=["-a"]))["errors"][0]
    assert "both set" in hd.review({}, "linux", opts(content="x", source_text="y"))["errors"][0]


def test_static_secret_warnings_name_the_helper_and_the_winner():
    got = hd.review({"inferenceGatewayApiKey": KEY}, "linux", opts())
    assert "every user of the machine can read" in got["warnings"][0] and "credential helper" in got["warnings"][0]
    assert KEY not in str(got)
    assert hd.review({"inferenceGatewayApiKey": KEY}, "linux", opts(settings_mode="0600"))["warnings"] == []
    got = hd.review({"inferenceGatewayApiKey": KEY, "inferenceCredentialHelper": "/opt/h"}, "linux", opts(present=True))
    assert any("the app uses the helper" in w for w in got["warnings"])
    got = hd.review({"inferenceGatewayApiKey": KEY, "inferenceCredentialHelper": "/opt/h",
                     "inferenceCredentialKind": "static"}, "linux", opts(present=True))
    assert any("only that source" in w for w in got["warnings"])


def test_files_and_wrapper(tmp_path):
    items = hd.files("linux", opts(content="#!/bin/sh\necho $1 \"$2\"\n", args=["--profile", "it's corp"]))
    assert [i["path"] for i in items] == [DEST["linux"] + "-program", DEST["linux"]]
    assert all(i["owner"] == "root" and i["mode"] == "0755" and "text" not in i for i in items)
    texts = hd.files("linux", opts(content="#!/bin/sh\necho $1 \"$2\"\n", args=["--profile", "it's corp"]), texts=True)
    program = tmp_path / "h-program"
    program.write_text(texts[DEST["linux"] + "-program"])
    program.chmod(0o755)
    wrapper = tmp_path / "h"
    wrapper.write_text(hd.wrapper_text(str(program), ["--profile", "it's corp"]))
    wrapper.chmod(0o755)
    assert subprocess.run([str(wrapper)], capture_output=True, text=True, check=True).stdout == "--profile it's corp\n"
    assert hd.files("windows", opts(content="x")) == [] and hd.files("linux", opts()) == []
    assert hd.files("macos", opts(content="x"))[0]["group"] == "wheel"


def test_fleet_review_groups_hosts():
    hostvars = {"h%d" % i: {"cowork3p_settings": {"inferenceCredentialHelper": "/opt/h"}} for i in range(5)}
    out = hd.fleet_review(sorted(hostvars), hostvars, {"os": "linux", "dest_linux": DEST["linux"]})
    assert len(out["errors"]) == 1 and out["errors"][0].startswith("h0, h1, h2 and 2 more: ")


class _St:
    def __init__(self, uid=0, gid=0, mode=0o40755):
        self.st_uid, self.st_gid, self.st_mode = uid, gid, mode


def _stat_of(tree):
    def stat_fn(path):
        if path not in tree:
            raise FileNotFoundError(path)
        return tree[path]
    return stat_fn


def test_every_folder_above_the_helpers_own_folder_is_checked_up_to_the_root():
    helper = "/opt/corp/bin/credential-helper"
    sound = {"/": _St(), "/opt": _St(), "/opt/corp": _St(), "/opt/corp/bin": _St(uid=1000, mode=0o40777)}
    # the helper's own folder is managed_file's to repair, not a reason to refuse
    assert hd.ancestor_problem(helper, _stat_of(sound)) is None
    # folders that do not exist yet are created root 0755
    assert hd.ancestor_problem(helper, _stat_of({"/": _St()})) is None
    got = hd.ancestor_problem(helper, _stat_of(dict(sound, **{"/opt/corp": _St(gid=1000, mode=0o40775)})))
    assert got.startswith("the folder /opt/corp above the credential helper %s is writable by group gid 1000 (mode 0775)"
                          % helper)
    assert "rule: every folder above the helper owned by root" in got and "the helper was not installed" in got
    assert "folder /opt above the credential helper %s is owned by uid 501" % helper in hd.ancestor_problem(helper, _stat_of(dict(sound, **{"/opt": _St(uid=501)})))
    assert "folder / above" in hd.ancestor_problem(helper, _stat_of(dict(sound, **{"/": _St(mode=0o40777)})))
    # a sticky root-owned folder (/tmp-like) and the admin groups (wheel 0, admin 80) are fine
    assert hd.ancestor_problem(helper, _stat_of(dict(sound, **{"/opt": _St(mode=0o41777)}))) is None
    assert hd.ancestor_problem(helper, _stat_of(dict(sound, **{"/opt": _St(gid=80, mode=0o40775)}))) is None


def test_a_folder_that_cannot_be_read_is_named():
    def stat_fn(path):
        raise PermissionError(13, "Permission denied")
    assert "cannot check the folder /opt/corp" in hd.ancestor_problem("/opt/corp/bin/h", stat_fn)


def test_helper_items_ask_managed_file_to_check_the_folders_above():
    items = hd.files("linux", opts(content="#!/bin/sh\necho t\n"))
    assert all(i["trusted_ancestors"] for i in items)
