# Shared by tests/cli/hostile_*.sh: run the binary under a time limit and check what came out.
# Each script sets BIN and tmp before sourcing this file.

fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

# zl ARGS...: runs zonelint (60 s limit) with stdout in $tmp/out, stderr in $tmp/err, exit
# status in $rc.
zl() {
  timeout 60 "$BIN" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}

# expect_rc WHAT ALLOWED...: the last run's exit status is one of ALLOWED. 124 means it hung,
# 128+N that it died of signal N: never acceptable.
expect_rc() {
  local what=$1 code
  shift
  for code in "$@"; do
    if [ "$rc" = "$code" ]; then
      ok "$what: exit $rc"
      return 0
    fi
  done
  bad "$what: exit $rc (expected $*)"
  sed -n '1,15p' "$tmp/err"
  return 1
}

# json_ok FILE: strict UTF-8 and valid JSON.
json_ok() {
  python3 - "$1" <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
json.loads(data.decode("utf-8"))  # raises on invalid UTF-8 or JSON
PY
}

# located_json FILE PATH: the JSON report has at least one diagnostic, and every diagnostic
# about PATH has a line and a column (1-based).
located_json() {
  python3 - "$1" "$2" <<'PY'
import json, sys
report = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
diags = report["diagnostics"]
assert diags, "no diagnostics"
mine = [d for d in diags if d.get("file") == sys.argv[2]]
assert mine, "no diagnostic about %s: %r" % (sys.argv[2], diags[:3])
for d in mine:
    assert d["line"] >= 1 and d["column"] >= 1, d
PY
}

# terminal_safe FILE: no control characters but newline and tab, and valid UTF-8.
terminal_safe() {
  python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
text = data.decode("utf-8")
bad = sorted({hex(ord(c)) for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f})
assert not bad, "control characters in terminal output: %s" % bad
PY
}
