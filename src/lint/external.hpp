// Answers about names outside the loaded zones, for the opt-in live mode (--resolve).
//
// Rules stay pure functions: they read answers through RuleContext::external(), which is null
// offline. A lookup that has no answer yet returns nullptr and is remembered; the engine then
// asks the implementation (src/live/) to resolve every remembered query at once, concurrently,
// and runs the rules again, so a chain of lookups (an SPF include tree) costs one round per
// level, never one round per name. A failure of the network is an answer of its own (`failed`,
// with the reason) and never a finding about the zone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/name.hpp"

namespace zl {

struct ExternalAnswer {
  enum Status : std::uint8_t {
    ok,        // NOERROR; `rdata` may be empty (the name exists, no data of this type)
    nxdomain,  // the name does not exist
    failed,    // SERVFAIL, REFUSED, a timeout, a bogus DNSSEC answer: `reason` says which
  };
  Status status = failed;
  std::string reason;              // for failed: "SERVFAIL", "timed out after 5 s", ...
  std::vector<std::string> rdata;  // wire rdata of the answer RRset (after any alias)
  Name canonical;                  // the name the answer is for, after following aliases
  bool alias = false;              // the queried name is a CNAME (canonical differs from it)
  bool secure = false;             // DNSSEC-validated
};

class ExternalDns {
 public:
  virtual ~ExternalDns() = default;
  // The answer for (name, type), or nullptr when the query has not been resolved yet; in
  // that case it is remembered for the next round and the caller must conclude nothing.
  virtual const ExternalAnswer* lookup(const Name& name, std::uint16_t type) const = 0;
  // Where answers come from, for messages: "127.0.0.1@5353", "the system resolver".
  virtual std::string source() const = 0;
  // Resolves every remembered query; false when there was nothing to resolve.
  virtual bool resolve_pending() = 0;
};

// A lookup for rules: "checked live" phrasing shared by every live finding.
inline constexpr const char* kCheckedLive = " (checked live)";

}  // namespace zl
