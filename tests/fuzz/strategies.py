"""Hypothesis strategies of the hostile-input corpus, built from the key catalog (never a hand-typed key list)."""

import datetime
import json
import math
import string

from hypothesis import strategies as st

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME

# Secrets planted in every document: none of them may appear in any message.
API_KEY = 'sk-fuzz-"Zq8<rT3>&vW9\\yX2'
HEADER_SECRET = "hdr-fuzz-Jm4nB7vC1x"
SECRETS = (API_KEY, HEADER_SECRET)
BASE = {
    "inferenceProvider": "gateway",
    "inferenceGatewayBaseUrl": "https://llm-gateway.example.test",
    "inferenceGatewayApiKey": API_KEY,
    "inferenceCustomHeaders": {"X-Tenant": HEADER_SECRET},
}

# Text that breaks naive escaping in XML, .reg, JSON, shells and templates, all of it legal in every format.
NASTY = ["]]>", "<!--", "-->", "&amp;", "&#0;", "<![CDATA[x]]>", '"', "'", "\\", "\\\\", '\\"', "%s", "%n", "${HOME}",
         "$(id)", "`id`", "{{ lookup('env', 'HOME') }}", "{% raw %}", "@", "=", "[", "]", ",", ";", "\t", "\n", "\r",
         "\r\n", "\u2028", "\u2029", "\u200b", "\u200e", "\u202e", "\u00a0", "\u0085", "\ufeff", "\ufffd", "é",
         "e\u0301", "中文", "🚀", "\U0001f468\u200d\U0001f469", "\x7f", "\x80", "\x9f", "null", "true", "0x10",
         "1e999", "-0", "NaN", "Infinity", "<string>x</string>", "</dict>", "hex(1):00", '"="', "REG_SZ", "  "]
_SAFE_CHARS = st.characters(blacklist_categories=("Cs",),
                            blacklist_characters="".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")
                            + "\ufffe\uffff")
# Characters no settings file can carry: control characters (but tab, LF, CR), U+FFFE/U+FFFF, lone surrogates.
FORBIDDEN = [chr(c) for c in range(32) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff", "\ud800", "\udfff"]


def hostile_text(min_size=0, max_size=40, single_line=False):
    """Text legal in every format, made of nasty fragments and random characters."""
    piece = st.one_of(st.sampled_from(NASTY), st.text(_SAFE_CHARS, max_size=6))
    text = st.lists(piece, max_size=8).map("".join)
    if single_line:
        text = text.map(lambda t: t.replace("\n", " ").replace("\r", " ").replace("\u2028", " ").replace("\u2029", " "))
    return text.filter(lambda t: min_size <= len(t) <= max_size)


def header_value():
    """A value an HTTP header can carry: no CR, LF or control character, no surrounding white space."""
    return hostile_text(1, 40).map(lambda t: "".join(c for c in t if c == "\t" or ord(c) >= 32 and c != "\x7f"))\
        .map(lambda t: t.strip()).filter(bool)


HEADER_NAME = st.text(string.ascii_letters + string.digits + "!#$%&'*+.^_`|~-", min_size=1, max_size=20)

JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-2 ** 53, 2 ** 53),
                        st.floats(allow_nan=False, allow_infinity=False), hostile_text())


def _containers(inner):
    return st.one_of(st.lists(inner, max_size=4), st.dictionaries(hostile_text(0, 12), inner, max_size=4))


JSON_TREE = st.recursive(JSON_SCALAR, _containers, max_leaves=12)


def _free_string(spec):
    """A string strategy for a key whose rules a random text can meet, else None."""
    rules = spec.get("rules") or {}
    if set(rules) - {"min_length", "max_length", "single_line"}:
        return None
    low = rules.get("min_length", 0)
    high = min(rules.get("max_length", 40), 40)
    if spec.get("secret"):
        return header_value().filter(lambda t: low <= len(t) <= high)
    return hostile_text(low, high, single_line=bool(rules.get("single_line"))).filter(
        lambda t: len(t) >= low and (not rules.get("single_line") or ("\n" not in t and "\r" not in t)))


