# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_secret_keys: the catalog-free core of masking (the one name pattern, the one credential pattern, a document
masked by what the catalog says about secrets), which _mask re-exports and managed_file ships to hosts.

_secret_keys_table.py is generated from the catalog; after a change of the catalog regenerate it with
``python tests/unit/plugins/module_utils/test_secret_keys.py`` (with the collection importable, as for pytest).
"""

from __future__ import annotations

import json
import os
import random
import sys

from ansible_collections.cowork3p.fleet.plugins.module_utils import _index, _mask

MODULE_UTILS = os.path.dirname(_mask.__file__)

HEADER = '''# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""GENERATED from the catalog by tests/unit/plugins/module_utils/test_secret_keys.py: do not edit.

What masking needs to know of the catalog, for code that runs on hosts (managed_file) and must not carry the
whole catalog: SPECS = {key or old name: (secret, secret_values, fields)}, fields being {field: (secret, fields)}
or None. Keys whose value is masked as an unknown key's would be (no secret, no fields, a name that does not look
secret) are left out.
"""

from __future__ import annotations

'''


def _trim(fields):
    if not fields:
        return None
    return {name: (bool(spec.get("secret")), _trim(spec.get("fields"))) for name, spec in sorted(fields.items())}


def expected_specs():
    specs = {}
    for name in sorted(set(_index.BY_NAME) | set(_index.ALIASES)):
        entry, _info = _index.lookup(name)
        spec = (bool(entry["secret"]), bool(entry["secret_values"]), _trim(entry.get("fields")))
        if spec != (False, False, None) or _mask.looks_secret(name):
            specs[name] = spec
    return specs


def _py(value, level=0):
    """Python text of the table: a value on one line when it fits, else one item per line (pep8 hanging indents)."""
    flat = repr(value)
    if 4 * level + len(flat) <= 110 or not isinstance(value, (dict, tuple, str)):
        return flat
    pad = "    " * (level + 1)
    if isinstance(value, str):      # a long pattern: adjacent literals of 80 characters each
        body = "".join("%s%r\n" % (pad, value[start:start + 80]) for start in range(0, len(value), 80))
        return "(\n%s%s)" % (body, "    " * level)
    if isinstance(value, dict):
        body = "".join("%s%r: %s,\n" % (pad, key, _py(item, level + 1)) for key, item in sorted(value.items()))
        return "{\n%s%s}" % (body, "    " * level)
    body = "".join("%s%s,\n" % (pad, _py(item, level + 1)) for item in value)
    return "(\n%s%s)" % (body, "    " * level)


def table_text():
    return HEADER + "SPECS = " + _py(expected_specs()) + "\n"


def _table_path():
    return os.path.join(MODULE_UTILS, "_secret_keys_table.py")


def _masker():
    """_secret_keys, imported when a test runs (regenerating must work while the table is out of date)."""
    from ansible_collections.cowork3p.fleet.plugins.module_utils import _secret_keys  # pylint: disable=import-outside-toplevel
    return _secret_keys


def test_generated_table_matches_the_catalog():
    with open(_table_path(), encoding="utf-8") as handle:
        assert handle.read() == table_text(), "regenerate: python %s" % os.path.relpath(__file__)


def test_mask_reexports_the_one_core():
    """One implementation: _mask's document masking and patterns are _secret_keys' own objects."""
    masker = _masker()
    for name in ("MASK", "looks_secret", "looks_like_credential", "mask_credentials", "mask_userinfo", "mask_value",
                 "mask_settings"):
        assert getattr(_mask, name) is getattr(masker, name), name


# An oracle written from the catalog itself (not from the table): what masking a document must give.
def _oracle_fields(value, fields):
    if isinstance(value, list):
        return [_oracle_fields(item, fields) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for name, item in value.items():
        spec = fields.get(name)
        if spec is None:
            out[name] = _whole(item) if _mask.looks_secret(name) else _mask.mask_credentials(item)
        elif spec.get("secret"):
            out[name] = _whole(item)
        elif spec.get("fields") and isinstance(item, (dict, list)):
            out[name] = _oracle_fields(item, spec["fields"])
        else:
            out[name] = item
    return out


def _whole(value):
    if isinstance(value, dict):
        return {name: _mask.MASK for name in value}
    return value if value in (None, "") else _mask.MASK


def _json(value):
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            return json.loads(value.strip()), True
        except (ValueError, RecursionError):
            pass
    return value, False


def _oracle_value(key, value):
    entry, _info = _index.lookup(key)
    if entry is None:
        return _whole(value) if _mask.looks_secret(key) else _mask.mask_credentials(value)
    if entry["secret"]:
        return value if value in (None, "") else _mask.MASK
    if entry["secret_values"]:
        parsed = _json(value)[0]
        return _whole(parsed) if isinstance(parsed, dict) else (value if value in (None, "") else _mask.MASK)
    if entry.get("fields"):
        parsed, was_json = _json(value)
        if was_json or isinstance(parsed, (dict, list)):
            masked = _oracle_fields(parsed, entry["fields"])
            if masked == parsed and not _mask.has_secret_fields(entry["fields"]):
                return value
            return masked
    return _mask.mask_credentials(value)


def _oracle(settings):
    return {key: _mask_urls(_oracle_value(key, value)) for key, value in settings.items()}


def _mask_urls(value):
    if isinstance(value, dict):
        return {name: _mask_urls(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_mask_urls(item) for item in value]
    return _mask.mask_userinfo(value)


_NAMES = sorted(set(_index.BY_NAME) | set(_index.ALIASES)) + ["unknownKey", "myApiToken", "X-Auth", "plain"]
_FIELDS = sorted({f for e in _index.BY_NAME.values() for f in (e.get("fields") or {})}) + ["Authorization", "x"]
_TEXTS = ["", "plain", "sk-abcdefgh12345678", "Bearer abcdefgh", "https://u:pw@host/x", "eyJhbGciOiJI.eyJzdWIiOiIx.sig",
          "AKIAABCDEFGHIJKLMNOP", '{"a": "1"}', '["x: y"]', '{"Authorization": "Bearer abcdefgh"}', "a=b,c=d",
          True, 3, None]


def _value(rng, depth=0):
    roll = rng.random()
    if depth >= 3 or roll < 0.5:
        return rng.choice(_TEXTS)
    if roll < 0.75:
        return [_value(rng, depth + 1) for _item in range(rng.randrange(4))]
    return {rng.choice(_FIELDS): _value(rng, depth + 1) for _item in range(rng.randrange(5))}


def test_masking_equals_masks():
    """Seeded random documents (the same ones on every run): catalog keys, old names and unknown names, with
    credentials, URLs with a password, JSON texts and nested fields."""
    rng = random.Random(20261207)
    for _round in range(3000):
        document = {rng.choice(_NAMES): _value(rng) for _item in range(rng.randrange(1, 7))}
        assert _masker().mask_settings(document) == _oracle(document), document


def test_masking_equals_masks_for_every_key_and_field():
    for name in _NAMES:
        entry, _info = _index.lookup(name)
        fields = (entry or {}).get("fields") or {}
        for value in ("sk-abcdefgh12345678", {"X-A": "v"}, [{f: "Bearer abcdefgh" for f in fields}],
                      {f: {"x": "sk-abcdefgh12345678", "clientSecret": "s"} for f in fields}):
            document = {name: value}
            assert _masker().mask_settings(document) == _oracle(document), name


def _module_utils_reached(path, seen):
    """The collection's module_utils a plugin file imports, directly or through each other (as Ansible follows
    them to build a module's payload, imports inside functions included)."""
    import ast  # pylint: disable=import-outside-toplevel
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    base = MODULE_UTILS
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and "cowork3p.fleet.plugins.module_utils" in node.module:
            tail = node.module.rsplit("module_utils", 1)[1].lstrip(".")
            names = [tail] if tail else [alias.name for alias in node.names]
        for name in names:
            if name not in seen:
                seen.add(name)
                _module_utils_reached(os.path.join(base, name + ".py"), seen)
    return seen


def test_managed_file_payload_carries_no_catalog():
    module = os.path.join(os.path.dirname(MODULE_UTILS), "modules", "managed_file.py")
    reached = _module_utils_reached(module, set())
    assert "_secret_keys" in reached
    assert not reached & {"_catalog", "_index", "_mask", "_validation"}, sorted(reached)


if __name__ == "__main__":
    with open(_table_path(), "w", encoding="utf-8") as out:
        out.write(table_text())
    sys.exit(0)
