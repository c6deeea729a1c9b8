// The live-mode resolver: libunbound (a real, validating DNS library), queried asynchronously
// and concurrently, with one cache for the whole run.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "lint/external.hpp"

namespace zl::live {

struct ResolverOptions {
  // "ADDR" or "ADDR@PORT": every query goes to this server (forwarding, recursion desired).
  // Empty: the system's resolvers from /etc/resolv.conf.
  std::string server;
  std::chrono::milliseconds timeout{5000};  // for one round of queries, from its first send
  unsigned concurrency = 200;               // queries in flight at once
  // DNSSEC: validate against this trust anchor file (e.g. /usr/share/dns/root.key); empty
  // means no validation.
  std::string trust_anchor_file;
};

struct ResolverStats {
  std::uint64_t queries = 0;     // sent to the network
  std::uint64_t cache_hits = 0;  // lookups answered from the cache
  std::uint64_t failures = 0;    // answers with status failed
  std::chrono::milliseconds elapsed{0};
};

class UnboundResolver final : public ExternalDns {
 public:
  // Throws std::runtime_error when libunbound refuses the options (a bad server address).
  explicit UnboundResolver(ResolverOptions options);
  ~UnboundResolver() override;
  UnboundResolver(const UnboundResolver&) = delete;
  UnboundResolver& operator=(const UnboundResolver&) = delete;

  const ExternalAnswer* lookup(const Name& name, std::uint16_t type) const override;
  std::string source() const override;
  bool resolve_pending() override;

  const ResolverStats& stats() const { return stats_; }

 private:
  struct Impl;
  using Key = std::pair<std::string, std::uint16_t>;  // canonical wire, type
  ResolverOptions options_;
  std::unique_ptr<Impl> impl_;
  std::map<Key, ExternalAnswer> cache_;
  mutable std::set<Key> pending_;
  mutable std::map<Key, Name> pending_names_;
  mutable ResolverStats stats_;
};

}  // namespace zl::live
