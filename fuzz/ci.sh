#!/usr/bin/env bash
# The fuzz step of scripts/test: builds every fuzz target with clang++ and runs each for a
# short bounded time (ZONELINT_FUZZ_SECONDS, default 20, scripts/test 10; at most 45 in CI) on
# its seeds, one target per core at a time (ZONELINT_FUZZ_JOBS).
# A crash, leak, timeout or out-of-memory fails the step and leaves the input under
# build-fuzz/artifacts/TARGET/ (add it to fuzz/regressions/TARGET/ once fixed).
#   fuzz/ci.sh [--fast] [--build-only | --run-only]
#     --build-only: configure and build the targets, run none.
#     --run-only: run the targets of an already built ZONELINT_FUZZ_BUILD, without configuring
#       it (scripts/test: its clang sanitizer build, which holds the test suite and the targets).
#     --fast (or ZONELINT_FUZZ_FAST=1): the throughput configuration, ZONELINT_FUZZ_FAST in
#       build-fuzz-fast: no ASan, UBSan in trap mode, -O2 with assertions on (README.md,
#       "Throughput"). Several times the executions, but blind to what only ASan sees: a
#       session runs both; CI and scripts/test run the default (ASan) build.
set -euo pipefail
cd "$(dirname "$0")/.."
build_only=0
run_only=0
fast=${ZONELINT_FUZZ_FAST:-0}
for arg in "$@"; do
  case "$arg" in
    --build-only) build_only=1 ;;
    --run-only) run_only=1 ;;
    --fast) fast=1 ;;
    *) echo "usage: fuzz/ci.sh [--fast] [--build-only | --run-only]" >&2; exit 2 ;;
  esac
done
[ $((build_only + run_only)) -le 1 ] || { echo "fuzz: --build-only or --run-only, not both" >&2; exit 2; }
seconds=${ZONELINT_FUZZ_SECONDS:-20}
if [ "$fast" = 1 ]; then
  build=${ZONELINT_FUZZ_BUILD:-build-fuzz-fast}
  build_flags=(-DZONELINT_FUZZ_FAST=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2)
else
  build=${ZONELINT_FUZZ_BUILD:-build-fuzz}
  build_flags=(-DZONELINT_FUZZ_FAST=OFF)
fi
export ZONELINT_FUZZ_BUILD=$build

# ZONELINT_FUZZ_CXX: the compiler; default clang++-19 when installed (scripts/setup installs it),
# else clang++. The libFuzzer of clang 18 and later runs fuzz_pipeline about 1.7x as many inputs
# per CPU second as clang 14's (README.md, "Throughput"). A build directory configured with
# another compiler is reconfigured (CMake drops its cache).
if [ $run_only = 0 ]; then
  default_cxx=clang++
  # Only with its libFuzzer runtime (libclang-rt-19-dev): the compiler alone cannot link a target.
  if command -v clang++-19 >/dev/null 2>&1 &&
    [ -f "$(clang++-19 -print-file-name="libclang_rt.fuzzer-$(uname -m).a")" ]; then
    default_cxx=clang++-19
  fi
  cxx=$(command -v "${ZONELINT_FUZZ_CXX:-$default_cxx}") || {
    echo "fuzz: ${ZONELINT_FUZZ_CXX:-$default_cxx} not found" >&2
    exit 2
  }
  cmake -S fuzz -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
    "${build_flags[@]}" >/dev/null
  cmake --build "$build" -j "$(nproc)" --target fuzz_all
  [ $build_only = 0 ] || exit 0
fi
[ -f "$build/fuzz-targets.txt" ] || { echo "fuzz: $build is not a built fuzz directory" >&2; exit 2; }
mapfile -t targets <"$build/fuzz-targets.txt"
mkdir -p "$build/logs"
# Each libFuzzer run is one process on one core for a fixed wall time, so the targets run
# ZONELINT_FUZZ_JOBS at a time (default: one per core); each still gets a core of its own, as
# many executions as when they ran one after the other, and the step takes 1/jobs of the wall.
parallel=${ZONELINT_FUZZ_JOBS:-$(nproc)}
if ! [[ $parallel =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz: ZONELINT_FUZZ_JOBS must be a positive number, not '$parallel'" >&2
  exit 2
fi
# Memory: the targets running at once share ZONELINT_FUZZ_RSS_TOTAL_MB (default 3072, under half
# of a 7 GB CI runner), at most 2048 MB each (fuzz/run.sh's limit for one target). At 2 jobs
# each gets 1536 MB; a short CI run of these targets peaks far lower (the rss: of the last
# status line below), so a target that reaches its share is a blow-up.
rss_total=${ZONELINT_FUZZ_RSS_TOTAL_MB:-3072}
if ! [[ $rss_total =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz: ZONELINT_FUZZ_RSS_TOTAL_MB must be a positive number, not '$rss_total'" >&2
  exit 2
fi
rss_each=$((rss_total / parallel))
[ "$rss_each" -le 2048 ] || rss_each=2048
# Below ~512 MB an ASan target reports out-of-memory on ordinary inputs (ASan's malloc limit
# follows -rss_limit_mb), and 0 would mean no limit at all: refuse rather than mislead.
if [ "$rss_each" -lt 512 ]; then
  echo "fuzz: ZONELINT_FUZZ_RSS_TOTAL_MB=$rss_total leaves $rss_each MB to each of $parallel" \
    "targets at once, under 512: raise it or lower ZONELINT_FUZZ_JOBS" >&2
  exit 2
fi
export ZONELINT_FUZZ_RSS_MB=$rss_each
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  rm -f "$build/logs/$t.status"
  {
    rc=0
    fuzz/run.sh "$t" "$seconds" >"$build/logs/$t.log" 2>&1 || rc=$?
    echo "$rc" >"$build/logs/$t.status"
  } &
done
wait
failed=()
for t in "${targets[@]}"; do
  log="$build/logs/$t.log"
  if [ "$(cat "$build/logs/$t.status" 2>/dev/null)" = 0 ]; then
    # The last status line: executions, coverage (cov = edges, ft = features), corpus size.
    echo "fuzz: $t ok: $(grep -E '^#[0-9]+' "$log" | tail -n 1)"
  else
    echo "fuzz: $t FAILED (log: $log)"
    grep -E 'ERROR|SUMMARY|invariant|Test unit written' "$log" | head -n 20 || true
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failures in: ${failed[*]}" >&2
  exit 1
fi
