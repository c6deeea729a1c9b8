// rrsig-invalid: an RRSIG that does not verify over its RRset, an RRset of a signed zone
// without RRSIG, and gaps in the NSEC chain.
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lint/rule_support.hpp"
#include "rules/dnssec/dnssec_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

std::string rrset_text(std::uint16_t type, NameView owner) {
  return "the " + type_name(type) + " RRset of " + quoted(owner);
}

// In-zone records of `type` at `owner` with a known value, in the record's class.
std::vector<std::uint32_t> rrset_of(const Zone& z, NameView owner, std::uint16_t type,
                                    std::uint16_t rclass) {
  std::vector<std::uint32_t> out;
  for (const std::uint32_t i : z.records_at(owner, type)) {
    const Record& r = z.records[i];
    if (!r.has(kValueUnknown) && z.rclass == rclass && in_zone(z, r)) out.push_back(i);
  }
  return out;
}

void verify_signatures(const SourceSet& src, const Zone& z,
                       const std::vector<dnssec::ZoneKey>& keys, Diagnostics& out) {
  for (const std::uint32_t sig_at : z.records_of_type(rrtype::RRSIG)) {
    const Record& r = z.records[sig_at];
    if (r.has(kValueUnknown) || !in_zone(z, r)) continue;
    const auto sig = dnssec::parse_rrsig(z.rdata(r));
    // A signer other than the apex, or a key the apex does not publish, is rrsig-validity's
    // finding; an algorithm zonelint cannot verify (RSAMD5, DSA, GOST, private) is skipped.
    if (!sig || !(sig->signer == z.origin) || !dnssec::can_verify(sig->algorithm) ||
        !dnssec::authoritative_signature(z, z.owner(r), sig->covered))
      continue;
    const auto candidates = dnssec::matching_keys(keys, *sig);
    if (candidates.empty()) continue;
    const std::string by = "RRSIG (key tag " + std::to_string(sig->key_tag) + ", algorithm " +
                           std::to_string(sig->algorithm) + ")";
    const auto set = rrset_of(z, z.owner(r), sig->covered, z.rclass);
    if (set.empty()) {
      out.add(make_finding(kRrsigInvalid, z, r, field_span(src, z, r, 0),
                           by + " of " + quoted(z.owner(r)) + " covers type " +
                               type_name(sig->covered) + ", but " + quoted(z.owner(r)) +
                               " has no such records: a signature left behind after the records "
                               "were removed (RFC 4034 §3.1.1); re-sign the zone"));
      continue;
    }
    std::vector<std::string_view> rdatas;
    rdatas.reserve(set.size());
    for (const std::uint32_t i : set) rdatas.push_back(z.rdata(z.records[i]));
    const auto data = dnssec::signed_data(*sig, z.owner(r), z.rclass, rdatas);
    if (!data) {
      out.add(make_finding(kRrsigInvalid, z, r, field_span(src, z, r, 2),
                           by + " of " + quoted(z.owner(r)) + " has a labels field of " +
                               std::to_string(sig->labels) +
                               ", more than the owner name has: it cannot verify (RFC 4034 "
                               "§3.1.3, RFC 4035 §5.3.1)"));
      continue;
    }
    bool ok = false;
    for (const dnssec::ZoneKey* k : candidates)
      ok = ok || dnssec::verify(k->key, *data, sig->signature);
    if (ok) continue;
    const Record& first = z.records[set.front()];
    Diagnostic d = make_finding(
        kRrsigInvalid, z, first, anchor_span(z, first),
        rrset_text(sig->covered, z.owner(r)) + " does not verify against its " + by +
            " with the DNSKEY of that key tag: the records or the signature changed after "
            "signing (RFC 4035 §5.3); validators answer SERVFAIL for it: re-sign the zone");
    add_note(d, field_span(src, z, r, 8), "RRSIG that does not verify");
    out.add(std::move(d));
  }
}

