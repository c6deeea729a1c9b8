#!/usr/bin/env bash
# Live mode (--resolve) against a real authoritative server (knotd) on the loopback interface:
# every check finding and passing, SERVFAIL, a server that never answers (bounded by
# --resolve-timeout), an answer truncated over UDP (retried over TCP), and the cache (100 zones
# sharing targets cost one query per distinct name and type). No query leaves 127.0.0.1: every
# run names the test server with --resolver.
set -u
BIN=${1:?usage: live.sh path/to/zonelint}
BIN=$(realpath "$BIN")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/cli/lib/hostile.bash
. tests/cli/lib/knot.bash
start_knot fixtures/live/world
server=127.0.0.1@$KNOT_PORT

# The `; expect: id[, id]` comments of a zone file as sorted "line:id" lines.
expected() {
  awk '{ if (match($0, /; expect: .*/)) { n = split(substr($0, RSTART + 10), ids, /, */);
         for (i = 1; i <= n; i++) print NR ":" ids[i] } }' "$1" | sort
}
# The findings of a JSON report as sorted "line:id" lines.
actual() { jq -r '.diagnostics[] | "\(.line):\(.rule)"' "$1" | sort; }

lint=fixtures/live/lint/example.com.zone

# Offline (the default) the zone is clean: nothing outside the loaded zones is looked up.
zl -f json "$lint"
expect_rc "offline run" 0
[ "$(jq '.diagnostics | length' "$tmp/out")" = 0 ] && ok "offline: no finding" ||
  bad "offline: findings $(actual "$tmp/out" | tr '\n' ' ')"
grep -q 'live:' "$tmp/err" && bad "offline run printed a live summary" || ok "offline: no live summary"

# Live: each check finds what the inline expectations say, and passes elsewhere.
zl -f json --resolve --resolver "$server" "$lint"
expect_rc "live run with findings" 1
if [ "$(expected "$lint")" = "$(actual "$tmp/out")" ]; then
  ok "live: findings as expected"
else
  bad "live: findings differ"
  diff <(expected "$lint") <(actual "$tmp/out")
fi
jq -e '.diagnostics[] | select(.rule == "mx-target-cname") | .message | contains("checked live")' \
  "$tmp/out" >/dev/null && ok "live findings say 'checked live'" || bad "no 'checked live'"
jq -e '.diagnostics[] | select(.rule == "live-check-failed") |
  (.severity == "info" and (.message | contains("SERVFAIL")))' "$tmp/out" >/dev/null &&
  ok "SERVFAIL is an info 'could not check'" || bad "SERVFAIL not reported as could-not-check"
grep -Eq "^zonelint: live: [0-9]+ queries to $server, [0-9]+ cache hits, 2 failed, [0-9.]+ s$" \
  "$tmp/err" && ok "summary line" || { bad "summary line"; cat "$tmp/err"; }
# mx.big.example has 120 addresses: only a retry over TCP gets them, and then there is no
# finding on its line.
big_line=$(grep -n 'mx.big.example' "$lint" | cut -d: -f1)
actual "$tmp/out" | grep -q "^$big_line:" && bad "truncated answer not retried over TCP" ||
  ok "truncated answer retried over TCP"

# SPF: offline, the includes outside the loaded zones count 1 each (no finding); live, the
# include tree is walked through the test server's records, and the count is exact (11).
spf_zone=fixtures/live/lint/spf.example.org.zone
zl -f json "$spf_zone"
[ "$(jq '[.diagnostics[] | select(.rule == "spf-lookup-limit")] | length' "$tmp/out")" = 0 ] &&
  ok "SPF offline: no lookup-limit finding" || bad "SPF offline: lookup-limit finding"
zl -f json --resolve --resolver "$server" "$spf_zone"
if [ "$(expected "$spf_zone")" = "$(actual "$tmp/out")" ]; then
  ok "SPF live: findings as expected"
else
  bad "SPF live: findings differ"
  diff <(expected "$spf_zone") <(actual "$tmp/out")
fi
jq -e '.diagnostics[] | select(.rule == "spf-lookup-limit" and .severity == "error") | .message |
  (contains("needs 11 DNS-querying terms") and contains("checked live"))' "$tmp/out" >/dev/null &&
  ok "SPF live: exact count, checked live" || bad "SPF live: count or wording"

# SPF: an include whose target's DNS fails is an info 'could not check' naming the term and
# the reason, at the include itself or at the root's include that leads to it.
jq -e '[.diagnostics[] | select(.rule == "live-check-failed") | .message] |
  (any(contains("could not check the SPF record of '"'"'_spf.unserved.example.'"'"' for '"'"'include:_spf.unserved.example'"'"' live: SERVFAIL")) and
   any(contains("in the SPF record of '"'"'_spf3.provider.example.'"'"'") and contains("SERVFAIL") and
       contains("counts as 1 lookup")))' "$tmp/out" >/dev/null &&
  ok "SPF live: a failed include is a could-not-check with the term and the reason" ||
  { bad "SPF live: failed include"; jq -r '.diagnostics[].message' "$tmp/out"; }
