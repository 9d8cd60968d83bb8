# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin behind cowork3p.fleet.render: validate and render on the controller."""

from __future__ import annotations

import hashlib
import os
import stat

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.cowork3p.fleet.plugins.module_utils import _formats
from ansible_collections.cowork3p.fleet.plugins.module_utils import _render as render
from ansible_collections.cowork3p.fleet.plugins.module_utils import _delivery as delivery
from ansible_collections.cowork3p.fleet.plugins.module_utils._importers import ImportError_
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import mask_settings, mask_text, secret_strings
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import MAX_SHOWN, validate, validate_options
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _artifacts as artifacts
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _settings_file as settings_file
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _templating as templating

MAX_PROBLEMS = 100      # problems returned in the result; problems_total counts them all

ARGUMENT_SPEC = {
    "settings": {"type": "dict", "no_log": True},
    "settings_file": {"type": "path"},
    "dest": {"type": "path", "required": True},
    "basename": {"type": "str", "default": "claude-desktop"},
    # Checked against the table of formats (plus "all") by the action, so an unknown name is reported with the
    # settings' other problems.
    "formats": {"type": "list", "elements": "str", "default": list(_formats.DEFAULT_FORMATS)},
    "registry_hive": {"type": "str", "default": "HKLM", "choices": ["HKLM", "HKCU"]},
    "profile_identifier": {"type": "str"},
    "profile_display_name": {"type": "str"},
    "profile_organization": {"type": "str"},
    "profile_description": {"type": "str"},
    "profile_scope": {"type": "str", "default": "System", "choices": ["System", "User"]},
    "desktop_version": {"type": "str"},
    "template_dir": {"type": "path"},
    "admx_class": {"type": "str", "default": "machine", "choices": list(artifacts.ADMX_CLASSES)},
    "signing_cert": {"type": "path"},
    "signing_key": {"type": "path", "no_log": False},
    "signing_pkcs12": {"type": "path"},
    "signing_key_passphrase": {"type": "str", "no_log": True},
    "signing_chain": {"type": "path"},
    "bootstrap_url": {"type": "str"},
    "allow_empty": {"type": "bool", "default": False},
    "fail_on_warnings": {"type": "bool", "default": False},
    "allow_insecure_http": {"type": "bool", "default": False},
    "linux_native_scalars": {"type": "bool", "default": False},
}


def _masked_render(fmt, settings, old_settings, template_dir, options):
    """Text of the artifact with secrets masked; a changed secret is marked as such (_delivery.mark_changed)."""
    masked = mask_settings(settings)
    if old_settings is not None:
        masked = delivery.mark_changed_settings(masked, mask_settings(old_settings), settings, old_settings)
    return templating.render_text(fmt, masked, template_dir=template_dir, verify=False, **options)


