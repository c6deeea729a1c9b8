#!/usr/bin/env bash
# Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or I/O error;
# --exit-zero turns 1 into 0 but never 2 into 0.
set -u  # no pipefail: zonelint exits 1 on findings inside pipelines
BIN=${1:?usage: exit_codes.sh path/to/zonelint}
fails=0
expect() {  # expected-code description args...
  local want=$1 what=$2
  shift 2
  "$BIN" "$@" >/dev/null 2>&1
  local got=$?
  if [ "$got" -ne "$want" ]; then echo "FAIL: $what: exit $got, expected $want ($*)"; fails=1; else echo "ok: $what"; fi
}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
BAD=examples/zones/example.com.zone    # an error (mx-target-cname) and a warning
CLEAN=examples/zones/example.net.zone
printf 'fail-on: error\nbogus-key: 1\n' >"$T/bad.yaml"

expect 0 "clean zone" "$CLEAN"
expect 1 "zone with findings" "$BAD"
expect 0 "--exit-zero with findings" --exit-zero "$BAD"
expect 1 "--fail-on error with an error" --fail-on error "$BAD"
expect 0 "--fail-on error with only warnings" --fail-on error --ignore mx-target-cname "$BAD"
expect 1 "warning fails by default" --ignore mx-target-cname "$BAD"
expect 2 "missing file" "$T/missing.zone"
expect 2 "--exit-zero keeps I/O errors at 2" --exit-zero "$T/missing.zone"
expect 2 "missing file next to a clean one" "$CLEAN" "$T/missing.zone"
expect 2 "unknown option" --no-such-option "$CLEAN"
expect 2 "unknown format" --format xml "$CLEAN"
expect 2 "unknown --fail-on" --fail-on fatal "$CLEAN"
expect 2 "no PATH" 
expect 2 "invalid config file" --config "$T/bad.yaml" "$CLEAN"
expect 2 "missing config file" --config "$T/none.yaml" "$CLEAN"
expect 2 "unknown rule in --select" --select no-such-rule "$CLEAN"
expect 2 "invalid --origin" --origin 'a..b' "$CLEAN"
expect 0 "--version" --version
expect 0 "--help" --help
expect 0 "rules" rules
expect 0 "explain a rule" explain mx-target-cname
expect 2 "explain an unknown rule" explain no-such-rule

# What the simple commands print.
"$BIN" --version | grep -qx 'zonelint [0-9]*\.[0-9]*\.[0-9]*' || { echo "FAIL: --version output"; fails=1; }
"$BIN" rules | grep -q '^mx-target-cname ' || { echo "FAIL: rules does not list mx-target-cname"; fails=1; }
"$BIN" explain mx-target-cname | grep -q 'RFC 2181' || { echo "FAIL: explain lacks the references"; fails=1; }
"$BIN" "$T/missing.zone" 2>&1 | grep -q "cannot read" || { echo "FAIL: no message for a missing file"; fails=1; }
[ $fails = 0 ] && echo "exit_codes: all passed"
exit $fails
