#!/usr/bin/env bash
# A directory walk does not enter a directory that the config's `exclude` leaves out (a huge
# node_modules/ or vendored tree costs nothing), and reads exactly the files it read when it
# filtered them one by one (the exclude forms, a file-level exclude, files named explicitly).
# As in git, a config inside an excluded directory (a vendored repository's) brings nothing back.
set -u  # no pipefail: zonelint exits 1 on findings
# shellcheck source=lib/check.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/check.bash" "$@"
zone() {  # path origin
  mkdir -p "$(dirname "$1")"
  printf '%s\n' "\$ORIGIN $2." '@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300' \
    '@ 3600 NS ns1.example.net.' 'www 3600 CNAME web.example.net' >"$1"  # one finding a file
}
cd "$T" || exit 2
zone zones/a.example.zone a.example
zone zones/b.example.zone b.example
zone node_modules/pkg/c.example.zone c.example
zone node_modules/pkg/deep/d.example.zone d.example
zone vendor/e.example.zone e.example
zone vendor/keep/f.example.zone f.example
printf 'exclude: []\n' >vendor/keep/.zonelint.yaml  # inside an excluded directory: no effect
# The files with findings, sorted (each zone has one).
files() {  # args...
  "$BIN" --format json "$@" 2>/dev/null | jq -r '[.diagnostics[].file] | unique | .[]'
}

printf 'exclude: [node_modules/, "vendor/**"]\n' >.zonelint.yaml
check "the excluded directories' files are not read" \
  "zones/a.example.zone
zones/b.example.zone" "$(files . | sed 's|^\./||')"
for form in node_modules 'node_modules/' './node_modules/**' 'node_modules/**' '/node_modules'; do
  printf 'exclude: ["%s"]\n' "$form" >.zonelint.yaml
  check "exclude '$form' leaves out node_modules/" "0" "$(files . | grep -c node_modules)"
done
printf 'exclude: ["*.example.zone"]\n' >.zonelint.yaml  # a file pattern: the walk goes on
check "a file pattern excludes files, not the walk" "vendor/keep/f.example.zone" \
  "$(files . | sed 's|^\./||')"
printf 'exclude: [pkg]\n' >.zonelint.yaml  # a name at any depth
check "a bare name excludes that directory at any depth" "0" "$(files . | grep -c /pkg/)"
check "a file named explicitly under an excluded directory stays excluded (exclude wins)" "" \
  "$(files node_modules/pkg/c.example.zone)"
printf 'exclude: [vendor]\n' >.zonelint.yaml
check "a file named explicitly elsewhere is read" "zones/a.example.zone" "$(files zones/a.example.zone)"

# The walk does not even open the excluded directory (seen with strace, where it can run).
printf 'exclude: [node_modules/]\n' >.zonelint.yaml
if strace -f -qq -e trace=openat,open,stat,newfstatat -o "$T/trace" true >/dev/null 2>&1; then
  strace -f -qq -e trace=openat,open,stat,newfstatat -o "$T/trace" "$BIN" . >/dev/null 2>&1
  check "node_modules/ itself is looked at" "yes" \
    "$(grep -q '"\./node_modules"' "$T/trace" && echo yes || echo no)"
  check "nothing under node_modules/ is opened or looked at" "0" \
    "$(grep -c 'node_modules/' "$T/trace")"
  check "the other directories are walked" "yes" \
    "$(grep -q 'zones/b.example.zone' "$T/trace" && echo yes || echo no)"
else
  echo "skip: strace cannot trace here"
fi
exit $fails
