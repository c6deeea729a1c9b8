// dmarc-multiple-records: two DMARC records at one _dmarc name.
#include <map>

#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  const auto all = mail::dmarc_txt(ctx);
  std::map<std::pair<const Zone*, std::string>, std::vector<const mail::ParsedTxt*>> by_name;
  for (const auto& p : all)
    if (mail::is_dmarc_record(p.tags))
      by_name[{p.zone, p.rec->owner.canonical_wire()}].push_back(&p);
  for (const auto& [key, recs] : by_name) {
    if (recs.size() < 2) continue;
    const mail::ParsedTxt& first = *recs.front();
    for (std::size_t i = 1; i < recs.size(); ++i) {
      const mail::ParsedTxt& p = *recs[i];
      const auto& v = p.tags.tags.front();
      Diagnostic d = mail::finding_at(
          kDmarcMultipleRecords, p, v.name_b, v.value_e,
          "second DMARC record at " + quoted(p.rec->owner) +
              "; with more than one, receivers apply no DMARC policy at all (RFC 7489 "
              "§6.6.3): merge them into one record");
      const auto& fv = first.tags.tags.front();
      add_note(d, mail::span_at(first, fv.name_b, fv.value_e), "first DMARC record here");
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kDmarcMultipleRecords{
    "dmarc-multiple-records",
    Severity::error,
    {},
    RuleDoc{
        "more than one DMARC record at a `_dmarc` name",
        "Counts the TXT records starting with `v=DMARC1` at each `_dmarc` name and reports "
        "every one after the first, with the first as a related location. Other TXT records "
        "at the name do not count.",
        "RFC 7489 §6.6.3: when the query returns more than one DMARC record, the receiver "
        "ignores them all, as if the domain published no policy. The usual cause is a new "
        "record added next to the old one instead of replacing it.",
        "$ORIGIN example.com.\n_dmarc TXT \"v=DMARC1; p=none\"\n_dmarc TXT \"v=DMARC1; "
        "p=reject\"\n",
        "$ORIGIN example.com.\n_dmarc TXT \"v=DMARC1; p=reject\"\n",
        "",
        "RFC 7489 §6.6.3",
    },
    "mail,dmarc",
    &check,
};

}  // namespace zl::rules
