#!/usr/bin/env bash
# Steady-state executions a second of one fuzz target: the rate over the end of a session, after
# the seed replay and the first growth of the corpus that fuzz/throughput.sh's short runs mostly
# measure (the "Throughput" section of fuzz/README.md, fifth pass).
#   fuzz/steady.sh SECONDS FROM PROCESSES TARGET [extra libFuzzer flags]
# Runs PROCESSES instances of TARGET at once through fuzz/run.sh (its options, dictionary and
# seeds) for SECONDS each, with -seed=1, 2, ..., each into an empty corpus of its own that is
# thrown away afterwards (the throughput of -jobs=N -workers=N without the shared corpus).
# The build is run.sh's (ZONELINT_FUZZ_BUILD, ZONELINT_FUZZ_FAST); ZONELINT_FUZZ_BUILDS="DIR1
# DIR2 ..." gives each process its own (to compare two builds side by side on equal time) and
# ZONELINT_FUZZ_SEEDS="S1 S2 ..." each its own -seed.
# Every output line is timestamped and the CPU time of each process is sampled every second;
# the window is from FROM seconds after the start to the end. Prints one line a process: the
# executions in the window, their rate a wall second and a CPU second (user + system), cov and
# ft at the end, and the load average around the run; then the sum of the wall rates.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 4 ] || { echo "usage: fuzz/steady.sh SECONDS FROM PROCESSES TARGET [libFuzzer flags]" >&2; exit 2; }
seconds=$1
from=$2
procs=$3
target=$4
shift 4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tick=$(getconf CLK_TCK)
load0=$(cut -d' ' -f1 /proc/loadavg)
if [ "${ZONELINT_FUZZ_FAST:-0}" = 1 ]; then
  default_build=${ZONELINT_FUZZ_BUILD:-build-fuzz-fast}
else
  default_build=${ZONELINT_FUZZ_BUILD:-build-fuzz}
fi
read -r -a builds <<<"${ZONELINT_FUZZ_BUILDS:-}"
read -r -a seeds <<<"${ZONELINT_FUZZ_SEEDS:-}"
pids=()
for i in $(seq 1 "$procs"); do
  mkdir "$tmp/corpus$i"
  # A build directory of its own for each process (run.sh writes the seeds into BUILD/seeds):
  # the target and the artifacts directory of the real one.
  build=${builds[$((i - 1))]:-$default_build}
  [ -x "$build/$target" ] || { echo "steady.sh: $build/$target not built" >&2; exit 2; }
  mkdir -p "$tmp/build$i" "$build/artifacts"
  ln -s "$(realpath "$build/$target")" "$tmp/build$i/$target"
  ln -s "$(realpath "$build/artifacts")" "$tmp/build$i/artifacts"
  # run.sh execs the target, so $! is the fuzzer's own process.
  ZONELINT_FUZZ_BUILD=$tmp/build$i ZONELINT_FUZZ_CORPUS=$tmp/corpus$i \
    fuzz/run.sh "$target" "$seconds" -seed="${seeds[$((i - 1))]:-$i}" "$@" \
    > >(perl -MTime::HiRes=time -ne 'BEGIN { $| = 1 } printf "%.3f %s", time, $_' >"$tmp/log$i") 2>&1 &
  pids+=($!)
  echo "$(date +%s.%N) start" >"$tmp/cpu$i"
done
# CPU time (utime + stime) of each process, once a second, until all have exited.
while :; do
  alive=0
  for i in $(seq 1 "$procs"); do
    pid=${pids[$((i - 1))]}
    if stat=$(cat "/proc/$pid/stat" 2>/dev/null); then
      alive=1
      echo "$(date +%s.%N) $(echo "${stat##*) }" | awk -v t="$tick" '{ printf "%.2f", ($12 + $13) / t }')" >>"$tmp/cpu$i"
    fi
  done
  [ $alive = 1 ] || break
  sleep 1
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
sleep 1  # the timestamping readers finish
load1=$(cut -d' ' -f1 /proc/loadavg)
total=0
for i in $(seq 1 "$procs"); do
  # From the status lines (#N ... cov: C ft: F ...): the last one before the window starts and
  # the last one of all (DONE); the CPU time at each, from the nearest sample before it.
  line=$(awk -v from="$from" -v cpufile="$tmp/cpu$i" '
    BEGIN {
      while ((getline l < cpufile) > 0) { split(l, f, " "); if (f[2] == "start") t0 = f[1]; else { n++; st[n] = f[1]; sc[n] = f[2] } }
    }
    function cpu_at(t,   k, c) { c = 0; for (k = 1; k <= n; k++) { if (st[k] > t) break; c = sc[k] } return c }
    $2 ~ /^#[0-9]+$/ {
      ex = substr($2, 2) + 0
      if ($1 - t0 <= from) { ta = $1; na = ex }
      tb = $1; nb = ex
      if (match($0, /cov: [0-9]+ ft: [0-9]+/)) cov = substr($0, RSTART, RLENGTH)
    }
    END {
      if (ta == "" || tb <= ta) { print "no window"; exit }
      ca = cpu_at(ta); cb = sc[n]  # the last sample: the process at its end
      printf "%d %.1f %.0f %.0f %s", nb - na, tb - ta, (nb - na) / (tb - ta), (cb > ca ? (nb - na) / (cb - ca) : 0), cov
    }' "$tmp/log$i")
  if [ "$line" = "no window" ]; then
    echo "$target #$i: no status line before ${from}s and after it" >&2
    continue
  fi
  read -r runs wall rate cpu_rate rest <<<"$line"
  total=$((total + rate))
  printf '%-14s %ss from %ss, process %d/%d (%s): %9s runs in %6.1fs %6s exec/s %6s exec/cpu-s  %s\n' \
    "$target" "$seconds" "$from" "$i" "$procs" "${builds[$((i - 1))]:-$default_build}" "$runs" "$wall" "$rate" "$cpu_rate" "$rest"
done
echo "$target: $procs process(es), $total exec/s in all; load $load0-$load1$([ "$status" = 0 ] || echo "  FAILED (exit $status)")"
[ -z "${ZONELINT_FUZZ_KEEP_LOGS:-}" ] || cp "$tmp"/log* "$tmp"/cpu* "$ZONELINT_FUZZ_KEEP_LOGS"/
