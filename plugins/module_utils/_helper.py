# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Credential helper check: run ``inferenceCredentialHelper`` the way Claude Desktop does and judge its output.

The app (reference section 8) runs the helper with no arguments, reads and
trims stdout, needs exit code 0 within ``inferenceCredentialHelperTimeoutSec``
(default 60, at most 600), and accepts exactly one of: a bare token (the whole
output) or a JSON object ``{"token": "...", "headers": {"Name": "Value"}}``.

Split in three so most of it is pure and unit-tested without processes:
``resolve`` (options and settings -> path, timeout), ``inspect_path`` (a stat
callable -> the reason the file cannot be trusted or run), ``judge_output``
(exit code, stdout, stderr -> verdict). ``run`` starts the process.

Nothing returned ever holds the token or a header value: reasons are masked
with ``_mask.mask_encoded`` (encoded forms included) and only a short hash of
the token (its fingerprint) leaves this file, except through ``Verdict.secret``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import stat
import subprocess
import tempfile
import time
from typing import Any, Callable, Iterable, Mapping

from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import MASK, mask_encoded as mask_text
from ansible_collections.cowork3p.fleet.plugins.module_utils._helper_paths import ADMIN_GIDS, non_admin_writer as _writer
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import strings_in

DEFAULT_TIMEOUT = 60
MAX_TIMEOUT = 600
MAX_OUTPUT = 1024 * 1024          # bytes of stdout / stderr read back
HELPER_ENV = {"CLAUDE_HELPER_CONTEXT": "setup-test", "CLAUDE_HELPER_MANUAL_RUN": "1"}
PATH_KEY = "inferenceCredentialHelper"
TIMEOUT_KEY = "inferenceCredentialHelperTimeoutSec"
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_TOKENISH = re.compile(r"[A-Za-z0-9._~+/=:-]{16,}")


class Verdict(object):
    """The outcome of one helper run: ``passed``, ``reason`` (masked), and safe facts in ``facts``.

    ``secret`` holds (token, headers) for a caller that must use the credential
    (gateway_check); never return it.
    """

    def __init__(self, passed: bool, reason: str, facts: dict | None = None, secret: str | None = None) -> None:
        self.passed = passed
        self.reason = reason
        self.facts = facts or {}
        self.secret = secret

    def as_dict(self) -> dict:
        return dict(self.facts, passed=self.passed, reason=self.reason)


