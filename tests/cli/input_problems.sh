#!/usr/bin/env bash
# Issue 11: input problems are not findings. A file named on the command line that is not DNS
# data (a CI workflow YAML, package.json, DNSControl's dnsconfig.js) exits 2 with a clear
# message, like an unreadable file; the DNSControl messages say that the input is the JSON of
# `dnscontrol print-ir`; DNS-as-code input that describes one zone twice reports that once and
# repeats no finding.
set -u
BIN=$(cd "$(dirname "${1:?usage: input_problems.sh path/to/zonelint}")" && pwd)/$(basename "$1")
fails=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
check() {  # what expected actual
  if [ "$2" != "$3" ]; then
    echo "FAIL: $1: expected [$2], got [$3]"
    fails=1
  else
    echo "ok: $1"
  fi
}

printf 'name: ci\non: push\njobs: {}\n' >ci.yaml
printf '{"name": "app", "version": "1.0.0"}\n' >package.json
printf 'D("example.com", REG_NONE, DnsProvider(DSP_BIND), MX("@", 10, "mail"));\n' >dnsconfig.js

out=$("$BIN" -q ci.yaml 2>&1)
check "non-DNS YAML named explicitly exits 2" 2 "$?"
check "non-DNS YAML: the message says so" 1 \
  "$(echo "$out" | grep -c "'ci.yaml' is not DNS data in a known input format.*\[io-error\]")"
"$BIN" -q package.json >/dev/null 2>&1
check "non-DNS JSON named explicitly exits 2" 2 "$?"
out=$("$BIN" -q dnsconfig.js 2>&1)
check "dnsconfig.js exits 2" 2 "$?"
check "dnsconfig.js: says to lint dnscontrol print-ir JSON" 1 \
  "$(echo "$out" | grep -c 'dnscontrol print-ir')"
out=$("$BIN" -q --input-format dnscontrol ci.yaml 2>&1)
check "--input-format dnscontrol on non-JSON: says print-ir JSON, not dnsconfig.js" 1 \
  "$(echo "$out" | grep -c 'the JSON that `dnscontrol print-ir` writes.*not dnsconfig.js')"
printf '{"dnscontrol": true}\n' >ir.json
out=$("$BIN" -q --input-format dnscontrol ir.json 2>&1)
check "IR without domains: says print-ir" 1 "$(echo "$out" | grep -c 'dnscontrol print-ir')"
# A walk skips such files silently (and then reads nothing: exit 2 unless --allow-empty).
"$BIN" -q --allow-empty . >/dev/null 2>&1
check "a walk skips non-DNS files" 0 "$?"

# One zone described twice in DNSControl IR: one finding about it, the zone's own finding once.
cat >a.json <<'JSON'
{"domains": [{"name": "example.com", "records": [
  {"type": "CNAME", "name": "www", "target": "nowhere.example.com."}]}]}
JSON
cp a.json b.json
out=$("$BIN" -q a.json b.json 2>&1)
check "DNSControl zone twice: the conflict once" 1 "$(echo "$out" | grep -c 'described twice')"
check "DNSControl zone twice: the CNAME finding once" 1 \
  "$(echo "$out" | grep -c 'cname-target-missing')"
cat >c.json <<'JSON'
{"domains": [
  {"name": "example.com", "records": [{"type": "CNAME", "name": "www", "target": "nowhere.example.com."}]},
  {"name": "example.com", "records": [{"type": "CNAME", "name": "www", "target": "nowhere.example.com."}]}]}
JSON
out=$("$BIN" -q c.json 2>&1)
check "one IR, one domain twice: the conflict once" 1 "$(echo "$out" | grep -c 'described twice')"
check "one IR, one domain twice: the CNAME finding once" 1 \
  "$(echo "$out" | grep -c 'cname-target-missing')"
# Terraform: two plans of the same zone.
plan() {
  cat <<'JSON'
{"format_version": "1.2", "resource_changes": [
  {"address": "aws_route53_zone.main", "mode": "managed", "type": "aws_route53_zone", "name": "main", "change": {"actions": ["no-op"], "after": {"name": "example.com"}, "after_unknown": {}}},
  {"address": "aws_route53_record.www", "mode": "managed", "type": "aws_route53_record", "name": "www", "change": {"actions": ["create"], "before": null, "after": {"name": "www.example.com", "type": "CNAME", "ttl": 300, "records": ["nowhere.example.com"]}, "after_unknown": {"id": true}}}]}
JSON
}
plan >p1.json
plan >p2.json
out=$("$BIN" -q p1.json p2.json 2>&1)
check "Terraform zone twice: the conflict once" 1 "$(echo "$out" | grep -c 'described twice')"
check "Terraform zone twice: the CNAME finding once" 1 \
  "$(echo "$out" | grep -c 'cname-target-missing')"
exit $fails
