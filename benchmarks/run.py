# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmarks of cowork3p.fleet: fleet converge against the Ansible floor, and render throughput.

    python3 benchmarks/run.py [--hosts 10,30] [--runs 5] [--docs 1000] [--out DIR] [--profile]

Needs root (the SSH test hosts are sshd processes in their own mount namespaces, see
tests/lab/lo-up.sh), COWORK3P_LAB (scratch directory) and ANSIBLE_COLLECTIONS_PATH (where
cowork3p.fleet, community.general and, for --profile, ansible.posix are found). Run it with the
Python that has ansible-core installed (or with that Python's bin directory first on PATH).

Every measurement of a fleet size is taken in the same invocation, interleaved round by round, so the
ratios compare numbers taken under the same load. Writes results.json and results.md into --out.
See benchmarks/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import json
import os
import platform
import plistlib
import pstats
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LO_UP = os.path.join(ROOT, "tests", "lab", "lo-up.sh")
LO_DOWN = os.path.join(ROOT, "tests", "lab", "lo-down.sh")

FLEET_MEASUREMENTS = ("ping", "deploy_first", "deploy_rerun", "per_key_first", "per_key_rerun")
DESCRIPTIONS = {
    "ping": "ansible all -m ansible.builtin.ping (the floor: one module round trip per host)",
    "deploy_first": "ansible-playbook cowork3p.fleet.deploy, every host without the file (every host changes)",
    "deploy_rerun": "ansible-playbook cowork3p.fleet.deploy again (no host changes)",
    "per_key_first": "one community.general.ini_file call per key and host, every key changes",
    "per_key_rerun": "the same per-key playbook again (no key changes)",
    "deploy_one_batch": "cowork3p.fleet.deploy with cowork3p_batches=['100%'] (no canary batches)",
    "deploy_reverify": "cowork3p.fleet.deploy with cowork3p_reverify=true (a separate read-only pass after each batch)",
    "lean_managed_file": "not shipped: one run_once render task + one cowork3p.fleet.managed_file task per host",
    "baseline_first": "cowork3p.fleet.deploy from the --baseline collection copy, every host changes",
    "baseline_rerun": "cowork3p.fleet.deploy from the --baseline collection copy again (no host changes)",
    "floor": "json.dumps + plistlib.dumps of every document",
    "render": "check_settings + render_bytes into mobileconfig, reg and json of every document",
    "validate_only": "check_settings of every document",
    "templates_only": "render_bytes into the three formats of every (already validated) document",
}
# --variants: the same deploy playbook with the role's own knobs turned, to show what each one costs.
VARIANTS = {
    "deploy_one_batch": {"cowork3p_batches": ["100%"]},
    "deploy_reverify": {"cowork3p_reverify": True},
}
# Targets of the project (issue 5): deploy at most 1.5x the ping floor at N = 30, rendering at most 3x its floor.
DEPLOY_TARGET = 1.5
DEPLOY_TARGET_HOSTS = 30
RENDER_TARGET = 3.0
RENDER_FORMATS = ("mobileconfig", "reg", "json")
PER_KEY_FILE = "/etc/claude-desktop/per-key-settings.ini"
PER_KEY_SECTION = "com.anthropic.claudefordesktop"

PER_KEY_PLAYBOOK = """---
# What many fleets do for per-key preferences: one module call per key (osx_defaults on macOS,
# win_regedit on Windows). On the Linux test hosts each key is one community.general.ini_file call.
- name: Write the settings one key at a time
  hosts: all
  gather_facts: false
  tasks:
    - name: Write one setting
      community.general.ini_file:
        path: "{{ bench_per_key_file }}"
        section: "{{ bench_per_key_section }}"
        option: "{{ item.key }}"
        value: "{{ item.value }}"
        owner: root
        group: root
        mode: "0644"
      loop: "{{ bench_per_key_items }}"
      loop_control:
        label: "{{ item.key }}"
"""

LEAN_PLAYBOOK = """---
# Not shipped: the smallest playbook that delivers the same file with this collection's own pieces, to show
# how close a deploy can get to the ping floor (render once on the controller, one module call per host).
- name: Deliver the Linux managed settings in one task per host
  hosts: all
  gather_facts: false
  tasks:
    - name: Validate and render once on the controller
      ansible.builtin.set_fact:
        bench_rendered: "{{ cowork3p_settings | cowork3p.fleet.to_managed_json }}"
      delegate_to: localhost
      run_once: true
      no_log: true

    - name: Deliver the file
      cowork3p.fleet.managed_file:
        path: /etc/claude-desktop/managed-settings.json
        content: "{{ bench_rendered }}"
        format: json
        owner: root
        group: root
        mode: "0644"
        directory_owner: root
        directory_group: root
        directory_mode: "0755"
"""

RECAP_LINE = re.compile(r"^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$")


class BenchError(Exception):
    """A setup problem or a measured run that did not do what it should."""


def _stop(signum, _frame):
    raise SystemExit("stopped by signal %d" % signum)


# ------------------------------------------------------------------------------------------------ helpers
def summary(values):
    """median / min / max / every value, in seconds."""
    return {
        "median": round(statistics.median(values), 4),
        "min": round(min(values), 4),
        "max": round(max(values), 4),
        "runs": [round(v, 4) for v in values],
    }


def ratio_of(numerators, denominators):
    """Ratio of the medians, and the median of the ratios of the same rounds (paired)."""
    num = statistics.median(numerators)
    den = statistics.median(denominators)
    paired = [n / d for n, d in zip(numerators, denominators) if d > 0]
    return {
        "ratio": round(num / den, 3) if den > 0 else None,
        "paired_median": round(statistics.median(paired), 3) if paired else None,
    }


def find_tool(name):
    """An Ansible command next to this Python first, then on PATH."""
    here = os.path.dirname(sys.executable)
    found = shutil.which(name, path=here + os.pathsep + os.environ.get("PATH", ""))
    if not found:
        raise BenchError("%s not found next to %s nor on PATH: run this script with the Python that has "
                         "ansible-core (e.g. /path/to/venv/bin/python benchmarks/run.py)" % (name, sys.executable))
    return found


def interpreter_of(script):
    """The Python that runs an installed console script (its shebang), else this one."""
    try:
        with open(script, "rb") as handle:
            first = handle.readline().decode("utf-8", "replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!") and "python" in first:
        return first[2:].strip().split()[0]
    return sys.executable


def collection_dir(paths, namespace, name):
    for base in paths:
        candidate = os.path.join(base, "ansible_collections", namespace, name)
        if os.path.isdir(candidate):
            return candidate
    return None


def command_output(cmd):
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout + done.stderr).strip()


