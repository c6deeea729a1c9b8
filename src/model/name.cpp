#include "model/name.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/ascii.hpp"

namespace zl {

namespace {
// Name::parse builds the wire form of a text of up to 256 characters on the stack.
constexpr std::size_t kStackWire = 258;

void append_label_text(std::string& out, std::string_view label, bool lowercase) {
  for (unsigned char c : label) {
    if (lowercase) c = ascii_lower(c);
    switch (c) {
      case '.':
      case ';':
      case '\\':
      case '(':
      case ')':
      case '"':
      case '@':
      case '$':
        out.push_back('\\');
        out.push_back(static_cast<char>(c));
        break;
      default:
        if (c <= 0x20 || c >= 0x7f) {
          char buf[5];
          std::snprintf(buf, sizeof buf, "\\%03u", static_cast<unsigned>(c));
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
}
}  // namespace

bool Name::is_valid_wire(std::string_view w) {
  if (w.empty() || w.size() > 255) return false;
  std::size_t i = 0;
  while (i < w.size()) {
    const auto len = static_cast<unsigned char>(w[i]);
    if (len == 0) return i + 1 == w.size();
    if (len > 63) return false;
    i += 1 + len;
  }
  return false;
}

std::optional<Name> Name::parse(std::string_view text, const Name* origin, std::string* error) {
  bool rel = false;
  return parse(text, origin, &rel, error);
}

std::optional<Name> Name::parse(std::string_view text, const Name* origin, bool* was_relative,
                                std::string* error) {
  auto fail = [&](std::string msg) -> std::optional<Name> {
    if (error) *error = std::move(msg);
    return std::nullopt;
  };
  if (was_relative) *was_relative = false;
  if (text.empty()) return fail("empty name");
  if (text == "@") {
    if (!origin) return fail("'@' used but no origin is known");
    if (was_relative) *was_relative = true;
    return *origin;
  }
  if (text == ".") return Name::root();

  // The wire form is built on the stack for a text of up to 256 characters (nearly every
  // name: a wire name is at most 255 octets), else in a string. A string for every name cost
  // an allocation for each name of over 13 characters, several a zone. The wire is at most the
  // text's length + 2: a length octet before the first label, one for each dot after it (a
  // label's escapes only shrink it), and the root's after a final dot.
  char stack[kStackWire];
  std::string heap;
  char* wire = stack;
  if (text.size() + 2 > sizeof stack) {
    heap.resize(text.size() + 2);
    wire = heap.data();
  }
  std::size_t size = 0;
  std::size_t label_start = 0;  // index of the length byte
  wire[size++] = '\0';
  bool absolute = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '.') {
      const std::size_t len = size - label_start - 1;
      if (len == 0) return fail("empty label in '" + std::string(text) + "'");
      if (i + 1 == text.size()) {
        absolute = true;
        break;
      }
      label_start = size;
      wire[size++] = '\0';
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= text.size())
        return fail("dangling backslash at the end of '" + std::string(text) + "'");
      unsigned char d = static_cast<unsigned char>(text[i + 1]);
      if (d >= '0' && d <= '9') {
        if (i + 3 >= text.size() || !(text[i + 2] >= '0' && text[i + 2] <= '9') ||
            !(text[i + 3] >= '0' && text[i + 3] <= '9')) {
          return fail("\\DDD escape needs three decimal digits in '" + std::string(text) + "'");
        }
        const int v = (d - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
        if (v > 255) return fail("\\DDD escape above 255 in '" + std::string(text) + "'");
        c = static_cast<unsigned char>(v);
        i += 3;
      } else {
        c = d;
        i += 1;
      }
    }
    wire[size++] = static_cast<char>(c);
    const std::size_t len = size - label_start - 1;
    if (len > 63) return fail("label longer than 63 octets in '" + std::string(text) + "'");
    wire[label_start] = static_cast<char>(len);
  }
  if (absolute) {
    wire[size++] = '\0';
    if (size > 255) return fail("name longer than 255 octets: '" + std::string(text) + "'");
    return Name(std::string_view(wire, size));
  }
  if (!origin) return fail("relative name '" + std::string(text) + "' but no origin is known");
  if (was_relative) *was_relative = true;
  auto n = concat(std::string_view(wire, size), *origin);
  if (!n)
    return fail("name longer than 255 octets after appending the origin: '" + std::string(text) +
                "'");
  return n;
}

std::optional<Name> Name::concat(std::string_view rel, NameView suffix) {
  const std::string_view s = suffix.wire();
  if (rel.size() + s.size() > 255) return std::nullopt;
  char w[255];
  std::copy(rel.begin(), rel.end(), w);
  std::copy(s.begin(), s.end(), w + rel.size());
  return Name(std::string_view(w, rel.size() + s.size()));
}

std::size_t NameView::label_count() const {
  const std::string_view w = wire();
  std::size_t n = 0;
  for (std::size_t i = 0; i < w.size() && w[i] != 0; i += 1 + static_cast<unsigned char>(w[i])) ++n;
  return n;
}

std::vector<std::string_view> NameView::labels() const {
  // One allocation of the exact size: grown label by label, a name of three or four labels
  // took three (the rules ask for the labels of many names: ~270,000 allocations over 10,000
  // small zones).
  std::vector<std::string_view> out;
  out.reserve(label_count());
  const std::string_view w = wire();
  for (std::size_t i = 0; i < w.size() && w[i] != 0; i += 1 + static_cast<unsigned char>(w[i]))
    out.push_back(w.substr(i + 1, static_cast<unsigned char>(w[i])));
  return out;
}

namespace {

// The presentation text of the wire name `w` (not the root), read from the wire: no vector of
// its labels on the way.
std::string wire_text(std::string_view w, bool lowercase) {
  std::string out;
  out.reserve(w.size());  // each label's length octet becomes its dot (escapes add more)
  for (std::size_t i = 0; i < w.size() && w[i] != 0; i += 1 + static_cast<unsigned char>(w[i])) {
    append_label_text(out, w.substr(i + 1, static_cast<unsigned char>(w[i])), lowercase);
    out.push_back('.');
  }
  return out;
}

}  // namespace

std::string_view NameView::first_label() const {
  if (is_root()) return {};
  const std::string_view w = wire();
  return w.substr(1, static_cast<unsigned char>(w[0]));
}

Name NameView::parent() const {
  const std::string_view w = wire();
  if (is_root()) return Name::from_wire(w);
  return Name::from_wire(w.substr(1 + static_cast<unsigned char>(w[0])));
}

std::string NameView::text() const {
  if (is_root()) return ".";
  return wire_text(wire(), false);
}

std::string NameView::canonical_text() const {
  if (is_root()) return ".";
  return wire_text(wire(), true);
}

std::string NameView::canonical_wire() const {
  std::string w(wire());
  for (std::size_t i = 0; i < w.size() && w[i] != 0;) {
    const auto len = static_cast<unsigned char>(w[i]);
    for (std::size_t j = i + 1; j <= i + len; ++j)
      w[j] = static_cast<char>(ascii_lower(static_cast<unsigned char>(w[j])));
    i += 1 + len;
  }
  return w;
}

bool Name::equal_ci_folded(std::string_view a, std::string_view b) {
  return iequals(a, b);
}

std::size_t Name::hash_ci(std::string_view w) {
  std::size_t h = 1469598103934665603ull;
  for (unsigned char c : w) {
    h ^= ascii_lower(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::strong_ordering Name::canonical_compare(std::string_view a, std::string_view b) {
  // Collect label offsets, then compare from the rightmost label.
  auto offsets = [](std::string_view w, std::size_t* out) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < w.size() && w[i] != 0; i += 1 + static_cast<unsigned char>(w[i]))
      out[n++] = i;
    return n;
  };
  std::size_t oa[128], ob[128];
  std::size_t na = offsets(a, oa), nb = offsets(b, ob);
  while (na > 0 && nb > 0) {
    --na;
    --nb;
    std::string_view la = a.substr(oa[na] + 1, static_cast<unsigned char>(a[oa[na]]));
    std::string_view lb = b.substr(ob[nb] + 1, static_cast<unsigned char>(b[ob[nb]]));
    const std::size_t m = std::min(la.size(), lb.size());
    for (std::size_t i = 0; i < m; ++i) {
      const unsigned char ca = ascii_lower(static_cast<unsigned char>(la[i]));
      const unsigned char cb = ascii_lower(static_cast<unsigned char>(lb[i]));
      if (ca != cb) return ca <=> cb;
    }
    if (la.size() != lb.size()) return la.size() <=> lb.size();
  }
  return na <=> nb;
}

bool NameView::is_subdomain_of(NameView anc) const {
  const std::string_view w = wire(), a = anc.wire();
  if (a.size() > w.size()) return false;
  // Walk labels of this name until the remaining suffix has the ancestor's length.
  std::size_t i = 0;
  while (w.size() - i > a.size()) {
    i += 1 + static_cast<unsigned char>(w[i]);
  }
  if (w.size() - i != a.size()) return false;
  return Name::equal_ci(w.substr(i), a);
}

std::string NameView::relative_text(NameView origin) const {
  if (*this == origin) return "@";
  if (!is_subdomain_of(origin)) return text();
  std::string out;
  auto ls = labels();
  const std::size_t keep = ls.size() - origin.label_count();
  for (std::size_t k = 0; k < keep; ++k) {
    if (k) out.push_back('.');
    append_label_text(out, ls[k], false);
  }
  return out;
}

std::string quote_character_string(std::string_view bytes) {
  std::string out = "\"";
  for (unsigned char c : bytes) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03u", static_cast<unsigned>(c));
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace zl
