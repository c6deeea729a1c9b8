#!/usr/bin/env bash
# Directory walks: zone and DNS-as-code names only, hidden entries skipped, FIFOs not read
# (they would block), symlink loops terminate, dangling entries reported (exit 2), a file named
# twice linted once, and an $INCLUDEd fragment linted only inside the zone that includes it.
set -uo pipefail
BIN=$(realpath "${1:?usage: walk.sh path/to/zonelint}")
fail() { echo "FAIL: $*"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
mkdir -p w/inc w/.hidden w/sub/deeper
cat >w/example.com.zone <<'ZONE'
$ORIGIN example.com.
$TTL 3600
@     IN SOA ns1 hostmaster 2024060101 7200 900 1209600 300
@     IN NS  ns1
@     IN NS  ns2.example.net.
@     IN MX  10 mx1
@     IN MX  20 mx2
mx1   IN A   192.0.2.25
mx2   IN A   192.0.2.26
ns1   IN A   192.0.2.53
$INCLUDE inc/hosts.db
ZONE
# A fragment: no SOA, no $ORIGIN; loaded on its own it has no origin.
printf 'www IN A 192.0.2.80\nweb IN CNAME www\nweb IN A 192.0.2.81\n' >w/inc/hosts.db
sed 's/mx1$/mail/' w/example.com.zone >w/.hidden/example.com.zone   # would fail if linted
echo "not a zone" >w/README.txt
ln -s .. w/sub/loop
ln -s ../.. w/sub/deeper/loop2
mkfifo w/sub/pipe.zone

out=$(timeout 20 "$BIN" --include-root w --format json w 2>"$T/err")
rc=$?
[ $rc -ne 124 ] || fail "the walk did not terminate"
echo "$out" | jq -c '.summary, [.diagnostics[] | [.file, .line, .rule]]'
[ $rc -eq 1 ] || fail "exit $rc, expected 1 (the fragment's CNAME finding); stderr: $(cat "$T/err")"
jq -e '.summary.files == 1' <<<"$out" >/dev/null || fail "expected 1 linted file (the fragment is part of the zone)"
jq -e '[.diagnostics[] | select(.rule == "parse-error")] == []' <<<"$out" >/dev/null || fail "the fragment was linted on its own"
jq -e '[.diagnostics[] | select(.file == "w/inc/hosts.db" and .rule == "cname-and-other-data")] | length == 1' <<<"$out" >/dev/null ||
  fail "the fragment's finding is missing"
jq -e '[.diagnostics[].related[] | select(.message == "included from here" and .file == "w/example.com.zone" and .line == 11)] | length >= 1' <<<"$out" >/dev/null ||
  fail "no 'included from here' note"

# A dangling symlink with a zone name is reported, and the run exits 2.
ln -s nowhere w/sub/broken.zone
timeout 20 "$BIN" --include-root w -q w >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] || fail "dangling entry: exit $rc, expected 2"
grep -q "cannot read 'w/sub/broken.zone'.*\[io-error\]" "$T/out" || fail "dangling entry not reported: $(cat "$T/out" "$T/err")"
rm w/sub/broken.zone

# Named twice (directly and through the walk): linted once.
out=$("$BIN" --include-root w --format json w w/example.com.zone w/./example.com.zone)
jq -e '.summary.files == 1' <<<"$out" >/dev/null || fail "a file named twice was linted twice"
echo "walk: all passed"