def _int(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def resolve(path: str | None = None, timeout: Any = None, settings: dict | None = None) -> tuple:
    """(path, timeout, errors): the option wins over ``settings``; the timeout is checked against 1..600."""
    errors = []
    settings = settings if isinstance(settings, dict) else {}
    if not path:
        path = settings.get(PATH_KEY)
        if path is not None and not isinstance(path, str):
            errors.append("%s must be a string (an absolute path)" % PATH_KEY)
            path = None
    if not path:
        errors.append("no helper to check: give path, or settings with %s" % PATH_KEY)
    elif not os.path.isabs(path):
        errors.append("the helper path %r is not absolute; the app needs an absolute path" % path[:200])
    where = "timeout"
    if timeout is None and settings.get(TIMEOUT_KEY) is not None:
        where, timeout = TIMEOUT_KEY, settings.get(TIMEOUT_KEY)
        if _int(timeout) is None:
            errors.append("%s must be a whole number of seconds (1-%d), got %r" % (TIMEOUT_KEY, MAX_TIMEOUT, str(timeout)[:40]))
            timeout = DEFAULT_TIMEOUT
    timeout = DEFAULT_TIMEOUT if timeout is None else _int(timeout)
    if timeout is not None and not 1 <= timeout <= MAX_TIMEOUT:
        errors.append("%s must be between 1 and %d seconds (the app's limit), got %d" % (where, MAX_TIMEOUT, timeout))
    return path, timeout, errors


def inspect_path(path: str, stat_fn: Callable[[str], os.stat_result] = os.stat,
                 access_fn: Callable[[str], bool] | None = None, admin_gids: tuple = ADMIN_GIDS) -> str | None:
    """The reason (a sentence) the helper cannot be run or trusted, or None. ``stat_fn`` follows symlinks."""
    try:
        st = stat_fn(path)
    except FileNotFoundError:
        first = path.split(" ", 1)[0]
        if " " in path and first != path:
            try:
                stat_fn(first)
                return ("not found: %s does not exist, but %s does: the app runs the whole value as one path with no "
                        "arguments (ENOENT); put the arguments in a wrapper script" % (path, first))
            except OSError:
                pass
        return "not found: %s does not exist (the app would fail with ENOENT)" % path
    except OSError as exc:
        return "cannot be read: %s: %s" % (path, exc.strerror or exc)
    if stat.S_ISDIR(st.st_mode):
        return "not executable: %s is a folder" % path
    if not stat.S_ISREG(st.st_mode):
        return "not executable: %s is not a regular file" % path
    runnable = access_fn(path) if access_fn is not None else bool(st.st_mode & 0o111)
    if not runnable or not st.st_mode & 0o111:
        return ("not executable: %s has mode %04o; make it executable (chmod 0755) for the users the app runs as"
                % (path, stat.S_IMODE(st.st_mode)))
    who = _writer(st, admin_gids)
    if who:
        return ("writable by non-admins: %s is %s; a user who can replace the helper can take other users' tokens "
                "(owner root, mode 0755)" % (path, who))
    folder = os.path.dirname(path)
    while True:
        try:
            dst = stat_fn(folder)
        except OSError as exc:
            return "cannot be read: %s: %s" % (folder, exc.strerror or exc)
        who = _writer(dst, admin_gids)
        if who:
            return ("writable by non-admins: the folder %s above the helper is %s; a user who can write there can "
                    "replace the helper and take other users' tokens" % (folder, who))
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def fingerprint(token: str) -> str:
    """A short hash of the token: equal on two hosts when they got the same token, useless to an attacker."""
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:12]


def mask_stderr(text: str, secrets: Iterable[str] = ()) -> str:
    """Mask the known secrets, then anything that looks like a token (16+ token characters with a digit)."""
    text = mask_text(text, list(secrets)) if secrets else text

    def hide(match):
        word = match.group(0)
        has_digit = any(c.isdigit() for c in word)
        if (has_digit and any(c.isalpha() for c in word)) or len(word) >= 32 and "/" not in word:
            return MASK
        return word
    return _TOKENISH.sub(hide, text)


def _last_line(text):
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def judge_output(returncode: int | None, stdout: str, stderr: str, elapsed: float, timeout: int | float,
                 timed_out: bool = False) -> Verdict:
    """The verdict for one run. ``stdout``/``stderr`` are text (decoded with replacement)."""
    facts = {"exit_code": returncode, "elapsed_ms": int(round(elapsed * 1000)), "timeout": timeout,
             "kind": None, "header_names": [], "fingerprint": None}
    text = (stdout or "").strip()
    # whatever the output is, it may be a credential: mask it in every message below
    secrets = [text] + [line.strip() for line in text.splitlines() if line.strip()] if text else []
    parsed = None
    if text.startswith("{"):
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            secrets.extend(strings_in(parsed))

    secrets = [value for value in secrets if len(value) >= 4]    # a shorter value cannot be masked without garbling

    def fail(reason):
        return Verdict(False, mask_stderr(mask_text(reason, secrets)), facts)

    if timed_out:
        return fail("timeout: the helper did not finish within %d s (the app's limit, %s); it was stopped with its "
                    "child processes. A helper waiting for a browser or a prompt must exit non-zero unless "
                    "CLAUDE_HELPER_CONTEXT is interactive" % (timeout, TIMEOUT_KEY))
    if returncode != 0:
        last = mask_stderr(_last_line(stderr), secrets)
        return fail("non-zero exit: the helper exited with %s%s" % (
            returncode if returncode >= 0 else "signal %d" % -returncode,
            "; last stderr line: %s" % last if last else " and wrote nothing to stderr"))
    if not text:
        return fail("empty output: the helper exited 0 but printed nothing on stdout, so the app has no credential")
    if isinstance(parsed, dict):
        return _judge_json(parsed, facts, fail)
    if text.startswith("{") or text.startswith("["):
        if "\n" in text:
            return fail("banner or log lines around the token: stdout starts like JSON but is not one JSON object "
                        "(%d lines); print only the object, send logs to stderr" % len(text.splitlines()))
        return fail("stdout starts like JSON but is not a JSON object; print {\"token\": \"...\"} or the bare token")
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        hint = _embedded_json(lines)
        return fail("banner or log lines around the token: stdout has %d non-empty lines; the app would use all of "
                    "them as the credential. Print only the token%s and send everything else to stderr"
                    % (len(lines), " (one of the lines is a JSON object)" if hint else ""))
    token = lines[0].strip()
    if " " in token or token.endswith((":", "?")) or re.match(r"https?://", token, re.IGNORECASE):
        return fail("output that looks like a prompt or a message, not a token (it has spaces or prompt words); "
                    "in CLAUDE_HELPER_CONTEXT=setup-test the helper must not prompt: use the silent path or exit "
                    "non-zero")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in token):
        return fail("the token holds control characters and cannot be sent in an HTTP header")
    facts.update(kind="bare", fingerprint=fingerprint(token), token_length=len(token))
    return Verdict(True, "bare token on one line (%d characters, fingerprint %s) in %d ms"
                   % (len(token), facts["fingerprint"], facts["elapsed_ms"]), facts, secret=(token, {}))