jq -e '.diagnostics[] | select(.rule == "live-check-failed") | .severity == "info"' "$tmp/out" \
  >/dev/null && ok "SPF live: could-not-check is info" || bad "SPF live: severity"
# A failed include still counts 1: ten lookups in all is the warning at the limit, and the
# lookup's note says why its record is unknown.
jq -e '.diagnostics[] | select(.rule == "spf-lookup-limit" and .severity == "warning") |
  (.message | contains("uses all 10 DNS-querying terms (9 known + 1 not known live")) and
  any(.related[].message; contains("'"'"'_spf.unserved.example.'"'"' could not be checked live (SERVFAIL; counted as 1)"))' \
  "$tmp/out" >/dev/null && ok "SPF live: a failed include counts 1, with a note" ||
  bad "SPF live: failed include in the count"

jq -e '.diagnostics[] | select(.rule == "spf-target-missing") | .message |
  contains("the target '"'"'missing.provider.example.'"'"' does not exist (NXDOMAIN, checked live)")' \
  "$tmp/out" >/dev/null && ok "SPF live: an include target that does not exist" ||
  bad "SPF live: spf-target-missing message"

jq -e '.diagnostics[] | select(.rule == "spf-void-lookups") |
  (.message | contains("makes 3 void lookups") and endswith("(checked live)")) and
  all(.related[].message; endswith("has no A or AAAA records (checked live)"))' "$tmp/out" \
  >/dev/null && ok "SPF live: void lookups from the network" || bad "SPF live: void lookups"

# NS hosts, CNAME/DNAME targets, DMARC report authorisation and MTA-STS policy hosts outside
# the loaded zones: offline nothing, live the inline expectations.
net_zone=fixtures/live/lint/example.net.zone
sts_zone=fixtures/live/lint/_mta-sts.example.org.zone
sts_fail_zone=fixtures/live/lint/_mta-sts.unserved.example.zone
for f in "$net_zone" "$sts_zone" "$sts_fail_zone"; do
  zl -f json "$f"
  expect_rc "offline $f" 0
  [ "$(jq '.diagnostics | length' "$tmp/out")" = 0 ] && ok "offline $f: no finding" ||
    bad "offline $f: findings $(actual "$tmp/out" | tr '\n' ' ')"
  zl -f json --resolve --resolver "$server" "$f"
  if [ "$f" = "$sts_fail_zone" ]; then expect_rc "live $f" 0; else expect_rc "live $f" 1; fi
  if [ "$(expected "$f")" = "$(actual "$tmp/out")" ]; then
    ok "live $f: findings as expected"
  else
    bad "live $f: findings differ"
    diff <(expected "$f") <(actual "$tmp/out")
  fi
  cp "$tmp/out" "$tmp/$(basename "$f").json"
done
net=$tmp/example.net.zone.json
sts=$tmp/_mta-sts.example.org.zone.json
# Every live finding (all but could-not-check) says "checked live".
jq -e '[.diagnostics[] | select(.rule != "live-check-failed") | .message | contains("checked live")]
  | all' "$net" "$sts" >/dev/null && ok "live findings say 'checked live'" ||
  bad "a live finding does not say 'checked live'"
jq -e '[.diagnostics[] | select(.rule == "live-check-failed") | .severity] | all(. == "info")' \
  "$net" >/dev/null && ok "could-not-check findings are info" || bad "could-not-check severity"
msg() { jq -r --arg rule "$2" '.diagnostics[] | select(.rule == $rule) | .message' "$1"; }
msg "$net" ns-glue-missing | grep -q "^NS host 'missing.provider.example.' does not exist (NXDOMAIN, checked live)" &&
  msg "$net" ns-glue-missing | grep -q "^NS host 'noaddr.provider.example.' has no A or AAAA record" &&
  ok "NS hosts: NXDOMAIN and no address" || { bad "NS host messages"; msg "$net" ns-glue-missing; }
msg "$net" cname-target-missing | grep -q "^CNAME target 'gone.provider.example.' does not exist (NXDOMAIN, checked live); the alias 'old.example.net.'" &&
  msg "$net" cname-target-missing | grep -q "^CNAME target 'dangling.provider.example.' is an alias (CNAME to 'gone.provider.example.') and that name does not exist" &&
  msg "$net" cname-target-missing | grep -q "^DNAME target 'gone.provider.example.' does not exist (NXDOMAIN, checked live), nor does any name below it" &&
  ok "CNAME/DNAME targets: NXDOMAIN, through an alias, DNAME" ||
  { bad "CNAME target messages"; msg "$net" cname-target-missing; }
msg "$net" live-check-failed | grep -q "^could not check 'host.unserved.example.' live: SERVFAIL" &&
  msg "$net" live-check-failed | grep -q "^could not check 'ns.unserved.example.' live: SERVFAIL" &&
  msg "$net" live-check-failed | grep -q "^could not check 'c.example.net._report._dmarc.reports.unserved.example.' live: SERVFAIL" &&
  ok "CNAME, NS and DMARC: SERVFAIL is could-not-check" ||
  { bad "could-not-check messages"; msg "$net" live-check-failed; }
