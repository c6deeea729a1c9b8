#!/usr/bin/env bash
# --jobs and --shard (README "Parallel and sharded runs"):
# - --jobs 1 and --jobs 4 write the same bytes, in json and human, with the same exit code,
#   on the whole of fixtures/ and of the test corpus (zone files with $INCLUDE, octoDNS
#   manager configs and split zones, DNSControl, Route 53, Terraform, unreadable files);
# - the findings of --shard 1/3, 2/3 and 3/3 together are exactly those of the unsharded run,
#   each in one shard only, on zones of several organisations (the real-world corpus, copied);
# - a zone goes to the shard of the FNV-1a hash of its registrable domain, computed here
#   independently; a shard with no zone says so and exits 0; a bad K/N or N is a usage error.
set -u
BIN=$(realpath "${1:?usage: jobs_shard.sh path/to/zonelint}")
fails=0
fail() { echo "FAIL: $*"; fails=1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
: >"$T/empty.yaml"  # one config for every input: the fixtures' own configs are not the point
NOW=--time=2026-01-01T00:00:00Z  # RRSIG findings name the check time

# --- --jobs: the same bytes -------------------------------------------------------------------
for dir in fixtures tests/corpus; do
  for fmt in json human; do
    "$BIN" $NOW --config "$T/empty.yaml" --color never --format "$fmt" --jobs 1 "$dir" >"$T/j1" 2>"$T/e1"
    rc1=$?
    "$BIN" $NOW --config "$T/empty.yaml" --color never --format "$fmt" --jobs 4 "$dir" >"$T/j4" 2>"$T/e4"
    rc4=$?
    [ "$rc1" = "$rc4" ] || fail "$dir $fmt: exit $rc1 with --jobs 1, $rc4 with --jobs 4"
    [ -s "$T/j1" ] || fail "$dir $fmt: no output"
    cmp -s "$T/j1" "$T/j4" || {
      fail "$dir $fmt: --jobs 1 and --jobs 4 differ"
      diff "$T/j1" "$T/j4" | head -10
    }
    cmp -s "$T/e1" "$T/e4" || fail "$dir $fmt: standard error differs between --jobs 1 and 4"
  done
done
"$BIN" --config "$T/empty.yaml" --format json --jobs 3 fixtures >"$T/fx.json" 2>/dev/null
n=$(grep -c '"rule": ' "$T/fx.json")  # the comparisons above are not of empty reports
[ "$n" -gt 500 ] || fail "fixtures: only $n findings in json, expected hundreds"

# --- --jobs: a tree of many zones --------------------------------------------------------------
# The walk hands files to the loader while its pool parses (load/loader.hpp, FileLoader): many
# zones in nested directories, with findings, octoDNS YAML between them, a zone delegating to
# another of the run, a directory reached through a symbolic link and a file named twice must
# give the same bytes (and exit code and stderr) with 1, 2 and 4 threads, and so must inline
# suppressions (used, and unused: findings of their own).
mkdir -p "$T/many/zones/a" "$T/many/zones/b/deep" "$T/many/elsewhere"
for i in $(seq 1 240); do
  case $((i % 3)) in 0) d="$T/many/zones/a" ;; 1) d="$T/many/zones/b" ;; *) d="$T/many/zones/b/deep" ;; esac
  {
    echo "\$ORIGIN z$i.example."
    echo "\$TTL 300"
    echo "@ SOA ns1.z$i.example. hostmaster.z$i.example. 1 7200 3600 1209600 300"
    echo "@ NS ns1"
    echo "@ NS ns2"
    echo "ns1 A 192.0.2.1"
    echo "ns2 A 192.0.2.2"
    [ $((i % 4)) = 0 ] && echo "@ MX 10 mail.z$i.example"  # no final dot: a finding
    [ $((i % 5)) = 0 ] && echo "www CNAME nowhere"          # a dangling target
    [ "$i" = 7 ] && echo "sub NS ns1.z8.example."           # a delegation into another zone
    # Suppression comments, used and unused: they are collected alongside the rules.
    [ $((i % 10)) = 0 ] && echo "w2 CNAME nowhere2 ; zonelint: disable=cname-target-missing"
    [ $((i % 15)) = 0 ] && echo "x A 192.0.2.9 ; zonelint: disable=mx-target-ip"
  } >"$d/z$i.example.zone"
  if [ $((i % 40)) = 0 ]; then
    printf "'':\n  type: A\n  value: 192.0.2.%d\n" "$i" >"$d/y$i.example.yaml"
  fi
done
cp "$T/many/zones/a/z3.example.zone" "$T/many/elsewhere/z3-copy.example.zone"
ln -s "$T/many/elsewhere" "$T/many/zones/linked"
for fmt in json human; do
  for j in 1 2 4; do
    "$BIN" $NOW --config "$T/empty.yaml" --color never --format "$fmt" --jobs "$j" \
      "$T/many/zones" "$T/many/zones/a/z3.example.zone" >"$T/many.$fmt.$j" 2>"$T/many.$fmt.$j.err"
    echo $? >"$T/many.$fmt.$j.rc"
  done
  for j in 2 4; do
    cmp -s "$T/many.$fmt.1" "$T/many.$fmt.$j" || {
      fail "many zones, $fmt: --jobs 1 and --jobs $j differ"
      diff "$T/many.$fmt.1" "$T/many.$fmt.$j" | head -5
    }
    cmp -s "$T/many.$fmt.1.err" "$T/many.$fmt.$j.err" || fail "many zones, $fmt: stderr differs with --jobs $j"
    cmp -s "$T/many.$fmt.1.rc" "$T/many.$fmt.$j.rc" || fail "many zones, $fmt: exit code differs with --jobs $j"
  done