def _embedded_json(lines):
    for line in lines:
        line = line.strip()
        if line.startswith("{"):
            try:
                if isinstance(json.loads(line), dict):
                    return True
            except ValueError:
                pass
    return False


def _judge_json(parsed, facts, fail):
    token = parsed.get("token")
    if "token" not in parsed:
        return fail("JSON without token: the object has keys %s but no \"token\"" % (
            ", ".join(sorted(str(k)[:40] for k in parsed)[:10]) or "(none)"))
    if not isinstance(token, str) or not token.strip():
        return fail("JSON without token: \"token\" is %s, not a non-empty string"
                    % ("empty" if token in ("", None) else type(token).__name__))
    headers = parsed.get("headers", {})
    if headers is None:
        headers = {}
    if not isinstance(headers, dict):
        return fail("non-string headers: \"headers\" is %s, not an object of name: string value"
                    % type(headers).__name__)
    bad = sorted(str(name)[:60] for name, value in headers.items() if not isinstance(value, str))
    if bad:
        return fail("non-string headers: the values of %s are not strings (the app sends header values as they are)"
                    % ", ".join(bad))
    names = [str(name) for name in headers]
    badnames = [n[:60] for n in names if not _HEADER_NAME.match(n)]
    if badnames:
        return fail("headers with names that are not valid HTTP header names: %s" % ", ".join(badnames))
    broken = [n for n, v in headers.items() if any(ord(c) < 0x20 and c != "\t" or ord(c) == 0x7F for c in v)]
    if broken or any(ord(c) < 0x20 or ord(c) == 0x7F for c in token.strip()):
        return fail("the token or the values of %s hold line breaks or control characters and cannot be sent in an "
                    "HTTP header" % (", ".join(broken) or "no header"))
    token = token.strip()
    facts.update(kind="json", fingerprint=fingerprint(token), token_length=len(token), header_names=sorted(names))
    extra = sorted(str(k)[:40] for k in parsed if k not in ("token", "headers"))
    facts["ignored_keys"] = extra
    return Verdict(True, "JSON object with a token (%d characters, fingerprint %s)%s in %d ms" % (
        len(token), facts["fingerprint"], " and headers %s" % ", ".join(sorted(names)) if names else "",
        facts["elapsed_ms"]), facts, secret=(token, dict(headers)))


def _read_capped(handle):
    handle.seek(0)
    return handle.read(MAX_OUTPUT).decode("utf-8", "replace")


def _user_kwargs(run_as):
    """subprocess keyword arguments and environment entries to run as another user (needs root)."""
    import pwd  # pylint: disable=import-outside-toplevel
    entry = pwd.getpwnam(run_as)
    groups = os.getgrouplist(entry.pw_name, entry.pw_gid)
    return ({"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": groups},
            {"HOME": entry.pw_dir, "USER": entry.pw_name, "LOGNAME": entry.pw_name})


