// Building the message of a finding in one allocation of the exact size.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace zl::mail {

// The pieces joined. A finding keeps its message until the report is written, and the mail
// rules give tens of thousands of findings on a large zone (DKIM keys without `p=`, `?all`,
// `p=none`): a message built with `a + b + c` ends with the capacity of its last doubling,
// often twice its length, and reallocates on the way. This sizes the string once.
inline std::string concat(std::initializer_list<std::string_view> pieces) {
  std::size_t n = 0;
  for (const std::string_view p : pieces) n += p.size();
  std::string out;
  out.reserve(n);
  for (const std::string_view p : pieces) out.append(p);
  return out;
}

}  // namespace zl::mail
