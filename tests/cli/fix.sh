#!/usr/bin/env bash
# --fix and --diff (src/cli/fixing.cpp, src/report/fix.cpp): on a zone file and an octoDNS
# file with each fixable mistake, comments and odd alignment, the diff is exact, the fixed
# files are exact byte for byte, a second --fix changes nothing, the exit codes follow what
# remains; CRLF line ends and the file mode are kept; a read-only file is an io-error and is
# left intact; standard input cannot be fixed in place but can be diffed; the JSON report
# carries the fixes and stays valid against its schema, the SARIF report carries them as
# `fixes` objects (SARIF 2.1.0 §3.55) and stays valid (ajv and the SARIF Multitool).
set -uo pipefail
BIN=$(realpath "${1:?usage: fix.sh path/to/zonelint}")
SRC=$PWD
. tests/cli/lib/validators.sh
require_validators
fail() { echo "FAIL: $*"; exit 1; }
S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
cd "$S" || exit 2
mkdir octodns

cat >example.com.zone <<'Z'
; example.com: edited by hand
$ORIGIN example.com.
$TTL 3600
@	IN	SOA	ns1 hostmaster ( 2026120401 7200 3600 1209600 300 )
@		NS	ns1
@		NS	ns2.example.net.
ns1		A	192.0.2.1
www	300	CNAME	 host.example.com    ; origin written twice
api		CNAME	api.example.net     ; a public TLD: left to the user
host		A	192.0.2.2
host		A	192.0.2.2	; pasted twice
news		MX	10   .     ; no mail here
news		TXT	"v=spf1 -all"
Z
cat >octodns/example.org.yaml <<'Y'
---
'':
  - type: NS
    values:
      - ns1.example.org.
      - "ns2.example.net"    # quoted, no dot
  - type: MX
    values:
      - exchange:   mx1.example.org   # odd alignment
        preference: 10
      - exchange: mx2                 # one label: no fix
        preference: 20
news:
  - type: MX
    value:
      exchange: .
      preference:  10   # null MX
  - type: TXT
    value: v=spf1 -all
ns1:
  type: A
  value: 192.0.2.53
mx1:
  type: A
  value: 192.0.2.25
Y
cp example.com.zone orig.zone
cp octodns/example.org.yaml orig.yaml
chmod 640 example.com.zone

# --diff: the exact patch, nothing written, exit 1.
"$BIN" --diff example.com.zone octodns/example.org.yaml >diff.txt 2>err.txt
[ $? = 1 ] || fail "--diff with changes should exit 1: $(cat err.txt)"
cat >want.txt <<'D'
--- example.com.zone
+++ example.com.zone
@@ -5,9 +5,8 @@
 @		NS	ns1
 @		NS	ns2.example.net.
 ns1		A	192.0.2.1
-www	300	CNAME	 host.example.com    ; origin written twice
+www	300	CNAME	 host.example.com.    ; origin written twice
 api		CNAME	api.example.net     ; a public TLD: left to the user
 host		A	192.0.2.2
-host		A	192.0.2.2	; pasted twice
-news		MX	10   .     ; no mail here
+news		MX	0   .     ; no mail here
 news		TXT	"v=spf1 -all"
--- octodns/example.org.yaml
+++ octodns/example.org.yaml
@@ -3,10 +3,10 @@
   - type: NS
     values:
       - ns1.example.org.
-      - "ns2.example.net"    # quoted, no dot
+      - "ns2.example.net."    # quoted, no dot
   - type: MX
     values:
-      - exchange:   mx1.example.org   # odd alignment
+      - exchange:   mx1.example.org.   # odd alignment
         preference: 10
       - exchange: mx2                 # one label: no fix
         preference: 20
@@ -14,7 +14,7 @@
   - type: MX
     value:
       exchange: .
-      preference:  10   # null MX
+      preference:  0   # null MX
   - type: TXT
     value: v=spf1 -all
 ns1:
D
diff want.txt diff.txt || fail "--diff output differs (above)"
grep -qx "zonelint: would fix 6 findings in 2 files" err.txt || fail "no --diff summary: $(cat err.txt)"
cmp -s example.com.zone orig.zone && cmp -s octodns/example.org.yaml orig.yaml ||
  fail "--diff wrote a file"
# The patch is what diff(1) makes of the change, and patch(1) applies it.
cp orig.zone p.zone
sed -n '1,15p' diff.txt | sed 's/^\(---\|+++\) example.com.zone/\1 p.zone/' >p.patch
patch -s p.zone <p.patch || fail "patch refused the --diff output"