# DMARC: the live answer is a note at the address.
notes() { jq -r --arg rule "$2" '.diagnostics[] | select(.rule == $rule) | .related[].message' "$1"; }
notes "$net" dmarc-report-unauthorized | grep -q "^live answer for 'a.example.net._report._dmarc.strict.vendor.example.' TXT: NXDOMAIN (from $server)$" &&
  notes "$net" dmarc-report-unauthorized | grep -qF "live answer for 'b.example.net._report._dmarc.notxt.vendor.example.' TXT: TXT \"not an authorisation\" (from $server)" &&
  ok "DMARC: the answer as a note" || { bad "DMARC notes"; notes "$net" dmarc-report-unauthorized; }
msg "$net" dmarc-report-unauthorized | grep -q "^rua address at 'strict.vendor.example.' is outside 'a.example.net.''s organisational domain and 'a.example.net._report._dmarc.strict.vendor.example.' has no 'v=DMARC1' TXT record (checked live)" &&
  ok "DMARC: message" || { bad "DMARC message"; msg "$net" dmarc-report-unauthorized; }
# MTA-STS: the policy host outside the loaded zones, and through an alias in the zone.
msg "$sts" mta-sts-policy-host-missing | grep -q "^MTA-STS is announced for 'example.org.' but 'mta-sts.example.org.' does not exist (NXDOMAIN, checked live)" &&
  msg "$net" mta-sts-policy-host-missing | grep -q "^MTA-STS is announced for 'a.example.net.' but 'mta-sts.a.example.net.' is an alias to 'noaddr.provider.example.', which has no A or AAAA record (the name exists; checked live)" &&
  ok "MTA-STS: NXDOMAIN outside, no address through an alias" ||
  { bad "MTA-STS messages"; msg "$sts" mta-sts-policy-host-missing; msg "$net" mta-sts-policy-host-missing; }
jq -e '.diagnostics[] | select(.rule == "live-check-failed") | .message |
  startswith("could not check '"'"'mta-sts.unserved.example.'"'"' live: SERVFAIL")' \
  "$tmp/_mta-sts.unserved.example.zone.json" >/dev/null &&
  ok "MTA-STS: SERVFAIL is could-not-check" || bad "MTA-STS: SERVFAIL"
jq -e '.diagnostics[] | select(.rule == "mta-sts-policy-host-missing") | .related[] |
  select(.message == "alias defined here") | .line' "$net" >/dev/null &&
  ok "MTA-STS: a note at the alias" || bad "MTA-STS: no note at the alias"

# The live findings in SARIF pass the same validators as every other report.
. tests/cli/lib/validators.sh
require_validators
zl -f sarif --resolve --resolver "$server" "$lint"
expect_rc "live SARIF" 1
if ajv_validate "$SARIF_SCHEMA" "$tmp/out" >/dev/null 2>&1; then ok "live SARIF: schema"; else
  bad "live SARIF does not validate"; fi

# --resolve=strict: a check that could not be made exits 2, with a message.
zl -f json --resolve=strict --resolver "$server" "$lint"
expect_rc "strict mode with a failed query" 2
grep -q 'could not be answered (--resolve=strict)' "$tmp/err" && ok "strict says why" ||
  bad "strict gave no reason"
zl --resolve=bogus "$lint"
expect_rc "unknown --resolve mode" 2

# A server that never answers: the run ends within the timeout with could-not-check findings.
silent_port=$(free_port)
python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", int(sys.argv[1])))
time.sleep(120)' "$silent_port" &
silent=$!
sleep 0.3
start=$(date +%s)
zl -f json --resolve --resolve-timeout 1 --resolver "127.0.0.1@$silent_port" "$lint"
took=$(($(date +%s) - start))
kill $silent 2>/dev/null
expect_rc "silent server" 0
[ "$took" -le 10 ] && ok "silent server: bounded ($took s)" || bad "silent server took $took s"
n=$(jq '[.diagnostics[] | select(.rule == "live-check-failed" and
  (.message | contains("no answer within 1000 ms")))] | length' "$tmp/out")
[ "$n" = 10 ] && ok "silent server: 10 could-not-check findings (7 MX, 3 SRV targets)" ||
  bad "silent server: $n could-not-check findings (expected 10)"

# 100 zones sharing targets: one query per distinct name and type.
mkdir -p "$tmp/many"
for i in $(seq 1 100); do
  printf '$ORIGIN d%d.example.org.\n$TTL 300\n@ SOA ns hostmaster 1 7200 3600 1209600 300\n@ NS ns\n@ NS ns2\nns A 192.0.2.1\nns2 A 192.0.2.2\n@ MX 10 mx1.provider.example.\n@ MX 20 mx2.provider.example.\n' \
    "$i" >"$tmp/many/d$i.example.org.zone"
done
zl --resolve --resolver "$server" "$tmp/many"
expect_rc "100 zones" 0
grep -q "^zonelint: live: 4 queries to $server" "$tmp/err" &&
  ok "100 zones: 4 queries (2 names x A, AAAA)" || { bad "100 zones: query count"; cat "$tmp/err"; }

stop_knot
exit $fail
