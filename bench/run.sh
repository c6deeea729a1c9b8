#!/usr/bin/env bash
# Performance benchmark of issue 15: zonelint against kzonecheck (and optionally named-checkzone)
# on generated zones, in one run, the tools alternating, with the ratios and the targets.
# bench/README.md explains every row and how to read the figures on a noisy machine.
#
# Usage: bench/run.sh [--quick | --smoke] [--markdown | --update-readme] [--zonelint PATH]
#   (default)       1M-record zone, 100 MB zone, 100k-record zone, 10,000 small zones, 3 rounds
#   --quick         100k and 10k records, 2,000 small zones, no 100 MB zone: about a minute
#                   (also BENCH_QUICK=1)
#   --smoke         tiny zones, one round, no warm-up: checks that the script works (the ctest)
#                   (also BENCH_SMOKE=1)
#   --markdown      print the README's Performance figures (markdown) instead of the text table
#   --update-readme run, then replace the generated part of README.md's Performance section
#   --zonelint PATH the binary to measure (default build/zonelint; a bare PATH works too)
# Environment (each overrides the mode's default):
#   BENCH_RECORDS=N         records of the main zone (default 1000000; genzone.py --seed 42)
#   BENCH_GROWTH_RECORDS=N  records of the growth zone (default BENCH_RECORDS / 10)
#   BENCH_LARGE_MB=N        size of the large zone in MB, 18,500 records a MB (default 100; 0: none)
#   BENCH_ZONES=N           small zones for the --jobs comparison (default 10000)
#   BENCH_RUNS=N            timed rounds after one warm-up round (default 3)
#   BENCH_SHORT_REPS=N      times the growth zone's and the small zones' commands run in each round
#                           (default 5, smoke 1): they take a tenth to a quarter of a second, where
#                           one run's noise is large
#   BENCH_JOBS_REPS=N       times --jobs 1 and --jobs 2 each run in a round, in turns (default 9,
#                           smoke 1): their ratio is the noisiest figure of the table
#   BENCH_PARTS=LIST        comma list of lint,large,growth,simdzone,jobs (default: all)
#   BENCH_BIND=1            also time named-checkzone -i none / -i local (slow; off by default)
#   BENCH_OUT=DIR           where the generated zones are kept (default bench/out)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
output=text
zonelint=build/zonelint
while [ $# -gt 0 ]; do
  case $1 in
    --quick) mode=quick ;;
    --smoke) mode=smoke ;;
    --markdown) output=markdown ;;
    --update-readme) output=readme ;;
    --zonelint) zonelint=$2; shift ;;
    --zonelint=*) zonelint=${1#--zonelint=} ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) zonelint=$1 ;;
  esac
  shift
done
[ -z "${BENCH_QUICK:-}" ] || mode=quick
[ -z "${BENCH_SMOKE:-}" ] || mode=smoke

case $mode in
  full) d_records=1000000 d_large=100 d_zones=10000 d_runs=3 ;;
  quick) d_records=100000 d_large=0 d_zones=2000 d_runs=3 ;;
  smoke) d_records=2000 d_large=0 d_zones=20 d_runs=1 ;;
