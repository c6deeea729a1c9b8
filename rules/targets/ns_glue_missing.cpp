// ns-glue-missing: an in-zone name server host, or one below its own delegation, without an
// address.
#include "rules/live/live_common.hpp"
#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

// Live mode (--resolve): an NS host outside every loaded zone that does not exist, or has
// neither A nor AAAA. Whether the host answers for the zone (a lame delegation) is not checked:
// that needs a query sent to each server itself, which the run's one resolver does not do.
void check_live(const RuleContext& ctx, const Zone& z, const Record& r, const Name& host,
                Diagnostics& out) {
  if (targets::unresolvable_suffix(host)) return;  // target-special-use
  const live::LiveTarget lt = live::address_of(ctx, host);
  std::string why;
  switch (lt.kind) {
    case live::LiveTarget::failed:
      out.add(live::check_failed(ctx, z, r, field_span(ctx.sources(), z, r, 0), host, lt.reason));
      return;
    case live::LiveTarget::nxdomain:
      why = live::kLiveNxdomain;
      break;
    case live::LiveTarget::no_address:
      why = live::kLiveNoAddress;
      break;
    default:
      return;  // an address, an alias (ns-target-cname), offline or not answered yet
  }
  out.add(make_finding(kNsGlueMissing, z, r, field_span(ctx.sources(), z, r, 0),
                       "NS host " + quoted(host) + " " + why +
                           "; the name server cannot be reached (RFC 1034 §4.2.1)"));
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    targets::OccludedOwners occluded(*z);
    if (ctx.incomplete(*z)) continue;  // records may be missing
    for (const std::uint32_t i : z->records_of_type(rrtype::NS)) {
      const Record& r = z->records[i];
      if (r.has(kValueUnknown) || !in_zone(*z, r)) continue;
      if (occluded(r)) continue;  // occluded-data
      auto t = as_name_target(*z, r);
      if (!t) continue;
      // `NS 192.0.2.53`: BIND's check-ns-is-address. The text is read only when the name can
      // be one written as an address.
      const std::string_view text = mx::may_be_written_as_ip(*z, r, t->target)
                                        ? targets::field_text(ctx, *z, r, 0)
                                        : std::string_view();
      if (mx::text_is_ip_address(text)) {
        out.add(make_finding(kNsGlueMissing, *z, r, field_span(ctx.sources(), *z, r, 0),
                             "NS host '" + std::string(text) +
                                 "' is an IP address; an NS record names a host, whose address "
                                 "is its A or AAAA record (RFC 1035 §3.3.11): name the host "
                                 "and give it an address record"));
        continue;
      }
      if (targets::doubled_origin(ctx, *z, r, 0)) continue;  // missing-trailing-dot
      if (!z->contains(t->target)) {
        if (!ctx.authoritative_for(t->target)) check_live(ctx, *z, r, t->target, out);
        continue;
      }
      const Name& host = t->target;
      const bool delegation = !(z->owner(r) == z->origin);
      if (delegation && !(z->delegation_above(z->owner(r)) == z->owner(r)))
        continue;  // occluded-data
      const auto cut = z->delegation_above(host);
      std::string msg;
      if (cut) {
        // Below a delegation: only this delegation's own hosts need glue here (RFC 9471 §2);
        // a host below another delegation (sibling glue) can be resolved through it.
        if (!delegation || !host.is_subdomain_of(z->owner(r))) continue;
        if (targets::has_address(*z, host)) continue;
        msg = "NS host " + quoted(host) + " is inside the delegated zone " + quoted(z->owner(r)) +
              " but has no glue (A or AAAA) in zone " + quoted(z->origin) +
              "; resolvers cannot reach the child's name server without it (RFC 1034 §4.2.1, "
              "RFC 9471)";
      } else {
        const Resolution res = resolve(ctx, host, *z);
        if (res.zone != z) continue;  // a loaded sub-zone without a delegation answers
        if (res.kind == Resolution::below_dname) continue;  // ns-target-cname
        if (res.kind == Resolution::exists || res.kind == Resolution::wildcard) {
          if (!targets::cnames_at(*z, res.source).empty()) continue;  // ns-target-cname
          if (targets::has_address(*z, res.source)) continue;
        }
        if (res.kind == Resolution::nxdomain && targets::owner_lost_dot(*z, host)) continue;
        std::string why;
        if (res.kind == Resolution::nxdomain)
          why = "does not exist";
        else if (res.kind == Resolution::wildcard)
          why = "is covered by the wildcard " + quoted(res.source) + ", which has no A or AAAA";
        else if (z->records_at(host).empty())
          why = "exists only as an empty non-terminal";
        else
          why = "has no A or AAAA record (it owns " + targets::types_at(*z, host) + " only)";
        msg = "NS host " + quoted(host) + " is in zone " + quoted(z->origin) + " and " + why +
              "; the name server cannot be reached" +
              (delegation ? std::string(" (RFC 1034 §4.2.1)")
                          : std::string(", and BIND refuses to load the zone (RFC 1034 §4.2.1)"));
      }
      out.add(make_finding(kNsGlueMissing, *z, r, field_span(ctx.sources(), *z, r, 0), msg));
    }
  }
}

}  // namespace

const Rule kNsGlueMissing{
    "ns-glue-missing",
    Severity::error,
    {},
    RuleDoc{
        "in-zone NS host, or glue below a delegation, has no address record",
        "For every NS record whose host lies inside the record's own zone: when the host is "
        "authoritative data of the zone (not below a delegation), it must have an A or AAAA "
        "record, directly or through a wildcard; when the NS is a delegation and the host is "
        "at or below that delegation point, the zone must carry its address as glue. A host "
        "below another delegation of the zone (sibling glue) is not required: resolvers reach "
        "it through that delegation (RFC 9471). An NS host written as an IP address is reported "
        "too (it names no host at all; BIND's `-n`). Hosts that are aliases are ns-target-cname's, "
        "hosts that lost their final dot are missing-trailing-dot's, and a zone with parse "
        "errors is not judged. A record that is itself below a delegation or a DNAME is "
        "occluded-data's: it is "
        "never served. With `--resolve` (live mode), a host outside every loaded zone is "
        "looked up too: NXDOMAIN and a name with neither A nor AAAA are reported, saying "
        "\"checked live\" (whether each server answers for the zone is not checked).",
        "Without the address, resolvers cannot contact the name server: for a host inside the "
        "child zone there is no other way to learn it (a chicken-and-egg problem), and the "
        "delegation is lame. BIND refuses to load a zone whose apex NS host has no address "
        "(\"has no address records\"); BIND and Knot report missing glue (\"missing glue "
        "record\").",
        "$ORIGIN example.com.\n@    NS  ns1\n@    NS  ns2.example.net.\nns1  A   192.0.2.53\n"
        "sub  NS  ns.sub\n",
        "$ORIGIN example.com.\n@    NS  ns1\n@    NS  ns2.example.net.\nns1  A   192.0.2.53\n"
        "sub  NS  ns.sub\nns.sub A 198.51.100.53\n",
        "",
        "RFC 1034 §4.2.1; RFC 9471",
    },
    "ns,delegation,glue",
    &check,
};

}  // namespace zl::rules
