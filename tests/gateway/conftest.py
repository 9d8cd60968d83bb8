# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Session fixtures of the gateway lab.

* ``lab_certs``: a test CA, a server certificate it signs (127.0.0.1), one that
  expires in 3 days, and a "rogue" server certificate from a second CA.
* ``upstream``: tests/gateway/fake_upstream.py with four listeners (plain http
  for LiteLLM, https with the lab certificate, https with the rogue one, https
  with the expiring one), on free loopback ports.
* ``litellm``: a real LiteLLM proxy (``$COWORK3P_LAB/venv-llm``, see
  setup-litellm.sh) serving https with the lab certificate, in front of the fake
  upstream. Skipped, with the reason, unless ``COWORK3P_GATEWAY_LAB=1``.
* ``run_ansible``: runs ansible-playbook from the test's Python environment with
  ``ANSIBLE_COLLECTIONS_PATH`` taken from the environment.

Every process is started in its own session and stopped by its PID (its process
group) in teardown, test failures included. Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import os
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HERE = Path(__file__).resolve().parent
LAB_FLAG = "COWORK3P_GATEWAY_LAB"
SKIP_REASON = ("LiteLLM gateway lab is off: set %s=1 (after running tests/gateway/setup-litellm.sh with "
               "COWORK3P_LAB set) to run the LiteLLM-backed tests" % LAB_FLAG)

# Per-session secrets: tests assert that none of them ever shows up in output.
LAB_KEY = "sk-lab-" + secrets.token_hex(12)
HEADER_SECRET = "hdr-" + secrets.token_hex(10)
MASTER_KEY = "sk-litellm-" + secrets.token_hex(12)
UPSTREAM_KEY = "sk-ant-upstream-" + secrets.token_hex(6)


# ---------------------------------------------------------------------------
# certificates
# ---------------------------------------------------------------------------

