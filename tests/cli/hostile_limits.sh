#!/usr/bin/env bash
# Every resource limit can be overridden on the command line, and going over it is a located
# parse-error naming the option (exit 1); an invalid value is a usage error (exit 2).
set -uo pipefail
BIN=${1:?usage: hostile_limits.sh path/to/zonelint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/cli/lib/hostile.bash

head='$ORIGIN example.com.
$TTL 300
@ SOA ns1.example.net. hostmaster 1 7200 3600 1209600 300
@ NS ns1.example.net.'
printf '%s\n%s\n' "$head" '$GENERATE 1-20 h$ A 192.0.2.1' >"$tmp/gen.zone"
printf '%s\n%s\n%s\n' "$head" '$GENERATE 1-10 a$ A 192.0.2.1' '$GENERATE 1-10 b$ A 192.0.2.1' >"$tmp/gen2.zone"
printf '%s\n%s\n' "$head" "long IN TXT \"$(printf 'x%.0s' $(seq 1 100))\"" >"$tmp/line.zone"
printf '%s\n%s\n' "$head" '$INCLUDE a.inc' >"$tmp/inc.zone"
printf 'a A 192.0.2.1\n$INCLUDE b.inc\n' >"$tmp/a.inc"
printf 'b A 192.0.2.2\n' >"$tmp/b.inc"
printf '{"ResourceRecordSets": [{"Name": "example.com.", "Type": "NS", "TTL": 300, "ResourceRecords": [{"Value": "ns1.example.net."}]}]}\n' >"$tmp/r53.json"

# limit_hit WHAT LINE NEEDLE ARGS...: exit 1 and a parse-error at LINE whose message has NEEDLE.
limit_hit() {
  local what=$1 line=$2 needle=$3
  shift 3
  zl --format json --include-root "$tmp" "$@"
  expect_rc "$what" 1 || return
  if python3 - "$tmp/out" "$line" "$needle" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
line, needle = int(sys.argv[2]), sys.argv[3]
assert any(d["rule"] == "parse-error" and d["line"] == line and needle in d["message"]
           for d in r["diagnostics"]), r["diagnostics"]
PY
  then ok "$what: located, names $needle"; else bad "$what: no parse-error at line $line naming $needle"; fi
}

limit_hit "--max-generate" 5 --max-generate --max-generate 10 "$tmp/gen.zone"
limit_hit "--max-generate-per-zone" 6 --max-generate-per-zone --max-generate-per-zone 15 "$tmp/gen2.zone"
limit_hit "--max-records" 4 --max-records --max-records 1 "$tmp/gen.zone"
limit_hit "--max-line-bytes" 5 --max-line-bytes --max-line-bytes 50 "$tmp/line.zone"
limit_hit "--max-include-depth" 2 --max-include-depth --max-include-depth 1 "$tmp/inc.zone"
limit_hit "--max-file-bytes (zone)" 1 --max-file-bytes --max-file-bytes 100 "$tmp/gen.zone"
limit_hit "--max-file-bytes (JSON)" 1 --max-file-bytes --max-file-bytes 100 "$tmp/r53.json"

# Raised limits let the same files through.
zl --format json --include-root "$tmp" --max-generate 100 --max-include-depth 4 "$tmp/gen.zone" "$tmp/inc.zone"
python3 - "$tmp/out" <<'PY' && ok "raised limits: no parse-error" || bad "raised limits: parse errors remain"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert not [d for d in r["diagnostics"] if d["rule"] == "parse-error"], r["diagnostics"]
PY

# Nonsense values are usage errors.
for args in "--max-records 0" "--max-generate -5" "--max-file-bytes lots" "--max-file-bytes 4294967295"; do
  # shellcheck disable=SC2086
  zl $args "$tmp/gen.zone"
  expect_rc "$args" 2
done

[ $fail = 0 ] && echo "hostile_limits: all passed"
exit $fail
