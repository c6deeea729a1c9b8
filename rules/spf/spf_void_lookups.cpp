// spf-void-lookups: more than 2 DNS queries of the evaluation return nothing.
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

constexpr std::size_t kLimit = spf::kVoidLookupLimit;

void check(const RuleContext& ctx, Diagnostics& out) {
  const std::vector<bool>& included = spf::included_sets(ctx);
  const auto& sets = spf::spf_sets(ctx);
  const auto& walks = spf::offline_walks(ctx);
  for (std::size_t si = 0; si < sets.size(); ++si) {
    const auto& set = sets[si];
    if (set.records.size() != 1) continue;
    if (included[si]) continue;
    const auto& rec = set.records.front();
    if (rec.parsed.permerror()) continue;
    const spf::Walk* found = walks.find(si, 0);
    if (!found) continue;  // quiet: within the limit
    const spf::Walk& w = *found;
    // A term can be void for one address family only (`a:` of a host without AAAA). Such a
    // host cannot send over the other family anyway, so only a count over the limit for both
    // families is reported: then every sender gets the permerror.
    const std::size_t v4 = w.void_lookups(false), v6 = w.void_lookups(true);
    if (v4 <= kLimit || v6 <= kLimit) continue;
    std::size_t seen = 0, pivot = 0;
    for (std::size_t i = 0; i < w.lookups.size(); ++i) {
      if (!w.lookups[i].void4) continue;
      if (++seen == kLimit + 1) {
        pivot = i;
        break;
      }
    }
    const auto& pl = w.lookups[pivot];
    const auto& root_t = rec.parsed.terms[spf::root_term(w, pl.node, pl.term)];
    std::string msg = "SPF record of " + quoted(set.owner) + " makes " + std::to_string(v4) +
                      " void lookups (queries that find no records or no such name)";
    if (v6 != v4) msg += " (" + std::to_string(v6) + " for IPv6 senders)";
    msg += "; receivers stop after 2 with a permerror (RFC 7208 §4.6.4), here at " +
           spf::describe_term(w, pl.node, pl.term) +
           ". Remove the terms that name hosts without records";
    Diagnostic d =
        make_finding(kSpfVoidLookups, *rec.zone, *rec.record, rec.term_span(root_t), msg);
    bool live = false;  // a void lookup known from the network (--resolve)
    for (const auto& l : w.lookups) {
      if (!l.void4 && !l.void6) continue;
      const auto& node = w.nodes[l.node];
      const bool asked_live =
          ctx.external() && (!node.loaded || (l.target && !ctx.authoritative_for(*l.target)));
      live = live || asked_live;
      const auto& t = node.parsed().terms[l.term];
      std::string what = spf::describe_term(w, l.node, l.term) + ": ";
      const char* type = t.kind == spf::Kind::a        ? (l.void4 && l.void6 ? "A or AAAA"
                                                          : l.void4          ? "A"
                                                                             : "AAAA")
                         : t.kind == spf::Kind::exists ? "A"
                         : t.kind == spf::Kind::mx     ? "MX"
                                                       : "SPF (TXT)";
      what += l.target ? quoted(*l.target) + " has no " + type + " records"
                       : "no name it can expand to exists (it is not a valid name, or "
                         "nothing exists below its fixed part)";
      if (asked_live) what += " (checked live)";
      add_note(d, spf::nearest_span(w, l.node, l.term), std::move(what));
    }
    if (live) d.message += " (checked live)";
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kSpfVoidLookups{
    "spf-void-lookups",
    Severity::error,
    {},
    RuleDoc{
        "SPF evaluation makes more than 2 void lookups",
        "Evaluates each top-level SPF record through the loaded zones (as spf-lookup-limit "
        "does) and counts the terms whose DNS query returns no records or a name that does not "
        "exist: `a` (A for IPv4 senders, AAAA for IPv6 senders), `mx`, "
        "`exists` (always A), and the SPF lookup of `include` and `redirect`. Only names "
        "inside the loaded zones can be void; names outside them are never counted, and a "
        "name built from the sender's macros (`exists:%{i}._spf.%{d}`) only when nothing "
        "exists below its fixed part (`_spf.<domain>`), so that no expansion can exist. It is "
        "reported when both IPv4 and IPv6 senders "
        "go over the limit: a host with no AAAA makes `a:` void for IPv6 senders only, but "
        "such a host cannot send over IPv6 anyway. The finding points at the top-level term "
        "through "
        "which the third void lookup happens, with every void lookup as a note.",
        "RFC 7208 §4.6.4 has receivers limit void lookups to two and return permerror beyond "
        "that, to protect against records that make them query non-existent names. Stale "
        "`a:` and `mx:` terms for decommissioned hosts accumulate until mail fails SPF.",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 a:old1.example.com a:old2.example.com "
        "a:old3.example.com -all\"\n",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n",
        "",
        "RFC 7208 §4.6.4",
    },
    "spf,mail,limits",
    &check,
};

}  // namespace zl::rules
