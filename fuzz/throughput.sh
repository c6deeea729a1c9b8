#!/usr/bin/env bash
# Executions a second of fuzz targets, for comparing builds and libFuzzer options (the
# "Throughput" section of fuzz/README.md).
#   fuzz/throughput.sh SECONDS TARGET... [-- extra libFuzzer flags]
# Each target runs once through fuzz/run.sh (its options, dictionary and seeds) with -seed=1,
# writing new units to an empty corpus that is thrown away afterwards, so every measurement
# starts from the same inputs. Prints one line a target: executions, exec/s (libFuzzer's
# average over the whole run, the seed replay included), executions per CPU second (user +
# system time of the process: what the target would do on a core of its own, so it moves far
# less with the load than exec/s), cov, ft and the load average around the run. The machine is
# shared: compare configurations in alternation.
# ZONELINT_FUZZ_KEEP=DIR keeps each run's grown corpus in DIR/TARGET (emptied first) instead of
# throwing it away: to compare two builds' searches, replay both corpora through one build
# (BUILD/TARGET -runs=0 -max_len=8192 DIR/TARGET BUILD/seeds/TARGET prints cov and ft).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=$1
shift
targets=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  targets+=("$1")
  shift
done
[ $# -eq 0 ] || shift
for t in "${targets[@]}"; do
  corpus=$(mktemp -d)
  log=$(mktemp)
  load0=$(cut -d' ' -f1 /proc/loadavg)
  status=0
  ZONELINT_FUZZ_CORPUS=$corpus ZONELINT_FUZZ_WRAPPER="/usr/bin/time -f cpu_%U_%S -o $log.cpu" \
    fuzz/run.sh "$t" "$seconds" -seed=1 "$@" >"$log" 2>&1 || status=$?
  load1=$(cut -d' ' -f1 /proc/loadavg)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cpu_rate=$(awk -F_ -v n="${runs:-0}" '/^cpu_/ { c = $2 + $3 } END { if (c > 0) printf "%.0f", n / c }' "$log.cpu")
  cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1 ft \2/p')
  printf '%-16s %4ss %9s runs %6s exec/s %6s exec/cpu-s  %-20s load %s-%s%s\n' "$t" "$seconds" \
    "${runs:-?}" "${rate:-?}" "${cpu_rate:-?}" "$cov" "$load0" "$load1" "$([ "$status" = 0 ] || echo "  FAILED (exit $status)")"
  [ "$status" = 0 ] || grep -E 'ERROR|SUMMARY|invariant' "$log" | head -n 5
  if [ -n "${ZONELINT_FUZZ_KEEP:-}" ]; then
    rm -rf "${ZONELINT_FUZZ_KEEP:?}/$t"
    mkdir -p "$ZONELINT_FUZZ_KEEP"
    mv "$corpus" "$ZONELINT_FUZZ_KEEP/$t"
  fi
  rm -rf "$corpus" "$log" "$log.cpu"
done
