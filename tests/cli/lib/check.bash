# Shared by the CLI tests: the binary under test, a scratch directory and the checks.
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/check.bash" "$@"
# Sets BIN (absolute path of the zonelint given as $1), T (a temporary directory, removed on
# exit) and fails (0; 1 after any failed check); the test ends with `exit $fails`.
# shellcheck shell=bash
# shellcheck disable=SC2034 # BIN, T and fails are for the sourcing test
BIN=$(cd "$(dirname "${1:?usage: $(basename "$0") path/to/zonelint}")" && pwd)/$(basename "$1")
fails=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok: $1"; }
bad() {
  echo "FAIL: $1"
  fails=1
}
check() {  # what expected actual
  if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected '$2', got '$3'"; fi
}
