"""Write an empty Windows registry hive file (REGF) for tests.

Usage: mkhive.py OUT [ROOTNAME]

No Debian package ships a blank hive, and hivexregedit can only merge into an
existing one. The file holds the 4 KiB base block and one 4 KiB hive bin with
the root key (nk), one security descriptor (sk) that new keys inherit, and a
free cell. hivex, regipy and libregf all open it.
"""
import struct
import sys
import time

EPOCH_DIFF = 116444736000000000          # 1601-01-01 -> 1970-01-01 in 100 ns units


def _cell(payload):
    size = (4 + len(payload) + 7) & ~7    # cells are 8-byte aligned, size negative = in use
    return struct.pack("<i", -size) + payload + b"\0" * (size - 4 - len(payload))


def build(root_name="ROOT", stamp=None):
    filetime = int((time.time() if stamp is None else stamp) * 10_000_000) + EPOCH_DIFF
    name = root_name.encode("ascii")
    root_offset = 0x20                    # offsets count from the start of the first hive bin
    security_offset = root_offset + len(_cell(b"\0" * (0x4C + len(name))))
    descriptor = struct.pack("<BBHIIII", 1, 0, 0x8004, 0, 0, 0, 0)
    security = b"sk" + struct.pack("<HIIII", 0, security_offset, security_offset, 1, len(descriptor)) + descriptor
    root = (b"nk" + struct.pack("<HQI", 0x2C, filetime, 0)
            + struct.pack("<IIIIIII", 0xFFFFFFFF, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, 0, 0xFFFFFFFF)
            + struct.pack("<II", security_offset, 0xFFFFFFFF) + struct.pack("<IIIII", 0, 0, 0, 0, 0)
            + struct.pack("<HH", len(name), 0) + name)
    cells = _cell(root) + _cell(security)
    free = 0x1000 - 0x20 - len(cells)
    cells += struct.pack("<i", free) + b"\0" * (free - 4)
    hbin = b"hbin" + struct.pack("<IIIIQI", 0, 0x1000, 0, 0, filetime, 0)
    base = bytearray(0x1000)
    struct.pack_into("<4sIIQIIIIIII", base, 0, b"regf", 1, 1, filetime, 1, 3, 0, 1, root_offset, 0x1000, 1)
    label = "cowork3p".encode("utf-16-le")
    base[0x30:0x30 + len(label)] = label
    checksum = 0
    for (word,) in struct.iter_unpack("<I", bytes(base[:0x1FC])):
        checksum ^= word
    struct.pack_into("<I", base, 0x1FC, checksum)
    return bytes(base) + hbin + cells


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], "wb") as out:
        out.write(build(*(argv[2:3] or ["ROOT"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
