# Starts Knot DNS (knotd) as an authoritative server on the loopback interface and a free high
# port, serving every *.zone file of a folder: the outside world for live-mode tests. Each test
# sets tmp before sourcing this file; the server is stopped when the test exits.
#
#   start_knot ZONE_DIR     sets KNOT_PORT; fails the test if the server does not come up

knot_pid=
stop_knot() {
  if [ -n "$knot_pid" ]; then
    kill "$knot_pid" 2>/dev/null
    wait "$knot_pid" 2>/dev/null
    knot_pid=
  fi
}

free_port() {
  python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
t = socket.socket(); t.bind(("127.0.0.1", s.getsockname()[1])); print(s.getsockname()[1])'
}

start_knot() {
  local zones=$1 dir=$tmp/knot f name
  command -v knotd >/dev/null || { echo "FAIL: knotd missing (run scripts/setup)"; exit 1; }
  mkdir -p "$dir/run" "$dir/db" "$dir/zones"
  cp "$zones"/*.zone "$dir/zones/"
  KNOT_PORT=$(free_port)
  {
    printf 'server:\n    rundir: "%s/run"\n    listen: 127.0.0.1@%s\n' "$dir" "$KNOT_PORT"
    printf 'control:\n    listen: "%s/run/knot.sock"\n' "$dir"
    printf 'database:\n    storage: "%s/db"\n' "$dir"
    printf 'log:\n  - target: stderr\n    any: warning\n'
    printf 'template:\n  - id: default\n    storage: "%s/zones"\n    semantic-checks: on\n' "$dir"
    printf 'zone:\n'
    for f in "$dir"/zones/*.zone; do
      name=$(basename "$f" .zone)
      printf '  - domain: %s\n    file: %s.zone\n' "$name" "$name"
    done
  } >"$dir/knot.conf"
  knotd -c "$dir/knot.conf" >"$dir/knotd.log" 2>&1 &
  knot_pid=$!
  trap 'stop_knot; rm -rf "$tmp"' EXIT
  local i
  for i in $(seq 1 100); do
    if knotc -c "$dir/knot.conf" zone-status >"$dir/status" 2>/dev/null &&
      ! grep -q 'serial: none\|loading' "$dir/status"; then
      return 0
    fi
    sleep 0.1
  done
  echo "FAIL: knotd did not start"
  cat "$dir/knotd.log" "$dir/status"
  exit 1
}