def execute(path: str, timeout: int | float, env_extra: dict | None = None, user_kwargs: dict | None = None,
            base_env: Mapping | None = None, clock: Callable[[], float] = time.monotonic) -> tuple:
    """Start ``path`` with no arguments, stdin closed, in its own session; kill the session at the timeout.

    Returns (returncode, stdout text, stderr text, seconds, timed_out), at most MAX_OUTPUT bytes of each
    stream. Raises OSError when it cannot be started.
    """
    env = dict(base_env if base_env is not None else os.environ)
    for name in ("CLAUDE_HELPER_CONTEXT", "CLAUDE_HELPER_MANUAL_RUN"):
        env.pop(name, None)
    env.update(env_extra or {})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = clock()
        # AnsibleModule.run_command can neither bound the run (a helper waiting for a browser never ends), nor
        # start it in its own session so that whatever it leaves behind is killed with it, nor switch user.
        # pylint: disable-next=ansible-bad-function
        proc = subprocess.Popen([path], stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env,
                                close_fds=True, start_new_session=True, cwd="/", **(user_kwargs or {}))
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            _kill_group(proc)
        return proc.returncode, _read_capped(out), _read_capped(err), clock() - start, timed_out


def run(path: str, timeout: int | float, run_as: str | None = None, base_env: Mapping | None = None,
        clock: Callable[[], float] = time.monotonic) -> Verdict:
    """Run the helper like the app: no arguments, stdin closed, setup-test context; kill its group on timeout."""
    env_extra = dict(HELPER_ENV)
    kwargs = {}
    empty = {"kind": None, "header_names": [], "fingerprint": None}
    if run_as and os.geteuid() != 0:
        return Verdict(False, "run_as %r needs the module to run as root (become: true)" % run_as[:60], empty)
    if run_as:
        try:
            kwargs, user_env = _user_kwargs(run_as)
        except KeyError:
            return Verdict(False, "run_as: there is no user %r on this machine" % run_as[:60], empty)
        env_extra.update(user_env)
    try:
        returncode, out, err, elapsed, timed_out = execute(path, timeout, env_extra, kwargs, base_env, clock)
    except PermissionError as exc:
        return Verdict(False, "not executable: %s (%s)" % (path, exc.strerror or exc), empty)
    except OSError as exc:
        return Verdict(False, "cannot be started: %s (%s)" % (path, exc.strerror or exc), empty)
    return judge_output(returncode, out, err, elapsed, timeout, timed_out)


def run_headers_helper(path: str, timeout: int | float = 30) -> tuple:
    """An MCP ``headersHelper``: no CLAUDE_HELPER_CONTEXT, 30 s, stdout a flat JSON object of string values.

    Returns (headers, None) or (None, reason); the reason never holds the output.
    """
    problem = inspect_path(path)
    if problem:
        return None, problem
    try:
        returncode, out, err, _elapsed, timed_out = execute(path, timeout)
    except OSError as exc:
        return None, "cannot be started: %s (%s)" % (path, exc.strerror or exc)
    if timed_out:
        return None, "timeout: the headers helper did not finish within %d s" % timeout
    if returncode != 0:
        last = mask_stderr(_last_line(err), [out.strip()] if len(out.strip()) >= 4 else [])
        return None, "non-zero exit %s%s" % (returncode, "; last stderr line: %s" % last if last else "")
    try:
        headers = json.loads(out.strip() or "null")
    except ValueError:
        headers = None
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        return None, "the headers helper must print one flat JSON object of string values"
    return headers, None


def _kill_group(proc):
    """Stop whatever the helper left running (its own session), then reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def check(path: str, timeout: int | float, run_as: str | None = None, base_env: Mapping | None = None) -> Verdict:
    """inspect_path, then run: one Verdict. ``facts['path']`` names what was checked."""
    problem = inspect_path(path)
    if problem:
        verdict = Verdict(False, problem, {"kind": None, "header_names": [], "fingerprint": None})
    else:
        verdict = run(path, timeout, run_as=run_as, base_env=base_env)
    verdict.facts.update(path=path, timeout=timeout)
    return verdict
