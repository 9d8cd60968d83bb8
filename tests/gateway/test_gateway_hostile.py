# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""gateway_check against misbehaving gateways (tests/gateway/hostile_gateway.py) and hostile credentials.

Every case runs the real module as a child process (its arguments in a file,
the way Ansible's own module debugging does), timed from the outside, all
cases a few at a time. Each must fail clearly (no traceback, no "crashed"),
within ``timeout`` plus a small margin, and no form of the key or of the
custom header value (raw, any case, JSON/URL/HTML/repr-escaped, base64 of the
key, of "Bearer <key>" or of "user:<key>", or any 10 characters of it) may
appear in anything it prints. A few cases also go through ansible-playbook
-vvvv. The figures (tried / clear error / traceback / leak / hang) are
written to hostile-gateway-figures.json in the test's directory and checked
to be zero where they must be.
"""

from __future__ import annotations

import base64
import concurrent.futures
import html
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

HERE = Path(__file__).resolve().parent
HEX = secrets.token_hex(12)
KEY = "sk-hostile-" + HEX + "\"<&>'"          # quote and markup so that every escaping is visible
ORG = "org-" + secrets.token_hex(10)
TIMEOUT = 3
# A check may take ``timeout`` plus MARGIN (its own elapsed_ms), the whole module MARGIN more than a good
# gateway's run of the same checks, and its wall clock START_MARGIN more than a good gateway's (Python start-up
# on a busy machine included).
MARGIN = 1.5
START_MARGIN = 5.0
MODULE = HERE.parent.parent / "plugins" / "modules" / "gateway_check.py"

# case -> phrase the failure message must hold (the server behaviour is in hostile_gateway.py)
SERVER_CASES = {
    "trickle-headers": "models: the answer from",
    "trickle-body": "did not complete within 3",
    "hang-before-headers": "within 3",
    "hang-after-headers": "within 3",
    "hang-mid-stream": "within 3",
    "slow-events": "did not finish within 3",
    "trickle-stream-line": "did not finish within 3",
    "endless-line": "longer than 256 KiB",
    "endless-events": "more than 2000 events",
    "endless-comments": "lines without finishing",
    "giant-body": "more than 1024 KiB",
    "giant-error": "HTTP 500",
    "giant-chunked-models": "more than 1024 KiB",
    "gzip-bomb": "messages:",
    "huge-header": "not valid HTTP",
    "many-headers": "not valid HTTP",
    "long-model-ids": "inferenceModels ids not offered",
    "deep-json": "not JSON",
    "bad-status-line": "not valid HTTP",
    "close-immediately": "closed before any answer",
    "close-mid-body": "broke off",
    "close-mid-stream": "without message_stop",
    "close-mid-chunk": "broke off",
    "malformed-json": "not JSON",
    "wrong-content-type": "instead of text/event-stream",
    "html-200": "HTML page",
    "invalid-utf8": "messages:",
    "echo-raw": "HTTP 401",
    "echo-base64": "HTTP 401",
    "echo-base64url-nopad": "HTTP 401",
    "echo-bearer-base64": "HTTP 401",
    "echo-basic-user-key": "HTTP 401",
    "echo-url": "HTTP 401",
    "echo-html": "HTTP 401",
    "echo-html-twice": "HTTP 401",
    "echo-json-text": "HTTP 401",
    "echo-upper": "HTTP 401",
    "echo-lower": "HTTP 401",
    "echo-at-cut": "HTTP 401",
    "echo-at-cut-text": "HTTP 500",
    "echo-location": "HTTP 302",
    "echo-stream-error": "error event",
    "echo-model-ids": "inferenceModels ids not offered",
}
# /v1/models must answer for these: no inferenceModels, so the models check is required
MODELS_REQUIRED = {"trickle-headers", "giant-chunked-models", "huge-header", "many-headers"}
# hostile credentials: refused before any request (the URL points at a port where nothing listens)
KEY_CASES = {
    "key-quote-newline": dict(key=KEY + "\nX-Injected: 1"),
    "key-crlf": dict(key="sk-" + HEX + "\r\nX-Injected: 1"),
    "key-cr-inside": dict(key="sk-" + HEX + "\rmore"),
    "key-nul": dict(key="sk-" + HEX + "\x00"),
    "key-escape-char": dict(key="sk-" + HEX + "\x1b[31m"),
    "key-beyond-latin1": dict(key="sk-" + HEX + "\u20ac"),
    "header-value-crlf": dict(headers={"X-Org-Id": ORG + "\r\nX-Injected: 1"}),
    "header-value-lf-json": dict(headers=json.dumps({"X-Org-Id": ORG + "\nX-Injected: 1"})),
}
KEY_PHRASES = {"key-beyond-latin1": "U+20AC", "key-nul": "U+0000", "key-escape-char": "U+001B",
               "header-value-crlf": "header X-Org-Id contains a line break",
               "header-value-lf-json": "header X-Org-Id contains a line break"}


def forms(secret):
    """Every way the secret could show up, computed here independently of the collection's masking."""
    raw = secret.encode("utf-8")
    out = {secret, json.dumps(secret)[1:-1], quote(secret, safe=""), quote(secret), quote_plus(secret),
           html.escape(secret), html.escape(secret, quote=False), repr(secret)[1:-1], repr(raw)[2:-1]}
    for data in (raw, b"Bearer " + raw, b"svc-user:" + raw):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            text = encode(data).decode("ascii")
            out.update((text, text.rstrip("=")))
    return {f.lower() for f in out if len(f) >= 8}


SECRET_FORMS = forms(KEY) | forms(ORG)
PIECES = {HEX[i:i + 10].lower() for i in range(len(HEX) - 9)}


def leaks(text):
    low = text.lower()
    return sorted(f for f in SECRET_FORMS | PIECES if f in low)


def settings(url, key=KEY, headers=None, models=True):
    out = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": url, "inferenceGatewayApiKey": key,
           "inferenceCustomHeaders": {"X-Org-Id": ORG} if headers is None else headers}
    if models:
        out["inferenceModels"] = ["claude-sonnet-4-5"]
    return out


