#include "rules/mx/mx_providers.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "core/glob.hpp"
#include "model/zone.hpp"

namespace zl::mx {

namespace {
constexpr ProviderHost kHosts[] = {
#include "rules/mx/providers.inc"
};

// The lower-case presentation form of a name without its final dot, as the patterns are
// matched against: Name::canonical_text() less its dot. The MX rules ask this of every
// exchange of a large zone, so a name of letters, digits, '-' and '_' only (which
// canonical_text writes as is) is written into a buffer here, without a heap block; any other
// name takes canonical_text(). A wire form that is not a name (malformed rdata) has no text:
// valid() is false.
class LowerDotless {
 public:
  explicit LowerDotless(std::string_view wire) {
    std::size_t pos = 0;
    while (pos < wire.size() && wire[pos] != 0) {
      const auto len = static_cast<unsigned char>(wire[pos]);
      // Anything unusual (a label too long, a name over 255 octets, a truncated name) is left
      // to read_wire_name, which knows what a name is.
      if (len > 63 || pos + 1 + len >= wire.size() || pos + 1 + len >= 255) {
        slow(wire);
        return;
      }
      if (n_) buf_[n_++] = '.';
      for (std::size_t i = pos + 1; i <= pos + len; ++i) {
        char c = wire[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        const bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!plain) {
          slow(wire);
          return;
        }
        buf_[n_++] = c;
      }
      pos += 1 + len;
    }
    if (pos >= wire.size()) {
      slow(wire);
      return;
    }
    valid_ = true;
    text_ = std::string_view(buf_, n_);
  }
  bool valid() const { return valid_; }
  std::string_view text() const { return text_; }

