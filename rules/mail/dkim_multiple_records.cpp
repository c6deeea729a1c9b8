// dkim-multiple-records: two key records at one selector.
#include "rules/mail/dkim_key.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const Zone* z : ctx.zones()) {
    // The zone's index groups each owner's TXT records.
    for (std::size_t o = 0; o < z->owner_count(); ++o) {
      const auto txts = z->owner_run(o, rrtype::TXT);  // in file order
      if (txts.size() < 2) continue;
      const Record& r = z->records[txts.front()];
      if (mail::has_label_below_first(z->owner(r), "_domainkey") &&
          !mail::first_label_is(z->owner(r), "_adsp") && in_zone(*z, r)) {
        std::vector<const Record*> recs;
        for (const std::uint32_t i : txts)
          if (!z->records[i].has(kValueUnknown)) recs.push_back(&z->records[i]);
        for (std::size_t k = 1; k < recs.size(); ++k) {
          Diagnostic d = make_finding(
              kDkimMultipleRecords, *z, *recs[k], rdata_span(ctx.sources(), *z, *recs[k]),
              "second TXT record at DKIM selector " + quoted(z->owner(*recs[k])) +
                  "; a selector holds one key (RFC 6376 §3.6.2.2), and verifiers given several "
                  "may use either or fail: publish a new key under a new selector");
          add_note(d, rdata_span(ctx.sources(), *z, *recs[0]), "first record here");
          out.add(std::move(d));
        }
      }
    }
  }
}

}  // namespace

const Rule kDkimMultipleRecords{
    "dkim-multiple-records",
    Severity::error,
    {},
    RuleDoc{
        "more than one TXT record at a DKIM selector name",
        "Counts the TXT records at each selector name `<selector>._domainkey.<domain>` and "
        "reports every one after the first, with the first as a related location.",
        "RFC 6376 §3.6.2.2: the key record is one TXT record. Verifiers given several "
        "behave differently (use the first, try each, or fail with a permanent error), so "
        "signatures pass at one receiver and fail at the next. Rotating a key is done with a "
        "new selector, not a second record at the old one.",
        "$ORIGIN example.com.\nmail._domainkey TXT \"v=DKIM1; p=<old key>\"\n"
        "mail._domainkey TXT \"v=DKIM1; p=<new key>\"\n",
        "$ORIGIN example.com.\nmail._domainkey  TXT \"v=DKIM1; p=<old key>\"\n"
        "mail2._domainkey TXT \"v=DKIM1; p=<new key>\"\n",
        "",
        "RFC 6376 §3.6.2.2",
    },
    "mail,dkim",
    &check,
};

}  // namespace zl::rules
