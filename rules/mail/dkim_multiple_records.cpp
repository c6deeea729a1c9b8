// dkim-multiple-records: two key records at one selector.
#include <map>

#include "rules/mail/dkim_key.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  const auto all = mail::dkim_txt(ctx);
  std::map<std::pair<const Zone*, std::string>, std::vector<const mail::ParsedTxt*>> by_name;
  for (const auto& p : all) by_name[{p.zone, p.rec->owner.canonical_wire()}].push_back(&p);
  for (const auto& [key, recs] : by_name) {
    if (recs.size() < 2) continue;
    for (std::size_t i = 1; i < recs.size(); ++i) {
      Diagnostic d = make_finding(
          kDkimMultipleRecords, *recs[i]->zone, *recs[i]->rec,
          rdata_span(*recs[i]->zone, *recs[i]->rec),
          "second TXT record at DKIM selector " + quoted(recs[i]->rec->owner) +
              "; a selector holds one key (RFC 6376 §3.6.2.2), and verifiers given several "
              "may use either or fail: publish a new key under a new selector");
      add_note(d, rdata_span(*recs[0]->zone, *recs[0]->rec), "first record here");
      out.add(std::move(d));
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
