// Helpers of the rules that report how the zone-file parser settled TTLs (ttl-inherited,
// include-ttl-leak).
#pragma once

#include <cstddef>
#include <string>

namespace zl::rules {

// "and so does 1 more record", "and so do 4 more records".
inline std::string and_so_more(std::size_t n) {
  return n == 1 ? "and so does 1 more record" : "and so do " + std::to_string(n) + " more records";
}

}  // namespace zl::rules