def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cowork3p gateway lab"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _write(path, key, cert):
    path.with_suffix(".key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    path.with_suffix(".crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return {"cert": str(path.with_suffix(".crt")), "key": str(path.with_suffix(".key"))}


def _make_ca(common_name):
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(_name(common_name)).issuer_name(_name(common_name))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=60))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def _make_server(ca_key, ca_cert, days):
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.timezone.utc)
    san = x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")])
    cert = (x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(san, critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return key, cert


@pytest.fixture(scope="session")
def lab_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("gwlab")


@pytest.fixture(scope="session")
def lab_certs(lab_dir):
    """CA and server certificates, as file paths."""
    out = {}
    ca_key, ca_cert = _make_ca("cowork3p lab CA")
    out["ca"] = _write(lab_dir / "lab-ca", ca_key, ca_cert)["cert"]
    out["server"] = _write(lab_dir / "server", *_make_server(ca_key, ca_cert, days=30))
    out["expiring"] = _write(lab_dir / "expiring", *_make_server(ca_key, ca_cert, days=3))
    rogue_key, rogue_cert = _make_ca("rogue CA")
    out["rogue_ca"] = _write(lab_dir / "rogue-ca", rogue_key, rogue_cert)["cert"]
    out["rogue"] = _write(lab_dir / "rogue", *_make_server(rogue_key, rogue_cert, days=30))
    return out


# ---------------------------------------------------------------------------
# processes
# ---------------------------------------------------------------------------

def _start(cmd, log_path, env=None):
    log = open(log_path, "wb")  # pylint: disable=consider-using-with
    try:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env, start_new_session=True)
    finally:
        log.close()
    return proc


def _stop(proc):
    """Stop a process we started, by its PID (its own process group), TERM then KILL."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Upstream:
    """The running fake upstream: ports and URL helpers."""

    def __init__(self, ports, ca_path):
        self.ports = ports
        self.ca_path = ca_path
        self.closed_port = free_port()     # nothing listens there (for the "connection refused" case)
        self.litellm = None

    def url(self, flags="", listener="tls"):
        scheme = "http" if listener == "up" else "https"
        base = "%s://127.0.0.1:%d" % (scheme, self.ports[listener])
        return base + ("/" + flags if flags else "")

    def requests(self):
        """What the fake upstream received so far (via its plain-http listener)."""
        with urllib.request.urlopen(self.url("_requests", "up"), timeout=5) as resp:  # nosec - loopback lab
            return json.loads(resp.read().decode("utf-8"))


LITELLM_MODELS = (
    # model_name offered by the proxy      upstream flags   (see fake_upstream.py)
    ("claude-sonnet-4-5", ""),
    ("claude-tools-dropped", "tools-dropped"),
    ("claude-buffered", "buffered"),
    ("corp-default", ""),
)


def _litellm_config(upstream):
    lines = ["model_list:"]
    for name, flags in LITELLM_MODELS:
        lines += ["  - model_name: %s" % name,
                  "    litellm_params:",
                  "      model: anthropic/claude-sonnet-4-5",
                  "      api_base: %s" % json.dumps(upstream.url(flags, "up")),
                  "      api_key: %s" % UPSTREAM_KEY]
    lines += ["  - model_name: claude-mock",
              "    litellm_params:",
              "      model: anthropic/claude-mock",
              "      api_key: sk-ant-fake",
              "      mock_response: Hello from the mock gateway",
              "general_settings:",
              "  master_key: %s" % MASTER_KEY,
              "litellm_settings:",
              "  telemetry: false",
              ""]
    return "\n".join(lines)


def _litellm_binary():
    lab = os.environ.get("COWORK3P_LAB")
    return Path(lab) / "venv-llm" / "bin" / "litellm" if lab else None


class LiteLLM:
    """A LiteLLM proxy process (https on a free loopback port) and how to reach it."""

    def __init__(self, proc, url, ca_path, log):
        self.proc = proc
        self.url = url
        self.ca_path = ca_path
        self.log = log

    def wait_ready(self, seconds=90):
        context = ssl.create_default_context(cafile=self.ca_path)
        deadline = time.monotonic() + seconds
        while True:
            if self.proc.poll() is not None:
                pytest.fail("LiteLLM exited with %s:\n%s" % (self.proc.returncode, _tail(self.log)))
            try:
                with urllib.request.urlopen(self.url + "/health/liveliness", timeout=2, context=context):  # nosec
                    return self
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("LiteLLM did not answer within %d s:\n%s" % (seconds, _tail(self.log)))
                time.sleep(0.25)


def _launch_litellm(lab_dir, lab_certs, upstream):
    """Start LiteLLM without waiting for it (it needs a few seconds to come up)."""
    state = lab_dir / "litellm"
    state.mkdir()
    config = state / "config.yaml"
    config.write_text(_litellm_config(upstream))
    env = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True", LITELLM_TELEMETRY="False",
               LITELLM_LOG="ERROR", NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost",
               HOME=str(state))
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        env.pop(name, None)
    port = free_port()
    log = state / "litellm.log"
    cmd = [str(_litellm_binary()), "--config", str(config), "--host", "127.0.0.1", "--port", str(port),
           "--ssl_keyfile_path", lab_certs["server"]["key"], "--ssl_certfile_path", lab_certs["server"]["cert"]]
    return LiteLLM(_start(cmd, log, env=env), "https://127.0.0.1:%d" % port, lab_certs["ca"], log)


@pytest.fixture(scope="session")
def upstream(lab_dir, lab_certs):
    """The fake upstream; when the LiteLLM lab is on, LiteLLM is launched right after it, in the background."""
    state = lab_dir / "upstream"
    state.mkdir()
    cmd = [sys.executable, str(HERE / "fake_upstream.py"), "--state-dir", str(state), "--key", LAB_KEY,
           "--listen", "up=http",
           "--listen", "tls=https:%s:%s" % (lab_certs["server"]["cert"], lab_certs["server"]["key"]),
           "--listen", "rogue=https:%s:%s" % (lab_certs["rogue"]["cert"], lab_certs["rogue"]["key"]),
           "--listen", "expiring=https:%s:%s" % (lab_certs["expiring"]["cert"], lab_certs["expiring"]["key"])]
    proc = _start(cmd, state / "upstream.log")
    proxy = None
    try:
        ports_file = state / "ports.json"
        deadline = time.monotonic() + 15
        while not ports_file.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the fake upstream did not start:\n" + _tail(state / "upstream.log"))
            time.sleep(0.05)
        running = Upstream(json.loads(ports_file.read_text()), lab_certs["ca"])
        binary = _litellm_binary()
        if os.environ.get(LAB_FLAG) == "1" and binary is not None and binary.exists():
            proxy = running.litellm = _launch_litellm(lab_dir, lab_certs, running)
        yield running
    finally:
        if proxy is not None:
            _stop(proxy.proc)
        _stop(proc)


@pytest.fixture(scope="session")
def litellm(upstream):
    if os.environ.get(LAB_FLAG) != "1":
        pytest.skip(SKIP_REASON)
    if upstream.litellm is None:
        pytest.fail("%s=1 but %s does not exist: run COWORK3P_LAB=<dir> tests/gateway/setup-litellm.sh first"
                    % (LAB_FLAG, _litellm_binary() or "$COWORK3P_LAB/venv-llm/bin/litellm"))
    return upstream.litellm.wait_ready()


# ---------------------------------------------------------------------------
# ansible
# ---------------------------------------------------------------------------

def _ansible_bin(name):
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def ansible_env(tmp, **extra):
    env = dict(os.environ)
    env.update({
        "ANSIBLE_LOCALHOST_WARNING": "False",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "False",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_NOCOLOR": "True",
        "ANSIBLE_FORCE_COLOR": "False",
        "ANSIBLE_LOCAL_TEMP": str(tmp / "ansible-local"),
        "ANSIBLE_REMOTE_TEMP": str(tmp / "ansible-remote"),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    })
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def run_ansible(tmp_path_factory):
    """run_ansible(args, env_extra) -> CompletedProcess of ansible-playbook (text, combined streams kept apart)."""
    if not os.environ.get("ANSIBLE_COLLECTIONS_PATH"):
        pytest.fail("ANSIBLE_COLLECTIONS_PATH is not set: point it at the folder above ansible_collections/cowork3p/fleet")
    tmp = tmp_path_factory.mktemp("ansible")

    def run(args, timeout=120, **env_extra):
        return subprocess.run([_ansible_bin("ansible-playbook")] + [str(a) for a in args],
                              env=ansible_env(tmp, **env_extra), capture_output=True, text=True,
                              timeout=timeout, check=False, cwd=str(tmp))

    return run


CASE_PLAYBOOK = """\
- name: Run one gateway_check per inventory host
  hosts: all
  gather_facts: false
  tasks:
    - name: Check the gateway of this case
      cowork3p.fleet.gateway_check:
        settings: "{{ case.settings }}"
        ca_path: "{{ case.ca_path | default(omit) }}"
        validate_certs: "{{ case.validate_certs | default(omit) }}"
        validate_settings: "{{ case.validate_settings | default(omit) }}"
        checks: "{{ case.checks | default(omit) }}"
        model: "{{ case.model | default(omit) }}"
        credential_helper: "{{ case.credential_helper | default(omit) }}"
        timeout: "{{ case.timeout | default(30) }}"
      check_mode: "{{ case.check_mode | default(false) }}"
      register: case_result
      ignore_errors: true

    - name: Save every module result in one file
      ansible.builtin.copy:
        content: "{{ dict(ansible_play_hosts_all | zip(ansible_play_hosts_all | map('extract', hostvars, 'case_result'))) | to_json }}"
        dest: "{{ out_dir }}/results.json"
        mode: "0600"
      delegate_to: localhost
      run_once: true
      check_mode: false
"""


def run_cases(run_ansible, workdir, cases, forks=6, verbosity=None):
    """Run every case (name -> module arguments) as one host of one play.

    Returns ({name: registered module result}, CompletedProcess).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    out_dir = workdir / "results"
    out_dir.mkdir(exist_ok=True)
    inventory = {"all": {"hosts": {name: {"case": case, "ansible_connection": "local"}
                                   for name, case in cases.items()},
                         "vars": {"out_dir": str(out_dir)}}}
    (workdir / "inventory.json").write_text(json.dumps(inventory))
    (workdir / "cases.yml").write_text(CASE_PLAYBOOK)
    args = ["-i", workdir / "inventory.json", "-f", forks, workdir / "cases.yml"]
    if verbosity:
        args.insert(0, verbosity)
    proc = run_ansible(args)
    (workdir / "stdout.txt").write_text(proc.stdout)
    (workdir / "stderr.txt").write_text(proc.stderr)
    path = out_dir / "results.json"
    if not path.exists():
        pytest.fail("no results (ansible-playbook rc=%s):\n%s\n%s"
                    % (proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:]))
    results = json.loads(path.read_text())
    missing = sorted(set(cases) - set(results))
    assert not missing, "no result for %s" % missing
    return results, proc


