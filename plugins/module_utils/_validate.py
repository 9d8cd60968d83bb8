# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation of a settings document against the key catalog.

``validate(settings)`` never raises on bad input: it returns a ``Report`` with
the normalised settings (native Python values), every error and every warning.
Each problem names the key, the offending value (secrets as ********), the rule
and a hint. Pure Python: no Ansible import is needed to call it.
"""

from __future__ import annotations

import datetime
import difflib
import ipaddress
import json
import math
import re
from urllib.parse import unquote, urlsplit

from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog as catalog
from ansible_collections.cowork3p.fleet.plugins.module_utils._index import BY_NAME, lookup, suggest
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import (
    MASK, has_secret_fields, key_is_secret, looks_secret, mask_credentials, mask_userinfo, mask_value, scrub,
    secret_strings, summarise,
)
from ansible_collections.cowork3p.fleet.plugins.module_utils._encode import encode_string, loads_strict
from ansible_collections.cowork3p.fleet.plugins.module_utils import _releases  # hook (contract): releases, sources
from ansible_collections.cowork3p.fleet.plugins.module_utils import _providers  # hook (contract): provider rules

ERROR = "error"
WARNING = "warning"

# Bounds of the work one document may ask for (YAML aliases count each time they are used, so an alias bomb
# reaches MAX_VALUES after a few thousand steps instead of expanding to billions of values).
MAX_DEPTH = 32              # nesting of lists and objects inside one setting
MAX_VALUES = 20000          # values (items of lists and objects) in one document
MAX_TEXT = 1000000          # characters of one string
MAX_INTEGER = 2 ** 53       # beyond this a JSON reader no longer keeps an integer exact
DOCUMENT = "<document>"     # the name problems about the whole document carry
MAX_SHOWN = 20              # problems listed in a message; the rest are counted

_INVALID = object()
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_INT_TEXT = re.compile(r"^[+-]?[0-9]{1,30}$")
_NUM_TEXT = re.compile(r"^[+-]?([0-9]{1,30}(\.[0-9]{0,30})?|\.[0-9]{1,30})([eE][+-]?[0-9]{1,3})?$")
_VERSION = re.compile(r"^([0-9]{1,9}(?:\.[0-9]{1,9})*)")
_ENV_REF = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%")
_WINDOWS_ABS = re.compile(r"^([A-Za-z]:[\\/]|\\\\)")
_LOOPBACK_NAMES = ("localhost", "localhost.localdomain")
_SPACE = re.compile(r"\s")
_CREDENTIAL_HEADERS = ("authorization", "x-api-key", "proxy-authorization")
# What an HTTP header may carry: a name is a token (RFC 9110), a value has no CR, LF, NUL or other control
# character (a tab is allowed). gateway_check sends the same values and refuses the same.
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_HEADER_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
_HEADER_VALUE_BAD = re.compile("[\x00-\x08\x0a-\x1f\x7f\ufffe\uffff\ud800-\udfff]")     # _HEADER_UNSAFE and _CONTROL


class Problem:
    """One finding: an error (the document must not be rendered) or a warning."""

    __slots__ = ("level", "key", "value", "rule", "message", "hint")

    def __init__(self, level, key, value, rule, message, hint=""):
        self.level = level
        self.key = key
        self.value = value
        self.rule = rule
        self.message = message
        self.hint = hint

    @property
    def text(self):
        out = "%s: %s" % (self.key, self.message)
        details = ["rule: %s" % self.rule]
        if self.value is not None:
            details.insert(0, "value: %s" % self.value)
        out += " (%s)" % "; ".join(details)
        if self.hint:
            out += ". Hint: %s" % self.hint
        return out

    def as_dict(self):
        return {"level": self.level, "key": self.key, "value": self.value, "rule": self.rule,
                "message": self.message, "hint": self.hint, "text": self.text}

    def __repr__(self):
        return "Problem(%s, %s)" % (self.level, self.text)


class Report:
    """Outcome of a validation run."""

    def __init__(self, settings, decoded, problems):
        self.settings = settings      # recognised keys, normalised native values (check .errors first)
        self.decoded = decoded        # every key, best-effort native value (for import/audit)
        self.errors = [p for p in problems if p.level == ERROR]
        self.warnings = [p for p in problems if p.level == WARNING]

    @property
    def ok(self):
        return not self.errors

    @property
    def problems(self):
        return self.errors + self.warnings

    def error_text(self, limit=MAX_SHOWN):
        """The errors, one per line: the first ``limit``, then how many more (a long list stays readable)."""
        return "\n".join(summarise(["- " + p.text for p in self.errors], limit, "more error(s)"))

    def warning_texts(self, limit=MAX_SHOWN):
        """The warnings' texts: the first ``limit``, then one line counting the rest."""
        return summarise([p.text for p in self.warnings], limit, "more warning(s)")


def show(value, secret=False, limit=1000):
    """How a value appears in a message."""
    if value is None:
        return "null"
    if secret:
        return MASK if value != "" else '""'
    value = mask_credentials(value)      # a credential nobody declared secret (auth: "Bearer ...") is hidden too
    try:
        if isinstance(value, str):
            text = json.dumps(value, ensure_ascii=False)
        else:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False,
                              default=lambda item: "<%s>" % type(item).__name__)
    except ValueError:
        text = "<a value too large to show>"
    text = mask_userinfo(text)
    if len(text) > limit:
        text = text[:limit - 3] + "..."
    return text


def parse_version(text):
    """'1.46388.1' -> (1, 46388, 1); None when the text holds no version."""
    if text is None:
        return None
    match = _VERSION.match(str(text).strip())
    if not match:
        return None
    return tuple(int(part) for part in match.group(1).split("."))


def _cmp_version(a, b):
    width = max(len(a), len(b))
    a = a + (0,) * (width - len(a))
    b = b + (0,) * (width - len(b))
    return (a > b) - (a < b)


