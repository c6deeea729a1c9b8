// dkim-key-weak: an RSA key shorter than RFC 8301 allows or recommends.
#include "rules/mail/dkim_key.hpp"
#include "rules/registry.hpp"

namespace zl::rules {

namespace {

void check(const RuleContext& ctx, Diagnostics& out) {
  for (const mail::ReportedKey& k : mail::reported_dkim_keys(ctx)) {
    if (k.kind != mail::ReportedKey::weak) continue;
    const bool below_min = k.bits < 1024;
    Diagnostic d = mail::finding_at(
        kDkimKeyWeak, ctx, *k.zone, *k.rec, k.b, k.e,
        "DKIM key at " + quoted(k.zone->owner(*k.rec)) + " is RSA " + std::to_string(k.bits) +
            " bits; " +
            (below_min ? "verifiers must not accept keys under 1024 bits (RFC 8301 §3.2), so "
                         "every signature with it fails: publish a 2048-bit key"
                       : "RFC 8301 §3.2 recommends 2048 bits, and short keys can be factored: "
                         "publish a 2048-bit key (it fits, split over several strings)"));
    if (!below_min) d.severity = Severity::warning;
    out.add(std::move(d));
  }
}

}  // namespace

const Rule kDkimKeyWeak{
    "dkim-key-weak",
    Severity::error,
    {},
    RuleDoc{
        "a DKIM RSA key is under 2048 bits (error under 1024)",
        "Measures each RSA key of a DKIM key record that parses (OpenSSL, the modulus size). "
        "Under 1024 bits is an error, under 2048 a warning. ed25519 keys have no size to "
        "check.",
        "RFC 8301 §3.2: verifiers MUST NOT consider signatures with RSA keys under 1024 bits "
        "valid, and signers SHOULD use at least 2048. 512-bit RSA keys have been factored "
        "cheaply for years, and 1024 bits leaves little margin.",
        "$ORIGIN example.com.\n; a 1024-bit key\nmail._domainkey TXT \"v=DKIM1; k=rsa; "
        "p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ...\"\n",
        "$ORIGIN example.com.\n; a 2048-bit key, split into strings of at most 255 octets\n"
        "mail2048._domainkey TXT ( \"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKC\"\n"
        "                          \"AQEA...\" )\n",
        "",
        "RFC 8301 §3.2; RFC 6376 §3.3.3",
    },
    "mail,dkim",
    &check,
};

}  // namespace zl::rules
