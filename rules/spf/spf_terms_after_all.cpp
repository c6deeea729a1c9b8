// spf-terms-after-all: mechanisms after `all`, never evaluated.
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& set : spf::spf_sets(ctx)) {
    for (const auto& rec : set.records) {
      const auto& p = rec.parsed;
      if (p.permerror() || p.first_all < 0) continue;
      std::vector<std::size_t> dead;
      for (std::size_t k = static_cast<std::size_t>(p.first_all) + 1; k < p.terms.size(); ++k)
        if (p.terms[k].is_mechanism()) dead.push_back(k);
      if (dead.empty()) continue;
      const auto& all = p.terms[static_cast<std::size_t>(p.first_all)];
      const auto& first = p.terms[dead.front()];
      const auto& last = p.terms[dead.back()];
      const bool one = dead.size() == 1;
      std::string msg =
          std::to_string(dead.size()) + (one ? " mechanism" : " mechanisms") + " after '" +
          std::string(spf::term_text(rec.text(), all)) + "' in the SPF record of " +
          quoted(set.owner) + " (from '" + std::string(spf::term_text(rec.text(), first)) + "') " +
          (one ? "is" : "are") + " never evaluated: 'all' always matches (RFC 7208 §5.1). Move " +
          (one ? "it" : "them") + " before 'all'";
      Diagnostic d = make_finding(kSpfTermsAfterAll, *rec.zone, *rec.record,
                                  rec.span(first.begin, last.end), msg);
      add_note(d, rec.term_span(all), "'all' term here");
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kSpfTermsAfterAll{
    "spf-terms-after-all",
    Severity::warning,
    {},
    RuleDoc{
        "mechanisms after `all`, never evaluated",
        "Reports the mechanisms that follow the first `all` of an SPF record, pointing from the "
        "first to the last of them, with the `all` as a note. Modifiers after `all` (`exp=`, "
        "unknown modifiers) are where RFC 7208 §6 recommends them and are not reported; "
        "`redirect=` next to `all` is spf-redirect-ignored's finding.",
        "`all` matches every sender, so evaluation ends there (RFC 7208 §5.1, §4.6.2): the "
        "hosts the later mechanisms were meant to authorise fail SPF. It happens when a "
        "provider's instructions are appended to the end of an existing record.",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 mx -all include:_spf.google.com\"\n",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 mx include:_spf.google.com -all\"\n",
        "",
        "RFC 7208 §5.1, §4.6.2",
    },
    "spf,mail",
    &check,
};

}  // namespace zl::rules
