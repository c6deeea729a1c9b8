// mx-null-mixed: a null MX next to other MX records.
#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

bool same_rdata(const mx::MxRecord& a, const mx::MxRecord& b) {
  return a.data.preference == b.data.preference && a.data.exchange == b.data.exchange;
}

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const auto& set : mx::mx_sets(ctx)) {
    const mx::MxRecord* null_mx = nullptr;
    for (const auto& m : set.records())
      if (m.data.is_null()) {
        null_mx = &m;
        break;
      }
    if (!null_mx) continue;
    std::vector<const mx::MxRecord*> others;
    for (const auto& m : set.records())
      if (!same_rdata(m, *null_mx)) others.push_back(&m);
    if (others.empty()) continue;
    std::string list;
    for (std::size_t i = 0; i < others.size() && i < 3; ++i)
      list += (i ? ", " : "") + std::to_string(others[i]->data.preference) + " " +
              others[i]->data.exchange.text();
    if (others.size() > 3) list += ", ...";
    Diagnostic d = make_finding(
        kMxNullMixed, *set.zone, *null_mx->rec, mx::exchange_span(ctx, *null_mx),
        "null MX at " + quoted(set.owner) + " stands next to " + std::to_string(others.size()) +
            " other MX record" + (others.size() == 1 ? "" : "s") + " (" + list +
            "); a domain with a null MX must publish no other MX (RFC 7505 §3)");
    for (const auto* o : others) add_note(d, mx::exchange_span(ctx, *o), "other MX record here");
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kMxNullMixed{
    "mx-null-mixed",
    Severity::error,
    {},
    RuleDoc{
        "a null MX (`0 .`) stands next to other MX records",
        "Reports an owner whose MX set holds a null MX (exchange `.`) and any other MX record "
        "(another exchange, or a second null MX with another preference). The finding points "
        "at the null MX; the other records are related locations.",
        "RFC 7505 §3: a domain that advertises a null MX MUST NOT advertise any other MX. "
        "Senders then disagree: some bounce at once (the domain says it takes no mail), some "
        "deliver to the other exchanges. Usually one half is a leftover.",
        "$ORIGIN example.com.\n@  MX 0  .\n@  MX 10 mail.example.net.\n",
        "; the domain takes no mail:\n$ORIGIN example.com.\n@  MX  0 .\n@  TXT \"v=spf1 -all\"\n",
        "",
        "RFC 7505 §3",
    },
    "mx,mail,null-mx",
    &check,
};

}  // namespace zl::rules
