// $GENERATE (BIND 9): the range and the owner and rdata templates, compiled once and expanded
// for each value of the iterator. Internal to the zone-file loader.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zl::zone_detail {

// One piece of a compiled template: literal text, or the iterator with its modifiers.
struct GenPiece {
  bool iterator = false;
  std::string_view literal;
  std::int64_t offset = 0;
  unsigned width = 0;
  char base = 0;  // 0: plain `$` or ${offset}; else d o x X n N
  bool has_width = false;
};

// start-stop or start-stop/step.
struct GenerateRange {
  std::uint64_t start = 0, stop = 0, step = 1;
  std::uint64_t count() const { return (stop - start) / step + 1; }
};

// Reads a range with 0 <= start <= stop <= 2147483647 and step >= 1; nullopt when it is not one.
std::optional<GenerateRange> parse_generate_range(std::string_view text);

// Compiles the owner or rdata template `text` (`what`: "owner" or "rdata"). False with the
// message in `error` when it is malformed.
bool compile_template(std::string_view text, const char* what, std::vector<GenPiece>& out,
                      std::string* error);

// Expands a compiled template for iterator value `it`. False (and `error`) when the value
// overflows BIND's int arithmetic or a number does not fit BIND's buffer.
bool expand(const std::vector<GenPiece>& pieces, std::int64_t it, std::string& out,
            std::string* error);

}  // namespace zl::zone_detail
