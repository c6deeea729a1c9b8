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

// Every TXT record at a selector name `<selector>._domainkey.<domain>` (a `_domainkey` label
// below at least one selector label; ADSP's `_adsp._domainkey` is not a key), parsed with the
// DKIM tag-list syntax. Parsed once per run (RuleContext::memo) and shared by the DKIM rules.
const std::vector<ParsedTxt>& dkim_txt(const RuleContext& ctx);
// Calls f(p) for each record dkim_txt(ctx) lists, in that order, parsed one at a time: `p` (and
// its text) is valid during the call only. For dkim-syntax and dkim-testing, which run after
// the other DKIM rules, once those have freed dkim_txt (rules/memo_scopes.cpp): dkim-syntax's
// findings (22,000 on the 1M-record bench zone, 9.8 MiB) then do not stand with every DKIM
// record parsed (11.7 MiB there), which was the peak of the rules phase. With `may_hold`, a
// record whose joined text it rejects is not parsed (nor given to `f`).
void for_each_dkim_txt(const RuleContext& ctx, const std::function<void(const ParsedTxt&)>& f,
                       const std::function<bool(std::string_view)>& may_hold = {});
// The number of records dkim_txt(ctx) lists, without parsing them (malformed ones included).
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

}  // namespace zl::mail
