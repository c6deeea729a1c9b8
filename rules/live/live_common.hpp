// Live mode (--resolve): what the network says about a name outside the loaded zones, for the
// target rules. Offline (RuleContext::external() is null) every answer is `offline`, and the
// rules conclude nothing, as they always have.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lint/rule_support.hpp"

namespace zl::live {

struct LiveTarget {
  enum Kind : std::uint8_t {
    offline,      // no live mode
    pending,      // asked; the answer comes in the next pass of the rules
    failed,       // the network could not answer: `reason`
    nxdomain,     // the name does not exist
    alias,        // the name is a CNAME (to `canonical`)
    no_address,   // the name exists with neither A nor AAAA
    has_address,  // an A or AAAA record
  };
  Kind kind = offline;
  std::string reason;
  Name canonical;
  bool address = false;  // an A or AAAA answer (for an alias: at the name it leads to)
};

// How a live answer says a target cannot be reached, in every rule's message.
inline constexpr const char* kLiveNxdomain = "does not exist (NXDOMAIN, checked live)";
inline constexpr const char* kLiveNoAddress =
    "has no A or AAAA record (the name exists; checked live)";

// Looks up A and AAAA of `name`. An address in either answer wins over a failure of the other.
LiveTarget address_of(const RuleContext& ctx, const Name& name);

// The `live-check-failed` info finding: `name` could not be checked, and why. Rules that ask
// about the same name give the same message, so the engine's de-duplication keeps one.
Diagnostic check_failed(const RuleContext& ctx, const Zone& z, const Record& r, Span span,
                        const Name& name, const std::string& reason);
// The same, for a check described in words: "could not check <what> live: <reason> (from
// <server>)<after>", as in "the SPF record of '_spf.example.net.' for 'include:...'".
Diagnostic could_not_check(const RuleContext& ctx, const Zone& z, const Record& r, Span span,
                           std::string_view what, const std::string& reason,
                           std::string_view after = {});

// The text of a TXT record's wire rdata: its character-strings joined (RFC 7208 §3.3, RFC 7489
// §6.4 read them so); nullopt when the rdata is malformed.
std::optional<std::string> txt_text(std::string_view rdata);

// A live answer in words, for notes: "NXDOMAIN", "no TXT record (the name exists)",
// "TXT \"v=DMARC1\"" (each record, shortened), "SERVFAIL"; with the alias followed, if any.
std::string describe_txt_answer(const ExternalAnswer& a);

}  // namespace zl::live
