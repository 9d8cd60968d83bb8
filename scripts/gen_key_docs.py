"""Write docs/keys.md from the key catalog (the catalog is the only source).

    python3 scripts/gen_key_docs.py            # rewrite docs/keys.md (PYTHONPATH: dir above ansible_collections)
    python3 scripts/gen_key_docs.py --check    # exit 1 when docs/keys.md is stale
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _import_catalog():
    try:
        from ansible_collections.cowork3p.fleet.plugins.module_utils import _catalog
    except ImportError:
        sys.exit("run with PYTHONPATH pointing at the directory above ansible_collections/cowork3p/fleet")
    return _catalog


TYPE_WORDS = {
    "string": "string",
    "boolean": "boolean",
    "integer": "integer",
    "number": "number",
    "enum": "enum",
    "string_list": "JSON array of strings",
    "object": "JSON object",
    "object_list": "JSON array of objects",
    "unknown": "unknown",
}


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def _rules(entry):
    out = []
    rules = entry["rules"]
    if entry["allowed"]:
        out.append("one of " + ", ".join("`%s`" % a for a in entry["allowed"]))
    for old, info in entry["deprecated_values"].items():
        out.append("`%s` deprecated%s" % (old, (" -> `%s`" % info["replacement"]) if info.get("replacement") else ""))
    if "min" in rules or "max" in rules:
        out.append("range %s-%s" % (rules.get("min", ""), rules.get("max", "")))
    if "max_length" in rules:
        out.append("max %d chars" % rules["max_length"])
    if rules.get("url"):
        out.append("https URL" if rules["url"] == "https" else "http(s) URL")
    if rules.get("url_no_suffix"):
        out.append("no trailing " + ", ".join("`%s`" % s for s in rules["url_no_suffix"]))
    if rules.get("path"):
        out.append("absolute path" + (", no arguments" if rules.get("no_arguments") else ""))
    if rules.get("pattern"):
        out.append("matches `%s`" % rules["pattern"])
    if entry["fields"]:
        out.append("fields: " + ", ".join("`%s`%s" % (n, "*" if f["required"] else "") for n, f in entry["fields"].items()))
    return "; ".join(out)


def _since(entry):
    """The first release, and where the key is read release by release when that changed (read_from)."""
    text = entry["since"] or ""
    if entry.get("read_from"):
        steps = "; ".join("%s: %s" % (release, ", ".join(sources)) for release, sources in entry["read_from"])
        text += " (read from %s%s)" % (steps, ", UNCONFIRMED" if entry.get("read_from_unconfirmed") else "")
    return text


def _old_name(old, info):
    """An old name with its life: read from, the new name's first release, refused by which releases."""
    life = []
    if info.get("since"):
        life.append("read from %s" % info["since"])
    if info.get("renamed_in"):
        life.append("new name from %s" % info["renamed_in"])
    if info.get("refused_from"):
        life.append("refused by %s+ after the cut-off" % info["refused_from"])
    return "old name `%s`%s" % (old, " (%s)" % ", ".join(life) if life else "")


def render(catalog):
    lines = [
        "# Claude Desktop managed-settings keys",
        "",
        "Generated from `plugins/module_utils/_catalog.py` by `scripts/gen_key_docs.py`; do not edit by hand.",
        "",
        "Columns: *type* as written in the settings document (in a plist or the registry every value is one string,",
        "arrays and objects as compact JSON); *providers* the `inferenceProvider` values that read the key (blank = all);",
        "*since* the first Desktop release (and, where it changed, the sources each release reads: mdm = profile,",
        "registry or Linux file; local = configLibrary; bootstrap = a bootstrap response); *status* secret /",
        "deprecated / old names with their life / UNCONFIRMED. Fields marked * are required.",
        "",
        "%d keys." % len(catalog.KEYS),
        "",
    ]
    section = None
    for entry in catalog.KEYS:
        if entry["section"] != section:
            section = entry["section"]
            lines += ["", "## %s" % section, "", "| key | type | providers | since | status | rules | description |",
                      "|---|---|---|---|---|---|---|"]
        status = []
        if entry["secret"] or entry["secret_values"]:
            status.append("secret" if entry["secret"] else "secret values")
        if entry["deprecated"]:
            status.append("removed" if entry["deprecated"].get("removed_in") else "deprecated")
        for old, info in entry["aliases"].items():
            status.append(_old_name(old, info))
        if entry["confidence"] == "unconfirmed":
            status.append("UNCONFIRMED")
        elif entry["confidence"] == "changelog":
            status.append("changelog only")
        lines.append("| `%s` | %s | %s | %s | %s | %s | %s |" % (
            entry["name"], TYPE_WORDS[entry["type"]], ", ".join(entry["providers"] or ()), _cell(_since(entry)),
            _cell(", ".join(status)), _cell(_rules(entry)), _cell(entry["doc"])))
    return "\n".join(lines) + "\n"


def main(argv):
    text = render(_import_catalog())
    path = os.path.join(ROOT, "docs", "keys.md")
    if "--check" in argv:
        with open(path, encoding="utf-8") as handle:
            if handle.read() != text:
                sys.stderr.write("docs/keys.md is stale: run scripts/gen_key_docs.py\n")
                return 1
        return 0
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