def child_env():
    paths = [p for p in (os.environ.get("ANSIBLE_COLLECTIONS_PATH") or "").split(os.pathsep) if p] + sys.path
    return dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in paths if p), NO_PROXY="127.0.0.1,localhost",
                no_proxy="127.0.0.1,localhost")


def run_module(workdir, name, args):
    """Run gateway_check once as a child process; returns a record of what happened."""
    path = workdir / ("%s.json" % name)
    path.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
    start = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, str(MODULE), str(path)], capture_output=True, text=True,
                              env=child_env(), timeout=TIMEOUT + 60, check=False)
        out, err, hung = proc.stdout, proc.stderr, False
    except subprocess.TimeoutExpired as exc:
        out, err, hung = exc.stdout or "", exc.stderr or "", True
        out, err = (out.decode() if isinstance(out, bytes) else out), (err.decode() if isinstance(err, bytes) else err)
    elapsed = time.monotonic() - start
    try:
        result = json.loads(out[out.index("{"):]) if "{" in out else {}
    except ValueError:
        result = {}
    everything = out + err
    times = [(c.get("elapsed_ms") or 0) / 1000.0 for c in (result.get("checks") or {}).values()]
    return {"name": name, "elapsed": elapsed, "inside": sum(times), "longest_check": max(times or [0]),
            "result": result, "output": everything, "hung": hung,
            "traceback": "Traceback" in everything or "exception" in result or "crashed" in str(result.get("msg")),
            "leaks": leaks(everything)}


@pytest.fixture(scope="module")
def hostile_url(gwlab, tmp_path_factory):
    state = tmp_path_factory.mktemp("hostile-gateway")
    proc = gwlab.start_process([sys.executable, str(HERE / "hostile_gateway.py"), "--state-dir", str(state)],
                               state / "server.log")
    try:
        deadline = time.monotonic() + 15
        while not (state / "port").exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the hostile gateway did not start:\n" + (state / "server.log").read_text())
            time.sleep(0.05)
        yield "http://127.0.0.1:%s" % (state / "port").read_text().strip()
    finally:
        gwlab.stop_process(proc)


@pytest.fixture(scope="module")
def runs(hostile_url, tmp_path_factory):
    """Every case, six at a time: {name: record}."""
    workdir = tmp_path_factory.mktemp("hostile-runs")
    jobs = {"control-good-gateway": dict(settings=settings(hostile_url + "/good"), timeout=TIMEOUT)}
    for name in SERVER_CASES:
        jobs[name] = dict(settings=settings("%s/%s" % (hostile_url, name), models=name not in MODELS_REQUIRED),
                          timeout=TIMEOUT)
    closed = "http://127.0.0.1:9"     # discard port: nothing may be sent anyway
    for name, kw in KEY_CASES.items():
        for validate in (True, False):
            jobs["%s%s" % (name, "" if validate else "-unvalidated")] = dict(
                settings=settings(closed, **kw), timeout=TIMEOUT, validate_settings=validate)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(run_module, workdir, name, args) for name, args in jobs.items()}
        records = {name: future.result() for name, future in futures.items()}
    good = records["control-good-gateway"]
    for rec in records.values():
        rec["hang"] = (rec["hung"] or rec["longest_check"] > TIMEOUT + MARGIN
                       or rec["inside"] > good["inside"] + TIMEOUT + MARGIN
                       or rec["elapsed"] > good["elapsed"] + TIMEOUT + START_MARGIN)
    figures = {"tried": len(records) - 1,
               "clear_error": sum(1 for n, r in records.items() if n != "control-good-gateway" and r["result"].get("failed")
                                  and not r["traceback"]),
               "traceback": sum(1 for r in records.values() if r["traceback"]),
               "leak": sum(1 for r in records.values() if r["leaks"]),
               "hang": sum(1 for r in records.values() if r["hang"]),
               "longest_check_s": round(max(r["longest_check"] for r in records.values()), 2),
               "slowest_inside_s": round(max(r["inside"] for r in records.values()), 2),
               "slowest_wall_s": round(max(r["elapsed"] for r in records.values()), 2),
               "good_gateway_inside_s": good["inside"], "good_gateway_wall_s": round(good["elapsed"], 2),
               "timeout_s": TIMEOUT}
    (workdir / "hostile-gateway-figures.json").write_text(json.dumps(figures, indent=2))
    lines = ["%-32s %5.2fs %5.2fs %s" % (n, r["inside"], r["elapsed"], r["result"].get("msg"))
             for n, r in sorted(records.items())]
    (workdir / "messages.txt").write_text("\n".join(lines))
    print("hostile gateway figures: %s (details in %s)" % (json.dumps(figures), workdir))
    return {"records": records, "figures": figures}