def _parse_instant(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def _describe_cutoff(text):
    instant = _parse_instant(text)
    return "%s (12:00 Pacific)" % instant.strftime("%Y-%m-%d %H:%M UTC")


_PLAIN = frozenset((bool, int, float, type(None)))


class _NotPlain(Exception):
    """Raised by _plain_copy when a value needs _to_plain's reporting."""


def _plain_copy(value, budget, depth):
    """Plain copy of a well-formed value without building a path per item; _NotPlain otherwise.

    budget: [values left in the document]; depth: nesting of the value."""
    kind = type(value)
    if kind is str:
        if len(value) > MAX_TEXT:
            raise _NotPlain()
        return value
    if kind in _PLAIN:
        return value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise _NotPlain()
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dict):
        budget[0] -= len(value)
        if depth >= MAX_DEPTH or budget[0] < 0:
            raise _NotPlain()
        out = {}
        for name, item in value.items():
            if type(name) is not str and not isinstance(name, str):  # pylint: disable=unidiomatic-typecheck
                raise _NotPlain()
            out[str(name)] = _plain_copy(item, budget, depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        budget[0] -= len(value)
        if depth >= MAX_DEPTH or budget[0] < 0:
            raise _NotPlain()
        return [_plain_copy(item, budget, depth + 1) for item in value]
    raise _NotPlain()


class _Unreadable(Exception):
    """A value that cannot be part of a settings document at all (too deep, too large, undecryptable)."""

    def __init__(self, path, rule, message, hint=""):
        super().__init__(message)
        self.path, self.rule, self.message, self.hint = path, rule, message, hint


def _is_vault(value):
    """An Ansible vault value (EncryptedString, or the AnsibleVaultEncryptedUnicode of older releases)."""
    kind = type(value).__name__
    return kind in ("EncryptedString", "AnsibleVaultEncryptedUnicode") or hasattr(value, "_ciphertext")


def _to_plain(value, path, problems, budget, depth=0):
    """Copy to plain Python types (Ansible hands over tagged subclasses); report what cannot be copied, and where.

    Raises _Unreadable for what no setting can be (the caller drops the whole key)."""
    spent = budget[0]
    try:                    # well-formed values (nearly all, scalars always): a copy without building paths
        return _plain_copy(value, budget, depth)
    except _NotPlain:       # a mapping, list or value with something to report: walk it, naming where
        budget[0] = spent
    except RecursionError:  # a value that contains itself through a tagged type _plain_copy does not follow
        raise _Unreadable(path, "nesting", "is nested too deeply, or contains itself, to be a settings value",
                          "check the YAML anchors and aliases (&name / *name) in this value")
    if depth >= MAX_DEPTH:
        raise _Unreadable(path, "nesting", "is nested more than %d levels deep, or contains itself" % MAX_DEPTH,
                          "check the YAML anchors and aliases (&name / *name) in this value")
    if _is_vault(value):
        try:
            text = str(value)
        except Exception:  # pylint: disable=broad-except  # any decryption failure: the text is not shown
            raise _Unreadable(path, "vault", "is vault-encrypted and could not be decrypted",
                              "check the vault password (--vault-id / --ask-vault-pass) and the !vault block")
        return _to_plain(text, path, problems, budget, depth)
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise _Unreadable(path, "size", "is a string of %d characters; the limit is %d" % (len(value), MAX_TEXT),
                              "shorten it")
        return str(value)
    if isinstance(value, (dict, list, tuple)) or hasattr(value, "items"):
        budget[0] -= len(value) if isinstance(value, (dict, list, tuple)) else _size(value)
        if budget[0] < 0:
            raise _Unreadable(path, "size", "makes the document hold more than %d values (YAML aliases count each "
                                            "time they are used)" % MAX_VALUES,
                              "check the YAML anchors and aliases (&name / *name), or split the document")
    if isinstance(value, dict) or hasattr(value, "items"):
        out = {}
        for name, item in value.items():
            if not isinstance(name, str):
                problems.append(Problem(ERROR, path, show(name), "field_name_type",
                                        "field names must be strings, got %s" % type(name).__name__,
                                        "quote the name in YAML"))
                name = _safe_str(name)
            out[str(name)] = _to_plain(item, "%s.%s" % (path, name), problems, budget, depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [_to_plain(item, "%s[%d]" % (path, i), problems, budget, depth + 1) for i, item in enumerate(value)]
    problems.append(Problem(ERROR, path, "<%s>" % type(value).__name__, "type",
                            "a %s is not a valid settings value" % type(value).__name__,
                            "YAML turned the value into a %s; quote it to keep it a string" % type(value).__name__))
    return _safe_str(value)


def _safe_str(value):
    """str() of an odd value (a date, a set, a tagged object); a placeholder when even that fails."""
    try:
        text = str(value)
    except Exception:  # pylint: disable=broad-except
        return "<%s>" % type(value).__name__
    return text if len(text) <= MAX_TEXT else text[:64]


_HANDLERS = {}     # catalog type -> its _Checker method (unbound)


def _header_specs():
    """ids of the catalog specs whose names and values travel as HTTP headers: keys named ...Headers and the
    headers field of MCP servers (worked out from the catalog, never listed by hand)."""
    found = set()

    def walk(name, spec):
        if spec["type"] == "object" and name.lower().endswith("headers") and \
                (spec.get("rules") or {}).get("value_type") == "string":
            found.add(id(spec))
        for field_name, field in (spec.get("fields") or {}).items():
            walk(field_name, field)
    for entry in BY_NAME.values():
        walk(entry["name"], entry)
    return frozenset(found)


_HEADER_SPECS = _header_specs()

# Rules that hold whatever the key's confidence: a value breaking them breaks the file or the app's requests.
_HARD_RULES = frozenset(("null", "control_characters", "finite", "header_name", "header_value", "nesting",
                         "size", "vault", "number_size"))


def _renderable(ctx, value, path, secret, depth=0):
    """True when every part of a value can be written to every format (XML 1.0 text, JSON, a REG_SZ); else an
    error naming where. Whatever the key's confidence, whatever field (documented or not) holds it."""
    if isinstance(value, str):
        bad = _CONTROL.search(value)
        if bad:
            ctx.error(path, show(value, secret), "control_characters",
                      "contains the character U+%04X, which the .mobileconfig (XML 1.0) cannot carry"
                      % ord(bad.group(0)), "remove it; tabs and line breaks are the only control characters allowed")
            return False
        return True
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int):
        if -MAX_INTEGER <= value <= MAX_INTEGER:
            return True
        ctx.error(path, "<an integer of %d digits>" % len(str(abs(value))) if abs(value) < 10 ** 4000
                  else "<a huge integer>", "number_size",
                  "is beyond +/-2^53, which JSON readers (the app's included) do not keep exact")
        return False
    if isinstance(value, float):
        if not math.isfinite(value):
            ctx.error(path, show(value, secret), "finite", "must be a finite number (JSON has no NaN or infinity)")
            return False
        return True
    if isinstance(value, dict):
        ok = True
        for name, item in value.items():
            bad = _CONTROL.search(name)
            if bad:
                ctx.error(path, show(name), "control_characters",
                          "has a field name with the character U+%04X, which the .mobileconfig (XML 1.0) cannot "
                          "carry" % ord(bad.group(0)), "remove it from the name")
                ok = False
            elif not _renderable(ctx, item, "%s.%s" % (path, name), secret or looks_secret(name), depth + 1):
                ok = False
        return ok
    if isinstance(value, list):
        ok = True
        for i, item in enumerate(value):
            ok = _renderable(ctx, item, "%s[%d]" % (path, i), secret, depth + 1) and ok
        return ok
    ctx.error(path, "<%s>" % type(value).__name__, "type", "a %s cannot be written to a settings file"
              % type(value).__name__)
    return False


class _Checker:
    def __init__(self, now, target):
        self.now = now
        self.target = target
        self.problems = []
        self.lenient = False      # True while checking a key whose rules are UNCONFIRMED
        self.hard = 0             # errors so far that no confidence level turns into warnings
        self.budget = [MAX_VALUES]  # values the document may still hold (shared with _to_plain)
        self.allow_insecure_http = False  # hook (contract): see _providers.insecure_http

    # -- reporting ---------------------------------------------------------
    def add(self, level, key, value, rule, message, hint=""):
        if level == ERROR:
            if rule in _HARD_RULES:
                self.hard += 1
            elif self.lenient:
                level = WARNING
                message += " (not enforced: the rule is UNCONFIRMED)"
        self.problems.append(Problem(level, key, value, rule, message, hint))

    def error(self, key, value, rule, message, hint=""):
        self.add(ERROR, key, value, rule, message, hint)

    def warn(self, key, value, rule, message, hint=""):
        self.add(WARNING, key, value, rule, message, hint)

    def deprecation(self, key, value, rule, message, cutoff, hint=""):
        """A deprecated name or value: warning before the cut-off, error after it."""
        if cutoff is None:
            self.problems.append(Problem(WARNING, key, value, rule, message, hint))
            return
        when = _describe_cutoff(cutoff)
        if self.now >= _parse_instant(cutoff):
            self.problems.append(Problem(ERROR, key, value, rule,
                                         "%s; the app stopped reading it at %s" % (message, when), hint))
        else:
            self.problems.append(Problem(WARNING, key, value, rule,
                                         "%s; the app stops reading it at %s" % (message, when), hint))

    # -- value coercion ------------------------------------------------------
    def coerce(self, spec, value, path, secret=False, nested=False):
        """Return the normalised native value, or _INVALID after recording the problems."""
        kind = spec["type"]
        secret = secret or spec.get("secret", False)
        if value is None:
            self.error(path, "null", "null", "has no value",
                       "give it a value or remove the key (YAML reads an empty value as null)")
            return _INVALID
        handler = _HANDLERS.get(kind)
        if handler is None:
            handler = getattr(_Checker, "_t_" + kind.replace("-", "_"), None)
            if handler is None:
                raise ValueError("catalog type %r has no handler" % kind)
            _HANDLERS[kind] = handler
        return handler(self, spec, value, path, secret, nested)

    def _type_error(self, path, value, secret, expected, hint=""):
        got = "a boolean" if isinstance(value, bool) else "a list" if isinstance(value, list) else \
            "an object" if isinstance(value, dict) else "a number" if isinstance(value, (int, float)) else \
            "a string"
        if not hint and isinstance(value, bool) and expected != "a boolean":
            hint = "YAML reads unquoted yes/no/on/off/true/false as booleans; quote the value"
        if not hint and isinstance(value, (int, float)) and expected.startswith("a string"):
            hint = "quote the value in YAML so it stays a string"
        self.error(path, show(value, secret), "type", "expected %s, got %s" % (expected, got), hint)
        return _INVALID

    def _t_unknown(self, spec, value, path, secret, nested):
        if isinstance(value, (dict, list, str, bool, int, float)):
            return value
        return self._type_error(path, value, secret, "a string, boolean, number, list or object")

    def _t_string(self, spec, value, path, secret, nested):
        if not isinstance(value, str):
            return self._type_error(path, value, secret, "a string")
        self._string_rules(spec.get("rules") or {}, value, path, secret)
        return value

    def _string_rules(self, rules, value, path, secret):
        bad = _CONTROL.search(value)
        if bad:
            self.error(path, show(value, secret), "control_characters",
                       "contains the control character U+%04X, which a plist cannot carry" % ord(bad.group(0)),
                       "remove it; tabs and line breaks are the only control characters allowed")
        if "min_length" in rules and len(value) < rules["min_length"]:
            self.error(path, show(value, secret), "min_length",
                       "must not be empty" if rules["min_length"] == 1 else
                       "must be at least %d characters" % rules["min_length"],
                       "use a placeholder such as 'unused' if the gateway needs no key" if secret else "")
        if "max_length" in rules and len(value) > rules["max_length"]:
            self.error(path, show(value, secret), "max_length",
                       "is %d characters long; the limit is %d" % (len(value), rules["max_length"]),
                       "shorten it")
        if secret and _HEADER_UNSAFE.search(value):
            self.error(path, show(value, secret), "header_value",
                       "contains a line break or control character; the value is sent in an HTTP header, "
                       "which cannot carry it (header injection)", "remove the line breaks and control characters")
        elif rules.get("single_line") and ("\n" in value or "\r" in value):
            self.error(path, show(value, secret), "single_line", "must be a single line", "remove the line breaks")
        if "pattern" in rules and not re.search(rules["pattern"], value):
            self.error(path, show(value, secret), "pattern",
                       "does not match %s" % rules["pattern"], rules.get("pattern_hint", ""))
        if "url" in rules:
            self._url_rules(rules, value, path, secret)
        if rules.get("path"):
            self._path_rules(rules, value, path, secret)
        elif secret and value != value.strip():
            self.warn(path, show(value, secret), "whitespace",
                      "has leading or trailing white space, which is sent as part of the credential",
                      "remove the surrounding spaces or line breaks")

    def _url_rules(self, rules, value, path, secret):
        mode = rules["url"]
        if value != value.strip() or _SPACE.search(value):
            self.error(path, show(value, secret), "url_whitespace", "a URL must not contain white space",
                       "use %s" % show(value.strip(), secret))
            return
        try:
            parts = urlsplit(value)
            parts.port  # pylint: disable=pointless-statement  # raises on a bad port
        except ValueError as exc:
            self.error(path, show(value, secret), "url_format", "is not a valid URL: %s" % exc)
            return
        if not parts.scheme or not parts.netloc:
            self.error(path, show(value, secret), "url_format", "is not an absolute URL",
                       "write it with its scheme, e.g. %s" % show("https://" + value.lstrip("/"), secret))
            return
        if not parts.hostname:
            self.error(path, show(mask_userinfo(value), secret), "url_host", "has no host name",
                       "write it as scheme://host[:port][/path]")
            return
        # From here on the URL is only ever shown without its user:password@ part.
        shown_url = value
        if "@" in parts.netloc:
            shown_url = value.replace(parts.netloc, MASK + "@" + parts.netloc.rsplit("@", 1)[1], 1)
            self.error(path, show(shown_url, secret), "url_credentials",
                       "embeds credentials (user:password@); since 1.32352.0 the app refuses to load such a configuration",
                       "remove the user:password@ part and use the key's credential setting instead")

        def shown(text=None):
            text = shown_url if text is None else text
            if "@" in parts.netloc:
                text = text.replace(parts.netloc, MASK + "@" + parts.netloc.rsplit("@", 1)[1], 1)
            return show(text, secret)

        scheme = parts.scheme.lower()
        if mode == "https" and scheme != "https":
            if scheme == "http" and (path in _providers.ADMIN_HTTP_KEYS or _is_loopback(parts.hostname)):
                # hook (contract): the http:// policy of _providers (loopback: UNCONFIRMED; else protects the admin)
                found = _providers.insecure_http(path, value, self.allow_insecure_http,
                                                 shown("https://" + value.split("://", 1)[-1]))
                self.add(found.level, path, shown(), found.rule, found.message, found.hint)
            else:
                self.error(path, shown(), "https_url", "must use https://",
                           "use %s" % shown("https://" + value.split("://", 1)[-1]))
        elif mode == "http_or_https" and scheme not in ("http", "https"):
            self.error(path, shown(), "http_url",
                       "must be an http:// or https:// URL (%s:// is not supported)" % scheme)
        if rules.get("url_origin") and (parts.path not in ("", "/") or parts.query or parts.fragment):
            self.error(path, shown(), "url_origin",
                       "must be an origin (scheme://host[:port]) without a path",
                       "use %s" % shown("%s://%s" % (parts.scheme, parts.netloc)))
        if rules.get("url_no_query") and (parts.query or parts.fragment):
            self.error(path, shown(), "url_query",
                       "must not carry a query string or fragment: the app appends /v1/messages to it",
                       "use %s" % shown(value.split("?", 1)[0].split("#", 1)[0].rstrip("/")
                                        if "/" in (rules.get("url_no_suffix") or ()) else value.split("?", 1)[0].split("#", 1)[0]))
        suffixes = rules.get("url_no_suffix") or ()
        if suffixes and not parts.query and not parts.fragment:
            # Compared the way a server reads the path: percent-escapes decoded, letters in either case
            # (/V1 and /%76%31 are /v1 to the gateway), the same decision as gateway_check's.
            decoded = unquote(parts.path)
            rest, found = decoded, []
            changed = True
            while changed:
                changed = False
                for suffix in sorted(suffixes, key=len, reverse=True):
                    if rest.lower().endswith(suffix.lower()):
                        rest = rest[:-len(suffix)]
                        found.append(suffix)
                        changed = True
                        break
            if found:
                fixed = "%s://%s%s" % (parts.scheme, parts.netloc, rest)
                self.error(path, shown(), "url_suffix", _suffix_message(found), "use %s" % shown(fixed))

    def _path_rules(self, rules, value, path, secret):
        shown = show(value, secret)
        if value != value.strip():
            self.error(path, shown, "path_whitespace", "has leading or trailing white space",
                       "use %s" % show(value.strip()))
        if value.startswith("~"):
            self.error(path, shown, "path_tilde", "starts with ~, which the app does not expand",
                       "write the full path, e.g. /Users/<name>/...")
        elif _ENV_REF.search(value):
            self.error(path, shown, "path_env", "refers to an environment variable, which the app does not expand",
                       "write the full path")
        elif not (value.strip().startswith("/") or _WINDOWS_ABS.match(value.strip())):
            self.error(path, shown, "path_absolute", "must be an absolute path",
                       "start it with / (macOS, Linux) or a drive letter such as C:\\ (Windows)")
        if rules.get("no_arguments"):
            tokens = value.split()
            if any(token.startswith("-") for token in tokens[1:]):
                self.error(path, shown, "path_arguments",
                           "the executable is run without arguments, so this looks like a command line",
                           "put the command and its arguments into a small wrapper script and give its path")

    def _t_boolean(self, spec, value, path, secret, nested):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0") and not nested:
            text = value.strip().lower()
            if value != text and value.lower() not in ("true", "false"):
                self.warn(path, show(value), "boolean_text", "has surrounding white space")
            return text in ("true", "1")
        if isinstance(value, int) and value in (0, 1) and not nested:
            return bool(value)
        return self._type_error(path, value, secret, "a boolean (true or false)",
                                "use true or false" + ("" if not isinstance(value, str) else
                                                       "; the app reads only 'true'/'false' or 1/0"))

    def _t_integer(self, spec, value, path, secret, nested):
        if isinstance(value, bool):
            return self._type_error(path, value, secret, "an integer")
        if isinstance(value, str) and _INT_TEXT.match(value.strip()) and not nested:
            number = int(value.strip())
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            self.error(path, show(value, secret), "type", "expected an integer, got a decimal number",
                       "write %d" % int(value))
            return _INVALID
        else:
            return self._type_error(path, value, secret, "an integer", "write decimal digits only, e.g. 3600")
        return self._range(spec.get("rules") or {}, number, path, secret)

    def _t_number(self, spec, value, path, secret, nested):
        if isinstance(value, bool):
            return self._type_error(path, value, secret, "a number")
        if isinstance(value, str) and _NUM_TEXT.match(value.strip()) and not nested:
            text = value.strip()
            number = int(text) if _INT_TEXT.match(text) else float(text)
        elif isinstance(value, (int, float)):
            number = value
        else:
            return self._type_error(path, value, secret, "a number", "write a decimal number such as 0.8")
        if isinstance(number, float) and not math.isfinite(number):
            self.error(path, show(value, secret), "finite", "must be a finite number")
            return _INVALID
        return self._range(spec.get("rules") or {}, number, path, secret)

    def _range(self, rules, number, path, secret):
        low, high = rules.get("min"), rules.get("max")
        if (low is not None and number < low) or (high is not None and number > high):
            if low is not None and high is not None:
                what = "must be between %s and %s" % (low, high)
            elif low is not None:
                what = "must be at least %s" % low
            else:
                what = "must be at most %s" % high
            self.error(path, show(number, secret), "range", what)
        return number

    def _t_enum(self, spec, value, path, secret, nested):
        allowed = tuple(spec.get("allowed") or ())
        deprecated = dict(spec.get("deprecated_values") or {})
        for old, new in ((spec.get("rules") or {}).get("value_deprecated") or {}).items():
            info = dict(new) if isinstance(new, dict) else {"replacement": new}
            info.setdefault("cutoff", catalog.DEPRECATION_CUTOFF)
            deprecated.setdefault(old, info)
        if isinstance(value, bool) and ("off" in allowed or "on" in allowed):
            return self._type_error(path, value, secret, "one of %s" % ", ".join(allowed),
                                    "YAML reads unquoted on/off as booleans; write '%s' in quotes"
                                    % ("off" if not value else "on"))
        if not isinstance(value, str):
            return self._type_error(path, value, secret, "one of %s" % ", ".join(allowed))
        if value in allowed:
            return value
        if value in deprecated:
            info = deprecated[value]
            hint = info.get("message", "")
            if info.get("replacement"):
                hint = (hint + "; " if hint else "") + "replace it with %s" % show(info["replacement"])
            elif not hint:
                hint = "remove it (no direct replacement; see the vendor's configuration changelog)"
            self.deprecation(path, show(value, secret), "deprecated_value",
                             "the value %s is deprecated" % show(value), info.get("cutoff"), hint)
            return value
        close = [a for a in allowed if a.lower() == value.strip().lower()] or \
            difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
        hint = "did you mean %s?" % show(close[0]) if close else ""
        level_rule = "enum"
        if not spec.get("allowed_strict", True):
            self.warn(path, show(value, secret), level_rule,
                      "is not one of the documented values (%s); the documented list may be out of date"
                      % ", ".join(allowed), hint)
            return value
        self.error(path, show(value, secret), level_rule, "must be one of %s" % ", ".join(allowed), hint)
        return _INVALID

    def _parse_json_text(self, value, path, secret, want):
        text = value.strip()
        try:
            parsed = loads_strict(text)
        except RecursionError:
            self.error(path, show(value, secret), "json", "is nested too deeply to be read")
            return _INVALID
        except ValueError as exc:
            self.error(path, show(value, secret), "json",
                       "is not valid JSON: %s" % _json_reason(exc, secret),
                       "write %s natively in YAML, or check the quoting of the JSON text" % want)
            return _INVALID
        try:
            _plain_copy(parsed, self.budget, 1)     # the parsed value obeys the document's bounds too
        except (_NotPlain, RecursionError):
            self.error(path, show(value, secret), "nesting",
                       "holds JSON nested more than %d levels deep or with more than %d values" % (MAX_DEPTH, MAX_VALUES))
            return _INVALID
        return parsed

    def _t_string_list(self, spec, value, path, secret, nested):
        secret = secret or has_secret_fields(spec.get("fields"))
        if isinstance(value, str) and not nested:
            value = self._parse_json_text(value, path, secret, "the list")
            if value is _INVALID:
                return _INVALID
        if not isinstance(value, list):
            return self._type_error(path, value, secret, "a list of strings")
        allowed = spec.get("allowed")
        rules = spec.get("rules") or {}
        item_pattern = rules.get("item_pattern")
        check = CHECKS[rules["item_check"]] if rules.get("item_check") else None
        ok = True
        for i, item in enumerate(value):
            item_path = "%s[%d]" % (path, i)
            if not isinstance(item, str):
                self._type_error(item_path, item, secret, "a string")
                ok = False
                continue
            bad = _CONTROL.search(item)
            if bad:
                self.error(item_path, show(item, secret), "control_characters",
                           "contains the control character U+%04X" % ord(bad.group(0)))
            if allowed and item not in allowed:
                close = difflib.get_close_matches(item, allowed, n=1, cutoff=0.6)
                hint = "did you mean %s?" % show(close[0]) if close else ""
                if spec.get("allowed_strict", True):
                    self.error(item_path, show(item, secret), "enum",
                               "must be one of %s" % ", ".join(allowed), hint)
                    ok = False
                else:
                    self.warn(item_path, show(item, secret), "enum",
                              "is not a documented name (%s); the documented list may be out of date"
                              % ", ".join(allowed), hint)
            if item_pattern is not None and not re.search(item_pattern, item):
                self.error(item_path, show(item, secret), "pattern", "does not match %s" % item_pattern,
                           rules.get("pattern_hint", ""))
                ok = False
            if check is not None:
                check(self, item, item_path, secret, None)
        strings = [x for x in value if isinstance(x, str)]
        if len(set(strings)) != len(strings):
            self.warn(path, show(value, secret), "duplicates", "lists the same entry more than once")
        return value if ok else _INVALID

    def _t_object(self, spec, value, path, secret, nested):
        rules = spec.get("rules") or {}
        values_secret = secret or spec.get("secret_values", False)
        whole_secret = values_secret or has_secret_fields(spec.get("fields"))
        if isinstance(value, (str, list)) and rules.get("header_map") and not nested:
            converted = self._legacy_header_map(value, path, values_secret)
            if converted is not None:
                value = converted
        if isinstance(value, str) and not nested:
            value = self._parse_json_text(value, path, whole_secret, "the object")
            if value is _INVALID:
                return _INVALID
        if not isinstance(value, dict):
            return self._type_error(path, value, whole_secret, "an object (a mapping)")
        ok = True
        value_type = rules.get("value_type")
        headers = id(spec) in _HEADER_SPECS
        for name, item in value.items():
            item_path = "%s.%s" % (path, name)
            if headers and not _HEADER_NAME.match(name):
                self.error(path, show(name), "header_name",
                           "has the header name %s, which is not a valid HTTP header name (letters, digits and "
                           "!#$%%&'*+.^_`|~- only: no spaces, colons or line breaks)" % show(name),
                           "fix the name; an empty name is not allowed either")
                ok = False
            if value_type == "string" and not isinstance(item, str):
                self._type_error(item_path, item, values_secret, "a string")
                ok = False
            elif isinstance(item, str):
                if headers and _HEADER_UNSAFE.search(item):
                    self.error(item_path, show(item, values_secret), "header_value",
                               "a header value must not contain line breaks or control characters "
                               "(header injection)", "remove them")
                    ok = False
                elif _CONTROL.search(item) or ("\n" in item and value_type == "string"):
                    self.error(item_path, show(item, values_secret), "control_characters",
                               "must not contain line breaks or control characters")
                    ok = False
            if "value_allowed" in rules and not isinstance(item, str):
                continue        # (reported above: the values of this object are strings)
            if "value_allowed" in rules:
                legacy = (rules.get("value_deprecated") or {})
                if item in legacy:
                    self.deprecation(item_path, show(item), "deprecated_value",
                                     "the value %s is deprecated" % show(item), catalog.DEPRECATION_CUTOFF,
                                     "use %s" % show(legacy[item]))
                elif item not in rules["value_allowed"]:
                    self.error(item_path, show(item), "enum",
                               "must be one of %s" % ", ".join(rules["value_allowed"]),
                               "'blocked' is not accepted here; remove the tool with disabledBuiltinTools"
                               if item == "blocked" else "")
                    ok = False
        if rules.get("no_credential_headers"):
            for name in value:
                if looks_secret(name) or name.lower() in _CREDENTIAL_HEADERS:
                    self.warn("%s.%s" % (path, name), MASK, "credential_header",
                              "looks like a credential; these headers are for routing and tenant values only",
                              "send credentials through the API key setting or inferenceCredentialHelper")
        if spec.get("fields"):
            ok = self._fields(spec["fields"], value, path, values_secret) and ok
        check = rules.get("check") or spec.get("check")
        if check and ok:
            CHECKS[check](self, value, path, secret, None)
        return value if ok else _INVALID

    def _legacy_header_map(self, value, path, secret):
        """'Name=value,Other=value' or ['Name: value'] -> dict (deprecated forms)."""
        pairs = []
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("{") or text.startswith("["):
                if text.startswith("["):
                    try:
                        parsed = json.loads(text)
                    except ValueError:
                        return None
                    return self._legacy_header_map(parsed, path, secret) if isinstance(parsed, list) else None
                return None
            for part in filter(None, (p.strip() for p in text.split(","))):
                name, sep, item = part.partition("=")
                if not sep:
                    return None
                pairs.append((name.strip(), item.strip()))
            form = "a 'Name=value,...' string"
        elif isinstance(value, list):
            for part in value:
                if not isinstance(part, str) or ":" not in part:
                    return None
                name, _sep, item = part.partition(":")
                pairs.append((name.strip(), item.strip()))
            form = "a ['Name: value'] list"
        else:
            return None
        converted = dict(pairs)
        self.deprecation(path, MASK if secret else show(value), "deprecated_form",
                         "header maps written as %s are deprecated" % form,
                         catalog.HEADER_FORM_DEPRECATION["cutoff"],
                         "write an object instead: %s" % show({k: (MASK if secret else v) for k, v in converted.items()}))
        return converted

    def _t_object_list(self, spec, value, path, secret, nested):
        whole_secret = secret or has_secret_fields(spec.get("fields"))
        if isinstance(value, str) and not nested:
            value = self._parse_json_text(value, path, whole_secret, "the list")
            if value is _INVALID:
                return _INVALID
        if isinstance(value, dict) and spec.get("legacy_record_form"):
            self.deprecation(path, show(value, whole_secret), "deprecated_form",
                             "the record form of this setting is deprecated", catalog.DEPRECATION_CUTOFF,
                             spec["legacy_record_form"])
            return value
        if not isinstance(value, list):
            return self._type_error(path, value, whole_secret, "a list")
        return self._object_items(spec, value, path, secret)

    def _object_items(self, spec, value, path, secret):
        ok = True
        strings_ok = spec.get("items") == "string_or_object"
        check = (spec.get("rules") or {}).get("item_check") or spec.get("check")
        for i, item in enumerate(value):
            item_path = "%s[%d]" % (path, i)
            if isinstance(item, str) and strings_ok:
                bad = _CONTROL.search(item)
                if bad or not item.strip():
                    self.error(item_path, show(item, secret), "item_format",
                               "must be a non-empty string without control characters")
                    ok = False
                elif check:
                    CHECKS[check](self, item, item_path, secret, value)
                continue
            if not isinstance(item, dict):
                self._type_error(item_path, item, secret,
                                 "a string or an object" if strings_ok else "an object")
                ok = False
                continue
            if spec.get("fields"):
                if not self._fields(spec["fields"], item, item_path, secret):
                    ok = False
                    continue
            if check:
                CHECKS[check](self, item, item_path, secret, value)
        return value if ok else _INVALID

    def _t_boolean_or_object(self, spec, value, path, secret, nested):
        if isinstance(value, bool):
            return value
        if isinstance(value, dict):
            return self._t_object(spec, value, path, secret, True)
        self.deprecation(path, show(value, secret or has_secret_fields(spec.get("fields"))), "deprecated_form",
                         "must be true or an object; other forms are deprecated", catalog.DEPRECATION_CUTOFF,
                         "use true (dynamic client registration) or an object with clientId")
        return value

    def _fields(self, fields, value, path, secret):
        ok = True
        for name, item in value.items():
            item_path = "%s.%s" % (path, name)
            spec = fields.get(name)
            if spec is None:
                close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.75)
                self.warn(item_path, show(item, secret or looks_secret(name)), "unknown_field",
                          "is not a documented field; the app ignores it",
                          "did you mean %s?" % show(close[0]) if close else "")
                continue
            field_secret = secret if spec["type"] in ("object", "object_list") else spec.get("secret", False)
            if spec.get("deprecated"):
                info = spec["deprecated"]
                self.deprecation(item_path, show(item, field_secret), "deprecated_field",
                                 info.get("message") or "the field %s is deprecated" % name, info.get("cutoff"),
                                 "use %s" % info["replacement"] if info.get("replacement") else "")
            if self.target is not None and spec.get("since"):
                self.since(item_path, spec["since"], show(item, field_secret))
            result = self.coerce(spec, item, item_path, field_secret or spec.get("secret", False), nested=True)
            if result is _INVALID:
                ok = False
        for name, spec in fields.items():
            if spec.get("required") and name not in value:
                self.error("%s.%s" % (path, name), None, "field_required", "is required but missing")
                ok = False
        return ok

    # -- release checks ------------------------------------------------------
    def since(self, path, since, shown):
        """shown: the value as displayed, or a callable giving it (computed only when needed)."""
        if self.target is None or not since:
            return
        version = parse_version(since)
        if version and _cmp_version(version, self.target) > 0:
            self.warn(path, shown() if callable(shown) else shown, "since",
                      "needs Claude Desktop %s or newer; the target %s ignores it"
                      % (".".join(map(str, version)), ".".join(map(str, self.target))),
                      "raise desktop_version or drop the setting for this population")


