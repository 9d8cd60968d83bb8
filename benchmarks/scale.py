# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller cost of cowork3p.fleet.deploy against the number of inventory hosts.

For each fleet size N (default 150, 1,000 and 5,000) one inventory of N hosts over ansible_connection: local
(each host writing its own managed-settings.json under a scratch folder, three populations), and, in the same
rounds: `ansible all -m ansible.builtin.ping` (the floor), cowork3p.fleet.deploy on empty folders (every host
changes) and the deploy again (no host changes). Wall clock of the whole command and peak RSS of the
controller process (ansible / ansible-playbook itself, not its forked workers), medians over the rounds and
ratios to the ping floor (of the medians, and paired per round).

    ANSIBLE_COLLECTIONS_PATH=... python3 benchmarks/scale.py [--hosts 150,1000,5000] [--runs 3] [--forks 50]

Writes scale-results.json and scale-results.md into --out (default benchmarks/results/). Exit code 0 when every
run did what it should, 1 when one did not, 2 when the environment is missing. Not a test: CI runs it with a
small N (tests/benchmarks/test_smoke.py) so it keeps working, and never asserts a time.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# helpers shared with run.py (this script's folder is first on sys.path when it runs)
from run import BenchError, find_tool, interpreter_of, progress, ratio_of, summary  # pylint: disable=wrong-import-position

HERE = os.path.dirname(os.path.abspath(__file__))
TIME_TARGET = 1.3
RSS_TARGET = 1.5

