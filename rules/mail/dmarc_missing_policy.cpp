// dmarc-missing-policy: a DMARC record without `p=`.
#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& p : mail::dmarc_txt(ctx)) {
    if (!mail::is_dmarc_record(p.tags) || p.tags.find("p")) continue;
    const auto& v = p.tags.tags.front();
    const bool rua = p.tags.find("rua") != nullptr;
    out.add(mail::finding_at(
        kDmarcMissingPolicy, p, v.name_b, v.value_e,
        std::string("DMARC record at ") + quoted(p.zone->owner(*p.rec)) +
            " has no 'p=' policy tag; " +
            (rua ? "receivers treat it as 'p=none' (RFC 7489 §6.6.3), so it only requests "
                   "reports: add 'p=none', 'p=quarantine' or 'p=reject' after 'v=DMARC1'"
                 : "without 'p=' or a valid 'rua=', receivers ignore the record (RFC 7489 "
                   "§6.6.3): add 'p=none', 'p=quarantine' or 'p=reject' after 'v=DMARC1'")));
  }
}

}  // namespace

const Rule kDmarcMissingPolicy{
    "dmarc-missing-policy",
    Severity::warning,
    {},
    RuleDoc{
        "a DMARC record has no `p=` policy",
        "Reports a `v=DMARC1` record at a `_dmarc` name that has no `p` tag. The finding "
        "points at `v=DMARC1`.",
        "The policy is what DMARC is for. RFC 7489 §6.6.3: a record without a valid `p` is "
        "treated as `p=none` when it has a valid `rua`, and ignored otherwise. Either way "
        "spoofed mail is delivered, which is rarely what the author meant.",
        "$ORIGIN example.com.\n_dmarc TXT \"v=DMARC1; rua=mailto:dmarc@example.com\"\n",
        "$ORIGIN example.com.\n_dmarc TXT \"v=DMARC1; p=quarantine; "
        "rua=mailto:dmarc@example.com\"\n",
        "",
        "RFC 7489 §6.3, §6.6.3",
    },
    "mail,dmarc",
    &check,
};

}  // namespace zl::rules
