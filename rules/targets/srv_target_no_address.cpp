// srv-target-no-address: an SRV target in a loaded zone without A or AAAA.
#include "rules/live/live_common.hpp"
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    targets::OccludedOwners occluded(*z);
    // Most targets are settled by the pass the SRV rules share: an address.
    const targets::SrvTargets& settled = targets::srv_targets(ctx, *z);
    std::size_t k = 0;
    for (const std::uint32_t i : z->records_of_type(rrtype::SRV)) {
      if (settled.settles(k++, targets::SrvTargets::kHasAddress)) continue;
      const Record& r = z->records[i];
      if (r.has(kValueUnknown) || !in_zone(*z, r)) continue;
      if (occluded(r)) continue;  // occluded-data
      auto srv = as_srv(*z, r);
      if (!srv || srv->target.is_root()) continue;  // `.`: service not available
      // A name that lost its final dot is missing-trailing-dot's finding.
      if (targets::doubled_origin(ctx, *z, r, 3)) continue;
      const Name& t = srv->target;
      // The answering name's records come with the answer: the questions below take no
      // other lookup.
      const Lookup res = look_up(ctx, t, *z);
      const Name& source = res.other ? *res.other : t;
      if (res.zone && ctx.incomplete(*res.zone)) continue;  // records may be missing
      std::string why;
      switch (res.kind) {
        case Resolution::outside: {
          // Live mode only: what the network says about a target outside the loaded zones.
          const live::LiveTarget lt = live::address_of(ctx, t);
          if (lt.kind == live::LiveTarget::failed)
            out.add(
                live::check_failed(ctx, *z, r, field_span(ctx.sources(), *z, r, 3), t, lt.reason));
          if (lt.kind == live::LiveTarget::nxdomain)
            why = live::kLiveNxdomain;
          else if (lt.kind == live::LiveTarget::no_address)
            why = live::kLiveNoAddress;
          else
            continue;
          break;
        }
        case Resolution::delegated:
        case Resolution::below_dname:  // srv-target-cname
          continue;
        case Resolution::exists:
          if (targets::has_type(*res.zone, res.records, rrtype::CNAME))
            continue;  // srv-target-cname
          if (targets::has_address(*res.zone, t, res.records)) continue;
          if (res.records.empty())
            why = "exists only as an empty non-terminal (names below it have records)";
          else
            why = "has no A or AAAA record (it owns " + targets::types_at(*res.zone, t) + " only)";
          break;
        case Resolution::wildcard:
          if (targets::has_type(*res.zone, res.records, rrtype::CNAME)) continue;
          if (targets::has_address(*res.zone, source, res.records)) continue;
          why = "is covered by the wildcard " + quoted(source) + ", which has no A or AAAA";
          break;
        case Resolution::nxdomain:
          if (targets::owner_lost_dot(*res.zone, t)) continue;  // missing-trailing-dot
          why = "does not exist in zone " + quoted(res.zone->origin);
          break;
      }
      Diagnostic d = make_finding(kSrvTargetNoAddress, *z, r, field_span(ctx.sources(), *z, r, 3),
                                  "SRV target " + quoted(t) + " " + why +
                                      "; clients find no address to connect to (RFC 2782)");
      if (res.kind == Resolution::wildcard)
        for (auto w : res.zone->records_at(source))
          add_note(d, anchor_span(*res.zone, res.zone->records[w]), "wildcard defined here");
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kSrvTargetNoAddress{
    "srv-target-no-address",
    Severity::error,
    {},
    RuleDoc{
        "SRV target in a loaded zone has no A or AAAA record",
        "For every SRV target that falls inside a loaded zone (the authoritative one: the "
        "longest matching origin), checks that the name has an A or AAAA record, directly or "
        "through a wildcard (RFC 4592). It reports a name that does not exist, an empty "
        "non-terminal, and a name that owns other types only. The target `.` means \"service "
        "not available\" (RFC 2782) and is never reported. Names at or below a delegation are "
        "the child zone's business, aliases are srv-target-cname's, a target that lost its "
        "final dot is missing-trailing-dot's, and names outside every loaded zone are never "
        "looked up. No finding when the target's zone had parse errors. A record that is itself "
        "below a delegation or a DNAME is occluded-data's: it is "
        "never served.",
        "RFC 2782: the target must have one or more address records. Without one, clients "
        "that found the service cannot connect to it. named-checkzone reports this as \"has "
        "no address records\" (`-i local`).",
        "$ORIGIN example.com.\n_xmpp-server._tcp  SRV  5 0 5269 xmpp\n",
        "$ORIGIN example.com.\n_xmpp-server._tcp  SRV  5 0 5269 xmpp\nxmpp  A  192.0.2.52\n",
        "",
        "RFC 2782; RFC 4592 §4",
    },
    "srv",
    &check,
};

}  // namespace zl::rules
