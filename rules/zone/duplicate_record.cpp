// duplicate-record: the same record twice.
#include <unordered_map>

#include "core/ascii.hpp"
#include "rules/registry.hpp"
#include "rules/zone/rrsets.hpp"

namespace zl::rules {

namespace {

// The fix: delete the later copy's whole line(s), line terminator included. Attached only
// where deleting them changes nothing else: a zone-file record in the zone's own file (not an
// $INCLUDEd file, which other zones may read; not made by $GENERATE); not an SOA (its minimum
// can stand in for $TTL); with the first copy's TTL; alone on its lines (only blanks before
// it, only blanks or a comment after it); and the next record neither inherits its owner
// from it nor takes its TTL (RFC 1035 §5.1: no $TTL in force).
void add_delete_fix(const RuleContext& ctx, const Zone& z, const Record& r, const Record& first,
                    Diagnostic& d) {
  const Span rs = z.span(r);
  if (z.format != InputFormat::zone || !rs.valid() || rs.file != z.file || r.has(kGenerated) ||
      r.type == rrtype::SOA || r.ttl != first.ttl) {
    return;
  }
  const std::size_t index = static_cast<std::size_t>(&r - z.records.data());
  if (index >= z.records.size()) return;
  if (index + 1 < z.records.size()) {
    const Record& next = z.records[index + 1];
    if ((next.has(kOwnerInherited) && !r.has(kOwnerInherited)) ||
        next.ttl_source == TtlSource::previous_record) {
      return;
    }
  }
  const std::string_view text = ctx.sources().file(rs.file).text();
  std::size_t begin = rs.begin;
  while (begin > 0 && (text[begin - 1] == ' ' || text[begin - 1] == '\t')) --begin;
  if (begin > 0 && text[begin - 1] != '\n' && text[begin - 1] != '\r') return;
  std::size_t end = rs.end;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  if (end < text.size() && text[end] == ';') {
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
  }
  if (end < text.size() && text[end] == '\r') ++end;
  if (end < text.size() && text[end] == '\n') ++end;
  // Nothing else may stay on the last line (the span of an entry may stop short of its end).
  if (end < text.size() && end > 0 && text[end - 1] != '\n' && text[end - 1] != '\r') return;
  d.fixes.push_back(
      Edit{Span{rs.file, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)}, ""});
}

// Have `a` and `b` the same canonical rdata (RFC 4034 §6.2)? Decided from the wire bytes in
// place for nearly every pair: the canonical form only lower-cases letters, so it keeps the
// length, and bytes that differ even without case stay different. Only rdata that differs in
// case alone is put in canonical form.
bool same_canonical(const Zone& z, const Record& a, const Record& b) {
  const std::string_view x = z.rdata(a), y = z.rdata(b);
  if (x.size() != y.size()) return false;
  if (x == y) return true;
  if (!iequals(x, y)) return false;
  return rrsets::canonical_rdata(z, a) == rrsets::canonical_rdata(z, b);
}

// The earlier record of `set` with the same canonical rdata as set[j] (the first one), or
// nullptr. Sets are small (two or three records): comparing with each earlier one costs less
// than building keys; a large set goes through a table of canonical keys instead (`seen`,
// filled on first use).
constexpr std::size_t kCompareInPlaceUpTo = 16;
const Record* first_copy(const Zone& z, rrsets::RRsets::RRset set, std::size_t j,
                         std::unordered_map<std::string, const Record*>& seen) {
  if (set.size() <= kCompareInPlaceUpTo) {
    for (std::size_t i = 0; i < j; ++i)
      if (same_canonical(z, *set[i], *set[j])) return set[i];
    return nullptr;
  }
  auto [it, fresh] = seen.emplace(rrsets::canonical_rdata(z, *set[j]), set[j]);
  return fresh ? nullptr : it->second;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    for (const rrsets::RRsets::RRset set : rrsets::rrsets(ctx, *z)) {
      if (set.size() < 2) continue;
      std::unordered_map<std::string, const Record*> seen;
      for (std::size_t j = 0; j < set.size(); ++j) {
        const Record* r = set[j];
        const Record* first = first_copy(*z, set, j, seen);
        if (!first) continue;
        Diagnostic d = make_finding(
            kDuplicateRecord, *z, *r, rdata_span(ctx.sources(), *z, *r),
            "duplicate " + type_name(r->type) + " record at " + quoted(z->owner(*r)) +
                ": the same data is already in the RRset; servers keep one copy (RFC 2181 §5)");
        add_note(d, rdata_span(ctx.sources(), *z, *first), "first defined here");
        add_delete_fix(ctx, *z, *r, *first, d);
        out.add(std::move(d));
      }
    }
  }
}

}  // namespace

const Rule kDuplicateRecord{
    "duplicate-record",
    Severity::warning,
    {},
    RuleDoc{
        "the same record appears twice",
        "Reports a record with the same owner, class, type and data as an earlier one. The "
        "data is compared in canonical form (RFC 4034 §6.2: names inside MX, NS, CNAME, SOA, "
        "SRV and similar rdata compare without regard to case). The finding points at the "
        "second copy's data and carries the first. `zonelint --fix` deletes the second "
        "copy's line(s) in a zone file when nothing else depends on them: the copy is alone on "
        "its lines, in the zone's own file (not `$INCLUDE`d, not made by `$GENERATE`), has the "
        "first copy's TTL, is no SOA, and the next record neither inherits its owner nor takes "
        "its TTL.",
        "An RRset is a set (RFC 2181 §5): servers silently keep one copy, so the second line "
        "does nothing. It is usually a copy-and-paste slip where one value was meant to be "
        "changed, such as a second MX that should have named another exchange.",
        "$ORIGIN example.com.\n@  MX 10 mail\n@  MX 10 mail\n",
        "$ORIGIN example.com.\n@  MX 10 mail\n@  MX 20 backup\n",
        "",
        "RFC 2181 §5; RFC 4034 §6.2",
    },
    "records",
    &check,
};

}  // namespace zl::rules
