// Helpers shared by the MX rules and the target-name rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/rule_support.hpp"

namespace zl::mx {

struct MxRecord {
  const Zone* zone = nullptr;
  const Record* rec = nullptr;
  MxData data;
};

// Every MX record of the linted zones whose owner is in its zone, whose value is known and
// decodes; zones in run order, records in file order.
std::vector<MxRecord> mx_records(const RuleContext& ctx);

// The MX records grouped by (zone, owner), owners in canonical order. `complete` is false when
// some MX of the owner has a value unknown until apply: set-wide rules must then stay quiet.
struct MxSet {
  const Zone* zone = nullptr;
  Name owner;
  std::vector<MxRecord> records;
  bool complete = true;
};
std::vector<MxSet> mx_sets(const RuleContext& ctx);

// The exchange as written (field 1), or "" when the front end kept no text.
std::string_view exchange_text(const RuleContext& ctx, const MxRecord& m);
Span exchange_span(const MxRecord& m);

// Is `text` an IPv4 or IPv6 address, with or without one final dot (inet_pton)?
bool text_is_ip_address(std::string_view text);
// Is the exchange written as an address (mx-target-ip)? Uses the text as written; without text,
// the name itself (`192.0.2.1.` or `192.0.2.1.<origin>`).
bool exchange_is_ip(const RuleContext& ctx, const MxRecord& m);

// missing-trailing-dot's test on a target name written as `text` in zone `z` that was expanded
// to `expanded`. Returns why the text reads as a full name ("" when it doesn't, or when the
// text ends with a dot, or the zone's names are always absolute).
std::string reads_as_full_name(const RuleContext& ctx, const Zone& z, std::string_view text);

}  // namespace zl::mx
