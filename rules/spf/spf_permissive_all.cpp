// spf-permissive-all: `+all`, `?all`, or a top-level record that ends without a policy.
#include "rules/mail/message.hpp"
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  const std::vector<bool>& included = spf::included_sets(ctx);
  const auto& sets = spf::spf_sets(ctx);
  mail::add_counted(out, [&](auto&& emit) {
    for (std::size_t si = 0; si < sets.size(); ++si) {
      const auto& set = sets[si];
      // A record at a service name (`_spf.example.com`) is only ever included, by domains
      // inside or outside the loaded zones: mail is not sent from such a name.
      const std::string_view label = set.owner.first_label();
      const bool service = !label.empty() && label.front() == '_';
      const bool top = !service && !included[si];
      for (const auto& rec : set.records) {
        if (rec.parsed.permerror()) continue;
        const auto& p = rec.parsed;
        if (p.first_all >= 0) {
          const auto& t = p.terms[static_cast<std::size_t>(p.first_all)];
          if (t.result() == '+') {
            emit([&] {
              return make_finding(
                  kSpfPermissiveAll, *rec.zone, *rec.record, rec.term_span(t),
                  Message::format<"'{}' in the SPF record of {} authorises every host on the "
                                  "Internet to send mail as {} (RFC 7208 §5.1); end with '-all' "
                                  "or '~all'">(
                      spf::term_text(rec.text(), t), quoted(set.owner),
                      top ? "the domain" : "every domain that includes it"));
            });
          } else if (t.result() == '?' && top) {
            emit([&] {
              Diagnostic d = make_finding(
                  kSpfPermissiveAll, *rec.zone, *rec.record, rec.term_span(t),
                  Message::format<"'{}' in the SPF record of {} gives a neutral result for "
                                  "hosts not listed, the same as having no SPF policy (RFC 7208 "
                                  "§2.6.2); end with '-all' or '~all'">(
                      spf::term_text(rec.text(), t), quoted(set.owner)));
              d.severity = Severity::warning;
              return d;
            });
          }
          continue;
        }
        if (p.redirect >= 0 || !top) continue;
        emit([&] {
          Diagnostic d =
              make_finding(kSpfPermissiveAll, *rec.zone, *rec.record, rec.span(0, 6),
                           Message::format<"SPF record of {} has neither an 'all' term nor "
                                           "'redirect=', so hosts not listed get the default "
                                           "neutral result, the same as no policy (RFC 7208 "
                                           "§4.7); end with '-all' or '~all'">(quoted(set.owner)));
          d.severity = Severity::warning;
          return d;
        });
      }
    }
  });
}

}  // namespace

const Rule kSpfPermissiveAll{
    "spf-permissive-all",
    Severity::error,
    {},
    RuleDoc{
        "SPF policy that lets any host send (`+all`), or that says nothing (`?all`, no `all`)",
        "Reports the first `all` term of an SPF record when it is `+all` or a bare `all` "
        "(error: any host passes), and, on top-level records (those no other loaded SPF record "
        "includes or redirects to), `?all` and a record with neither `all` nor `redirect=` "
        "(warnings: hosts not listed get neutral). `~all` and `-all` are fine. Records that are "
        "only included (those that a loaded record includes, and any record at a name whose "
        "first label starts with `_`, such as `_spf.example.com`: mail is not sent from such "
        "names) commonly end without `all` and are not reported for it, but `+all` there "
        "makes every including domain pass everyone and is reported.",
        "`+all` means \"every host is authorised\": anyone can send mail as the domain and "
        "pass SPF, which also satisfies DMARC's SPF alignment. Neutral (`?all`, or no `all`) "
        "gives receivers nothing to act on for forged mail (RFC 7208 §2.6.2, §4.7).",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 include:_spf.google.com +all\"\n",
        "$ORIGIN example.com.\n@  TXT \"v=spf1 include:_spf.google.com ~all\"\n",
        "",
        "RFC 7208 §5.1, §2.6.2, §4.7",
    },
    "spf,mail,policy",
    &check,
};

}  // namespace zl::rules