def machine_info(ansible_bin):
    info = {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": "",
        "memory": "",
        "kernel": platform.release(),
        "system": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    info["memory"] = "%.1f GiB" % (int(line.split()[1]) / 1024.0 / 1024.0)
                    break
    except OSError:
        pass
    version = command_output([ansible_bin, "--version"])
    match = re.search(r"core ([0-9][^\]\s]*)", version)
    info["ansible_core"] = match.group(1) if match else "unknown"
    match = re.search(r"python version = ([0-9.]+)", version)
    info["controller_python"] = match.group(1) if match else platform.python_version()
    info["target_python"] = command_output(["/usr/bin/python3", "--version"]).replace("Python ", "")
    info["openssh"] = command_output(["ssh", "-V"])
    info["benchmark_python"] = platform.python_version()
    return info


# ------------------------------------------------------------------------------------------------ documents
def settings_document(index):
    """A valid, realistic gateway document; every index gives different values (seeded, reproducible)."""
    rnd = random.Random(index)
    models = ["claude-sonnet-4-5",
              {"name": "claude-opus-4-1", "labelOverride": "Opus (team %d)" % index, "supports1m": rnd.random() < 0.5},
              "claude-haiku-4-5"][:1 + index % 3]
    return {
        "inferenceProvider": "gateway",
        "inferenceGatewayBaseUrl": "https://llm-gateway-%d.example.corp" % index,
        "inferenceGatewayAuthScheme": "bearer",
        "inferenceGatewayApiKey": "sk-bench-%032x" % rnd.getrandbits(128),
        "inferenceCustomHeaders": {"X-Org-Id": "org-%05d" % index, "X-Cost-Center": "cc-%d" % rnd.randint(1, 999)},
        "inferenceModels": models,
        "deploymentOrganizationUuid": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
        "disableDeploymentModeChooser": rnd.random() < 0.5,
        "disableNonessentialTelemetry": rnd.random() < 0.5,
        "disableAutoUpdates": False,
        "autoUpdaterEnforcementHours": rnd.randint(1, 72),
        "coworkEgressAllowedHosts": ["*.example.corp", "pypi.org:443", "team-%d.example.net" % index],
        "mcpToolTimeoutSec": rnd.randint(30, 600),
        "organizationInstructions": "Team %d: prefer internal mirrors & say so when a <secret> may be involved." % index,
    }


def per_key_items(settings):
    """[{key, value}] as a per-key tool writes them: one string per key (JSON text for lists and objects)."""
    items = []
    for key in sorted(settings):
        value = settings[key]
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, (int, float, str)):
            text = str(value)
        else:
            text = json.dumps(value, separators=(",", ":"), sort_keys=True)
        items.append({"key": key, "value": text})
    return items


