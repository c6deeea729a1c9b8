#!/usr/bin/env bash
# The hostile-input catalogue on the real binary: every fixture in fixtures/hostile/ (plus
# binary garbage and a 10 MB single line generated here) but cr-only.zone gives exit 1 or 2, never a crash or a
# hang; a located diagnostic; JSON and SARIF that parse as UTF-8 JSON; and terminal-safe human
# output.
set -uo pipefail
BIN=${1:?usage: hostile_catalogue.sh path/to/zonelint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/cli/lib/hostile.bash

# Generated cases: 4 KiB of deterministic binary garbage, and one 10 MB line.
python3 - "$tmp" <<'PY'
import random, sys
d = sys.argv[1]
rng = random.Random(6)
open(d + "/binary-garbage.zone", "wb").write(bytes(rng.randrange(256) for _ in range(4096)))
head = b"$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\n"
open(d + "/ten-mb-line.zone", "wb").write(head + b"long IN TXT " + b"\"x\" " * (10 * 1024 * 1024 // 4) + b"\nafter IN A 192.0.2.1\n")
PY

# CR-only line ends are line ends for BIND (named-checkzone loads such a file), so this one is
# clean: same records as with LF, exit 0.
tr '\r' '\n' <fixtures/hostile/cr-only.zone >"$tmp/lf-only.zone"
zl --origin example.com. --format json fixtures/hostile/cr-only.zone
expect_rc "cr-only.zone" 0
cp "$tmp/out" "$tmp/cr.json"
zl --origin example.com. --format json "$tmp/lf-only.zone"
if python3 - "$tmp/cr.json" "$tmp/out" <<'PY'
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
assert a["summary"]["records"] == b["summary"]["records"] == 5, (a["summary"], b["summary"])
key = lambda r: [(d["rule"], d["line"], d["column"]) for d in r["diagnostics"]]
assert key(a) == key(b), (key(a), key(b))
assert all(d["rule"] != "parse-error" for d in a["diagnostics"]), a["diagnostics"]
PY
then ok "cr-only.zone: read as LF, same 5 records"; else bad "cr-only.zone: differs from the LF version"; fi

cases=("$tmp/binary-garbage.zone" "$tmp/ten-mb-line.zone")
for f in fixtures/hostile/*.zone; do [ "$f" = fixtures/hostile/cr-only.zone ] || cases+=("$f"); done
for f in "${cases[@]}"; do
  name=$(basename "$f")
  zl --origin example.com. --format json "$f"
  expect_rc "$name (json)" 1 2 || continue
  json_ok "$tmp/out" || { bad "$name: JSON output is not valid UTF-8 JSON"; continue; }
  if located_json "$tmp/out" "$f"; then ok "$name: located diagnostic"; else bad "$name: no located diagnostic"; fi

  zl --origin example.com. --format sarif "$f"
  expect_rc "$name (sarif)" 1 2 && { json_ok "$tmp/out" || bad "$name: SARIF is not valid UTF-8 JSON"; }

  zl --origin example.com. "$f"
  expect_rc "$name (human)" 1 2 && { terminal_safe "$tmp/out" || bad "$name: human output not terminal safe"; }
done

# The 10 MB line is refused by the line-length cap, at line 5, quickly.
zl --origin example.com. --format json "$tmp/ten-mb-line.zone"
if python3 - "$tmp/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert any(d["line"] == 5 and "line" in d["message"] for d in r["diagnostics"]), r["diagnostics"][:3]
assert r["summary"]["records"] >= 1  # the records around it are still read
PY
then ok "10 MB line: refused at line 5, the rest read"; else bad "10 MB line: no line-length diagnostic at line 5"; fi

[ $fail = 0 ] && echo "hostile_catalogue: all passed"
exit $fail
