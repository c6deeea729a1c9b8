// ttl-missing: an SOA record that had no TTL source at all took its own minimum. The parser
// records where each record's TTL came from (Record::ttl_source); this rule reports it.
#include "lint/rule_support.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones())
    for (const Record& r : z->records) {
      if (r.ttl_source != TtlSource::own_soa_minimum) continue;
      out.add(make_finding(
          kTtlMissing, *z, r, z->type_span(r),
          "no TTL for the SOA record: no $TTL and no explicit TTL came before it, so it and "
          "every later record without a TTL get the SOA minimum (" +
              std::to_string(r.ttl) + "), as BIND does; add $TTL at the top (RFC 2308 §4)"));
    }
}

}  // namespace

const Rule kTtlMissing{
    "ttl-missing",
    Severity::warning,
    {},
    RuleDoc{
        "a record has no TTL from any source and got the SOA minimum",
        "Reported (from what the parser records) for a record with no TTL of its own, no `$TTL` "
        "before it and no earlier explicit TTL. zonelint then gives it the SOA minimum field, "
        "as BIND does, and reports it.",
        "Servers disagree on records without a TTL source: BIND uses the SOA minimum (with a "
        "warning), others refuse the record. Since RFC 2308 the SOA minimum is the negative "
        "caching TTL, usually much shorter than the TTL you want.",
        "example.com. SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300\n"
        "example.com. NS  ns1.example.com.\n",
        "$TTL 3600\nexample.com. SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 "
        "1209600 300\nexample.com. NS  ns1.example.com.\n",
        "",
        "RFC 2308 §4, §5; RFC 1035 §5.1",
    },
    "ttl",
    &check,
    {},
    false,
    true,
};

}  // namespace zl::rules
