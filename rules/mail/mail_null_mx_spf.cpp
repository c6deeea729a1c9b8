// mail-null-mx-spf: a domain that takes no mail (null MX) without SPF `v=spf1 -all`.
#include "rules/mail/mail_common.hpp"
#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

// The first term that keeps the record from being exactly "v=spf1 -all" (an exp= may follow),
// or -1 when it is.
int first_extra_term(const spf::ParsedSpf& p) {
  bool seen_all = false;
  for (std::size_t i = 0; i < p.terms.size(); ++i) {
    const auto& t = p.terms[i];
    if (t.kind == spf::Kind::exp && t.valid()) continue;
    if (t.kind == spf::Kind::all && t.qualifier == '-' && !seen_all) {
      seen_all = true;
      continue;
    }
    return static_cast<int>(i);
  }
  return seen_all ? -1 : static_cast<int>(p.terms.size());
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& mo : mail::mx_owners(ctx)) {
    // A null MX with company is mx-null-mixed's finding.
    if (!mo.complete || !mo.has_null || mo.has_real || ctx.incomplete(*mo.zone)) continue;
    const auto mx = as_mx(*mo.zone, *mo.first);
    if (!mx) continue;
    const mx::MxRecord null_mx{mo.zone, mo.first, mx::MxValue{mx->preference, mx->exchange}};
    struct {
      const Zone* zone;
      const Name owner;
    } set{mo.zone, Name(mo.zone->owner(*mo.first))};
    const spf::SpfAt at = spf::spf_at(ctx, set.owner, spf::offline_resolver(), set.zone);
    if (at.status == spf::SpfAt::none) {
      out.add(make_finding(
          kMailNullMxSpf, *set.zone, *null_mx.rec, mx::exchange_span(ctx, null_mx),
          "null MX says " + quoted(set.owner) +
              " takes no mail, but it publishes no SPF record; add TXT \"v=spf1 -all\" so "
              "receivers also reject mail forged in its name (RFC 7505 §4)"));
      continue;
    }
    if (at.status != spf::SpfAt::one || at.loaded.size() != 1) continue;
    const spf::SpfRecord& rec = at.loaded.front();
    const int extra = first_extra_term(rec.parsed);
    if (extra < 0) continue;
    const auto& terms = rec.parsed.terms;
    const std::uint32_t b = extra < static_cast<int>(terms.size()) ? terms[extra].begin : 0;
    const std::uint32_t e = extra < static_cast<int>(terms.size())
                                ? terms[extra].end
                                : static_cast<std::uint32_t>(rec.text().size());
    Span span = rec.span(b, e);
    if (!span.valid()) span = rdata_span(ctx.sources(), *rec.zone, *rec.record);
    Diagnostic d = make_finding(
        kMailNullMxSpf, *rec.zone, *rec.record, span,
        "SPF record of " + quoted(set.owner) + " is '" + mail::shown(rec.text()) +
            "', but its null MX says it sends and takes no mail; publish exactly \"v=spf1 "
            "-all\" (RFC 7505 §4) so that any mail in its name fails SPF");
    add_note(d, mx::exchange_span(ctx, null_mx), "null MX here");
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kMailNullMxSpf{
    "mail-null-mx-spf",
    Severity::warning,
    {},
    RuleDoc{
        "a domain with a null MX has no SPF `v=spf1 -all`",
        "For each owner whose MX set is a null MX alone (RFC 7505), looks up its SPF record "
        "in the loaded zones. It reports a missing record (at the null MX) and a record that "
        "is anything but `v=spf1 -all`, optionally followed by `exp=` (at the first other "
        "term, with the null MX as a related location). Names whose SPF can't be known "
        "offline, and owners with several SPF records (spf-multiple-records), are left "
        "alone.",
        "A null MX says the domain takes no mail; such a domain sends none either, and RFC "
        "7505 §4 asks it to say so with SPF `-all`, so that receivers reject mail forged in "
        "its name. A parked domain without it is a favourite of spammers.",
        "$ORIGIN example.com.\n@  MX  0 .\n@  TXT \"v=spf1 ~all\"\n",
        "$ORIGIN example.com.\n@       MX  0 .\n@       TXT \"v=spf1 -all\"\n_dmarc  TXT "
        "\"v=DMARC1; p=reject\"\n",
        "",
        "RFC 7505 §4; RFC 7208 §5.1",
    },
    "mail,spf,null-mx",
    &check,
};

}  // namespace zl::rules