def _suffix_message(found):
    if any(s in ("/v1", "/v1/messages") for s in found):
        return ("ends with %s, but the app appends /v1/messages itself (the request would go to .../v1/v1/messages)"
                % " and ".join(s for s in found if s != "/"))
    if found == ["/"]:
        return "ends with /, and the app appends /v1/... after it (the request would go to ...//v1/...)"
    return "must not end with %s" % " or ".join(found)


def _is_loopback(host):
    if not host:
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _json_reason(exc, secret):  # pylint: disable=unused-argument
    # json's messages name a position and, for duplicates, a field name; never a value.
    msg = getattr(exc, "msg", None) or str(exc)
    pos = getattr(exc, "pos", None)
    return "%s at character %d" % (msg, pos + 1) if pos is not None else msg


# -- checks named by the catalog ("check" / "item_check") ----------------------
def _check_mcp_server(ctx, item, path, secret, siblings):
    if not isinstance(item, dict):
        return
    name = item.get("name")
    if siblings is not None and isinstance(name, str):
        names = [s.get("name") for s in siblings if isinstance(s, dict)]
        if names.count(name) > 1 and names.index(name) != int(path.rsplit("[", 1)[1][:-1]):
            ctx.error(path + ".name", show(name), "unique", "the name is used by another entry",
                      "give every managed MCP server a unique name")
    builtin = item.get("server")
    transport = item.get("transport")
    if builtin is not None:
        if transport not in (None,):
            ctx.warn(path + ".transport", show(transport), "builtin_transport",
                     "built-in servers take no transport", "remove transport")
        return
    if transport is None:
        ctx.deprecation(path + ".transport", None, "deprecated_form",
                        "an entry that is not a built-in server and has no transport is deprecated",
                        catalog.DEPRECATION_CUTOFF, "add transport: http, sse or stdio")
        transport = "http"
    if transport == "builtin":
        return      # reported by the field's deprecated value
    if transport in ("http", "sse") and not item.get("url"):
        ctx.error(path + ".url", None, "field_required", "is required for transport %s" % transport)
    if transport == "stdio" and not item.get("command"):
        ctx.error(path + ".command", None, "field_required", "is required for transport stdio")
    if transport != "stdio":
        for field in ("command", "args", "env", "envHelper"):
            if field in item:
                ctx.warn("%s.%s" % (path, field), None, "stdio_only",
                         "is used only with transport stdio; the app ignores it here")
    oauth = item.get("oauth")
    if oauth not in (None, False) and ("headers" in item or "headersHelper" in item):
        ctx.warn(path, None, "oauth_headers",
                 "sets oauth together with headers/headersHelper; older releases treat these as exclusive, "
                 "and a helper never replaces Authorization on oauth entries")
    if isinstance(oauth, dict):
        if (oauth.get("clientSecret") or oauth.get("clientSecretHelper")) and not oauth.get("authorizationServer"):
            ctx.warn(path + ".oauth.authorizationServer", None, "field_required",
                     "should be set when a client secret is configured")
        if bool(oauth.get("authorizationUrl")) != bool(oauth.get("tokenUrl")):
            ctx.error(path + ".oauth", None, "field_pair", "authorizationUrl and tokenUrl go together")
        if oauth.get("authorizationUrl") and not oauth.get("clientId"):
            ctx.error(path + ".oauth.clientId", None, "field_required",
                      "is required with authorizationUrl/tokenUrl")
        if oauth.get("tenantId") and not oauth.get("scope"):
            ctx.error(path + ".oauth.scope", None, "field_required", "is required with tenantId")