def record(runs, name):
    rec = runs["records"][name]
    assert rec["result"], "%s: no module result:\n%s" % (name, rec["output"][-3000:])
    return rec


def test_the_control_case_passes(runs):
    rec = record(runs, "control-good-gateway")
    assert not rec["result"].get("failed"), rec["result"].get("msg")
    assert rec["result"]["passed"] is True
    assert not rec["leaks"] and not rec["traceback"]


@pytest.mark.parametrize("name", sorted(SERVER_CASES))
def test_a_hostile_gateway_fails_clearly_in_time_without_leaking(runs, name):
    rec = record(runs, name)
    res = rec["result"]
    assert res.get("failed") is True, "%s did not fail: %s" % (name, json.dumps(res)[:2000])
    assert not rec["traceback"], "%s: %s" % (name, rec["output"][-3000:])
    assert SERVER_CASES[name] in res["msg"], "%s: %r lacks %r" % (name, res["msg"], SERVER_CASES[name])
    assert not rec["hang"], "%s: longest check %.1f s, %.1f s inside, %.1f s in all (timeout %d s)" % (
        name, rec["longest_check"], rec["inside"], rec["elapsed"], TIMEOUT)
    assert rec["leaks"] == [], "%s leaks %s" % (name, rec["leaks"])
    assert len(rec["output"]) < 200000, "%s: %d characters of output" % (name, len(rec["output"]))
    for check in res.get("checks", {}).values():
        assert len(check["reason"]) < 1500, (name, check["name"], check["reason"][:300])


@pytest.mark.parametrize("name", sorted(n + s for n in KEY_CASES for s in ("", "-unvalidated")))
def test_a_hostile_credential_is_refused_before_any_request(runs, name):
    rec = record(runs, name)
    res = rec["result"]
    assert res.get("failed") is True and not rec["traceback"], rec["output"][-3000:]
    assert "checks" not in res, "a request was attempted: %s" % res.get("msg")
    base = name.replace("-unvalidated", "")
    phrase = KEY_PHRASES.get(base, "inferenceGatewayApiKey contains")
    if name.endswith("-unvalidated"):
        assert phrase in res["msg"], res["msg"]
    assert rec["leaks"] == [], "%s leaks %s" % (name, rec["leaks"])
    assert "X-Injected" not in rec["output"]
    assert not rec["hang"]


def test_the_figures_are_all_clean(runs):
    figures = runs["figures"]
    assert figures["traceback"] == 0 and figures["leak"] == 0 and figures["hang"] == 0, figures
    assert figures["clear_error"] == figures["tried"], figures


PLAYBOOK_CASES = ("echo-base64", "echo-upper", "echo-basic-user-key", "trickle-body", "endless-line")


def test_hostile_cases_through_ansible_playbook_vvvv(gwlab, run_ansible, hostile_url, tmp_path):
    cases = {name.replace("-", "_"): dict(settings=settings("%s/%s" % (hostile_url, name)), timeout=TIMEOUT)
             for name in PLAYBOOK_CASES}
    cases["key_quote_newline"] = dict(settings=settings("http://127.0.0.1:9", key=KEY + "\nX-Injected: 1"),
                                      validate_settings=False, timeout=TIMEOUT)
    start = time.monotonic()
    results, proc = gwlab.run_cases(run_ansible, tmp_path, cases, forks=6, verbosity="-vvvv")
    elapsed = time.monotonic() - start
    output = proc.stdout + proc.stderr
    assert leaks(output) == [], leaks(output)
    assert leaks(json.dumps(results)) == []
    for name, res in results.items():
        assert res.get("failed") is True and "Traceback" not in str(res.get("exception")), (name, res.get("exception"))
        assert "crashed" not in res["msg"], (name, res["msg"])
    assert "longer than 256 KiB" in results["endless_line"]["msg"]
    assert "did not complete within 3" in results["trickle_body"]["msg"]
    assert "inferenceGatewayApiKey contains a line break" in results["key_quote_newline"]["msg"]
    assert elapsed < 60, "six hostile cases took %.0f s through ansible-playbook" % elapsed
