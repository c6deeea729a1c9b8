// spf-lookup-limit: more than 10 DNS-querying terms across the include/redirect tree.
#include <set>
#include <string>

#include "rules/live/live_common.hpp"
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

constexpr std::size_t kLimit = spf::kLookupLimit;
constexpr std::size_t kMaxNotes = 24;

// Live mode (--resolve): the live answer for the SPF record at an include or redirect target
// outside the loaded zones, when the network could not give one (nullptr otherwise). The walk
// then counts the term as 1 and knows nothing below it, as offline.
const ExternalAnswer* failed_target(const RuleContext& ctx, const spf::Lookup& l) {
  const ExternalDns* dns = ctx.external();
  if (!dns || !l.outside || !l.target || ctx.authoritative_for(*l.target)) return nullptr;
  const ExternalAnswer* a = dns->lookup(*l.target, rrtype::TXT);
  return a && a->status == ExternalAnswer::failed ? a : nullptr;
}

// A `live-check-failed` info for every include or redirect whose target's SPF record could
// not be fetched live, once per target and record, at the term (or the root's term that leads
// to it).
void report_failed_targets(const RuleContext& ctx, Diagnostics& out) {
  if (!ctx.external()) return;
  const auto& sets = spf::spf_sets(ctx);
  const auto& walks = spf::offline_walks(ctx);
  for (std::size_t si = 0; si < sets.size(); ++si) {
    for (std::size_t ri = 0; ri < sets[si].records.size(); ++ri) {
      const auto& rec = sets[si].records[ri];
      const spf::Walk* found = walks.find(si, ri);
      if (!found) continue;  // quiet: no lookup outside the loaded zones
      const spf::Walk& w = *found;
      std::set<std::string> seen;
      for (const auto& l : w.lookups) {
        const ExternalAnswer* a = failed_target(ctx, l);
        if (!a || !seen.insert(l.target->canonical_wire()).second) continue;
        out.add(live::could_not_check(
            ctx, *rec.zone, *rec.record, spf::nearest_span(w, l.node, l.term),
            "the SPF record of " + quoted(*l.target) + " for " +
                spf::describe_term(w, l.node, l.term),
            a->reason, "; the term counts as 1 lookup and the lookups inside it are unknown"));
      }
    }
  }
}

