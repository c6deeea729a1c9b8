// dmarc-misplaced: a DMARC record away from _dmarc, or SPF at _dmarc.
#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

// `<domain>._report._dmarc.<host>`: the external-destination authorisation (RFC 7489 §7.1).
bool is_report_authorisation(NameView n) {
  const auto labels = n.labels();
  for (std::size_t i = 1; i + 1 < labels.size(); ++i)
    if (mail::iequals(labels[i], "_report") && mail::iequals(labels[i + 1], "_dmarc")) return true;
  return false;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  auto one = [&](const Zone& z, const Record& r) {
    const bool at_dmarc = mail::first_label_is(z.owner(r), "_dmarc");
    if (at_dmarc) {
      if (!mail::txt_starts_with(z, r, "v=spf1")) return;
      auto p = mail::parse_txt(ctx, z, r, mail::TagSyntax::dmarc);
      if (!p) return;
      const std::string_view t = p->text();
      if (t.size() > 6 && t[6] != ' ') return;  // `v=spf1x` is no SPF record
      out.add(mail::finding_at(
          kDmarcMisplaced, *p, 0, 6,
          "SPF record at " + quoted(z.owner(r)) +
              ": SPF is looked up at the domain itself, never at _dmarc, so it applies to "
              "nothing here; publish it at " +
              quoted(z.owner(r).parent())));
      return;
    }
    if (!mail::txt_starts_with(z, r, "v=DMARC1")) return;
    if (is_report_authorisation(z.owner(r))) return;
    if (mail::label_typo(z.owner(r), mail::MailKind::dmarc)) return;  // mail-label-typo's finding
    auto p = mail::parse_txt(ctx, z, r, mail::TagSyntax::dmarc);
    if (!p) return;
    std::string domain = z.owner(r).text();
    out.add(make_finding(kDmarcMisplaced, z, r, anchor_span(z, r),
                         "DMARC record at " + quoted(z.owner(r)) +
                             ": receivers look for it only at '_dmarc." + domain +
                             "' (RFC 7489 §6.6.3), so it applies to nothing here"));
  };
  // The TXT records that start `v=DMARC1` or `v=spf1`, marked once for the mail rules.
  mail::for_each_txt(ctx, mail::kStartsDmarcOrSpf, one);
}

}  // namespace

const Rule kDmarcMisplaced{
    "dmarc-misplaced",
    Severity::error,
    {},
    RuleDoc{
        "a DMARC record away from `_dmarc`, or an SPF record at `_dmarc`",
        "Reports a TXT record starting `v=DMARC1` whose owner's first label is not `_dmarc` "
        "(the external report authorisations `<domain>._report._dmarc.<host>` are fine, and "
        "a misspelt `_dmarc` label is left to mail-label-typo), and a `v=spf1` record at a "
        "`_dmarc` name.",
        "Receivers query exactly `_dmarc.<domain>` for DMARC (RFC 7489 §6.6.3) and the domain "
        "itself for SPF (RFC 7208 §4.5). A record at the other place is never read: the "
        "domain has no DMARC policy (or no SPF) although the zone seems to publish one.",
        "$ORIGIN example.com.\n@      TXT \"v=DMARC1; p=reject\"\n_dmarc TXT \"v=spf1 -all\"\n",
        "$ORIGIN example.com.\n@      TXT \"v=spf1 -all\"\n_dmarc TXT \"v=DMARC1; p=reject\"\n",
        "",
        "RFC 7489 §6.1, §6.6.3, §7.1; RFC 7208 §4.5",
    },
    "mail,dmarc",
    &check,
};

}  // namespace zl::rules
