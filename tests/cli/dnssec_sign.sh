#!/usr/bin/env bash
# Differential test of rrsig-validity and rrsig-invalid, with BIND's dnssec-signzone as the
# signer and `kzonecheck -d on` as the oracle. For each signing algorithm zonelint verifies
# (RSASHA256, RSASHA512, ECDSAP256SHA256, ECDSAP384SHA384, ED25519, ED448), keys are made at
# test time in a temporary folder and a small zone is signed (valid 2025-12-01 .. 2026-03-01),
# then checked at the fixed time 2026-01-01:
# - as signed: zonelint reports nothing at all (every rule), and kzonecheck accepts it;
# - with one rdata changed after signing: zonelint reports exactly one rrsig-invalid, at that
#   record, and kzonecheck rejects the zone for that owner;
# - checked after the expiration: every RRSIG is an rrsig-validity error, and kzonecheck
#   rejects the zone;
# and for NSEC3 chains (below).
# A missing tool is a failure (scripts/setup installs bind9-utils and knot-dnsutils).
set -uo pipefail
BIN=$(realpath "${1:?usage: dnssec_sign.sh path/to/zonelint}")
fail() { echo "FAIL: $*"; exit 1; }
for t in dnssec-keygen dnssec-signzone kzonecheck python3; do
  command -v "$t" >/dev/null || fail "$t is not installed (run scripts/setup)"
done
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1

cat >base.zone <<'EOF'
$ORIGIN example.org.
$TTL 3600
@         SOA   ns1 hostmaster 2024010101 14400 3600 1209600 300
@         NS    ns1
@         NS    NS2.Example.ORG.
@         MX    10 Mail.Example.org.
@         MX    20 MX2.Example.org.
@         TXT   "v=spf1 mx -all"
_dmarc    TXT   "v=DMARC1; p=reject"
ns1       A     192.0.2.53
NS2       A     198.51.100.53
mail      A     192.0.2.25
mail      AAAA  2001:db8::25
mx2       A     198.51.100.25
www       A     192.0.2.80
alias     CNAME WWW.Example.ORG.
_sip._tcp SRV   0 5 5060 WWW.example.ORG.
*.wild    TXT   "wildcard"
child     NS    ns.child
child     NS    ns1.example.net.
child     DS    12345 13 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A
ns.child  A     192.0.2.99
EOF

TIME=20260101000000
LATE=2026-03-02T00:00:00Z
# Findings of a zonelint run as "rule line owner type", one a line.
findings() {
  "$BIN" --format json --exit-zero "$@" | python3 -c '
import json, sys
for d in json.load(sys.stdin)["diagnostics"]:
    print(d["rule"], d["line"], d["owner"], d["type"])'
}

for alg in RSASHA256 RSASHA512 ECDSAP256SHA256 ECDSAP384SHA384 ED25519 ED448; do
  mkdir "$alg" && cd "$alg" || exit 1
  size=()
  [[ $alg == RSA* ]] && size=(-b 1024)
  # Keys active since 2020 (dnssec-keygen dates them now by default).
  ksk=$(dnssec-keygen -q -P 20200101000000 -A 20200101000000 -a "$alg" "${size[@]}" -f KSK example.org) ||
    fail "$alg: dnssec-keygen"
  zsk=$(dnssec-keygen -q -P 20200101000000 -A 20200101000000 -a "$alg" "${size[@]}" example.org) ||
    fail "$alg: dnssec-keygen"
  cp ../base.zone example.org.zone
  grep -hv '^;' "$ksk.key" "$zsk.key" >>example.org.zone
  # -P: no verification after signing (it would check against today's clock).
  dnssec-signzone -q -P -o example.org. -s 20251201000000 -e 20260301000000 \
    -f signed.zone example.org.zone "$ksk" "$zsk" >/dev/null 2>sign.err ||
    fail "$alg: dnssec-signzone: $(cat sign.err)"

  # As signed.
  out=$(findings --time "$TIME" --origin example.org. signed.zone)
  [ -z "$out" ] || fail "$alg: a correctly signed zone gave findings:
$out"
  kz=$(kzonecheck -d on -t "$TIME" -o example.org signed.zone 2>&1) ||
    fail "$alg: kzonecheck rejects the signed zone: $kz"

  # One rdata changed after signing.
  line=$(grep -nE '^www[[:space:]].*[[:space:]]A[[:space:]]+192\.0\.2\.80$' signed.zone | cut -d: -f1)
  [ -n "$line" ] || line=$(grep -nE '[[:space:]]A[[:space:]]+192\.0\.2\.80$' signed.zone | cut -d: -f1)
  [ -n "$line" ] || fail "$alg: no www A record in the signed zone"
  sed "${line}s/192\.0\.2\.80/192.0.2.81/" signed.zone >tampered.zone
  out=$(findings --time "$TIME" --origin example.org. tampered.zone)
  [ "$out" = "rrsig-invalid $line www.example.org. A" ] ||
    fail "$alg: tampered www A at line $line: zonelint said:
