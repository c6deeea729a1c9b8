// spf-rr-type-99: a record of the obsolete SPF type.
#include "rules/mail/mail_records.hpp"
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  mail::for_each_record(ctx, rrtype::SPF, [&](const Zone& z, const Record& r) {
    if (!in_zone(z, r)) return;
    const bool has_txt = !spf::records_at(z, z.owner(r), ctx.sources()).empty();
    Span at = z.type_span(r).valid() && z.type_span(r).end > z.type_span(r).begin
                  ? z.type_span(r)
                  : anchor_span(z, r);
    out.add(make_finding(
        kSpfRrType99, z, r, at,
        "SPF-type (99) record at " + quoted(z.owner(r)) +
            ": the type is obsolete and receivers do not query it (RFC 7208 §3.1, §14.1); " +
            (has_txt ? "the TXT record at the name is the one in use: remove this one"
                     : "publish the policy as a TXT record, as nothing reads this one")));
  });
}

}  // namespace

const Rule kSpfRrType99{
    "spf-rr-type-99",
    Severity::warning,
    {},
    RuleDoc{
        "SPF-type (99) record: obsolete, publish TXT",
        "Reports every record of type SPF (99), pointing at its type. The message says "
        "whether a TXT SPF record exists at the same name (then the type-99 record is dead "
        "weight) or not (then the domain has no SPF policy at all in practice). Type-99 "
        "records do not count for spf-multiple-records.",
        "RFC 7208 §3.1 and §14.1 deprecate the SPF RR type: SPF records must be published as "
        "TXT, receivers query only TXT, and two copies drift apart.",
        "$ORIGIN example.com.\n@  SPF \"v=spf1 mx -all\"\n",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 mx -all\"\n",
        "",
        "RFC 7208 §3.1, §14.1",
    },
    "spf,mail",
    &check,
};

}  // namespace zl::rules
