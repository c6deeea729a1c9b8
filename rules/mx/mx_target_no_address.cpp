// mx-target-no-address: an in-zone exchange without A or AAAA.
#include <algorithm>

#include "rules/live/live_common.hpp"
#include "rules/mx/mx_common.hpp"
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

using targets::types_at;

void check(const RuleContext& ctx, Diagnostics& out) {
  const mx::ExchangeResolutions& resolutions = mx::exchange_resolutions(ctx);
  for (const mx::MxRecord* mp : mx::mx_records(ctx)) {
    const mx::MxRecord& m = *mp;
    if (m.data.is_null()) continue;
    // One finding per mistake: an address written as the exchange, or a name that lost its
    // final dot, is reported by mx-target-ip or missing-trailing-dot.
    if (mx::exchange_is_ip(ctx, m)) continue;
    if (targets::doubled_origin(ctx, *m.zone, *m.rec, 1)) continue;
    const NameView ex = m.data.exchange;
    const mx::ExchangeResolution res = resolutions.of(m);
    if (res.zone && ctx.incomplete(*res.zone)) continue;  // records may be missing
    std::string why;
    switch (res.kind) {
      case Resolution::outside: {
        // Live mode only: what the network says about an exchange outside the loaded zones.
        const live::LiveTarget t = live::address_of(ctx, Name(ex));
        if (t.kind == live::LiveTarget::failed)
          out.add(live::check_failed(ctx, *m.zone, *m.rec, mx::exchange_span(ctx, m), Name(ex),
                                     t.reason));
        if (t.kind == live::LiveTarget::nxdomain)
          why = live::kLiveNxdomain;
        else if (t.kind == live::LiveTarget::no_address)
          why = live::kLiveNoAddress;
        else
          continue;
        break;
      }
      case Resolution::delegated:
      case Resolution::below_dname:
        continue;
      case Resolution::exists:
        // The three questions (an alias? an address? any record?), answered when the exchange
        // was resolved.
        if (res.owns_cname) continue;     // mx-target-cname
        if (res.has_address()) continue;  // as targets::has_address
        if (!res.owns_records)
          why = "exists only as an empty non-terminal (names below it have records)";
        else
          why = "has no A or AAAA record (it owns " + types_at(*res.zone, ex) + " only)";
        break;
      case Resolution::wildcard:
        if (res.owns_cname) continue;  // mx-target-cname
        if (res.has_address()) continue;
        why = "is covered by the wildcard " + quoted(*res.source) + ", which has no A or AAAA";
        break;
      case Resolution::nxdomain:
        why = "does not exist in zone " + quoted(res.zone->origin);
        break;
    }
    Diagnostic d = make_finding(kMxTargetNoAddress, *m.zone, *m.rec, mx::exchange_span(ctx, m),
                                "MX exchange " + quoted(ex) + " " + why +
                                    "; senders find no address to deliver to (RFC 5321 §5.1)");
    if (res.kind == Resolution::wildcard)
      for (auto i : res.zone->records_at(*res.source))
        add_note(d, anchor_span(*res.zone, res.zone->records[i]), "wildcard defined here");
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kMxTargetNoAddress{
    "mx-target-no-address",
    Severity::error,
    {},
    RuleDoc{
        "MX exchange in a loaded zone has no A or AAAA record",
        "For every MX exchange that falls inside a loaded zone (the authoritative one: the "
        "longest matching origin), checks that the name has an A or AAAA record. It reports a "
        "name that does not exist, an empty non-terminal, and a name that owns other types "
        "only. A wildcard owning A or AAAA covers a name that does not exist (RFC 4592). "
        "Names at or below a delegation are the child zone's business (glue or not, there is "
        "no finding), names below a DNAME are aliases (mx-target-cname), and names outside "
        "every loaded zone are not looked up offline. An exchange written as an IP address or "
        "without its final dot is left to mx-target-ip and missing-trailing-dot, so one "
        "mistake gives one finding. No finding when the exchange's zone had parse errors: "
        "records may be missing, and the parse-error comes first. With `--resolve` (live "
        "mode), an exchange outside the loaded zones is looked up too: NXDOMAIN and a name "
        "with neither A nor AAAA are reported, saying \"checked live\".",
        "RFC 5321 §5.1: the exchange must resolve to at least one address record. Without "
        "one, senders treat the MX as unusable, try the next one, and bounce the mail when "
        "none is left. named-checkzone reports this as \"has no address records\".",
        "$ORIGIN example.com.\n@     MX  10 mail\nmail  TXT \"mail server\"\n",
        "$ORIGIN example.com.\n@     MX  10 mail\nmail  A   192.0.2.25\n",
        "",
        "RFC 2181 §10.3; RFC 5321 §5.1; RFC 4592 §4",
    },
    "mx,mail",
    &check,
};

}  // namespace zl::rules
