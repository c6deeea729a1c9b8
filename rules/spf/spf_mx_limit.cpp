// spf-mx-limit: an `mx` term whose target has more than 10 MX records.
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  const auto& sets = spf::spf_sets(ctx);
  const auto& walks = spf::offline_walks(ctx);
  for (std::size_t si = 0; si < sets.size(); ++si) {
    const auto& set = sets[si];
    for (std::size_t ri = 0; ri < set.records.size(); ++ri) {
      const auto& rec = set.records[ri];
      if (rec.parsed.permerror()) continue;
      const spf::Walk* found = walks.find(si, ri);
      if (!found) continue;  // quiet: no mx term over the limit
      const spf::Walk& w = *found;
      for (const auto& m : w.mx_over) {
        if (m.node != 0) continue;  // in an included record: reported on that record
        const auto& t = rec.parsed.terms[m.term];
        Diagnostic d = make_finding(
            kSpfMxLimit, *rec.zone, *rec.record, rec.term_span(t),
            "'" + std::string(spf::term_text(rec.text(), t)) + "' in the SPF record of " +
                quoted(set.owner) + " looks up the MX records of " + quoted(m.target) +
                ", which has " + std::to_string(m.answer.size()) +
                "; more than 10 makes the mx mechanism a permerror (RFC 7208 §4.6.4). List the "
                "sending hosts with ip4:/ip6: or a: instead");
        for (const auto& [z, idx] : m.answer.loaded)
          add_note(d, field_span(ctx.sources(), *z, z->records[idx], 1), "MX record counted here");
        out.add(std::move(d));
      }
    }
  }
}

}  // namespace

const Rule kSpfMxLimit{
    "spf-mx-limit",
    Severity::error,
    {},
    RuleDoc{
        "`mx` term whose target has more than 10 MX records",
        "For each `mx` mechanism evaluated by an SPF record (those before `all`), counts the "
        "MX records of its target (the record's own domain for a bare `mx`) in the loaded "
        "zones, through CNAMEs and wildcards, and reports more than 10, with each MX record as "
        "a note. Targets outside the loaded zones are not counted.",
        "RFC 7208 §4.6.4: evaluating an `mx` mechanism must not look up the addresses of more "
        "than 10 MX hosts; if there are more, the mechanism is a permerror, and so is the "
        "whole evaluation. Large MX sets are fine for receiving mail but not for SPF.",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 mx -all\"\n@  MX 10 mx1\n@  MX 10 mx2\n"
        "; ... eleven MX records\n",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n",
        "",
        "RFC 7208 §4.6.4, §5.4",
    },
    "spf,mail,limits",
    &check,
};

}  // namespace zl::rules
