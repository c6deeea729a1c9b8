// cname-chain: a CNAME whose target is itself an alias.
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

constexpr int kMaxHops = 64;

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    // Only the CNAMEs whose target is an alias start a chain (cname_targets).
    for (const auto& [i, first] : targets::cname_targets(ctx, *z).aliased) {
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
      if (hops.empty() || loop) continue;    // no chain, or cname-loop's finding
      const auto t = as_name_target(*z, r);  // decoded by cname_targets: never fails here
      if (!t) continue;
      std::string path = quoted(r.owner);
      for (const auto& h : hops) path += " -> " + quoted(h.rec->owner);
      path += " -> " + quoted(at);
      Diagnostic d = make_finding(
          kCnameChain, *z, r, field_span(*z, r, 0),
          "CNAME target " + quoted(t->target) + " is itself an alias, a chain of " +
              std::to_string(hops.size() + 1) + " (" + path +
              "); each step costs resolvers a lookup: point the CNAME at " + quoted(at));
      for (const auto& h : hops)
        add_note(d, anchor_span(*h.rec), type_name(h.rec->type) + " defined here");
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
        "cname-loop's. Only the loaded zones are followed: a CNAME to a provider's name that "
        "is itself an alias at the provider is not seen.",
        "Each step of a chain is another lookup for resolvers, more latency and another place "
        "to break; RFC 1034 §5.2.2 and RFC 1912 §2.4 advise against chains. Some chains are "
        "deliberate (an alias to a name that a team controls), hence info.",
        "$ORIGIN example.com.\nwww  CNAME web\nweb  CNAME host\nhost A     192.0.2.80\n",
        "$ORIGIN example.com.\nwww  CNAME host\nweb  CNAME host\nhost A     192.0.2.80\n",
        "",
        "RFC 1034 §5.2.2; RFC 1912 §2.4",
    },
    "cname,alias",
    &check,
};

}  // namespace zl::rules
