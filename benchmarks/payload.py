# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Size of a module's payload as Ansible sends it to a host (AnsiballZ), and the collection files in it.

Usage: python3 benchmarks/payload.py [module ...]   (default: managed_file)
ANSIBLE_COLLECTIONS_PATH must find this collection (as for benchmarks/run.py).
"""

from __future__ import annotations

import base64
import io
import re
import sys
import zipfile

from ansible.executor.module_common import modify_module
from ansible.plugins.loader import init_plugin_loader, module_loader
from ansible.template import Templar
from ansible.parsing.dataloader import DataLoader


def measure(name: str) -> dict:
    """{module, payload_bytes, zip_bytes, files: {name: bytes}} for cowork3p.fleet.<name>, ZIP_DEFLATED as by default."""
    fqcn = "cowork3p.fleet." + name
    path = module_loader.find_plugin(fqcn)
    built = modify_module(module_name=fqcn, module_path=path, module_args={}, templar=Templar(loader=DataLoader()),
                          task_vars={"ansible_python_interpreter": "/usr/bin/python3"},
                          module_compression="ZIP_DEFLATED", environment={})
    data = built.b_module_data
    # the zip travels base64-encoded as the longest quoted literal of the wrapper
    blob = max(re.findall(rb"'([A-Za-z0-9+/=]{64,})'", data), key=len, default=b"")
    raw = base64.b64decode(blob) if blob else b""
    files = {}
    if raw:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        files = {info.filename: info.file_size for info in archive.infolist() if "cowork3p" in info.filename}
    return {"module": fqcn, "payload_bytes": len(data), "zip_bytes": len(raw), "files": files}


def main(argv: list) -> int:
    init_plugin_loader()
    for name in argv or ["managed_file"]:
        found = measure(name)
        print("%s: payload %d bytes (zip %d bytes); collection files, uncompressed:"
              % (found["module"], found["payload_bytes"], found["zip_bytes"]))
        for item, size in sorted(found["files"].items()):
            print("  %7d  %s" % (size, item))
        print("  %7d  total" % sum(found["files"].values()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
