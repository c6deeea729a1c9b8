#!/usr/bin/env bash
# SARIF output validated by tools we don't control: Microsoft's SARIF Multitool (SARIF and
# GitHub ingestion rules) and ajv against the SARIF 2.1.0 schema. Covers the reporter goldens;
# a broken file must be rejected by both, so a validator that silently passes fails the test.
set -uo pipefail
BIN=${1:?usage: sarif_validate.sh path/to/zonelint}
. tests/cli/lib/validators.sh
require_validators
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in fixtures/report/*.sarif; do
  if validate_sarif "$f"; then echo "ok: $f"; else echo "FAIL: $f"; fail=1; fi
done

# Negative controls: each validator must reject a bad file.
jq 'del(."$schema") | .runs[0].results[0].message.text = ""' fixtures/report/sample.sarif >"$tmp/bad-gh.sarif"
if multitool_validate "$tmp/bad-gh.sarif" >/dev/null; then
  echo "FAIL: multitool accepted a SARIF file without \$schema and with an empty message"; fail=1
fi
jq '.runs[0].results[0].level = "fatal" | .runs[0].results[0].locations[0].physicalLocation.region.startLine = 0' \
  fixtures/report/sample.sarif >"$tmp/bad-schema.sarif"
if ajv_validate "$SARIF_SCHEMA" "$tmp/bad-schema.sarif" >/dev/null 2>&1; then
  echo "FAIL: ajv accepted level 'fatal' and startLine 0"; fail=1
fi

[ $fail = 0 ] && echo "sarif_validate: all passed"
exit $fail
