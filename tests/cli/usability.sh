#!/usr/bin/env bash
# Small things users hit (issue 11 item 7): "did you mean" for unknown rule ids (--select,
# --ignore, the config, explain) and unknown options, --config naming why a file cannot be
# read, spaces after the commas of --select, and what --version prints.
set -uo pipefail
BIN=$(realpath "${1:?usage: usability.sh path/to/zonelint}")
ZONE=$(realpath examples/zones/example.net.zone)
fail() { echo "FAIL: $*"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2

run() {  # run ARGS...: sets rc, out, err
  "$BIN" "$@" >out.txt 2>err.txt
  rc=$?
  out=$(cat out.txt)
  err=$(cat err.txt)
}

# Unknown rule ids.
for opt in --select --ignore; do
  run "$opt" mx-taget-cname "$ZONE"
  [ "$rc" = 2 ] || fail "$opt with a misspelt id: exit $rc"
  [[ "$err" == *"unknown rule id 'mx-taget-cname'; did you mean 'mx-target-cname'?"* ]] ||
    fail "$opt: no suggestion: $err"
done
run --select nothing-like-any-rule-at-all "$ZONE"
[ "$rc" = 2 ] || fail "an id far from any: exit $rc"
[[ "$err" == *"did you mean"* ]] && fail "a suggestion for an id far from any rule: $err"
run explain mx-taget-cname
[ "$rc" = 2 ] || fail "explain with a misspelt id: exit $rc"
[[ "$err" == *"did you mean 'mx-target-cname'?"* ]] || fail "explain: no suggestion: $err"
printf 'ignore: [cname-and-other-dat]\n' >cfg.yaml
run --config cfg.yaml "$ZONE"
[ "$rc" = 2 ] || fail "config with a misspelt id: exit $rc"
[[ "$out$err" == *"did you mean 'cname-and-other-data'?"* ]] || fail "config: no suggestion: $out $err"
printf 'rules:\n  mx-no-redundancie: {}\n' >cfg.yaml
run --config cfg.yaml "$ZONE"
[[ "$out$err" == *"did you mean 'mx-no-redundancy'?"* ]] || fail "config rules: no suggestion: $out $err"

# Unknown options.
run --slect mx-target-cname "$ZONE"
[ "$rc" = 2 ] || fail "--slect: exit $rc"
[[ "$err" == *"did you mean '--select'?"* ]] || fail "--slect: no suggestion: $err"
run --fail-onn=error "$ZONE"
[[ "$err" == *"did you mean '--fail-on'?"* ]] || fail "--fail-onn=error: no suggestion: $err"

# --config that cannot be read says why, and exits 2.
run --config missing.yaml "$ZONE"
[ "$rc" = 2 ] || fail "--config missing.yaml: exit $rc"
[[ "$err" == *"missing.yaml: cannot read the config file: No such file or directory"* ]] ||
  fail "--config missing.yaml: $err"
mkdir adir
run --config adir "$ZONE"
[ "$rc" = 2 ] || fail "--config on a directory: exit $rc"
[[ "$err" == *"adir: cannot read the config file: Is a directory"* ]] || fail "--config adir: $err"

# Spaces after the commas.
run --select 'mx-target-cname, cname-and-other-data' "$ZONE"
[ "$rc" = 0 ] || fail "--select 'a, b': exit $rc: $err"
run --ignore ' mx-target-cname ,cname-and-other-data' "$ZONE"
[ "$rc" = 0 ] || fail "--ignore ' a ,b': exit $rc: $err"

# --version: version, commit, libpsl and its data, the provider table's date.
run --version
[ "$rc" = 0 ] || fail "--version: exit $rc"
grep -qE '^zonelint [0-9]+\.[0-9]+\.[0-9]+$' out.txt || fail "--version: no version line: $out"
grep -qE '^commit: ([0-9a-f]{7,40}|unknown)$' out.txt || fail "--version: no commit line: $out"
grep -qE '^libpsl: [0-9]+\.[0-9]+' out.txt || fail "--version: no libpsl version: $out"
grep -qE '^public suffix list: .*[0-9]{4}-[0-9]{2}-[0-9]{2}' out.txt ||
  fail "--version: no Public Suffix List date: $out"
grep -qE '^mail provider table: checked [0-9]{4}-[0-9]{2}-[0-9]{2}$' out.txt ||
  fail "--version: no provider table date: $out"
echo "usability: all passed"