done
n=$(grep -c '"rule": ' "$T/many.json.1")
[ "$n" -ge 100 ] || fail "many zones: only $n findings, expected over 100"
grep -q '"rule": "missing-trailing-dot"' "$T/many.json.1" || fail "many zones: no missing-trailing-dot"
grep -q '"rule": "unused-suppression"' "$T/many.json.1" || fail "many zones: no unused-suppression"
grep -q 'nowhere2' "$T/many.json.1" && fail "many zones: a suppressed finding was reported"
# 240 zone files, 6 YAML, the copy behind the link; the file named twice counts once.
grep -q '"files": 247,' "$T/many.json.1" || fail "many zones: not 247 files ($(grep '"files"' "$T/many.json.1"))"

# --- --shard: the shards together are the run -------------------------------------------------
mkdir -p "$T/orgs"
cp -r tests/corpus/real-world/. "$T/orgs/"
rm -f "$T/orgs"/*.tsv "$T/orgs"/*.txt
findings() {  # json report -> one line per finding
  python3 -c '
import json, sys
for d in json.load(open(sys.argv[1]))["diagnostics"]:
    print(json.dumps(d, sort_keys=True))' "$1"
}
( cd "$T/orgs" && "$BIN" $NOW --config "$T/empty.yaml" --format json . >"$T/all.json" 2>/dev/null )
findings "$T/all.json" | sort >"$T/all.lines"
: >"$T/union.lines"
nonempty=0
for k in 1 2 3; do
  ( cd "$T/orgs" && "$BIN" $NOW --config "$T/empty.yaml" --format json --shard "$k/3" . >"$T/s$k.json" 2>"$T/s$k.err" )
  rc=$?
  [ "$rc" -le 1 ] || fail "shard $k/3 exits $rc: $(cat "$T/s$k.err")"
  findings "$T/s$k.json" >>"$T/union.lines"
  [ "$(findings "$T/s$k.json" | wc -l)" -gt 0 ] && nonempty=$((nonempty + 1))
done
sort -o "$T/union.lines" "$T/union.lines"
[ "$(wc -l <"$T/all.lines")" -gt 100 ] || fail "the unsharded run has too few findings to test"
[ "$nonempty" -ge 2 ] || fail "only $nonempty of 3 shards have findings: no partition to test"
cmp -s "$T/all.lines" "$T/union.lines" || {
  fail "the findings of the 3 shards are not those of the unsharded run"
  diff "$T/all.lines" "$T/union.lines" | head -5
}

# --- --shard: which shard a zone goes to ---------------------------------------------------------
# FNV-1a 64 of the registrable domain (lower-case, no final dot), mod N, plus 1.
shard_of() {
  python3 -c '
import sys
h = 14695981039346656037
for b in sys.argv[1].encode():
    h = ((h ^ b) * 1099511628211) % 2**64
print(h % int(sys.argv[2]) + 1)' "$1" "$2"
}
mkdir -p "$T/one"
cat >"$T/one/db.www.Example.COM" <<'EOF'
$ORIGIN www.Example.COM.
$TTL 3600
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
@ IN NS ns1
@ IN MX 10 mail.elsewhere.example.
ns1 IN A 192.0.2.1
EOF
want=$(shard_of example.com 5)
for k in 1 2 3 4 5; do
  "$BIN" --config "$T/empty.yaml" --format json --shard "$k/5" "$T/one" >"$T/o.json" 2>"$T/o.err"
  rc=$?
  files=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["files"])' "$T/o.json")
  if [ "$k" = "$want" ]; then
    [ "$files" = 1 ] || fail "shard $k/5 should hold www.example.com (files: $files)"
    [ "$rc" = 1 ] || fail "shard $k/5 (the zone's) exits $rc, expected 1 (its warnings)"
  else
    [ "$files" = 0 ] || fail "shard $k/5 should not hold www.example.com (files: $files)"
    [ "$rc" = 0 ] || fail "empty shard $k/5 exits $rc, expected 0: $(cat "$T/o.err")"
    grep -q "shard $k/5 holds none of the 1 file read" "$T/o.err" ||
      fail "empty shard $k/5 does not say so: $(cat "$T/o.err")"
    grep -q '"rule"' "$T/o.json" && fail "empty shard $k/5 reports findings"
  fi
done

# --- usage errors --------------------------------------------------------------------------------
for bad in 0/3 4/3 3 /3 1/ a/b 1/0 -1/2 "1/2/3" 1/100001; do
  "$BIN" --shard "$bad" "$T/one" >/dev/null 2>"$T/u.err"
  rc=$?
  [ "$rc" = 2 ] || fail "--shard '$bad' exits $rc, expected 2"
  grep -q "invalid --shard" "$T/u.err" || fail "--shard '$bad': $(cat "$T/u.err")"
done
for bad in 0 -1 x; do
  "$BIN" --jobs "$bad" "$T/one" >/dev/null 2>&1
  rc=$?
  [ "$rc" = 2 ] || fail "--jobs '$bad' exits $rc, expected 2"
done

[ "$fails" = 0 ] && echo "jobs and shard: OK"
exit "$fails"
