// dkim-revoked: an empty p=.
#include "rules/mail/dkim_key.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const mail::ReportedKey& k : mail::reported_dkim_keys(ctx)) {
    if (k.kind != mail::ReportedKey::revoked) continue;
    out.add(mail::finding_at(kDkimRevoked, ctx, *k.zone, *k.rec, k.b, k.e,
                             "DKIM key at " + quoted(k.zone->owner(*k.rec)) +
                                 " is revoked (empty 'p='): signatures with this selector fail "
                                 "(RFC 6376 §3.6.1); remove the record once nothing signs with "
                                 "it"));
  }
}

}  // namespace

const Rule kDkimRevoked{
    "dkim-revoked",
    Severity::info,
    {},
    RuleDoc{
        "a DKIM key is revoked (empty `p=`)",
        "Reports a DKIM key record whose `p=` is empty. It is information: revoking an old "
        "selector this way is correct, but worth a look when the selector is still in use.",
        "RFC 6376 §3.6.1: an empty `p=` means the key was revoked, and verifiers fail every "
        "signature made with the selector. If a mail system still signs with it, its mail "
        "fails DKIM.",
        "$ORIGIN example.com.\nold._domainkey TXT \"v=DKIM1; p=\"\n",
        "; remove the record once no mail system signs with the selector\n",
        "",
        "RFC 6376 §3.6.1",
    },
    "mail,dkim",
    &check,
};

}  // namespace zl::rules
