#!/usr/bin/env bash
# Parse-speed and memory benchmark: zonelint against kzonecheck and named-checkzone on the same
# generated zones, in one run. The machines are shared and noisy: compare the ratios, not the
# absolute figures.
#
# Usage: bench/run.sh [path/to/zonelint] [sizes in MB...]      (default: build/zonelint 10 100)
#   BENCH_RUNS=N   timed runs per tool after one warm-up (default 3); median wall, max RSS.
#
# zonelint runs twice: with --parse-only (load, parse and index, no rules: what kzonecheck and
# `named-checkzone -i none` do is closest to that; see shared/reference/peer-performance.md), and
# with all rules, next to `named-checkzone -i local` (its integrity checks of MX, SRV and NS
# targets and glue inside the zone; the default -i full also queries the DNS for names outside
# it, which an offline run only waits on), the closest peer of a full lint.
set -euo pipefail
cd "$(dirname "$0")/.."
zonelint=${1:-build/zonelint}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100)
runs=${BENCH_RUNS:-3}
out=bench/out
mkdir -p "$out"

command -v kzonecheck >/dev/null || { echo "bench: kzonecheck missing (apt-get install knot)"; exit 2; }
command -v named-checkzone >/dev/null || { echo "bench: named-checkzone missing (bind9-utils)"; exit 2; }
[ -x "$zonelint" ] || { echo "bench: $zonelint is not built"; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (apt-get install time)"; exit 2; }

# The generator arguments of shared/reference/peer-performance.md: 18,500 records per MB.
gen() {
  local mb=$1 file=$out/z$1.zone
  [ -f "$file" ] || python3 tools/genzone.py --records $((mb * 18500)) --seed 42 --out "$file" 2>/dev/null
  echo "$file"
}

# measure CMD... -> "median_wall_s max_rss_kib"
measure() {
  local walls=() rss=0 w r
  "$@" >/dev/null 2>&1 || true  # warm-up, also fills the page cache
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >/dev/null 2>&1 || true
    read -r w r < <(tail -n 1 "$out/time.txt")  # after "Command exited with non-zero status"
    walls+=("$w")
    [ "$r" -gt "$rss" ] && rss=$r
  done
  printf '%s\n' "${walls[@]}" | sort -g | awk -v rss="$rss" '{a[NR]=$1} END {print a[int((NR+1)/2)], rss}'
}

printf '%-7s %-24s %8s %8s %9s %8s %8s\n' size tool wall_s MB/s peak_MiB time/kzc rss/kzc
for mb in "${sizes[@]}"; do
  file=$(gen "$mb")
  bytes=$(stat -c %s "$file")
  read -r kw kr < <(measure kzonecheck -o example.com. "$file")
  read -r zw zr < <(measure "$zonelint" --parse-only --origin example.com. --quiet "$file")
  read -r bw br < <(measure named-checkzone -i none -q example.com. "$file")
  read -r lw lr < <(measure "$zonelint" --origin example.com. --quiet "$file")
  read -r fw fr < <(measure named-checkzone -i local -q example.com. "$file")
  for row in "zonelint --parse-only|$zw|$zr" "kzonecheck|$kw|$kr" "named-checkzone -i none|$bw|$br" \
    "zonelint (all rules)|$lw|$lr" "named-checkzone -i local|$fw|$fr"; do
    IFS='|' read -r name w r <<<"$row"
    awk -v s="${mb}MB" -v n="$name" -v w="$w" -v r="$r" -v b="$bytes" -v kw="$kw" -v kr="$kr" \
      'BEGIN { printf "%-7s %-24s %8.2f %8.1f %9.1f %8.2f %8.2f\n", s, n, w, (w > 0 ? b / 1e6 / w : 0), r / 1024, (kw > 0 ? w / kw : 0), (kr > 0 ? r / kr : 0) }'
  done
done
echo "time/kzc and rss/kzc: zonelint's wall time and peak RSS over kzonecheck's (below 1 is better)"