// Types that are signed at a name: everything in the zone's authority, that is at a
// delegation point only DS and NSEC (RFC 4035 §2.2), and nothing below one (glue) or below a
// DNAME (occluded data).
bool is_signed_rrset(const Zone& z, NameView owner, std::uint16_t type) {
  if (type == rrtype::RRSIG) return false;
  if (const auto cut = z.delegation_above(owner)) {
    if (!(*cut == owner)) return false;
    return type == rrtype::DS || type == rrtype::NSEC;
  }
  return !z.dname_above(owner);
}

// Names that are part of the NSEC chain: in the zone's authority, or a delegation point.
bool in_chain(const Zone& z, NameView owner) {
  if (const auto cut = z.delegation_above(owner))
    if (!(*cut == owner)) return false;
  return !z.dname_above(owner);
}

void check_unsigned(const Zone& z, Diagnostics& out) {
  const auto& order = z.sorted();
  for (std::size_t i = 0; i < order.size();) {
    const Record& r = z.records[order[i]];
    std::size_t j = i + 1;
    while (j < order.size() && z.records[order[j]].type == r.type &&
           z.owner(z.records[order[j]]) == z.owner(r))
      ++j;
    const std::size_t begin = i;
    i = j;
    if (!in_zone(z, r) || !is_signed_rrset(z, z.owner(r), r.type)) continue;
    bool known = false;
    for (std::size_t k = begin; k < j; ++k)
      known = known || !z.records[order[k]].has(kValueUnknown);
    if (!known) continue;
    bool covered = false;
    for (const std::uint32_t s : z.records_at(z.owner(r), rrtype::RRSIG)) {
      const auto sig = dnssec::parse_rrsig(z.rdata(z.records[s]));
      covered = covered || (sig && sig->covered == r.type);
    }
    if (covered) continue;
    out.add(make_finding(kRrsigInvalid, z, r, anchor_span(z, r),
                         rrset_text(r.type, z.owner(r)) +
                             " has no RRSIG, in a signed zone (the apex has DNSKEY records and "
                             "the zone has RRSIGs): validators treat it as bogus (RFC 4035 "
                             "§2.2); re-sign the zone"));
  }
}

// Checks the type bit maps of the NSEC or NSEC3 record `r` against the types `owner` has
// (RFC 4034 §4.1.2, RFC 5155 §3.1.8). At a delegation point only NS, DS, RRSIG and NSEC are
// compared (other data there is occluded). NSEC3 is never listed in an NSEC3's bit map.
void check_bitmap(const SourceSet& src, const Zone& z, const Record& r, std::size_t field,
                  NameView owner, std::string_view bitmap, Diagnostics& out) {
  const auto listed = dnssec::bitmap_types(bitmap);
  if (!listed) return;
  const bool at_cut = !(owner == z.origin) && z.delegation_above(owner).has_value();
  const auto counts = [&](std::uint16_t t) {
    if (t == rrtype::NSEC3) return false;
    return !at_cut || t == rrtype::NS || t == rrtype::DS || t == rrtype::RRSIG || t == rrtype::NSEC;
  };
  std::set<std::uint16_t> want, have;
  for (const std::uint32_t i : z.records_at(owner)) {
    const Record& o = z.records[i];
    if (counts(o.type)) want.insert(o.type);
  }
  for (const std::uint16_t t : *listed)
    if (counts(t)) have.insert(t);
  if (want == have) return;
  std::string extra, missing;
  for (const std::uint16_t t : have)
    if (!want.count(t)) extra += (extra.empty() ? "" : " ") + type_name(t);
  for (const std::uint16_t t : want)
    if (!have.count(t)) missing += (missing.empty() ? "" : " ") + type_name(t);
  std::string what;
  if (!extra.empty()) what = "lists " + extra + " that " + quoted(owner) + " does not have";
  if (!missing.empty())
    what +=
        (what.empty() ? "" : ", and ") + std::string("does not list ") + missing + " that it has";
  out.add(make_finding(kRrsigInvalid, z, r, field_span(src, z, r, field),
                       "the type bit map of the " + type_name(r.type) + " record for " +
                           quoted(owner) + " " + what +
                           " (RFC 4034 §4.1.2, RFC 5155 §3.1.8): denials of those types do not "
                           "validate; re-sign the zone"));
}