$out"
  kz=$(kzonecheck -d on -t "$TIME" -o example.org tampered.zone 2>&1) &&
    fail "$alg: kzonecheck accepts the tampered zone"
  grep -q 'www.example.org.' <<<"$kz" || fail "$alg: kzonecheck: $kz"

  # After the expiration.
  n_sigs=$(grep -cE '[[:space:]]RRSIG[[:space:]]+[A-Z0-9]+[[:space:]]+[0-9]+[[:space:]]+[0-9]+' signed.zone)
  out=$(findings --time "$LATE" --origin example.org. signed.zone)
  n_expired=$(grep -c '^rrsig-validity ' <<<"$out")
  [ "$n_expired" = "$n_sigs" ] && [ "$(wc -l <<<"$out")" = "$n_sigs" ] ||
    fail "$alg: $n_sigs RRSIGs, $n_expired rrsig-validity findings after expiry:
$out"
  kzonecheck -d on -t 20260302000000 -o example.org signed.zone >/dev/null 2>&1 &&
    fail "$alg: kzonecheck accepts expired signatures"
  cd .. || exit 1
done

# NSEC3 (RFC 5155), with a salt and extra iterations, and without salt with opt-out: zonelint
# (every rule) and kzonecheck accept the signed zone; with the NSEC3 record of www deleted
# (its hash computed here with Python's hashlib, RFC 5155 §5), zonelint reports that www has
# no NSEC3 and the link that now skips it, and kzonecheck reports www too.
cd ECDSAP256SHA256 || exit 1
keys=$(ls K*.key | sed 's/\.key$//')
for variant in "AABBCCDD 5" "- 0 -A"; do
  read -r salt iterations optout <<<"$variant"
  # shellcheck disable=SC2086
  dnssec-signzone -q -P -O full -3 "$salt" -H "$iterations" $optout -o example.org. \
    -s 20251201000000 -e 20260301000000 -f nsec3.zone example.org.zone $keys >/dev/null 2>sign.err ||
    fail "NSEC3 $variant: dnssec-signzone: $(cat sign.err)"
  out=$(findings --time "$TIME" --origin example.org. nsec3.zone)
  [ -z "$out" ] || fail "NSEC3 $variant: a correctly signed zone gave findings:
$out"
  kz=$(kzonecheck -d on -t "$TIME" -o example.org nsec3.zone 2>&1) ||
    fail "NSEC3 $variant: kzonecheck rejects the signed zone: $kz"
  hash=$(python3 - "$salt" "$iterations" <<'PY'
import base64, hashlib, sys
salt = b"" if sys.argv[1] == "-" else bytes.fromhex(sys.argv[1])
x = b"\x03www\x07example\x03org\x00"
for _ in range(int(sys.argv[2]) + 1):
    x = hashlib.sha1(x + salt).digest()
b32 = base64.b32encode(x).decode()
std, hexa = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHIJKLMNOPQRSTUV"
print(b32.translate(str.maketrans(std, hexa)).rstrip("="))
PY
)
  grep -q "^$hash\.example\.org\." nsec3.zone || fail "NSEC3 $variant: no NSEC3 at $hash"
  grep -v "^$hash\.example\.org\." nsec3.zone >gap.zone
  www_line=$(grep -nE '^www\.example\.org\.[[:space:]].*[[:space:]]IN[[:space:]]+A[[:space:]]' gap.zone | cut -d: -f1)
  out=$(findings --time "$TIME" --origin example.org. gap.zone)
  [ "$(wc -l <<<"$out")" = 2 ] && grep -qx "rrsig-invalid $www_line www.example.org. A" <<<"$out" &&
    grep -q "^rrsig-invalid [0-9]* [0-9a-z]*\.example\.org\. NSEC3$" <<<"$out" ||
    fail "NSEC3 $variant: www's NSEC3 ($hash) deleted: zonelint said:
$out"
  kz=$(kzonecheck -d on -t "$TIME" -o example.org gap.zone 2>&1) &&
    fail "NSEC3 $variant: kzonecheck accepts the zone without www's NSEC3"
  grep -q '^\[www.example.org.\] missing NSEC' <<<"$kz" || fail "NSEC3 $variant: kzonecheck: $kz"
done
cd .. || exit 1

# An invalid --time is a usage error (exit 2) that names the value.
err=$("$BIN" --time yesterday base.zone 2>&1 >/dev/null)
[ $? -eq 2 ] || fail "--time yesterday did not exit 2"
grep -q "invalid time 'yesterday'" <<<"$err" || fail "--time yesterday: $err"
echo "dnssec-signzone zones: zonelint and kzonecheck agree for 6 algorithms, NSEC and NSEC3"
