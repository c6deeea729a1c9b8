#!/usr/bin/env bash
# The pre-commit hooks, run by Debian's pre-commit (3.0.4) from this repository in a scratch
# git repository with a clean PRE_COMMIT_HOME:
#  1. `zonelint` (language: script) with zonelint on PATH, through `pre-commit try-repo`: a
#     staged zone whose MX points at a CNAME is blocked with its finding shown; the fixed zone
#     passes. `zonelint-system` (language: system) blocks the same zone.
#  2. A missing build dependency: the hook names the exact apt packages to install.
#  3. `zonelint` with zonelint absent from PATH, through `try-repo`: the hook builds zonelint
#     into its own checkout and the bad zone is blocked.
#  4. The README's snippet, as pasted (its `rev:` is v<project version>; here it points at this
#     checkout's HEAD, the tag's commit in a release): `pre-commit run` builds once, the fixed
#     zone passes, the bad zone is blocked again without a second build.
# The one-time builds use ccache with the compiler and flags of the build under test, so they
# are cheap.
# A missing pre-commit is a failure (scripts/setup installs it), not a skip.
set -uo pipefail
BIN=$(realpath "${1:?usage: pre_commit.sh path/to/zonelint}")
BUILD=$(dirname "$BIN")
REPO=$PWD
fail() { echo "FAIL: $*"; exit 1; }
command -v pre-commit >/dev/null || fail "pre-commit is not installed (run scripts/setup)"
command -v git >/dev/null || fail "git is not installed"
git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1 || fail "$REPO is not a git repository"

S=$(mktemp -d)
# The initial cache's path goes into ZONELINT_HOOK_CMAKE_ARGS, which the hook splits at blanks:
# when $S has a blank (a TMPDIR with spaces), the file goes to a directory of its own in /tmp.
F=$S
if [[ $S == *[[:space:]]* ]]; then F=$(mktemp -d /tmp/zonelint-hook-flags.XXXXXX); fi
trap 'rm -rf "$S" "$F"' EXIT
# Keep ccache's own cache (HOME changes below); a cache hit needs the same flags.
if command -v ccache >/dev/null; then
  export CCACHE_DIR=${CCACHE_DIR:-$(ccache --get-config cache_dir)} CCACHE_NOHASHDIR=1
fi
cache_var() { sed -n "s/^$1:[A-Z]*=//p" "$BUILD/CMakeCache.txt"; }
# The hook's build gets this build's compiler and compile flags through an initial cache
# (cmake -C), since ZONELINT_HOOK_CMAKE_ARGS is split at blanks and flags have blanks (CI builds
# with its own CMAKE_CXX_FLAGS_<TYPE>): ccache serves the build only when they are the same.
build_type=$(cache_var CMAKE_BUILD_TYPE)
cmake_string() { sed 's/[\\"]/\\&/g'; }  # a value inside a CMake "..." string
{
  for var in CMAKE_CXX_COMPILER CMAKE_CXX_FLAGS ${build_type:+CMAKE_CXX_FLAGS_${build_type^^}}; do
    printf 'set(%s "%s" CACHE STRING "")\n' "$var" "$(cache_var "$var" | cmake_string)"
  done
} >"$F/build-flags.cmake"
ZONELINT_HOOK_CMAKE_ARGS="-C $F/build-flags.cmake -DCMAKE_BUILD_TYPE=$build_type -DZONELINT_WERROR=$(cache_var ZONELINT_WERROR) -DZONELINT_SANITIZE=$(cache_var ZONELINT_SANITIZE)"
export ZONELINT_HOOK_CMAKE_ARGS PRE_COMMIT_HOME="$S/cache" HOME="$S/home"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
mkdir -p "$S/bin" "$S/home" "$S/target"
ln -s "$BIN" "$S/bin/zonelint"
NOZL_PATH=$PATH  # this PATH without any zonelint
while command -v zonelint >/dev/null 2>&1; do
  dir=$(dirname "$(command -v zonelint)")
  NOZL_PATH=$(tr ':' '\n' <<<"$NOZL_PATH" | grep -vxF "$dir" | paste -sd:)
  PATH=$NOZL_PATH
done
export PATH="$S/bin:$NOZL_PATH"

pre-commit validate-manifest "$REPO/.pre-commit-hooks.yaml" || fail "manifest rejected by pre-commit $(pre-commit --version)"
manifest=$(grep -vE '^\s*#' "$REPO/.pre-commit-hooks.yaml")
grep -qE '^\s*stages:' <<<"$manifest" && fail "manifest has stages: (pre-commit < 3.2 rejects it)"
grep -qE 'language:\s*unsupported' <<<"$manifest" && fail "manifest uses language: unsupported"

