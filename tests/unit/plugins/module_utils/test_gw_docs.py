# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of plugins/module_utils/_gw_docs.py: the module documentation and the docs page say what the check
table says (regenerate them from _gw_docs when the table changes)."""

from __future__ import annotations

import pathlib

import yaml

from ansible_collections.cowork3p.fleet.plugins.module_utils import _gw_docs, _gw_plan
from ansible_collections.cowork3p.fleet.plugins.modules import gateway_check

ROOT = pathlib.Path(__file__).resolve().parents[4]


def test_the_module_documentation_lists_the_checks_of_the_table():
    doc = yaml.safe_load(gateway_check.DOCUMENTATION)
    assert _gw_docs.module_doc_line() in doc["description"]
    option = doc["options"]["checks"]
    assert option["choices"] == list(_gw_plan.CHECKS) and option["default"] == list(_gw_plan.CHECKS)


def test_the_docs_page_holds_the_table_as_generated():
    page = (ROOT / "docs" / "gateway-preflight.md").read_text(encoding="utf-8")
    start, end = page.index(_gw_docs.DOCS_BEGIN), page.index(_gw_docs.DOCS_END) + len(_gw_docs.DOCS_END)
    assert page[start:end] == _gw_docs.markdown_table()


def test_every_rule_of_the_table_is_said_in_words():
    line = _gw_docs.module_doc_line()
    assert "C(tool_search) (" in line and "required only when C(toolSearchEnabled) is set" in line
    assert line.count("skipped when C(messages) failed") == sum(1 for row in _gw_plan.TABLE if row["needs"])
    assert "C(errors) (" in line and "never required" in line
