#!/usr/bin/env bash
# Discovery in directory walks (issue 11 item 1): extensionless zones named like a domain or
# under zones/, no db.py/db.ts, candidates that are not DNS data skipped and counted, the empty
# run (exit 2 unless --allow-empty), exclude forms, .zonelint.yml, the `include` and
# `extend-include` config keys, and the pre-commit hook's `files:` pattern agreeing with the
# walk by name.
set -uo pipefail
BIN=$(realpath "${1:?usage: discovery.sh path/to/zonelint}")
HOOKS=$(realpath .pre-commit-hooks.yaml)
fail() { echo "FAIL: $*"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"

zone() {  # zone FILE ORIGIN: a clean zone with an explicit origin
  mkdir -p "$(dirname "$1")"
  cat >"$1" <<ZONE
\$ORIGIN $2.
\$TTL 3600
@     IN SOA ns1 hostmaster 2024060101 7200 900 1209600 300
@     IN NS  ns1
@     IN NS  ns2.example.net.
@     IN MX  10 mx1
@     IN MX  20 mx2
mx1   IN A   192.0.2.25
mx2   IN A   192.0.2.26
ns1   IN A   192.0.2.53
ZONE
}
files_of() { jq -r '[.diagnostics[].file] | unique | join(" ")' <<<"$1"; }

# 1. An extensionless-zone repository: zones/example.org, files/example.com, zones/internal,
#    a reverse zone; the README, a Makefile and zones/NOTES are not zones.
mkdir r1 && cd r1
zone zones/example.org example.org
zone files/example.com example.com
zone zones/internal internal.example
zone rev/2.0.192.in-addr.arpa 2.0.192.in-addr.arpa
echo "# DNS for example.org" >README.md
printf 'all:\n\tnamed-checkconf\n' >Makefile
printf 'These are our zones.\nA zone file per domain.\n' >zones/NOTES
out=$("$BIN" --format json . 2>"$T/err")
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ] || fail "r1: exit $rc; stderr: $(cat "$T/err")"
jq -e '.summary.files == 4' <<<"$out" >/dev/null || fail "r1: expected 4 files, got $(jq -c .summary <<<"$out")"
jq -e '[.diagnostics[] | select(.rule == "parse-error")] == []' <<<"$out" >/dev/null ||
  fail "r1: parse errors: $(files_of "$out")"
human=$("$BIN" . 2>&1)
grep -q "4 files" <<<"$human" || fail "r1: summary: $human"
grep -q "1 file skipped (not DNS data)" <<<"$human" || fail "r1: zones/NOTES not counted as skipped: $human"
cd ..

# 2. Source code named db.*: never a candidate, never a finding.
mkdir -p r2/src r2/config && cd r2
printf 'import sqlite3\n\ndef connect():\n    return sqlite3.connect("x")\n' >src/db.py
printf 'export const db = {};\n' >src/db.ts
printf 'host: localhost\nport: 5432\n' >config/db.yaml
zone db.example.com example.com
out=$("$BIN" --format json . 2>"$T/err")
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ] || fail "r2: exit $rc; stderr: $(cat "$T/err"); $(files_of "$out")"
jq -e '.summary.files == 1 and ([.diagnostics[] | select(.file != "db.example.com")] == [])' <<<"$out" >/dev/null ||
  fail "r2: source code was read: $(jq -c '.summary, [.diagnostics[] | [.file, .rule]]' <<<"$out")"
# Named explicitly, a file is always read (and here fails to parse).
"$BIN" -q src/db.py >/dev/null 2>&1
[ $? -eq 1 ] || fail "r2: an explicitly named db.py was not read"
cd ..

# 3. The empty run: exit 2 with a message, exit 0 with --allow-empty.
mkdir -p r3/src && echo 'print(1)' >r3/src/main.py && echo 'hello' >r3/notes.txt
"$BIN" r3 >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] || fail "r3: exit $rc, expected 2"
grep -q "no input file was read" "$T/err" || fail "r3: no message: $(cat "$T/err")"
"$BIN" --allow-empty r3 >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] || fail "r3: --allow-empty: exit $rc; $(cat "$T/err")"
# Every candidate skipped is also an empty run, and the message counts them.
mkdir -p r3b/zones && echo 'just text here' >r3b/zones/readme
"$BIN" r3b >/dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "r3b: exit not 2"
grep -q "1 walked file skipped" "$T/err" || fail "r3b: $(cat "$T/err")"

