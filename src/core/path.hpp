// File paths: the one canonical form used to tell whether two names are the same file, and
// the base name.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zl {

// `path` made absolute (against the current directory), its symlinks resolved as far as the
// path exists (std::filesystem::weakly_canonical), then lexically normal (no `.`, `..` or
// repeated '/'). nullopt when the file system refuses to answer (a component that cannot be
// searched, no current directory).
std::optional<std::string> resolve_path(const std::string& path);

// resolve_path, or when it fails the lexically normal absolute path (the path itself when
// not even that can be had): a key that is equal for two names of the same file.
std::string canonical_path(const std::string& path);

// The last component of a '/'-separated path: "zones/db.example" -> "db.example"; a path
// ending in '/' gives "".
constexpr std::string_view base_name(std::string_view path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace zl
