#!/usr/bin/env bash
# Issue 14: the human report marks the findings that carry a safe fix (" [*]" after the rule id,
# as ruff does) and says how many there are; the other findings and a run without fixable
# findings are unmarked. The JSON report carries the edits in `fixes` and SARIF in `fixes`
# objects (tests/cli/fix.sh checks those): each fixable finding has them, the others none.
# shellcheck disable=SC2016 # $ORIGIN and `zonelint --fix` are literal text
set -u  # no pipefail: zonelint exits 1 on findings
# shellcheck source=lib/check.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/check.bash" "$@"
cd "$T" || exit 2
# Two fixable findings (a name written with its origin but no final dot, a null MX with
# preference 10) and a finding with no fix (a single name server).
cat >example.com.zone <<'ZONE'
$ORIGIN example.com.
$TTL 3600
@     SOA   ns1 hostmaster 2026120401 7200 3600 1209600 300
@     NS    ns1
ns1   A     192.0.2.1
www   CNAME host.example.com
host  A     192.0.2.2
news  MX    10 .
news  TXT   "v=spf1 -all"
ZONE
out=$("$BIN" example.com.zone 2>/dev/null)
check "the fixable findings end in [*]" \
  "example.com.zone:6:13: [missing-trailing-dot] [*]
example.com.zone:8:13: [mx-null-preference] [*]" \
  "$(grep -E '^[^ ].*:[0-9]+:[0-9]+: ' <<<"$out" | grep -v ': note: ' | grep -F ' [*]' |
    sed -E 's/^([^:]+:[0-9]+:[0-9]+:) .* (\[[a-z0-9-]+\] \[\*\])$/\1 \2/')"
check "findings without a fix are not marked" "0" \
  "$(grep -E '^[^ ].*:[0-9]+:[0-9]+: ' <<<"$out" | grep -v -F ' [*]' | grep -vc -E '\[[a-z0-9-]+\]$')"
grep -q 'single name server.*\[ns-no-redundancy\]$' <<<"$out" || bad "the unfixable finding is missing or marked"
check "the summary says how many are fixable" \
  '[*] 2 fixable with `zonelint --fix` (`--diff` shows the change)' "$(tail -n 1 <<<"$out")"
# -q keeps the marker (one line per finding) and prints no summary.
check "quiet: marker kept" "2" "$("$BIN" -q example.com.zone 2>/dev/null | grep -c -F '] [*]')"
check "quiet: no fixable summary" "0" "$("$BIN" -q example.com.zone 2>/dev/null | grep -c 'fixable with')"
# JSON and SARIF: the fixable findings, and only they, carry fixes.
check "json: fixes on the two fixable findings only" "missing-trailing-dot mx-null-preference" \
  "$("$BIN" --format json example.com.zone | jq -r '[.diagnostics[] | select(.fixes) | .rule] | join(" ")')"
check "sarif: fixes on the two fixable findings only" "missing-trailing-dot mx-null-preference" \
  "$("$BIN" --format sarif example.com.zone | jq -r '[.runs[0].results[] | select(.fixes) | .ruleId] | join(" ")')"
# After --fix nothing fixable is left: no marker, no fixable line.
"$BIN" --fix example.com.zone >fixed.out 2>/dev/null
check "after --fix: no marker" "0" "$(grep -c -F '[*]' fixed.out)"
# A clean zone: no fixable line.
printf '%s\n' '$ORIGIN example.org.' '@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300' \
  '@ 3600 NS ns1' '@ 3600 NS ns2' 'ns1 3600 A 192.0.2.1' 'ns2 3600 A 192.0.2.2' \
  '@ 3600 MX 0 .' '@ 3600 TXT "v=spf1 -all"' '_dmarc 3600 TXT "v=DMARC1; p=reject"' >example.org.zone
check "no fixable finding: no fixable line" "0" "$("$BIN" example.org.zone 2>/dev/null | grep -c 'fixable')"
exit $fails
