// duplicate-record: the same record twice.
#include <unordered_map>

#include "rules/registry.hpp"
#include "rules/zone/rrsets.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    for (const auto& set : rrsets::rrsets(*z)) {
      if (set.records.size() < 2) continue;
      std::unordered_map<std::string, const Record*> seen;
      for (const Record* r : set.records) {
        auto [it, fresh] = seen.emplace(rrsets::canonical_rdata(*z, *r), r);
        if (fresh) continue;
        const Record* first = it->second;
        Diagnostic d = make_finding(
            kDuplicateRecord, *z, *r, rdata_span(*z, *r),
            "duplicate " + type_name(r->type) + " record at " + quoted(r->owner) +
                ": the same data is already in the RRset; servers keep one copy (RFC 2181 §5)");
        add_note(d, rdata_span(*z, *first), "first defined here");
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
        "second copy's data and carries the first.",
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
