#!/usr/bin/env bash
# ZONELINT_TIMING (README "Contributing"): with it set, the rules phase prints each rule's and
# each memo's wall time to standard error after the run, slowest first; standard output and the
# exit code are those of a run without it, with one thread or several. Unset, "" or "0": no
# table.
source "$(dirname "${BASH_SOURCE[0]}")/lib/check.bash" "$@"

Z=examples/zones
"$BIN" --color never --format json --jobs 1 "$Z" >"$T/plain" 2>"$T/plain.err"
rc_plain=$?
[ -s "$T/plain" ] || bad "no output without ZONELINT_TIMING"

for jobs in 1 2; do
  ZONELINT_TIMING=1 "$BIN" --color never --format json --jobs "$jobs" "$Z" >"$T/timed" 2>"$T/err"
  rc=$?
  check "--jobs $jobs: the exit code is unchanged" "$rc_plain" "$rc"
  if cmp -s "$T/plain" "$T/timed"; then
    ok "--jobs $jobs: standard output is unchanged"
  else
    bad "--jobs $jobs: standard output differs with ZONELINT_TIMING=1"
  fi
  grep -q "^zonelint timing: rules phase [0-9.]* ms wall with $jobs thread" "$T/err" ||
    bad "--jobs $jobs: no timing header: $(head -3 "$T/err")"
  grep -q '^Rule  *| Time (ms) | Relative$' "$T/err" || bad "--jobs $jobs: no table header"
  # A row per rule that ran (rule ids from the registry) and per memo built.
  for id in mx-target-cname missing-trailing-dot spf-permissive-all; do
    grep -Eq "^$id +\| +[0-9]+\.[0-9]{3} \| +[0-9]+\.[0-9]%$" "$T/err" ||
      bad "--jobs $jobs: no row for $id"
  done
  grep -Eq '^memo mx\.sets +\| +[0-9]+\.[0-9]{3} \|' "$T/err" ||
    bad "--jobs $jobs: no row for the memo mx.sets"
  # Every rule `zonelint rules` lists that has a check shows up once at most.
  dup=$(grep -E '^[a-z0-9-]+ +\|' "$T/err" | awk '{print $1}' | sort | uniq -d)
  check "--jobs $jobs: no rule is listed twice" "" "$dup"
  # Slowest first.
  sort_ok=$(grep -E '^[a-z].* \| +[0-9.]+ \|' "$T/err" | awk -F'|' '{print $2 + 0}' |
    awk 'NR > 1 && $1 > prev {bad = 1} {prev = $1} END {print bad ? "no" : "yes"}')
  check "--jobs $jobs: rows are sorted by time" yes "$sort_ok"
done

for off in "" 0; do
  ZONELINT_TIMING=$off "$BIN" --color never --format json --jobs 1 "$Z" >"$T/timed" 2>"$T/err"
  if cmp -s "$T/plain.err" "$T/err"; then
    ok "ZONELINT_TIMING='$off' prints no table"
  else
    bad "ZONELINT_TIMING='$off' changed standard error: $(head -3 "$T/err")"
  fi
done

# --parse-only runs no rule phase: no table.
ZONELINT_TIMING=1 "$BIN" --parse-only --format json "$Z" >/dev/null 2>"$T/err"
if grep -q 'zonelint timing' "$T/err"; then bad "--parse-only printed a timing table"; else
  ok "--parse-only prints no table"
fi
exit $fails
