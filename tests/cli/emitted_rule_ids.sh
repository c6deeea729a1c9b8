#!/usr/bin/env bash
# Every id the tool emits is a registered rule that `explain` documents and the README anchors:
# lint every fixture and example file (one run each, as a user would) plus a missing file, and
# check every rule id seen in the JSON reports, config-error among them.
# Labelled `tooling` (tests/CMakeLists.txt): what it checks is the registry and the docs, the
# same in every build, and its ~560 runs of the binary cost two minutes under the sanitizers
# for no memory-safety check that the fixture tests (in-process, every fixture) do not make.
set -u
BIN=${1:?usage: emitted_rule_ids.sh path/to/zonelint}
fails=0
fail() { echo "FAIL: $*"; fails=1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ids=$(
  {
    for f in fixtures/rules/*/* fixtures/rules/*/*/* examples/zones/*; do
      [ -f "$f" ] || [ -L "$f" ] || continue
      case "$f" in *.zone | *.yaml | *.yml | *.json) "$BIN" --format json "$f" 2>/dev/null ;; esac
    done
    "$BIN" --format json --select 'mx-*' "$T/missing.zone" 2>/dev/null
  } | grep -o '"rule": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/' | sort -u
)
[ -n "$ids" ] || fail "no rule ids collected"
registered=$("$BIN" rules | awk '{print $1}')
for id in $ids config-error; do
  grep -qx -- "$id" <<<"$registered" || fail "'$id' is emitted but not registered"
  "$BIN" explain "$id" | grep -q '^## What it does' || fail "'$id' has no documentation"
  grep -q "<a id=\"rule-$id\"></a>" README.md || fail "'$id' has no README anchor"
done
for id in io-error parse-error; do
  grep -qx -- "$id" <<<"$ids" || fail "'$id' was not among the emitted ids: the scan missed it"
done
echo "ok: emitted ids: ${ids//$'\n'/ }"
exit $fails
