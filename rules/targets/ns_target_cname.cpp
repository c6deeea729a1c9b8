// ns-target-cname: a name server host is an alias.
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    targets::OccludedOwners occluded(*z);
    for (const std::uint32_t i : z->records_of_type(rrtype::NS)) {
      const Record& r = z->records[i];
      if (r.has(kValueUnknown) || !in_zone(*z, r)) continue;
      if (occluded(r)) continue;  // occluded-data
      auto t = as_name_target(*z, r);
      if (!t) continue;
      if (auto d = targets::alias_finding(
              ctx, kNsTargetCname, *z, r, 0, "NS host", t->target,
              "resolvers and servers that follow the NS to it may fail (RFC 2181 §10.3)"))
        out.add(std::move(*d));
    }
  }
}

}  // namespace

const Rule kNsTargetCname{
    "ns-target-cname",
    Severity::error,
    {},
    RuleDoc{
        "NS host is an alias (CNAME or below a DNAME)",
        "Looks the host of every NS record (at the apex and at delegations) up in whichever "
        "loaded zone is authoritative for it and reports it when it owns a CNAME, is covered "
        "by a wildcard CNAME, or lies below a DNAME. The finding points at the host name and "
        "carries the location of the CNAME or DNAME. Hosts outside every loaded zone or below "
        "a delegation are not looked up. A record that is itself below a delegation or a DNAME is "
        "occluded-data's: it is never served.",
        "RFC 2181 §10.3: the name server named by an NS record must not be an alias. "
        "Resolvers do not follow the CNAME when they look for the server's address in "
        "additional data, and some refuse it outright, so the delegation can fail. BIND "
        "reports it (\"is a CNAME (illegal)\") when loading the zone.",
        "$ORIGIN example.com.\n@    NS    ns1\n@    NS    ns2.example.net.\nns1  CNAME "
        "server\nserver A  192.0.2.53\n",
        "$ORIGIN example.com.\n@    NS    server\n@    NS    ns2.example.net.\nserver A  "
        "192.0.2.53\n",
        "",
        "RFC 2181 §10.3; RFC 1912 §2.4; RFC 6672 §2 (DNAME)",
    },
    "ns,alias,delegation",
    &check,
};

}  // namespace zl::rules