def value_strategy(entry):
    """Values of one catalog key that validation must accept, or None when random values cannot be valid."""
    kind = entry["type"]
    rules = entry.get("rules") or {}
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(rules.get("min", -2 ** 31), rules.get("max", 2 ** 31))
    if kind == "number":
        return st.floats(rules.get("min", -1e9), rules.get("max", 1e9), allow_nan=False, allow_infinity=False)
    if kind == "enum":
        return st.sampled_from(entry["allowed"]) if entry.get("allowed") else None
    if kind == "string":
        return _free_string(entry)
    if kind == "string_list" and not rules and not entry.get("fields"):
        items = st.sampled_from(entry["allowed"]) if entry.get("allowed") else hostile_text(1, 20)
        return st.lists(items, max_size=5, unique=True).filter(
            lambda items: all(not any(c in FORBIDDEN for c in i) for i in items))
    if kind == "object" and entry["name"].endswith("Headers") and not entry.get("fields"):
        return st.dictionaries(HEADER_NAME, header_value(), max_size=4)
    if kind == "object" and "value_allowed" in rules:
        return st.dictionaries(hostile_text(1, 20), st.sampled_from(rules["value_allowed"]), max_size=4)
    if kind == "unknown":
        return JSON_TREE.filter(lambda value: value is not None)
    return None


def _fits(entry):
    """Keys a random valid document may carry: read by the gateway provider, not deprecated, no cross rules."""
    crossed = {rule["key"] for rule in catalog.DEPENDENCIES} | {rule["key"] for rule in catalog.CONFLICTS}
    crossed |= {key for group in catalog.KEY_GROUPS for key in group["keys"]}
    crossed |= set(catalog.SURFACE_KEYS) | {name for name, _value in catalog.VALUE_SINCE}
    crossed |= {condition.partition("=")[0] for info in catalog.PROVIDERS.values()
                for alternative in info["credentials"] for condition in alternative}
    crossed |= {"inferenceGatewayOidcAuthFlow"}     # the broker flow needs an Entra issuer (a cross-key rule)
    return (not entry.get("deprecated") and entry["name"] not in crossed and entry["name"] not in BASE
            and (not entry["providers"] or "gateway" in entry["providers"]) and not entry.get("check")
            and not (entry.get("rules") or {}).get("item_check"))


VALUES = {name: value_strategy(entry) for name, entry in sorted(BY_NAME.items()) if _fits(entry)}
VALUES = {name: strategy for name, strategy in VALUES.items() if strategy is not None}


@st.composite
def valid_documents(draw):
    """A gateway document with random keys of every catalog type, hostile strings wherever text goes."""
    names = draw(st.lists(st.sampled_from(sorted(VALUES)), min_size=1, max_size=8, unique=True))
    doc = dict(BASE)
    doc["inferenceGatewayApiKey"] = draw(st.sampled_from([API_KEY])) + draw(header_value())
    doc["inferenceCustomHeaders"] = dict(BASE["inferenceCustomHeaders"], **draw(
        st.dictionaries(HEADER_NAME, header_value(), max_size=3)))
    for name in names:
        doc[name] = draw(VALUES[name])
    return doc


# -- invalid values -----------------------------------------------------------------------------------------
class Undecryptable:
    """What Ansible hands over for a !vault value the vault secrets do not open: str() raises."""

    _ciphertext = "$ANSIBLE_VAULT;1.1;AES256\n6162"

    def __str__(self):
        raise RuntimeError("Decryption failed " + API_KEY)     # an exception text holding a secret


class Weird:
    """An object YAML or a filter could hand over that no settings value can be."""

    def __repr__(self):
        return "<Weird %s>" % API_KEY


def _nested(depth, leaf):
    value = leaf
    for _level in range(depth):
        value = [value]
    return value


def _bomb(levels):
    value = ["lol"]
    for _level in range(levels):
        value = [value] * 9
    return value


def _self_list():
    items = ["Bash"]
    items.append(items)
    return items


