#include "core/include_root.hpp"

#include <filesystem>
#include <optional>
#include <system_error>

#include "core/path.hpp"

namespace zl {

namespace fs = std::filesystem;

bool path_inside_include_root(const std::string& path, const std::string& root,
                              std::string* resolved, std::string* resolved_root) {
  std::error_code ec;
  std::string root_text = root;
  if (root_text.empty()) {
    root_text = fs::current_path(ec).string();
    if (ec) root_text.clear();
  }
  const std::optional<std::string> root_canon =
      root_text.empty() ? std::nullopt : resolve_path(root_text);
  const std::optional<std::string> canon = resolve_path(path);
  if (resolved) *resolved = canon ? *canon : canonical_path(path);
  if (resolved_root) *resolved_root = root_canon ? *root_canon : root_text;
  if (!root_canon || !canon) return false;  // fail closed

  // Component by component. A trailing empty component of the root (a root that does not
  // exist, written with a final '/') matches anything.
  const fs::path r_path(*root_canon), p_path(*canon);
  auto p = p_path.begin();
  for (const fs::path& r : r_path) {
    if (r.empty()) continue;
    if (p == p_path.end() || r != *p) return false;
    ++p;
  }
  return true;
}

}  // namespace zl