class ActionModule(ActionBase):
    """Validate a settings document and write its artifacts (the formats of _formats)."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp
        self._secrets = []
        try:
            return self._run(result)
        except AnsibleActionFail as exc:
            result.update(getattr(exc, "result", None) or {})
            result.update({"failed": True, "changed": False,
                           "msg": mask_text(exc.message if hasattr(exc, "message") else str(exc), self._secrets,
                                            limit=2000)})
        except Exception as exc:  # pylint: disable=broad-except  # a library's error, shown masked, no traceback
            result.update({"failed": True, "changed": False,
                           "msg": mask_text("rendering failed (%s): %s" % (type(exc).__name__, exc), self._secrets,
                                            limit=500)})
        return result

    def _run(self, result):
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC,
                                                        mutually_exclusive=[["settings", "settings_file"]],
                                                        required_one_of=[["settings", "settings_file"]])
        option_problems = validate_options({name: args[name] for name in (
            "basename", "profile_identifier", "profile_display_name", "profile_organization", "profile_description")})
        for name in ("dest", "settings_file", "template_dir"):
            if args[name] is not None and ("\x00" in args[name] or "\n" in args[name]):
                raise AnsibleActionFail("%s must be a path without NUL characters or line breaks" % name)
        settings = args["settings"]
        if settings is None:
            settings = self._load_settings_file(args["settings_file"])
        report = validate(settings, desktop_version=args["desktop_version"], allow_empty=args["allow_empty"],
                          allow_insecure_http=args["allow_insecure_http"])
        self._secrets = [item for item in secret_strings(report.decoded) if len(item) >= 4]
        plan = artifacts.check_inputs(report, args["formats"], {name: args[name] for name in artifacts.SIGNING_OPTIONS},
                                      bootstrap_url=args["bootstrap_url"], desktop_version=args["desktop_version"])
        problems = option_problems + plan.problems
        result["problems"] = [p.as_dict() for p in problems[:MAX_PROBLEMS]]
        result["problems_total"] = len(problems)
        if plan.warnings:
            result["warnings"] = plan.warnings
        errors = [p.text for p in option_problems] + plan.errors
        if args["fail_on_warnings"]:
            errors += ["(warning, fatal with fail_on_warnings) " + text for text in plan.warnings]
        if errors:
            return _failed(result, errors)

        dest = os.path.abspath(os.path.expanduser(args["dest"]))
        template_dir = args["template_dir"]
        if template_dir:
            template_dir = self._loader.path_dwim(template_dir)
            if not os.path.isdir(template_dir):
                raise AnsibleActionFail("template_dir %s is not a directory" % template_dir)
        identifier = args["profile_identifier"] or render.identifier_for(args["basename"])
        options = {
            "identifier": identifier,
            "display_name": args["profile_display_name"],
            "organization": args["profile_organization"],
            "description": args["profile_description"],
            "scope": args["profile_scope"],
            "hive": args["registry_hive"],
            "linux_native_scalars": args["linux_native_scalars"],
        }
        normalised = report.settings
        secret = templating.secret_present(normalised)

        # Render everything first: a failure leaves every file untouched.
        try:
            outputs = artifacts.build(plan.formats, normalised, args["basename"], template_dir=template_dir,
                                      profile=options, admx_class=args["admx_class"], signer=plan.signer,
                                      bootstrap=plan.bootstrap, existing=lambda name: _read(os.path.join(dest, name)))
        except templating.RenderError as exc:
            raise AnsibleActionFail(str(exc))
        except artifacts.ArtifactError as exc:
            return _failed(result, exc.texts)

        check_mode = bool(self._task.check_mode)
        files, diffs, changed = [], [], False
        if not os.path.isdir(dest):
            if os.path.exists(dest):
                raise AnsibleActionFail("dest %s exists and is not a directory" % dest)
            changed = True
            if not check_mode:
                os.makedirs(dest, mode=0o700 if secret else 0o755, exist_ok=True)
        for output in outputs:
            path = os.path.join(dest, output.name)
            holds_secret = secret and output.secret
            mode = 0o600 if holds_secret else 0o644
            old = _read(path)
            content_changed = old != output.data
            mode_changed = old is not None and stat.S_IMODE(os.lstat(path).st_mode) != mode
            file_changed = content_changed or mode_changed
            if file_changed and not check_mode:
                delivery.write_atomic(path, output.data, mode)
            changed = changed or file_changed
            files.append({"path": path, "format": output.fmt, "changed": file_changed, "mode": "%04o" % mode,
                          "size": len(output.data),
                          "sha256": hashlib.sha256(output.data).hexdigest() if not holds_secret else None})
            if self._task.diff and content_changed:
                diffs.append(self._diff(output, path, old, normalised, plan.bootstrap, template_dir, options))

        result.update({
            "changed": changed,
            "files": files,
            "dest": dest,
            "rendered_keys": sorted(normalised),
            "secrets_present": secret,
            "profile_identifier": identifier,
        })
        if diffs:
            result["diff"] = diffs
        return result

    def _load_settings_file(self, path):
        """YAML (or JSON) file holding the settings, plain or vault-encrypted (whole file or !vault values)."""
        path = os.path.abspath(os.path.expanduser(path))
        if not os.path.isfile(path):
            raise AnsibleActionFail("settings_file %s does not exist" % path)
        try:
            data = settings_file.load(path, self._decrypt)
        except settings_file.SettingsFileError as exc:
            raise AnsibleActionFail("settings_file %s %s" % (path, exc))
        if isinstance(data, dict) and list(data) == ["cowork3p_settings"]:
            data = data["cowork3p_settings"]
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise AnsibleActionFail("settings_file %s must hold a mapping of settings, not %s"
                                    % (path, type(data).__name__))
        return data

    def _decrypt(self, ciphertext):
        """Plain text of vault data with the play's vault secrets (raises when they do not open it)."""
        vault = getattr(self._loader, "_vault", None)
        if vault is None:
            raise ValueError("no vault secrets")
        plain = vault.decrypt(ciphertext)
        return plain.decode("utf-8") if isinstance(plain, bytes) else plain

    @staticmethod
    def _diff(output, path, old, settings, bootstrap, template_dir, options):
        """Before/after of one file: documents re-rendered with secrets masked; text without secrets as is;
        anything else (zip, signatures, the Intune values) by its size."""
        fmt = _formats.FORMATS[output.fmt].shown_as      # from the table: the template that shows the file
        if output.fmt == "bootstrap_json":
            settings = bootstrap
        if fmt is not None:
            old_settings = None
            before = ""
            if old is not None:
                try:
                    old_settings = templating.parse_back(output.fmt, old, options)
                    before = _masked_render(fmt, old_settings, None, template_dir, options)
                except (ImportError_, ValueError, templating.RenderError):
                    before = "(the existing file could not be parsed; its content is not shown)\n"
            after = _masked_render(fmt, settings, old_settings, template_dir, options)
        elif not output.secret and not output.name.endswith(".zip"):
            before = old.decode("utf-8", "replace") if old is not None else ""
            after = output.data.decode("utf-8", "replace")
        else:
            before = "(%d bytes, not shown)\n" % len(old) if old is not None else ""
            after = "(%d bytes, not shown)\n" % len(output.data)
        return {
            "before_header": "%s (before)" % path,
            "after_header": "%s (after)" % path,
            "before": before,
            "after": after,
        }


def _failed(result, errors):
    """The task result for problems found before anything was written."""
    shown = ["- " + text for text in errors[:MAX_SHOWN]]
    if len(errors) > MAX_SHOWN:
        shown.append("... and %d more error(s)" % (len(errors) - MAX_SHOWN))
    result.update({"failed": True, "changed": False,
                   "msg": "The settings have %d error(s); nothing was written:\n%s" % (len(errors), "\n".join(shown))})
    return result


def _read(path):
    try:
        if os.path.islink(path):
            raise AnsibleActionFail("%s is a symbolic link; refusing to write through it" % path)
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
