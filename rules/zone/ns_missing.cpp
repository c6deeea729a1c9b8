// ns-missing: no NS at the apex of a zone file.
#include "lint/rule_support.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    if (z->format != InputFormat::zone || z->records.empty() || ctx.incomplete(*z)) continue;
    if (z->has(z->origin, rrtype::NS)) continue;
    // Point at the apex SOA when there is one (soa-missing covers the rest).
    const Record* at = &z->records.front();
    for (auto i : z->records_at(z->origin, rrtype::SOA)) {
      at = &z->records[i];
      break;
    }
    out.add(make_finding(kNsMissing, *z, *at, anchor_span(*z, *at),
                         "zone " + quoted(z->origin) +
                             " has no NS record at its apex; the zone must list its name "
                             "servers (RFC 1034 §4.2.1), and servers refuse to load it"));
  }
}

}  // namespace

const Rule kNsMissing{
    "ns-missing",
    Severity::error,
    {},
    RuleDoc{
        "a zone file has no NS record at its apex",
        "Reports a zone file (BIND master-file input) with records but no NS owned by the "
        "origin, at the apex SOA (or the first record). DNS-as-code formats leave the apex NS "
        "to the provider and are not checked, and neither is a zone whose load reported parse "
        "errors.",
        "The apex NS RRset names the zone's servers (RFC 1034 §4.2.1); BIND refuses to load a "
        "zone without it and Knot reports it.",
        "$ORIGIN example.com.\n@  SOA ns1 hostmaster 1 7200 3600 1209600 300\n",
        "$ORIGIN example.com.\n@  SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
        "@  NS  ns1\nns1 A  192.0.2.53\n",
        "",
        "RFC 1034 §4.2.1; RFC 1035 §5.2",
    },
    "zone,ns",
    &check,
};

}  // namespace zl::rules