# Runs the given Ansible command in this process and prints the process's own peak RSS (KiB) at exit; the
# workers Ansible forks leave through os._exit and do not print.
RSS_WRAPPER = (
    "import atexit, os, resource, runpy, sys\n"
    "pid = os.getpid()\n"
    "def report():\n"
    "    if os.getpid() == pid:\n"
    "        with open(os.environ['SCALE_RSS_FILE'], 'w') as handle:\n"
    "            handle.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    "atexit.register(report)\n"
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


def settings_for(population):
    return {
        "inferenceProvider": "gateway",
        "inferenceGatewayBaseUrl": "https://llm-gateway-%d.example.corp" % population,
        "inferenceGatewayApiKey": "sk-scale-bench-%d-0123456789abcdef" % population,
        "inferenceCustomHeaders": {"X-Org-Id": "org-%d" % population},
        "inferenceModels": ["claude-sonnet-4-5", "claude-opus-4-1"][:1 + population % 2],
        "disableAutoUpdates": population % 2 == 0,
        "autoUpdaterEnforcementHours": 24 + population,
    }


class Fleet:
    """An inventory of N local hosts and the scratch folder their files go to."""

    def __init__(self, count, args, work):
        self.count = count
        self.args = args
        self.work = os.path.join(work, "n%d" % count)
        self.scratch = os.path.join(self.work, "hosts")
        os.makedirs(self.scratch)
        self.inventory = os.path.join(self.work, "inventory.json")
        self.config = os.path.join(self.work, "ansible.cfg")
        self.summary = os.path.join(self.work, "summary.json")
        self.hosts = ["h%05d" % i for i in range(1, count + 1)]
        groups = {}
        for index, host in enumerate(self.hosts):
            groups.setdefault("pop%d" % (index % 3), {})[host] = {}
        inventory = {"all": {
            "vars": {
                "ansible_connection": "local",
                "ansible_python_interpreter": sys.executable,
                "cowork3p_os": "linux",
                "cowork3p_linux_path": self.scratch + "/{{ inventory_hostname }}/managed-settings.json",
                "cowork3p_linux_owner": _user(), "cowork3p_linux_group": _group(),
            },
            "children": {name: {"hosts": members, "vars": {"cowork3p_settings": settings_for(i)}}
                         for i, (name, members) in enumerate(sorted(groups.items()))},
        }}
        with open(self.inventory, "w", encoding="utf-8") as handle:
            json.dump(inventory, handle)
        with open(self.config, "w", encoding="utf-8") as handle:
            handle.write("\n".join([
                "[defaults]", "inventory = %s" % self.inventory, "forks = %d" % args.forks, "gathering = explicit",
                "host_key_checking = False", "retry_files_enabled = False", "deprecation_warnings = False",
                "localhost_warning = False", ""]))
        self.env = dict(os.environ, ANSIBLE_CONFIG=self.config, ANSIBLE_NOCOLOR="1",
                        ANSIBLE_LOCAL_TEMP=os.path.join(self.work, "tmp"))
        for name in ("ANSIBLE_CALLBACKS_ENABLED", "ANSIBLE_STDOUT_CALLBACK", "ANSIBLE_STRATEGY", "ANSIBLE_FORKS",
                     "ANSIBLE_INVENTORY", "ANSIBLE_GATHERING"):
            self.env.pop(name, None)

    def wipe(self):
        shutil.rmtree(self.scratch)
        os.makedirs(self.scratch)

    def command(self, kind, tools):
        if kind == "ping":
            return [tools["ansible"], "all", "-m", "ansible.builtin.ping", "-o"]
        return [tools["ansible-playbook"], "cowork3p.fleet.deploy", "-e", "cowork3p_summary_file=%s" % self.summary]

    def run(self, kind, tools):
        """(seconds, peak RSS in MiB); raises RuntimeError when the run did not do what it should."""
        rss_file = os.path.join(self.work, "rss")
        log = os.path.join(self.work, "%s.log" % kind)
        cmd = [interpreter_of(tools["ansible"]), "-c", RSS_WRAPPER] + self.command(kind, tools)
        if os.path.exists(self.summary):
            os.unlink(self.summary)
        start = time.perf_counter()
        with open(log, "w", encoding="utf-8") as out:
            proc = subprocess.Popen(cmd, env=dict(self.env, SCALE_RSS_FILE=rss_file), cwd=self.work, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            try:
                code = proc.wait(timeout=self.args.timeout)
            except BaseException:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise
        seconds = time.perf_counter() - start
        problem = self.check(kind, code, log)
        if problem:
            raise RuntimeError("%s at N=%d: %s (output in %s)" % (kind, self.count, problem, log))
        with open(rss_file, encoding="utf-8") as handle:
            rss = int(handle.read()) / 1024.0
        return seconds, rss

    def check(self, kind, code, log):
        if code != 0:
            return "exit code %d" % code
        if kind == "ping":
            with open(log, encoding="utf-8", errors="replace") as handle:
                answered = sum(1 for line in handle if " | SUCCESS => " in line)
            return "" if answered == self.count else "%d of %d hosts answered" % (answered, self.count)
        with open(self.summary, encoding="utf-8") as handle:
            summary = json.load(handle)
        wanted = "changed" if kind == "deploy_first" else "unchanged"
        if len(summary[wanted]) != self.count:
            return "%d of %d hosts %s" % (len(summary[wanted]), self.count, wanted)
        return ""


def _user():
    import pwd  # pylint: disable=import-outside-toplevel
    return pwd.getpwuid(os.getuid()).pw_name


def _group():
    import grp  # pylint: disable=import-outside-toplevel
    return grp.getgrgid(os.getgid()).gr_name


def measure(fleet, tools, runs, warmup):
    kinds = ("ping", "deploy_first", "deploy_rerun")
    seconds = {k: [] for k in kinds}
    rss = {k: [] for k in kinds}
    for round_no in range(warmup + runs):
        # ping before or after the deploy pair, alternately; the pair stays in order (first, then re-run)
        order = [("ping",), ("deploy_first", "deploy_rerun")]
        if round_no % 2:
            order.reverse()
        for group in order:
            if group[0] == "deploy_first":
                fleet.wipe()
            for kind in group:
                wall, peak = fleet.run(kind, tools)
                label = "warm-up" if round_no < warmup else "round %d/%d" % (round_no - warmup + 1, runs)
                progress("N=%d %s %-13s %8.2f s %8.1f MiB" % (fleet.count, label, kind, wall, peak))
                if round_no >= warmup:
                    seconds[kind].append(wall)
                    rss[kind].append(peak)
    result = {"hosts": fleet.count, "seconds": {k: summary(v) for k, v in seconds.items()},
              "peak_rss_mib": {k: summary(v) for k, v in rss.items()}, "ratios": {}, "targets": {}}
    for kind in ("deploy_first", "deploy_rerun"):
        time_ratio = ratio_of(seconds[kind], seconds["ping"])
        rss_ratio = ratio_of(rss[kind], rss["ping"])
        result["ratios"][kind + "/ping"] = {"time": time_ratio, "rss": rss_ratio}
        result["targets"][kind] = {"time": time_ratio["ratio"] <= TIME_TARGET, "rss": rss_ratio["ratio"] <= RSS_TARGET}
    return result


def markdown(results):
    out = ["# cowork3p.fleet controller cost against fleet size", "",
           "Machine: %(nproc)s CPU(s), %(system)s, Python %(python)s, %(ansible)s. Forks %(forks)d, "
           "ansible_connection local, %(runs)d measured round(s) after %(warmup)d warm-up." % results["config"], "",
           "| N | measurement | wall median (s) | min | max | x ping | x ping, paired | peak RSS (MiB) | x ping RSS |",
           "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for key in sorted(results["fleet"], key=int):
        fleet = results["fleet"][key]
        for kind in ("ping", "deploy_first", "deploy_rerun"):
            s = fleet["seconds"][kind]
            unit = {"time": {"ratio": 1.0, "paired_median": 1.0}, "rss": {"ratio": 1.0}}
            r = fleet["ratios"].get(kind + "/ping", unit)
            out.append("| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f |" % (
                key, kind, s["median"], s["min"], s["max"], r["time"]["ratio"], r["time"]["paired_median"],
                fleet["peak_rss_mib"][kind]["median"], r["rss"]["ratio"]))
    out += ["", "Targets: deploy at most %.1fx the ping floor's wall time and %.1fx its peak RSS at every size." % (
        TIME_TARGET, RSS_TARGET)]
    for key in sorted(results["fleet"], key=int):
        for kind, met in results["fleet"][key]["targets"].items():
            out.append("- N = %s, %s: time %s, RSS %s" % (key, kind, "met" if met["time"] else "NOT met",
                                                          "met" if met["rss"] else "NOT met"))
    if results["errors"]:
        out += ["", "## Errors", ""] + ["- " + e for e in results["errors"]]
    return "\n".join(out) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--hosts", default="150,1000,5000", help="fleet sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="measured rounds (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    parser.add_argument("--forks", type=int, default=50, help="Ansible forks for every command (default 50)")
    parser.add_argument("--out", default=os.path.join(HERE, "results"), help="output folder")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds one command may take")
    args = parser.parse_args(argv)
    counts = [int(x) for x in args.hosts.split(",") if x.strip()]
    if not counts or min(counts) < 1 or args.runs < 1 or args.warmup < 0 or args.forks < 1:
        parser.error("--hosts, --runs and --forks must be positive, --warmup at least 0")
    if not os.environ.get("ANSIBLE_COLLECTIONS_PATH"):
        sys.stderr.write("error: set ANSIBLE_COLLECTIONS_PATH to where cowork3p.fleet is installed\n")
        return 2
    try:
        tools = {"ansible": find_tool("ansible"), "ansible-playbook": find_tool("ansible-playbook")}
    except BenchError as exc:
        sys.stderr.write("error: %s\n" % exc)
        return 2
    version = subprocess.run([tools["ansible"], "--version"], capture_output=True, text=True, check=False).stdout
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="c3pscale-", dir=os.environ.get("COWORK3P_LAB") or None)
    started = time.time()
    results = {"config": {"hosts": counts, "runs": args.runs, "warmup": args.warmup, "forks": args.forks,
                          "nproc": os.cpu_count(), "system": platform.platform(), "python": platform.python_version(),
                          "ansible": version.splitlines()[0] if version else "?",
                          "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")},
               "fleet": {}, "errors": []}

    try:
        for count in counts:
            fleet = Fleet(count, args, work)
            try:
                results["fleet"][str(count)] = measure(fleet, tools, args.runs, args.warmup)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                results["errors"].append(str(exc))
            finally:
                shutil.rmtree(fleet.scratch, ignore_errors=True)
    finally:
        results["seconds"] = round(time.time() - started, 1)
        with open(os.path.join(args.out, "scale-results.json"), "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2, sort_keys=True)
        with open(os.path.join(args.out, "scale-results.md"), "w", encoding="utf-8") as handle:
            handle.write(markdown(results))
        if not results["errors"]:
            shutil.rmtree(work, ignore_errors=True)
    sys.stdout.write(markdown(results))
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