void check_nsec_chain(const SourceSet& src, const Zone& z, Diagnostics& out) {
  // The names of the chain in canonical order (Zone::sorted is by canonical owner), and
  // those of them that own an NSEC: each NSEC points to the next of these, the last to the
  // apex. A name without NSEC is reported once, not also at the NSEC before it.
  std::vector<std::uint32_t> names;  // a record index per chain name
  for (const std::uint32_t i : z.sorted()) {
    const Record& r = z.records[i];
    if (!in_zone(z, r) || !in_chain(z, z.owner(r))) continue;
    if (!names.empty() && z.owner(z.records[names.back()]) == z.owner(r)) continue;
    names.push_back(i);
  }
  std::vector<std::vector<std::uint32_t>> nsecs_of(names.size());
  std::vector<std::size_t> linked;  // indices into `names` of the names that own an NSEC
  for (std::size_t n = 0; n < names.size(); ++n) {
    const Record& r = z.records[names[n]];
    nsecs_of[n] = rrset_of(z, z.owner(r), rrtype::NSEC, z.rclass);
    if (!nsecs_of[n].empty()) {
      linked.push_back(n);
      continue;
    }
    out.add(make_finding(kRrsigInvalid, z, r, anchor_span(z, r),
                         quoted(z.owner(r)) +
                             " has no NSEC record, in a zone signed with NSEC: the chain skips "
                             "it, so validators cannot prove what it has (RFC 4035 §2.3); "
                             "re-sign the zone"));
  }
  for (std::size_t k = 0; k < linked.size(); ++k) {
    const NameView want = z.owner(z.records[names[linked[(k + 1) % linked.size()]]]);
    for (const std::uint32_t i : nsecs_of[linked[k]]) {
      const Record& nsec = z.records[i];
      std::size_t pos = 0;
      const auto next = read_wire_name(z.rdata(nsec), pos);
      if (!next) continue;
      check_bitmap(src, z, nsec, 1, z.owner(nsec), z.rdata(nsec).substr(pos), out);
      if (*next == want) continue;
      out.add(make_finding(kRrsigInvalid, z, nsec, field_span(src, z, nsec, 0),
                           "the NSEC record of " + quoted(z.owner(nsec)) + " points to " +
                               quoted(*next) +
                               ", but the next NSEC of the zone in canonical "
                               "order is at " +
                               quoted(want) +
                               ": the NSEC chain is broken (RFC 4034 §4.1.1, §6.1), so denials "
                               "of existence do not validate; re-sign the zone"));
    }
  }
}

// Does `owner` own only NSEC3 and RRSIG records (an owner of the NSEC3 chain)?
bool nsec3_owner(const Zone& z, NameView owner) {
  for (const std::uint32_t i : z.records_at(owner)) {
    const std::uint16_t t = z.records[i].type;
    if (t != rrtype::NSEC3 && t != rrtype::RRSIG) return false;
  }
  return true;
}