def _control_text(draw):
    bad = draw(st.sampled_from(FORBIDDEN))
    return draw(hostile_text(0, 10)) + bad + draw(hostile_text(0, 10))


@st.composite
def hostile_values(draw):
    """A value of any shape that YAML, JSON or Ansible can hand to validation."""
    kind = draw(st.sampled_from(["null", "nan", "inf", "bigint", "bool", "list", "dict", "deep", "deep_json",
                                 "control", "crlf", "nul", "long", "bytes", "set", "date", "tuple", "intkeys",
                                 "self", "bomb", "vault", "weird", "json_text", "tree", "nested_control",
                                 "bearer", "legacy_header"]))
    if kind == "null":
        return None
    if kind == "nan":
        return float("nan")
    if kind == "inf":
        return draw(st.sampled_from([math.inf, -math.inf]))
    if kind == "bigint":
        return draw(st.sampled_from([10 ** 400, -(10 ** 40), 2 ** 63]))
    if kind == "bool":
        return draw(st.booleans())
    if kind == "list":
        return draw(st.lists(st.one_of(st.none(), hostile_text(), st.integers(), st.booleans()), max_size=4))
    if kind == "dict":
        items = st.one_of(st.none(), hostile_text(), st.lists(st.integers(), max_size=2))
        return draw(st.dictionaries(hostile_text(0, 10), items, max_size=4))
    if kind == "deep":
        return _nested(draw(st.integers(30, 3000)), "x")
    if kind == "deep_json":
        depth = draw(st.integers(30, 5000))
        return "[" * depth + "]" * depth
    if kind == "control":
        return _control_text(draw)
    if kind == "crlf":
        return draw(header_value()) + draw(st.sampled_from(["\r", "\n", "\r\n", "\r\nX-Injected: 1"])) + "tail"
    if kind == "nul":
        return "abc\x00def"
    if kind == "long":
        return "x" * draw(st.sampled_from([5000, 1000001]))
    if kind == "bytes":
        return b"\xff\xfe\x00raw"
    if kind == "set":
        return {"a", "b"}
    if kind == "date":
        return datetime.date(2026, 12, 7)
    if kind == "tuple":
        return ("a", 1)
    if kind == "intkeys":
        return {1: "x", (1, 2): "y", None: "z"}
    if kind == "self":
        return _self_list()
    if kind == "bomb":
        return _bomb(9)
    if kind == "vault":
        return Undecryptable()
    if kind == "weird":
        return Weird()
    if kind == "json_text":
        return draw(st.sampled_from(['{"a": NaN}', '{"a": 1, "a": 2}', "[1, 2", '{"X-A": "b\\r\\nc"}',
                                     json.dumps([{"name": API_KEY}]), "null", "{}", "[]"]))
    if kind == "nested_control":
        return {"name": "a", "transport": "http", "url": "https://mcp.example.test",
                draw(st.sampled_from(["note", "x\x01y", "auth"])): _control_text(draw)}
    if kind == "bearer":
        return {"name": "a", "transport": "http", "url": "https://mcp.example.test", "auth": "Bearer " + API_KEY}
    if kind == "legacy_header":
        return draw(st.sampled_from(["X-A=" + HEADER_SECRET + ",Bad Name=" + HEADER_SECRET,
                                     ["X-A: " + HEADER_SECRET, "X\r\nB: " + HEADER_SECRET], "=" + HEADER_SECRET]))
    return draw(JSON_TREE)


KEY_NAMES = sorted(BY_NAME) + sorted({alias for entry in BY_NAME.values() for alias in entry["aliases"]})
OTHER_NAMES = ["inferenceGatewayApiKeyy", "myAuthToken", "inferenceCustomHeaders.X-Tenant", "", " ", "a\x00b",
               "x" * 300, "\ufffe", "credential"]


@st.composite
def invalid_documents(draw):
    """(document, key): the base document with one key set to a hostile value."""
    key = draw(st.one_of(st.sampled_from(KEY_NAMES), st.sampled_from(OTHER_NAMES)))
    doc = dict(BASE)
    doc[key] = draw(hostile_values())
    return doc, key
