// dkim-testing: t=y, the key is in testing mode.
#include "rules/mail/dkim_key.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  // Each record parsed as it comes: no memo keeps every key record parsed (mail::for_each_dkim_txt
  // says why).
  // Only a record with a tag named `t` is parsed: its text has a 't' before an '=' (white space
  // between them allowed). Most key records have none, and their base64 no '=' there.
  const auto may_hold_t = [](std::string_view text) {
    for (std::size_t eq = text.find('='); eq != std::string_view::npos;
         eq = text.find('=', eq + 1)) {
      std::size_t i = eq;
      while (i > 0 && mail::is_tag_space(text[i - 1], mail::TagSyntax::dkim)) --i;
      if (i > 0 && text[i - 1] == 't') return true;
    }
    return false;
  };
  mail::for_each_dkim_txt(
      ctx,
      [&](const mail::ParsedTxt& p) {
        const mail::Tag* t = p.tags.find("t");
        if (!t) return;
        std::string_view v = p.tags.value(*t);
        bool testing = false;
        std::size_t start = 0;
        while (start <= v.size()) {  // flags separated by ':' with optional white space
          std::size_t c = v.find(':', start);
          if (c == std::string_view::npos) c = v.size();
          std::string_view f = v.substr(start, c - start);
          while (!f.empty() && mail::is_tag_space(f.front(), mail::TagSyntax::dkim))
            f.remove_prefix(1);
          while (!f.empty() && mail::is_tag_space(f.back(), mail::TagSyntax::dkim))
            f.remove_suffix(1);
          testing = testing || mail::iequals(f, "y");
          start = c + 1;
        }
        if (!testing) return;
        out.add(mail::finding_at(kDkimTesting, p, t->name_b, t->value_e,
                                 "DKIM key at " + quoted(p.zone->owner(*p.rec)) +
                                     " is in testing mode ('t=y'): verifiers may treat its "
                                     "signatures as unsigned mail (RFC 6376 §3.6.1); remove 'y' "
                                     "once signing works"));
      },
      may_hold_t);
}

}  // namespace

const Rule kDkimTesting{
    "dkim-testing",
    Severity::info,
    {},
    RuleDoc{
        "a DKIM key is in testing mode (`t=y`)",
        "Reports a DKIM key record whose `t=` flags include `y`.",
        "RFC 6376 §3.6.1: with `t=y` verifiers MUST NOT treat messages differently from "
        "unsigned mail, so the signature adds nothing to DMARC's evaluation at many "
        "receivers. Testing mode is meant to be temporary and is often forgotten.",
        "$ORIGIN example.com.\nmail._domainkey TXT \"v=DKIM1; t=y; p=MIIBIjANBg...\"\n",
        "$ORIGIN example.com.\nmail._domainkey TXT \"v=DKIM1; p=MIIBIjANBg...\"\n",
        "",
        "RFC 6376 §3.6.1",
    },
    "mail,dkim",
    &check,
};

}  // namespace zl::rules