// RFC 5155 §7.1: the chain of the apex's NSEC3PARAM has an NSEC3 for the hash of every
// authoritative name, delegation point and empty non-terminal (with opt-out, insecure
// delegations and empty non-terminals may be left out), and each NSEC3 points to the next
// hash in order, the last to the first.
void check_nsec3_chain(const SourceSet& src, const Zone& z, const dnssec::Nsec3Params& param,
                       Diagnostics& out) {
  struct Link {
    std::string hash;
    std::uint32_t record;
    dnssec::Nsec3 nsec3;
  };
  std::vector<Link> chain;
  bool opt_out = false;
  for (std::uint32_t i = 0; i < z.records.size(); ++i) {
    const Record& r = z.records[i];
    if (r.type != rrtype::NSEC3 || r.has(kValueUnknown) || !in_zone(z, r) ||
        z.owner(r).label_count() != z.origin.label_count() + 1)
      continue;
    const auto n = dnssec::parse_nsec3(z.rdata(r));
    if (!n || !n->params.same_chain(param)) continue;
    const auto h = dnssec::from_base32hex(z.owner(r).first_label());
    if (!h) continue;
    opt_out = opt_out || n->opt_out();
    chain.push_back({*h, i, *n});
  }
  if (chain.empty() || !dnssec::nsec3_hash(z.origin, param)) return;
  std::stable_sort(chain.begin(), chain.end(),
                   [](const Link& a, const Link& b) { return a.hash < b.hash; });
  std::map<std::string, std::size_t> link_of;  // hash -> its first NSEC3 in `chain`
  for (std::size_t k = 0; k < chain.size(); ++k) link_of.emplace(chain[k].hash, k);
  for (std::size_t k = 0; k < chain.size(); ++k) {
    std::size_t next = (k + 1) % chain.size();
    while (next != k && chain[next].hash == chain[k].hash) next = (next + 1) % chain.size();
    const std::string& want = chain[next].hash;
    if (chain[k].nsec3.next_hash == want) continue;
    const Record& r = z.records[chain[k].record];
    out.add(make_finding(
        kRrsigInvalid, z, r, field_span(src, z, r, 4),
        "the NSEC3 record of " + quoted(z.owner(r)) + " points to the next hash '" +
            dnssec::base32hex(chain[k].nsec3.next_hash) + "', but the next NSEC3 of the chain " +
            "is '" + dnssec::base32hex(want) +
            "': the NSEC3 chain is broken (RFC 5155 §3.1.7, §7.1), so denials of existence do "
            "not validate; re-sign the zone"));
  }
  // The names that need an NSEC3, each with a record to point at.
  std::map<Name, std::pair<std::uint32_t, bool>> names;  // name -> (record, empty non-terminal)
  for (const std::uint32_t i : z.sorted()) {
    const Record& r = z.records[i];
    if (!in_zone(z, r) || !in_chain(z, z.owner(r)) || nsec3_owner(z, z.owner(r))) continue;
    const auto cut = z.delegation_above(z.owner(r));
    if (opt_out && cut && !z.has(z.owner(r), rrtype::DS)) continue;  // an insecure delegation
    names.emplace(z.owner(r), std::make_pair(i, false));
    if (opt_out) continue;
    for (Name up = z.owner(r).parent(); up.label_count() > z.origin.label_count(); up = up.parent())
      if (z.records_at(up).empty()) names.emplace(up, std::make_pair(i, true));
  }
  for (const auto& [name, where] : names) {
    const auto h = dnssec::nsec3_hash(name, param);
    if (!h) continue;
    if (const auto it = link_of.find(*h); it != link_of.end()) {
      const Link& l = chain[it->second];
      check_bitmap(src, z, z.records[l.record], 5, name, l.nsec3.bitmap, out);
      continue;
    }
    const Record& r = z.records[where.first];
    out.add(make_finding(kRrsigInvalid, z, r, anchor_span(z, r),
                         quoted(name) + (where.second ? " (an empty non-terminal)" : "") +
                             " has no NSEC3 record (its hash is '" + dnssec::base32hex(*h) +
                             "'), in a zone signed with NSEC3: the chain skips it, so validators "
                             "cannot prove what it has (RFC 5155 §7.1); re-sign the zone"));
  }
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    const std::vector<dnssec::ZoneKey> keys = dnssec::apex_keys(*z);
    verify_signatures(ctx.sources(), *z, keys, out);
    // A signed zone: DNSKEYs at the apex and RRSIGs. Conclusions from an absence need the
    // whole zone.
    if (keys.empty() || ctx.incomplete(*z)) continue;
    const auto any_in_zone = [z](std::uint16_t type) {
      const auto of_type = z->records_of_type(type);
      return std::any_of(of_type.begin(), of_type.end(),
                         [z](std::uint32_t i) { return in_zone(*z, z->records[i]); });
    };
    const bool has_rrsig = any_in_zone(rrtype::RRSIG), has_nsec = any_in_zone(rrtype::NSEC);
    if (!has_rrsig) continue;
    check_unsigned(*z, out);
    const auto params = z->records_at(z->origin, rrtype::NSEC3PARAM);
    if (params.empty()) {
      if (has_nsec) check_nsec_chain(ctx.sources(), *z, out);
    } else if (const auto p = dnssec::parse_nsec3param(z->rdata(z->records[params.front()]))) {
      check_nsec3_chain(ctx.sources(), *z, *p, out);
    }
  }
}

}  // namespace

