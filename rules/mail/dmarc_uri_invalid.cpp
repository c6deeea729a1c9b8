// dmarc-uri-invalid: a rua/ruf entry that is not a mailto: URI.
#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& p : mail::dmarc_txt(ctx)) {
    if (!mail::is_dmarc_record(p.tags)) continue;
    for (const auto& t : p.tags.tags) {
      const std::string_view name = p.tags.name(t);
      if (!mail::iequals(name, "rua") && !mail::iequals(name, "ruf")) continue;
      for (const auto& u : mail::split_uri_list(p.tags.value(t), t.value_b)) {
        const std::string why = mail::dmarc_mailto_problem(u.text);
        if (why.empty()) continue;
        const bool empty = u.b == u.e;
        out.add(mail::finding_at(
            kDmarcUriInvalid, p, empty ? t.name_b : u.b, empty ? t.value_e : u.e,
            std::string(name) + " entry '" + mail::shown(u.text) + "' is not a 'mailto:' URI: " +
                why + "; receivers skip it, so no report is sent there (RFC 7489 §6.2, §6.4)"));
      }
    }
  }
}

}  // namespace

const Rule kDmarcUriInvalid{
    "dmarc-uri-invalid",
    Severity::error,
    {},
    RuleDoc{
        "a DMARC `rua`/`ruf` entry is not a well-formed `mailto:` URI",
        "Splits the `rua` and `ruf` values of each DMARC record at their commas and checks "
        "every entry: a `mailto:` scheme, an address `local@domain` whose domain is a host "
        "name, characters a URI allows (a space or a second `@` is a typo), and an optional "
        "size limit `!` digits with a unit k, m, g or t. The caret sits under the entry.",
        "Reports are sent by mail (RFC 7489 §6.2); an entry without `mailto:` (the common "
        "`rua=dmarc@example.com`) or with a malformed address is skipped by receivers, so the "
        "domain owner never sees the reports that tell them whether the policy is safe to "
        "tighten.",
        "$ORIGIN example.com.\n_dmarc TXT \"v=DMARC1; p=none; rua=dmarc@example.com\"\n",
        "$ORIGIN example.com.\n_dmarc TXT \"v=DMARC1; p=none; rua=mailto:dmarc@example.com\"\n",
        "",
        "RFC 7489 §6.2, §6.3, §6.4; RFC 6068 (mailto)",
    },
    "mail,dmarc",
    &check,
};

}  // namespace zl::rules
