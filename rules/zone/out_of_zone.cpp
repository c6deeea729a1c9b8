// out-of-zone: a record outside the zone.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "lint/rule_support.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  std::vector<std::uint32_t> outside;
  for (const Zone* z : ctx.zones()) {
    // The owners at or below the origin are one stretch of the zone's owners in canonical
    // order (Zone::in_zone_owners): the records out of zone are those of the owners before and
    // after it, found without comparing each record's owner with the origin (a million
    // comparisons in the 1M-record bench zone, for none out of zone). In file order, as the
    // records were reported when they were walked.
    const auto [first, end] = z->in_zone_owners();
    outside.clear();
    const auto add_owners = [&](std::size_t from, std::size_t to) {
      for (std::size_t k = from; k < to; ++k)
        for (const std::uint32_t i : z->owner_run(k)) outside.push_back(i);
    };
    add_owners(0, first);
    add_owners(end, z->owner_count());
    std::sort(outside.begin(), outside.end());
    for (const std::uint32_t i : outside) {
      const Record& r = z->records[i];
      out.add(make_finding(kOutOfZone, *z, r, anchor_span(*z, r),
                           "owner " + quoted(z->owner(r)) + " is not at or below the origin " +
                               quoted(z->origin) +
                               "; servers ignore the record or refuse the zone (RFC 1035 §5)"));
    }
  }
}

}  // namespace

const Rule kOutOfZone{
    "out-of-zone",
    Severity::error,
    {},
    RuleDoc{
        "a record's owner is outside the zone",
        "Reports every record whose owner is not at or below the zone's origin, pointing at "
        "the owner. Other rules ignore such records, as BIND does.",
        "A zone holds the names at and below its origin (RFC 1035 §5). BIND ignores records "
        "outside it (\"ignoring out-of-zone data\"), NSD and PowerDNS refuse the zone. It "
        "usually means a wrong `$ORIGIN`, or an absolute name with a typo.",
        "$ORIGIN example.com.\nmail.example.net.  A  192.0.2.25\n",
        "$ORIGIN example.com.\nmail  A  192.0.2.25\n",
        "",
        "RFC 1035 §5; RFC 1034 §4.2",
    },
    "zone",
    &check,
};

}  // namespace zl::rules
