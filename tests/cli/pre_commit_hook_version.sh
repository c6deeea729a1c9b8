#!/usr/bin/env bash
# scripts/pre-commit-hook, after building zonelint into its checkout, says which zonelint it
# built in one line ("zonelint hook: built zonelint X.Y.Z"), not the several lines of
# `zonelint --version`. The build itself is stubbed here (a fake cmake that copies the binary
# under test); tests/cli/pre_commit.sh runs the real one.
# shellcheck disable=SC2016 # $ORIGIN and `zonelint --fix` are literal text
set -u
# shellcheck source=lib/check.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/check.bash" "$@"
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$T/bin"
# Every build dependency is installed; `cmake --build` puts the binary under test in place.
printf '#!/bin/sh\nprintf "install ok installed"\n' >"$T/bin/dpkg-query"
cat >"$T/bin/cmake" <<SH
#!/bin/sh
if [ "\$1" = "--build" ]; then cp "$BIN" "\$2/zonelint"; fi
exit 0
SH
chmod +x "$T/bin/dpkg-query" "$T/bin/cmake"
printf '%s\n' '$ORIGIN example.com.' '@ 3600 SOA ns1.example.net. hostmaster 1 7200 3600 1209600 300' \
  '@ 3600 NS ns1.example.net.' '@ 3600 NS ns2.example.net.' '@ 3600 MX 0 .' \
  '@ 3600 TXT "v=spf1 -all"' '_dmarc 3600 TXT "v=DMARC1; p=reject"' >"$T/example.com.zone"
# PATH without zonelint: the hook builds.
out=$(cd "$T" && PATH="$T/bin:/usr/bin:/bin" ZONELINT_HOOK_BUILD_DIR="$T/build" \
  "$REPO/scripts/pre-commit-hook" example.com.zone 2>&1)
rc=$?
echo "$out"
[ $rc -eq 0 ] || bad "the hook exited $rc on a clean zone"
first=$("$BIN" --version | head -n 1)
[ "$(grep -c '^zonelint hook: built ' <<<"$out")" -eq 1 ] || bad "no single 'built' line"
grep -qx "zonelint hook: built $first" <<<"$out" || bad "the 'built' line is not 'built $first'"
grep -qE '^(commit|libpsl|public suffix list|mail provider table):' <<<"$out" &&
  bad "the rest of --version was printed"
# The second run reuses the build and says nothing about it.
out=$(cd "$T" && PATH="$T/bin:/usr/bin:/bin" ZONELINT_HOOK_BUILD_DIR="$T/build" \
  "$REPO/scripts/pre-commit-hook" example.com.zone 2>&1)
grep -q 'built' <<<"$out" && bad "the second run built again"
[ $fails -eq 0 ] && echo "ok: one line, the version"
exit $fails
