// mail-label-typo: a mail policy record under a misspelt label.
#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

std::string_view what(std::string_view intended) {
  if (intended == "_dmarc" || intended == "_report") return "DMARC";
  if (intended == "_domainkey") return "DKIM";
  if (intended == "_mta-sts") return "MTA-STS";
  return "TLS-RPT";
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const mail::RecordRef& ref : mail::mail_records(ctx)) {
    if (ref.type != rrtype::TXT && ref.type != rrtype::CNAME) continue;
    const Zone* z = ref.zone;
    const Record& r = ref.record();
    if (r.has(kValueUnknown)) continue;
    // Cheap pre-filter on the wire: a typo needs an underscore, or mail content.
    const bool underscore = z->owner(r).wire().find('_') != std::string::npos;
    const mail::MailKind kind = ref.kind;  // mail_kind(), none for a CNAME
    if (!underscore && kind == mail::MailKind::none) continue;
    if (!in_zone(*z, r)) continue;
    const auto typo = mail::label_typo(z->owner(r), kind);  // none for the root
    if (!typo) continue;
    const auto labels = z->owner(r).labels();  // only for a finding: a vector per call
    std::string written;
    for (std::size_t i = typo->label; i < typo->label + typo->count; ++i)
      written += (written.empty() ? "" : ".") + std::string(labels[i]);
    out.add(make_finding(kMailLabelTypo, *z, r,
                         mail::owner_label_span(ctx, *z, r, typo->label, typo->count),
                         "label '" + mail::shown(written) + "' of " + quoted(z->owner(r)) +
                             " reads as a misspelt '" + std::string(typo->intended) + "'; " +
                             std::string(what(typo->intended)) + " looks only under '" +
                             std::string(typo->intended) + "', so this record is never read"));
  }
}

}  // namespace

const Rule kMailLabelTypo{
    "mail-label-typo",
    Severity::warning,
    {},
    RuleDoc{
        "a mail policy record sits under a misspelt label (`_dmark`, `_domainkeys`, "
        "`_mta_sts`, ...)",
        "Looks at the owner names of TXT records (and of CNAMEs, as Microsoft 365's DKIM "
        "selectors are) for the labels mail authentication uses: `_dmarc` (and "
        "`_report._dmarc`), `_domainkey` below a selector, `_mta-sts`, and `_smtp._tls`. It "
        "reports a label one typing mistake away (`_dmark`, `_domainkeys`, `_mta_sts`, "
        "`_smtp_tls`, `_tlsrpt`, `_tls._smtp`), and the label without its underscore "
        "(`dmarc`, `domainkey`, `mta-sts`) when the record's content is of that kind "
        "(`v=DMARC1`, `v=DKIM1`, `v=STSv1`, `v=TLSRPTv1`). `mta-sts` as the policy web host "
        "is fine. The caret sits under the label.",
        "Receivers query the exact names (RFC 7489 §6.1, RFC 6376 §3.6.2.1, RFC 8461 §3.1, "
        "RFC 8460 §3). A record under a misspelt label is never read, and nothing in DNS "
        "says so: the domain silently has no DMARC policy, no DKIM key or no MTA-STS.",
        "$ORIGIN example.com.\n_dmark              TXT \"v=DMARC1; p=reject\"\n"
        "google._domainkeys  TXT \"v=DKIM1; k=rsa; p=MIIBIjANBg...\"\n",
        "$ORIGIN example.com.\n_dmarc              TXT \"v=DMARC1; p=reject\"\n"
        "google._domainkey   TXT \"v=DKIM1; k=rsa; p=MIIBIjANBg...\"\n",
        "",
        "RFC 7489 §6.1; RFC 6376 §3.6.2.1; RFC 8461 §3.1; RFC 8460 §3",
    },
    "mail,dmarc,dkim,mta-sts,tls-rpt",
    &check,
};

}  // namespace zl::rules
