// srv-target-cname: an SRV target is an alias.
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    targets::OccludedOwners occluded(*z);
    // Most targets are settled by the pass the SRV rules share: no alias.
    const targets::SrvTargets& settled = targets::srv_targets(ctx, *z);
    std::size_t k = 0;
    for (const std::uint32_t i : z->records_of_type(rrtype::SRV)) {
      if (settled.settles(k++, targets::SrvTargets::kNoAlias)) continue;
      const Record& r = z->records[i];
      if (r.has(kValueUnknown) || !in_zone(*z, r)) continue;
      if (occluded(r)) continue;  // occluded-data
      auto srv = as_srv(*z, r);
      if (!srv || srv->target.is_root()) continue;
      if (auto d = targets::alias_finding(
              ctx, kSrvTargetCname, *z, r, 3, "SRV target", srv->target,
              "RFC 2782 requires the target to have address records and forbids an alias"))
        out.add(std::move(*d));
    }
  }
}

}  // namespace

const Rule kSrvTargetCname{
    "srv-target-cname",
    Severity::error,
    {},
    RuleDoc{
        "SRV target is an alias (CNAME or below a DNAME)",
        "Looks the target of every SRV record up in whichever loaded zone is authoritative for "
        "it and reports it when it owns a CNAME, is covered by a wildcard CNAME, or lies below "
        "a DNAME. The target `.` (service not available) is not looked up, and nor are "
        "targets outside every loaded zone or below a delegation. The finding points at the "
        "target and carries the location of the CNAME or DNAME. A record that is itself below a "
        "delegation or a DNAME is "
        "occluded-data's: it is never served.",
        "RFC 2782: the target \"must not be an alias\" and must have A or AAAA records. "
        "Clients that follow the specification look for the target's addresses and may not "
        "follow a CNAME, so the service is unreachable for them. BIND reports it when "
        "loading the zone (`check-srv-cname`).",
        "$ORIGIN example.com.\n_sip._tcp  SRV  10 5 5060 sip\nsip        CNAME host\nhost  "
        "     A    192.0.2.10\n",
        "$ORIGIN example.com.\n_sip._tcp  SRV  10 5 5060 host\nhost       A    192.0.2.10\n",
        "",
        "RFC 2782; RFC 2181 §10.3; RFC 6672 §2 (DNAME)",
    },
    "srv,alias",
    &check,
};

}  // namespace zl::rules