def _check_oidc(ctx, item, path, secret, siblings):
    has_issuer = bool(item.get("issuer"))
    has_pair = bool(item.get("authorizationUrl")) and bool(item.get("tokenUrl"))
    if not has_issuer and not has_pair:
        ctx.error(path, None, "oidc_endpoints", "needs issuer, or both authorizationUrl and tokenUrl")
    if bool(item.get("authorizationUrl")) != bool(item.get("tokenUrl")):
        ctx.error(path, None, "field_pair", "authorizationUrl and tokenUrl go together")
    if item.get("bearerTokenType") == "access_token" and not item.get("scopes"):
        ctx.error(path + ".scopes", None, "field_required", "is required when bearerTokenType is access_token",
                  "add the scope your gateway expects in the access token")


def _check_banner(ctx, item, path, secret, siblings):
    if item.get("enabled") is True and not item.get("text"):
        ctx.error(path + ".text", None, "field_required", "is required when the banner is enabled")


def _check_claude_ai_import(ctx, item, path, secret, siblings):
    ctx.pending.append(("claudeAiImport", item))


def _check_model(ctx, item, path, secret, siblings):
    if isinstance(item, dict) and item.get("prefer1m") and not item.get("supports1m"):
        ctx.warn(path + ".prefer1m", "true", "needs_supports1m", "has no effect without supports1m: true")