esac
records=${BENCH_RECORDS:-$d_records}
growth_records=${BENCH_GROWTH_RECORDS:-$((records / 10))}
large_mb=${BENCH_LARGE_MB:-$d_large}
nzones=${BENCH_ZONES:-$d_zones}
runs=${BENCH_RUNS:-$d_runs}
short_reps=${BENCH_SHORT_REPS:-$([ "$mode" = smoke ] && echo 1 || echo 5)}
jobs_reps=${BENCH_JOBS_REPS:-$([ "$mode" = smoke ] && echo 1 || echo 9)}
parts=",${BENCH_PARTS:-lint,large,growth,simdzone,jobs},"
out=${BENCH_OUT:-bench/out}
want() { [[ $parts == *",$1,"* ]]; }
say() { echo "bench: $*" >&2; }
[ "$large_mb" -gt 0 ] || parts=${parts//,large,/,}
[ "$growth_records" -ge 80 ] || parts=${parts//,growth,/,}  # genzone.py's minimum

[ -x "$zonelint" ] || { say "$zonelint is not built"; exit 2; }
command -v python3 >/dev/null || { say "python3 missing (tools/genzone.py needs it)"; exit 2; }
have_kzc=0
if command -v kzonecheck >/dev/null; then
  have_kzc=1
else
  say "kzonecheck missing (apt-get install knot): its rows are n/a"
fi
have_bind=0
if [ -n "${BENCH_BIND:-}" ]; then
  if command -v named-checkzone >/dev/null; then have_bind=1; else say "named-checkzone missing (bind9-utils)"; fi
fi
# (Not `--help | grep -q`: grep stops at the match and, under pipefail, the help's SIGPIPE
# would make the test fail at random.)
have_jobs=0
help_text=$("$zonelint" --help 2>/dev/null || true)
[[ $help_text != *--jobs* ]] || have_jobs=1
mkdir -p "$out"
tmp=$(mktemp -d "$out/run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The timer (bench/measure.c), compiled into $out when missing or older than its source.
measure=$out/measure
if [ ! -x "$measure" ] || [ bench/measure.c -nt "$measure" ]; then
  "${CC:-cc}" -O2 -o "$tmp/measure" bench/measure.c || { say "cannot compile bench/measure.c (a C compiler: apt-get install gcc)"; exit 2; }
  mv "$tmp/measure" "$measure"
fi

# ---- inputs ---------------------------------------------------------------------------------
# genzone.py --seed 42, the generator of shared/reference/peer-performance.md (18,500 records a
# MB; 1,850,000 records is its z100.zone byte for byte). Kept in $out between runs.
gen() {
  local n=$1 file=$out/r$1.zone
  if [ ! -s "$file" ]; then
    say "generating $file ($n records)"
    python3 tools/genzone.py --records "$n" --seed 42 --out "$file.tmp" 2>/dev/null
    mv "$file.tmp" "$file"
  fi
  echo "$file"
}

# N small zones, one directory: what a DNS host or an agency keeps (a few record types each,
# mail and web, some with SRV, CAA or a delegation). Deterministic; kept in $out between runs.
gen_small_zones() {
  local n=$1 dir=$out/zones-$1
  if [ ! -f "$dir/.done" ]; then
    say "generating $n small zones in $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    python3 - "$dir" "$n" <<'PY'
import os, sys
out, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    o = "shop%05d.example." % i
    a, b = (i // 250) % 250 + 1, i % 250 + 1
    lines = [
        "$ORIGIN " + o,
        "$TTL 3600",
        "@ IN SOA ns1.dns-host.example. hostmaster.%s (" % o,
        "    %d 7200 3600 1209600 3600 )" % (2026120400 + i % 100),
        "  IN NS ns1.dns-host.example.",
        "  IN NS ns2.dns-host.example.",
        "  IN A 198.51.%d.%d" % (a % 100, b),
        "  IN AAAA 2001:db8:%x::%x" % (a, b),
        "  IN MX 10 mail",
        "  IN MX 20 mail2",
        '  IN TXT "v=spf1 mx -all"',
        "www IN CNAME @",
        "mail IN A 198.51.%d.%d" % (a % 100, (b + 1) % 250 + 1),
        "mail2 IN A 203.0.%d.%d" % (a % 100, b),
        '_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@%s"' % o.rstrip("."),
    ]
    if i % 3 == 0:
        lines.append("_sip._tcp IN SRV 10 60 5060 sip")
        lines.append("sip 300 IN A 203.0.%d.%d" % (a % 100, (b + 7) % 250 + 1))
    if i % 4 == 0:
        lines.append('@ IN CAA 0 issue "letsencrypt.org"')
    if i % 10 == 0:
        lines.append("dev IN NS ns1.dev")
        lines.append("ns1.dev IN A 192.0.2.%d" % b)
    for h in range(i % 5):
        lines.append("host%d IN A 198.51.%d.%d" % (h, a % 100, (b + h + 20) % 250 + 1))
    with open(os.path.join(out, o + "zone"), "w") as f:
        f.write("\n".join(lines) + "\n")
PY
    touch "$dir/.done"
  fi
  echo "$dir"
}

# ---- measuring ------------------------------------------------------------------------------
# Every command is registered with a key, then all of them run in rounds: one warm-up round
# (which also fills the page cache and checks the exit status), then $runs timed rounds, each
# running every command once in turn. So a change in the machine's load shows in every tool's
# figures alike instead of in one tool's. Wall time: median; peak RSS: the largest.
# A command that takes a tenth to a quarter of a second runs several times in each round: the
# growth zone's $short_reps times in a row, the small zones' $jobs_reps times (--jobs 1 and 2 in
# turns, see interleave below). Its median is then over many runs, where one run more or less of
# scheduler noise would move a median of three by several per cent (the --jobs ratio of the small
# zones read 1.52 and 1.63 in two runs of one build a few minutes apart, when perf stat -r 20 read
# 1.72-1.81).
keys=()
declare -A cmd max_ok reps
add() {  # KEY MAX_OK_STATUS CMD...
  local key=$1 ok=$2
  shift 2
  keys+=("$key")
  cmd[$key]=$(printf '%q ' "$@")
  max_ok[$key]=$ok
  reps[$key]=1
}

run_one() {  # KEY TIMED(0/1)
  local key=$1 timed=$2 wall rss st
  # bench/measure.c: wall time from fork to wait4 and the peak RSS of the command alone.
  eval "set -- ${cmd[$key]}"
  read -r wall rss st < <("$measure" "$tmp/$key.out" "$tmp/$key.err" "$@")
  if [ -z "$st" ] || [ "$st" -gt "${max_ok[$key]}" ]; then
    say "$key failed (exit ${st:-?}): ${cmd[$key]}"
    head -n 5 "$tmp/$key.err" >&2
    exit 1
  fi
  [ "$timed" = 1 ] || return 0
  echo "$wall" >>"$tmp/$key.walls"  # microseconds
  echo "$rss" >>"$tmp/$key.rss"     # KiB
}

# Two commands whose times are compared with each other (--jobs 1 and --jobs 2) run in turns, one
# run of each, rather than one's repetitions and then the other's: a burst of load on the shared
# machine then falls on both alike instead of on whichever block it happened to meet.
declare -A partner partnered
interleave() { partner[$1]=$2 partnered[$2]=1; }

measure_all() {
  local r key
  if [ "$mode" != smoke ]; then
    say "warm-up round (${#keys[@]} commands)"
    for key in "${keys[@]}"; do run_one "$key" 0; done
  fi
  for r in $(seq "$runs"); do
    say "round $r of $runs"
    for key in "${keys[@]}"; do
      [ -z "${partnered[$key]:-}" ] || continue
      for _ in $(seq "${reps[$key]}"); do
        run_one "$key" 1
        [ -z "${partner[$key]:-}" ] || run_one "${partner[$key]}" 1
      done
    done
  done
}

# wall KEY -> median seconds; rss KEY -> largest peak RSS in bytes; "" when not measured
wall() {
  [ -f "$tmp/$1.walls" ] || return 0
  sort -n "$tmp/$1.walls" | awk '{a[NR]=$1} END {printf "%.3f", (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2) / 1e6}'
}
rss() {
  [ -f "$tmp/$1.rss" ] || return 0
  sort -n "$tmp/$1.rss" | tail -n 1 | awk '{printf "%d", $1 * 1024}'
}
# ratio A B -> A/B with three decimals (the verdicts compare this figure: at two, 107.5 MiB for a
# 53.63 MiB file read 2.00 and passed "<= 2"), "" when either is missing or B is 0
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.3f", a / b }'; }
# verdict VALUE OP TARGET -> PASS / MISS / n/a
verdict() {
  [ -n "$1" ] || { echo n/a; return; }
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == "<=" ? v <= t : v >= t); print (ok ? "PASS" : "MISS") }'
}

# ---- what runs ------------------------------------------------------------------------------
zl_lint() { add "$1" 1 "$zonelint" --origin example.com. --quiet "$2"; }
zl_parse() { add "$1" 1 "$zonelint" --parse-only --origin example.com. --quiet "$2"; }
peers() {  # PREFIX FILE
  [ "$have_kzc" = 0 ] || add "$1.kzc" 0 kzonecheck -d off -o example.com. "$2"
  if [ "$have_bind" = 1 ]; then
    add "$1.bind_none" 0 named-checkzone -i none -q example.com. "$2"
    add "$1.bind_local" 0 named-checkzone -i local -q example.com. "$2"
  fi
}

zones=()  # "key|label|file" of every zone measured, for the table
if want lint || want growth || want simdzone; then
  main_file=$(gen "$records")
  zones+=("main|$records records|$main_file")
  peers main "$main_file"
  zl_parse main.parse "$main_file"
  zl_lint main.lint "$main_file"
fi
if want large; then
  large_file=$(gen $((large_mb * 18500)))
  zones+=("large|$large_mb MB ($((large_mb * 18500)) records)|$large_file")
  peers large "$large_file"
  zl_parse large.parse "$large_file"
  zl_lint large.lint "$large_file"
fi
if want growth; then
  growth_file=$(gen "$growth_records")
  zones+=("growth|$growth_records records|$growth_file")
  zl_parse growth.parse "$growth_file"
  zl_lint growth.lint "$growth_file"
  reps[growth.parse]=$short_reps reps[growth.lint]=$short_reps
fi
if want jobs; then
  zones_dir=$(gen_small_zones "$nzones")
  if [ "$have_jobs" = 1 ]; then
    add jobs.1 1 "$zonelint" --jobs 1 --quiet "$zones_dir"
    add jobs.2 1 "$zonelint" --jobs 2 --quiet "$zones_dir"
    reps[jobs.1]=$jobs_reps reps[jobs.2]=$jobs_reps
    interleave jobs.1 jobs.2
  else
    say "$zonelint has no --jobs option: the --jobs rows are n/a"
    add jobs.default 1 "$zonelint" --quiet "$zones_dir"
    reps[jobs.default]=$short_reps
  fi
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
measure_all
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- results --------------------------------------------------------------------------------
bytes_of() { stat -c %s "$1"; }
mib() { awk -v b="$1" 'BEGIN { if (b != "") printf "%.1f", b / 1048576 }'; }
mbs() { awk -v b="$1" -v w="$2" 'BEGIN { if (w != "" && w > 0) printf "%.1f", b / 1e6 / w }'; }

# The measurements: one row per zone and tool.
meas=()  # "zone label|tool|wall|MB/s|peak MiB|RSS/input|time/kzc"
for z in "${zones[@]}"; do
  IFS='|' read -r zk label file <<<"$z"
  b=$(bytes_of "$file")
  label="$label, $(mib "$b") MiB"
  for t in "kzc|kzonecheck -d off" "parse|zonelint --parse-only" "lint|zonelint (all rules)" \
    "bind_none|named-checkzone -i none" "bind_local|named-checkzone -i local"; do
    IFS='|' read -r tk tname <<<"$t"
    w=$(wall "$zk.$tk")
    [ -n "$w" ] || continue
    r=$(rss "$zk.$tk")
    meas+=("$label|$tname|$w|$(mbs "$b" "$w")|$(mib "$r")|$(ratio "$r" "$b")|$(ratio "$w" "$(wall "$zk.kzc")")")
    label=""
  done
done
label="$nzones small zones"
for k in jobs.1 jobs.2 jobs.default; do
  w=$(wall "$k")
  [ -n "$w" ] || continue
  case $k in jobs.default) tname="zonelint (no --jobs option)" ;; *) tname="zonelint --jobs ${k#jobs.}" ;; esac
  meas+=("$label|$tname|$w||$(mib "$(rss "$k")")||")
  label=""
