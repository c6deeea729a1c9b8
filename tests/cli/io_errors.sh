#!/usr/bin/env bash
# I/O and configuration problems go through the registry (io-error, config-error): a file that
# cannot be read always shows, whatever --select/--ignore say, and exit code 2 always comes with
# a message. (That every id the tool emits is a registered, documented rule: emitted_rule_ids.sh.)
set -u
BIN=${1:?usage: io_errors.sh path/to/zonelint}
fails=0
fail() { echo "FAIL: $*"; fails=1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
CLEAN=examples/zones/example.net.zone

# run ARGS...: sets out, err, rc
run() {
  "$BIN" "$@" >"$T/out" 2>"$T/err"
  rc=$?
  out=$(cat "$T/out")
  err=$(cat "$T/err")
}

set -f  # the rule globs below are words, not file patterns
for policy in "" "--select mx-*" "--ignore io-error" "--select mx-* --ignore io-error"; do
  # shellcheck disable=SC2086 # the policy is several words
  run $policy "$T/missing.zone"
  what="missing file with '${policy:-no policy}'"
  [ "$rc" -eq 2 ] || fail "$what: exit $rc, expected 2"
  case "$out" in
    *"cannot read '$T/missing.zone'"*"[io-error]"*) echo "ok: $what shows the io-error" ;;
    *) fail "$what: no io-error in the report: $out" ;;
  esac
done

# Next to a readable file, and in the machine-readable reports.
run --select 'mx-*' "$CLEAN" "$T/missing.zone"
[ "$rc" -eq 2 ] && [[ "$out" == *"[io-error]"* ]] && echo "ok: missing file next to a clean one" ||
  fail "missing file next to a clean one: exit $rc: $out"
run --select 'mx-*' --format json "$T/missing.zone"
[[ "$out" == *'"rule": "io-error"'* || "$out" == *'"rule":"io-error"'* ]] &&
  echo "ok: json report carries the io-error" || fail "json report: $out"

# A configuration the tool refuses: exit 2, a message that names the file, the key and the id.
printf 'select: [mx-target-cname]\nselects: [mx-missing]\n' >"$T/bad.yaml"
run --config "$T/bad.yaml" "$CLEAN"
[ "$rc" -eq 2 ] || fail "invalid config: exit $rc, expected 2"
[[ "$out" == *"$T/bad.yaml:2:1"*"selects"*"[config-error]"* ]] && echo "ok: invalid config is a config-error" ||
  fail "invalid config: the report was: $out; stderr: $err"
# At its place in the config file in the machine-readable reports too, whatever --select says.
run --config "$T/bad.yaml" --select 'mx-*' --format json "$CLEAN"
[ "$rc" -eq 2 ] || fail "invalid config, json: exit $rc, expected 2"
python3 - "$T/out" "$T/bad.yaml" <<'PY' && echo "ok: json report carries the config-error" || fail "json config-error: $out"
import json, sys
d = json.load(open(sys.argv[1]))["diagnostics"]
assert [(x["rule"], x["file"], x["line"], x["column"]) for x in d] == [("config-error", sys.argv[2], 2, 1)], d
PY
# With the report in a file, the reason still reaches stderr.
run --config "$T/bad.yaml" --output "$T/report.txt" "$CLEAN"
[ "$rc" -eq 2 ] && [[ "$err" == *"selects"*"[config-error]"* ]] && echo "ok: config-error on stderr when the report goes to a file" ||
  fail "config error with --output: exit $rc, stderr: $err"
run --output "$T/report.txt" "$T/missing.zone"
[ "$rc" -eq 2 ] && [[ "$err" == *"cannot read '$T/missing.zone'"* ]] && echo "ok: io-error on stderr when the report goes to a file" ||
  fail "missing file with --output: exit $rc, stderr: $err"

# A directory the walk cannot read is an io-error finding (as an unprivileged user: root reads
# everything).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
else
  as_user() { "$@"; }
fi
mkdir -p "$T/w/locked"
cp "$CLEAN" "$T/w/example.net.zone"
cp "$CLEAN" "$T/w/locked/example.net.zone"
chmod 755 "$T" "$T/w"
chmod 644 "$T/w/example.net.zone"
chmod 000 "$T/w/locked"
if as_user test -r "$T/w/locked"; then
  echo "skip: cannot make a directory unreadable here"
else
  as_user "$BIN" --select 'mx-*' --format json "$T/w" >"$T/out" 2>"$T/err"
  rc=$?
  [ "$rc" -eq 2 ] || fail "unreadable directory: exit $rc, expected 2"
  python3 - "$T/out" "$T/w/locked" <<'PY' && echo "ok: unreadable directory is an io-error finding" || fail "unreadable directory: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))["diagnostics"]
hits = [x for x in d if x["rule"] == "io-error" and x["file"] == sys.argv[2]]
assert len(hits) == 1 and "cannot read directory" in hits[0]["message"], d
PY
fi
chmod 755 "$T/w/locked"
# A dangling symbolic link with a candidate's name, likewise.
ln -s nowhere.zone "$T/w/dangling.zone"
run --select 'mx-*' --format json "$T/w"
[ "$rc" -eq 2 ] && [[ "$out" == *'"rule": "io-error"'*dangling.zone* || "$out" == *dangling.zone*'"rule": "io-error"'* ]] &&
  echo "ok: dangling symbolic link is an io-error finding" || fail "dangling link: exit $rc: $out"

# Exit code 2 always comes with a message, on stderr or in the report.
for args in "$T/missing.zone" "--select mx-* $T/missing.zone" "--config $T/bad.yaml $CLEAN" \
  "--config $T/none.yaml $CLEAN" "--no-such-option $CLEAN"; do
  # shellcheck disable=SC2086
  run $args
  if [ "$rc" -eq 2 ] && [ -z "$out$err" ]; then fail "exit 2 without a message: $args"; fi
done
echo "ok: every exit 2 above came with a message"
set +f

exit $fails
