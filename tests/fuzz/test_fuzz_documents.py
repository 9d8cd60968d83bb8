"""Random settings documents against validation and rendering, checked with parsers the project did not write.

- valid documents with hostile strings must validate, render and read back exactly (plistlib for the
  .mobileconfig and the plist, json for managed-settings.json, a hive written by hivexregedit and read with
  libregf for the .reg - regipy 6.5 drops the last character of some long values with characters beyond U+FFFF,
  which libregf and hivexget read whole);
- invalid documents (any value YAML, JSON or Ansible can hand over) must give a report naming the key,
  never raise, never leak a secret, and whatever is accepted must render to files that parse.
"""

import json
import os
import plistlib

import pyregf                                   # libregf-python, pinned in tests/requirements.txt
from hypothesis import given, strategies as st

from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import encode_string, linux_value
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import lookup
from ansible_collections.cowork3p.fleet.plugins.module_utils._render import PAYLOAD_TYPE
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _templating as templating

from .conftest import TALLY, Clock, fuzz
from .strategies import SECRETS, invalid_documents, valid_documents

FORMATS = ("mobileconfig", "plist", "json", "reg")


def _strict_json(text):
    def pairs(items):
        out = {}
        for name, value in items:
            assert name not in out, "repeated name %r" % name
            out[name] = value
        return out

    def constant(name):
        raise AssertionError("JSON constant %s" % name)
    return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)


def secrets_of(doc):
    """The secret strings of a document, from the catalog (not from the code under test)."""
    found = set(SECRETS)
    for key, value in doc.items():
        entry, _alias = lookup(key) if isinstance(key, str) else (None, None)
        if entry is None:
            continue
        if entry["secret"] and isinstance(value, str):
            found.add(value)
        if entry["secret_values"] and isinstance(value, dict):
            found.update(item for item in value.values() if isinstance(item, str))
    return {item for item in found if len(item) >= 6}


def leaks(texts, secrets):
    """The secrets (or their first 8 characters) that appear in any of the texts."""
    found = []
    for text in texts:
        for secret in secrets:
            if secret in text or secret[:8] in text or json.dumps(secret)[1:9] in text:
                found.append(secret)
    return found


def problem_texts(report):
    return [json.dumps(p.as_dict(), ensure_ascii=False) for p in report.problems] + \
        [report.error_text()] + report.warning_texts()


def read_back(fmt, data):
    """The settings of one artifact, read with the standard library (the .reg goes through hivex below)."""
    if fmt == "mobileconfig":
        profile = plistlib.loads(data)
        payload = profile["PayloadContent"][0]
        assert payload["PayloadType"] == PAYLOAD_TYPE
        return {k: v for k, v in payload.items() if not k.startswith("Payload")}
    if fmt == "plist":
        return plistlib.loads(data)
    if fmt == "json":
        return _strict_json(data.decode("utf-8"))
    raise AssertionError(fmt)


def expected(fmt, settings):
    if fmt == "json":
        return {key: linux_value(value) for key, value in settings.items()}
    return {key: encode_string(value) for key, value in settings.items()}


def check_valid(doc, formats=("mobileconfig", "plist", "json")):
    """Validate and render one document; returns (outcome, normalised settings or None)."""
    try:
        report = validate(doc)
    except Exception:  # pylint: disable=broad-except
        return "traceback", None
    if leaks(problem_texts(report), secrets_of(doc)):
        return "leak", None
    if report.errors:
        return "clear error", None
    try:
        texts = templating.render_texts(formats, report.settings)
    except Exception:  # pylint: disable=broad-except
        return "traceback", None
    for fmt in formats:
        if fmt == "reg":
            continue        # read back through a hive, in batches (test_valid_documents_read_back_exactly_from_a_hive)
        try:
            back = read_back(fmt, templating.to_bytes(fmt, texts[fmt]))
        except Exception:  # pylint: disable=broad-except
            return "broken file", None
        if back != expected(fmt, report.settings):
            return "broken file", None
    return "accepted", report.settings


@fuzz(150)
@given(valid_documents())
def test_valid_documents_read_back_exactly(doc):
    with Clock("valid documents, hostile strings"):
        outcome, _settings = check_valid(doc)
    TALLY.add("valid documents, hostile strings", outcome)
    assert outcome in ("accepted", "clear error"), outcome
    # A document the strategy builds is valid by construction: a refusal is a false positive of validation.
    assert outcome == "accepted", validate(doc).error_text()


