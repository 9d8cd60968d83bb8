"""docs/keys.md is generated from the catalog and must be current."""

import os
import subprocess
import sys

from .conftest import ROOT


def test_key_docs_are_current():
    env = dict(os.environ)
    result = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_key_docs.py"), "--check"],
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
