#!/usr/bin/env bash
# --shard K/N with inputs that cannot be read (README "Parallel and sharded runs"):
# - each io-error finding is reported by exactly one shard, and only that shard exits 2: a CI
#   matrix of N jobs fails once for one unreadable file, not N times;
# - every other shard names the file on standard error, with the shard that reports it, and
#   exits as the rest of its findings say (0 or 1);
# - the findings of the N shards together are exactly those of the unsharded run (which exits
#   2), for N = 2, 3 and 5;
# - a failure with no file to place it (a closed standard input) still fails every shard.
set -u
BIN=$(realpath "${1:?usage: shard_io_errors.sh path/to/zonelint}")
fails=0
fail() { echo "FAIL: $*"; fails=1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
: >"$T/empty.yaml"
NOW=--time=2026-01-01T00:00:00Z

# Zones of several organisations (so that every shard holds some), and three inputs that
# cannot be read: two broken symbolic links and a directory named on the command line that
# does not exist.
mkdir -p "$T/tree/zones"
for org in example.com example.net example.org shop.example eu.example.com corp.example \
  mail.example wiki.example; do
  cat >"$T/tree/zones/$org.zone" <<EOF
\$ORIGIN $org.
\$TTL 3600
@    SOA  ns1 hostmaster 1 7200 3600 1209600 300
@    NS   ns1
@    NS   ns2.example.net.
ns1  A    192.0.2.1
@    MX   10 mail
www  CNAME nowhere
EOF
done
ln -s missing-1.zone "$T/tree/zones/broken-one.example.zone"
ln -s missing-2.zone "$T/tree/zones/broken-two.example.zone"

findings() {  # json report -> one line per finding
  python3 -c '
import json, sys
for d in json.load(open(sys.argv[1]))["diagnostics"]:
    print(json.dumps(d, sort_keys=True))' "$1"
}
io_files() {  # json report -> the files of its io-error findings, one a line
  python3 -c '
import json, sys
for d in json.load(open(sys.argv[1]))["diagnostics"]:
    if d["rule"] == "io-error":
        print(d["file"])' "$1"
}

run() {  # output-prefix args... (from the tree's directory, paths as a CI job gives them)
  local out=$1
  shift
  (cd "$T/tree" && "$BIN" $NOW --config "$T/empty.yaml" --format json "$@" zones no-such-dir \
    >"$out.json" 2>"$out.err")
  echo $? >"$out.rc"
}

run "$T/all"
[ "$(cat "$T/all.rc")" = 2 ] || fail "unsharded run exits $(cat "$T/all.rc"), expected 2"
findings "$T/all.json" | sort >"$T/all.lines"
[ "$(io_files "$T/all.json" | wc -l)" = 3 ] ||
  fail "unsharded run: expected 3 io-error findings, got: $(io_files "$T/all.json" | tr '\n' ' ')"
[ "$(wc -l <"$T/all.lines")" -gt 20 ] || fail "unsharded run: too few findings to test"

for n in 2 3 5; do
  : >"$T/union.lines"
  : >"$T/io.$n"
  failing=0
  for k in $(seq 1 "$n"); do
    s="$T/s$k-$n"
    run "$s" --shard "$k/$n"
    rc=$(cat "$s.rc")
    findings "$s.json" >>"$T/union.lines"
    io_files "$s.json" >"$s.io"
    cat "$s.io" >>"$T/io.$n"
    if [ -s "$s.io" ]; then
      failing=$((failing + 1))
      [ "$rc" = 2 ] || fail "shard $k/$n reports an io-error but exits $rc"
    else
      [ "$rc" -le 1 ] || fail "shard $k/$n reports no io-error but exits $rc: $(cat "$s.err")"
    fi
  done
  sort -o "$T/union.lines" "$T/union.lines"
  cmp -s "$T/all.lines" "$T/union.lines" || {
    fail "--shard K/$n: the shards' findings together are not the unsharded run's"
    diff "$T/all.lines" "$T/union.lines" | head -5
  }
  [ "$(wc -l <"$T/io.$n")" = 3 ] || fail "--shard K/$n: $(wc -l <"$T/io.$n") io-error findings, expected 3 (one shard each)"
  # At most one failing shard per unreadable input (with 5 shards, at least 2 pass).
  [ "$failing" -le 3 ] || fail "--shard K/$n: $failing shards fail for 3 unreadable inputs"
  # Every shard that does not report an unreadable input names it, with the shard that does.
  for k in $(seq 1 "$n"); do
    s="$T/s$k-$n"
    for j in $(seq 1 "$n"); do
      [ "$j" = "$k" ] && continue
      while read -r f; do
        grep -q "^zonelint: shard $k/$n: .*'[^']*$(basename "$f")'.*; shard $j/$n reports it \[io-error\]$" "$s.err" ||
          fail "shard $k/$n does not say that shard $j/$n reports $f: $(cat "$s.err")"
      done <"$T/s$j-$n.io"
    done
  done
done

# With one shard, the run is the unsharded run: same findings, exit 2.
run "$T/one" --shard 1/1
[ "$(cat "$T/one.rc")" = 2 ] || fail "--shard 1/1 exits $(cat "$T/one.rc"), expected 2"
findings "$T/one.json" | sort | cmp -s - "$T/all.lines" || fail "--shard 1/1 differs from the run"

# No file to place the failure: every shard fails.
for k in 1 2 3; do
  (cd "$T/tree" && "$BIN" --config "$T/empty.yaml" --shard "$k/3" - zones <&- >/dev/null 2>"$T/closed.err")
  rc=$?
  [ "$rc" = 2 ] || fail "closed standard input, shard $k/3: exit $rc, expected 2"
  grep -q "cannot read standard input" "$T/closed.err" || fail "closed stdin, shard $k/3: $(cat "$T/closed.err")"
done

[ "$fails" = 0 ] && echo "shard io errors: OK"
exit "$fails"
