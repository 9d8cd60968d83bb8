"""Hand-written hostile cases, a few for each point of issue 10 that belongs to validation and rendering.

Each one was a traceback, a silent accept, a broken file, a leak or a hang before; the corpus finds such
cases at random, these keep the known ones from coming back.
"""

import json
import os
import plistlib
import time
from unittest import mock

import pytest

from ansible.parsing.dataloader import DataLoader
from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task
from ansible.template import Templar

from ansible_collections.cowork3p.fleet.plugins.action.render import ActionModule
from ansible_collections.cowork3p.fleet.plugins.filter import claude
from ansible_collections.cowork3p.fleet.plugins.module_utils._importers import ImportError_, import_settings
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import MASK, mask_text, scrub, summarise
from ansible_collections.cowork3p.fleet.plugins.module_utils._validation import validate
from ansible_collections.cowork3p.fleet.plugins.plugin_utils import _templating as templating

from .strategies import Undecryptable

SECRET = "sk-hostile-CASE-8Hq2Wd"
HEADER = "tenant-hostile-CASE-5Rt"
BASE = {"inferenceProvider": "gateway", "inferenceGatewayBaseUrl": "https://gw.example.test",
        "inferenceGatewayApiKey": SECRET, "inferenceCustomHeaders": {"X-Tenant": HEADER}}


def doc(**extra):
    out = dict(BASE)
    out.update(extra)
    return out


def errors(report):
    return [(p.key, p.rule) for p in report.errors]


def shown(report):
    return json.dumps([p.as_dict() for p in report.problems]) + report.error_text() + "".join(report.warning_texts())


def no_secret(text):
    for secret in (SECRET, HEADER):
        assert secret not in text and secret[:10] not in text


def run_action(tmp_path, text=None, **args):
    """The render action in this process, on a settings file holding text (or with the given args)."""
    if text is not None:
        path = tmp_path / "settings.yml"
        path.write_text(text)
        args.setdefault("settings_file", str(path))
    args.setdefault("dest", str(tmp_path / "out"))
    task = Task()
    task.action = "cowork3p.fleet.render"
    task.args = args
    plugin = ActionModule(task=task, connection=mock.MagicMock(), play_context=PlayContext(), loader=DataLoader(),
                          templar=Templar(loader=DataLoader()), shared_loader_obj=None)
    result = plugin.run(task_vars={})
    no_secret(json.dumps(result, default=str))
    return result


# -- raises instead of reporting --------------------------------------------------------------------------------
@pytest.mark.parametrize("extra, key, rule", [
    ({"chatCodeExecutionEnabled": None}, "chatCodeExecutionEnabled", "null"),            # unconfirmed boolean
    ({"disableAutoUpdates": None}, "disableAutoUpdates", "null"),
    ({"builtinToolPolicy": {"Bash": ["allow"]}}, "builtinToolPolicy.Bash", "type"),        # a list for a string
    ({"managedMcpServers": [{"name": "a", "transport": "http", "url": "https://m.example.test",
                             "toolPolicy": {"t": {"x": 1}}}]}, "managedMcpServers[0].toolPolicy.t", "type"),
    ({"disabledBuiltinTools": "[" * 5000 + "]" * 5000}, "disabledBuiltinTools", "json"),
    ({"disabledBuiltinTools": "[" * 200 + "]" * 200}, "disabledBuiltinTools", "nesting"),
    ({"chatSessionRetentionDays": float("nan")}, "chatSessionRetentionDays", "finite"),   # unconfirmed integer
    ({"keepAwakeEnabled": float("inf")}, "keepAwakeEnabled", "finite"),                   # unconfirmed, any type
    ({"inferenceModelPricingMultiplier": float("-inf")}, "inferenceModelPricingMultiplier", "finite"),
    ({"inferenceGatewayApiKey": Undecryptable()}, "inferenceGatewayApiKey", "vault"),
])
def test_raised_before_now_reported(extra, key, rule):
    report = validate(doc(**extra))
    assert (key, rule) in errors(report), report.error_text()
    no_secret(shown(report))


def test_nul_in_basename_is_an_option_error(tmp_path):
    result = run_action(tmp_path, settings=BASE, basename="claude\x00desktop")
    assert result["failed"] and "basename: contains the character U+0000" in result["msg"]
    assert not (tmp_path / "out").exists()


def test_an_undecryptable_vault_value_in_a_file_names_its_key(tmp_path):
    text = "\n".join(["inferenceProvider: gateway", "inferenceGatewayBaseUrl: https://gw.example.test",
                      "inferenceGatewayApiKey: !vault |", "  $ANSIBLE_VAULT;1.1;AES256", "  " + SECRET.encode().hex()])
    result = run_action(tmp_path, text)
    assert result["failed"] and "inferenceGatewayApiKey: is vault-encrypted and could not be decrypted" in result["msg"]


def test_a_library_exception_is_answered_masked(tmp_path):
    with mock.patch.object(templating, "render_texts", side_effect=RuntimeError("boom with " + SECRET)):
        result = run_action(tmp_path, settings=BASE)
    assert result["failed"] and "rendering failed (RuntimeError)" in result["msg"] and MASK in result["msg"]


