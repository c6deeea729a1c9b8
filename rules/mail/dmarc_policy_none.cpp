// dmarc-policy-none: p=none, monitoring only.
#include "rules/mail/mail_common.hpp"
#include "rules/mail/message.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

// Each DMARC record with p=none, underlined from its p tag's name to the end of its value.
void check(const RuleContext& ctx, Diagnostics& out) {
  mail::add_counted(out, [&](auto&& emit) {
    const mail::ParsedTxtList& list = mail::dmarc_txt(ctx);
    for (std::size_t i = 0; i < list.size(); ++i) {
      list.prefetch_record(i + 2 * mail::ParsedTxtList::kPrefetchAhead);
      list.prefetch_owner(i + mail::ParsedTxtList::kPrefetchAhead);
      const mail::ParsedTxtView p = list[i];
      if (!mail::is_dmarc_record(p.tags)) continue;
      const mail::Tag* t = p.tags.find("p");
      if (!t || !mail::iequals(p.tags.value(*t), "none")) continue;
      emit([&] {
        return mail::finding_at(
            kDmarcPolicyNone, p, t->name_b, t->value_e,
            Message::format<"DMARC policy of {} is 'p=none': receivers only report, spoofed "
                            "mail is still delivered; move to 'quarantine' or 'reject' once "
                            "the reports show legitimate mail passing">(
                quoted(p.zone->owner(*p.rec).parent())));
      });
    }
  });
}

}  // namespace

const Rule kDmarcPolicyNone{
    "dmarc-policy-none",
    Severity::info,
    {},
    RuleDoc{
        "a DMARC policy is `p=none`: monitoring only",
        "Reports a DMARC record whose `p` tag is `none`. It is information, not an error: "
        "`p=none` is the documented first step while reports are collected.",
        "With `p=none` receivers deliver mail that fails DMARC as if there were no policy "
        "(RFC 7489 §6.3); it protects nothing. Left in place for years it is a common finding "
        "of mail audits and of the large mailbox providers' sender requirements.",
        "$ORIGIN example.com.\n_dmarc TXT \"v=DMARC1; p=none; rua=mailto:dmarc@example.com\"\n",
        "$ORIGIN example.com.\n_dmarc TXT \"v=DMARC1; p=quarantine; "
        "rua=mailto:dmarc@example.com\"\n",
        "",
        "RFC 7489 §6.3, §6.7",
    },
    "mail,dmarc",
    &check,
};

}  // namespace zl::rules
