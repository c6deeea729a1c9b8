// mta-sts-policy-host-missing: an MTA-STS record without the host that serves the policy.
#include "rules/mail/mail_common.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  const auto want = [](const Name& n) { return mail::first_label_is(n, "_mta-sts"); };
  mail::for_each_txt(ctx, want, [&](const Zone& z, const Record& r) {
    if (!mail::first_label_is(r.owner, "_mta-sts") || !mail::txt_starts_with(z, r, "v=STSv1"))
      return;
    const Name domain = r.owner.parent();
    const auto host = Name::concat(std::string_view("\x07mta-sts", 8), domain);
    if (!host) return;
    const Resolution res = resolve(ctx, *host);
    if (res.kind != Resolution::exists && res.kind != Resolution::wildcard &&
        res.kind != Resolution::nxdomain)
      return;
    if (ctx.incomplete(*res.zone)) return;
    if (res.kind != Resolution::nxdomain) {
      for (auto i : res.zone->records_at(res.source)) {
        const auto t = res.zone->records[i].type;
        if (t == rrtype::A || t == rrtype::AAAA || t == rrtype::CNAME) return;
      }
    }
    std::string bare = host->text();
    bare.pop_back();
    Diagnostic d = make_finding(
        kMtaStsPolicyHostMissing, z, r, anchor_span(r),
        "MTA-STS is announced for " + quoted(domain) + " but " + quoted(*host) +
            (res.kind == Resolution::nxdomain ? " does not exist" : " has no A, AAAA or CNAME") +
            "; senders fetch the policy from https://" + bare +
            "/.well-known/mta-sts.txt (RFC 8461 §3.2) and, failing, use no policy");
    if (res.kind != Resolution::nxdomain) {
      const auto at = res.zone->records_at(res.source);
      if (!at.empty())
        add_note(d, anchor_span(res.zone->records[at.front()]), "records of the host here");
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
        "zones or below a delegation are not judged.",
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
