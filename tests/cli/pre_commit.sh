#!/usr/bin/env bash
# The pre-commit hook, run by Debian's pre-commit (3.0.4) from this repository with
# `pre-commit try-repo`, in a scratch git repository, with the built binary on PATH: a staged
# zone whose MX points at a CNAME is blocked with its finding shown; the fixed zone passes.
# A missing pre-commit is a failure (scripts/setup installs it), not a skip.
set -uo pipefail
BIN=$(realpath "${1:?usage: pre_commit.sh path/to/zonelint}")
REPO=$PWD
fail() { echo "FAIL: $*"; exit 1; }
command -v pre-commit >/dev/null || fail "pre-commit is not installed (run scripts/setup)"
command -v git >/dev/null || fail "git is not installed"
git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1 || fail "$REPO is not a git repository"

S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
export PRE_COMMIT_HOME="$S/cache" HOME="$S/home"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
mkdir -p "$S/bin" "$S/home" "$S/target"
ln -s "$BIN" "$S/bin/zonelint"
export PATH="$S/bin:$PATH"

pre-commit validate-manifest "$REPO/.pre-commit-hooks.yaml" || fail "manifest rejected by pre-commit $(pre-commit --version)"
manifest=$(grep -vE '^\s*#' "$REPO/.pre-commit-hooks.yaml")
grep -qE '^\s*stages:' <<<"$manifest" && fail "manifest has stages: (pre-commit < 3.2 rejects it)"
grep -qE 'language:\s*unsupported' <<<"$manifest" && fail "manifest uses language: unsupported"

cd "$S/target"
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

out=$(pre-commit try-repo "$REPO" zonelint 2>&1)
rc=$?
echo "$out"
[ $rc -ne 0 ] || fail "the hook passed a zone whose MX points at a CNAME"
grep -q "example.com.zone:6:.*\[mx-target-cname\]" <<<"$out" || fail "the finding is not in the hook output"
grep -q "zonelint.*Failed" <<<"$out" || fail "pre-commit did not report the hook as failed"

sed -i 's/MX  10 mail/MX  10 mx1/' example.com.zone
git add -A
out=$(pre-commit try-repo "$REPO" zonelint 2>&1)
rc=$?
echo "$out"
[ $rc -eq 0 ] || fail "the hook blocked the fixed zone"
grep -q "zonelint.*Passed" <<<"$out" || fail "pre-commit did not report the hook as passed"
echo "pre_commit: all passed"