cd "$S/target" || fail "cd"
git init -q .
cat >example.com.zone <<'ZONE'
$ORIGIN example.com.
$TTL 3600
@     IN SOA ns1 hostmaster 2024060101 7200 900 1209600 300
@     IN NS  ns1
@     IN NS  ns2.example.net.
@     IN MX  10 mail
@     IN MX  20 mx2
mail  IN CNAME mx1
mx1   IN A   192.0.2.25
mx2   IN A   192.0.2.26
ns1   IN A   192.0.2.53
ZONE
echo "not a zone" >notes.txt
git add -A
break_zone() { sed -i 's/MX  10 mx1/MX  10 mail/' example.com.zone && git add -A; }
fix_zone() { sed -i 's/MX  10 mail/MX  10 mx1/' example.com.zone && git add -A; }
expect_blocked() {  # what, output, rc
  [ "$3" -ne 0 ] || fail "$1: the hook passed a zone whose MX points at a CNAME"
  grep -q "example.com.zone:6:.*\[mx-target-cname\]" <<<"$2" || fail "$1: the finding is not in the hook output"
  grep -q "zonelint.*Failed" <<<"$2" || fail "$1: pre-commit did not report the hook as failed"
}
expect_passed() {
  [ "$3" -eq 0 ] || fail "$1: the hook blocked the fixed zone"
  grep -q "zonelint.*Passed" <<<"$2" || fail "$1: pre-commit did not report the hook as passed"
}

echo "== 1. zonelint on PATH"
out=$(pre-commit try-repo "$REPO" zonelint 2>&1); rc=$?
echo "$out"
expect_blocked "script hook, zonelint on PATH" "$out" $rc
grep -q "building" <<<"$out" && fail "the hook built zonelint although it is on PATH"
out=$(pre-commit try-repo "$REPO" zonelint-system 2>&1); rc=$?
echo "$out"
expect_blocked "system hook" "$out" $rc
fix_zone
out=$(pre-commit try-repo "$REPO" zonelint 2>&1); rc=$?
echo "$out"
expect_passed "script hook, zonelint on PATH" "$out" $rc
break_zone

export PATH=$NOZL_PATH
command -v zonelint >/dev/null && fail "zonelint is still on PATH: $(command -v zonelint)"

echo "== 2. a missing build dependency"
mkdir -p "$S/fakedpkg"
cat >"$S/fakedpkg/dpkg-query" <<'SH'
#!/bin/sh
# Reports libpsl-dev and libyaml-cpp-dev as not installed, everything else as installed.
for a in "$@"; do p=$a; done
case "$p" in libpsl-dev|libyaml-cpp-dev) exit 1 ;; esac
printf 'install ok installed'
SH
chmod +x "$S/fakedpkg/dpkg-query"
out=$(PATH="$S/fakedpkg:$PATH" ZONELINT_HOOK_BUILD_DIR="$S/never" "$REPO/scripts/pre-commit-hook" example.com.zone 2>&1); rc=$?
echo "$out"
[ $rc -eq 2 ] || fail "missing dependency: exit $rc (expected 2)"
grep -qF "sudo apt-get install libyaml-cpp-dev libpsl-dev" <<<"$out" || fail "the message does not name the packages to install"
[ -e "$S/never/zonelint" ] && fail "the hook built despite a missing dependency"

echo "== 3. zonelint absent from PATH: try-repo builds it"
start=$SECONDS
out=$(pre-commit try-repo "$REPO" zonelint 2>&1); rc=$?
echo "$out"
expect_blocked "script hook, building" "$out" $rc
grep -q "building it once" <<<"$out" || fail "the hook did not say it builds zonelint"
grep -q "built zonelint [0-9]" <<<"$out" || fail "the hook did not report the built version"
echo "build and run: $((SECONDS - start)) s"

echo "== 4. the README's snippet"
version=$(sed -n 's/^project(zonelint VERSION \([0-9.]*\).*/\1/p' "$REPO/CMakeLists.txt")
snippet=$(awk '/^## pre-commit/{p=1} p&&/^```yaml/{c++; if(c==1){s=1; next}} s&&/^```/{exit} s' "$REPO/README.md")
[ -n "$snippet" ] || fail "no yaml snippet in the README's pre-commit section"
echo "$snippet"
grep -qE "^\s+rev: v$version(\s|$)" <<<"$snippet" || fail "the README's snippet does not use rev: v$version"
grep -qE "^\s+-\s+id: zonelint\s*$" <<<"$snippet" || fail "the README's snippet does not use id: zonelint"
head=$(git -C "$REPO" rev-parse HEAD)
git -C "$REPO" diff --quiet HEAD -- .pre-commit-hooks.yaml scripts/pre-commit-hook CMakeLists.txt ||
  echo "note: uncommitted hook changes are not in HEAD, which step 4 uses"
sed -E "s|^(\s*-\s+repo:).*|\1 $REPO|; s|^(\s+rev:) v$version|\1 $head|" <<<"$snippet" >.pre-commit-config.yaml
pre-commit validate-config .pre-commit-config.yaml || fail "the README's snippet is not a valid config"
git add -A
out=$(pre-commit run 2>&1); rc=$?
echo "$out"
expect_blocked "README snippet" "$out" $rc
grep -q "building it once" <<<"$out" || fail "README snippet: the hook did not build"
fix_zone
out=$(pre-commit run 2>&1); rc=$?
echo "$out"
expect_passed "README snippet" "$out" $rc
grep -q "building" <<<"$out" && fail "README snippet: the hook built a second time"
echo "pre_commit: all passed"
