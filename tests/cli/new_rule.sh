#!/usr/bin/env bash
# scripts/new-rule in a temporary copy of the tree: it writes the rule file and two fixtures and
# touches nothing else; the generated rule list picks the rule up; the rule builds and shows in
# `zonelint rules` and `zonelint explain`; its fixture folder is its own ctest and runs; the
# README table gains its row. To stay cheap it builds incrementally on the existing build
# (the directory of the zonelint binary): the two changed files (the new rule and
# rules/all_rules.cpp, against the regenerated list) are compiled with that build's own
# compile command and linked with its objects, instead of building the copy from scratch.
set -u
BIN=${1:?usage: new_rule.sh path/to/zonelint}
BUILD=$(cd "$(dirname "$BIN")" && pwd)
SRC=$(pwd)
fails=0
fail() { echo "FAIL: $*"; fails=1; }
ok() { echo "ok: $*"; }
[ -f "$BUILD/build.ninja" ] && [ -f "$BUILD/compile_commands.json" ] || {
  echo "FAIL: $BUILD is not a Ninja build with compile_commands.json"
  exit 1
}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
TREE=$T/tree
mkdir "$TREE"
tar -C "$SRC" --exclude='./build*' --exclude=./.git -cf - . | tar -C "$TREE" -xf -
(cd "$TREE" && find . -type f -o -type l | sort) >"$T/before"

# --- the script ---------------------------------------------------------------------------------
ID=txt-record-example
"$TREE/scripts/new-rule" --no-build zone "$ID" warning >"$T/out" 2>&1 || {
  cat "$T/out"
  fail "new-rule failed"
}
(cd "$TREE" && find . -type f -o -type l | sort) >"$T/after"
added=$(comm -13 "$T/before" "$T/after" | tr '\n' ' ')
removed=$(comm -23 "$T/before" "$T/after")
want="./fixtures/rules/$ID/clean.zone ./fixtures/rules/$ID/$ID.zone ./rules/zone/txt_record_example.cpp "
[ "$added" = "$want" ] && [ -z "$removed" ] && ok "new-rule added exactly the rule file and two fixtures" ||
  fail "new-rule added '$added', removed '$removed'"
changed=$(cd "$TREE" && comm -12 "$T/before" "$T/after" | while read -r f; do
  if [ -L "$f" ]; then
    [ "$(readlink "$f")" = "$(readlink "$SRC/$f")" ] || echo "$f"
  else
    cmp -s "$f" "$SRC/$f" || echo "$f"
  fi
done)
[ -z "$changed" ] && ok "no other file changed" || fail "new-rule changed $changed"
grep -q '^const Rule kTxtRecordExample{$' "$TREE/rules/zone/txt_record_example.cpp" &&
  grep -q 'Severity::warning' "$TREE/rules/zone/txt_record_example.cpp" &&
  ok "rule file defines kTxtRecordExample" || fail "rule file content"
grep -q "; expect: $ID(warning)" "$TREE/fixtures/rules/$ID/$ID.zone" &&
  ! grep -q 'expect' "$TREE/fixtures/rules/$ID/clean.zone" && ok "fixtures carry inline expectations" ||
  fail "fixture content"

# Refusals: an existing id, a bad id, a bad severity, a bad family; none writes anything.
for args in "zone $ID warning" "mx mx-target-cname error" "zone mx-target-cname error" \
  "zone Bad_Id warning" "zone some-id fatal" \
  "Zone some-id info"; do
  # shellcheck disable=SC2086
  "$TREE/scripts/new-rule" --no-build $args >/dev/null 2>"$T/err"
  rc=$?
  [ "$rc" -eq 2 ] && [ -s "$T/err" ] && ok "refused: $args ($(head -1 "$T/err"))" ||
    fail "new-rule $args: exit $rc"
done
(cd "$TREE" && find . -type f -o -type l | sort) >"$T/after2"
cmp -s "$T/after" "$T/after2" && ok "refusals wrote nothing" || fail "a refusal wrote files"

# --- the generated list -------------------------------------------------------------------------
mkdir -p "$T/gen/rules"
find "$TREE/rules" -name '*.cpp' | sort >"$T/sources"
cmake -DSOURCES="$T/sources" -DOUTPUT="$T/gen/rules/rules_list.inc" \
  -P "$TREE/cmake/generate_rules_list.cmake" || fail "list generator failed"
old_count=$(grep -c '^ZL_RULE(' "$BUILD/generated/rules/rules_list.inc")
new_count=$(grep -c '^ZL_RULE(' "$T/gen/rules/rules_list.inc")
grep -qx 'ZL_RULE(kTxtRecordExample)' "$T/gen/rules/rules_list.inc" && [ "$new_count" -eq $((old_count + 1)) ] &&
  ok "the generated list gained the rule ($old_count -> $new_count)" || fail "generated list"
cp "$TREE/rules/zone/txt_record_example.cpp" "$TREE/rules/zone/txt_record_copy.cpp"
find "$TREE/rules" -name '*.cpp' | sort >"$T/sources-dup"
cmake -DSOURCES="$T/sources-dup" -DOUTPUT="$T/dup.inc" \
  -P "$TREE/cmake/generate_rules_list.cmake" >/dev/null 2>"$T/err" && fail "a rule defined twice was accepted" ||
  { grep -q 'kTxtRecordExample is defined twice' "$T/err" && ok "a rule defined twice stops the build"; } ||
  fail "duplicate message: $(cat "$T/err")"
