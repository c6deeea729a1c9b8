// mta-sts-policy-host-missing: an MTA-STS record without the host that serves the policy.
#include "rules/live/live_common.hpp"
#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"
#include "rules/targets/targets_common.hpp"

namespace zl::rules {

namespace {

// Live mode (--resolve): `target` is outside the loaded zones, either the policy host itself
// or the end of its aliases in the loaded zones (`mta-sts CNAME sts.provider.example.`, the
// usual way to use a hosted policy); `hop` is the last of those aliases. Reports `target` when
// the network has no address for it; a failure of the network is live-check-failed.
void check_live(const RuleContext& ctx, const Zone& z, const Record& r, const Name& domain,
                const Name& host, const Name& target, const targets::AliasHop* hop,
                Diagnostics& out) {
  const live::LiveTarget lt = live::address_of(ctx, target);
  // The target of an in-zone CNAME that does not exist, or could not be checked, is
  // cname-target-missing's finding (one mistake, one finding).
  const bool cname_target = hop && hop->rec->type == rrtype::CNAME;
  if (cname_target &&
      (lt.kind == live::LiveTarget::nxdomain || lt.kind == live::LiveTarget::failed))
    return;
  std::string why;
  switch (lt.kind) {
    case live::LiveTarget::failed:
      out.add(live::check_failed(ctx, z, r, anchor_span(z, r), target, lt.reason));
      return;
    case live::LiveTarget::nxdomain:
      why = live::kLiveNxdomain;
      break;
    case live::LiveTarget::no_address:
      why = live::kLiveNoAddress;
      break;
    case live::LiveTarget::alias:
      if (lt.address) return;
      why = "is an alias to " + quoted(lt.canonical) + ", which has no A or AAAA record " +
            "(checked live)";
      break;
    default:
      return;  // an address, offline, or not answered yet
  }
  if (hop) why = "is an alias to " + quoted(target) + ", which " + why;
  std::string bare = host.text();
  bare.pop_back();
  Diagnostic d =
      make_finding(kMtaStsPolicyHostMissing, z, r, anchor_span(z, r),
                   "MTA-STS is announced for " + quoted(domain) + " but " + quoted(host) + " " +
                       why + "; senders fetch the policy from https://" + bare +
                       "/.well-known/mta-sts.txt (RFC 8461 §3.2) and, failing, use no policy");
  if (hop) add_note(d, anchor_span(*hop->zone, *hop->rec), "alias defined here");
  out.add(std::move(d));
}

void check(const RuleContext& ctx, Diagnostics& out) {
  mail::for_each_txt(ctx, mail::kAtMtaSts, [&](const Zone& z, const Record& r) {
    if (!mail::txt_starts_with(z, r, "v=STSv1")) return;
    const Name domain = z.owner(r).parent();
    const auto host = Name::concat(std::string_view("\x07mta-sts", 8), domain);
    if (!host) return;
    const Resolution res = resolve(ctx, *host, z);
    if (res.kind == Resolution::outside) {
      check_live(ctx, z, r, domain, *host, *host, nullptr, out);  // live mode only
      return;
    }
    if (res.kind != Resolution::exists && res.kind != Resolution::wildcard &&
        res.kind != Resolution::nxdomain)
      return;
    if (ctx.incomplete(*res.zone)) return;
    if (res.kind != Resolution::nxdomain) {
      bool alias = false;
      for (auto i : res.zone->records_at(res.source)) {
        const auto t = res.zone->records[i].type;
        if (t == rrtype::A || t == rrtype::AAAA) return;
        alias = alias || t == rrtype::CNAME;
      }
      if (alias) {
        // Live mode: follow the aliases through the loaded zones to the first name outside
        // them. A chain that ends inside them is cname-target-missing's (or fine).
        Name at = *host;
        const Zone* from = &z;  // each alias is followed from the zone of the one before
        for (int hops = 0; hops < 16; ++hops) {
          const auto hop = targets::alias_hop(ctx, at, from);
          if (!hop) return;
          at = hop->to;
          from = hop->zone;
          if (!ctx.authoritative_for(at)) {
            check_live(ctx, z, r, domain, *host, at, &*hop, out);
            return;
          }
        }
        return;
      }
    }
    std::string bare = host->text();
    bare.pop_back();
    Diagnostic d = make_finding(
        kMtaStsPolicyHostMissing, z, r, anchor_span(z, r),
        "MTA-STS is announced for " + quoted(domain) + " but " + quoted(*host) +
            (res.kind == Resolution::nxdomain ? " does not exist" : " has no A, AAAA or CNAME") +
            "; senders fetch the policy from https://" + bare +
            "/.well-known/mta-sts.txt (RFC 8461 §3.2) and, failing, use no policy");
    if (res.kind != Resolution::nxdomain) {
      const auto at = res.zone->records_at(res.source);
      if (!at.empty())
        add_note(d, anchor_span(*res.zone, res.zone->records[at.front()]),
                 "records of the host here");
    }
    out.add(std::move(d));
  });
}

}  // namespace

const Rule kMtaStsPolicyHostMissing{
    "mta-sts-policy-host-missing",
    Severity::warning,
    {},
    RuleDoc{
        "`_mta-sts` announces a policy but `mta-sts.<domain>` has no address",
        "For each `v=STSv1` record at `_mta-sts.<domain>`, looks up `mta-sts.<domain>` in the "
        "loaded zones. It reports the record when that zone is loaded and the name has no A, "
        "AAAA or CNAME record (directly or through a wildcard). Names outside the loaded "
        "zones or below a delegation are not judged offline. With `--resolve` (live mode), "
        "a host outside every loaded zone, or the name its aliases lead to outside them "
        "(`mta-sts CNAME sts.provider.example.`), is looked up: NXDOMAIN and a name without "
        "A or AAAA are reported, saying \"checked live\" (the target of an in-zone CNAME that "
        "does not exist is cname-target-missing's).",
        "The TXT record only says that a policy exists; senders fetch it over HTTPS from "
        "`https://mta-sts.<domain>/.well-known/mta-sts.txt` (RFC 8461 §3.2). Without the "
        "host, the fetch fails and MTA-STS protects nothing.",
        "$ORIGIN example.com.\n_mta-sts TXT \"v=STSv1; id=20240101\"\n; no mta-sts host\n",
        "$ORIGIN example.com.\n_mta-sts TXT \"v=STSv1; id=20240101\"\nmta-sts  CNAME "
        "sts-policy.example.net.\n",
        "",
        "RFC 8461 §3.1, §3.2",
    },
    "mail,mta-sts",
    &check,
};

}  // namespace zl::rules
