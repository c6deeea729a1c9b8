// soa-mname-invalid: the SOA primary server, inside the zone, does not exist, has no address,
// or is an alias.
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

bool is_apex_ns_host(const Zone& z, const Name& host) {
  for (auto i : z.records_at(z.origin, rrtype::NS))
    if (auto t = as_name_target(z, z.records[i]); t && t->target == host) return true;
  return false;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    if (ctx.incomplete(*z)) continue;
    for (auto i : z->records_at(z->origin, rrtype::SOA)) {
      const Record& r = z->records[i];
      if (r.has(kValueUnknown)) continue;
      auto soa = as_soa(*z, r);
      if (!soa) continue;
      const Name& m = soa->mname;
      if (!z->contains(m) || targets::doubled_origin(ctx, *z, r, 0)) continue;
      const Resolution res = resolve(ctx, m, *z);
      if (res.zone != z) continue;  // a loaded sub-zone answers for it
      // An apex NS host with the same problem is ns-glue-missing's or ns-target-cname's.
      if (is_apex_ns_host(*z, m)) continue;
      std::string why;
      std::vector<Note> notes;
      switch (res.kind) {
        case Resolution::outside:
        case Resolution::delegated:
          continue;
        case Resolution::below_dname:
          why = "is below the DNAME at " + quoted(res.source) + ", so it is an alias";
          break;
        case Resolution::nxdomain:
          if (targets::owner_lost_dot(*z, m)) continue;  // missing-trailing-dot
          why = "does not exist in the zone";
          break;
        case Resolution::exists:
        case Resolution::wildcard: {
          const auto cn = targets::cnames_at(*z, res.source);
          if (!cn.empty()) {
            why = "is an alias (CNAME)";
            for (auto c : cn)
              notes.push_back(Note{anchor_span(*z, z->records[c]), "CNAME defined here"});
          } else if (!targets::has_address(*z, res.source)) {
            why = z->records_at(m).empty() && res.kind == Resolution::exists
                      ? "exists only as an empty non-terminal, without an address"
                      : "has no A or AAAA record";
          } else {
            continue;
          }
          break;
        }
      }
      Diagnostic d = make_finding(kSoaMnameInvalid, *z, r, field_span(ctx.sources(), *z, r, 0),
                                  "SOA primary server (MNAME) " + quoted(m) + " " + why +
                                      "; secondaries and dynamic-update clients that contact "
                                      "the primary cannot reach it (RFC 1035 §3.3.13, "
                                      "RFC 2136 §4)");
      for (auto& n : notes) d.notes.push_back(std::move(n));
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kSoaMnameInvalid{
    "soa-mname-invalid",
    Severity::warning,
    {},
    RuleDoc{
        "SOA MNAME inside the zone does not exist, has no address, or is an alias",
        "Looks the SOA's primary server name (MNAME) up when it lies inside the zone itself "
        "(not below a delegation) and reports it when it does not exist, has no A or AAAA "
        "record (directly or through a wildcard), or is an alias (CNAME, or below a DNAME). "
        "An MNAME that is also an apex NS host is left to ns-glue-missing and "
        "ns-target-cname, an MNAME that lost its final dot to missing-trailing-dot, and a "
        "zone with parse errors is not judged.",
        "The MNAME names the primary server: secondaries may send it NOTIFY responses and "
        "dynamic-update clients send it their updates (RFC 2136 §4). A name written relative "
        "by mistake, or a host renamed without updating the SOA, leaves it pointing nowhere.",
        "$ORIGIN example.com.\n@  SOA  primary hostmaster 1 14400 3600 1209600 300\n"
        "@  NS   ns1\nns1 A   192.0.2.53\n",
        "$ORIGIN example.com.\n@  SOA  ns1 hostmaster 1 14400 3600 1209600 300\n"
        "@  NS   ns1\nns1 A   192.0.2.53\n",
        "",
        "RFC 1035 §3.3.13; RFC 2136 §4; RFC 1912 §2.2",
    },
    "soa,zone",
    &check,
};

}  // namespace zl::rules
