#!/usr/bin/env bash
# Lookups across the zones of a run (rules that follow a target to the zone that holds it):
# - two copies of one zone in a run (a zone file and its octoDNS YAML; split-horizon views)
#   are each checked against themselves: a finding is on the copy whose record is wrong, and
#   the same whichever copy is read first (fixtures/rules/mx-target-no-address/two-copies*);
# - cname-chain follows a chain through the CNAME's own zone only and suggests the first name
#   outside it, not what a provider's name aliases in the provider's zone
#   (fixtures/rules/cname-chain/leaves-zone, provider-clean).
set -u
BIN=$(realpath "${1:?usage: zone_copies_and_chains.sh path/to/zonelint}")
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
CFG=fixtures/rules/.zonelint.yaml  # mail-auth-missing off, as for every rule fixture
lines() {  # json report -> "file:line rule" per finding, sorted
  python3 -c '
import json, sys
for d in json.load(open(sys.argv[1]))["diagnostics"]:
    print("%s:%d %s" % (d["file"].rsplit("/", 1)[-1], d["line"], d["rule"]))' "$1" | sort
}

# The zone file and the YAML of one zone, named in both orders: one finding, on the YAML's MX.
D=fixtures/rules/mx-target-no-address/two-copies
for order in "$D/example.com.zone $D/example.com.yaml" "$D/example.com.yaml $D/example.com.zone"; do
  # shellcheck disable=SC2086
  "$BIN" --config "$CFG" --format json $order >"$T/copies.json" 2>/dev/null
  got=$(lines "$T/copies.json")
  # ... and it says what this copy holds at the name (TXT), not what the other copy lacks.
  if [ "$got" = "example.com.yaml:11 mx-target-no-address" ] &&
    grep -q "MX exchange 'mx.example.com.' has no A or AAAA record (it owns TXT only)" "$T/copies.json"; then
    ok "two copies, order: $order"
  else
    bad "two copies, order '$order': got [$got]"
  fi
done

# Split-horizon views: clean in either order.
for rule in cname-target-missing srv-target-no-address; do
  V=fixtures/rules/$rule/split-horizon-clean
  for order in "$V/internal.zone $V/external.zone" "$V/external.zone $V/internal.zone"; do
    # shellcheck disable=SC2086
    out=$("$BIN" --config "$CFG" -q $order 2>&1)
    rc=$?
    [ "$rc" = 0 ] && [ -z "$out" ] && ok "$rule: split horizon, $order" ||
      bad "$rule: split horizon, order '$order': exit $rc: $out"
  done
done

# cname-chain: the suggested target is the provider's published name.
C=fixtures/rules/cname-chain/leaves-zone
"$BIN" --config "$CFG" --format json "$C" >"$T/chain.json" 2>/dev/null
python3 - "$T/chain.json" <<'EOF' && ok "cname-chain stops where the chain leaves the zone" ||
import json, sys
d = [x for x in json.load(open(sys.argv[1]))["diagnostics"] if x["rule"] == "cname-chain"]
assert len(d) == 1, d
m = d[0]["message"]
assert "a chain of 2 ('www.example.com.' -> 'web.example.com.' -> 'customer-1.cdn.example.net.')" in m, m
assert m.endswith("point the CNAME at 'customer-1.cdn.example.net.'"), m
assert [n["message"] for n in d[0]["related"]] == ["CNAME defined here"], d[0]["related"]
EOF
  bad "cname-chain: the chain that leaves the zone"
# The same findings whether or not the provider's zone is in the run.
"$BIN" --config "$CFG" --format json "$C/example.com.zone" >"$T/alone.json" 2>/dev/null
python3 - "$T/chain.json" "$T/alone.json" <<'EOF' && ok "cname-chain: the provider's zone changes nothing" ||
import json, sys
def chain(p):
    return [(x["line"], x["message"]) for x in json.load(open(p))["diagnostics"] if x["rule"] == "cname-chain"]
assert chain(sys.argv[1]) == chain(sys.argv[2]), (chain(sys.argv[1]), chain(sys.argv[2]))
EOF
  bad "cname-chain: with and without the provider's zone"

exit $fails