def _check_marketplace(ctx, item, path, secret, siblings):
    source = item.get("source")
    if source == "github" and not item.get("repo"):
        ctx.error(path + ".repo", None, "field_required", "is required for source github")
    if source in ("git", "url") and not item.get("url"):
        ctx.error(path + ".url", None, "field_required", "is required for source %s" % source)
    if source == "url" and item.get("installationPreference") in ("auto_install", "required") \
            and not item.get("manifestSha256"):
        ctx.error(path + ".manifestSha256", None, "field_required",
                  "is required for url sources installed automatically")


_HOST_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOST_RE = re.compile(r"^(\*\.)?%s(\.%s)*(:[0-9]{1,5})?$" % (_HOST_LABEL, _HOST_LABEL))


def _check_egress_host(ctx, item, path, secret, siblings):
    if item == "*":
        return
    if ":" in item and item.count(":") > 1 or item.startswith("["):
        ctx.warn(path, show(item), "egress_host", "IPv6 literals are not supported; the app drops this entry")
        return
    if not _HOST_RE.match(item):
        ctx.warn(path, show(item), "egress_host",
                 "is not an exact host, *.domain or * (optionally with :port); the app drops this entry")
        return
    if ":" in item:
        port = int(item.rsplit(":", 1)[1])
        if not 1 <= port <= 65535:
            ctx.warn(path, show(item), "egress_host", "has a port outside 1-65535; the app drops this entry")


def _check_workspace_folder(ctx, item, path, secret, siblings):
    if isinstance(item, str):
        rules = BY_NAME["allowedWorkspaceFolders"]["fields"]["path"]["rules"]
        ctx._string_rules(rules, item, path, secret)  # pylint: disable=protected-access


CHECKS = {
    "workspace_folder": _check_workspace_folder,
    "mcp_server": _check_mcp_server,
    "oidc": _check_oidc,
    "banner": _check_banner,
    "claude_ai_import": _check_claude_ai_import,
    "model": _check_model,
    "marketplace": _check_marketplace,
    "egress_host": _check_egress_host,
}


def _condition(settings, spec):
    """'key' -> present; 'key=value' -> present and equal (compared as encoded text)."""
    name, sep, wanted = spec.partition("=")
    if name not in settings:
        return False
    if not sep:
        return True
    try:
        return encode_string(settings[name]) == wanted
    except (TypeError, ValueError):
        return False


def _describe(spec):
    name, sep, wanted = spec.partition("=")
    return "%s: %s" % (name, wanted) if sep else name


