// "Did you mean": the closest of a list of known words to a misspelt one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace zl {

// Levenshtein distance (insertions, deletions and substitutions of bytes).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `unknown` within `max_distance(candidate)` edits (the first of equal
// ones), or "" when none is close enough or `unknown` is itself a candidate.
std::string closest_word(std::string_view unknown, const std::vector<std::string_view>& candidates,
                         std::size_t (*max_distance)(std::string_view unknown,
                                                     std::string_view candidate));

}  // namespace zl