void check(const RuleContext& ctx, Diagnostics& out) {
  report_failed_targets(ctx, out);
  const std::vector<bool>& included = spf::included_sets(ctx);
  const auto& sets = spf::spf_sets(ctx);
  const auto& walks = spf::offline_walks(ctx);
  for (std::size_t si = 0; si < sets.size(); ++si) {
    const auto& set = sets[si];
    if (set.records.size() != 1) continue;  // spf-multiple-records: a permerror already
    if (included[si]) continue;             // judged through its includer
    const auto& rec = set.records.front();
    if (rec.parsed.permerror()) continue;
    const spf::Walk* found = walks.find(si, 0);
    if (!found) continue;  // quiet: within the limit
    const spf::Walk& w = *found;
    const std::size_t known = w.known_lookups();
    const std::size_t outside = w.outside_lookups();
    const std::size_t total = known + outside;
    const bool over = total > kLimit;
    const bool at_edge = !over && outside > 0 && total == kLimit;
    if (!over && !at_edge) continue;
    // Point at the root term through which the 11th lookup (or, at the edge, the first
    // outside one) is evaluated.
    std::size_t pivot = 0;
    if (over) {
      pivot = kLimit;
    } else {
      while (pivot < w.lookups.size() && !w.lookups[pivot].outside) ++pivot;
    }
    const auto& pl = w.lookups[pivot];
    const auto& root_t = rec.parsed.terms[spf::root_term(w, pl.node, pl.term)];
    std::string count = std::string(w.truncated ? "more than " : "") + std::to_string(total);
    // Live mode knows the records outside the loaded zones, except those the network could
    // not give and those that depend on the sender.
    const std::string unknown = ctx.external() ? "not known live" : "outside the loaded zones";
    std::string detail = outside == 0
                             ? ""
                             : " (" + std::to_string(known) + " known + " +
                                   std::to_string(outside) + " " + unknown + ", each counted as 1)";
    std::string msg;
    if (over) {
      msg = "SPF record of " + quoted(set.owner) + " needs " + count + " DNS-querying terms" +
            detail +
            "; more than 10 is a permerror (RFC 7208 §4.6.4), so SPF fails for mail the "
            "evaluation reaches the 11th with (" +
            spf::describe_term(w, pl.node, pl.term) + ")";
      if (outside > 0) msg += "; the records " + unknown + " can only add to it";
    } else {
      msg = "SPF record of " + quoted(set.owner) + " uses all 10 DNS-querying terms" + detail +
            ": any lookup inside the " + std::to_string(outside) + " record(s) " + unknown +
            " takes it over the limit of 10, a permerror "
            "(RFC 7208 §4.6.4)";
    }
    // Live mode asked the network for the records outside the loaded zones: the count
    // includes what they cost.
    if (ctx.external()) msg += " (checked live)";
    Diagnostic d =
        make_finding(kSpfLookupLimit, *rec.zone, *rec.record, rec.term_span(root_t), msg);
    if (at_edge) d.severity = Severity::warning;
    std::size_t n = 0;
    for (std::size_t i = 0; i < w.lookups.size(); ++i) {
      const auto& l = w.lookups[i];
      if (++n > kMaxNotes) {
        add_note(d, rec.span(0, 6),
                 "... and " + std::to_string(w.lookups.size() - kMaxNotes) + " more lookups");
        break;
      }
      std::string what =
          "lookup " + std::to_string(i + 1) + ": " + spf::describe_term(w, l.node, l.term);
      if (const ExternalAnswer* a = failed_target(ctx, l))
        what += ", whose target " + quoted(*l.target) + " could not be checked live (" + a->reason +
                "; counted as 1)";
      else if (l.outside)
        what += l.target ? ", whose target " + quoted(*l.target) +
                               " is outside the loaded zones (counted as 1)"
                         : ", whose target depends on the sender (counted as 1)";
      add_note(d, spf::nearest_span(w, l.node, l.term), std::move(what));
    }
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kSpfLookupLimit{
    "spf-lookup-limit",
    Severity::error,
    {},
    RuleDoc{
        "SPF evaluation needs more than 10 DNS-querying terms",
        "Evaluates each top-level SPF record of the loaded zones (one that no other loaded "
        "record includes or redirects to) the way a receiver does for a sender that no "
        "mechanism matches, and counts the terms that cause DNS queries: `include`, `a`, "
        "`mx`, `ptr`, `exists` and `redirect` (not `exp`, and not the address lookups of the "
        "hosts an `mx` finds), across the whole include/redirect tree. Terms after `all` are "
        "not evaluated, nor is `redirect` next to `all`. Included records are followed through "
        "the loaded zones; an include or redirect whose target is outside them counts 1 (the "
        "lookup itself) and its own terms are unknown. The count is reported as \"N known + K "
        "outside the loaded zones\", with every lookup as a note, and the finding points at "
        "the top-level term through which the 11th lookup happens. It is an error when the "
        "count is over 10, and a warning when it is exactly 10 with some targets outside the "
        "loaded zones (any lookup they make takes it over). With `--resolve` (live mode) the "
        "records outside the loaded zones are fetched from the network and walked too, so the "
        "count is exact and says \"checked live\"; a target whose record the network could "
        "not give (SERVFAIL, a timeout) still counts 1, and gets a `live-check-failed` info "
        "naming the term and the reason.",
        "RFC 7208 §4.6.4: an evaluation that needs more than 10 of these terms ends with "
        "permerror, which DMARC treats as an SPF failure. Provider includes carry lookups of "
        "their own (`include:_spf.google.com` costs 4), so a record grows over the limit "
        "quietly as services are added.",
        "$ORIGIN example.com.\n"
        "@     TXT \"v=spf1 a mx include:_spf.example.com include:_spf2.example.com -all\"\n"
        "_spf  TXT \"v=spf1 a:m1.example.com a:m2.example.com a:m3.example.com "
        "a:m4.example.com -all\"\n"
        "_spf2 TXT \"v=spf1 a:m5.example.com a:m6.example.com a:m7.example.com -all\"\n",
        "$ORIGIN example.com.\n@     TXT \"v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/48 "
        "include:_spf.example.com -all\"\n"
        "_spf  TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n",
        "",
        "RFC 7208 §4.6.4, §5.2, §6.1",
    },
    "spf,mail,limits",
    &check,
};

}  // namespace zl::rules
