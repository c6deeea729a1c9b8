#include "core/path.hpp"

#include <filesystem>
#include <system_error>

namespace zl {

namespace fs = std::filesystem;

std::optional<std::string> resolve_path(const std::string& path) {
  std::error_code ec;
  const fs::path abs = fs::absolute(fs::path(path), ec);
  if (ec) return std::nullopt;
  const fs::path canon = fs::weakly_canonical(abs, ec);
  if (ec) return std::nullopt;
  return canon.lexically_normal().string();
}

std::string canonical_path(const std::string& path) {
  if (auto r = resolve_path(path)) return std::move(*r);
  std::error_code ec;
  fs::path abs = fs::absolute(fs::path(path), ec);
  if (ec) abs = fs::path(path);
  return abs.lexically_normal().string();
}

}  // namespace zl
