#!/usr/bin/env bash
# --output under failure: a full disk (simulated with RLIMIT_FSIZE, so write() fails with EFBIG
# part-way through, as on ENOSPC), a missing directory, a directory as target. Each is exit 2
# with a message naming the file, leaves no partial or temporary file, and keeps an earlier
# output intact. The success case writes the whole report.
set -uo pipefail
BIN=${1:?usage: hostile_output.sh path/to/zonelint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/cli/lib/hostile.bash

# A zone with 300 bad lines: a JSON report of well over the 1 KiB write limit below.
{
  printf '%s\n' '$ORIGIN example.com.' '$TTL 3600' '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300' '@ IN NS ns1'
  for i in $(seq 1 300); do echo "bad$i IN MX 70000 mail"; done
} >"$tmp/many.zone"
mkdir "$tmp/outdir"

# Exactly the files we expect in outdir, nothing else (no temporary left behind).
only_files() {
  local want=$1 have
  have=$(cd "$tmp/outdir" && ls -A | tr '\n' ' ')
  [ "$have" = "$want" ] || bad "$2: files in the output directory: '$have' (expected '$want')"
}

# 1. Full disk: writes past 1 KiB fail (SIGXFSZ ignored, so write() returns EFBIG).
(trap '' XFSZ; ulimit -f 1; exec timeout 60 "$BIN" --format json --output "$tmp/outdir/report.json" "$tmp/many.zone") \
  >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "full disk" 2
[ -e "$tmp/outdir/report.json" ] && bad "full disk: a partial report.json was left behind"
only_files "" "full disk"
grep -q "report.json" "$tmp/err" && ok "full disk: the message names the file" || bad "full disk: stderr does not name the file: $(head -c 300 "$tmp/err")"

# 2. The same with an earlier report in place: it stays as it was.
echo '{"earlier": true}' >"$tmp/outdir/report.json"
(trap '' XFSZ; ulimit -f 1; exec timeout 60 "$BIN" --format json --output "$tmp/outdir/report.json" "$tmp/many.zone") \
  >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "full disk over an earlier report" 2
[ "$(cat "$tmp/outdir/report.json")" = '{"earlier": true}' ] && ok "earlier report intact" || bad "earlier report was changed"
only_files "report.json " "full disk over an earlier report"
rm -f "$tmp/outdir/report.json"

# 3. A directory that does not exist.
zl --format json --output "$tmp/no/such/dir/report.json" "$tmp/many.zone"
expect_rc "missing output directory" 2
grep -q "report.json" "$tmp/err" || bad "missing output directory: stderr does not name the file"

# 4. A directory as the output file.
zl --format json --output "$tmp/outdir" "$tmp/many.zone"
expect_rc "output is a directory" 2
only_files "" "output is a directory"

# 5. Success: the whole report, valid JSON, and nothing else in the directory.
zl --format sarif --output "$tmp/outdir/report.sarif" "$tmp/many.zone"
expect_rc "normal --output" 1
json_ok "$tmp/outdir/report.sarif" && ok "normal --output: valid SARIF JSON" || bad "normal --output: invalid JSON"
[ -s "$tmp/out" ] && bad "normal --output: the report also went to stdout"
only_files "report.sarif " "normal --output"

[ $fail = 0 ] && echo "hostile_output: all passed"
exit $fail