# -- cross-key rules -------------------------------------------------------------
# What each family of rules looks at, worked out once from the catalog: a document that sets none of a
# family's keys skips the family (the rules themselves run in catalog order, as written below).
_PROVIDER_SCOPED = frozenset(name for name, entry in BY_NAME.items() if entry["providers"])
_GROUP_KEYS = frozenset(key for group in catalog.KEY_GROUPS for key in group["keys"])
_DEPENDENCY_KEYS = frozenset(rule["key"] for rule in catalog.DEPENDENCIES)
_CONFLICT_KEYS = frozenset(rule["key"] for rule in catalog.CONFLICTS)
_SURFACE_KEYS = frozenset(catalog.SURFACE_KEYS)
_VALUE_SINCE_KEYS = frozenset(name for name, _value in catalog.VALUE_SINCE)
_APP_BEHAVIOR_KEYS = frozenset(catalog.APP_BEHAVIOR_KEYS)


def _cross_checks(ctx, s, given):
    provider = s.get("inferenceProvider")
    present = set(s)

    if "inferenceProvider" not in given:
        only_app_behavior = present and present <= _APP_BEHAVIOR_KEYS
        if present and not only_app_behavior and "bootstrapUrl" not in present:
            ctx.error("inferenceProvider", None, "provider_required",
                      "is missing, so the app starts in standard (claude.ai) mode and ignores the other keys",
                      "set inferenceProvider to one of %s" % ", ".join(catalog.PROVIDERS))
    if provider in catalog.PROVIDERS:
        info = catalog.PROVIDERS[provider]
        for key in info["required"]:
            if key not in present:
                ctx.error(key, None, "provider_required",
                          "is required when inferenceProvider is %s" % provider,
                          BY_NAME[key]["doc"] if key in BY_NAME else "")
        kind = s.get("inferenceCredentialKind")
        if kind is not None:
            _credential_kind(ctx, s, provider, kind)
        else:
            alternatives = info["credentials"]
            if not any(all(_condition(s, c) for c in alt) for alt in alternatives):
                partial = ""
                ctx.error("inferenceProvider", show(provider), "credential_required",
                          "%s needs a credential source and none is set%s" % (info["label"], partial),
                          info["credential_hint"])
        for key in sorted(present & _PROVIDER_SCOPED):
            entry = BY_NAME[key]
            if provider not in entry["providers"]:
                ctx.warn(key, None, "other_provider",
                         "belongs to %s, not to the selected provider %s; the app ignores it"
                         % (" / ".join(entry["providers"]), provider),
                         "remove it, or check inferenceProvider")

    for group in (catalog.KEY_GROUPS if not present.isdisjoint(_GROUP_KEYS) else ()):
        have = [k for k in group["keys"] if k in present]
        if have and len(have) != len(group["keys"]):
            missing = [k for k in group["keys"] if k not in present]
            ctx.error(missing[0], None, "key_group",
                      "is missing while %s %s set: %s" % (", ".join(have), "is" if len(have) == 1 else "are",
                                                          group["why"]),
                      "set all of %s, or none" % ", ".join(group["keys"]))

    for rule in (catalog.DEPENDENCIES if not present.isdisjoint(_DEPENDENCY_KEYS) else ()):
        key = rule["key"]
        if key not in present:
            continue
        if "when" in rule and s[key] != rule["when"]:
            continue
        missing = [r for r in rule["requires"] if not _condition(s, r)]
        if missing:
            ctx.add(rule.get("level", ERROR), key, None, "requires",
                    "needs %s: %s" % (" and ".join(_describe(m) for m in missing), rule["why"]),
                    rule.get("hint", "set %s" % " and ".join(_describe(m) for m in missing)))

    for rule in (catalog.CONFLICTS if not present.isdisjoint(_CONFLICT_KEYS) else ()):
        key = rule["key"]
        if key not in present or ("when" in rule and s[key] != rule["when"]):
            continue
        hits = [c for c in rule["conflicts"] if _condition(s, c)]
        if not hits:
            continue
        if rule.get("level") == "deprecated":
            ctx.deprecation(key, None, "deprecated_combination",
                            "together with %s is deprecated: %s" % (", ".join(_describe(h) for h in hits), rule["why"]),
                            rule.get("cutoff"), rule.get("hint", ""))
        else:
            ctx.add(rule.get("level", ERROR), key, None, "conflict",
                    "together with %s: %s" % (", ".join(_describe(h) for h in hits), rule["why"]),
                    rule.get("hint", ""))

    surfaces = [k for k in catalog.SURFACE_KEYS if k in present] if not present.isdisjoint(_SURFACE_KEYS) else ()
    if surfaces and not any(s.get(k, BY_NAME[k]["default"]) for k in catalog.SURFACE_KEYS):
        ctx.warn(surfaces[0], None, "surfaces",
                 "turns off every surface (%s); the app re-enables Cowork with a warning"
                 % ", ".join(catalog.SURFACE_KEYS), "leave at least one of them on")

    flow = s.get("inferenceGatewayOidcAuthFlow")
    oidc = s.get("inferenceGatewayOidc")
    if flow == "broker" and isinstance(oidc, dict):
        issuer = str(oidc.get("issuer") or "")
        if not re.match(r"^https://login\.microsoftonline\.com/[^/]+/v2\.0/?$", issuer):
            ctx.error("inferenceGatewayOidcAuthFlow", show(flow), "broker_issuer",
                      "broker sign-in works only with an Entra issuer https://login.microsoftonline.com/<tenant>/v2.0",
                      "use browser, or point issuer at Entra")

    for name, item in ctx.pending:
        if name == "claudeAiImport" and isinstance(item, dict) and item.get("automatic3pImport") \
                and "deploymentOrganizationUuid" not in present:
            ctx.error("claudeAiImport.automatic3pImport", "true", "requires",
                      "needs deploymentOrganizationUuid", "set deploymentOrganizationUuid on the device")


def _credential_kind(ctx, s, provider, kind):
    table = catalog.CREDENTIAL_KINDS.get(kind)
    if table is None:
        return      # an unknown kind was already reported by the enum rule
    needs = table.get(provider, table.get("*"))
    if needs is None:
        ctx.error("inferenceCredentialKind", show(kind), "credential_kind",
                  "%s does not apply to provider %s" % (kind, provider),
                  "use one of %s, or remove the key to let the app choose"
                  % ", ".join(k for k, t in catalog.CREDENTIAL_KINDS.items() if provider in t or "*" in t))
        return
    missing = [n for n in needs if not _condition(s, n)]
    if missing:
        ctx.error("inferenceCredentialKind", show(kind), "credential_kind",
                  "%s with provider %s needs %s (when the kind is set the app uses only that source)"
                  % (kind, provider, ", ".join(_describe(m) for m in missing)),
                  "set %s" % ", ".join(_describe(m) for m in missing))


# -- fast path -----------------------------------------------------------------------
# Nearly every value in a fleet's documents is plain and clean: a string that matches its pattern, a number
# in range, a documented enum value, a list of clean host names. For such values a checker compiled once per
# catalog key, from the same rule data, answers with a few operations. Whenever it is not sure (a value that
# could get any problem, a rule it was not taught, a target release older than the key) it says
# _SLOW and the full rules above decide; they remain the only place a message is written. The checks named
# by the catalog ("check"/"item_check") are not repeated here: they run against _Probe, which only notes
# whether they would have said anything. The fast-path tests in tests/unit/plugins/module_utils/test_validate.py
# prove that validation with and without this path gives identical reports.

_SLOW = object()
_FAST_STRING_RULES = frozenset(("min_length", "max_length", "single_line", "pattern", "pattern_hint",
                                "url", "url_no_suffix", "url_no_query", "url_origin"))
_FAST_OBJECT_RULES = frozenset(("value_type", "header_map", "no_credential_headers"))
_FAST_ITEM_CHECKS = frozenset(("egress_host", "model"))     # checks that only ever report, never record
_CLEAN_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?(/[A-Za-z0-9._~/-]*)?$")


class _Probe:
    """Stands in for _Checker when the fast path runs a catalog check: notes whether it reported anything."""

    __slots__ = ("reported",)

    def __init__(self):
        self.reported = False

    def _note(self, *_args, **_kwargs):
        self.reported = True

    error = warn = add = deprecation = _note


def _fast_item_check(name):
    """The catalog check the fast path runs for an item: None when there is none, False when the check keeps
    state for the cross-key rules (the key then has no fast path)."""
    if not name:
        return None
    return CHECKS[name] if name in _FAST_ITEM_CHECKS else False


def _silent(check, item, siblings):
    """True when the catalog check would say nothing about the item."""
    probe = _Probe()
    check(probe, item, "", False, siblings)
    return not probe.reported


def _fast_url(rules):
    mode = rules["url"]
    schemes = ("https",) if mode == "https" else ("http", "https") if mode == "http_or_https" else None
    if schemes is None:
        return None
    origin, suffixes = rules.get("url_origin"), tuple(suffix.lower() for suffix in rules.get("url_no_suffix") or ())

    def clean(value):
        match = _CLEAN_URL.match(value)     # no user:password@, query, fragment, white space or IPv6 literal
        if match is None or match.group(1).lower() not in schemes:
            return False
        if match.group(3) is not None and int(match.group(3)) > 65535:
            return False
        if origin and match.group(4) not in (None, "/"):
            return False
        return not value.lower().endswith(suffixes)     # (/V1 is /v1 to a server)
    return clean


