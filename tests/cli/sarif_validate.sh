#!/usr/bin/env bash
# SARIF output validated by tools we don't control: Microsoft's SARIF Multitool (SARIF and
# GitHub ingestion rules) and ajv against the SARIF 2.1.0 schema. Covers the reporter goldens,
# a clean run, a run with findings of every rule (one per fixtures/rules/<rule-id>/ folder,
# each of which must report its rule) and a run over the real-world corpus. A broken file must
# be rejected by both validators, so a validator that silently passes fails the test.
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

# The binary's SARIF.
BIN=$(realpath "$BIN")
mkdir -p "$tmp/runs"
"$BIN" --format sarif examples/zones/example.net.zone >"$tmp/runs/clean.sarif.json"
[ $? -eq 0 ] || { echo "FAIL: clean run exit code"; fail=1; }
jq -e '.runs[0].results == [] and .runs[0].invocations[0].executionSuccessful == true' \
  "$tmp/runs/clean.sarif.json" >/dev/null || { echo "FAIL: clean run is not results: []"; fail=1; }
"$BIN" --format sarif --exit-zero tests/corpus/real-world >"$tmp/runs/real-world.sarif.json" ||
  { echo "FAIL: real-world run"; fail=1; }
rules=$("$BIN" rules | awk '{print $1}')
[ -n "$rules" ] || { echo "FAIL: zonelint rules listed nothing"; fail=1; }
[ -d fixtures/rules ] || { echo "FAIL: fixtures/rules is missing"; fail=1; }
for id in $rules; do
  if [ ! -d "fixtures/rules/$id" ]; then
    echo "FAIL: no fixtures/rules/$id to trigger rule $id"; fail=1; continue
  fi
  target=fixtures/rules/$id
  case "$id" in
    # Refused before any report is written (exit 2, message on stderr): tests/cli/io_errors.sh.
    config-error) continue ;;
    # A walk reports its dangling link on stderr; named on the command line, it is read.
    io-error) target=fixtures/rules/$id/missing.json ;;
    # Live mode only: the folder holds an offline clean fixture, and tests/cli/live.sh
    # validates the live SARIF against its test server.
    live-check-failed) continue ;;
  esac
  "$BIN" --format sarif --exit-zero "$target" >"$tmp/runs/rule-$id.sarif.json" 2>/dev/null
  jq -e --arg id "$id" '[.runs[0].results[] | select(.ruleId == $id)] | length > 0' \
    "$tmp/runs/rule-$id.sarif.json" >/dev/null || { echo "FAIL: fixtures/rules/$id gave no $id result"; fail=1; }
done
if validate_sarif_dir "$tmp/runs"; then
  echo "ok: $(ls "$tmp/runs"/*.sarif.json | wc -l) SARIF files from the binary"
else
  echo "FAIL: SARIF from the binary"; fail=1
fi

[ $fail = 0 ] && echo "sarif_validate: all passed"
exit $fail
