// The records the mail, SPF and MX rules read, found in one pass over each zone.
#pragma once

#include <cstdint>
#include <vector>

#include "lint/rule_support.hpp"

namespace zl::mail {

// A record of a linted zone, with its type at hand: the rules that filter these by type read
// 16 bytes a record instead of the record itself.
struct RecordRef {
  const Zone* zone = nullptr;
  std::uint32_t index = 0;  // in zone->records
  std::uint16_t type = 0;
  const Record& record() const { return zone->records[index]; }
};

// The TXT, SPF (type 99), MX and CNAME records of the linted zones: zones in run order, records
// in file order. Computed once per run (RuleContext::memo) and shared: a dozen memos and rules
// of the mail, SPF and MX families read only these types, and each pass of its own over every
// record of a large zone cost a cache miss a record.
const std::vector<RecordRef>& mail_records(const RuleContext& ctx);

// Calls f(zone, record) for each record of mail_records() of type `type`, in that order.
template <class F>
void for_each_record(const RuleContext& ctx, std::uint16_t type, F&& f) {
  for (const RecordRef& ref : mail_records(ctx))
    if (ref.type == type) f(*ref.zone, ref.record());
}

}  // namespace zl::mail
