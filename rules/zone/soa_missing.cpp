// soa-missing: a zone file without an SOA at its apex.
#include "lint/rule_support.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    if (z->format != InputFormat::zone || ctx.incomplete(*z)) continue;
    if (z->records.empty()) {
      // An empty file (or only comments and directives): BIND says "has 0 SOA records" and
      // refuses it. Point at the start of the file.
      if (z->file == kNoFile) continue;
      Diagnostic d;
      d.rule = kSoaMissing.id;
      d.severity = kSoaMissing.default_severity;
      d.message = "zone " + quoted(z->origin) +
                  " has no records at all, so no SOA; servers refuse to load an empty zone "
                  "(RFC 1035 §5.2)";
      d.span = Span{z->file, 0, 0};
      d.owner = z->origin.canonical_text();
      d.type = "SOA";
      out.add(std::move(d));
      continue;
    }
    if (z->has(z->origin, rrtype::SOA)) continue;
    const Record& first = z->records.front();
    out.add(make_finding(kSoaMissing, *z, first, anchor_span(*z, first),
                         "zone " + quoted(z->origin) +
                             " has no SOA record at its apex; a zone starts with exactly one "
                             "SOA (RFC 1035 §5.2), and servers refuse to load it"));
  }
}

}  // namespace

const Rule kSoaMissing{
    "soa-missing",
    Severity::error,
    {},
    RuleDoc{
        "a zone file has no SOA record at its apex",
        "Reports a zone file (BIND master-file input) with no SOA owned by the origin, at the "
        "first record, or at the start of a file with no records at all. DNS-as-code formats "
        "(octoDNS, DNSControl, Route 53, "
        "Terraform) leave the SOA to the provider and are not checked, and neither is a zone "
        "whose load reported parse errors (the SOA may be the entry that failed).",
        "Every zone has exactly one SOA at its apex (RFC 1035 §5.2, RFC 1034 §4.2.1). BIND, "
        "Knot and NSD refuse a zone without one. A wrong `$ORIGIN` or origin (the SOA then "
        "sits elsewhere) has the same effect.",
        "$ORIGIN example.com.\n@  NS  ns1.example.net.\n",
        "$ORIGIN example.com.\n@  SOA ns1.example.net. hostmaster 1 7200 3600 1209600 300\n"
        "@  NS  ns1.example.net.\n",
        "",
        "RFC 1035 §5.2; RFC 1034 §4.2.1",
    },
    "zone,soa",
    &check,
};

}  // namespace zl::rules
