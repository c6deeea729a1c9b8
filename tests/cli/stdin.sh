#!/usr/bin/env bash
# Editors and pipes: `zonelint -` lints standard input (bounded by --max-file-bytes), named by
# --stdin-filename for the origin, the input format, the config lookup and the reports;
# --statistics replaces the human report by counts per rule; FORCE_COLOR forces colour unless
# NO_COLOR or --color never says otherwise, and --color always wins over NO_COLOR.
set -u  # no pipefail: zonelint exits 1 on findings inside pipelines
BIN=$(realpath "${1:?usage: stdin.sh path/to/zonelint}")
fails=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=1; }
check() {  # description expected-code got-code
  if [ "$2" -ne "$3" ]; then bad "$1: exit $3, expected $2"; else ok "$1"; fi
}
BAD=examples/zones/example.com.zone  # an error (mx-target-cname) and warnings
CLEAN=examples/zones/example.net.zone
YAML=fixtures/rules/mx-target-cname/octodns/example.com.yaml
unset FORCE_COLOR NO_COLOR

# Standard input without a name: reported as "-", same findings as the file.
"$BIN" - <"$BAD" >"$T/stdin.out" 2>&1
check "stdin with findings" 1 $?
"$BIN" "$BAD" >"$T/file.out" 2>&1
grep -q '^-:[0-9]*:[0-9]*: error: .*\[mx-target-cname\]' "$T/stdin.out" || bad "stdin is reported as '-'"
if [ "$(grep -c '\]$' "$T/stdin.out")" -ne "$(grep -c '\]$' "$T/file.out")" ]; then
  bad "stdin and the file give different findings"
fi
"$BIN" - <"$CLEAN" >/dev/null 2>&1
check "clean stdin" 0 $?
"$BIN" --exit-zero - <"$BAD" >/dev/null 2>&1
check "--exit-zero on stdin" 0 $?

# --stdin-filename names it in the reports.
"$BIN" --stdin-filename zones/example.com.zone - <"$BAD" >"$T/named.out" 2>&1
check "named stdin with findings" 1 $?
grep -q '^zones/example.com.zone:[0-9]*:[0-9]*: error: .*\[mx-target-cname\]' "$T/named.out" ||
  bad "--stdin-filename names the input in the report"
"$BIN" --format json --stdin-filename named.zone - <"$BAD" | grep -q '"named.zone"' ||
  bad "--stdin-filename names the input in JSON"

# A YAML on standard input: the name gives the format and the origin.
"$BIN" --stdin-filename example.com.yaml - <"$YAML" >"$T/yaml.out" 2>&1
check "octoDNS YAML via stdin" 1 $?
grep -q '^example.com.yaml:[0-9]*:[0-9]*: .*\[mx-target-cname\]' "$T/yaml.out" ||
  { bad "YAML via stdin: mx-target-cname on example.com.yaml"; cat "$T/yaml.out"; }
# The config is looked up from the name's directory.
mkdir -p "$T/cfg/zones"
printf 'ignore: [mx-target-cname]\n' >"$T/cfg/.zonelint.yaml"
(cd "$T/cfg" && "$BIN" --stdin-filename zones/example.com.zone -) <"$BAD" >"$T/cfg.out" 2>&1
grep -q 'mx-target-cname' "$T/cfg.out" && bad "the config next to --stdin-filename is not used"
grep -q '^zones/example.com.zone:' "$T/cfg.out" || bad "config run reports other findings"
ok "config lookup from --stdin-filename"

# Standard input and a file together; "-" twice reads it once.
"$BIN" - "$CLEAN" <"$BAD" >/dev/null 2>&1
check "stdin next to a clean file" 1 $?
"$BIN" - - <"$CLEAN" >/dev/null 2>&1
check "- twice" 0 $?

# --max-file-bytes bounds standard input like a file.
"$BIN" --max-file-bytes 100 - <"$BAD" >"$T/big.out" 2>&1
check "stdin over --max-file-bytes" 1 $?
grep -q 'over the limit of 100 bytes' "$T/big.out" || bad "stdin over --max-file-bytes is refused"
head -c 2000000 /dev/zero | "$BIN" --max-file-bytes 1000 - >/dev/null 2>&1
check "a large stream over --max-file-bytes" 1 $?

# Standard input is named explicitly: content in no known input format (a CI workflow YAML)
# is an input problem, exit 2 with an io-error, not a finding.
printf 'name: ci\non:\n  push: {}\njobs:\n  lint:\n    runs-on: ubuntu-latest\n' |
  "$BIN" --stdin-filename workflow.yaml - >"$T/nondns.out" 2>&1
check "non-DNS YAML on stdin" 2 $?
grep -q '\[io-error\]' "$T/nondns.out" || bad "non-DNS YAML on stdin: no io-error"

# An unreadable standard input is an I/O error.
"$BIN" - <&- >/dev/null 2>"$T/closed.err"
check "closed standard input" 2 $?

# --statistics: count, rule id, severity; by count, then id; the exit code is unchanged.
"$BIN" --statistics "$BAD" >"$T/stats.out" 2>&1
check "--statistics with findings" 1 $?
printf '1 missing-trailing-dot warning\n1 mx-target-cname error\n' >"$T/stats.want"
awk '{print $1, $2, $3}' "$T/stats.out" >"$T/stats.got"
if diff -u "$T/stats.want" "$T/stats.got"; then ok "--statistics table"; else bad "--statistics table"; fi
[ -s "$T/stats.got" ] || bad "--statistics printed nothing"
grep -q ' | ' "$T/stats.out" && bad "--statistics still prints excerpts"
"$BIN" --statistics --exit-zero "$BAD" >/dev/null 2>&1
check "--statistics --exit-zero" 0 $?
out=$("$BIN" --statistics "$CLEAN")
check "--statistics clean" 0 $?
[ -z "$out" ] || bad "--statistics on a clean zone prints nothing"
"$BIN" --statistics --format json "$BAD" | python3 -c 'import json,sys; json.load(sys.stdin)' ||
  bad "--statistics leaves JSON alone"
"$BIN" --statistics - <"$BAD" | grep -q 'mx-target-cname' || bad "--statistics on stdin"

# Colour: --color always|never, then NO_COLOR, then FORCE_COLOR, then the terminal.
esc=$'\033['
colored() { grep -qF "$esc" "$1"; }
"$BIN" "$BAD" >"$T/c0" 2>&1; colored "$T/c0" && bad "no colour in a pipe by default"
FORCE_COLOR=1 "$BIN" "$BAD" >"$T/c1" 2>&1; colored "$T/c1" || bad "FORCE_COLOR colours a pipe"
FORCE_COLOR= "$BIN" "$BAD" >"$T/c2" 2>&1; colored "$T/c2" && bad "empty FORCE_COLOR is ignored"
FORCE_COLOR=1 NO_COLOR=1 "$BIN" "$BAD" >"$T/c3" 2>&1; colored "$T/c3" && bad "NO_COLOR wins over FORCE_COLOR"
FORCE_COLOR=1 "$BIN" --color never "$BAD" >"$T/c4" 2>&1; colored "$T/c4" && bad "--color never wins over FORCE_COLOR"
NO_COLOR=1 "$BIN" --color always "$BAD" >"$T/c5" 2>&1; colored "$T/c5" || bad "--color always wins over NO_COLOR"
FORCE_COLOR=1 "$BIN" --format json "$BAD" >"$T/c6" 2>&1; colored "$T/c6" && bad "FORCE_COLOR leaves JSON alone"
ok "colour precedence"

exit $fails
