#!/usr/bin/env bash
# Runs one fuzz target for a bounded time with its seeds, dictionary and regression inputs.
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer flags...]
# Environment: ZONELINT_FUZZ_BUILD (default build-fuzz; with ZONELINT_FUZZ_FAST=1,
# build-fuzz-fast, the throughput build of fuzz/ci.sh --fast) is the built fuzz directory.
# The growing corpus is kept in $ZONELINT_FUZZ_BUILD/corpus/TARGET between runs (or in
# $ZONELINT_FUZZ_CORPUS: fuzz/throughput.sh gives each measurement an empty one); crash inputs go
# to $ZONELINT_FUZZ_BUILD/artifacts/TARGET/. Exit status: libFuzzer's (non-zero on a crash,
# a leak, a timeout or an out-of-memory).
set -euo pipefail
cd "$(dirname "$0")/.."
target=$1
seconds=$2
shift 2
if [ "${ZONELINT_FUZZ_FAST:-0}" = 1 ]; then
  build=${ZONELINT_FUZZ_BUILD:-build-fuzz-fast}
else
  build=${ZONELINT_FUZZ_BUILD:-build-fuzz}
fi
binary="$build/$target"
[ -x "$binary" ] || { echo "run.sh: $binary not built (see fuzz/README.md)" >&2; exit 2; }

case "$target" in
  fuzz_name | fuzz_rdata | fuzz_zone | fuzz_pipeline) dict=fuzz/dict/zone.dict ;;
  fuzz_octodns | fuzz_config) dict=fuzz/dict/yaml.dict ;;
  *) dict=fuzz/dict/json.dict ;;
esac
# The pipeline reads every format: give it all three dictionaries.
if [ "$target" = fuzz_pipeline ]; then
  cat fuzz/dict/zone.dict fuzz/dict/yaml.dict fuzz/dict/json.dict >"$build/pipeline.dict"
  dict="$build/pipeline.dict"
fi

# Crash and leak reports name file:line only through llvm-symbolizer; clang 19's runtime looks
# for its own version's, which Debian's clang-19 does not install: any version reads the line
# tables.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
  for s in llvm-symbolizer-19 llvm-symbolizer llvm-symbolizer-14; do
    if command -v "$s" >/dev/null 2>&1; then export ASAN_SYMBOLIZER_PATH=$(command -v "$s"); break; fi
  done
fi

seeds="$build/seeds/$target"
corpus=${ZONELINT_FUZZ_CORPUS:-$build/corpus/$target}
artifacts="$build/artifacts/$target"
fuzz/seeds.sh "$target" "$seeds"
mkdir -p "$corpus" "$artifacts"

# -max_len: seeds are truncated to it. 8 KiB holds every construct of a zone file or a YAML/JSON
# document several times over; instrumented parsing costs about 1 ms per KiB, so longer inputs
# would mostly slow the search down. -timeout: a single input taking 10 s is a hang.
# -rss_limit_mb: a memory blow-up (ZONELINT_FUZZ_RSS_MB, default 2048; fuzz/ci.sh, which runs
# several targets at once, gives each its share of a total).
max_len=${ZONELINT_FUZZ_MAX_LEN:-8192}
# ZONELINT_FUZZ_WRAPPER: a command put before the binary, e.g. "perf record -g --" or the
# /usr/bin/time of fuzz/throughput.sh (split at spaces).
# shellcheck disable=SC2086
exec ${ZONELINT_FUZZ_WRAPPER:-} "$binary" -max_total_time="$seconds" -max_len="$max_len" \
  -timeout=10 -rss_limit_mb="${ZONELINT_FUZZ_RSS_MB:-2048}" -dict="$dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
  "$@" "$corpus" "$seeds"
