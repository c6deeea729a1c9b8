// mx-target-cname: the exchange is an alias.
#include "rules/live/live_common.hpp"
#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  const mx::ExchangeResolutions& resolutions = mx::exchange_resolutions(ctx);
  for (const mx::MxRecord* mp : mx::mx_records(ctx)) {
    const mx::MxRecord& m = *mp;
    if (m.data.is_null()) continue;
    const NameView ex = m.data.exchange;
    const mx::ExchangeResolution res = resolutions.of(m);
    if (res.kind == Resolution::below_dname) {
      Diagnostic d = make_finding(
          kMxTargetCname, *m.zone, *m.rec, mx::exchange_span(ctx, m),
          "MX exchange " + quoted(ex) + " is below the DNAME at " + quoted(*res.source) +
              ", so it is an alias; mail servers may refuse it (RFC 2181 §10.3)");
      for (auto i : res.zone->records_at(*res.source, rrtype::DNAME))
        add_note(d, anchor_span(*res.zone, res.zone->records[i]), "DNAME defined here");
      out.add(std::move(d));
      continue;
    }
    if (res.kind == Resolution::outside) {
      // Live mode only: an exchange at another organisation's name that is an alias.
      const live::LiveTarget t = live::address_of(ctx, Name(ex));
      if (t.kind == live::LiveTarget::failed)
        out.add(live::check_failed(ctx, *m.zone, *m.rec, mx::exchange_span(ctx, m), Name(ex),
                                   t.reason));
      if (t.kind != live::LiveTarget::alias) continue;
      out.add(make_finding(kMxTargetCname, *m.zone, *m.rec, mx::exchange_span(ctx, m),
                           "MX exchange " + quoted(ex) + " is an alias (CNAME to " +
                               quoted(t.canonical) +
                               ", checked live); mail servers may refuse it (RFC 2181 "
                               "§10.3); point the MX at " +
                               quoted(t.canonical) + " instead"));
      continue;
    }
    if (res.kind != Resolution::exists && res.kind != Resolution::wildcard) continue;
    if (!res.in_zone_cname()) continue;  // the name's records looked up only for a finding
    const auto cnames = res.zone->records_at(*res.source, rrtype::CNAME);
    std::vector<std::uint32_t> in;
    for (auto i : cnames)
      if (in_zone(*res.zone, res.zone->records[i])) in.push_back(i);
    if (in.empty()) continue;
    std::string msg = "MX exchange " + quoted(ex) + " is an alias (CNAME";
    if (res.kind == Resolution::wildcard) msg += " synthesised from " + quoted(*res.source);
    msg += "); mail servers may refuse it (RFC 2181 §10.3)";
    if (auto target = as_name_target(*res.zone, res.zone->records[in.front()]);
        target && !res.zone->records[in.front()].has(kValueUnknown))
      msg += "; point the MX at " + quoted(target->target) + " instead";
    Diagnostic d = make_finding(kMxTargetCname, *m.zone, *m.rec, mx::exchange_span(ctx, m), msg);
    for (auto i : in)
      add_note(d, anchor_span(*res.zone, res.zone->records[i]), "CNAME defined here");
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kMxTargetCname{
    "mx-target-cname",
    Severity::error,
    {},
    RuleDoc{
        "MX exchange is an alias (CNAME or below a DNAME)",
        "Looks the exchange of every MX record up in whichever loaded zone is authoritative for "
        "it (the longest matching origin) and reports it when it owns a CNAME, is covered by a "
        "wildcard CNAME, or lies below a DNAME. The finding points at the exchange and carries "
        "the location of the CNAME or DNAME. Exchanges outside every loaded zone are not looked "
        "up offline, nor are names below a delegation; with `--resolve` (live mode) an "
        "exchange outside the loaded zones that the network answers with a CNAME is "
        "reported, saying \"checked live\".",
        "RFC 2181 §10.3 says the exchange must have address records and never a CNAME. SMTP "
        "clients may refuse an alias (RFC 5321 §5.1 leaves it outside the standard), so mail "
        "to the domain can bounce or be delayed depending on the sender's software.",
        "$ORIGIN example.com.\n@     MX    10 mail\nmail  CNAME mx1.provider.net.\n",
        "$ORIGIN example.com.\n@     MX    10 mx1.provider.net.\n",
        "",
        "RFC 2181 §10.3; RFC 1912 §2.4; RFC 5321 §5.1; RFC 6672 §2 (DNAME)",
    },
    "mx,mail,alias",
    &check,
};

}  // namespace zl::rules
