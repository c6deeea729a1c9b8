// Fuzz harness: presentation-format domain names (Name::parse) and their round trips.
// Input: "ORIGIN\nNAME" (no newline: NAME only, no origin).
#pragma once

#include <optional>

#include "fuzz/harness/check.hpp"
#include "model/name.hpp"

namespace zl::fuzz {

inline void check_name(const Name& n) {
  ZL_FUZZ_CHECK(Name::is_valid_wire(n.wire()));
  ZL_FUZZ_CHECK(n.wire().size() <= 255);
  // The presentation form parses back to the same bytes, case included.
  const std::string text = n.text();
  auto again = Name::parse(text, nullptr);
  ZL_FUZZ_CHECK(again.has_value());
  ZL_FUZZ_CHECK(again->wire() == n.wire());
  // The canonical form is the same name, and sorts equal.
  auto canon = Name::parse(n.canonical_text(), nullptr);
  ZL_FUZZ_CHECK(canon.has_value());
  ZL_FUZZ_CHECK(*canon == n);
  ZL_FUZZ_CHECK(std::is_eq(*canon <=> n));
  ZL_FUZZ_CHECK(Name::hash_ci(canon->wire()) == Name::hash_ci(n.wire()));
  ZL_FUZZ_CHECK(canon->wire() == n.canonical_wire());
  ZL_FUZZ_CHECK(n.labels().size() == n.label_count());
  if (!n.is_root()) {
    ZL_FUZZ_CHECK(n.is_subdomain_of(n.parent()));
    ZL_FUZZ_CHECK(std::is_gt(n <=> n.parent()));
  }
}

inline int run_name(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = as_text(data, size);
  const std::size_t nl = in.find('\n');
  std::optional<Name> origin;
  std::string_view text = in;
  if (nl != std::string_view::npos) {
    std::string err;
    origin = Name::parse(in.substr(0, nl), nullptr, &err);
    if (origin) check_name(*origin);
    text = in.substr(nl + 1);
  }
  bool relative = false;
  std::string error;
  auto n = Name::parse(text, origin ? &*origin : nullptr, &relative, &error);
  if (!n) {
    ZL_FUZZ_CHECK(!error.empty());  // a refusal always says why
    return 0;
  }
  check_name(*n);
  if (origin) {
    if (relative) ZL_FUZZ_CHECK(n->is_subdomain_of(*origin));
    // relative_text() reads back to the same name under the same origin.
    auto back = Name::parse(n->relative_text(*origin), &*origin);
    ZL_FUZZ_CHECK(back.has_value());
    ZL_FUZZ_CHECK(*back == *n);
  }
  return 0;
}

}  // namespace zl::fuzz
