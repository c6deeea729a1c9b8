#!/usr/bin/env bash
# Lookups across the zones of a run (rules that follow a target to the zone that holds it):
# - two copies of one zone in a run (a zone file and its octoDNS YAML; split-horizon views)
#   are each checked against themselves: a finding is on the copy whose record is wrong, and
#   the same whichever copy is read first (fixtures/rules/mx-target-no-address/two-copies*).
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

exit $fails
