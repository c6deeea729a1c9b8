#!/usr/bin/env bash
# Issue 11 item 4: a zone file named after one name whose SOA is at another, with no $ORIGIN
# (only `$ORIGIN .`) and no --origin, is read as the SOA's zone, as named-checkzone reads it:
# one info finding, and no soa-missing / ns-missing / out-of-zone cascade.
set -u
BIN=$(cd "$(dirname "${1:?usage: origin_from_soa.sh path/to/zonelint}")" && pwd)/$(basename "$1")
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
mkdir zones
cat >zones/db.tele4.upr.example <<'ZONE'
$ORIGIN .
$TTL 3600
upr.example.            IN SOA  ns1.upr.example. hostmaster.upr.example. (
                                2024010101 7200 3600 1209600 300 )
                        IN NS   ns1.upr.example.
                        IN NS   ns2.upr.example.
                        IN MX   0 .
                        IN TXT  "v=spf1 -all"
$ORIGIN upr.example.
ns1                     IN A    192.0.2.53
ns2                     IN A    198.51.100.53
tele4                   IN A    192.0.2.4
www.tele4               IN A    192.0.2.5
ZONE
out=$("$BIN" -q zones/db.tele4.upr.example 2>&1)
rc=$?
check "exit 0: only an info finding" 0 "$rc"
check "one origin-from-soa finding, at the SOA" 1 \
  "$(echo "$out" | grep -c "^zones/db.tele4.upr.example:3:1: info: the zone origin is 'upr.example.'.*\[origin-from-soa\]")"
check "no cascade" 0 "$(echo "$out" | grep -c 'soa-missing\|ns-missing\|out-of-zone')"
check "nothing else" 1 "$(echo "$out" | grep -c .)"
# named-checkzone agrees: the file is zone upr.example.
if command -v named-checkzone >/dev/null; then
  named-checkzone -q upr.example zones/db.tele4.upr.example
  check "named-checkzone loads it as upr.example" 0 "$?"
fi
# --origin wins: the user said which zone it is, and the out-of-zone data is real.
out=$("$BIN" -q --origin tele4.upr.example zones/db.tele4.upr.example 2>&1)
check "--origin: no origin-from-soa" 0 "$(echo "$out" | grep -c origin-from-soa)"
check "--origin: the SOA is out of zone" 1 "$(echo "$out" | grep -c ':3:1: error: .*\[soa-missing\]')"
# An explicit $ORIGIN is the file's own choice: no guess from the SOA.
{
  echo '$ORIGIN tele4.upr.example.'
  tail -n +2 zones/db.tele4.upr.example
} >zones/db.explicit.upr.example
out=$("$BIN" -q zones/db.explicit.upr.example 2>&1)
check "explicit \$ORIGIN: no origin-from-soa" 0 "$(echo "$out" | grep -c origin-from-soa)"
# The usual layouts say nothing: the SOA at the origin the name gives, or at '@'.
sed -e 's/upr\.example\./tele4.upr.example./g' zones/db.tele4.upr.example >zones/db.tele4b.upr.example
printf '$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ NS ns1\n@ NS ns2\nns1 A 192.0.2.1\nns2 A 192.0.2.2\n' \
  >zones/db.example.org
out=$("$BIN" -q zones/db.example.org 2>&1)
check "SOA at @: nothing about the origin" 0 "$(echo "$out" | grep -c origin-from-soa)"
exit $fails