done

# The targets of issue 15: "what|figure|op|target".
targets=()
tgt() { targets+=("$1|$2|$3|$4"); }
if want lint; then
  tgt "full lint time / kzonecheck, $records records" "$(ratio "$(wall main.lint)" "$(wall main.kzc)")" "<=" 0.5
fi
if want large; then
  tgt "full lint time / kzonecheck, $large_mb MB" "$(ratio "$(wall large.lint)" "$(wall large.kzc)")" "<=" 0.5
fi
if want lint; then
  tgt "full lint peak RSS / input size, $records records" "$(ratio "$(rss main.lint)" "$(bytes_of "$main_file")")" "<=" 2
fi
if want large; then
  tgt "full lint peak RSS / input size, $large_mb MB" "$(ratio "$(rss large.lint)" "$(bytes_of "$large_file")")" "<=" 2
fi
if want growth; then
  g="$growth_records -> $records records"
  tgt "growth x10: full lint time ($g)" "$(ratio "$(wall main.lint)" "$(wall growth.lint)")" "<=" 10.5
  tgt "growth x10: full lint peak RSS ($g)" "$(ratio "$(rss main.lint)" "$(rss growth.lint)")" "<=" 10.5
  tgt "growth x10: parse time ($g)" "$(ratio "$(wall main.parse)" "$(wall growth.parse)")" "<=" 10.5