# 4. exclude forms (gitignore: legacy, legacy/, ./legacy/**), and .zonelint.yml.
mkdir r4 && cd r4
zone a.zone a.example
zone legacy/old.zone old.example
echo 'exclude: [legacy]' >.zonelint.yaml
n() { "$BIN" --format json . 2>"$T/err" | jq -r '.summary.files'; }
[ "$(n)" = 1 ] || fail "r4: exclude 'legacy' did not exclude legacy/: $(n)"
for form in 'legacy/' './legacy/**' 'legacy/**'; do
  echo "exclude: [$form]" >.zonelint.yaml
  [ "$(n)" = 1 ] || fail "r4: exclude $form: $(n) files"
done
rm .zonelint.yaml
printf 'exclude: [legacy/]\n' >.zonelint.yml
[ "$(n)" = 1 ] || fail "r4: .zonelint.yml was not read: $(n) files"
cd ..

# 6. include / extend-include (ruff's keys): extend-include adds to the default name
# patterns, include replaces them; exclude still wins; a file named explicitly is always read.
mkdir r6 && cd r6 || exit 2
zone a.zone a.example
zone data/b.example.txt b.example
zone data/c.example.txt c.example
zone skip/d.example.txt d.example
listed() { "$BIN" --format json . 2>"$T/err" | jq -r '[.summary.files] | join("")'; }
[ "$(listed)" = 1 ] || fail "r6: without include, only a.zone is a candidate: $(listed)"
printf 'extend-include: ["data/*.txt"]
' >.zonelint.yaml
[ "$(listed)" = 3 ] || fail "r6: extend-include data/*.txt: $(listed) files, expected 3"
printf 'extend-include: ["*.txt"]
' >.zonelint.yaml
[ "$(listed)" = 4 ] || fail "r6: extend-include *.txt (any depth): $(listed) files, expected 4"
printf 'extend-include: ["*.txt"]
exclude: [skip/]
' >.zonelint.yaml
[ "$(listed)" = 3 ] || fail "r6: exclude should win over extend-include: $(listed) files"
printf 'include: ["./data/**"]
' >.zonelint.yaml
out=$("$BIN" --format json . 2>"$T/err")
[ "$(jq -r .summary.files <<<"$out")" = 2 ] || fail "r6: include replaces the defaults: $out"
"$BIN" --format json . | jq -e '[.diagnostics[].file] | map(select(. == "./a.zone")) == []' >/dev/null ||
  fail "r6: a.zone read although include replaced the default patterns"
"$BIN" --format json a.zone | jq -e '.summary.files == 1' >/dev/null ||
  fail "r6: a file named on the command line must be read whatever include says"
printf 'include: "data/*.txt"
extend-include: ["skip/*"]
' >.zonelint.yaml
[ "$(listed)" = 3 ] || fail "r6: include + extend-include: $(listed) files, expected 3"
printf 'include: {a: 1}
' >.zonelint.yaml
"$BIN" . >/dev/null 2>&1
[ $? = 2 ] || fail "r6: an include that is not a list of strings is a config error"
rm .zonelint.yaml
cd ..

# 5. The pre-commit hook's files: pattern takes what the walk takes by name, and no db.py.
rx=$(python3 -c 'import re,sys; s=open(sys.argv[1]).read(); print(re.findall(r"files: '"'"'(.*)'"'"'", s)[0])' "$HOOKS")
python3 - "$rx" <<'PY' || fail "pre-commit files: pattern"
import re, sys
rx = re.compile(sys.argv[1])
take = ["zones/example.org", "files/example.com", "db.example.com", "a/example.com.zone",
        "x.db", "rev/2.0.192.in-addr.arpa", "bind/internal", "named/sub/corp", "h.hosts",
        "zones/example.com.yaml", "dns/plan.json"]
leave = ["src/db.py", "db.ts", "db.foo.py", "config/db.yaml", "README.md", "setup.py",
         "Makefile", "src/main.go", ".pre-commit-hooks.yaml", "docs/index.html"]
bad = [p for p in take if not rx.search(p)] + [p for p in leave if rx.search(p)]
if bad:
    print("wrong:", bad)
    sys.exit(1)
PY
echo "discovery: all passed"