# ------------------------------------------------------------------------------------------------ rendering
def import_render_core(collections_paths):
    for base in reversed(collections_paths):
        if base not in sys.path:
            sys.path.insert(0, base)
    try:
        from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _templating  # pylint: disable=import-outside-toplevel
    except ImportError as exc:
        raise BenchError("cannot import the render core of cowork3p.fleet from ANSIBLE_COLLECTIONS_PATH (%s); "
                         "it needs jinja2 in this Python" % exc)
    return _templating


def floor_pass(docs):
    for doc in docs:
        json.dumps(doc).encode("utf-8")
        plistlib.dumps(doc)


def render_pass(templating, docs):
    # what the render action does for each document: validate once, render the formats, encode the bytes
    for doc in docs:
        settings = templating.check_settings(doc).settings
        for fmt, text in templating.render_texts(RENDER_FORMATS, settings).items():
            templating.to_bytes(fmt, text)


def validate_pass(templating, docs):
    for doc in docs:
        templating.check_settings(doc)


def templates_pass(templating, normalised):
    for settings in normalised:
        for fmt, text in templating.render_texts(RENDER_FORMATS, settings).items():
            templating.to_bytes(fmt, text)


def _timed(func, *args):
    """CPU seconds of this process: rendering is single-threaded, and CPU time ignores other processes' load."""
    start = time.process_time()
    func(*args)
    return time.process_time() - start


def bench_render(templating, count, runs, out_dir, profile):
    docs = [settings_document(i) for i in range(count)]
    normalised = []
    for i, doc in enumerate(docs):
        try:
            report = templating.check_settings(doc)
        except templating.RenderError as exc:
            raise BenchError("generated settings document %d does not validate: %s" % (i, exc))
        if report.warnings:
            raise BenchError("generated settings document %d has warnings: %s" % (i, report.warnings[0].text))
        normalised.append(report.settings)
    # One untimed pass of each warms the template cache and the import of every helper.
    floor_pass(docs[:10])
    render_pass(templating, docs[:10])
    times = {"floor": [], "render": [], "validate_only": [], "templates_only": []}
    for round_no in range(runs):
        order = ["floor", "render", "validate_only", "templates_only"]
        if round_no % 2:
            order.reverse()
        for name in order:
            if name == "floor":
                times[name].append(_timed(floor_pass, docs))
            elif name == "render":
                times[name].append(_timed(render_pass, templating, docs))
            elif name == "validate_only":
                times[name].append(_timed(validate_pass, templating, docs))
            else:
                times[name].append(_timed(templates_pass, templating, normalised))
    result = {
        "documents": count,
        "keys_per_document": len(docs[0]),
        "formats": list(RENDER_FORMATS),
        "floor": "json.dumps(doc) + plistlib.dumps(doc) of each document (standard library, no validation)",
        "clock": "CPU time of the benchmark process (time.process_time)",
        "measurements": {name: summary(values) for name, values in times.items()},
        "per_document_ms": {name: round(statistics.median(values) * 1000.0 / count, 4) for name, values in times.items()},
        "ratios": {
            "render/floor": ratio_of(times["render"], times["floor"]),
            "validate_only/floor": ratio_of(times["validate_only"], times["floor"]),
            "templates_only/floor": ratio_of(times["templates_only"], times["floor"]),
        },
    }
    ratio = result["ratios"]["render/floor"]["ratio"]
    result["target"] = {"render/floor": RENDER_TARGET, "met": ratio is not None and ratio <= RENDER_TARGET}
    if profile:
        prof = cProfile.Profile()
        prof.enable()
        render_pass(templating, docs)
        prof.disable()
        path = os.path.join(out_dir, "profile-render.txt")
        with open(path, "w", encoding="utf-8") as handle:
            for key in ("tottime", "cumulative"):
                text = io.StringIO()
                pstats.Stats(prof, stream=text).strip_dirs().sort_stats(key).print_stats(35)
                title = "==== %d documents x %s, sorted by %s" % (count, "/".join(RENDER_FORMATS), key)
                handle.write("%s\n%s\n" % (title, text.getvalue()))
        result["profile"] = os.path.basename(path)
    return result


