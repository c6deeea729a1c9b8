// tlsrpt-syntax: an _smtp._tls record senders can't use.
#include <map>

#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

bool meant_as_tlsrpt(std::string_view v) {
  if (v.size() >= 2 && mail::iequals(v.substr(0, 2), "v=")) return true;
  if (v.size() >= 4 && mail::iequals(v.substr(0, 4), "rua=")) return true;
  for (std::size_t i = 0; i + 6 <= v.size(); ++i)
    if (mail::iequals(v.substr(i, 6), "tlsrpt")) return true;
  return false;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  std::map<std::pair<const Zone*, std::string>, std::vector<mail::ParsedTxt>> by_name;
  mail::for_each_txt(ctx, mail::kAtSmtpTls, [&](const Zone& z, const Record& r) {
    auto p = mail::parse_txt(ctx, z, r, mail::TagSyntax::sts);
    if (!p || !meant_as_tlsrpt(p->text())) return;
    const std::string_view text = p->text();
    const mail::TagList& list = p->tags;
    const auto& tags = p->tags.tags;
    const std::string where = " (TLS-RPT record at " + quoted(z.owner(r)) + ")";
    if (text.rfind("v=TLSRPTv1", 0) != 0) {
      const auto e = tags.empty() ? static_cast<std::uint32_t>(text.size()) : tags[0].value_e;
      out.add(mail::finding_at(kTlsrptSyntax, *p, 0, e,
                               "record does not start with 'v=TLSRPTv1' (case-sensitive)" + where +
                                   "; senders ignore it and send no TLS reports (RFC "
                                   "8460 §3)"));
      return;
    }
    if (tags.empty() || list.name(tags[0]) != "v" || list.value(tags[0]) != "TLSRPTv1") {
      out.add(mail::finding_at(kTlsrptSyntax, *p, 10, tags.empty() ? 10 : tags[0].value_e,
                               "'v=TLSRPTv1' must be followed by ';'" + where +
                                   "; senders read no valid record (RFC 8460 §3)"));
      by_name[{&z, z.owner(r).canonical_wire()}].push_back(std::move(*p));
      return;
    }
    for (const auto& e : p->tags.errors)
      out.add(mail::finding_at(kTlsrptSyntax, *p, e.b, e.e, e.message(p->text()) + where));
    const mail::Tag* rua = nullptr;
    for (const auto& t : tags)
      if (list.name(t) == "rua") {
        rua = &t;
        break;
      }
    if (!rua) {
      out.add(mail::finding_at(
          kTlsrptSyntax, *p, tags[0].name_b, tags[0].value_e,
          "no 'rua=' field" + where + ": it says where reports go and is required (RFC 8460 §3)"));
    } else {
      for (const auto& u : mail::split_uri_list(list.value(*rua), rua->value_b)) {
        const std::string why = mail::tlsrpt_uri_problem(u.text);
        if (why.empty()) continue;
        const bool empty = u.b == u.e;
        out.add(mail::finding_at(kTlsrptSyntax, *p, empty ? rua->name_b : u.b,
                                 empty ? rua->value_e : u.e,
                                 "rua entry '" + mail::shown(u.text) +
                                     "' is not a 'mailto:' or 'https:' URI: " + why + where));
      }
    }
    by_name[{&z, z.owner(r).canonical_wire()}].push_back(std::move(*p));
  });
  for (const auto& [key, recs] : by_name) {
    for (std::size_t i = 1; i < recs.size(); ++i) {
      Diagnostic d = mail::finding_at(kTlsrptSyntax, recs[i], 0, 10,
                                      "second 'v=TLSRPTv1' record at " +
                                          quoted(recs[i].zone->owner(*recs[i].rec)) +
                                          "; with more than one, senders use none (RFC 8460 §3)");
      add_note(d, mail::span_at(recs[0], 0, 10), "first record here");
      out.add(std::move(d));
    }
  }
}

}  // namespace

const Rule kTlsrptSyntax{
    "tlsrpt-syntax",
    Severity::error,
    {},
    RuleDoc{
        "an `_smtp._tls` TLS-RPT record is malformed, or there are several",
        "Reads each TXT record at an `_smtp._tls` name that is meant as TLS-RPT (it starts "
        "with `v=` or `rua=`, or mentions `TLSRPT`). It reports a record not starting exactly "
        "`v=TLSRPTv1;`, a missing `rua=`, a `rua` entry that is neither a `mailto:` nor an "
        "`https:` URI (the caret under the entry), a malformed field, and more than one "
        "`v=TLSRPTv1` record. Extension fields are legal.",
        "TLS reports tell the domain owner when senders fail to deliver over TLS (an expired "
        "certificate, an MTA-STS mismatch). A record senders can't read means those failures "
        "go unnoticed (RFC 8460 §3: several records, or none valid, and no report is sent).",
        "$ORIGIN example.com.\n_smtp._tls TXT \"v=TLSRPTv1; rua=tls-reports@example.com\"\n",
        "$ORIGIN example.com.\n_smtp._tls TXT \"v=TLSRPTv1; rua=mailto:tls-reports@example.com\"\n",
        "",
        "RFC 8460 §3",
    },
    "mail,tls-rpt",
    &check,
};

}  // namespace zl::rules
