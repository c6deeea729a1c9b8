// The table of mail providers (rules/mx/providers.inc) and host-pattern matching.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/name.hpp"

namespace zl::mx {

enum class ProviderKind { single, set };

struct ProviderHost {
  ProviderKind kind;
  std::string_view provider;
  std::string_view pattern;
  std::string_view spf;   // SPF domain patterns, space separated; "" when not a sender
  std::string_view dkim;  // DKIM selector convention, for messages
  std::string_view checked;
  std::string_view source;
};

std::span<const ProviderHost> provider_hosts();

// Does `pattern` (see providers.inc) match `name`? Case-insensitive.
bool host_pattern_matches(std::string_view pattern, NameView name);
// Is `pattern` well formed (labels, optional leading "*.")?
bool host_pattern_valid(std::string_view pattern);

// The provider whose single-MX host `name` is ("" when none), also trying `extra` patterns
// from the config (reported as "configured single-MX host").
std::string single_mx_provider(NameView name, const std::vector<std::string>& extra);
// The provider of the known multi-MX set `name` belongs to ("" when none).
std::string_view mx_set_provider(NameView name);
// The first row (single or set) whose pattern matches the exchange `name`, or nullptr.
const ProviderHost* provider_of(NameView name);
// The same for an exchange in wire form (a view into an MX record's rdata), without decoding it.
const ProviderHost* provider_of_wire(std::string_view wire);
// A quick "no": false when no row with an SPF domain can match the exchange `wire` (the rows'
// literal tails, the first test of their matching, end no such name); true means "maybe", for
// provider_of_wire to answer. Saves the callers a memo entry per exchange that is no sender.
bool spf_sender_may_match_wire(std::string_view wire);
// Does `name` match one of the space-separated host patterns `patterns`?
bool any_pattern_matches(std::string_view patterns, NameView name);

}  // namespace zl::mx