def _fast_string(spec):
    rules = spec.get("rules") or {}
    if not _FAST_STRING_RULES.issuperset(rules):
        return None
    low, high, single = rules.get("min_length"), rules.get("max_length"), rules.get("single_line")
    pattern = re.compile(rules["pattern"]) if "pattern" in rules else None
    url = _fast_url(rules) if "url" in rules else None
    if "url" in rules and url is None:
        return None
    secret = spec.get("secret", False)

    def check(value):
        if not isinstance(value, str) or _CONTROL.search(value):
            return _SLOW
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            return _SLOW
        if single and ("\n" in value or "\r" in value):
            return _SLOW
        if pattern is not None and pattern.search(value) is None:
            return _SLOW
        if url is not None and not url(value):
            return _SLOW
        if secret and (value != value.strip() or _HEADER_UNSAFE.search(value)):
            return _SLOW
        return value
    return check


def _fast_scalar(spec):
    kind = spec["type"]
    if kind == "boolean":
        return lambda value: value if value is True or value is False else _SLOW
    if kind in ("integer", "number"):
        rules = spec.get("rules") or {}
        if not {"min", "max"}.issuperset(rules):
            return None
        low, high = rules.get("min"), rules.get("max")
        kinds = int if kind == "integer" else (int, float)

        def number(value):
            if isinstance(value, bool) or not isinstance(value, kinds):
                return _SLOW
            if kind == "number" and isinstance(value, float) and not math.isfinite(value):
                return _SLOW
            if not -MAX_INTEGER <= value <= MAX_INTEGER:
                return _SLOW
            if (low is not None and value < low) or (high is not None and value > high):
                return _SLOW
            return value
        return number
    if kind == "enum":
        allowed = frozenset(spec.get("allowed") or ())
        return lambda value: value if isinstance(value, str) and value in allowed else _SLOW
    if kind == "string":
        return _fast_string(spec)
    return None


def _fast_string_list(spec):
    rules = spec.get("rules") or {}
    if not {"item_check", "item_pattern"}.issuperset(rules) or spec.get("fields"):
        return None
    check = _fast_item_check(rules.get("item_check"))
    if check is False:
        return None
    allowed = frozenset(spec["allowed"]) if spec.get("allowed") else None
    pattern = re.compile(rules["item_pattern"]) if "item_pattern" in rules else None

    def string_list(value):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value) \
                or len(set(value)) != len(value):
            return _SLOW     # (a repeated entry gets a warning)
        for item in value:
            if _CONTROL.search(item) or (allowed is not None and item not in allowed):
                return _SLOW
            if pattern is not None and pattern.search(item) is None:
                return _SLOW
            if check is not None and not _silent(check, item, None):
                return _SLOW
        return value
    return string_list


def _fast_fields(fields):
    """Checker of an object's fields (every field a simple type, none deprecated), or None."""
    checkers = {}
    for name, spec in fields.items():
        simple = not (spec.get("deprecated") or spec.get("check") or spec.get("fields"))
        checkers[name] = _fast_scalar(spec) if simple else None
        if checkers[name] is None:
            return None
    required = tuple(name for name, spec in fields.items() if spec.get("required"))

    def fields_ok(item):
        for name, field in item.items():
            checker = checkers.get(name)      # an undocumented field gets a warning
            if checker is None or checker(field) is _SLOW:
                return False
        return all(name in item for name in required)
    return fields_ok


def _fast_object_list(spec):
    rules = spec.get("rules") or {}
    if not {"item_check"}.issuperset(rules) or spec.get("legacy_record_form"):
        return None
    check = _fast_item_check(rules.get("item_check") or spec.get("check"))
    if check is False:
        return None
    strings_ok = spec.get("items") == "string_or_object"
    fields_ok = _fast_fields(spec["fields"]) if spec.get("fields") else None
    if spec.get("fields") and fields_ok is None:
        return None

    def object_list(value):
        if not isinstance(value, list):
            return _SLOW
        for item in value:
            if isinstance(item, str) and strings_ok:
                if _CONTROL.search(item) or not item.strip():
                    return _SLOW
            elif not isinstance(item, dict) or (fields_ok is not None and not fields_ok(item)):
                return _SLOW
            if check is not None and not _silent(check, item, value):
                return _SLOW
        return value
    return object_list


def _fast_object(spec):
    rules = spec.get("rules") or {}
    if not _FAST_OBJECT_RULES.issuperset(rules) or spec.get("fields") or spec.get("check"):
        return None
    strings_only = rules.get("value_type") == "string"
    no_credentials = rules.get("no_credential_headers")
    headers = id(spec) in _HEADER_SPECS

    def mapping(value):
        if not isinstance(value, dict):
            return _SLOW
        for name, item in value.items():
            if (_HEADER_NAME.match(name) is None) if headers else (_CONTROL.search(name) is not None):
                return _SLOW
            if isinstance(item, str):
                if (_HEADER_VALUE_BAD.search(item) if headers else
                        (_CONTROL.search(item) or (strings_only and "\n" in item))):
                    return _SLOW
            elif strings_only or not isinstance(item, int):     # (bool is an int)
                return _SLOW
            if no_credentials and (looks_secret(name) or name.lower() in _CREDENTIAL_HEADERS):
                return _SLOW
        return value
    return mapping


def _newest_since(entry):
    """The newest release the key's checks name (its own since, its fields', its values'), or None: with a
    target release older than that, the full rules run (they warn)."""
    versions = [parse_version(entry.get("since"))]
    versions += [parse_version(field.get("since")) for field in (entry.get("fields") or {}).values()]
    versions += [parse_version(since) for (name, _value), since in catalog.VALUE_SINCE.items() if name == entry["name"]]
    versions = [v for v in versions if v is not None]
    return max(versions, key=lambda v: v + (0,) * (8 - len(v))) if versions else None


def _fast_checker(entry):
    kind = entry["type"]
    if entry["confidence"] == "unconfirmed" or entry.get("deprecated"):
        return None     # every value of such a key gets a warning
    if entry.get("deprecated_values") and kind != "enum":     # (an enum answers for its documented values first)
        return None
    if entry.get("check") and kind != "object_list":
        return None
    if kind == "string_list":
        return _fast_string_list(entry)
    if kind == "object_list":
        return _fast_object_list(entry)
    if kind == "object":
        return _fast_object(entry)
    return _fast_scalar(entry)


_FAST = {}            # key name -> checker: the normalised value, or _SLOW
_FAST_SINCE = {}      # key name -> _newest_since (None: the key names no release)
for _entry in BY_NAME.values():
    _checker = _fast_checker(_entry)
    if _checker is not None:
        _FAST[_entry["name"]] = _checker
        _FAST_SINCE[_entry["name"]] = _newest_since(_entry)


# -- entry point -------------------------------------------------------------------
def validate(settings, desktop_version=None, now=None, allow_empty=False, source="mdm", allow_insecure_http=False):
    """Validate a settings mapping; returns a Report (never raises on bad input).

    settings         mapping of the app's key names to native values or encoded strings
    desktop_version  optional target release such as '1.46388.1': newer keys give warnings
    now              timezone-aware datetime for deprecation cut-offs (default: the current time)
    allow_empty      False: an empty (or null) document is an error, since rendering it gives files that mark a
                     device as managed with no provider; True where an empty document is a fact to read back
                     (an imported file, an existing artifact)
    source           where the document is delivered: mdm (profile, registry, Linux file), local or bootstrap;
                     a key the target reads only from other sources warns (_releases)
    allow_insecure_http  True: an http:// gateway URL on a network address is a warning instead of an error
    """
    try:
        return _validate(settings, desktop_version, now, allow_empty, source, allow_insecure_http)
    except Exception as exc:  # pylint: disable=broad-except  # a last resort: the fuzzing corpus never reaches it
        problem = Problem(ERROR, DOCUMENT, None, "internal",
                          "could not be validated (%s); nothing of it was used" % type(exc).__name__,
                          "please report this with the shape of the document (not its values)")
        return Report({}, {}, [problem])


