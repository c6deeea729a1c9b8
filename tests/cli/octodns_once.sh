#!/usr/bin/env bash
# Issue 11: an octoDNS manager config and its zone files reached in one run (by the walk, in
# either order, or named on the command line in either order) load each zone exactly once:
# the findings are those of the zone file on its own, at the zone file's positions, never
# repeated.
set -u  # no pipefail: zonelint exits 1 on findings
BIN=$(cd "$(dirname "${1:?usage: octodns_once.sh path/to/zonelint}")" && pwd)/$(basename "$1")
fails=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

zone() {  # dir
  mkdir -p "$1/zones"
  cat >"$1/zones/example.com.yaml" <<'YAML'
---
'':
  - type: MX
    values:
      - exchange: mx1.example.com.
        preference: 10
      - exchange: mx2  # octoDNS refuses this: an error
        preference: 20
  - type: NS
    values:
      - ns1.example.net.
      - ns2.example.net.
mx1:
  type: A
  value: 192.0.2.25
www:
  type: CNAME
  value: nowhere.example.com.
YAML
}
config() {  # file
  mkdir -p "$(dirname "$1")"
  cat >"$1" <<'YAML'
---
providers:
  config:
    class: octodns.provider.yaml.YamlProvider
    directory: ./zones
zones:
  example.com.:
    sources: [config]
    targets: [config]
YAML
}
# One line per finding, paths relative to the repository (the config reads the zone file by
# an absolute path, the walk by a relative one). Notes are left out: a zone read through the
# config has the config's entry as a related location (tests/cli/octodns_config_note.sh).
run() {  # dir args...
  local d=$1
  shift
  (cd "$d" && "$BIN" --format human "$@" 2>/dev/null) | grep -E '^[^ ].*:[0-9]+:[0-9]+: ' |
    grep -v ': note: ' |
    sed -e "s|^$d/||" -e 's|^\./||' | sort
}
check() {  # what expected actual
  if [ "$2" != "$3" ]; then
    echo "FAIL: $1"
    diff <(echo "$2") <(echo "$3")
    fails=1
  else
    echo "ok: $1"
  fi
}

# Layout A: the config sorts before the zones; layout B: after.
zone "$T/a" && config "$T/a/aaa/production.yaml"
zone "$T/b" && config "$T/b/zzz/production.yaml"
want=$(run "$T/a" zones/example.com.yaml)
if [ -z "$want" ] || ! echo "$want" | grep -q 'missing-trailing-dot'; then
  echo "FAIL: the zone on its own gives no findings (or not the relative target)"
  fails=1
fi
check "the zone alone reports each finding once" "$(echo "$want" | sort -u)" "$want"
check "walk, config before the zones" "$want" "$(run "$T/a" .)"
check "walk, config after the zones" "$want" "$(run "$T/b" .)"
check "named: config, then zone" "$want" "$(run "$T/a" aaa/production.yaml zones/example.com.yaml)"
check "named: zone, then config" "$want" "$(run "$T/a" zones/example.com.yaml aaa/production.yaml)"
check "the config alone" "$want" "$(run "$T/a" aaa/production.yaml)"
check "the finding is reported once" "1" "$(cd "$T/b" && "$BIN" -q . 2>&1 | grep -c "'mx2'")"
check "the summary counts the config and the zone file once each" "1" \
  "$(cd "$T/b" && "$BIN" . 2>&1 | grep -c 'in 1 of 2 files$')"
# A relative target is octoDNS's own error, with no origin-appended reasoning.
check "relative target: octoDNS's words, error severity" "1" \
  "$(cd "$T/a" && "$BIN" -q . 2>&1 | grep -c "error: MX target 'mx2' has no final dot: octoDNS .*(MX value \"mx2\" missing trailing .)")"
check "no origin-appended reasoning for octoDNS" "0" \
  "$(cd "$T/a" && "$BIN" -q . 2>&1 | grep -c 'origin is appended')"
# The config's reading wins whatever the order: its `lenient: true` applies to the zone even
# when the zone file was named (or walked) first.
zone "$T/c" && config "$T/c/zzz/production.yaml"
sed -i 's/^    targets: \[config\]$/    targets: [config]\n    lenient: true/' "$T/c/zzz/production.yaml"
for order in "zones/example.com.yaml zzz/production.yaml" "zzz/production.yaml zones/example.com.yaml" "."; do
  # shellcheck disable=SC2086
  check "lenient from the config ($order)" "1" \
    "$(cd "$T/c" && "$BIN" -q $order 2>&1 | grep -c "info: MX target 'mx2'.*lenient: true")"
done
exit $fails