# ------------------------------------------------------------------------------------------------ fleet
class Fleet:
    """N SSH test hosts (tests/lab/lo-up.sh) plus the inventory, config and playbooks to measure them."""

    def __init__(self, args, count, tools, collections_path, out_dir):
        self.args = args
        self.count = count
        self.tools = tools
        self.out_dir = out_dir
        self.lab = os.environ["COWORK3P_LAB"]
        self.state = os.path.join(self.lab, args.name)
        self.work = tempfile.mkdtemp(prefix="c3pbench-")
        self.control_dir = os.path.join(self.work, "cp")
        os.mkdir(self.control_dir, 0o700)
        self.settings = settings_document(0)
        self.items = per_key_items(self.settings)
        self.inventory = os.path.join(self.work, "inventory.json")
        self.config = os.path.join(self.work, "ansible.cfg")
        self.per_key_playbook = os.path.join(self.work, "per_key.yml")
        self.lean_playbook = os.path.join(self.work, "lean.yml")
        self.env = dict(os.environ)
        self.env.update({
            "ANSIBLE_CONFIG": self.config,
            "ANSIBLE_COLLECTIONS_PATH": collections_path,
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_LOCAL_TEMP": os.path.join(self.work, "tmp"),
        })
        for name in ("ANSIBLE_CALLBACKS_ENABLED", "ANSIBLE_STDOUT_CALLBACK", "ANSIBLE_STRATEGY", "ANSIBLE_FORKS",
                     "ANSIBLE_PIPELINING", "ANSIBLE_GATHERING", "ANSIBLE_INVENTORY"):
            self.env.pop(name, None)
        self.up_done = False
        self.log_no = 0

    def lab_env(self):
        return dict(os.environ, COWORK3P_LAB=self.lab, COWORK3P_LAB_NAME=self.args.name,
                    COWORK3P_LAB_HOSTS=str(self.count), COWORK3P_LAB_NET=self.args.net,
                    COWORK3P_LAB_PORT=str(self.args.port), COWORK3P_LAB_KEEP="0")

    def up(self):
        # Hosts of an earlier size (or a crashed run) go first, so exactly N hosts answer.
        subprocess.run(["bash", LO_DOWN], env=self.lab_env(), check=False, capture_output=True)
        self.up_done = True
        done = subprocess.run(["bash", LO_UP], env=self.lab_env(), check=False, capture_output=True, text=True)
        if done.returncode != 0:
            raise BenchError("tests/lab/lo-up.sh failed for %d hosts:\n%s%s" % (self.count, done.stdout, done.stderr))
        self.write_files()

    def down(self):
        if self.up_done:
            subprocess.run(["bash", LO_DOWN], env=self.lab_env(), check=False, capture_output=True)
        # The SSH control masters that ansible started for this run: end each one by its socket.
        if os.path.isdir(self.control_dir):
            for sock in sorted(os.listdir(self.control_dir)):
                try:
                    subprocess.run(["ssh", "-o", "ControlPath=" + os.path.join(self.control_dir, sock), "-O", "exit",
                                    "bench-host"], check=False, capture_output=True, timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    pass
        shutil.rmtree(self.work, ignore_errors=True)

    def write_files(self):
        hosts = {"h%d" % i: {"ansible_host": "%s.%d" % (self.args.net, 10 + i)} for i in range(1, self.count + 1)}
        inventory = {"all": {"hosts": hosts, "vars": {
            "ansible_user": "root",
            "ansible_port": self.args.port,
            "ansible_ssh_private_key_file": os.path.join(self.state, "id_ed25519"),
            "ansible_python_interpreter": "/usr/bin/python3",
            # Known to the role without a round trip: no fact gathering at all.
            "cowork3p_os": "linux",
            "cowork3p_settings": self.settings,
            "bench_per_key_items": self.items,
            "bench_per_key_file": PER_KEY_FILE,
            "bench_per_key_section": PER_KEY_SECTION,
        }}}
        with open(self.inventory, "w", encoding="utf-8") as handle:
            json.dump(inventory, handle, indent=1)
        forks = max(self.count, self.args.forks or 0)
        with open(self.config, "w", encoding="utf-8") as handle:
            handle.write("\n".join([
                "[defaults]",
                "inventory = %s" % self.inventory,
                "forks = %d" % forks,
                "gathering = explicit",
                "host_key_checking = False",
                "retry_files_enabled = False",
                "deprecation_warnings = False",
                "interpreter_python = /usr/bin/python3",
                "",
                "[ssh_connection]",
                "pipelining = True",
                "control_path_dir = %s" % self.control_dir,
                "ssh_args = -C -o ControlMaster=auto -o ControlPersist=300s -o StrictHostKeyChecking=no "
                "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=10",
                "",
            ]))
        with open(self.per_key_playbook, "w", encoding="utf-8") as handle:
            handle.write(PER_KEY_PLAYBOOK)
        with open(self.lean_playbook, "w", encoding="utf-8") as handle:
            handle.write(LEAN_PLAYBOOK)

    def wipe(self):
        """Empty every host's /etc/claude-desktop (a private folder on this machine): the next run is a first run."""
        for i in range(1, self.count + 1):
            folder = os.path.join(self.state, "h%d" % i, "root", "etc-claude-desktop")
            if not os.path.isdir(folder):
                raise BenchError("host h%d has no private folder %s" % (i, folder))
            for entry in os.listdir(folder):
                path = os.path.join(folder, entry)
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path)
                else:
                    os.unlink(path)
            os.chmod(folder, 0o755)

    def command(self, kind):
        if kind == "ping":
            return [self.tools["ansible"], "all", "-m", "ansible.builtin.ping"]
        if kind.startswith("deploy") or kind.startswith("baseline"):
            cmd = [self.tools["ansible-playbook"], "cowork3p.fleet.deploy"]
            variant = VARIANTS.get(kind.rsplit("_", 1)[0])
            if variant:
                cmd += ["-e", json.dumps(variant)]
            return cmd
        if kind.startswith("lean"):
            return [self.tools["ansible-playbook"], self.lean_playbook]
        return [self.tools["ansible-playbook"], self.per_key_playbook]

    def run(self, kind, env_extra=None, prefix=None):
        """Run one measured command; returns (seconds, output). Raises BenchError when it did not work."""
        env = dict(self.env, **(env_extra or {}))
        if kind.startswith("baseline"):
            env["ANSIBLE_COLLECTIONS_PATH"] = self.args.baseline
        cmd = (prefix or []) + self.command(kind)
        start = time.perf_counter()
        done = run_group(cmd, env, self.work, self.args.timeout)
        seconds = time.perf_counter() - start
        problem = self.check(kind, done.returncode, done.stdout)
        if problem:
            self.log_no += 1
            path = os.path.join(self.out_dir, "failed-N%d-%s-%d.log" % (self.count, kind, self.log_no))
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("$ %s\n%s" % (" ".join(cmd), done.stdout))
            raise BenchError("%s on %d hosts: %s (output in %s)" % (kind, self.count, problem, path))
        return seconds, done.stdout

    def check(self, kind, returncode, output):
        """Why the run does not count ('' when it does what the measurement says)."""
        if returncode != 0:
            return "exit code %d" % returncode
        hosts = ["h%d" % i for i in range(1, self.count + 1)]
        if kind == "ping":
            found = set(re.findall(r"^(h\d+) \| SUCCESS", output, re.M))
            missing = sorted(set(hosts) - found)
            return "no pong from %s" % ", ".join(missing) if missing else ""
        recap = {}
        for line in output.splitlines():
            match = RECAP_LINE.match(line.strip())
            if match:
                recap[match.group(1)] = {k: int(v) for k, v in (p.split("=") for p in match.group(2).split())}
        # deploy: the recap counts changed tasks (one delivery per host); per key: count the changed loop items.
        first = kind.endswith("_first")
        wanted = (len(self.items) if kind.startswith("per_key") else 1) if first else 0
        items = {}
        for host in re.findall(r"^changed: \[(h\d+)\] => \(item=", output, re.M):
            items[host] = items.get(host, 0) + 1
        for host in hosts:
            if host not in recap:
                return "%s is missing from the PLAY RECAP" % host
            stats = recap[host]
            if stats.get("failed") or stats.get("unreachable"):
                return "%s failed or was unreachable" % host
            changed = items.get(host, 0) if kind.startswith("per_key") else stats.get("changed", 0)
            if changed != wanted:
                return "%s reported %d change(s), expected %d" % (host, changed, wanted)
        return ""

    # -- measuring -------------------------------------------------------------------------------------
    def measure(self, runs, warmup, variants=False, per_key=True):
        groups = [("ping",), ("deploy_first", "deploy_rerun")] + ([("per_key_first", "per_key_rerun")] if per_key else [])
        if variants:
            groups += [(name + "_first", name + "_rerun") for name in list(VARIANTS) + ["lean_managed_file"]]
        if self.args.baseline:
            groups.append(("baseline_first", "baseline_rerun"))
        times = {kind: [] for group in groups for kind in group}
        self.run("ping")   # opens the SSH control masters every measurement then shares
        for round_no in range(warmup):
            progress("  N=%d warm-up round %d/%d" % (self.count, round_no + 1, warmup))
            for group in groups:
                self.wipe()
                for kind in group:
                    self.run(kind)
        for round_no in range(runs):
            # Rotate the order of the groups so no measurement always runs right after the same one.
            shift = round_no % len(groups)
            for group in groups[shift:] + groups[:shift]:
                self.wipe()
                for kind in group:
                    seconds, _output = self.run(kind)
                    times[kind].append(seconds)
                    progress("  N=%d round %d/%d %-34s %7.2f s" % (self.count, round_no + 1, runs, kind, seconds))
        return times

    def profile(self):
        """Per-task times (profile_tasks) and the controller's own profile of one deploy first run and re-run."""
        files = {}
        env = {"ANSIBLE_CALLBACKS_ENABLED": "ansible.posix.profile_tasks,ansible.posix.profile_roles",
               "PROFILE_TASKS_TASK_OUTPUT_LIMIT": "40", "PROFILE_TASKS_SORT_ORDER": "descending"}
        python = interpreter_of(self.tools["ansible-playbook"])
        for kind in ("deploy_first", "deploy_rerun", "per_key_first"):
            if kind.endswith("first"):
                self.wipe()
            stats_file = os.path.join(self.work, "%s.prof" % kind)
            seconds, output = self.run(kind, env, prefix=[python, "-m", "cProfile", "-o", stats_file])
            path = os.path.join(self.out_dir, "profile-N%d-%s.txt" % (self.count, kind))
            text = io.StringIO()
            stats = pstats.Stats(stats_file, stream=text).strip_dirs()
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(25)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("==== %s on %d hosts: %.2f s wall clock (under cProfile)\n" % (kind, self.count, seconds))
                handle.write("==== per-task and per-role times (ansible.posix.profile_tasks / profile_roles)\n")
                handle.write(_profile_section(output))
                handle.write("\n==== controller process (cProfile of ansible-playbook; worker processes not included)\n")
                handle.write(text.getvalue())
            files[kind] = os.path.basename(path)
        return files


