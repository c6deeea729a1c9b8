#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` on the build tree of the binary under test gives
# zonelint_<version>_<arch>.deb with the binary (stripped), the manual pages, the completions,
# the JSON schema, the README, the examples, copyright and changelog; Depends: from
# dpkg-shlibdeps; lintian reports no error (and no warning, except on a sanitizer build); `dpkg -i` into a scratch root works,
# the installed zonelint runs and lints the installed examples, the installed zonelint-rules(7)
# has every rule and renders without warnings; `dpkg -r` removes every file.
# A missing lintian is a failure (scripts/setup installs it), not a skip.
set -uo pipefail
BIN=$(realpath "${1:?usage: package.sh path/to/zonelint}")
BUILD=$(dirname "$BIN")

fail() { echo "FAIL: $*"; exit 1; }
for c in cpack dpkg-deb dpkg lintian man; do
  command -v $c >/dev/null || fail "$c is not installed (run scripts/setup)"
done
[ -f "$BUILD/CPackConfig.cmake" ] || fail "$BUILD has no CPackConfig.cmake"

S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
version=$("$BIN" --version | awk 'NR == 1 {print $2}')  # the first line: zonelint X.Y.Z
arch=$(dpkg --print-architecture)
deb=$S/out/zonelint_${version}_${arch}.deb

# 1. Build the package from the build tree (no rebuild: ctest runs after the build).
cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$S/out" >"$S/cpack.log" 2>&1 ||
  { cat "$S/cpack.log"; fail "cpack -G DEB failed"; }
[ -f "$deb" ] || { ls "$S/out"; fail "no $deb"; }
echo "== $(basename "$deb")"
dpkg-deb -f "$deb" Package Version Architecture Depends Section Maintainer
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libstdc++6 libyaml-cpp libpsl5; do
  grep -q "$lib" <<<"$depends" || fail "Depends: lacks $lib (dpkg-shlibdeps): $depends"
done
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$S/contents"
for f in /usr/bin/zonelint /usr/share/man/man1/zonelint.1.gz /usr/share/man/man7/zonelint-rules.7.gz \
  /usr/share/bash-completion/completions/zonelint /usr/share/zsh/vendor-completions/_zonelint \
  /usr/share/fish/vendor_completions.d/zonelint.fish \
  /usr/share/zonelint/schema/zonelint-report.schema.json /usr/share/doc/zonelint/README.md \
  /usr/share/doc/zonelint/copyright /usr/share/doc/zonelint/changelog.gz \
  /usr/share/doc/zonelint/examples/zones/example.com.zone; do
  grep -qx "$f" "$S/contents" || fail "the package lacks $f"
done

# 2. lintian: no error, no warning (info and pedantic tags are shown, not fatal).
lintian --tag-display-limit 0 --display-info "$deb" >"$S/lintian.txt" 2>&1
lrc=$?
cat "$S/lintian.txt"
# A sanitizer build is not what ships: there only errors count.
fatal='^[EW]: '
grep -q '^ZONELINT_SANITIZE:BOOL=ON$' "$BUILD/CMakeCache.txt" && fatal='^E: '
grep -qE "$fatal" "$S/lintian.txt" && fail "lintian reports errors or warnings"
[ $lrc -eq 0 ] || fail "lintian exited $lrc"
echo "lintian: nothing matching $fatal"

# 3. Install into a scratch root with dpkg (its own database; the libraries come from this
#    machine, hence --force-depends), run it, remove it.
R=$S/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/var/log"
: >"$R/var/lib/dpkg/status"
dpkg --root="$R" --log=/dev/null --force-depends --force-not-root -i "$deb" >"$S/dpkg.log" 2>&1 ||
  { cat "$S/dpkg.log"; fail "dpkg -i failed"; }
dpkg --root="$R" -s zonelint | grep -q '^Status: install ok installed' || fail "dpkg does not list zonelint as installed"
Z=$R/usr/bin/zonelint
file "$Z" 2>/dev/null | grep -q 'not stripped' && fail "the installed binary is not stripped"
[ "$("$Z" --version | head -n 1)" = "zonelint $version" ] || fail "installed --version: $("$Z" --version)"
out=$(cd "$R/usr/share/doc/zonelint" && "$Z" --format json examples/ 2>&1)
rc=$?
[ $rc -eq 1 ] || fail "linting the installed examples exited $rc (expected 1: they have findings)"
jq -e '[.diagnostics[].rule] | index("mx-target-cname") != null' <<<"$out" >/dev/null ||
  fail "the installed examples gave no mx-target-cname: $out"
jq -e '.version == 1' <<<"$out" >/dev/null || fail "JSON report version"
jq -e . "$R/usr/share/zonelint/schema/zonelint-report.schema.json" >/dev/null || fail "installed schema is not JSON"
# The copyright file carries LICENSE's text (Debian's format: one leading blank, "." for blank lines).
license=$(sed -n '/^Permission/,$p' LICENSE | sed 's/^/ /; s/^ $/ ./')
[ "$(tail -n "$(wc -l <<<"$license")" "$R/usr/share/doc/zonelint/copyright")" = "$license" ] ||
  fail "the copyright file does not end with LICENSE's text"
grep -q '^License: Expat$' "$R/usr/share/doc/zonelint/copyright" || fail "copyright: no License: Expat"

# The manual pages: every rule of `zonelint rules` is a section of zonelint-rules(7), and both
# pages render without groff warnings.
rules7=$(zcat "$R/usr/share/man/man7/zonelint-rules.7.gz")
for id in $("$Z" rules | awk '{print $1}'); do
  grep -qxF ".SS ${id//-/\\-}" <<<"$rules7" || fail "zonelint-rules(7) lacks $id"
done
for page in man1/zonelint.1.gz man7/zonelint-rules.7.gz; do
  warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$R/usr/share/man/$page" 2>&1 >/dev/null)
  [ -z "$warn" ] || fail "$page: $warn"
done
LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$R/usr/share/man/man7/zonelint-rules.7.gz" 2>/dev/null >"$S/rules7.txt"
grep -q "MX exchange is an alias (CNAME or below a DNAME)" "$S/rules7.txt" || fail "zonelint-rules(7) lacks the mx-target-cname summary"
grep -q "RFC 2181 §10.3" "$S/rules7.txt" || fail "zonelint-rules(7) lost its references or their § signs"

dpkg --root="$R" --log=/dev/null --force-not-root -r zonelint >"$S/dpkg.log" 2>&1 ||
  { cat "$S/dpkg.log"; fail "dpkg -r failed"; }
left=$(find "$R/usr" -type f 2>/dev/null)
[ -z "$left" ] || fail "files left after dpkg -r: $left"
echo "package: all passed"
