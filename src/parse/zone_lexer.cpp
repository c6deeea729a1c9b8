// The zone-file lexer's recovery and the grammars evaluated on one token (zone_lexer.hpp).
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "model/rrtype.hpp"
#include "parse/rdata_internal.hpp"
#include "parse/zone_lexer.hpp"

namespace zl::zone_detail {

std::uint32_t skip_entry(std::string_view text, std::uint32_t pos, int depth) {
  const auto size = static_cast<std::uint32_t>(text.size());
  while (pos < size) {
    const char c = text[pos];
    if (c == '\n' || c == '\r') {
      pos += (c == '\r' && pos + 1 < size && text[pos + 1] == '\n') ? 2 : 1;
      if (depth <= 0) return pos;
      if (pos < size) {
        const char d = text[pos];
        if (d != ' ' && d != '\t' && d != ')' && d != ';' && d != '\n' && d != '\r') return pos;
      }
      continue;
    }
    if (c == ';') {
      while (pos < size && text[pos] != '\n' && text[pos] != '\r') ++pos;
      continue;
    }
    if (c == '"') {
      ++pos;
      while (pos < size && text[pos] != '"' && text[pos] != '\n' && text[pos] != '\r') {
        if (text[pos] == '\\' && pos + 1 < size) ++pos;
        ++pos;
      }
      if (pos < size && text[pos] == '"') ++pos;
      continue;
    }
    if (c == '\\') {
      pos += (pos + 1 < size && text[pos + 1] != '\n' && text[pos + 1] != '\r') ? 2 : 1;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')') --depth;
    ++pos;
  }
  return size;
}

std::string quote(std::string_view s) {
  std::string out = "'";
  const std::size_t n = std::min<std::size_t>(s.size(), 60);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x7f) {
      char buf[6];
      std::snprintf(buf, sizeof buf, "\\%03u", static_cast<unsigned>(c));
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  if (s.size() > n) out += "...";
  out += "'";
  return out;
}

std::optional<std::uint16_t> lookup_class(std::string_view t) {
  // Only IN, CH, CS, HS, ANY, NONE, CHAOS, HESIOD and CLASSnnn are classes. Most tokens asked
  // about are TTLs and types (AAAA, NS, CAA...): their length and first letter rule them out
  // before the table.
  if (t.size() < 2) return std::nullopt;
  const char c = static_cast<char>(t[0] & ~0x20);
  if (t.size() == 2 && c == 'I' && (t[1] | 0x20) == 'n') return rrclass::IN;
  const bool may_be = t.size() == 2   ? c == 'I' || c == 'C' || c == 'H'
                      : t.size() == 3 ? c == 'A'
                      : t.size() == 4 ? c == 'N'
                                      : c == 'C' || c == 'H';
  if (!may_be) return std::nullopt;
  return parse_class(t);
}

std::optional<std::uint16_t> lookup_type(std::string_view t) {
  auto up = [&](std::size_t i) { return static_cast<char>(t[i] & ~0x20); };
  switch (t.size()) {
    case 1:
      if (up(0) == 'A') return rrtype::A;
      break;
    case 2:
      if (up(0) == 'M' && up(1) == 'X') return rrtype::MX;
      if (up(0) == 'N' && up(1) == 'S') return rrtype::NS;
      break;
    case 3:
      if (up(0) == 'T' && up(1) == 'X' && up(2) == 'T') return rrtype::TXT;
      if (up(0) == 'S' && up(1) == 'O' && up(2) == 'A') return rrtype::SOA;
      if (up(0) == 'S' && up(1) == 'R' && up(2) == 'V') return rrtype::SRV;
      if (up(0) == 'C' && up(1) == 'A' && up(2) == 'A') return rrtype::CAA;
      if (up(0) == 'P' && up(1) == 'T' && up(2) == 'R') return rrtype::PTR;
      break;
    case 4:
      if (up(0) == 'A' && up(1) == 'A' && up(2) == 'A' && up(3) == 'A') return rrtype::AAAA;
      break;
    case 5:
      if (up(0) == 'C' && up(1) == 'N' && up(2) == 'A' && up(3) == 'M' && up(4) == 'E')
        return rrtype::CNAME;
      break;
    default:
      break;
  }
  return parse_type(t);
}

bool is_meta_type(std::uint16_t t) {
  return t == rrtype::OPT || (t >= 128 && t <= 255);
}

std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out.push_back(s[i]);
      continue;
    }
    if (i + 3 < s.size() && digit(s[i + 1]) && digit(s[i + 2]) && digit(s[i + 3])) {
      const int v = (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
      if (v <= 255) {
        out.push_back(static_cast<char>(v));
        i += 3;
        continue;
      }
    }
    out.push_back(s[i + 1]);
    ++i;
  }
  return out;
}

std::optional<Name> parse_name(std::string_view text, const Name& origin, std::string* error) {
  char buf[256];
  if (const std::size_t n = rdata_detail::plain_name_wire(text, &origin, buf))
    return Name::from_wire(std::string_view(buf, n));
  return Name::parse(text, &origin, error);
}

}  // namespace zl::zone_detail
