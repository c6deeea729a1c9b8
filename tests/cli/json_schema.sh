#!/usr/bin/env bash
# The JSON report validates against schema/zonelint-report.schema.json (ajv), and the schema
# rejects what the contract forbids.
set -uo pipefail
BIN=${1:?usage: json_schema.sh path/to/zonelint}
. tests/cli/lib/validators.sh
require_validators
SCHEMA=$PWD/schema/zonelint-report.schema.json
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in fixtures/report/*.json; do
  case "$f" in *.gitlab.json) continue ;; esac
  if ajv_validate "$SCHEMA" "$f"; then echo "ok: $f"; else echo "FAIL: $f"; fail=1; fi
done

# Negative controls.
jq '.diagnostics[0].severity = "fatal"' fixtures/report/sample.json >"$tmp/bad1.json"
jq 'del(.summary.records)' fixtures/report/sample.json >"$tmp/bad2.json"
jq '.diagnostics[0].line = 0' fixtures/report/sample.json >"$tmp/bad3.json"
for f in "$tmp"/bad*.json; do
  if ajv_validate "$SCHEMA" "$f" >/dev/null 2>&1; then echo "FAIL: schema accepted $(basename "$f")"; fail=1; fi
done

[ $fail = 0 ] && echo "json_schema: all passed"
exit $fail
