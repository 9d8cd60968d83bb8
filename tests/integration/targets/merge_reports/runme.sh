#!/usr/bin/env bash
# The merge_reports playbook on the controller: the audit reports of three slices merge into the report a single
# run would have written (report.json compared value for value, report.html checked by xmllint's HTML parser,
# report.md naming every host), two deploy summaries merge into one, and a call without report files fails with
# the documented hint.
set -euo pipefail

PY=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
HERE=$(pwd)

"$PY" "$HERE/files/slices.py" "$WORK"
cd "$WORK"

ansible-playbook -i localhost, cowork3p.fleet.merge_reports \
  -e '{"report_files": ["slice1/report.json", "slice2/report.json", "slice3/report.json"]}' \
  -e cowork3p_audit_dir=merged "$@"
"$PY" - <<'PY'
import json
merged = json.load(open("merged/report.json"))
expected = json.load(open("expected-audit.json"))
assert merged == expected, (merged, expected)
assert list(merged["hosts"]) == sorted(expected["hosts"])
md = open("merged/report.md").read()
assert all(host in md for host in expected["hosts"]), md
PY
xmllint --html --noout merged/report.html
grep -q 'h9' merged/report.html

ansible-playbook -i localhost, cowork3p.fleet.merge_reports \
  -e '{"report_files": ["deploy1.json", "deploy2.json"]}' -e cowork3p_summary_file=merged/deploy.json "$@"
"$PY" - <<'PY'
import json
assert json.load(open("merged/deploy.json")) == json.load(open("expected-deploy.json"))
PY

if ansible-playbook -i localhost, cowork3p.fleet.merge_reports "$@" > no-files.log 2>&1; then
  echo "merge_reports without report_files should fail" >&2
  exit 1
fi
grep -q "Give the slices' JSON reports" no-files.log
echo "merge_reports: every check passed"
