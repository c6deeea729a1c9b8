// cname-loop: an alias chain, within the loaded zones, that returns to itself.
#include <utility>

#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

constexpr int kMaxHops = 64;

std::pair<std::size_t, std::size_t> order_key(const RuleContext& ctx, const Zone* z,
                                              const Record* r) {
  const auto& zs = ctx.set().zones;
  const std::size_t zi = static_cast<std::size_t>(z - zs.data());
  return {zi, static_cast<std::size_t>(r - z->records.data())};
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    // Only the CNAMEs whose target is an alias can be in a loop (cname_targets).
    for (const auto& [i, hop0] : targets::cname_targets(ctx, *z).aliased) {
      const Record& r = z->records[i];
      // Walk the chain from this record; it is in a loop when the walk comes back to it.
      std::vector<targets::AliasHop> hops;
      bool loop = hop0.rec == &r;
      Name at = hop0.to;
      if (!loop) hops.push_back(hop0);
      for (int step = 1; step < kMaxHops && !loop; ++step) {
        auto hop = targets::alias_hop(ctx, at, hops.empty() ? hop0.zone : hops.back().zone);
        if (!hop) break;
        if (hop->rec == &r) {
          loop = true;
          break;
        }
        bool seen = false;
        for (const auto& h : hops) seen = seen || h.rec == hop->rec;
        if (seen) break;  // leads into a loop it is not part of: reported at the loop
        at = hop->to;
        hops.push_back(std::move(*hop));
      }
      if (!loop) continue;
      // Report each loop once, at its first record (zone order, then file order).
      const auto mine = order_key(ctx, z, &r);
      bool first = true;
      for (const auto& h : hops) first = first && mine < order_key(ctx, h.zone, h.rec);
      if (!first) continue;
      const auto t = as_name_target(*z, r);  // decoded by cname_targets: never fails here
      if (!t) continue;
      std::string path = quoted(z->owner(r));
      for (const auto& h : hops) path += " -> " + quoted(h.zone->owner(*h.rec));
      path += " -> " + quoted(z->owner(r));
      Diagnostic d = make_finding(
          kCnameLoop, *z, r, field_span(ctx.sources(), *z, r, 0),
          "CNAME target " + quoted(t->target) + " leads back to this alias (" + path +
              "); every name in the loop fails to resolve (SERVFAIL) (RFC 1034 §3.6.2)");
      for (const auto& h : hops)
        add_note(d, field_span(ctx.sources(), *h.zone, *h.rec, 0),
                 type_name(h.rec->type) + " of " + quoted(h.zone->owner(*h.rec)) +
                     " continues the loop");
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kCnameLoop{
    "cname-loop",
    Severity::error,
    {},
    RuleDoc{
        "a CNAME chain returns to itself (alias loop)",
        "Follows every CNAME through the loaded zones: CNAMEs, wildcard CNAMEs and DNAME "
        "substitutions (RFC 6672), as a resolver would. When the chain comes back to the "
        "CNAME it started from, the loop is reported once, at the target of its first record "
        "(file order), with a note at every other record of the loop. Chains leaving the "
        "loaded zones, or entering a delegation, are not followed.",
        "A resolver that follows a loop gives up with SERVFAIL: every name in it, and every "
        "alias pointing into it, fails to resolve. RFC 1034 §3.6.2 asks resolvers to detect "
        "such loops, and servers to avoid them.",
        "$ORIGIN example.com.\nwww  CNAME web\nweb  CNAME www\n",
        "$ORIGIN example.com.\nwww  CNAME web\nweb  A     192.0.2.80\n",
        "",
        "RFC 1034 §3.6.2; RFC 1912 §2.4; RFC 6672 §2",
    },
    "cname,alias",
    &check,
};

}  // namespace zl::rules