# -- accepts what it should refuse ----------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "# only a comment\n", "null\n", "---\n", "cowork3p_settings:\n"])
def test_empty_documents_are_refused_unless_allowed(tmp_path, text):
    result = run_action(tmp_path, text)
    assert result["failed"] and "<document>: is empty" in result["msg"] and not (tmp_path / "out").exists()
    result = run_action(tmp_path, text, allow_empty=True)
    assert not result.get("failed"), result.get("msg")


@pytest.mark.parametrize("url, rule", [
    ("https://:443", "url_host"), ("https://", "url_format"),
    ("https://gw.example.test/v1/MESSAGES", "url_suffix"), ("https://gw.example.test/V1/", "url_suffix"),
])
def test_urls_the_app_or_gateway_check_would_refuse(url, rule):
    assert ("inferenceGatewayBaseUrl", rule) in errors(validate(doc(inferenceGatewayBaseUrl=url)))


@pytest.mark.parametrize("url", ["https://gw.example.test/V1", "https://gw.example.test/%76%31",
                                 "https://gw.example.test/%2Fv1"])
def test_v1_suffix_in_any_spelling_warns(url):
    # A /v1 suffix is UNCONFIRMED (the newest reference's own example ends in /v1): a warning, however spelled.
    report = validate(doc(inferenceGatewayBaseUrl=url))
    assert ("inferenceGatewayBaseUrl", "url_suffix") in {(p.key, p.rule) for p in report.warnings}


@pytest.mark.parametrize("extra, key, rule", [
    ({"inferenceGatewayApiKey": SECRET + "\r"}, "inferenceGatewayApiKey", "header_value"),
    ({"inferenceGatewayApiKey": SECRET + "\r\nX-Injected: 1"}, "inferenceGatewayApiKey", "header_value"),
    ({"inferenceGatewayApiKey": "a\x7fb" + SECRET}, "inferenceGatewayApiKey", "header_value"),
    ({"inferenceCustomHeaders": {"X-Tenant": HEADER + "\r"}}, "inferenceCustomHeaders.X-Tenant", "header_value"),
    ({"inferenceCustomHeaders": {"X-Tenant": HEADER + "\r\nX-Injected: 1"}}, "inferenceCustomHeaders.X-Tenant",
     "header_value"),
    ({"inferenceCustomHeaders": {"": "a"}}, "inferenceCustomHeaders", "header_name"),
    ({"inferenceCustomHeaders": {"X Tenant": "a"}}, "inferenceCustomHeaders", "header_name"),
    ({"inferenceCustomHeaders": {"X-A\r\nX-B": "a"}}, "inferenceCustomHeaders", "header_name"),
    ({"inferenceCustomHeaders": {"X-A:": "a"}}, "inferenceCustomHeaders", "header_name"),
    ({"managedMcpServers": [{"name": "a", "transport": "http", "url": "https://m.example.test",
                             "headers": {"Bad Name": "x"}}]}, "managedMcpServers[0].headers", "header_name"),
    ({"managedMcpServers": [{"name": "a", "transport": "http", "url": "https://m.example.test",
                             "headers": {"X-A": "x\r\ny"}}]}, "managedMcpServers[0].headers.X-A", "header_value"),
])
def test_header_injection_is_refused(extra, key, rule):
    report = validate(doc(**extra))
    assert (key, rule) in errors(report), report.error_text()
    no_secret(shown(report))


# -- writes files that do not parse ---------------------------------------------------------------------------
@pytest.mark.parametrize("extra, key", [
    ({"chatCodeExecutionEnabled": "yes\x01"}, "chatCodeExecutionEnabled"),                # unconfirmed key
    ({"sshTransport": "a\ufffe"}, "sshTransport"),
    ({"builtinBrowserAllowedDomains": ["ok", "b\uffff"]}, "builtinBrowserAllowedDomains[1]"),
    ({"builtinBrowserAllowedDomains": {"k\x02": "v"}}, "builtinBrowserAllowedDomains"),
    ({"inferenceModels": [{"name": "m", "note": "x\x0b"}]}, "inferenceModels[0].note"),    # unknown field
    ({"managedMcpServers": [{"name": "a", "transport": "http", "url": "https://m.example.test",
                             "extra": {"deep": ["\x1b[31m"]}}]}, "managedMcpServers[0].extra.deep[0]"),
])
def test_unrenderable_text_is_an_error_whatever_the_confidence(extra, key):
    report = validate(doc(**extra))
    assert (key, "control_characters") in errors(report), report.error_text()


@pytest.mark.parametrize("option", ["organization", "display_name", "description"])
def test_profile_options_are_validated_like_keys(option):
    settings = validate(BASE).settings
    with pytest.raises(templating.RenderError, match="%s: contains the character U\\+FFFE" % option):
        templating.render_text("mobileconfig", settings, **{option: "Acme\ufffe"})
    with pytest.raises(Exception, match="U\\+0001"):
        claude.to_mobileconfig(BASE, **{option: "Acme\x01"})
    text = templating.render_text("mobileconfig", settings, **{option: "Acme & <Co> \"quoted\" ]]>"})
    assert plistlib.loads(text.encode())


