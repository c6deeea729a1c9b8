// DKIM key records (RFC 6376 §3.6.1): which TXT records are key records, and what their `p=`
// holds, parsed with OpenSSL (rsa: a SubjectPublicKeyInfo; ed25519, RFC 8463: the raw 32
// octets).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/mail/mail_common.hpp"

namespace zl::mail {

// Calls f(p) for each TXT record at a selector name `<selector>._domainkey.<domain>` (a
// `_domainkey` label below at least one selector label; ADSP's `_adsp._domainkey` is not a key)
// of the linted zones, parsed with the DKIM tag-list syntax one at a time: `p` (and its text) is
// valid during the call only. In file order, zones in run order; a record whose rdata is
// malformed is skipped. No DKIM rule keeps every record parsed (11.7 MiB on the 1M-record bench
// zone, where the DKIM stage stood with most findings of the run): dkim-syntax and dkim-testing
// parse as they go, the key rules read reported_dkim_keys. With `may_hold`, a record whose
// joined text it rejects is not parsed (nor given to `f`).
void for_each_dkim_txt(const RuleContext& ctx, const std::function<void(const ParsedTxt&)>& f,
                       const std::function<bool(std::string_view)>& may_hold = {});
// The number of records for_each_dkim_txt visits at most, without parsing them (malformed ones
// included).
std::size_t dkim_record_count(const RuleContext& ctx);

struct DkimKey {
  enum Status : std::uint8_t {
    ok,
    revoked,       // empty p=
    invalid,       // not base64, does not parse, or does not match k=
    unknown_type,  // a k= this code does not know: nothing is said
  };
  Status status = ok;
  std::string type;                    // "rsa", "ed25519"
  int bits = 0;                        // RSA modulus size
  std::string problem;                 // for invalid: what is wrong
  std::uint32_t err_b = 0, err_e = 0;  // for invalid: bytes of the parsed text to point at
};

// The key of a record that has a `p` tag (`p` must be found in `rec.tags`).
DkimKey dkim_key(const ParsedTxt& rec);

// A key record that dkim-revoked, dkim-key-invalid or dkim-key-weak reports: each record's key
// is judged once for the three (dkim_key's base64 decoding and OpenSSL parse were made by two of
// them), and only the records they report are kept.
struct ReportedKey {
  enum Kind : std::uint8_t {
    revoked,  // empty p= (dkim-revoked)
    invalid,  // DkimKey::invalid (dkim-key-invalid)
    weak,     // an RSA key under 2048 bits (dkim-key-weak)
  };
  const Zone* zone = nullptr;
  const Record* rec = nullptr;
  std::uint32_t b = 0, e = 0;  // the bytes of the joined text the finding points at
  Kind kind = revoked;
  int bits = 0;         // weak: the modulus size
  std::string problem;  // invalid: what is wrong (DkimKey::problem)
};
// In for_each_dkim_txt's order. Computed once per run (RuleContext::memo).
const std::vector<ReportedKey>& reported_dkim_keys(const RuleContext& ctx);

}  // namespace zl::mail