def _hive_with(tmp_path, reg_texts):
    """One hive holding every .reg text under its own subkey (one hivexregedit run for the whole batch)."""
    from render.conftest import LAB_FILES, need_tool, run  # pylint: disable=import-outside-toplevel
    hivexregedit = need_tool("hivexregedit")
    hive = str(tmp_path / "software.hive")
    made = run(["python3", os.path.join(LAB_FILES, "mkhive.py"), hive])
    assert made.returncode == 0, made.stderr
    prefix = "HKEY_LOCAL_MACHINE\\SOFTWARE"
    parts = ["Windows Registry Editor Version 5.00\n\n[%s\\Policies]\n\n[%s\\Policies\\Claude]\n\n" % (prefix, prefix)]
    for i, text in enumerate(reg_texts):
        body = text.replace("\r\n", "\n").split("\n", 1)[1]      # without the header line
        # every section of the key (a value with line breaks opens it again after its comment)
        parts.append(body.replace("[%s\\Policies\\Claude]" % prefix, "[%s\\Policies\\Claude\\D%d]" % (prefix, i)))
    merged = run([hivexregedit, "--merge", "--prefix", prefix, "--encoding", "UTF-16LE", hive],
                 input="".join(parts).encode("utf-8"), text=False, env=dict(os.environ, PERL_UNICODE="SD"))
    assert merged.returncode == 0, merged.stderr
    return hive


@fuzz(4, shrink=False, batch=15)
@given(st.lists(valid_documents(), min_size=15, max_size=15))
def test_valid_documents_read_back_exactly_from_a_hive(tmp_path_factory, docs):
    accepted = []
    for doc in docs:
        with Clock("valid documents, .reg through hivex"):
            outcome, settings = check_valid(doc, formats=("reg",))
        if outcome == "accepted":
            accepted.append(settings)
        else:
            TALLY.add("valid documents, .reg through hivex", outcome)
            assert outcome == "clear error", outcome
            assert False, validate(doc).error_text()
    texts = [templating.render_text("reg", settings) for settings in accepted]
    hive = pyregf.file()
    hive.open(_hive_with(tmp_path_factory.mktemp("hive"), texts))
    try:
        for i, settings in enumerate(accepted):
            key = hive.get_key_by_path("\\Policies\\Claude\\D%d" % i)
            values = [key.get_value(n) for n in range(key.number_of_values)]
            # the raw REG_SZ data (libregf's get_data_as_string drops a leading U+FEFF, which the hive holds)
            back = {v.name: _reg_sz(v.data) for v in values}
            ok = back == expected("reg", settings) and {v.type for v in values} <= {1}       # REG_SZ only
            TALLY.add("valid documents, .reg through hivex", "accepted" if ok else "broken file")
            assert ok, [k for k in back if back[k] != expected("reg", settings).get(k)]
    finally:
        hive.close()


def _reg_sz(data):
    """A REG_SZ value's text: UTF-16LE up to its terminating NUL."""
    text = (data or b"").decode("utf-16-le")
    return text[:-1] if text.endswith("\x00") else text


def _names_key(problem, key):
    """The problem names the key: as given, inside it, as the whole document, or escaped (a NUL cannot be shown)."""
    return problem.key == key or problem.key.startswith((key + ".", key + "[")) or problem.key == "<document>" \
        or problem.key.startswith(json.dumps(key)[:40])


@fuzz(400)
@given(invalid_documents())
def test_invalid_documents_give_a_report_naming_the_key(doc_key):
    doc, key = doc_key
    category = "invalid values (any shape)"
    with Clock(category):
        try:
            report = validate(doc)
        except Exception:  # pylint: disable=broad-except
            TALLY.add(category, "traceback")
            raise
    internal = [p for p in report.problems if p.rule == "internal"]
    if internal:
        TALLY.add(category, "traceback")
        raise AssertionError("the last-resort guard answered: %s" % internal[0].text)
    secrets = secrets_of(doc) | ({doc[key]} if isinstance(doc[key], str) and len(doc[key]) >= 6
                                 and (lookup(key)[0] or {}).get("secret") else set())
    leaked = leaks(problem_texts(report), secrets)
    if leaked:
        TALLY.add(category, "leak")
        raise AssertionError("secret in a message: %s" % leaked)
    if report.errors:
        dropped = key not in report.settings
        named = any(_names_key(p, key) for p in report.errors)
        assert named or not dropped, \
            "the value of %r was dropped and no error names it:\n%s" % (key, report.error_text())
        TALLY.add(category, "clear error")
        return
    outcome, _settings = check_valid(doc, formats=FORMATS[:3])
    TALLY.add(category, "accepted" if outcome == "accepted" else outcome)
    assert outcome == "accepted", outcome
