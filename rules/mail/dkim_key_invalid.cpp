// dkim-key-invalid: p= that is not a usable key of type k=.
#include "rules/mail/dkim_key.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const mail::ReportedKey& k : mail::reported_dkim_keys(ctx)) {
    if (k.kind != mail::ReportedKey::invalid) continue;
    out.add(mail::finding_at(kDkimKeyInvalid, ctx, *k.zone, *k.rec, k.b, k.e,
                             "DKIM key at " + quoted(k.zone->owner(*k.rec)) + ": " + k.problem +
                                 "; verifiers can't use it, so every signature with this "
                                 "selector fails"));
  }
}

}  // namespace

const Rule kDkimKeyInvalid{
    "dkim-key-invalid",
    Severity::error,
    {},
    RuleDoc{
        "a DKIM `p=` is not base64, does not parse, or does not match `k=`",
        "Decodes the `p=` value of each DKIM key record (base64, white space allowed) and "
        "parses it with OpenSSL as the key type `k=` names: for `rsa` (the default) a "
        "SubjectPublicKeyInfo, as `openssl rsa -pubout` writes it; for `ed25519` the raw 32 "
        "octets (RFC 8463 §4.2). It reports a byte that is not base64 (pointing at it), a "
        "truncated value (often a string lost when the key was split), a key that does not "
        "parse, an ed25519 key wrapped in a SubjectPublicKeyInfo, a raw ed25519 key without "
        "`k=ed25519`, and a bare PKCS#1 RSAPublicKey. An empty `p=` is dkim-revoked; a `k=` "
        "this tool does not know is left alone.",
        "A key that doesn't parse fails every signature made with the selector (RFC 6376 "
        "§6.1.2). The mistakes are invisible in the zone: a key pasted with a line missing, a "
        "quote inside the value, an ed25519 key published the way RSA keys are.",
        "$ORIGIN example.com.\nmail._domainkey TXT \"v=DKIM1; k=ed25519; "
        "p=MCowBQYDK2VwAyEA...\"\n",
        "$ORIGIN example.com.\nmail._domainkey TXT \"v=DKIM1; k=ed25519; "
        "p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\"\n",
        "",
        "RFC 6376 §3.6.1, §6.1.2; RFC 8463 §4.2; RFC 8301",
    },
    "mail,dkim",
    &check,
};

}  // namespace zl::rules