def test_profile_organization_in_the_action(tmp_path):
    result = run_action(tmp_path, settings=BASE, profile_organization="Acme\x0c")
    assert result["failed"] and "profile_organization: contains the character U+000C" in result["msg"]


# -- hangs ----------------------------------------------------------------------------------------------------
def test_an_alias_bomb_ends_quickly_in_validation():
    bomb = ["lol"]
    for _level in range(9):
        bomb = [bomb] * 9
    start = time.monotonic()
    report = validate(doc(disabledBuiltinTools=bomb))
    assert time.monotonic() - start < 1
    assert ("disabledBuiltinTools", "size") in errors(report)


def test_an_alias_bomb_ends_quickly_in_a_settings_file(tmp_path):
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += ["l%d: &l%d [%s]" % (i, i, ",".join(["*l%d" % (i - 1)] * 9)) for i in range(1, 9)]
    lines += ["inferenceProvider: anthropic", "disabledBuiltinTools: *l8"]
    start = time.monotonic()
    result = run_action(tmp_path, "\n".join(lines))
    assert time.monotonic() - start < 3
    assert result["failed"] and "(rule: size)" in result["msg"]


def test_a_merge_key_bomb_ends_quickly(tmp_path):
    lines = ["m0: &m0 {a: 1}"]
    lines += ["m%d: &m%d {<<: [%s], k%d: 1}" % (i, i, ",".join(["*m%d" % (i - 1)] * 9), i) for i in range(1, 9)]
    lines += ["inferenceProvider: anthropic"]
    start = time.monotonic()
    result = run_action(tmp_path, "\n".join(lines))
    assert time.monotonic() - start < 3 and result["failed"]


# -- leaks --------------------------------------------------------------------------------------------------------
def test_a_repeated_key_is_refused_by_name(tmp_path):
    text = "\n".join(["inferenceProvider: gateway", "inferenceGatewayBaseUrl: https://gw.example.test",
                      "inferenceGatewayApiKey: other-" + SECRET[::-1], "inferenceGatewayApiKey: " + SECRET])
    result = run_action(tmp_path, text)
    assert result["failed"] and "the key inferenceGatewayApiKey is written twice" in result["msg"]
    assert SECRET[::-1][:10] not in result["msg"]


def test_a_yaml_error_quotes_no_line(tmp_path):
    text = "inferenceGatewayApiKey: " + SECRET + "\n  bad: [indent\n"
    result = run_action(tmp_path, text)
    assert result["failed"] and "is not valid YAML" in result["msg"] and "line " in result["msg"]


def test_an_undocumented_field_holding_a_credential_is_masked():
    report = validate(doc(managedMcpServers=[{"name": "a", "transport": "http", "url": "https://m.example.test",
                                              "auth": "Bearer " + HEADER, "x-note": "token " + HEADER}]))
    assert report.ok and report.warnings
    no_secret(shown(report))


def test_legacy_header_forms_are_masked():
    for value in ("X-Tenant=%s,Bad Name=%s" % (HEADER, HEADER), ["X-Tenant: " + HEADER, "X\r\nB: " + HEADER]):
        no_secret(shown(validate(doc(inferenceCustomHeaders=value))))
    mcp = [{"name": "a", "transport": "stdio", "command": "/bin/a", "env": "TOKEN=" + HEADER}]
    no_secret(shown(validate(doc(managedMcpServers=mcp))))


def test_five_thousand_unknown_keys_give_a_short_message(tmp_path):
    settings = dict(BASE, **{"unknownKey%04d" % i: SECRET for i in range(5000)})
    report = validate(settings)
    assert len(report.error_text()) < 10000 and "... and 4980 more error(s)" in report.error_text()
    result = run_action(tmp_path, settings=settings)
    assert len(result["msg"]) < 10000 and len(result["problems"]) == 100 and result["problems_total"] == 5000


def test_a_registry_import_error_quotes_no_line():
    text = "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Claude]\n" \
           "inferenceGatewayApiKey " + SECRET + "\n"
    with pytest.raises(ImportError_) as caught:
        import_settings(text, "reg")
    no_secret(str(caught.value))


def test_masking_comes_before_cutting():
    text = "value: " + "x" * 140 + SECRET + " and more"
    cut = text[:157] + "..."
    assert SECRET[:10] in cut and SECRET not in cut
    assert scrub(cut, [SECRET]).endswith(MASK + "...")
    assert SECRET[:4] not in mask_text(text, [SECRET], limit=160)
    assert summarise(["a"] * 25, 20, "more") == ["a"] * 20 + ["... and 5 more"]


def test_unknown_keys_with_credentials_in_the_value_are_masked():
    report = validate(doc(myGatewayAuth=HEADER, someHeader="Bearer " + HEADER))
    no_secret(shown(report))


def test_files_are_not_written_when_the_render_path_refuses(tmp_path):
    result = run_action(tmp_path, settings=doc(inferenceGatewayBaseUrl="https://:443"))
    assert result["failed"] and not os.path.exists(str(tmp_path / "out"))
