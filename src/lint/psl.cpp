#include "lint/psl.hpp"

#include <libpsl.h>

#include <stdexcept>
#include <vector>

#include "core/ascii.hpp"

namespace zl {

namespace {
constexpr const char* kDafsaPath = "/usr/share/publicsuffix/public_suffix_list.dafsa";
// The ICANN section with the implicit "*" rule (a single unlisted label is a public suffix).
constexpr int kIcannWithStar = PSL_TYPE_ICANN;

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
  const int type = star ? kIcannWithStar : PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE;
  return psl_is_public_suffix2(ctx_, dotless.c_str(), type) != 0;
}

bool PublicSuffixList::is_tld(std::string_view label) const {
  if (label.empty() || label.find('.') != std::string_view::npos ||
      label.find('\0') != std::string_view::npos)
    return false;
  // A top-level domain is letters only, or an IDN: an A-label (`xn--p1ai`) or its UTF-8 form
  // (RFC 1123 §2.1, ICANN's rules for TLD strings; every single-label ICANN rule of the list
  // is one, which psl_test checks against the list's text). So an ASCII label with a digit, a
  // hyphen or another sign, and no `xn--`, is not one, without asking libpsl: the relative
  // names of a large zone (`sip.api3`, `www.cart-4`) end with such labels, and a libpsl query
  // for each (about 2,600 instructions) was a third of missing-trailing-dot's time.
  if (!istarts_with(label, "xn--")) {
    for (const char c : label) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x80 && !((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'))) return false;
    }
  }
  return suffix_is_public(ascii_lowercase(label), false);
}

bool PublicSuffixList::is_public_suffix(NameView name) const {
  if (name.is_root()) return true;
  // The name as libpsl takes it (lower-case, no final dot, NUL-terminated), written into a buffer
  // on the stack: the mail rules ask this for every MX owner of a zone, and a string (and the
  // label list canonical_text() builds) for each was two allocations a call. Text of at most
  // 255 wire bytes without escapes fits: 253 bytes and the NUL.
  char text[256];
  std::size_t n = 0;
  const std::string_view w = name.wire();
  for (std::size_t pos = 0; pos < w.size() && w[pos] != 0;) {
    const auto len = static_cast<unsigned char>(w[pos++]);
    if (n > 0) text[n++] = '.';
    for (std::size_t i = 0; i < len; ++i) {
      const auto c =
          static_cast<unsigned char>(ascii_lower(static_cast<unsigned char>(w[pos + i])));
      // A byte that canonical_text() writes escaped: take that text, as before.
      if (c <= 0x20 || c >= 0x7f || c == '.' || c == ';' || c == '\\' || c == '(' || c == ')' ||
          c == '"' || c == '@' || c == '$') {
        std::string t = name.canonical_text();
        t.pop_back();  // the final dot
        return suffix_is_public(t, true);
      }
      text[n++] = static_cast<char>(c);
    }
    pos += len;
  }
  text[n] = '\0';
  return psl_is_public_suffix2(ctx_, text, kIcannWithStar) != 0;
}

std::string PublicSuffixList::registrable_domain(NameView name) const {
  const auto labels = name.labels();
  // Labels with a dot or NUL inside can't be looked up; treat the name as opaque.
  for (auto l : labels)
    if (l.find('.') != std::string_view::npos || l.find('\0') != std::string_view::npos)
      return ascii_lowercase(name.canonical_text());
  const std::size_t n = labels.size();
  if (n == 0) return "";
  // The whole name, lower-case and dotless, built once; `starts[i]` is where label i begins.
  // Each suffix of the name is then a tail of this one string, already NUL-terminated for
  // libpsl, so the queries below copy nothing. (libpsl's own psl_unregistrable_domain does this
  // walk in one call, but for the ICANN and private sections together; we want ICANN only.)
  std::string low;
  low.reserve(name.wire().size());
  std::vector<std::size_t> starts;
  starts.reserve(n);
  for (auto l : labels) {
    if (!low.empty()) low += '.';
    starts.push_back(low.size());
    for (char c : l) low += ascii_lower(c);
  }
  // The longest public suffix: try suffixes from the longest down.
  std::size_t ps_labels = 1;  // the implicit "*" rule: the last label at least
  for (std::size_t k = n; k >= 1; --k) {
    if (psl_is_public_suffix2(ctx_, low.c_str() + starts[n - k], kIcannWithStar) != 0) {
      ps_labels = k;
      break;
    }
  }
  const std::size_t take = ps_labels < n ? ps_labels + 1 : n;
  low.erase(0, starts[n - take]);
  return low;
}

}  // namespace zl
