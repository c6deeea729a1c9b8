// dmarc-multiple-records: two DMARC records at one _dmarc name.
#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void report(const std::vector<mail::ParsedTxt>& recs, Diagnostics& out) {
  const mail::ParsedTxt& first = recs.front();
  const auto& fv = first.tags.tags.front();
  for (std::size_t i = 1; i < recs.size(); ++i) {
    const mail::ParsedTxt& p = recs[i];
    const auto& v = p.tags.tags.front();
    Diagnostic d = mail::finding_at(
        kDmarcMultipleRecords, p, v.name_b, v.value_e,
        "second DMARC record at " + quoted(p.zone->owner(*p.rec)) +
            "; with more than one, receivers apply no DMARC policy at all (RFC 7489 "
            "§6.6.3): merge them into one record");
    add_note(d, mail::span_at(first, fv.name_b, fv.value_e), "first DMARC record here");
    out.add(std::move(d));
  }
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    // The zone's index groups each owner's TXT records: count the candidates from the wire
    // and parse only owners with two or more.
    for (std::size_t o = 0; o < z->owner_count(); ++o) {
      const auto txts = z->owner_run(o, rrtype::TXT);  // in file order
      if (txts.size() < 2) continue;
      const Record& r = z->records[txts.front()];
      if (mail::first_label_is(z->owner(r), "_dmarc") && in_zone(*z, r)) {
        std::vector<mail::ParsedTxt> recs;
        for (const std::uint32_t i : txts) {
          const Record& t = z->records[i];
          if (t.has(kValueUnknown) || !mail::txt_starts_with(*z, t, "v=DMARC1")) continue;
          auto p = mail::parse_txt(ctx, *z, t, mail::TagSyntax::dmarc);
          if (p && mail::is_dmarc_record(p->tags)) recs.push_back(std::move(*p));
        }
        if (recs.size() >= 2) report(recs, out);
      }
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
