// cname-chain: a CNAME whose target is itself an alias.
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

constexpr int kMaxHops = 64;

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    // Only the CNAMEs whose target is an alias start a chain (cname_targets), and only an
    // alias of this zone: a name of another zone (a CDN's or SaaS provider's, another team's,
    // a delegated child's) is the name its owner publishes for others to point at, whatever
    // it aliases in turn.
    for (const auto& [i, first] : targets::cname_targets(ctx, *z).aliased) {
      if (first.zone != z) continue;
      const Record& r = z->records[i];
      std::vector<targets::AliasHop> hops{first};
      Name at = first.to;
      bool loop = first.rec == &r;
      for (int step = 1; step < kMaxHops && !loop; ++step) {
        auto hop = targets::alias_hop(ctx, at, hops.back().zone);
        if (!hop) break;
        loop = hop->rec == &r;
        for (const auto& h : hops) loop = loop || h.rec == hop->rec;
        at = hop->to;
        hops.push_back(std::move(*hop));
      }
      if (hops.empty() || loop) continue;  // no chain, or cname-loop's finding
      // The chain this zone can shorten ends where it leaves the zone: the CNAME should point
      // at the first name of another zone, not at what that name aliases (which its owner may
      // change at any time).
      for (std::size_t k = 1; k < hops.size(); ++k) {
        if (hops[k].zone != z) {
          at = hops[k - 1].to;
          hops.erase(hops.begin() + static_cast<std::ptrdiff_t>(k), hops.end());
          break;
        }
      }
      const auto t = as_name_target(*z, r);  // decoded by cname_targets: never fails here
      if (!t) continue;
      std::string path = quoted(z->owner(r));
      for (const auto& h : hops) path += " -> " + quoted(h.zone->owner(*h.rec));
      path += " -> " + quoted(at);
      Diagnostic d = make_finding(
          kCnameChain, *z, r, field_span(ctx.sources(), *z, r, 0),
          "CNAME target " + quoted(t->target) + " is itself an alias, a chain of " +
              std::to_string(hops.size() + 1) + " (" + path +
              "); each step costs resolvers a lookup: point the CNAME at " + quoted(at));
      for (const auto& h : hops)
        add_note(d, anchor_span(*h.zone, *h.rec), type_name(h.rec->type) + " defined here");
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kCnameChain{
    "cname-chain",
    Severity::info,
    {},
    RuleDoc{
        "a CNAME points at another alias (chain longer than one)",
        "Follows every CNAME through the loaded zones (CNAMEs, wildcard CNAMEs, DNAME "
        "substitutions) and reports one whose target is itself an alias, naming the whole "
        "chain and its final target, with notes at the other records of the chain. Loops are "
        "cname-loop's. The chain is followed through the CNAME's own zone only: a CNAME whose "
        "target is a name of another zone (a CDN's or SaaS provider's, another team's, a "
        "delegated child's), loaded in the run or not, is no finding, even when that name is "
        "itself an alias there, and a chain through this zone's aliases ends where it leaves "
        "the zone (that first name of another zone is the target to use).",
        "Each step of a chain is another lookup for resolvers, more latency and another place "
        "to break; RFC 1034 §5.2.2 and RFC 1912 §2.4 advise against chains. Some chains are "
        "deliberate (an alias to a name that a team controls), hence info. Pointing at a "
        "provider's published name, and not at whatever it aliases today, is the provider's "
        "own advice (CDNs move their edge names), so a chain that leaves the zone is followed "
        "no further: the zone's owner can only shorten the part in their zone. BIND, Knot and "
        "Zonemaster do not report chains at all.",
        "$ORIGIN example.com.\nwww  CNAME web\nweb  CNAME host\nhost A     192.0.2.80\n",
        "$ORIGIN example.com.\nwww  CNAME host\nweb  CNAME host\nhost A     192.0.2.80\n",
        "",
        "RFC 1034 §5.2.2; RFC 1912 §2.4",
    },
    "cname,alias",
    &check,
};

}  // namespace zl::rules