fi
simd_note=""
if want simdzone; then
  # simdzone 0.2.5 (AVX2) parse times of shared/reference/peer-performance.md, measured there on
  # a quiet machine of this type: 0.266 s for z100.zone, 0.029 s for z10.zone; kzonecheck took
  # 4.854 s and 0.456 s on the same files in the same session. Another file: its size at
  # simdzone's 392 MB/s on z100 (an estimate). No simdzone source is on this machine to build it
  # here (nothing is downloaded).
  #
  # The reference time was taken on another day, so the machine may be faster or slower now (the
  # same host has measured kzonecheck 30% apart on two quiet mornings). kzonecheck, measured
  # in this very run on the same file, carries the machine's speed: the target row divides our
  # parse time by simdzone's time scaled by kzonecheck's now/then ratio, i.e. it compares
  # (our parse / kzonecheck now) with (simdzone / kzonecheck then). The unscaled ratio is printed
  # below the table. Without a kzonecheck time (peer missing) the unscaled ratio is the row.
  if want large; then sf=$large_file sk=large; else sf=$main_file sk=main; fi
  simd_kzc=""
  case $(sha256sum "$sf" | cut -c1-64) in
    15b8b8efa99ee323d19d5f6b077b84bcd33c75290bb160a1e296c8b51c79c7e9) simd=0.266 simd_kzc=4.854 simd_note="its time on this very file (z100.zone) in shared/reference/peer-performance.md, a quiet machine" ;;
    602aed52e855e37a4f122855753ba1c30dd496546e5b1129865695f13f5c840b) simd=0.029 simd_kzc=0.456 simd_note="its time on this very file (z10.zone) in shared/reference/peer-performance.md, a quiet machine" ;;
    *) simd=$(awk -v b="$(bytes_of "$sf")" 'BEGIN { printf "%.4f", b / 392e6 }') simd_note="estimated: the file's size at simdzone's 392 MB/s on z100.zone (shared/reference/peer-performance.md)" ;;
  esac
  simd_raw=$(ratio "$(wall "$sk.parse")" "$simd")
  kzc_now=$(wall "$sk.kzc")
  if [ -n "$simd_kzc" ] && [ -n "$kzc_now" ]; then
    simd_here=$(awk -v s="$simd" -v now="$kzc_now" -v then="$simd_kzc" 'BEGIN { printf "%.4f", s * now / then }')
    simd_note="simdzone 0.2.5 (AVX2) parse: $simd s on $(basename "$sf"), $simd_note, where kzonecheck took $simd_kzc s; kzonecheck took $kzc_now s in this run, so simdzone's time scaled to this machine now is $simd_here s. Unscaled ratio (against $simd s): $simd_raw"
    tgt "parse time / simdzone's (scaled through kzonecheck), $(basename "$sf")" "$(ratio "$(wall "$sk.parse")" "$simd_here")" "<=" 4
  else
    simd_note="simdzone 0.2.5 (AVX2) parse: $simd s on $(basename "$sf"), $simd_note (not scaled: no kzonecheck time in this run)"
    tgt "parse time / simdzone's, $(basename "$sf") (see below)" "$simd_raw" "<=" 4
  fi
