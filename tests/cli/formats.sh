#!/usr/bin/env bash
# The formats on the real binary: colour only on request or on a terminal (NO_COLOR honoured),
# the GitHub step summary, the JSON report against its schema, deterministic output.
set -u  # no pipefail: zonelint exits 1 on findings inside pipelines
BIN=$(realpath "${1:?usage: formats.sh path/to/zonelint}")
. tests/cli/lib/validators.sh
require_validators
fail() { echo "FAIL: $*"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
Z=examples/zones
ESC=$'\033'

"$BIN" $Z >"$T/plain.txt"
grep -q "$ESC" "$T/plain.txt" && fail "colour in a pipe"
"$BIN" --color=always $Z | grep -q "$ESC\[" || fail "--color=always without colour"
NO_COLOR=1 "$BIN" --color=always $Z | grep -q "$ESC\[" || fail "--color=always must win over NO_COLOR"
"$BIN" --color=never $Z | grep -q "$ESC" && fail "--color=never with colour"
# On a terminal (script gives the command a pty): colour, unless NO_COLOR is set.
if command -v script >/dev/null; then
  script -qec "$BIN $Z" /dev/null | grep -q "$ESC\[" || fail "no colour on a terminal"
  NO_COLOR=1 script -qec "$BIN $Z" /dev/null | grep -q "$ESC\[" && fail "NO_COLOR ignored on a terminal"
fi
grep -q '^examples/zones/example.com.zone:15:26: error: .*\[mx-target-cname\]$' "$T/plain.txt" || fail "human first line"
grep -q '^examples/zones/example.com.zone:17:1: note: CNAME defined here$' "$T/plain.txt" || fail "human note"
tail -2 "$T/plain.txt" | head -1 | grep -qx '1 error, 1 warning in 1 of 2 files' || fail "human summary: $(tail -2 "$T/plain.txt" | head -1)"
tail -1 "$T/plain.txt" | grep -qxF '[*] 1 fixable with `zonelint --fix` (`--diff` shows the change)' ||
  fail "human fixable line: $(tail -1 "$T/plain.txt")"
"$BIN" -q $Z | grep -q '|' && fail "--quiet printed excerpts"

# GitHub: annotations on stdout, the findings in the step summary.
GITHUB_STEP_SUMMARY="$T/summary.md" "$BIN" --format github $Z >"$T/gh.txt"
grep -q '^::error file=examples/zones/example.com.zone,line=15,col=26,' "$T/gh.txt" || fail "github annotation"
grep -q '^| error | examples/zones/example.com.zone:15:26 | mx-target-cname |' "$T/summary.md" || fail "step summary"

# JSON against the published schema, on findings, a clean run and the real-world corpus.
"$BIN" --format json $Z >"$T/r1.json"
"$BIN" --format json $Z/example.net.zone >"$T/r2.json"
"$BIN" --format json tests/corpus/real-world >"$T/r3.json"
"$BIN" --format json "$T/missing.zone" >"$T/r4.json" 2>/dev/null
for f in "$T"/r*.json; do ajv_validate "$PWD/schema/zonelint-report.schema.json" "$f" || fail "schema: $f"; done
jq -e '.errors | length == 1' "$T/r4.json" >/dev/null || fail "I/O error not in .errors"

# Byte-for-byte deterministic.
for fmt in human json sarif github gitlab; do
  cmp -s <("$BIN" --format $fmt tests/corpus/real-world) <("$BIN" --format $fmt tests/corpus/real-world) ||
    fail "$fmt output differs between runs"
done
echo "formats: all passed"
