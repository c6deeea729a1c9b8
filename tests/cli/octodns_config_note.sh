#!/usr/bin/env bash
# Issue 11 item 2: a zone loaded through an octoDNS manager config reports its findings at the
# zone file's positions, and the findings about the zone as a whole (its apex name, the file
# start, a zone file that is not read) point at the config's `zones:` entry as a related
# location, exactly once, in every format. Findings on one record do not.
set -u  # no pipefail: zonelint exits 1 on findings
# shellcheck source=lib/check.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/check.bash" "$@"

mkdir -p "$T/repo/zones" "$T/repo/config"
# No MX at the apex (mx-missing, at the apex name) and one relative target (on a record).
cat >"$T/repo/zones/example.com.yaml" <<'YAML'
---
'':
  type: NS
  values:
    - ns1.example.net.
    - ns2.example.net.
www:
  type: CNAME
  value: web.example.net
YAML
cat >"$T/repo/config/production.yaml" <<'YAML'
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
cd "$T/repo" || exit 2

# JSON: the related locations of each finding, as "rule line:col -> file line:col message".
related() {  # args...
  "$BIN" --format json "$@" 2>/dev/null |
    jq -r '.diagnostics[] | "\(.rule) \(.line):\(.column) -> " +
      ([.related[] | "\(.file) \(.line):\(.column) \(.message)"] | join(" | "))'
}
for args in "config/production.yaml" "." "zones/example.com.yaml config/production.yaml"; do
  # shellcheck disable=SC2086
  out=$(related $args)
  check "json ($args): the apex finding points at the config entry, once" \
    "mx-missing 2:1 -> config/production.yaml 7:3 zone 'example.com.' is configured here" \
    "$(grep '^mx-missing ' <<<"$out")"
  check "json ($args): a finding on one record has no config note" \
    "missing-trailing-dot 9:10 -> " "$(grep '^missing-trailing-dot ' <<<"$out")"
done

# The zone file on its own: no config, no note.
check "the zone file alone has no config note" "0" \
  "$("$BIN" --format json zones/example.com.yaml | jq '[.diagnostics[].related[]] | length')"

# Human: one note line, after the finding.
human=$("$BIN" config/production.yaml 2>/dev/null)
check "human: the note appears once" "1" \
  "$(grep -c "^config/production.yaml:7:3: note: zone 'example.com.' is configured here$" <<<"$human")"
grep -A4 "^zones/example.com.yaml:2:1: info: .*\[mx-missing\]" <<<"$human" |
  grep -q "^config/production.yaml:7:3: note: zone 'example.com.' is configured here$" ||
  bad "human: the note does not follow the mx-missing finding"

# SARIF: a relatedLocation in the config.
check "sarif: one related location in the config" \
  "config/production.yaml 7 zone 'example.com.' is configured here" \
  "$("$BIN" --format sarif config/production.yaml 2>/dev/null |
    jq -r '.runs[0].results[] | .relatedLocations[]? |
      "\(.physicalLocation.artifactLocation.uri) \(.physicalLocation.region.startLine) \(.message.text)"')"

# A zone file that the config names but that is not read: an io-error (unreadable, exit 2) or a
# refusal over --max-file-bytes (a finding, exit 1, never linted cut short), with the note.
cp zones/example.com.yaml "$T/keep.yaml"
for i in $(seq 1 40); do printf 'h%d:\n  type: A\n  value: 192.0.2.1\n' "$i"; done >>zones/example.com.yaml
out=$("$BIN" --format json --max-file-bytes 400 config/production.yaml 2>/dev/null)
rc=$?
check "over --max-file-bytes through the config: exit 1" 1 $rc
check "over --max-file-bytes through the config: refused, with the note, nothing else" \
  "parse-error 1:1 over the limit -> config/production.yaml 7:3 zone 'example.com.' is configured here" \
  "$(jq -r '.diagnostics[] | "\(.rule) \(.line):\(.column) " +
      (if (.message | test("over the limit of 400 bytes")) then "over the limit" else .message end) +
      " -> " + ([.related[] | "\(.file) \(.line):\(.column) \(.message)"] | join(" | "))' <<<"$out")"
cp "$T/keep.yaml" zones/example.com.yaml
if [ "$(id -u)" != 0 ]; then
  chmod 000 zones/example.com.yaml
  out=$("$BIN" --format json config/production.yaml 2>/dev/null)
  rc=$?
  chmod 644 zones/example.com.yaml
  check "unreadable zone file through the config: exit 2" 2 $rc
  check "unreadable zone file: io-error with the note" \
    "io-error -> config/production.yaml 7:3 zone 'example.com.' is configured here" \
    "$(jq -r '.diagnostics[] | "\(.rule) -> " +
      ([.related[] | "\(.file) \(.line):\(.column) \(.message)"] | join(" | "))' <<<"$out")"
fi
# A YAML syntax error in the zone file lies on no record: it gets the note.
printf "%s\n" "---" "'':" "  type: NS" "  values: [ns1.example.net., ns2.example.net.]" \
  "bad: [unclosed" >zones/example.com.yaml
check "YAML syntax error in the zone file: the note" \
  "parse-error -> config/production.yaml 7:3 zone 'example.com.' is configured here" \
  "$("$BIN" --format json config/production.yaml 2>/dev/null | jq -r '.diagnostics[] |
    select(.rule == "parse-error") | "\(.rule) -> " + ([.related[] | "\(.file) \(.line):\(.column) \(.message)"] | join(" | "))')"
exit $fails
