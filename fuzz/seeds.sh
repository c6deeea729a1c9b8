#!/usr/bin/env bash
# Builds the seed corpus of one fuzz target from the repository's own test data, at run time
# (nothing is copied into git): fixtures/ and tests/corpus/ (the copy of ../shared/corpus).
#   fuzz/seeds.sh TARGET OUT_DIR
# Files are copied flat, named by a hash of their path; OUT_DIR is emptied first.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$1
out=$2
rm -rf "$out"
mkdir -p "$out"

roots=()
for d in fixtures tests/corpus; do [ -d "$d" ] && roots+=("$d"); done

# The data a target reads, by file name (find -iname patterns).
zone_files() {
  find "${roots[@]}" -type f \
    \( -iname '*.zone' -o -iname '*.db' -o -iname '*.in' -o -iname '*.data' -o -iname 'db.*' \
       -o -iname '*.com' -o -iname '*.org' -o -iname '*.net' -o -iname '*.tst' -o -iname '*.good' \
       -o -path '*/knot-zscanner/includes/*' -o -path 'fixtures/hostile/*' \) |
    grep -v -e '\.ya\?ml$' -e '\.json$'
}
yaml_files() { find "${roots[@]}" -type f \( -iname '*.yaml' -o -iname '*.yml' \); }
json_files() { find "${roots[@]}" -type f -iname '*.json'; }

# JSON documents written inline in the front ends' unit tests (raw string literals R"(...)"
# that start with '{'), whose first key matches $1: the only Route 53 and Terraform examples in
# the repository. $2, if given, is a selector byte (hex) to put first (fuzz_pipeline).
json_from_tests() {
  python3 - "$out" "$1" "${2:-}" tests/load_*_test.cpp <<'PY'
import os, re, sys
out, key, prefix = sys.argv[1], sys.argv[2], sys.argv[3]
n = 0
for path in sys.argv[4:]:
    text = open(path, encoding="utf-8", errors="replace").read()
    for m in re.finditer(r'R"\((\{.*?)\)"', text, re.S):
        doc = m.group(1)
        if re.match(r'\{\s*"' + key, doc):
            n += 1
            with open(os.path.join(out, "test-json-%s%d" % (prefix, n)), "wb") as f:
                f.write(bytes.fromhex(prefix) + doc.encode("utf-8"))
PY
}

# copy [BYTE]: copies stdin's file list (one path a line) into $out, each non-empty file named
# by the first 16 hex digits of its path's SHA-1. With BYTE (fuzz_pipeline: a seed is one
# selector byte, the input format of harness/pipeline.hpp, followed by the file), the name is
# "BYTE-" and that hash, and the byte comes before the file's content. One python3 for the
# whole list: a loop in bash forked cp, sha1sum and cut for each file, which cost fuzz_pipeline
# 32 CPU s for its ~1,000 files (every target together: 85 CPU s, most of the fuzz step's time
# beyond the fuzzing itself).
copy() {
  python3 -c '
import hashlib, os, sys
out, byte = sys.argv[1], sys.argv[2]
prefix = bytes.fromhex(byte)
name_prefix = byte + "-" if byte else ""
for path in sys.stdin.buffer.read().split(b"\n"):
    if not path:
        continue
    with open(path, "rb") as f:
        data = f.read()
    if not data:
        continue  # an empty file is no seed
    name = name_prefix + hashlib.sha1(path).hexdigest()[:16]
    with open(os.path.join(out, name), "wb") as f:
        f.write(prefix + data)
' "$out" "${1:-}"
}

case "$target" in
  fuzz_name)
    # Owner names from the zone files (a sample of 2000), under a fixed origin ("ORIGIN\nNAME").
    zone_files | xargs -r cat | LC_ALL=C grep -a -o '^[^[:space:];$()"]\+' |
      LC_ALL=C sort -u | awk 'NR % 5 == 1 && n++ < 2000' | {
        i=0
        while IFS= read -r name; do
          i=$((i + 1))
          printf 'example.com.\n%s' "$name" >"$out/name-$i"
        done
      }
    ;;
  fuzz_rdata)
    # "TYPE\nRDATA" for each one-line record of the zone files whose type is a mnemonic
    # (a sample of 3000, spread over the files).
    zone_files | python3 -c '
import re, sys, os
out = sys.argv[1]
types = set("A AAAA NS CNAME DNAME SOA MX TXT SPF SRV PTR CAA HINFO NAPTR DS CDS DNSKEY CDNSKEY "
            "RRSIG NSEC NSEC3 NSEC3PARAM TLSA SSHFP SVCB HTTPS LOC URI OPENPGPKEY ZONEMD KX AFSDB "
            "RP CERT IPSECKEY DHCID CSYNC SMIMEA HIP NID L32 L64 LP EUI48 EUI64 APL MINFO MB MG MR "
            "WKS X25 ISDN RT NSAP PX GPOS NULL".split())
seen = []
for path in sys.stdin.read().split("\n"):
    try:
        data = open(path, "rb").read()
    except OSError:
        continue
    for raw in data.split(b"\n"):
        line = raw.decode("latin-1")
        if "(" in line or line.lstrip().startswith((";", "$")):
            continue
        toks = line.split()
        for i, t in enumerate(toks):
            if t.upper() in types or re.fullmatch(r"TYPE[0-9]+", t, re.I):
                rdata = line.split(t, 1)[1].split(";")[0].strip() if t in line else ""
                if rdata:
                    seen.append((t, rdata))
                break
step = max(1, len(seen) // 3000)
for n, (t, r) in enumerate(seen[::step]):
    with open(os.path.join(out, "rdata-%d" % n), "w", encoding="latin-1") as f:
        f.write(t + "\n" + r)
' "$out"
    ;;
  fuzz_zone) zone_files | copy ;;
  fuzz_octodns) yaml_files | copy ;;
  fuzz_config) yaml_files | copy ;;
  fuzz_dnscontrol)
    json_files | copy
    json_from_tests domains
    ;;
  fuzz_route53)
    json_files | copy
    json_from_tests ResourceRecordSets
    ;;
  fuzz_terraform)
    json_files | copy
    json_from_tests format_version
    ;;
  fuzz_pipeline)
    zone_files | copy 00
    yaml_files | copy 01
    json_files | copy 02
    json_from_tests domains 02
    json_from_tests ResourceRecordSets 03
    json_from_tests format_version 04
    ;;
  *)
    echo "seeds.sh: unknown target '$target'" >&2
    exit 2
    ;;
esac
# Committed crash inputs are seeds too.
if [ -d "fuzz/regressions/$target" ]; then
  find "fuzz/regressions/$target" -type f ! -name '*.md' -exec cp {} "$out/" \;
fi
echo "seeds.sh: $target: $(find "$out" -type f | wc -l) seeds in $out"
