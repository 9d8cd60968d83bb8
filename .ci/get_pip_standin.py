"""Offline stand-in for the get-pip script that ansible-test downloads.

ansible-test bootstraps pip in every virtual environment it creates from a URL
that does not resolve on the build machines. It looks for a cached copy first,
so this file is copied to $HOME/.ansible/test/cache/get_pip_<version>.py.
ansible-test runs pip with PIP_CONFIG_FILE=/dev/null, so the system CA bundle
is passed explicitly (TLS to the package index goes through an intercepting CA).
"""
import ensurepip
import os
import subprocess
import sys

ensurepip.bootstrap(upgrade=True)
args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
cmd = [sys.executable, "-m", "pip", "install"]
if os.path.exists("/etc/ssl/certs/ca-certificates.crt"):
    cmd += ["--cert", "/etc/ssl/certs/ca-certificates.crt"]
sys.exit(subprocess.call(cmd + args))