fi
if want jobs; then
  if [ "$have_jobs" = 1 ]; then
    tgt "--jobs 1 time / --jobs 2 time, $nzones small zones" "$(ratio "$(wall jobs.1)" "$(wall jobs.2)")" ">=" 1.8
    if cmp -s "$tmp/jobs.1.out" "$tmp/jobs.2.out"; then same=1; else same=0; fi
    tgt "--jobs 2 output byte-identical to --jobs 1" "$same" ">=" 1
  else
    tgt "--jobs 1 time / --jobs 2 time, $nzones small zones (no --jobs option)" "" ">=" 1.8
  fi
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
machine="$(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
version=$("$zonelint" --version 2>/dev/null | head -n 1)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
kzc_version=$([ "$have_kzc" = 1 ] && kzonecheck --version 2>/dev/null | head -n 1 || echo "kzonecheck missing")
when=$(date -u '+%Y-%m-%d %H:%M UTC')
warmup_note=" after a warm-up"
[ "$mode" != smoke ] || warmup_note=" (no warm-up)"
if [ "$short_reps" -gt 1 ] && want growth; then
  warmup_note="$warmup_note, the $growth_records-record zone $short_reps times a round"
fi
if [ "$jobs_reps" -gt 1 ] && want jobs; then
  warmup_note="$warmup_note, the small zones $jobs_reps times a round (--jobs 1 and 2 in turns)"
