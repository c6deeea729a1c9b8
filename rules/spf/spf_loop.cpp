// spf-loop: an include/redirect cycle within the loaded zones.
#include <algorithm>
#include <set>

#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  std::set<std::vector<std::string>> reported;  // each cycle once, by its set of names
  const auto& sets = spf::spf_sets(ctx);
  const auto& walks = spf::offline_walks(ctx);
  for (std::size_t si = 0; si < sets.size(); ++si) {
    const auto& set = sets[si];
    if (set.records.size() != 1) continue;
    const auto& rec = set.records.front();
    if (rec.parsed.permerror()) continue;
    const spf::Walk* found = walks.find(si, 0);
    if (!found) continue;  // quiet: no loop
    const spf::Walk& w = *found;
    for (const auto& loop : w.loops) {
      // The cycle: from the node it returns to, down to the node whose term closes it.
      std::vector<std::size_t> cycle;
      for (std::size_t n = loop.node;; n = w.nodes[n].parent) {
        cycle.push_back(n);
        if (n == loop.back_to || w.nodes[n].parent == spf::Node::kNone) break;
      }
      std::reverse(cycle.begin(), cycle.end());
      std::vector<std::string> key;
      key.reserve(cycle.size());
      for (auto n : cycle) key.push_back(w.nodes[n].domain.canonical_text());
      std::sort(key.begin(), key.end());
      if (!reported.insert(key).second) continue;
      const auto& node = w.nodes[loop.node];
      if (!node.loaded) continue;  // the closing term is outside the loaded zones
      const auto& t = node.parsed().terms[loop.term];
      std::string path;
      for (auto n : cycle) path += quoted(w.nodes[n].domain) + " -> ";
      path += quoted(w.nodes[loop.back_to].domain);
      const auto& closing = *node.loaded;
      Diagnostic d = make_finding(
          kSpfLoop, *closing.zone, *closing.record, closing.term_span(t),
          "'" + std::string(spf::term_text(node.text(), t)) + "' in the SPF record of " +
              quoted(node.domain) + " closes an include/redirect cycle: " + path +
              ". Receivers evaluate it until the 10-lookup limit and return permerror (RFC "
              "7208 §4.6.4, §5.2)");
      for (std::size_t i = 1; i < cycle.size(); ++i) {
        const std::size_t n = cycle[i];
        add_note(d, spf::node_term_span(w.nodes[w.nodes[n].parent], w.nodes[n].via_term),
                 "step of the cycle: " + quoted(w.nodes[w.nodes[n].parent].domain) + " -> " +
                     quoted(w.nodes[n].domain));
      }
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kSpfLoop{
    "spf-loop",
    Severity::error,
    {},
    RuleDoc{
        "SPF include/redirect cycle",
        "Walks the include and redirect terms of every SPF record through the loaded zones "
        "and reports a chain that comes back to a domain already being evaluated "
        "(`a` includes `b`, `b` includes `a`; or a record that includes itself, also through "
        "`%{d}`). Each cycle is reported once, at the term that closes it, with the other "
        "steps as notes. Cycles through records outside the loaded zones cannot be seen "
        "offline.",
        "A cycle never ends by itself: receivers follow it until the limit of 10 DNS-querying "
        "terms and return permerror (RFC 7208 §4.6.4), so SPF fails for every message the "
        "evaluation reaches the cycle with.",
        "$ORIGIN example.com.\n@     TXT \"v=spf1 include:_spf.example.com -all\"\n"
        "_spf  TXT \"v=spf1 ip4:192.0.2.0/24 include:example.com -all\"\n",
        "$ORIGIN example.com.\n@     TXT \"v=spf1 include:_spf.example.com -all\"\n"
        "_spf  TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n",
        "",
        "RFC 7208 §4.6.4, §5.2, §6.1",
    },
    "spf,mail,limits",
    &check,
};

}  // namespace zl::rules
