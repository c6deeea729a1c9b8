// mx-missing: the zone apex has no MX.
#include "lint/psl.hpp"
#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

const Record* apex_anchor(const Zone& z) {
  const Record* first_apex = nullptr;
  for (auto i : z.records_at(z.origin)) {
    const Record& r = z.records[i];
    if (r.type == rrtype::SOA) return &r;
    if (!first_apex) first_apex = &r;
  }
  return first_apex;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  static const Name arpa = *Name::parse("arpa.", nullptr);
  for (const Zone* z : ctx.zones()) {
    if (z->origin.is_subdomain_of(arpa)) continue;        // reverse zones take no mail
    if (ctx.psl().is_public_suffix(z->origin)) continue;  // TLDs and the like (RFC 7085)
    if (z->has(z->origin, rrtype::MX) || ctx.incomplete(*z)) continue;
    if (z->has(z->origin, rrtype::CNAME)) continue;  // mail follows the alias
    const Record* at = apex_anchor(*z);
    if (!at) continue;  // nothing at the apex: nothing to say about mail
    const bool addr = z->has(z->origin, rrtype::A) || z->has(z->origin, rrtype::AAAA);
    Diagnostic d = make_finding(
        kMxMissing, *z, *at, anchor_span(*z, *at),
        "zone " + quoted(z->origin) + " has no MX at its apex; " +
            (addr ? "senders deliver to the apex address (implicit MX, RFC 5321 §5.1), "
                    "which is usually a web server"
                  : "senders find no mail server and bounce") +
            ". Add MX records, or a null MX (`@ MX 0 .`, RFC 7505) if the domain takes no mail");
    if (!addr) d.severity = Severity::info;
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kMxMissing{
    "mx-missing",
    Severity::warning,
    {},
    RuleDoc{
        "the zone apex has no MX (warning with an apex address, else info)",
        "Reports a zone whose apex has no MX record at all. It is a warning when the apex "
        "has an A or AAAA record (mail then goes to that address), and info otherwise. Not "
        "reported for zones under `.arpa`, for zones whose origin is a public suffix (a TLD "
        "or `co.uk`, where mail is not expected; the implicit `*` rule makes any single-label "
        "origin one), for an apex CNAME (cname-and-other-data), or for a zone with nothing at "
        "its apex, nor for a zone whose load reported parse errors (the MX may be the record that "
        "failed). The finding points at the apex SOA.",
        "Without MX, RFC 5321 §5.1 has senders use the domain's own address as an implicit "
        "MX with preference 0: mail goes to the web server, which may accept and lose it, or "
        "refuse it slowly. A domain that takes no mail should say so with a null MX (RFC "
        "7505), so that senders fail fast with a clear error.",
        "$ORIGIN example.com.\n@  SOA ns1 hostmaster 1 7200 3600 1209600 300\n@  NS  ns1\n"
        "@  A   192.0.2.80\n",
        "$ORIGIN example.com.\n@  SOA ns1 hostmaster 1 7200 3600 1209600 300\n@  NS  ns1\n"
        "@  A   192.0.2.80\n@  MX  0 .\n@  TXT \"v=spf1 -all\"\n",
        "",
        "RFC 5321 §5.1; RFC 7505; RFC 7085",
    },
    "mx,mail",
    &check,
};

}  // namespace zl::rules