# The reports carry the fixes: JSON (valid against the schema) and SARIF (valid SARIF).
"$BIN" --format json example.com.zone octodns/example.org.yaml >report.json
jq -c '[.diagnostics[] | select(.fixes) | .fixes[]]' report.json >fixes.txt
cat >want-fixes.txt <<'J'
[{"file":"example.com.zone","byte_offset":203,"byte_length":0,"replacement":"."},{"file":"example.com.zone","byte_offset":312,"byte_length":33,"replacement":""},{"file":"example.com.zone","byte_offset":354,"byte_length":2,"replacement":"0"},{"file":"octodns/example.org.yaml","byte_offset":82,"byte_length":0,"replacement":"."},{"file":"octodns/example.org.yaml","byte_offset":164,"byte_length":0,"replacement":"."},{"file":"octodns/example.org.yaml","byte_offset":354,"byte_length":2,"replacement":"0"}]
J
diff want-fixes.txt fixes.txt || fail "JSON fixes differ (above)"
ajv_validate "$SRC/schema/zonelint-report.schema.json" report.json >/dev/null ||
  fail "the JSON report with fixes does not validate"
"$BIN" --format sarif example.com.zone octodns/example.org.yaml >report.sarif
jq -c '[.runs[0].results[] | select(.fixes) | .fixes[0] | [.description.text,
  (.artifactChanges[0] | .artifactLocation.uri, (.replacements[0] | .deletedRegion.byteOffset,
  .deletedRegion.byteLength, .insertedContent.text))]]' report.sarif >sarif-fixes.txt
cat >want-sarif-fixes.txt <<'J'
[["insert '.'","example.com.zone",203,0,"."],["delete 33 bytes","example.com.zone",312,33,null],["replace '10' with '0'","example.com.zone",354,2,"0"],["insert '.'","octodns/example.org.yaml",82,0,"."],["insert '.'","octodns/example.org.yaml",164,0,"."],["replace '10' with '0'","octodns/example.org.yaml",354,2,"0"]]
J
diff want-sarif-fixes.txt sarif-fixes.txt || fail "SARIF fixes differ (above)"
validate_sarif report.sarif >/dev/null || fail "the SARIF report with fixes is not valid SARIF"

# --fix: exact files, the mode kept, what remains reported, exit by what remains.
"$BIN" --fix example.com.zone octodns/example.org.yaml >out.txt 2>err.txt
status=$?
cat >want.zone <<'Z'
; example.com: edited by hand
$ORIGIN example.com.
$TTL 3600
@	IN	SOA	ns1 hostmaster ( 2026120401 7200 3600 1209600 300 )
@		NS	ns1
@		NS	ns2.example.net.
ns1		A	192.0.2.1
www	300	CNAME	 host.example.com.    ; origin written twice
api		CNAME	api.example.net     ; a public TLD: left to the user
host		A	192.0.2.2
news		MX	0   .     ; no mail here
news		TXT	"v=spf1 -all"
Z
cmp example.com.zone want.zone || fail "fixed zone differs: $(diff want.zone example.com.zone)"
cmp p.zone want.zone || fail "the patched zone differs from the fixed one"
sed -e 's/"ns2.example.net"/"ns2.example.net."/' -e 's/mx1.example.org /mx1.example.org. /' \
  -e 's/preference:  10/preference:  0/' orig.yaml >want.yaml
cmp octodns/example.org.yaml want.yaml || fail "fixed yaml differs: $(diff want.yaml octodns/example.org.yaml)"
[ "$(stat -c %a example.com.zone)" = 640 ] || fail "the file mode changed"
[ $status = 1 ] || fail "--fix with findings left (api CNAME, mx2) should exit 1, got $status"
grep -qx "zonelint: fixed 6 findings in 2 files; 4 findings remain" err.txt ||
  fail "no --fix summary: $(cat err.txt)"
grep -q "example.com.zone:9:.*api.example.net.*\[missing-trailing-dot\]" out.txt ||
  fail "the remaining finding is not reported: $(cat out.txt)"
grep -q "mx2.*\[missing-trailing-dot\]" out.txt || fail "mx2 not reported: $(cat out.txt)"
ls -a | grep -q '\.tmp-' && fail "a temporary file was left"

