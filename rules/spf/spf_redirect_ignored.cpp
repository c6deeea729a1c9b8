// spf-redirect-ignored: `redirect=` in a record that has `all`.
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& set : spf::spf_sets(ctx)) {
    for (const auto& rec : set.records) {
      const auto& p = rec.parsed;
      if (p.permerror() || p.redirect < 0 || p.first_all < 0) continue;
      const auto& r = p.terms[static_cast<std::size_t>(p.redirect)];
      const auto& all = p.terms[static_cast<std::size_t>(p.first_all)];
      Diagnostic d = make_finding(
          kSpfRedirectIgnored, *rec.zone, *rec.record, rec.term_span(r),
          "'" + std::string(spf::term_text(rec.text(), r)) + "' in the SPF record of " +
              quoted(set.owner) +
              " is never used: a record with an 'all' term ignores "
              "'redirect=' (RFC 7208 §6.1). Remove the 'all' to delegate the policy, or the "
              "redirect to keep this one");
      add_note(d, rec.term_span(all), "'all' term here");
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kSpfRedirectIgnored{
    "spf-redirect-ignored",
    Severity::warning,
    {},
    RuleDoc{
        "`redirect=` next to an `all` term, which makes it dead",
        "Reports the `redirect=` modifier of an SPF record that also has an `all` mechanism, "
        "with the `all` as a note.",
        "RFC 7208 §6.1: \"any redirect modifier MUST be ignored\" when the record has an `all` "
        "mechanism. The author meant one of the two: either the shared policy at the redirect "
        "target, or this record's `all`; receivers use the `all`.",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 mx redirect=_spf.example.net ~all\"\n",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 mx redirect=_spf.example.net\"\n",
        "",
        "RFC 7208 §6.1",
    },
    "spf,mail",
    &check,
};

}  // namespace zl::rules
