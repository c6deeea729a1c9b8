#!/usr/bin/env bash
# Standard input over --max-file-bytes (README "Security and limits", "Exit codes"): refused
# with a located parse-error (exit 1), in every input format, and the message says what is
# known of its size. A pipe is read one byte past the limit and no further, so it is "longer
# than" the limit (never "limit + 1 bytes"); standard input redirected from a regular file has
# a size, which is given. It is named "standard input" (with the --stdin-filename name when
# one is given); a file, named or walked, keeps its true size.
set -u
BIN=$(realpath "${1:?usage: stdin_size_limit.sh path/to/zonelint}")
fails=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=1; }
expect() {  # description expected-code got-code file message-regex
  if [ "$2" -ne "$3" ]; then
    bad "$1: exit $3, expected $2"
  elif ! grep -q -- "$5" "$4"; then
    bad "$1: no line matches /$5/ in: $(cat "$4")"
  elif grep -q "101 bytes" "$4"; then
    bad "$1: gives the size where the reader stopped: $(cat "$4")"
  else
    ok "$1"
  fi
}
ZONE=examples/zones/example.com.zone
YAML=fixtures/rules/mx-target-cname/octodns/example.com.yaml
size=$(wc -c <"$ZONE")
[ "$size" -gt 300 ] || bad "$ZONE is too small for this test"

# A pipe over the limit: not its size, which is unknown, but that it is longer.
cat "$ZONE" | "$BIN" --max-file-bytes 100 - >"$T/pipe.out" 2>&1
expect "a pipe over the limit" 1 $? "$T/pipe.out" \
  "^-:1:1: error: standard input is longer than 100 bytes, the limit per file (--max-file-bytes); it is not read \[parse-error\]$"
cat "$ZONE" | "$BIN" --max-file-bytes 100 --stdin-filename zones/x.zone - >"$T/named.out" 2>&1
expect "a named pipe over the limit" 1 $? "$T/named.out" \
  "^zones/x.zone:1:1: error: 'zones/x.zone' (standard input) is longer than 100 bytes, the limit per file"
# The other formats the same way (the check is made before the format is known).
cat "$YAML" | "$BIN" --max-file-bytes 100 --stdin-filename example.com.yaml - >"$T/yaml.out" 2>&1
expect "octoDNS YAML on a pipe over the limit" 1 $? "$T/yaml.out" \
  "'example.com.yaml' (standard input) is longer than 100 bytes"
python3 -c 'print("{\"domains\":[" + ",".join("{\"name\":\"a%d.example\",\"records\":[]}" % i for i in range(20)) + "]}")' |
  "$BIN" --max-file-bytes 100 - >"$T/json.out" 2>&1
expect "JSON on a pipe over the limit" 1 $? "$T/json.out" "standard input is longer than 100 bytes"
# One byte over the limit, exactly: still "longer than".
head -c 101 /dev/zero | tr '\0' ';' | "$BIN" --max-file-bytes 100 - >"$T/edge.out" 2>&1
if [ $? = 1 ] && grep -q "standard input is longer than 100 bytes" "$T/edge.out"; then
  ok "a pipe one byte over the limit"
else
  bad "a pipe one byte over the limit: $(cat "$T/edge.out")"
fi
head -c 100 /dev/zero | tr '\0' ';' | "$BIN" --max-file-bytes 100 --origin example.com - >"$T/at.out" 2>&1
grep -q -- "--max-file-bytes" "$T/at.out" && bad "a pipe at the limit is refused: $(cat "$T/at.out")"

# Redirected from a regular file: its size is known, and given.
"$BIN" --max-file-bytes 100 - <"$ZONE" >"$T/redirect.out" 2>&1
expect "a regular file on standard input" 1 $? "$T/redirect.out" \
  "^-:1:1: error: standard input is $size bytes, over the limit of 100 bytes per file (--max-file-bytes); it is not read \[parse-error\]$"
# ... from where it has been read up to (a shell that consumed part of it first).
{ dd bs=10 count=1 of=/dev/null 2>/dev/null; "$BIN" --max-file-bytes 100 -; } <"$ZONE" >"$T/offset.out" 2>&1
expect "a regular file on standard input, partly read" 1 $? "$T/offset.out" \
  "standard input is $((size - 10)) bytes, over the limit of 100 bytes"

# Files keep their true size, named or walked.
mkdir -p "$T/dir"
cp "$ZONE" "$T/dir/example.com.zone"
"$BIN" --max-file-bytes 100 "$T/dir/example.com.zone" >"$T/file.out" 2>&1
expect "a named file over the limit" 1 $? "$T/file.out" "file is $size bytes, over the limit of 100 bytes"
"$BIN" --max-file-bytes 100 "$T/dir" >"$T/walk.out" 2>&1
expect "a walked file over the limit" 1 $? "$T/walk.out" "file is $size bytes, over the limit of 100 bytes"

# JSON names the file as --stdin-filename says, with the same message.
cat "$ZONE" | "$BIN" --format json --max-file-bytes 100 --stdin-filename named.zone - >"$T/j.json" 2>/dev/null
python3 - "$T/j.json" <<'EOF' || bad "JSON report of a named pipe over the limit"
import json, sys
d = json.load(open(sys.argv[1]))["diagnostics"]
assert len(d) == 1, d
assert d[0]["file"] == "named.zone" and d[0]["rule"] == "parse-error", d[0]
assert d[0]["message"].startswith("'named.zone' (standard input) is longer than 100 bytes"), d[0]
EOF

exit $fails
