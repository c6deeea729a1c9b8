#!/usr/bin/env bash
# Files and directories that misbehave: a missing file, an unreadable file and directory, a
# device, a FIFO, a dangling symlink and a symlink loop in a walked directory. Unreadable
# entries are reported (exit 2) with valid JSON output, special files are skipped or refused
# without blocking, walks terminate.
set -uo pipefail
BIN=${1:?usage: hostile_fs.sh path/to/zonelint}
case "$BIN" in /*) ;; *) BIN=$PWD/$BIN ;; esac
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
. tests/cli/lib/hostile.bash

good() {
  printf '%s\n' '$ORIGIN example.com.' '$TTL 3600' '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300' \
    '@ IN NS ns1.example.net.' >"$1"
}

# Permissions mean nothing to root: run the permission cases as nobody when we are root.
as_user() {
  if [ "$(id -u)" = 0 ]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
  else
    "$@"
  fi
}

# 1. A missing file: exit 2, named in the report (an io-error finding) or on stderr, and the
#    JSON report is still valid JSON.
zl --format json "$tmp/missing.zone"
expect_rc "missing file" 2
grep -q "missing.zone" "$tmp/out" "$tmp/err" || bad "missing file: not named in the output"
json_ok "$tmp/out" || bad "missing file: JSON output is not valid"

# 2. A device given explicitly is refused at once, never read (it would never end).
zl --format json /dev/zero
expect_rc "/dev/zero" 2

# 2b. A FIFO named explicitly, and one reached through $INCLUDE: refused at once (the reader
#     opens without blocking and checks what it opened), never waited on. timeout is the guard.
mkdir -p "$tmp/pipes"
mkfifo "$tmp/pipes/named.zone" "$tmp/pipes/inc.fifo"
{ good /dev/stdout; echo '$INCLUDE inc.fifo'; } >"$tmp/pipes/example.com.zone"
zl --format json "$tmp/pipes/named.zone"
expect_rc "FIFO named on the command line" 2
grep -q "not a regular file" "$tmp/out" || bad "FIFO: the reason is not given"
(cd "$tmp/pipes" && timeout 60 "$BIN" --format json example.com.zone >"$tmp/out" 2>"$tmp/err")
rc=$?
expect_rc "\$INCLUDE of a FIFO" 1
grep -q "not a regular file" "$tmp/out" || bad "\$INCLUDE FIFO: the reason is not given"
json_ok "$tmp/out" || bad "\$INCLUDE FIFO: JSON output is not valid"

# 3. A walked directory with a FIFO (skipped, must not block), a dangling symlink (reported),
#    a symlink loop (the walk ends) and one good zone (linted).
mkdir -p "$tmp/walk/sub"
good "$tmp/walk/example.com.zone"
mkfifo "$tmp/walk/fifo.zone"
ln -s does-not-exist.zone "$tmp/walk/dangling.zone"
ln -s .. "$tmp/walk/sub/loop"
zl --format json "$tmp/walk"
expect_rc "walk with a FIFO, a dangling symlink and a loop" 2
json_ok "$tmp/out" || bad "walk: JSON output is not valid"
grep -q "dangling.zone" "$tmp/out" "$tmp/err" && ok "walk: dangling symlink reported" || bad "walk: dangling symlink not reported"
python3 - "$tmp/out" <<'PY' && ok "walk: the good zone was linted" || bad "walk: the good zone was not linted"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert r["summary"]["files"] >= 1 and r["summary"]["records"] >= 2, r["summary"]
PY

# 4. Unreadable file and unreadable directory (as an unprivileged user).
mkdir -p "$tmp/perm/locked"
good "$tmp/perm/example.com.zone"
good "$tmp/perm/secret.example.com.zone"
good "$tmp/perm/locked/inner.example.com.zone"
chmod 000 "$tmp/perm/secret.example.com.zone" "$tmp/perm/locked"
as_user timeout 60 "$BIN" --format json "$tmp/perm/secret.example.com.zone" >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "unreadable file" 2
grep -q "secret.example.com.zone" "$tmp/out" "$tmp/err" || bad "unreadable file: not named in the output"
grep -q "Permission denied" "$tmp/out" "$tmp/err" || bad "unreadable file: the reason is not given"
as_user timeout 60 "$BIN" --format json "$tmp/perm" >"$tmp/out" 2>"$tmp/err"
rc=$?
expect_rc "walk with an unreadable file and directory" 2
json_ok "$tmp/out" || bad "unreadable walk: JSON output is not valid"
grep -q "locked" "$tmp/out" "$tmp/err" && ok "unreadable directory reported" || bad "unreadable directory not reported"

[ $fail = 0 ] && echo "hostile_fs: all passed"
exit $fail
