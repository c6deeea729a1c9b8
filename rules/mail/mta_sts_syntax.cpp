// mta-sts-syntax: an _mta-sts record senders can't use.
#include <map>

#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

bool alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A TXT at _mta-sts that is meant as the STS record: it starts with "v=" or "id=", or mentions
// "STSv1". Other records there (a verification token) are discarded by senders (RFC 8461
// §3.1).
bool meant_as_sts(std::string_view v) {
  if (v.size() >= 2 && mail::iequals(v.substr(0, 2), "v=")) return true;
  if (v.size() >= 3 && mail::iequals(v.substr(0, 3), "id=")) return true;
  for (std::size_t i = 0; i + 5 <= v.size(); ++i)
    if (mail::iequals(v.substr(i, 5), "stsv1")) return true;
  return false;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  std::map<std::pair<const Zone*, std::string>, std::vector<mail::ParsedTxt>> by_name;
  mail::for_each_txt(ctx, mail::kAtMtaSts, [&](const Zone& z, const Record& r) {
    auto p = mail::parse_txt(ctx, z, r, mail::TagSyntax::sts);
    if (!p || !meant_as_sts(p->text())) return;
    const std::string_view text = p->text();
    const mail::TagList& list = p->tags;
    const auto& tags = p->tags.tags;
    const std::string where = " (MTA-STS record at " + quoted(z.owner(r)) + ")";
    if (text.rfind("v=STSv1", 0) != 0) {
      const auto e = tags.empty() ? static_cast<std::uint32_t>(text.size()) : tags[0].value_e;
      out.add(mail::finding_at(kMtaStsSyntax, *p, 0, e,
                               "record does not start with 'v=STSv1' (case-sensitive)" + where +
                                   "; senders discard it and use no MTA-STS policy (RFC 8461 "
                                   "§3.1)"));
      return;
    }
    if (tags.empty() || list.name(tags[0]) != "v" || list.value(tags[0]) != "STSv1") {
      // "v=STSv1 id=..." or "v=STSv1x": the version runs into what follows.
      out.add(mail::finding_at(kMtaStsSyntax, *p, 7, tags.empty() ? 7 : tags[0].value_e,
                               "'v=STSv1' must be followed by ';'" + where +
                                   "; senders read no valid record (RFC 8461 §3.1)"));
      by_name[{&z, z.owner(r).canonical_wire()}].push_back(std::move(*p));
      return;
    }
    for (const auto& e : p->tags.errors)
      out.add(mail::finding_at(kMtaStsSyntax, *p, e.b, e.e, e.message(p->text()) + where));
    const mail::Tag* id = nullptr;
    for (const auto& t : tags)
      if (list.name(t) == "id") {
        id = &t;
        break;
      }
    if (!id) {
      out.add(mail::finding_at(kMtaStsSyntax, *p, tags[0].name_b, tags[0].value_e,
                               "no 'id=' field" + where +
                                   "; senders need it to know when the policy changed (RFC "
                                   "8461 §3.1)"));
    } else {
      const std::string_view id_value = list.value(*id);
      bool ok = !id_value.empty() && id_value.size() <= 32;
      for (char c : id_value) ok = ok && alnum(c);
      if (!ok)
        out.add(mail::finding_at(kMtaStsSyntax, *p, id->value_b, id->value_e,
                                 "id '" + mail::shown(id_value) +
                                     "' must be 1 to 32 letters and digits" + where +
                                     " (RFC 8461 §3.1; a date like 20240101T000000 needs its "
                                     "punctuation removed)"));
    }
    for (const auto& t : tags) {
      if (&t == &tags[0] || &t == id || list.name(t).empty()) continue;
      for (std::uint32_t i = t.value_b; i < t.value_e; ++i) {
        const char c = text[i];
        if (c == '=' || c == ' ' || c == '\t') {
          out.add(mail::finding_at(kMtaStsSyntax, *p, i, i + 1,
                                   "extension field '" + mail::shown(list.name(t)) + "' holds '" +
                                       std::string(1, c) + "', which a value can't" + where));
          break;
        }
      }
      if (list.value(t).empty())
        out.add(mail::finding_at(
            kMtaStsSyntax, *p, t.name_b, t.value_e,
            "extension field '" + mail::shown(list.name(t)) + "' has no value" + where));
    }
    by_name[{&z, z.owner(r).canonical_wire()}].push_back(std::move(*p));
  });
  for (const auto& [key, recs] : by_name) {
    for (std::size_t i = 1; i < recs.size(); ++i) {
      Diagnostic d = mail::finding_at(
          kMtaStsSyntax, recs[i], 0, 7,
          "second 'v=STSv1' record at " + quoted(recs[i].zone->owner(*recs[i].rec)) +
              "; with more than one, senders assume the domain has no MTA-STS policy (RFC 8461 "
              "§3.1)");
      add_note(d, mail::span_at(recs[0], 0, 7), "first record here");
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kMtaStsSyntax{
    "mta-sts-syntax",
    Severity::error,
    {},
    RuleDoc{
        "an `_mta-sts` TXT record is malformed, or there are several",
        "Reads each TXT record at an `_mta-sts` name that is meant as MTA-STS (it starts with "
        "`v=` or `id=`, or mentions `STSv1`). It reports a record not starting exactly `v=STSv1;`, "
        "a missing `id=` or one that is not 1 to 32 letters and digits, white space around "
        "`=`, a malformed field, and more than one `v=STSv1` record. Extension fields are "
        "legal and are only checked for syntax.",
        "Senders that find no valid record, or more than one, assume the domain has no "
        "MTA-STS policy (RFC 8461 §3.1): mail falls back to opportunistic TLS that an "
        "attacker on the path can strip. A changed `id` is also how senders learn that the "
        "policy file changed.",
        "$ORIGIN example.com.\n_mta-sts TXT \"v=STSv1; id=2024-01-01\"\n",
        "$ORIGIN example.com.\n_mta-sts TXT \"v=STSv1; id=20240101\"\n",
        "",
        "RFC 8461 §3.1",
    },
    "mail,mta-sts",
    &check,
};

}  // namespace zl::rules
