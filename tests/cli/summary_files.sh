#!/usr/bin/env bash
# The summary ("N findings in M files", JSON summary.files / files_with_findings) counts only
# lint inputs: not the config file a config-error points at, not the baseline file that holds
# a stale entry; and a run that read nothing says so.
# shellcheck disable=SC2016 # $ORIGIN is literal text
set -u  # no pipefail: zonelint exits 1 on findings
# shellcheck source=lib/check.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/check.bash" "$@"
cd "$T" || exit 2
printf '%s\n' '$ORIGIN example.com.' '@ 3600 SOA ns1.example.net. hostmaster 1 7200 3600 1209600 300' \
  '@ 3600 NS ns1.example.net.' '@ 3600 NS ns2.example.net.' 'www 3600 CNAME web.example.net' >example.com.zone

echo 'select: [no-such-rule]' >.zonelint.yaml
out=$("$BIN" example.com.zone 2>/dev/null)
check "config error: exit 2" 2 $?
check "config error: the config file is not counted as a file" "1 error" "$(tail -n 1 <<<"$out")"
check "config error: JSON files 0" '{"files":0,"files_with_findings":0}' \
  "$("$BIN" --format json example.com.zone 2>/dev/null | jq -c '.summary | {files, files_with_findings}')"
rm .zonelint.yaml

"$BIN" --write-baseline b.json example.com.zone >/dev/null 2>&1
sed -i 's/web.example.net$/web.example.net./' example.com.zone  # the baselined finding is gone
out=$("$BIN" --baseline b.json example.com.zone 2>/dev/null)
grep -q '\[baseline-entry-unused\]$' <<<"$out" || { echo "FAIL: no stale baseline entry"; fails=1; }
check "stale baseline entry: the baseline file is no file with findings" "1 info" "$(tail -n 1 <<<"$out")"
check "stale baseline entry: JSON" '{"files":1,"files_with_findings":0}' \
  "$("$BIN" --format json --baseline b.json example.com.zone | jq -c '.summary | {files, files_with_findings}')"

mkdir empty
out=$("$BIN" empty 2>/dev/null)
check "nothing read: exit 2" 2 $?
check "nothing read: said so" "no findings: no file was read" "$out"
exit $fails