# Idempotent: a second --fix changes nothing; --diff is empty and exits 0 when the rest is
# fixed by hand.
"$BIN" --fix example.com.zone octodns/example.org.yaml >/dev/null 2>err.txt
[ $? = 1 ] || fail "second --fix: findings remain, exit 1"
grep -qx "zonelint: fixed 0 findings in 0 files; 4 findings remain" err.txt ||
  fail "second --fix summary: $(cat err.txt)"
cmp -s example.com.zone want.zone && cmp -s octodns/example.org.yaml want.yaml ||
  fail "the second --fix changed a file"
"$BIN" --diff example.com.zone octodns/example.org.yaml >diff2.txt 2>/dev/null
[ $? = 0 ] && [ ! -s diff2.txt ] || fail "--diff after --fix should be empty with exit 0: $(cat diff2.txt)"
"$BIN" --fix --ignore missing-trailing-dot,mx-missing,mail-auth-missing,dmarc-missing-policy \
  example.com.zone >/dev/null 2>&1
[ $? = 0 ] || fail "--fix with nothing left should exit 0"

# A fix that --ignore drops is not applied.
cp orig.zone ign.zone
"$BIN" --diff --ignore duplicate-record ign.zone >ign.txt 2>/dev/null
grep -q "^-host.*pasted twice" ign.txt && fail "--ignore duplicate-record: the duplicate is still deleted"

# CRLF line ends are kept, the lines fixed included.
printf '$ORIGIN example.com.\r\n$TTL 3600\r\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\r\n@ NS ns1\r\nns1 A 192.0.2.1\r\nwww CNAME ns1.example.com ; x\r\nwww2 CNAME ns1\r\nwww2 CNAME ns1\r\n' >crlf.zone
printf '$ORIGIN example.com.\r\n$TTL 3600\r\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\r\n@ NS ns1\r\nns1 A 192.0.2.1\r\nwww CNAME ns1.example.com. ; x\r\nwww2 CNAME ns1\r\n' >crlf.want
"$BIN" --fix crlf.zone >/dev/null 2>&1
cmp crlf.zone crlf.want || fail "CRLF zone: $(od -c crlf.zone | head -20)"

# DNSControl IR and Terraform plan JSON: the dot goes inside the string's quotes, nothing else
# changes.
cp "$SRC/fixtures/rules/missing-trailing-dot/dnscontrol.json" dnscontrol.json
cp "$SRC/fixtures/rules/missing-trailing-dot/terraform-google.json" plan.json
"$BIN" --fix dnscontrol.json plan.json >/dev/null 2>&1
sed 's/"shops.example.net"/"shops.example.net."/' \
  "$SRC/fixtures/rules/missing-trailing-dot/dnscontrol.json" | cmp - dnscontrol.json ||
  fail "dnscontrol fix: $(diff "$SRC/fixtures/rules/missing-trailing-dot/dnscontrol.json" dnscontrol.json)"
sed 's/\["web.example.com"\]/["web.example.com."]/' \
  "$SRC/fixtures/rules/missing-trailing-dot/terraform-google.json" | cmp - plan.json ||
  fail "terraform fix: $(diff "$SRC/fixtures/rules/missing-trailing-dot/terraform-google.json" plan.json)"

# A read-only file: io-error, exit 2, left intact.
cp orig.zone ro.zone
chmod 444 ro.zone
"$BIN" --fix ro.zone >out.txt 2>err.txt
[ $? = 2 ] || fail "read-only file should exit 2"
grep -q "cannot fix 'ro.zone': the file is read-only \[io-error\]" out.txt ||
  fail "no io-error for the read-only file: $(cat out.txt)"
cmp -s ro.zone orig.zone || fail "the read-only file changed"

# Standard input: --diff works, --fix is refused with a clear message.
"$BIN" --diff - <orig.zone >stdin.txt 2>/dev/null
[ $? = 1 ] || fail "--diff - should exit 1"
head -2 stdin.txt | tr '\n' ' ' | grep -qx -- "--- - +++ - " || fail "stdin diff headers: $(head -2 stdin.txt)"
"$BIN" --fix - <orig.zone >/dev/null 2>err.txt
[ $? = 2 ] || fail "--fix - should exit 2"
grep -q "cannot rewrite standard input" err.txt || fail "no message for --fix -: $(cat err.txt)"
"$BIN" --fix --diff orig.zone >/dev/null 2>&1
[ $? = 2 ] || fail "--fix --diff should be a usage error"

echo "fix: all passed"
