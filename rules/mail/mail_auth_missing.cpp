// mail-auth-missing: a domain that receives mail without SPF or DMARC.
#include "lint/psl.hpp"
#include "rules/mail/mail_common.hpp"
#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::rules {

namespace {

enum class Found { yes, no, unknown };

// A DMARC record at `_dmarc.<d>` for d from `owner` up to its organisational domain (RFC 7489
// §6.6.3; DMARCbis walks the same names).
Found dmarc_for(const RuleContext& ctx, const Name& owner) {
  const std::string org = ctx.psl().registrable_domain(owner);
  Name d = owner;
  bool unknown = false;
  while (true) {
    const auto q = Name::concat(std::string_view("\x06_dmarc", 7), d);
    if (q) {
      const Resolution res = resolve(ctx, *q);
      switch (res.kind) {
        case Resolution::exists:
        case Resolution::wildcard:
          if (ctx.incomplete(*res.zone)) {
            unknown = true;
            break;
          }
          for (auto i : res.zone->records_at(res.source)) {
            const Record& r = res.zone->records[i];
            if (r.type == rrtype::CNAME || r.has(kValueUnknown)) return Found::yes;
            if (r.type == rrtype::TXT && mail::txt_starts_with(*res.zone, r, "v=DMARC1"))
              return Found::yes;
          }
          break;
        case Resolution::nxdomain:
          if (ctx.incomplete(*res.zone)) unknown = true;
          break;
        default:
          unknown = true;
      }
    }
    std::string t = d.canonical_text();
    if (!t.empty() && t.back() == '.') t.pop_back();
    if (t == org || d.label_count() <= 1) break;
    d = d.parent();
  }
  return unknown ? Found::unknown : Found::no;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& set : mx::mx_sets(ctx)) {
    if (!set.complete || set.records.empty() || ctx.incomplete(*set.zone)) continue;
    if (set.owner.is_wildcard()) continue;
    bool has_real = false;
    for (const auto& m : set.records) has_real = has_real || !m.data.is_null();
    if (!has_real) continue;
    const spf::SpfAt spf = spf::spf_at(ctx, set.owner);
    const bool no_spf = spf.status == spf::SpfAt::none;
    const Found dmarc = dmarc_for(ctx, set.owner);
    const bool no_dmarc = dmarc == Found::no;
    if (!no_spf && !no_dmarc) continue;
    const std::string org = ctx.psl().registrable_domain(set.owner);
    std::string own = set.owner.canonical_text();
    own.pop_back();
    std::string what;
    if (no_spf) what = "no SPF record";
    if (no_dmarc)
      what += std::string(no_spf ? " and " : "") + "no DMARC record at '_dmarc." + own + ".'" +
              (org != own ? " or '_dmarc." + org + ".'" : "");
    const mx::MxRecord& first = set.records.front();
    out.add(make_finding(kMailAuthMissing, *set.zone, *first.rec, anchor_span(*first.rec),
                         quoted(set.owner) + " receives mail (MX) but has " + what +
                             "; large mailbox providers junk or reject mail from domains "
                             "without SPF and DMARC, and anyone can send mail in its name"));
  }
}

}  // namespace

const Rule kMailAuthMissing{
    "mail-auth-missing",
    Severity::info,
    {},
    RuleDoc{
        "a domain that receives mail publishes no SPF or no DMARC record",
        "For each owner with a non-null MX set, looks in the loaded zones for an SPF record "
        "at the owner and for a DMARC record at `_dmarc.<owner>` or at the `_dmarc` of any "
        "parent up to its organisational domain (Public Suffix List), where receivers find a "
        "policy that covers sub-domains. A CNAME at a `_dmarc` name (a hosted DMARC service) "
        "counts as a record. When a name can't be known offline (outside the loaded zones, "
        "delegated), nothing is said about it. Null-MX domains are mail-null-mx-spf's.",
        "Since 2024 the large mailbox providers require SPF (or DKIM) and DMARC from "
        "senders, and a domain that receives mail usually sends it too. Without SPF and "
        "DMARC anyone can send mail in the domain's name and receivers can't tell.",
        "$ORIGIN example.com.\n@  MX  10 mx1.example.net.\n@  MX  20 mx2.example.net.\n",
        "$ORIGIN example.com.\n@       MX  10 mx1.example.net.\n@       MX  20 mx2.example.net.\n"
        "@       TXT \"v=spf1 mx -all\"\n_dmarc  TXT \"v=DMARC1; p=reject; "
        "rua=mailto:dmarc@example.com\"\n",
        "",
        "RFC 7208 §2.3; RFC 7489 §6.1, §6.6.3",
    },
    "mail,spf,dmarc",
    &check,
};

}  // namespace zl::rules