const Rule kRrsigInvalid{
    "rrsig-invalid",
    Severity::error,
    {},
    RuleDoc{
        "RRSIG that does not verify, RRset of a signed zone without RRSIG, or a gap in the "
        "NSEC or NSEC3 chain",
        "Verifies each RRSIG over its RRset with the DNSKEY at the apex whose algorithm and key "
        "tag it names, as `kzonecheck -d on` does: the RRset in canonical form and order (RFC "
        "4034 §6: owner and the names inside NS, SOA, MX, SRV, CNAME and the other types RFC "
        "4034 §6.2 lists, as corrected by RFC 6840 §5.1, in lower case; the RRSIG's original "
        "TTL; the wildcard owner its labels field implies), with OpenSSL: RSASHA1 (5), "
        "RSASHA1-NSEC3-SHA1 (7), RSASHA256 (8), RSASHA512 (10), ECDSAP256SHA256 (13), "
        "ECDSAP384SHA384 (14), ED25519 (15) and ED448 (16). A finding points at the RRset, "
        "with a note at the signature. In a signed zone (the apex has DNSKEY records and the "
        "zone has RRSIGs) it also reports each RRset with no RRSIG at all (the NS RRset of a "
        "delegation and glue are not signed, RFC 4035 §2.2), and, in a zone signed with NSEC, "
        "each authoritative name without an NSEC record and each NSEC whose next name is not "
        "the next NSEC owner in canonical order (RFC 4034 §4.1.1, §6.1); in a zone signed with "
        "NSEC3 (an NSEC3PARAM at the apex), each authoritative name, delegation point and "
        "empty non-terminal whose hash (SHA-1 with the NSEC3PARAM's salt and iterations) has "
        "no NSEC3 of that chain (with opt-out, insecure delegations and empty non-terminals "
        "are not required), and each NSEC3 whose next hashed owner is not the next hash of the "
        "chain (RFC 5155 §7.1); and each NSEC or NSEC3 whose type bit map does not list exactly "
        "the types its name has (at a delegation point: of NS, DS, RRSIG and NSEC; RFC 4034 "
        "§4.1.2, RFC 5155 §3.1.8). An RRSIG whose "
        "time or key is wrong is `rrsig-validity`.",
        "A validating resolver answers SERVFAIL for an RRset whose signature does not verify, "
        "or that has none in a signed zone, and cannot prove a name's non-existence across a "
        "gap in the NSEC or NSEC3 chain: for the users behind a validator the name disappears. "
        "This "
        "happens when a signed zone file is edited by hand after signing, or when a signer "
        "skipped part of the zone; re-signing fixes it.",
        "$ORIGIN example.com.\nwww  A      192.0.2.81   ; edited after signing: was 192.0.2.80\n"
        "www  RRSIG  A 13 3 3600 20260301000000 20251201000000 58597 example.com. (...)\n",
        "$ORIGIN example.com.\nwww  A      192.0.2.81\nwww  RRSIG  A 13 3 3600 20260301000000 "
        "20251201000000 58597 example.com. (...)  ; re-signed\n",
        "",
        "RFC 4034 §3.1.8.1, §4.1.1, §6; RFC 4035 §2.2, §2.3, §5.3; RFC 5155 §3.1.8, §5, §7.1; RFC "
        "6840 "
        "§5.1; RFC 3110; RFC 5702; RFC 6605; RFC 8080",
    },
    "dnssec",
    &check,
};

}  // namespace zl::rules
