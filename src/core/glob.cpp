#include "core/glob.hpp"

#include <array>
#include <vector>

namespace zl {

namespace {
// `*` matches within a path segment, `**` across segments (and `**/` also matches none), `?`
// one character other than '/'. Dynamic programming over (pattern position, text position),
// from the ends: O(|pattern| x |text|) time whatever the pattern, where plain backtracking is
// exponential on patterns like `*a*a*a*a*b` (found by fuzz_config). row(i)[j] tells whether
// p[i..] matches t[j..]; a row needs only the rows of i+1..i+3, so four are kept.
bool glob_impl(std::string_view p, std::string_view t) {
  const std::size_t n = t.size();
  std::array<std::vector<char>, 4> rows;
  for (auto& r : rows) r.assign(n + 1, 0);
  auto row = [&](std::size_t i) -> std::vector<char>& { return rows[i % 4]; };
  for (std::size_t j = 0; j <= n; ++j) row(p.size())[j] = j == n;
  for (std::size_t i = p.size(); i-- > 0;) {
    std::vector<char>& cur = row(i);
    const bool dstar = p[i] == '*' && i + 1 < p.size() && p[i + 1] == '*';
    bool run = false;  // `**` then p[i+2..] matches t[j..]: the star run may take any characters
    for (std::size_t j = n + 1; j-- > 0;) {
      bool m;
      if (dstar) {
        run = row(i + 2)[j] || (j < n && run);
        m = run || (i + 2 < p.size() && p[i + 2] == '/' && row(i + 3)[j]);
      } else if (p[i] == '*') {
        m = row(i + 1)[j] || (j < n && t[j] != '/' && cur[j + 1]);
      } else {
        m = j < n && (p[i] == '?' ? t[j] != '/' : p[i] == t[j]) && row(i + 1)[j + 1];
      }
      cur[j] = m;
    }
  }
  return row(0)[0];
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  return glob_impl(pattern, text);
}

}  // namespace zl