def run_group(cmd, env, cwd, timeout):
    """Run a command in its own process group; if it times out or this script is stopped, end the whole group
    (ansible's forked workers included, which would otherwise outlive their parent)."""
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        output, _unused = proc.communicate(timeout=timeout)
    except BaseException:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                continue
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, output, None)


def _profile_section(output):
    """The profile_tasks / profile_roles summary at the end of a playbook's output."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("PLAY RECAP"):
            return "\n".join(lines[i:]) + "\n"
    return output[-8000:]


def progress(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def fleet_result(count, times):
    result = {"hosts": count, "measurements": {name: summary(values) for name, values in times.items()}, "ratios": {}}
    for name in times:
        if name != "ping":
            result["ratios"][name + "/ping"] = ratio_of(times[name], times["ping"])
    targets = {}
    for name in ("deploy_first/ping", "deploy_rerun/ping"):
        ratio = result["ratios"][name]["ratio"]
        targets[name] = {"target": DEPLOY_TARGET, "met": ratio is not None and ratio <= DEPLOY_TARGET,
                         "applies": count == DEPLOY_TARGET_HOSTS}
    result["targets"] = targets
    return result


# ------------------------------------------------------------------------------------------------ report
def markdown(results):
    out = ["# cowork3p.fleet benchmarks", ""]
    m = results["machine"]
    out.append("Machine: %s CPU(s) %s, %s RAM, %s; ansible-core %s on Python %s (controller), targets Python %s; %s." % (
        m["nproc"], m["cpu"] or "?", m["memory"] or "?", m["system"], m["ansible_core"], m["controller_python"],
        m["target_python"], m["openssh"]))
    cfg = results["config"]
    out.append("Runs: median of %d (after %d warm-up round(s)), forks = N, pipelining on, no fact gathering, "
               "%d keys per settings document. Started %s, took %.0f s." % (
                   cfg["runs"], cfg["warmup"], cfg["keys_per_document"], results["started"], results["seconds"]))
    out.append("")
    if results["fleet"]:
        out.append("## Fleet converge (wall clock of the whole command, seconds)")
        out.append("")
        out.append("| N | measurement | median | min | max | x ping (ratio of medians) | x ping (paired) |")
        out.append("|---:|---|---:|---:|---:|---:|---:|")
        for key in sorted(results["fleet"], key=int):
            fleet = results["fleet"][key]
            for name in fleet["measurements"]:
                s = fleet["measurements"][name]
                r = fleet["ratios"].get("%s/ping" % name, {"ratio": 1.0, "paired_median": 1.0})
                out.append("| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f |" % (
                    key, name, s["median"], s["min"], s["max"], r["ratio"], r["paired_median"]))
        out.append("")
        out.append("Target: deploy first run and re-run at most %.1fx the ping floor at N = %d." % (
            DEPLOY_TARGET, DEPLOY_TARGET_HOSTS))
        for key in sorted(results["fleet"], key=int):
            for name, t in results["fleet"][key]["targets"].items():
                if t["applies"]:
                    ratio = results["fleet"][key]["ratios"][name]["ratio"]
                    out.append("- N = %s, %s = %.2f: %s" % (key, name, ratio, "met" if t["met"] else "NOT met"))
        out.append("")
    if results.get("render"):
        r = results["render"]
        out.append("## Controller-side rendering of %d distinct documents into %s (CPU seconds)" % (
            r["documents"], ", ".join(r["formats"])))
        out.append("")
        out.append("| measurement | median | min | max | per document (ms) | x floor (ratio of medians) | x floor (paired) |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for name in ("floor", "render", "validate_only", "templates_only"):
            s = r["measurements"][name]
            ratio = r["ratios"].get("%s/floor" % name, {"ratio": 1.0, "paired_median": 1.0})
            out.append("| %s | %.3f | %.3f | %.3f | %.3f | %.2f | %.2f |" % (
                name, s["median"], s["min"], s["max"], r["per_document_ms"][name], ratio["ratio"], ratio["paired_median"]))
        out.append("")
        out.append("Floor: %s. Target render/floor at most %.1f: %s." % (
            r["floor"], RENDER_TARGET, "met" if r["target"]["met"] else "NOT met"))
        out.append("")
    if results["errors"]:
        out.append("## Errors")
        out.append("")
        out.extend("- " + e for e in results["errors"])
        out.append("")
    return "\n".join(out)


# ------------------------------------------------------------------------------------------------ main
def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--hosts", default="10,30", help="fleet sizes, comma-separated (default 10,30)")
    parser.add_argument("--runs", type=int, default=5, help="measured runs of everything (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds before measuring (default 1)")
    parser.add_argument("--docs", type=int, default=1000, help="settings documents to render (default 1000)")
    parser.add_argument("--out", default=os.path.join(HERE, "results"), help="output directory")
    parser.add_argument("--forks", type=int, default=0, help="forks (default and minimum: N)")
    parser.add_argument("--profile", action="store_true",
                        help="also write per-task (profile_tasks) and cProfile reports into --out")
    parser.add_argument("--variants", action="store_true",
                        help="also measure the deploy playbook in one batch, in one batch without verification, "
                        "and a minimal one-task playbook around cowork3p.fleet.managed_file")
    parser.add_argument("--baseline", default="",
                        help="fleet: also measure the deploy of another copy of the collection (its "
                             "ANSIBLE_COLLECTIONS_PATH), in the same rounds, as baseline_first / baseline_rerun")
    parser.add_argument("--skip-fleet", action="store_true", help="rendering only (no SSH hosts)")
    parser.add_argument("--skip-render", action="store_true", help="fleet only")
    parser.add_argument("--skip-per-key", action="store_true", help="fleet: only ping and the deploy (no per-key way)")
    parser.add_argument("--name", default=os.environ.get("COWORK3P_BENCH_NAME", "bench"),
                        help="lab name under $COWORK3P_LAB (default bench)")
    parser.add_argument("--net", default=os.environ.get("COWORK3P_BENCH_NET", "127.78.0"),
                        help="first three octets of the hosts' loopback addresses (default 127.78.0)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("COWORK3P_BENCH_PORT", "2478")),
                        help="sshd port (default 2478)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds one measured command may take")
    args = parser.parse_args(argv)
    try:
        args.host_counts = [int(x) for x in args.hosts.split(",") if x.strip()]
    except ValueError:
        parser.error("--hosts takes numbers separated by commas, e.g. 10,30")
    if not args.host_counts and not args.skip_fleet:
        parser.error("--hosts is empty")
    if any(n < 1 or n > 240 for n in args.host_counts):
        parser.error("every fleet size must be between 1 and 240")
    if args.runs < 1 or args.warmup < 0 or args.docs < 1:
        parser.error("--runs and --docs must be at least 1, --warmup at least 0")
    if not re.match(r"^127\.[0-9]{1,3}\.[0-9]{1,3}$", args.net):
        parser.error("--net must be three octets of the loopback range, e.g. 127.78.0")
    return args


def check_environment(args):
    missing = [name for name in ("COWORK3P_LAB", "ANSIBLE_COLLECTIONS_PATH") if not os.environ.get(name)]
    if missing:
        raise BenchError("set %s (COWORK3P_LAB: a scratch directory outside the repository; ANSIBLE_COLLECTIONS_PATH: "
                         "where cowork3p.fleet and community.general are installed, e.g. /work/lab/ci:/work/lab/deps)"
                         % " and ".join(missing))
    paths = [p for p in os.environ["ANSIBLE_COLLECTIONS_PATH"].split(os.pathsep) if p]
    if not collection_dir(paths, "cowork3p", "fleet"):
        raise BenchError("cowork3p.fleet is not in ANSIBLE_COLLECTIONS_PATH=%s" % os.environ["ANSIBLE_COLLECTIONS_PATH"])
    if not args.skip_fleet:
        if not collection_dir(paths, "community", "general"):
            raise BenchError("community.general (the per-key comparison) is not in ANSIBLE_COLLECTIONS_PATH")
        if args.profile and not collection_dir(paths, "ansible", "posix"):
            raise BenchError("ansible.posix (profile_tasks, for --profile) is not in ANSIBLE_COLLECTIONS_PATH")
        if os.geteuid() != 0:
            raise BenchError("the SSH test hosts need root (sshd in mount namespaces)")
        for tool in ("/usr/sbin/sshd", shutil.which("unshare") or "unshare", shutil.which("ssh") or "ssh"):
            if not os.path.exists(tool):
                raise BenchError("%s is missing (apt-get install openssh-server util-linux)" % tool)
    return paths


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, _stop)
    started = time.time()
    out_dir = os.path.abspath(args.out)
    os.makedirs(out_dir, exist_ok=True)
    try:
        paths = check_environment(args)
        tools = {"ansible": find_tool("ansible"), "ansible-playbook": find_tool("ansible-playbook")}
    except BenchError as exc:
        sys.stderr.write("error: %s\n" % exc)
        return 2
    results = {
        "schema": 1,
        "started": datetime.datetime.fromtimestamp(started, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine_info(tools["ansible"]),
        "config": {"hosts": [] if args.skip_fleet else args.host_counts, "runs": args.runs, "warmup": args.warmup,
                   "docs": args.docs, "forks": "max(N, %d)" % args.forks, "pipelining": True, "gather_facts": False,
                   "keys_per_document": len(settings_document(0)), "net": args.net, "port": args.port,
                   "per_key_module": "community.general.ini_file", "deploy": "ansible-playbook cowork3p.fleet.deploy "
                   "(role defaults: canary batches [1, 10%, 100%], verify on)"},
        "descriptions": DESCRIPTIONS,
        "fleet": {},
        "render": None,
        "errors": [],
    }
    try:
        if not args.skip_render:
            progress("rendering %d documents, %d run(s)" % (args.docs, args.runs))
            try:
                templating = import_render_core(paths)
                results["render"] = bench_render(templating, args.docs, args.runs, out_dir, args.profile)
            except BenchError as exc:
                results["errors"].append("render: %s" % exc)
        if not args.skip_fleet:
            for count in args.host_counts:
                progress("fleet of %d hosts on %s.x:%d" % (count, args.net, args.port))
                fleet = Fleet(args, count, tools, os.environ["ANSIBLE_COLLECTIONS_PATH"], out_dir)
                try:
                    fleet.up()
                    times = fleet.measure(args.runs, args.warmup, args.variants, per_key=not args.skip_per_key)
                    results["fleet"][str(count)] = fleet_result(count, times)
                    if args.profile:
                        results["fleet"][str(count)]["profiles"] = fleet.profile()
                except (BenchError, subprocess.TimeoutExpired) as exc:
                    results["errors"].append("fleet N=%d: %s" % (count, exc))
                finally:
                    fleet.down()
    finally:
        results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        results["seconds"] = round(time.time() - started, 1)
        with open(os.path.join(out_dir, "results.json"), "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2, sort_keys=True)
            handle.write("\n")
        with open(os.path.join(out_dir, "results.md"), "w", encoding="utf-8") as handle:
            handle.write(markdown(results) + "\n")
    sys.stdout.write(markdown(results) + "\n")
    if results["errors"]:
        sys.stderr.write("error: %s\n" % "\n".join(results["errors"]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
