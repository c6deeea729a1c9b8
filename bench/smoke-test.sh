#!/usr/bin/env bash
# The ctest bench.smoke: runs bench/run.sh in its smallest mode (tiny zones, one round) on the
# built binary, in text and in markdown, and checks that every part printed its row. It checks
# that the script works, never a timing. Skipped (77) without a C compiler (cc) or python3;
# kzonecheck is optional (its rows print n/a).
#   bench/smoke-test.sh path/to/zonelint OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
zonelint=$1
export BENCH_OUT=$2
if ! command -v "${CC:-cc}" >/dev/null || ! command -v python3 >/dev/null; then
  echo "skip: needs a C compiler (cc, for bench/measure.c) and python3"
  exit 77
fi
unset BENCH_QUICK BENCH_RECORDS BENCH_GROWTH_RECORDS BENCH_LARGE_MB BENCH_ZONES BENCH_RUNS BENCH_PARTS BENCH_BIND
text=$(bench/run.sh --smoke --zonelint "$zonelint")
md=$(bench/run.sh --smoke --markdown --zonelint "$zonelint")
fail=0
expect() {  # OUTPUT REGEX
  if ! grep -Eq -- "$2" <<<"$1"; then
    echo "bench.smoke: no line matching '$2' in:"
    echo "$1"
    fail=1
  fi
}
for row in 'full lint time / kzonecheck' 'full lint peak RSS / input size' 'growth x10: full lint time' \
  'growth x10: full lint peak RSS' 'parse time / simdzone' '--jobs 1 time / --jobs 2 time'; do
  expect "$text" "^$row.* (PASS|MISS|n/a)\$"
  expect "$md" "^\\| $row.*\\| (PASS|MISS|n/a) \\|\$"
done
expect "$text" '^ +zonelint \(all rules\) +[0-9.]+ '
expect "$md" '^\| zone \| tool \| wall s \|'
# A binary with --jobs must give a figure, not n/a, and the same output on 1 and 2 jobs.
help_text=$("$zonelint" --help 2>/dev/null || true)
if [[ $help_text == *--jobs* ]]; then
  expect "$text" '^--jobs 1 time / --jobs 2 time.* [0-9.]+ +>= 1.8 (PASS|MISS)$'
  expect "$text" '^--jobs 2 output byte-identical.* 1 +>= 1 PASS$'
fi
exit $fail