fi

text_report() {
  echo "bench/run.sh ($mode): $when, $machine"
  echo "$version (commit $commit); $kzc_version; medians of $runs alternating rounds$warmup_note"
  echo "load average before / after: $load_before / $load_after"
  echo
  printf '%-36s %-28s %8s %8s %9s %9s %8s\n' zone tool wall_s MB/s peak_MiB rss/input time/kzc
  local m
  for m in "${meas[@]}"; do
    IFS='|' read -r a b c d e f g <<<"$m"
    printf '%-36s %-28s %8s %8s %9s %9s %8s\n' "$a" "$b" "$c" "${d:--}" "$e" "${f:--}" "${g:--}"
  done
  echo
  printf '%-64s %8s %8s %s\n' target figure goal result
  local t
  for t in "${targets[@]}"; do
    IFS='|' read -r a v op goal <<<"$t"
    printf '%-64s %8s %8s %s\n' "$a" "${v:-n/a}" "$op $goal" "$(verdict "$v" "$op" "$goal")"
  done
  [ -z "$simd_note" ] || echo "$simd_note"
}

markdown_report() {
  echo "Measured $when by \`bench/run.sh\` ($mode mode) on $machine, load average"
  echo "$load_before before and $load_after after; $version (commit \`$commit\`),"
  echo "$kzc_version. Median wall time of $runs alternating rounds$warmup_note, largest peak RSS."
  echo
  echo "| zone | tool | wall s | MB/s | peak RSS MiB | RSS / input | time / kzonecheck |"
  echo "|---|---|---|---|---|---|---|"
  local m
  for m in "${meas[@]}"; do
    IFS='|' read -r a b c d e f g <<<"$m"
    echo "| $a | $b | $c | ${d:--} | $e | ${f:--} | ${g:--} |"
  done
  echo
  echo "| target (issue 15) | figure | goal | |"
  echo "|---|---|---|---|"
  local t
  for t in "${targets[@]}"; do
    IFS='|' read -r a v op goal <<<"$t"
    echo "| $a | ${v:-n/a} | $op $goal | $(verdict "$v" "$op" "$goal") |"
  done
  [ -z "$simd_note" ] || { echo; echo "$simd_note."; }
}

case $output in
  text) text_report ;;
  markdown) markdown_report ;;
  readme)
    text_report
    markdown_report >"$tmp/section.md"
    python3 - README.md "$tmp/section.md" <<'PY'
import re, sys
readme, section = sys.argv[1], open(sys.argv[2]).read()
text = open(readme).read()
begin = re.search(r"<!-- bench:begin[^\n]*-->\n", text)
end = text.find("<!-- bench:end -->")
if not begin or end < begin.end():
    sys.exit("bench: README.md has no <!-- bench:begin --> ... <!-- bench:end --> markers")
open(readme, "w").write(text[: begin.end()] + section + text[end:])
PY
    say "README.md's Performance figures updated"
    ;;
esac
