// RRset grouping and canonical rdata, shared by duplicate-record and rrset-ttl-mismatch.
#pragma once

#include <string>
#include <vector>

#include "lint/rule_support.hpp"

namespace zl::rrsets {

// RFC 4034 §6.2: rdata with embedded names lower-cased, for the types whose layout zonelint
// knows; other types unchanged.
std::string canonical_rdata(const Zone& z, const Record& r);

// In-zone records of one RRset (owner, class, type; RRSIGs also by covered type), in file
// order. Records whose value is unknown until apply are left out.
struct RRset {
  std::vector<const Record*> records;
};
std::vector<RRset> rrsets(const Zone& z);

}  // namespace zl::rrsets
