#include "lint/psl.hpp"

#include <libpsl.h>

#include <stdexcept>
#include <vector>

#include "core/ascii.hpp"

namespace zl {

namespace {
constexpr const char* kDafsaPath = "/usr/share/publicsuffix/public_suffix_list.dafsa";

}  // namespace

PublicSuffixList::PublicSuffixList() {
  ctx_ = psl_builtin();
  if (ctx_) {
    source_ = std::string("libpsl built-in list (") + psl_builtin_filename() + ")";
    return;
  }
  owned_ = psl_load_file(kDafsaPath);
  if (!owned_)
    throw std::runtime_error(std::string("no Public Suffix List: libpsl has no built-in list "
                                         "and ") +
                             kDafsaPath + " could not be loaded (install `publicsuffix`)");
  ctx_ = owned_;
  source_ = kDafsaPath;
}

PublicSuffixList::~PublicSuffixList() {
  if (owned_) psl_free(owned_);
}

const PublicSuffixList& PublicSuffixList::instance() {
  static const PublicSuffixList list;
  return list;
}

bool PublicSuffixList::suffix_is_public(const std::string& dotless, bool star) const {
  const int type = PSL_TYPE_ICANN | (star ? 0 : PSL_TYPE_NO_STAR_RULE);
  return psl_is_public_suffix2(ctx_, dotless.c_str(), type) != 0;
}

bool PublicSuffixList::is_tld(std::string_view label) const {
  if (label.empty() || label.find('.') != std::string_view::npos ||
      label.find('\0') != std::string_view::npos)
    return false;
  return suffix_is_public(ascii_lowercase(label), false);
}

bool PublicSuffixList::is_public_suffix(const Name& name) const {
  if (name.is_root()) return true;
  std::string t = name.canonical_text();
  t.pop_back();  // the final dot
  return suffix_is_public(t, true);
}

std::string PublicSuffixList::registrable_domain(const Name& name) const {
  const auto labels = name.labels();
  // Labels with a dot or NUL inside can't be looked up; treat the name as opaque.
  for (auto l : labels)
    if (l.find('.') != std::string_view::npos || l.find('\0') != std::string_view::npos)
      return ascii_lowercase(name.canonical_text());
  std::vector<std::string> low;
  low.reserve(labels.size());
  for (auto l : labels) low.push_back(ascii_lowercase(l));
  const std::size_t n = low.size();
  if (n == 0) return "";
  // The longest public suffix: try suffixes from the longest down.
  std::string suffix;
  std::size_t ps_labels = 1;  // the implicit "*" rule: the last label at least
  for (std::size_t k = n; k >= 1; --k) {
    std::string s;
    for (std::size_t i = n - k; i < n; ++i) {
      if (!s.empty()) s += '.';
      s += low[i];
    }
    if (suffix_is_public(s, true)) {
      ps_labels = k;
      break;
    }
  }
  const std::size_t take = ps_labels < n ? ps_labels + 1 : n;
  std::string out;
  for (std::size_t i = n - take; i < n; ++i) {
    if (!out.empty()) out += '.';
    out += low[i];
  }
  return out;
}

}  // namespace zl
