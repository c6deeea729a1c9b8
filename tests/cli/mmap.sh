#!/usr/bin/env bash
# Large files are read in place (memory-mapped, core/file_mapping.hpp; ZONELINT_MMAP=1 here);
# with ZONELINT_MMAP=0 they are read into memory as small files are. Either way the output is
# the same byte for byte: the JSON and human reports (source lines and carets come from the
# mapping), --diff, the files --fix writes (a new file renamed over the old one: the mapping
# keeps the old one), a file of exactly a page multiple with no final newline, and standard
# input (never mapped).
set -uo pipefail
BIN=$(realpath "${1:?usage: mmap.sh path/to/zonelint}")
fail() { echo "FAIL: $*"; fails=1; }
fails=0
S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
cd "$S" || exit 2
T=(--time 2026-01-01T00:00:00Z)

# A zone of at least 2 MiB (files of 1 MiB and more are mapped) with findings at both ends and
# fixable mistakes: the origin written twice, a record pasted twice.
{
  printf '$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n'
  printf '@ NS ns1\nns1 A 192.0.2.1\nwww CNAME host.example.com ; origin written twice\n'
  printf 'host A 192.0.2.2\nhost A 192.0.2.2 ; pasted twice\n'
  awk 'BEGIN { for (i = 0; i < 120000; i++) printf "h%d A 192.0.2.%d\n", i, i % 250 }'
  printf 'mail MX 10 mx.example.com ; origin written twice\nlast TXT "v=spf1 +all"\n'
} >example.com.zone
[ "$(stat -c %s example.com.zone)" -ge 2097152 ] || fail "the test zone is too small to be mapped"

# run NAME ARGS...: stdout, stderr and exit code with mapping (NAME.a) and without (NAME.b).
run() {
  local name=$1
  shift
  ZONELINT_MMAP=1 "$BIN" "$@" >"$name.a.out" 2>"$name.a.err"
  echo $? >"$name.a.rc"
  ZONELINT_MMAP=0 "$BIN" "$@" >"$name.b.out" 2>"$name.b.err"
  echo $? >"$name.b.rc"
  for k in out err rc; do
    cmp -s "$name.a.$k" "$name.b.$k" || fail "$name: $k differs with ZONELINT_MMAP=1"
  done
  [ -s "$name.a.out" ] || fail "$name: no output"
}

run json --format json "${T[@]}" example.com.zone
grep -q '"rule": "spf-permissive-all"' json.a.out || fail "json: the last line's finding is missing"
run human --format human "${T[@]}" example.com.zone
grep -q 'last TXT "v=spf1 +all"' human.a.out || fail "human: the last line is not shown"
run diff --diff "${T[@]}" example.com.zone
grep -q "^+www CNAME host.example.com. ; origin written twice" diff.a.out || fail "diff: the fix is missing"
run jobs --jobs 2 --format json "${T[@]}" example.com.zone

# --fix: the same file written either way; zonelint then reads the new file.
mkdir a b
cp example.com.zone a/ && cp example.com.zone b/
ZONELINT_MMAP=1 "$BIN" --fix "${T[@]}" a/example.com.zone >/dev/null 2>&1
ZONELINT_MMAP=0 "$BIN" --fix "${T[@]}" b/example.com.zone >/dev/null 2>&1
cmp -s a/example.com.zone b/example.com.zone || fail "--fix: the fixed files differ"
cmp -s a/example.com.zone example.com.zone && fail "--fix: nothing was fixed"
grep -q "^www CNAME host.example.com. ; origin written twice" a/example.com.zone || fail "--fix: www not fixed"
ZONELINT_MMAP=1 "$BIN" --diff "${T[@]}" a/example.com.zone >fixed.diff 2>/dev/null
[ -s fixed.diff ] && fail "--fix: a second run still has fixes: $(head -5 fixed.diff)"

# Exactly 1 MiB (256 pages), no final newline: the last record is read, nothing past the end.
{
  printf '$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n'
  printf '@ NS ns1\nns1 A 192.0.2.1\n'
  awk 'BEGIN { for (i = 0; i < 40000; i++) printf "h%d A 192.0.2.%d\n", i, i % 250 }'
} >page.zone
last='last TXT "v=spf1 +all"'
pad=$((1048576 - $(stat -c %s page.zone) - ${#last} - 3))
{
  printf '; %*s\n' "$pad" '' | tr ' ' p
  printf '%s' "$last"
} >>page.zone
[ "$(stat -c %s page.zone)" -eq 1048576 ] || fail "page.zone is $(stat -c %s page.zone) bytes"
run page --format human "${T[@]}" page.zone
grep -q 'page.zone:.*spf-permissive-all' page.a.out || fail "page: the last record's finding is missing"

# Standard input is read, never mapped: the same report as the file's, under its name.
"$BIN" --format json "${T[@]}" --stdin-filename example.com.zone - <example.com.zone >stdin.out 2>/dev/null
cmp -s stdin.out json.a.out || fail "standard input: the report differs from the file's"

[ $fails = 0 ] && echo "mmap: all passed"
exit $fails
