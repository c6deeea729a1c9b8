#!/usr/bin/env bash
# $INCLUDE on the real binary: `..` escapes, absolute paths and symlinks that leave the include
# root are refused at the directive, cycles and depth are caught, and the text of a refused
# file never appears in any output format. Positive controls: includes that stay inside the
# root (through a subdirectory, a harmless `..`, or a symlink inside the root) still load.
set -uo pipefail
BIN=${1:?usage: hostile_include.sh path/to/zonelint}
case "$BIN" in /*) ;; *) BIN=$PWD/$BIN ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/cli/lib/hostile.bash

# A private copy, so that symlinks can be added and the default root (the working directory)
# can be tried.
cp -r fixtures/hostile/include "$tmp/inc"
root="$tmp/inc/root"
ln -s ../outside/secret.zone "$root/link-out.inc"          # file symlink leaving the root
ln -s ../outside "$root/dir-out"                            # directory symlink leaving the root
ln -s top.inc "$root/link-in.inc"                           # symlink inside the root: fine
printf '%s\n' '$ORIGIN example.com.' '@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300' \
  '@ 3600 IN NS ns1' '$INCLUDE link-out.inc' 'after 3600 IN A 192.0.2.2' >"$root/escape-symlink.zone"
printf '%s\n' '$ORIGIN example.com.' '@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300' \
  '@ 3600 IN NS ns1' '$INCLUDE dir-out/secret.zone' 'after 3600 IN A 192.0.2.2' >"$root/escape-dir-symlink.zone"
printf '%s\n' '$ORIGIN example.com.' '@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300' \
  '@ 3600 IN NS ns1' 'ns1 3600 IN A 192.0.2.1' '$INCLUDE link-in.inc' >"$root/symlink-inside.zone"
# A chain of 40 includes: deeper than the default cap.
{
  printf '%s\n' '$ORIGIN example.com.' '@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 300' '@ 3600 IN NS ns1'
  echo '$INCLUDE deep/d1.inc'
} >"$root/deep.zone"
mkdir -p "$root/deep"
for i in $(seq 1 40); do
  printf 'h%d 3600 IN A 192.0.2.1\n$INCLUDE d%d.inc\n' "$i" $((i + 1)) >"$root/deep/d$i.inc"
done

# refused CASE LINE: the directive at LINE is refused with a located diagnostic, the records
# after it still load, and no format shows the refused file's content.
refused() {
  local zone=$1 line=$2 fmt
  zl --include-root "$root" --format json "$root/$zone"
  expect_rc "$zone" 1 || return
  if python3 - "$tmp/out" "$line" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
line = int(sys.argv[2])
hits = [d for d in r["diagnostics"] if d["rule"] == "parse-error" and d["line"] == line]
assert hits, r["diagnostics"]
PY
  then ok "$zone: refused at line $line"; else bad "$zone: no parse-error at line $line"; fi
  for fmt in human json sarif github gitlab; do
    zl --include-root "$root" --format "$fmt" "$root/$zone"
    if grep -q -e CANARY-7f3a9c -e 'root:x:0:0' "$tmp/out" "$tmp/err"; then
      bad "$zone: the refused file's content appears in --format $fmt output"
    fi
  done
}

refused escape-dotdot.zone 6
refused escape-deep-dotdot.zone 6
refused escape-absolute.zone 6
refused escape-symlink.zone 4
refused escape-dir-symlink.zone 4
refused missing.zone 6

# Cycles and depth: one diagnostic, no hang, exit 1.
for zone in cycle-a.zone self.zone deep.zone; do
  zl --include-root "$root" --format json "$root/$zone"
  expect_rc "$zone" 1 || continue
  if python3 - "$tmp/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
msgs = [d["message"] for d in r["diagnostics"] if d["rule"] == "parse-error"]
assert any("cycle" in m or "includes itself" in m or "deep" in m for m in msgs), msgs
PY
  then ok "$zone: cycle or depth reported"; else bad "$zone: no cycle/depth diagnostic"; fi
done

# The default root is the working directory: from inside root/, `..` is an escape.
(cd "$root" && timeout 60 "$BIN" --format json escape-dotdot.zone >"$tmp/out" 2>"$tmp/err")
rc=$?
expect_rc "default root: escape-dotdot.zone" 1
grep -q CANARY-7f3a9c "$tmp/out" "$tmp/err" && bad "default root: secret content in output"

# Positive controls: nothing refused, every record loaded.
for zone in inside.zone symlink-inside.zone; do
  zl --include-root "$root" --format json "$root/$zone"
  if python3 - "$tmp/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
pe = [d for d in r["diagnostics"] if d["rule"] == "parse-error"]
assert not pe, pe
PY
  then ok "$zone: loads without parse errors"; else bad "$zone: parse errors on an include inside the root"; fi
done

[ $fail = 0 ] && echo "hostile_include: all passed"
exit $fail
