# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Smoke run of benchmarks/run.py: two hosts, one run, 20 documents.

Keeps the benchmark working; it never asserts a timing (CI machines are shared and noisy),
only that every measurement and every ratio is reported and that the hosts are gone afterwards.
Needs root (the SSH test hosts are sshd processes in mount namespaces), COWORK3P_LAB and
ANSIBLE_COLLECTIONS_PATH, as scripts/dev test provides.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from cowork3p_lab import require_lab   # tests/integration, put on sys.path by conftest.py

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "benchmarks", "run.py")

# A lab of its own: never the addresses of the Molecule scenario, the integration tests or a full benchmark run.
LAB_NAME = "bench-smoke"
LAB_NET = "127.78.1"
LAB_PORT = "2479"

FLEET = ("ping", "deploy_first", "deploy_rerun", "per_key_first", "per_key_rerun")
FLEET_RATIOS = ("deploy_first/ping", "deploy_rerun/ping", "per_key_first/ping", "per_key_rerun/ping")
RENDER = ("floor", "render", "validate_only", "templates_only")


def _check_stats(stats, what):
    assert set(stats) >= {"median", "min", "max", "runs"}, what
    assert len(stats["runs"]) == 1, what
    for key in ("median", "min", "max"):
        assert isinstance(stats[key], (int, float)) and stats[key] > 0, "%s: %s" % (what, key)
    assert stats["min"] <= stats["median"] <= stats["max"], what


def test_benchmark_smoke_run_reports_every_measurement(tmp_path):
    require_lab()
    out = tmp_path / "results"
    cmd = [sys.executable, SCRIPT, "--hosts", "2", "--runs", "1", "--warmup", "0", "--docs", "20", "--out", str(out),
           "--name", LAB_NAME, "--net", LAB_NET, "--port", LAB_PORT]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr

    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["errors"] == []
    for key in ("nproc", "cpu", "memory", "ansible_core", "controller_python"):
        assert key in results["machine"]
    assert results["config"]["runs"] == 1 and results["config"]["hosts"] == [2]

    fleet = results["fleet"]["2"]
    for name in FLEET:
        _check_stats(fleet["measurements"][name], "fleet " + name)
    for name in FLEET_RATIOS:
        ratio = fleet["ratios"][name]
        assert isinstance(ratio["ratio"], float) and ratio["ratio"] > 0, name
        assert isinstance(ratio["paired_median"], float) and ratio["paired_median"] > 0, name
    for name in ("deploy_first/ping", "deploy_rerun/ping"):
        assert fleet["targets"][name]["target"] == 1.5
        assert isinstance(fleet["targets"][name]["met"], bool)

    render = results["render"]
    assert render["documents"] == 20
    assert render["formats"] == ["mobileconfig", "reg", "json"]
    for name in RENDER:
        _check_stats(render["measurements"][name], "render " + name)
    assert render["ratios"]["render/floor"]["ratio"] > 0
    assert render["target"]["render/floor"] == 3.0 and isinstance(render["target"]["met"], bool)

    table = (out / "results.md").read_text(encoding="utf-8")
    for name in FLEET + RENDER:
        assert "| %s |" % name in table, name

    # Every host was stopped: no PID file left, nothing listening in the lab's folder.
    state = os.path.join(os.environ["COWORK3P_LAB"], LAB_NAME)
    for host in ("h1", "h2"):
        assert not os.path.exists(os.path.join(state, host, "sshd.pid")), host


SCALE_SCRIPT = os.path.join(ROOT, "benchmarks", "scale.py")


def test_scale_benchmark_smoke_run_reports_time_and_rss(tmp_path):
    """benchmarks/scale.py at N = 6 local hosts, one round: every measurement, both ratios, both targets."""
    if not os.environ.get("ANSIBLE_COLLECTIONS_PATH"):
        require_lab()
    out = tmp_path / "results"
    cmd = [sys.executable, SCALE_SCRIPT, "--hosts", "6", "--runs", "1", "--warmup", "0", "--forks", "6",
           "--out", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=600,
                          env=dict(os.environ, COWORK3P_LAB=str(tmp_path)))
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((out / "scale-results.json").read_text(encoding="utf-8"))
    assert results["errors"] == [] and results["config"]["hosts"] == [6]
    fleet = results["fleet"]["6"]
    for kind in ("ping", "deploy_first", "deploy_rerun"):
        _check_stats(fleet["seconds"][kind], "seconds " + kind)
        _check_stats(fleet["peak_rss_mib"][kind], "rss " + kind)
    for kind in ("deploy_first", "deploy_rerun"):
        for what in ("time", "rss"):
            assert fleet["ratios"][kind + "/ping"][what]["ratio"] > 0
            assert isinstance(fleet["targets"][kind][what], bool)
    table = (out / "scale-results.md").read_text(encoding="utf-8")
    assert "| 6 | deploy_rerun |" in table
    assert not [p for p in os.listdir(tmp_path) if p.startswith("c3pscale-")], "scratch folder left behind"