rm "$TREE/rules/zone/txt_record_copy.cpp"

# --- one incremental build ----------------------------------------------------------------------
# The changed translation units, compiled with the build's command for rules/all_rules.cpp,
# the regenerated list first on the include path.
cat >"$T/compile.py" <<'PY'
import json, shlex, subprocess, sys
build, gen, source, output = sys.argv[1:]
entry = next(e for e in json.load(open(f"{build}/compile_commands.json"))
             if e["file"].endswith("/rules/all_rules.cpp"))
cmd, skip = [], False
for a in shlex.split(entry["command"]):
    if skip:
        skip = False
    elif a in ("-o", "-MF", "-MT", "-c"):
        skip = True
    elif a not in ("-MD", entry["file"]):
        cmd.append(a)
compiler = next(i for i, a in enumerate(cmd) if not a.endswith("ccache"))
cmd[compiler + 1:compiler + 1] = [f"-I{gen}"]
sys.exit(subprocess.run(cmd + ["-c", source, "-o", output], cwd=entry["directory"]).returncode)
PY
compile() {  # source output
  python3 "$T/compile.py" "$BUILD" "$T/gen" "$1" "$2" || fail "compiling $1"
}
compile "$TREE/rules/all_rules.cpp" "$T/all_rules.o"
compile "$TREE/rules/zone/txt_record_example.cpp" "$T/new_rule.o"
# Link the binary and the test binary with the build's own link commands, the two new objects
# first (so the archive's old all_rules.o is not pulled in).
link() {  # target output
  local cmd
  cmd=$(cd "$BUILD" && ninja -t commands "$1" | tail -1)
  cmd=${cmd%% && cd *}  # not the POST_BUILD test discovery of the real binary
  cmd=${cmd//" -o $1 "/" -o $2 $T/all_rules.o $T/new_rule.o "}
  (cd "$BUILD" && eval "$cmd") || fail "linking $1"
}
link zonelint "$T/zonelint"
link tests/zonelint_tests "$T/zonelint_tests"

"$T/zonelint" rules | grep -q "^$ID  *warning  *TODO(new-rule)" && ok "zonelint rules lists $ID" ||
  fail "zonelint rules: $("$T/zonelint" rules | grep "$ID")"
"$T/zonelint" explain "$ID" >"$T/explain" && grep -q "^# $ID$" "$T/explain" &&
  grep -q '^## What it does' "$T/explain" && ok "zonelint explain $ID" || fail "explain: $(cat "$T/explain")"
[ "$("$BIN" rules | wc -l)" -eq "$(( $("$T/zonelint" rules | wc -l) - 1 ))" ] && ok "one rule more" ||
  fail "rule count"

# --- its fixtures are their own ctest -----------------------------------------------------------
cmake -S "$TREE" -B "$T/configured" -G Ninja >/dev/null || fail "configuring the copy"
ctest --test-dir "$T/configured" -N -R "^fixture\.$ID\$" | grep -q 'Total Tests: 1' &&
  ok "ctest fixture.$ID exists" || fail "no ctest fixture.$ID"
FIXTURE_CASE="fixtures: the rule folder in ZONELINT_FIXTURE_FOLDER gives exactly the expected findings"
# The skeleton finds nothing yet: the fixture test runs and names the missing finding.
ZONELINT_FIXTURE_FOLDER="$TREE/fixtures/rules/$ID" "$T/zonelint_tests" "$FIXTURE_CASE" >"$T/fx" 2>&1 &&
  fail "the skeleton's fixture test passed" ||
  { grep -q "missing:" "$T/fx" && grep -q "$ID(warning)" "$T/fx" && ok "fixture.$ID runs and wants its finding"; } ||
  fail "fixture run: $(tail -20 "$T/fx")"
# With a check that reports the expected record, it passes (and the clean fixture stays clean).
sed -i 's/const bool problem = false;.*/const bool problem = z->owner(r).text() == "problem.example.com." \&\& r.type == rrtype::A;/' \
  "$TREE/rules/zone/txt_record_example.cpp"
compile "$TREE/rules/zone/txt_record_example.cpp" "$T/new_rule.o"
link tests/zonelint_tests "$T/zonelint_tests"
ZONELINT_FIXTURE_FOLDER="$TREE/fixtures/rules/$ID" "$T/zonelint_tests" "$FIXTURE_CASE" >"$T/fx" 2>&1 &&
  ok "with a check, fixture.$ID passes" || fail "fixture run with a check: $(tail -20 "$T/fx")"

# --- the README table ---------------------------------------------------------------------------
ZONELINT_UPDATE_README=1 ZONELINT_README="$TREE/README.md" "$T/zonelint_tests" "readme: the rules table is current" >/dev/null ||
  fail "README regeneration"
grep -q "<a id=\"rule-$ID\"></a>\`$ID\` | warning |" "$TREE/README.md" && ok "README table row" ||
  fail "README has no row for $ID"
cmp -s "$SRC/README.md" "$TREE/README.md" && fail "README unchanged"
exit $fails
