#!/usr/bin/env bash
# --output and --format FORMAT:FILE write atomically: a failed write (file size limit, missing
# directory) leaves the old file as it was, no partial or temporary file, and exit code 2.
set -uo pipefail
BIN=$(realpath "${1:?usage: output_atomic.sh path/to/zonelint}")
fail() { echo "FAIL: $*"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
Z=examples/zones

# One run feeds several outputs.
"$BIN" --format human --format "sarif:$T/a.sarif" --format "json:$T/a.json" --format "gitlab:$T/gl.json" $Z >"$T/human.txt"
[ $? -eq 1 ] || fail "exit code with findings"
grep -q '\[mx-target-cname\]' "$T/human.txt" || fail "human report missing on stdout"
jq -e '.runs[0].results | length >= 1' "$T/a.sarif" >/dev/null || fail "SARIF file"
jq -e '.diagnostics | length >= 1' "$T/a.json" >/dev/null || fail "JSON file"
jq -e 'length >= 1 and (.[0] | has("fingerprint"))' "$T/gl.json" >/dev/null || fail "GitLab file"
"$BIN" --format json --output "$T/b.json" $Z >"$T/stdout"
[ -s "$T/stdout" ] && fail "--output still wrote to stdout"
cmp -s <(jq -S 'del(.diagnostics[].doc_url)' "$T/a.json") <(jq -S 'del(.diagnostics[].doc_url)' "$T/b.json") || fail "--output and json:FILE differ"

# A simulated full disk: a 4 KiB file size limit makes the write fail with EFBIG.
echo "previous report" >"$T/out.sarif"
( ulimit -f 4; "$BIN" --format sarif --output "$T/out.sarif" tests/corpus/real-world >/dev/null 2>"$T/err" )
rc=$?
[ $rc -eq 2 ] || fail "size limit: exit $rc, expected 2"
grep -q "cannot write '$T/out.sarif'" "$T/err" || fail "size limit: no error message: $(cat "$T/err")"
[ "$(cat "$T/out.sarif")" = "previous report" ] || fail "size limit: the old file was changed"
ls -A "$T" | grep -q '\.tmp-' && fail "size limit: a temporary file was left behind: $(ls -A "$T")"

# A missing directory.
"$BIN" --output "$T/nodir/x.json" $Z >/dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "missing directory: expected exit 2"
grep -q "cannot write" "$T/err" || fail "missing directory: no message"

# Two reports to one destination are a usage error.
"$BIN" --format json --format sarif $Z >/dev/null 2>&1
[ $? -eq 2 ] || fail "two reports on stdout accepted"
"$BIN" --format "json:$T/x" --format "sarif:$T/x" $Z >/dev/null 2>&1
[ $? -eq 2 ] || fail "two reports to one file accepted"

# Replacing keeps the file's permissions.
chmod 640 "$T/b.json"
"$BIN" --format json --output "$T/b.json" $Z >/dev/null
[ "$(stat -c %a "$T/b.json")" = 640 ] || fail "permissions not kept"
# Writing to a full standard output is an error too.
if [ -w /dev/full ]; then
  "$BIN" --format json $Z >/dev/full 2>/dev/null
  [ $? -eq 2 ] || fail "write error on stdout not reported"
fi
echo "output_atomic: all passed"
