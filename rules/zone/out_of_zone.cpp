// out-of-zone: a record outside the zone.
#include "lint/rule_support.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    for (const Record& r : z->records) {
      if (in_zone(*z, r)) continue;
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
