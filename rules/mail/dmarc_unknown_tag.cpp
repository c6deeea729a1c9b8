// dmarc-unknown-tag: a tag DMARC does not define.
#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

// Known tags one edit away from `name`, for the message ("rua or ruf").
std::string suggestion(std::string_view name) {
  static constexpr std::string_view kTags[] = {"p",  "sp", "np",  "adkim", "aspf", "fo", "pct",
                                               "rf", "ri", "rua", "ruf",   "psd",  "t"};
  std::string out;
  for (auto t : kTags) {
    if (mail::edit_distance(name, t) != 1 || (name.size() < 3 && t.size() < 3)) continue;
    out += (out.empty() ? "" : " or ") + ("'" + std::string(t) + "'");
  }
  return out;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& p : mail::dmarc_txt(ctx)) {
    if (!mail::is_dmarc_record(p.tags)) continue;
    for (const auto& t : p.tags.tags) {
      const std::string_view name = p.tags.name(t);
      if (name.empty() || mail::is_dmarc_tag(name)) continue;
      const std::string hint = suggestion(name);
      out.add(mail::finding_at(
          kDmarcUnknownTag, p, t.name_b, t.name_e,
          "DMARC defines no tag '" + mail::shown(name) + "'" +
              (hint.empty() ? std::string("; receivers ignore it")
                            : "; did you mean " + hint + "? Receivers ignore it as written")));
    }
  }
}

}  // namespace

const Rule kDmarcUnknownTag{
    "dmarc-unknown-tag",
    Severity::warning,
    {},
    RuleDoc{
        "a DMARC record has a tag DMARC does not define (usually a typo)",
        "Reports each tag of a DMARC record that neither RFC 7489 (`v`, `p`, `sp`, `adkim`, "
        "`aspf`, `fo`, `pct`, `rf`, `ri`, `rua`, `ruf`) nor its successor (`np`, `psd`, `t`) "
        "defines, and suggests the known tag one typing mistake away (`rue` -> `rua` or "
        "`ruf`).",
        "Receivers ignore unknown tags, so a misspelt tag is silently lost: `rue=` sends no "
        "report, `sp =` with a typo leaves sub-domains on the main policy.",
        "$ORIGIN example.com.\n_dmarc TXT \"v=DMARC1; p=reject; rue=mailto:dmarc@example.com\"\n",
        "$ORIGIN example.com.\n_dmarc TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@example.com\"\n",
        "",
        "RFC 7489 §6.3; DMARCbis (np, psd, t; unknown tags are ignored)",
    },
    "mail,dmarc",
    &check,
};

}  // namespace zl::rules