def make_settings(base_url, key=None, scheme=None, headers=None, models=None, **more):
    """A gateway settings mapping, the way an admin writes it."""
    out = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": base_url}
    out["inferenceGatewayApiKey"] = LAB_KEY if key is None else key
    if not out["inferenceGatewayApiKey"]:
        del out["inferenceGatewayApiKey"]
    if scheme:
        out["inferenceGatewayAuthScheme"] = scheme
    if headers is not None:
        out["inferenceCustomHeaders"] = headers
    if models is not None:
        out["inferenceModels"] = models
    out.update(more)
    return out


class GatewayLab:
    """What the tests share: the session secrets and two helpers."""

    LAB_KEY = LAB_KEY
    HEADER_SECRET = HEADER_SECRET
    MASTER_KEY = MASTER_KEY
    SKIP_REASON = SKIP_REASON
    REPO = HERE.parent.parent
    settings = staticmethod(make_settings)
    run_cases = staticmethod(run_cases)
    ansible_env = staticmethod(ansible_env)
    start_process = staticmethod(_start)      # (cmd, log_path, env=None) -> Popen in its own session
    stop_process = staticmethod(_stop)        # stop it by its PID (process group), TERM then KILL

    @staticmethod
    def secrets_in(text, extra=()):
        """The session secrets found in a text (an empty list is the only good answer)."""
        return [name for name, value in (("lab key", LAB_KEY), ("header value", HEADER_SECRET),
                                         ("master key", MASTER_KEY)) + tuple(extra) if value in text]


@pytest.fixture(scope="session")
def gwlab():
    return GatewayLab