def _validate(settings, desktop_version, now, allow_empty, source="mdm", allow_insecure_http=False):
    problems = []
    if now is None:
        now = datetime.datetime.now(datetime.timezone.utc)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=datetime.timezone.utc)
    target = None
    if desktop_version not in (None, ""):
        target = parse_version(desktop_version)
        if target is None or not re.match(r"^[0-9]+(\.[0-9]+)*$", str(desktop_version).strip()):
            problems.append(Problem(ERROR, "desktop_version", show(desktop_version), "version",
                                    "is not a release number", "write it like 1.46388.1"))
            target = None
    ctx = _Checker(now, target)
    ctx.allow_insecure_http = bool(allow_insecure_http)  # hook (contract): read by _providers.insecure_http
    ctx.problems = problems
    ctx.pending = []

    if settings is None:
        settings = {}
    if not (isinstance(settings, dict) or hasattr(settings, "items")):
        ctx.error(DOCUMENT, show(type(settings).__name__), "type",
                  "the settings document must be a mapping of key names to values")
        return Report({}, {}, ctx.problems)
    size = _size(settings)
    if not size and not allow_empty:
        ctx.error(DOCUMENT, None, "empty",
                  "is empty (no settings, or only comments); rendered, it would mark devices as managed with no "
                  "provider", "give the settings, or set allow_empty: true to render an empty document on purpose")
        return Report({}, {}, ctx.problems)

    normalised, decoded, given, spelled = {}, {}, set(), []
    budget = ctx.budget = [MAX_VALUES - size]
    if budget[0] < 0:
        ctx.error(DOCUMENT, None, "size", "has %d keys; a settings document has at most %d values"
                  % (size, MAX_VALUES), "check that this is a settings document")
        return Report({}, {}, ctx.problems)
    for raw_key, raw_value in settings.items():
        if not isinstance(raw_key, str):
            ctx.error(_safe_str(raw_key)[:80], None, "key_type", "key names must be strings",
                      "quote the key in YAML")
            continue
        key = str(raw_key)
        entry, alias = lookup(key)
        if entry is None and (len(key) > 200 or _CONTROL.search(key)):
            ctx.error(_cut(json.dumps(key), 80), None, "unknown_key",
                      "is not a key the app knows (a key name is at most 200 characters, without control "
                      "characters)", "check the spelling against the vendor's configuration reference")
            continue
        try:
            value = _to_plain(raw_value, key, ctx.problems, budget)
        except _Unreadable as exc:
            ctx.problems.append(Problem(ERROR, exc.path if exc.rule == "vault" else key, None, exc.rule, exc.message,
                                        exc.hint))
            decoded[key] = None
            if exc.rule == "size":
                break       # the budget of the whole document is spent: the other keys are not read
            continue
        raw_key = key
        decoded[key] = value
        if entry is None:
            _unknown_key(ctx, key, value, settings)
            continue
        fast = _FAST.get(key) if alias is None else None
        if fast is not None and target is not None and _FAST_SINCE[key] and _cmp_version(_FAST_SINCE[key], target) > 0:
            fast = None     # the target release is older than something the key's checks name
        if fast is not None:
            result = fast(value)
            if result is not _SLOW:     # a clean value: nothing to report, nothing to convert
                given.add(key)
                spelled.append((key, key))
                normalised[key] = decoded[key] = result
                continue
        secret = entry["secret"]
        name = entry["name"]
        if alias is not None:
            if name in settings:
                ctx.error(key, None, "duplicate_alias",
                          "is the old name of %s, and both are set" % name, "remove %s" % key)
                continue
            # hook (contract): the old name's life is judged with every other name after this loop
        given.add(name)
        spelled.append((key, name))
        ctx.lenient = entry["confidence"] == "unconfirmed"
        if ctx.lenient:
            ctx.problems.append(Problem(WARNING, key, None, "unconfirmed",
                                        "is not confirmed by the vendor's configuration reference (%s); it is rendered "
                                        "as given and its rules are not enforced"
                                        % (entry["unconfirmed"] or "UNCONFIRMED")))
        hard = ctx.hard
        result = ctx.coerce(entry, value, key, secret)
        if result is _INVALID and ctx.lenient and ctx.hard == hard:
            result = value      # an UNCONFIRMED rule said no: rendered as given (it can be rendered)
        ctx.lenient = False
        if result is not _INVALID and not _renderable(ctx, result, key, secret):
            result = _INVALID
        if entry.get("deprecated") or (target is not None and entry.get("since")):
            _key_lifecycle(ctx, entry, key, value, secret)
        if name in _VALUE_SINCE_KEYS and isinstance(result, str) and (name, result) in catalog.VALUE_SINCE:
            ctx.since(key, catalog.VALUE_SINCE[(name, result)], show(mask_value(key, result), secret))
        if result is not _INVALID:
            normalised[name] = result
            decoded[key] = result
    # hook (contract): what the target release does with each name from this source (_releases)
    for key, verdict in _releases.document_verdicts([key for key, _name in spelled], target, now, source).items():
        ctx.problems.append(Problem(verdict.level, key, None if verdict.rule == "deprecated_name" else show(
            mask_value(key, decoded.get(key)), lookup(key)[0]["secret"]), verdict.rule, verdict.message, verdict.hint))
    # hook (contract): the rules of the selected provider (_providers)
    for found in _providers.findings(normalised):
        ctx.problems.append(Problem(found.level, found.key, None if found.value is None else show(found.value),
                                    found.rule, found.message, found.hint))
    _cross_checks(ctx, normalised, given)
    # Keep the admin's spelling (an old name stays old) in the normalised output.
    out = {key: normalised[name] for key, name in spelled if name in normalised}
    # Defence in depth: whatever path a message took, no secret string of the input survives in it.
    # Very short strings are left out: masking every "a" would garble the text while the
    # direct masking above already covers values of any length.
    secrets = [item for item in secret_strings(decoded) if len(item) >= 6] if ctx.problems else []
    for problem in ctx.problems:
        if secrets:
            problem.key = scrub(problem.key, secrets)
            problem.value = scrub(problem.value, secrets) if isinstance(problem.value, str) else problem.value
            problem.message = scrub(problem.message, secrets)
            problem.hint = scrub(problem.hint, secrets)
        problem.value = _cut(problem.value, 160)
        problem.hint = _cut(problem.hint, 400)
    return Report(out, decoded, ctx.problems)


def _size(mapping):
    """Number of keys of a mapping (one that has items() but no len() included)."""
    try:
        return len(mapping)
    except TypeError:
        return sum(1 for _item in mapping.items())


def _cut(text, limit):
    """Shorten a text shown in a message (after masking: the cut never shows part of a secret)."""
    if isinstance(text, str) and len(text) > limit:
        return text[:limit - 3] + "..."
    return text


# -- options of the artifacts (profile texts, file name): validated like keys ----------------------------------
_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]$")
_OPTION_KINDS = {
    "basename": "file_name",
    "profile_identifier": "identifier", "identifier": "identifier",
    "profile_display_name": "line", "display_name": "line",
    "profile_organization": "line", "organization": "line",
    "profile_description": "text", "description": "text",
}
MAX_OPTION = 1000       # characters of a profile text or file name


def validate_options(options):
    """Problems (errors) of the artifact options: a profile's texts go into XML, a basename names files.

    options: {name: value}, names as the caller's user writes them (profile_organization or organization);
    None values are left out (the defaults apply)."""
    problems = []

    def error(name, value, rule, message, hint=""):
        problems.append(Problem(ERROR, name, _cut(show(value), 160), rule, message, hint))

    for name, value in options.items():
        kind = _OPTION_KINDS.get(name)
        if kind is None or value is None:
            continue
        if not isinstance(value, str):
            error(name, value if isinstance(value, (bool, int, float)) else "<%s>" % type(value).__name__, "type",
                  "expected a string")
            continue
        bad = _CONTROL.search(value) or (kind != "text" and re.search("[\r\n\x7f]", value))
        if bad:
            error(name, value, "control_characters",
                  "contains the character U+%04X, which %s cannot carry" % (
                      ord(bad.group(0)), "a file name" if kind == "file_name" else "a profile (XML) text" if
                      kind == "text" else "a one-line profile text"), "remove it")
        elif len(value) > MAX_OPTION:
            error(name, value, "max_length", "is %d characters long; the limit is %d" % (len(value), MAX_OPTION),
                  "shorten it")
        elif kind == "file_name" and (value in ("", ".", "..") or "/" in value or "\\" in value):
            error(name, value, "file_name", "must be a plain file name (not empty, '.' or '..', without / or \\)",
                  "for example claude-desktop")
        elif kind == "identifier" and not _IDENTIFIER.match(value):
            error(name, value, "pattern", "must be reverse-DNS style: letters, digits, dots and hyphens",
                  "for example com.example.claude")
    return problems


def _key_lifecycle(ctx, entry, key, value, secret):
    dep = entry.get("deprecated")
    if dep:
        shown = show(mask_value(key, value), secret)
        removed = dep.get("removed_in")
        hint = "use %s" % dep["replacement"] if dep.get("replacement") else "remove it"
        if removed:
            removed_v = parse_version(removed)
            if ctx.target is not None and _cmp_version(ctx.target, removed_v) < 0:
                ctx.warn(key, shown, "removed", "%s (your target %s still reads it)"
                         % (dep["message"], ".".join(map(str, ctx.target))), hint)
            else:
                ctx.error(key, shown, "removed", dep["message"], hint)
        else:
            ctx.deprecation(key, shown, "deprecated_key", dep["message"], dep.get("cutoff"), hint)
    # hook (contract): the key's own first release is judged by _releases (see _validate)


def _unknown_key(ctx, key, value, settings):
    guess = suggest(key)
    head = key.partition(".")[0]
    secret = looks_secret(key) or (guess is not None and key_is_secret(guess)) or ("." in key and key_is_secret(head))
    shown = show(value, secret)
    if "." in key:
        head, _sep, tail = key.partition(".")
        parent, _alias = lookup(head)
        if parent is not None:
            ctx.error(key, shown, "dotted_key",
                      "dotted names are never read by the app",
                      "put %s inside the %s %s instead" % (show(tail), head,
                                                           "object" if parent["type"] == "object" else "value"))
            return
    if guess and guess != key:
        hint = "did you mean %s?" % guess
        if guess in settings:
            hint += " (it is also set; remove this one)"
    else:
        hint = "check the spelling against the vendor's configuration reference"
    ctx.error(key, shown, "unknown_key", "is not a key the app knows; the app silently ignores unknown keys", hint)
