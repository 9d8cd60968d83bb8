# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading a settings file (YAML or JSON, plain or vault-encrypted) on the controller.

Ansible's own loader is not used for it: it accepts a key written twice (keeping the last value, with a
warning that quotes the line, secret included) and its parser errors quote the lines around the problem.
This loader refuses repeated keys naming the key only, decrypts ``!vault`` values with the play's vault
secrets (one that does not decrypt becomes a value validation reports by its key, never by its text), and
words every error without a line of the file in it.
"""

from __future__ import annotations

import os

import yaml

from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import mask_credentials

MAX_FILE = 4 * 1024 * 1024      # bytes of a settings file: a few KiB are usual
MAX_ENTRIES = 20000             # entries one mapping may get from << merges
MAX_NESTING = 64                # lists and mappings inside each other (the settings' own limit is lower)
MAX_EVENTS = 200000             # parser events (scalars, starts and ends of collections, aliases) in a file
VAULT_HEADER = "$ANSIBLE_VAULT;"


class SettingsFileError(Exception):
    """The file cannot be read as a settings document; the message quotes none of its content."""


class UndecryptableVault:
    """A ``!vault`` value the play's vault secrets do not open: str() fails, as Ansible's EncryptedString does
    (validation reports it by its key)."""

    __slots__ = ("_ciphertext",)

    def __init__(self, ciphertext):
        self._ciphertext = ciphertext

    def __str__(self):
        raise ValueError("the vault value could not be decrypted")

    def __repr__(self):
        return "<undecryptable vault value>"


def _name(node):
    """A key as shown in a message: a short, printable rendering of the scalar (never a value)."""
    text = node.value if isinstance(node.value, str) else "<%s>" % node.tag.rsplit(":", 1)[-1]
    text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= 80 else text[:77] + "..."


def _loader_class(decrypt):
    class _Loader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
        """SafeLoader that refuses repeated keys and reads Ansible's !vault and !unsafe tags."""

    def construct_mapping(loader, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(None, None, "expected a mapping", node.start_mark)
        seen = set()
        for key_node, _value_node in node.value:     # the keys written here (a << merge may be overridden)
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                marker = (key_node.tag, key_node.value)
                if marker in seen:
                    raise SettingsFileError("the key %s is written twice in one mapping (line %d); remove one of them "
                                            "(which one the app would get is not defined)"
                                            % (_name(key_node), key_node.start_mark.line + 1))
                seen.add(marker)
        loader.flatten_mapping(node)
        return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)

    def flatten_mapping(loader, node):
        # << merges copy entries: nested merges of merges would grow without bound (a merge-key bomb).
        yaml.SafeLoader.flatten_mapping(loader, node)
        if len(node.value) > MAX_ENTRIES:
            raise SettingsFileError("merges (<<) into one mapping more than %d entries; check the anchors and "
                                    "aliases (&name / *name)" % MAX_ENTRIES)

    _Loader.flatten_mapping = flatten_mapping

    def construct_vault(loader, node):
        ciphertext = loader.construct_scalar(node)
        return decrypt(ciphertext)

    def construct_unsafe(loader, node):
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node, deep=True)
        return loader.construct_mapping(node, deep=True)

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    _Loader.add_constructor("!vault", construct_vault)
    _Loader.add_constructor("!vault-encrypted", construct_vault)
    _Loader.add_constructor("!unsafe", construct_unsafe)
    return _Loader


def _yaml_problem(exc):
    """The parser's reason and position, without the snippet of the file it would print."""
    parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
    reason = "; ".join(str(part) for part in parts if part) or type(exc).__name__
    reason = str(mask_credentials(reason))
    if len(reason) > 200:
        reason = reason[:197] + "..."
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        reason += " (line %d, column %d)" % (mark.line + 1, mark.column + 1)
    return reason


def _check_shape(text):
    """Refuse absurd nesting and size from the parser's event stream (no recursion, nothing built yet): the
    composer would otherwise recurse once per level."""
    depth = events = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        events += 1
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_NESTING:
                raise SettingsFileError("nests lists or mappings more than %d levels deep (line %d)"
                                        % (MAX_NESTING, event.start_mark.line + 1))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if events > MAX_EVENTS:
            raise SettingsFileError("holds more than %d values; a settings file is a few hundred at most" % MAX_EVENTS)


def load(path, decrypt):
    """The settings mapping of a file (None for an empty one).

    decrypt(ciphertext) -> plaintext, raising any exception when the vault secrets do not open it.
    Raises SettingsFileError with a message that shows no content of the file.
    """
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE:
            raise SettingsFileError("is %d bytes; a settings file has at most %d" % (size, MAX_FILE))
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE + 1)
    except OSError as exc:
        raise SettingsFileError("cannot be read: %s" % (exc.strerror or type(exc).__name__))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SettingsFileError("is not UTF-8 text (byte %d)" % exc.start)
    if text.lstrip().startswith(VAULT_HEADER):
        try:
            text = decrypt(text.strip())
        except Exception:  # pylint: disable=broad-except  # whatever the vault library raises: no text shown
            raise SettingsFileError("is vault-encrypted and could not be decrypted; check the vault password "
                                    "(--vault-id / --ask-vault-pass)")
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise SettingsFileError("holds vault-encrypted data that is not UTF-8 text (byte %d)" % exc.start)

    def vault_value(ciphertext):
        try:
            plain = decrypt(ciphertext)
        except Exception:  # pylint: disable=broad-except
            return UndecryptableVault(ciphertext)
        if isinstance(plain, bytes):
            try:
                return plain.decode("utf-8")
            except UnicodeDecodeError:
                return UndecryptableVault(ciphertext)
        return plain

    try:
        _check_shape(text)
        return yaml.load(text, Loader=_loader_class(vault_value))  # nosec B506 - a SafeLoader subclass
    except SettingsFileError:
        raise
    except yaml.YAMLError as exc:
        raise SettingsFileError("is not valid YAML: %s" % _yaml_problem(exc))
    except RecursionError:
        raise SettingsFileError("is nested too deeply to be read")
    except (ValueError, TypeError, OverflowError) as exc:   # a constructor refusing a scalar (a bad date...)
        raise SettingsFileError("is not valid YAML: a value could not be read (%s)" % type(exc).__name__)