 private:
  void slow(std::string_view wire) {
    std::size_t pos = 0;
    const auto name = read_wire_name(wire, pos);
    if (!name) return;
    valid_ = true;
    slow_ = name->canonical_text();
    if (!slow_.empty() && slow_.back() == '.') slow_.pop_back();
    text_ = slow_;
  }
  bool valid_ = false;
  char buf_[256];  // a wire name has at most 255 octets, so its text here at most 253
  std::size_t n_ = 0;
  std::string slow_;
  std::string_view text_;
};

std::string lower(std::string_view s) {
  std::string out = ascii_lowercase(s);
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

// Label-wise match with in-label wildcards: '.' plays the role of the path separator.
bool labels_match(std::string_view pattern, std::string_view text) {
  std::string p(pattern), t(text);
  for (char& c : p)
    if (c == '.') c = '/';
  for (char& c : t)
    if (c == '.') c = '/';
  if (p.find("**") != std::string::npos) return false;
  return glob_match(p, t);
}
}  // namespace

std::span<const ProviderHost> provider_hosts() {
  return kHosts;
}

bool host_pattern_valid(std::string_view pattern) {
  if (pattern.empty() || pattern.find("**") != std::string_view::npos) return false;
  std::string_view rest = pattern;
  if (rest.back() == '.') rest.remove_suffix(1);
  if (rest.substr(0, 2) == "*.") rest.remove_prefix(2);
  if (rest.empty() || rest.front() == '.' || rest.back() == '.' ||
      rest.find("..") != std::string_view::npos)
    return false;
  for (char c : rest) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == '*' || c == '?';
    if (!ok) return false;
  }
  return true;
}

namespace {
// The literal tail of a lowered pattern (after its last wildcard): whatever the wildcards
// match, it must end the name.
std::string_view literal_tail(std::string_view lowered) {
  if (const auto w = lowered.find_last_of("*?"); w != std::string_view::npos)
    return lowered.substr(w + 1);
  return lowered;
}

// `p` is a pattern lowered without its final dot (see lower), `tail` its literal_tail, `t` the
// lower-case name without its final dot.
bool matches_lowered(std::string_view p, std::string_view tail, std::string_view t) {
  // Cheap rejection first.
  if (tail.size() > t.size() || t.substr(t.size() - tail.size()) != tail) return false;
  if (p.size() >= 2 && p[0] == '*' && p[1] == '.') {
    const std::string_view suffix = p.substr(2);
    // One or more labels, then the suffix (which may itself hold in-label wildcards).
    const std::size_t suffix_labels =
        static_cast<std::size_t>(std::count(suffix.begin(), suffix.end(), '.')) + 1;
    std::size_t pos = t.size();
    for (std::size_t i = 0; i < suffix_labels; ++i) {
      pos = t.rfind('.', pos == 0 ? std::string_view::npos : pos - 1);
      if (pos == std::string_view::npos) return false;
    }
    if (pos == 0) return false;
    return labels_match(suffix, t.substr(pos + 1));
  }
  return labels_match(p, t);
}

// `t` is the lower-case name without its final dot.
bool matches_text(std::string_view pattern, std::string_view t) {
  const std::string p = lower(pattern);
  return matches_lowered(p, literal_tail(p), t);
}

// The rows' patterns, lowered once with their tails: provider_of_wire and single_mx_provider
// test a name against every row, and they are asked for every distinct exchange (27,700 on
// the 1M-record bench zone).
struct LoweredPattern {
  std::string pattern;
  std::string_view tail;  // into pattern
};
const std::vector<LoweredPattern>& lowered_patterns() {
  static const std::vector<LoweredPattern> kLowered = [] {
    std::vector<LoweredPattern> v(std::size(kHosts));
    for (std::size_t i = 0; i < v.size(); ++i) {
      v[i].pattern = lower(kHosts[i].pattern);
      v[i].tail = literal_tail(v[i].pattern);  // the vector is sized: its strings stay put
    }
    return v;
  }();
  return kLowered;
}

// Does row `i` of kHosts match `t` (lower case, no final dot)?
bool row_matches(std::size_t i, std::string_view t) {
  const LoweredPattern& p = lowered_patterns()[i];
  return matches_lowered(p.pattern, p.tail, t);
}
}  // namespace

bool host_pattern_matches(std::string_view pattern, NameView name) {
  return matches_text(pattern, LowerDotless(name.wire()).text());
}

std::string single_mx_provider(NameView name, const std::vector<std::string>& extra) {
  const LowerDotless lowered(name.wire());
  const std::string_view t = lowered.text();
  for (std::size_t i = 0; i < std::size(kHosts); ++i)
    if (kHosts[i].kind == ProviderKind::single && row_matches(i, t))
      return std::string(kHosts[i].provider);
  for (const auto& e : extra)
    if (matches_text(e, t)) return "configured single-MX host '" + e + "'";
  return "";
}

std::string_view mx_set_provider(NameView name) {
  const LowerDotless lowered(name.wire());
  const std::string_view t = lowered.text();
  for (std::size_t i = 0; i < std::size(kHosts); ++i)
    if (kHosts[i].kind == ProviderKind::set && row_matches(i, t)) return kHosts[i].provider;
  return "";
}

const ProviderHost* provider_of(NameView name) {
  return provider_of_wire(name.wire());
}

const ProviderHost* provider_of_wire(std::string_view wire) {
  const LowerDotless lowered(wire);
  if (!lowered.valid()) return nullptr;
  for (std::size_t i = 0; i < std::size(kHosts); ++i)
    if (row_matches(i, lowered.text())) return &kHosts[i];
  return nullptr;
}

bool spf_sender_may_match_wire(std::string_view wire) {
  const LowerDotless lowered(wire);
  if (!lowered.valid()) return false;  // provider_of_wire matches nothing either
  const auto& rows = lowered_patterns();
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!kHosts[i].spf.empty() && lowered.text().ends_with(rows[i].tail)) return true;
  return false;
}

bool any_pattern_matches(std::string_view patterns, NameView name) {
  std::size_t start = 0;
  while (start < patterns.size()) {
    std::size_t sp = patterns.find(' ', start);
    if (sp == std::string_view::npos) sp = patterns.size();
    if (sp > start && host_pattern_matches(patterns.substr(start, sp - start), name)) return true;
    start = sp + 1;
  }
  return false;
}

}  // namespace zl::mx
