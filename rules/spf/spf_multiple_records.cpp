// spf-multiple-records: more than one SPF record at a name.
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& set : spf::spf_sets(ctx)) {
    if (set.records.size() < 2) continue;
    const auto& second = set.records[1];
    Diagnostic d = make_finding(
        kSpfMultipleRecords, *second.zone, *second.record, second.span(0, 6),
        "name " + quoted(set.owner) + " publishes " + std::to_string(set.records.size()) +
            " SPF records; receivers must treat that as a permerror (RFC 7208 §4.5), so mail "
            "from the domain fails SPF. Merge them into one record");
    add_note(d, set.records[0].span(0, 6), "first SPF record here");
    for (std::size_t i = 2; i < set.records.size(); ++i)
      add_note(d, set.records[i].span(0, 6), "another SPF record here");
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kSpfMultipleRecords{
    "spf-multiple-records",
    Severity::error,
    {},
    RuleDoc{
        "more than one SPF record at a name",
        "Reports a name with more than one TXT record that selects as SPF (its joined strings "
        "start with `v=spf1` then a space or the end, in any case). The finding points at the "
        "second record's `v=spf1`, with the others as notes. Other TXT records at the name "
        "(site verifications, DKIM, text that merely mentions SPF) do not count, and nor do "
        "records of the obsolete SPF type 99 (see spf-rr-type-99).",
        "RFC 7208 §4.5: if more than one SPF record is found, check_host() returns permerror. "
        "This happens when a second provider's instructions say \"add this TXT record\": the "
        "new record does not add to the old one, it breaks both.",
        "$ORIGIN example.com.\n@  TXT  \"v=spf1 include:_spf.google.com ~all\"\n"
        "@  TXT  \"v=spf1 include:mailgun.org ~all\"\n",
        "$ORIGIN example.com.\n@  TXT  \"v=spf1 include:_spf.google.com include:mailgun.org "
        "~all\"\n",
        "",
        "RFC 7208 §4.5, §3.2",
    },
    "spf,mail",
    &check,
};

}  // namespace zl::rules
