#!/usr/bin/env bash
# --parse-only runs no check, but still reports how a zone file was read: the TTL findings
# (ttl-missing, ttl-inherited, include-ttl-leak) come from rules over facts the parser records,
# and --parse-only shows them exactly as a full run does.
set -u
BIN=${1:?usage: parse_only.sh path/to/zonelint}
fails=0
fail() { echo "FAIL: $*"; fails=1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
F=fixtures/rules
TTL_RULES=ttl-missing,ttl-inherited,include-ttl-leak

# check RULE ROOT FILE: the rule's finding in FILE, with and without --parse-only.
check() {
  local rule=$1 root=$2 file=$3
  "$BIN" --parse-only --include-root "$root" --format json "$file" >"$T/parse" 2>"$T/err"
  local rc=$?
  [ "$rc" -eq 1 ] || fail "$rule: --parse-only exits $rc, expected 1 (a warning): $(cat "$T/err")"
  grep -q "\"rule\": \"$rule\"" "$T/parse" || fail "$rule: --parse-only does not report it"
  "$BIN" --select "$TTL_RULES" --include-root "$root" --format json "$file" >"$T/full" 2>/dev/null
  # The findings (not the SARIF-like driver data or the summary) are the same in both runs.
  sed -n '/"diagnostics"/,/"summary"/p' "$T/parse" >"$T/parse.d"
  sed -n '/"diagnostics"/,/"summary"/p' "$T/full" >"$T/full.d"
  cmp -s "$T/parse.d" "$T/full.d" || {
    fail "$rule: --parse-only and a full run differ"
    diff "$T/parse.d" "$T/full.d" | head -20
  }
  [ -s "$T/parse.d" ] || fail "$rule: no diagnostics section"
}

check ttl-missing "$F/ttl-missing" "$F/ttl-missing/no-ttl.zone"
check ttl-inherited "$F/ttl-inherited" "$F/ttl-inherited/inherited.zone"
check include-ttl-leak "$F/include-ttl-leak" "$F/include-ttl-leak/leak.zone"

# A clean zone: nothing to report, exit 0.
"$BIN" --parse-only "$F/ttl-missing/clean.zone" >/dev/null 2>&1 || fail "clean zone: exit $?"

[ $fails = 0 ] && echo "parse_only: all passed"
exit $fails
