#!/usr/bin/env bash
# The verdict (exit code from the findings and the fail-on thresholds) is computed in one place
# for every mode: a per-path `fail-on` from .zonelint.yaml applies with --parse-only and with a
# baseline as in a normal run, and --fail-on on the command line wins in every mode.
set -uo pipefail
BIN=$(realpath "${1:?usage: verdict.sh path/to/zonelint}")
fail() { echo "FAIL: $*"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2

# A clean zone but for one ttl-missing warning: no $TTL, and the first record has no TTL.
mkdir strict lax
for d in strict lax; do
  cat >"$d/example.com.zone" <<'Z'
$ORIGIN example.com.
@     SOA   ns1 hostmaster 1 7200 3600 1209600 3600
@     3600 NS    ns1
@     3600 NS    ns2.example.net.
ns1   3600 A     192.0.2.1
@     3600 MX    10 mx1
@     3600 MX    20 mx2
mx1   3600 A     192.0.2.25
mx2   3600 A     192.0.2.26
Z
done
printf 'fail-on: error\n' >strict/.zonelint.yaml

expect() {  # expect RC WHAT ARGS...
  local want=$1 what=$2
  shift 2
  "$BIN" "$@" >out.txt 2>err.txt
  local rc=$?
  [ "$rc" = "$want" ] || fail "$what: exit $rc, expected $want: $(cat out.txt err.txt)"
}
expect 0 "fail-on: error, warning only" strict/example.com.zone
grep -q ttl-missing out.txt || fail "the zone should have a ttl-missing warning: $(cat out.txt)"
expect 0 "fail-on: error, warning only, --parse-only" --parse-only strict/example.com.zone
grep -q ttl-missing out.txt || fail "--parse-only should report ttl-missing: $(cat out.txt)"
expect 1 "no config: the default threshold is warning" lax/example.com.zone
expect 1 "no config, --parse-only" --parse-only lax/example.com.zone
expect 1 "--fail-on warning wins over the config" --fail-on warning strict/example.com.zone
expect 1 "--fail-on warning wins over the config, --parse-only" --parse-only --fail-on warning \
  strict/example.com.zone
# Both files in one run: each finding against its own file's threshold.
expect 1 "strict and lax together" strict/example.com.zone lax/example.com.zone
expect 1 "strict and lax together, --parse-only" --parse-only strict lax

# With a baseline: the per-path threshold still applies to the findings left.
printf '{"entries": [], "version": 1}\n' >empty.json
expect 0 "fail-on: error with an empty baseline" --baseline empty.json strict/example.com.zone
expect 1 "no config with an empty baseline" --baseline empty.json lax/example.com.zone
expect 0 "fail-on: error, --parse-only with an empty baseline" --parse-only --baseline empty.json \
  strict/example.com.zone
echo "verdict: all passed"
