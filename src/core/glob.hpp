// Glob matching for rule ids and relative paths.
#pragma once

#include <string_view>

namespace zl {

// `*` matches within a path segment, `**` across segments (and `**/` also matches none), `?`
// one character other than '/'. Used for rule-id globs (no '/' in ids) and path globs.
// O(|pattern| x |text|) whatever the pattern.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace zl
