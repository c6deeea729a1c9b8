#!/usr/bin/env bash
# --write-baseline and --baseline (src/lint/baseline.hpp): write a baseline, re-run passes, a
# new finding fails, fixing a baselined finding reports its entry as baseline-entry-unused, the
# file is byte-stable across runs and across unrelated edits (lines added above, reformatting),
# SARIF carries the same fingerprint as `zonelint/v1`, and a broken baseline is an error (2).
set -uo pipefail
BIN=$(realpath "${1:?usage: baseline.sh path/to/zonelint}")
fail() { echo "FAIL: $*"; exit 1; }
S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
cd "$S" || exit 2

zone() {  # $1: extra lines above, $2: extra lines at the end
  printf '%s$ORIGIN example.com.\n$TTL 3600\n' "$1"
  cat <<'Z'
@     SOA   ns1 hostmaster 1 7200 3600 1209600 3600
@     NS    ns1
@     NS    ns2.example.net.
ns1   A     192.0.2.1
@     MX    10 mail
mail  CNAME host
host  A     192.0.2.2
www   CNAME host
www   TXT   "other data"
Z
  printf '%s' "$2"
}
zone "" "" >example.com.zone

"$BIN" example.com.zone >before.txt
[ $? = 1 ] || fail "the zone should have findings"
grep -q mx-target-cname before.txt || fail "no mx-target-cname: $(cat before.txt)"
grep -q cname-and-other-data before.txt || fail "no cname-and-other-data: $(cat before.txt)"

"$BIN" --write-baseline bl.json example.com.zone >/dev/null 2>err.txt
[ $? = 0 ] || fail "--write-baseline should exit 0: $(cat err.txt)"
grep -q "wrote [0-9]* baseline entries to 'bl.json'" err.txt || fail "no summary: $(cat err.txt)"
python3 -c 'import json,sys; d=json.load(open("bl.json")); assert d["version"]==1 and d["entries"]' ||
  fail "bl.json is not a baseline: $(cat bl.json)"
grep -q '"rule":"mx-target-cname"' bl.json || fail "no mx-target-cname entry"
grep -q 'line' bl.json && fail "line numbers in the baseline"

# Re-run with the baseline: nothing new, exit 0.
"$BIN" --baseline bl.json example.com.zone >out.txt
[ $? = 0 ] || fail "re-run with the baseline should pass: $(cat out.txt)"
grep -q mx-target-cname out.txt && fail "baselined finding reported: $(cat out.txt)"

# Byte-stable: written twice, and after lines added above and reformatting.
"$BIN" --write-baseline bl2.json example.com.zone >/dev/null 2>&1
cmp bl.json bl2.json || fail "baseline not byte-stable across runs"
zone $'; a comment\n; another\n\n' "" | sed 's/^@     MX    10 mail/@ 7200 IN MX 10 MAIL/' >example.com.zone
"$BIN" --baseline bl.json example.com.zone >out.txt
[ $? = 0 ] || fail "lines added above / reformatting broke the baseline: $(cat out.txt)"
"$BIN" --write-baseline bl3.json example.com.zone >/dev/null 2>&1
cmp bl.json bl3.json || fail "baseline changed after unrelated edits: $(diff bl.json bl3.json)"

# A new finding fails, and only it is reported.
zone "" $'@     MX    20 www\n' >example.com.zone
"$BIN" --baseline bl.json example.com.zone >out.txt
[ $? = 1 ] || fail "a new finding should fail: $(cat out.txt)"
grep -q "mx-target-cname" out.txt || fail "the new finding is not reported: $(cat out.txt)"
[ "$(grep -c 'mx-target-cname' out.txt)" -ge 1 ] || fail "count"
grep -q "cname-and-other-data" out.txt && fail "baselined finding reported: $(cat out.txt)"

# Fixing a baselined finding: its entry is reported (info), the run still passes.
zone "" "" | grep -v 'other data' >example.com.zone
"$BIN" --baseline bl.json example.com.zone >out.txt
[ $? = 0 ] || fail "a fixed finding should not fail: $(cat out.txt)"
grep -q "baseline-entry-unused" out.txt || fail "unused entry not reported: $(cat out.txt)"
grep -q "cname-and-other-data" out.txt || fail "the unused entry does not name its rule"
grep -q "^bl.json:[0-9]*:[0-9]*: info: baseline entry" out.txt ||
  fail "the unused entry does not point into the baseline file: $(cat out.txt)"
# Policy applies to it as to any rule: --ignore, and a severity override in the config.
"$BIN" --baseline bl.json --ignore baseline-entry-unused example.com.zone >out.txt
[ $? = 0 ] && ! grep -q "baseline-entry-unused" out.txt ||
  fail "--ignore baseline-entry-unused did not hide it: $(cat out.txt)"
printf 'severity: {baseline-entry-unused: warning}\n' >.zonelint.yaml
"$BIN" --baseline bl.json example.com.zone >out.txt
[ $? = 1 ] && grep -q "warning: baseline entry" out.txt ||
  fail "a severity override of baseline-entry-unused did not apply: $(cat out.txt)"
# The config can name the baseline (relative to the config file); --baseline wins over it.
mkdir -p sub && cp bl.json sub/bl.json
printf 'baseline: sub/bl.json\n' >.zonelint.yaml
"$BIN" example.com.zone >out.txt
[ $? = 0 ] && grep -q "sub/bl.json" out.txt ||
  fail "the config's baseline: was not used: $(cat out.txt)"
"$BIN" --baseline missing.json example.com.zone >/dev/null 2>&1
[ $? = 2 ] || fail "--baseline should win over the config's baseline:"
(cd sub && "$BIN" ../example.com.zone >../out.txt)
[ $? = 0 ] || fail "the config's baseline is relative to the config file, not the working directory"
rm -rf .zonelint.yaml sub
"$BIN" --baseline bl.json --fail-on info example.com.zone >/dev/null
[ $? = 1 ] || fail "--fail-on info should fail on an unused entry"
"$BIN" --write-baseline bl.json example.com.zone >/dev/null 2>&1
"$BIN" --baseline bl.json --fail-on info example.com.zone >out.txt
[ $? = 0 ] || fail "a rewritten baseline should have no unused entry: $(cat out.txt)"

# SARIF carries the baseline fingerprint.
"$BIN" --format sarif example.com.zone >out.sarif
python3 - <<'PY' || fail "SARIF zonelint/v1 fingerprints do not match the baseline"
import json
base = {e["fingerprint"] for e in json.load(open("bl.json"))["entries"]}
res = json.load(open("out.sarif"))["runs"][0]["results"]
fps = {r["partialFingerprints"]["zonelint/v1"] for r in res}
assert res and fps == base, (fps, base)
PY

# A missing or malformed baseline is an error.
"$BIN" --baseline missing.json example.com.zone >/dev/null 2>err.txt
[ $? = 2 ] || fail "a missing baseline should exit 2"
echo '{"entries": 3}' >bad.json
"$BIN" --baseline bad.json example.com.zone >/dev/null 2>err.txt
[ $? = 2 ] || fail "a malformed baseline should exit 2"
grep -q "invalid baseline 'bad.json'" err.txt || fail "message: $(cat err.txt)"
echo "baseline: write, pass, new finding fails, unused entries, byte-stable, SARIF"
