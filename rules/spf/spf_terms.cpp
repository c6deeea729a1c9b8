// SPF terms (RFC 7208 §4.5, §4.6, §5, §6, §7): selecting SPF records, splitting a record into
// terms with byte ranges in the joined text, and the syntax checks of mechanisms, modifiers,
// domain-specs and macro strings. Lookups and the include/redirect walk are in spf_record.cpp.
#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>

#include "core/ascii.hpp"
#include "rules/spf/spf_record.hpp"

namespace zl::spf {

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}
std::string quote(std::string_view s) {
  return "'" + std::string(s) + "'";
}

// A term being parsed, with the message of its first syntax error (empty while valid). The
// parsed Term keeps only the error's bytes and an `invalid` flag: the message goes to the
// record's SyntaxError (parse), which is kept for invalid terms only, so the terms of the
// run's SPF records do not each carry an empty string.
struct Draft : Term {
  std::string error;
  std::uint32_t error_begin = 0, error_end = 0;  // the bytes at fault
};

struct MechName {
  std::string_view name;
  Kind kind;
};
constexpr MechName kMechanisms[] = {
    {"all", Kind::all}, {"include", Kind::include}, {"a", Kind::a},     {"mx", Kind::mx},
    {"ptr", Kind::ptr}, {"ip4", Kind::ip4},         {"ip6", Kind::ip6}, {"exists", Kind::exists},
};

std::optional<Kind> mechanism_kind(std::string_view name) {
  for (const auto& m : kMechanisms)
    if (iequals(name, m.name)) return m.kind;
  return std::nullopt;
}

// `name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )` (§6; §4.6.1)
bool is_modifier_name(std::string_view s) {
  if (s.empty() || !is_alpha(s[0])) return false;
  for (char c : s)
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
bool is_toplabel(std::string_view s) {
  if (s.empty()) return false;
  bool alpha = false, hyphen = false;
  for (char c : s) {
    if (c == '-')
      hyphen = true;
    else if (is_alpha(c))
      alpha = true;
    else if (!is_digit(c))
      return false;
  }
  if (!hyphen) return alpha;
  return is_alnum(s.front()) && is_alnum(s.back());
}

// ip4-network with qnum (no leading zeros, each 0-255).
bool is_ip4_network(std::string_view s) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t j = i;
    while (j < s.size() && is_digit(s[j])) ++j;
    const std::size_t n = j - i;
    if (n == 0 || n > 3) return false;
    if (n > 1 && s[i] == '0') return false;
    int v = 0;
    for (std::size_t k = i; k < j; ++k) v = v * 10 + (s[k] - '0');
    if (v > 255) return false;
    ++parts;
    if (j == s.size()) break;
    if (s[j] != '.' || parts == 4) return false;
    i = j + 1;
  }
  return parts == 4;
}

bool is_ip6_network(std::string_view s) {
  if (s.empty() || s.size() > 45) return false;
  for (char c : s)
    if (!(is_digit(c) || (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f') || c == ':' || c == '.'))
      return false;
  const std::string z(s);
  unsigned char buf[16];
  return inet_pton(AF_INET6, z.c_str(), buf) == 1;
}

// Parses a prefix length "0" / %x31-39 *DIGIT up to `max`; -1 when invalid.
int parse_cidr(std::string_view digits, int max) {
  if (digits.empty() || digits.size() > 3) return -1;
  for (char c : digits)
    if (!is_digit(c)) return -1;
  if (digits.size() > 1 && digits[0] == '0') return -1;
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v > max ? -1 : v;
}

void fail(Draft& t, std::uint32_t b, std::uint32_t e, std::string msg) {
  if (!t.error.empty()) return;
  t.error = std::move(msg);
  t.error_begin = b;
  t.error_end = std::max(e, b);
}

// The byte description for a character that may not appear in a record.
std::string describe_bad_byte(std::string_view text, std::uint32_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
    const auto d = static_cast<unsigned char>(text[i + 2]);
    if (d == 0x93) return "an en dash (U+2013), which looks like '-' but is not ASCII";
    if (d == 0x94) return "an em dash (U+2014), which looks like '-' but is not ASCII";
    if (d == 0x98 || d == 0x99) return "a curly quote, which is not ASCII";
    if (d == 0x9C || d == 0x9D) return "a curly double quote, which is not ASCII";
  }
  if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0)
    return "a non-breaking space (U+00A0), which is not the ASCII space that separates terms";
  if (c == '\t') return "a tab; only spaces separate terms";
  if (c == '\r' || c == '\n') return "a line break; only spaces separate terms";
  if (c < 0x20 || c == 0x7F) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\%03u", static_cast<unsigned>(c));
    return std::string("a control character (") + buf + ")";
  }
  return "a non-ASCII byte";
}

// Length of the UTF-8 sequence starting at text[i] (1 for ASCII and invalid bytes).
std::uint32_t utf8_len(std::string_view text, std::uint32_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::uint32_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  return std::min<std::uint32_t>(n, static_cast<std::uint32_t>(text.size() - i));
}

// Domain-spec with the mechanism's rules applied.
void check_domain_spec(std::string_view text, Draft& t, std::uint32_t b, std::uint32_t e,
                       std::string_view what) {
  if (b == e) {
    fail(t, t.name_begin(), e, std::string(what) + " has an empty domain-spec");
    return;
  }
  std::uint32_t eb = 0, ee = 0;
  const std::string msg = check_macro_string(text, b, e, true, eb, ee);
  if (!msg.empty() && t.error.empty()) {
    fail(t, eb, ee, msg);
    t.soft = msg.find("digit transformer must be nonzero") != std::string::npos;
  }
}

// Splits a trailing prefix length off [b, e) and returns the new end: `dual` for a and mx
// (dual-cidr-length: "/n" up to 32, then "//n" up to 128), else one "/n" up to `single_max`.
std::uint32_t split_cidr(std::string_view text, Draft& t, std::uint32_t b, std::uint32_t e,
                         bool dual, int single_max) {
  auto trailing_digits = [&](std::uint32_t end) {
    std::uint32_t i = end;
    while (i > b && is_digit(text[i - 1])) --i;
    return i;
  };
  auto bad = [&](std::uint32_t from, std::uint32_t to, std::string_view family, int max) {
    const std::string_view digits = text.substr(from, to - from);
    fail(t, from, to,
         digits.empty()
             ? "empty prefix length after '/'"
             : std::string(family) + " prefix length " + quote(digits) + " is not valid (0 to " +
                   std::to_string(max) + ", without leading zeros; RFC 7208 §5.6)");
  };
  std::uint32_t end = e;
  if (dual) {
    const std::uint32_t d = trailing_digits(end);
    if (d >= b + 2 && text[d - 1] == '/' && text[d - 2] == '/') {
      const int v = parse_cidr(text.substr(d, end - d), 128);
      if (v < 0) bad(d, end, "IPv6", 128);
      t.cidr6 = static_cast<std::int16_t>(v < 0 ? 0 : v);
      end = d - 2;
    }
  }
  const std::uint32_t d = trailing_digits(end);
  if (d > b && text[d - 1] == '/') {
    const int v = parse_cidr(text.substr(d, end - d), single_max);
    if (v < 0) bad(d, end, single_max == 32 ? "IPv4" : "IPv6", single_max);
    if (single_max == 128)
      t.cidr6 = static_cast<std::int16_t>(v < 0 ? 0 : v);
    else
      t.cidr4 = static_cast<std::int8_t>(v < 0 ? 0 : v);  // at most 32
    end = d - 1;
  }
  return end;
}

}  // namespace

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::all:
      return "all";
    case Kind::include:
      return "include";
    case Kind::a:
      return "a";
    case Kind::mx:
      return "mx";
    case Kind::ptr:
      return "ptr";
    case Kind::ip4:
      return "ip4";
    case Kind::ip6:
      return "ip6";
    case Kind::exists:
      return "exists";
    case Kind::redirect:
      return "redirect";
    case Kind::exp:
      return "exp";
    case Kind::unknown_modifier:
      return "modifier";
    case Kind::invalid:
      return "term";
  }
  return "term";
}

bool Term::counts_lookup() const {
  switch (kind) {
    case Kind::include:
    case Kind::a:
    case Kind::mx:
    case Kind::ptr:
    case Kind::exists:
    case Kind::redirect:
      return true;
    default:
      return false;
  }
}

bool is_spf_text(std::string_view text) {
  return text.size() >= 6 && iequals(text.substr(0, 6), "v=spf1") &&
         (text.size() == 6 || text[6] == ' ');
}

bool wire_is_spf(std::string_view w) {
  char head[7];
  std::size_t n = 0;
  std::size_t i = 0;
  while (i < w.size() && n < 7) {
    const std::size_t len = static_cast<unsigned char>(w[i++]);
    for (std::size_t k = 0; k < len && i < w.size() && n < 7; ++k) head[n++] = w[i++];
  }
  return is_spf_text(std::string_view(head, n));
}

namespace {

// The body of a `%{...}` macro (quoted as `m` for messages): its letter, digit transformer,
// 'r' and delimiters (§7.1, §7.2, §7.3). "" when valid.
std::string check_macro_body(std::string_view body, const std::string& m, bool domain_spec) {
  const char letter = ascii_lower(body[0]);
  if (std::string_view("slodiphcrtv").find(letter) == std::string_view::npos)
    return "macro " + m + " uses an unknown macro letter '" + std::string(1, body[0]) +
           "' (s l o d i p h v; c r t in exp text only, RFC 7208 §7.2)";
  if (domain_spec && (letter == 'c' || letter == 'r' || letter == 't'))
    return "macro " + m +
           ": the letters c, r and t are allowed only in explanation text, "
           "not in a domain-spec (RFC 7208 §7.2)";
  std::size_t k = 1;
  const std::size_t digits_from = k;
  while (k < body.size() && is_digit(body[k])) ++k;
  if (k > digits_from) {
    const std::string_view digits = body.substr(digits_from, k - digits_from);
    bool zero = true;
    for (char d : digits) zero = zero && d == '0';
    if (zero)
      return "macro " + m +
             " keeps zero labels: the digit transformer must be nonzero "
             "(RFC 7208 §7.3); receivers differ on what they do with it";
  }
  if (k < body.size() && ascii_lower(body[k]) == 'r') ++k;
  for (; k < body.size(); ++k)
    if (std::string_view(".-+,/_=").find(body[k]) == std::string_view::npos)
      return "macro " + m + " has " + quote(body.substr(k, 1)) +
             " where a delimiter (. - + , / _ =) is expected (RFC 7208 §7.1)";
  return "";
}

// A domain-spec without a macro at its end must end in a top-level label (§7.1 domain-end).
std::string check_domain_end(std::string_view text, std::uint32_t b, std::uint32_t e,
                             std::uint32_t& err_b, std::uint32_t& err_e) {
  // domain-end = ( "." toplabel [ "." ] ) / macro-expand
  std::uint32_t end = e;
  if (end > b && text[end - 1] == '.') --end;
  std::uint32_t dot = end;
  while (dot > b && text[dot - 1] != '.') --dot;
  const std::string_view top = text.substr(dot, end - dot);
  err_b = b;
  err_e = e;
  if (dot == b)
    return "domain " + quote(text.substr(b, e - b)) +
           " is not a fully qualified domain name (it needs a dot and a top-level label, RFC "
           "7208 §7.1 domain-end)";
  if (!is_toplabel(top)) {
    err_b = dot;
    err_e = e;
    bool digits = !top.empty();
    for (char c : top) digits = digits && is_digit(c);
    if (digits)
      return "domain " + quote(text.substr(b, e - b)) + " ends in the all-numeric label " +
             quote(top) +
             ", which is not a valid top-level label (an address belongs in ip4: or ip6:)";
    return "domain " + quote(text.substr(b, e - b)) + " does not end in a valid top-level label (" +
           quote(top) + "; RFC 7208 §7.1 domain-end)";
  }
  return "";
}

}  // namespace

std::string check_macro_string(std::string_view text, std::uint32_t b, std::uint32_t e,
                               bool domain_spec, std::uint32_t& err_b, std::uint32_t& err_e) {
  bool ends_with_macro = false;
  for (std::uint32_t i = b; i < e;) {
    const char c = text[i];
    ends_with_macro = false;
    if (c != '%') {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x21 || u > 0x7E) {
        err_b = i;
        err_e = i + utf8_len(text, i);
        return "contains " + describe_bad_byte(text, i);
      }
      ++i;
      continue;
    }
    if (i + 1 >= e) {
      err_b = i;
      err_e = i + 1;
      return "a '%' at the end is not a macro (write '%%' for a literal '%')";
    }
    const char n = text[i + 1];
    if (n == '%' || n == '_' || n == '-') {
      i += 2;
      ends_with_macro = true;
      continue;
    }
    if (n != '{') {
      err_b = i;
      err_e = i + 2;
      return "macro " + quote(text.substr(i, 2)) +
             " is not valid: '%' must start '%{...}', '%%', '%_' or '%-' (RFC 7208 §7.1)";
    }
    std::uint32_t j = i + 2;
    while (j < e && text[j] != '}') ++j;
    if (j >= e) {
      err_b = i;
      err_e = e;
      return "macro " + quote(text.substr(i, e - i)) + " has no closing '}'";
    }
    const std::string_view body = text.substr(i + 2, j - i - 2);
    err_b = i;
    err_e = j + 1;
    const std::string m = quote(text.substr(i, j + 1 - i));
    if (body.empty()) return "macro " + m + " names no macro letter";
    if (std::string msg = check_macro_body(body, m, domain_spec); !msg.empty()) return msg;
    i = j + 1;
    ends_with_macro = true;
  }
  if (!domain_spec || ends_with_macro) return "";
  return check_domain_end(text, b, e, err_b, err_e);
}

namespace {

// A modifier (name "=" value) whose name ends at `eq`, §4.6.1 and §6.
void parse_modifier(std::string_view text, Draft& t, std::size_t eq) {
  const std::string_view s = text.substr(t.begin, t.end - t.begin);
  const std::string_view name = s.substr(0, eq);
  t.name_end = t.begin + static_cast<std::uint32_t>(eq);
  t.arg_begin = t.name_end + 1;
  t.arg_end = t.end;
  if (iequals(name, "redirect") || iequals(name, "exp")) {
    t.kind = iequals(name, "redirect") ? Kind::redirect : Kind::exp;
    check_domain_spec(text, t, t.arg_begin, t.arg_end, std::string(name) + "=");
  } else {
    t.kind = Kind::unknown_modifier;
    std::uint32_t eb = 0, ee = 0;
    const std::string msg = check_macro_string(text, t.arg_begin, t.arg_end, false, eb, ee);
    if (!msg.empty() && t.error.empty()) {
      fail(t, eb, ee, "value of modifier " + quote(name) + ": " + msg);
      t.soft = msg.find("digit transformer must be nonzero") != std::string::npos;
    }
  }
}

// A directive whose mechanism name [p, q) is not a mechanism (§5): the message says what it
// might have meant.
void unknown_mechanism(std::string_view text, Draft& t, std::uint32_t p, std::uint32_t q) {
  const std::uint32_t b = t.begin, e = t.end;
  const std::string_view s = text.substr(b, e - b);
  const std::string_view name = text.substr(p, q - p);
  t.kind = Kind::invalid;
  std::string hint;
  if (p == b && b < e && (text[b] == '=' || text[b] == '!' || text[b] == '*') &&
      mechanism_kind(text.substr(b + 1, q - b - 1)))
    fail(t, b, b + 1,
         quote(text.substr(b, 1)) +
             " is not a qualifier (use '+', '-', '~' or '?', RFC 7208 "
             "§4.6.2)");
  if (is_ip4_network(name) || is_ip6_network(s.substr(p - b)))
    hint = "; write ip4:" + std::string(text.substr(p, e - p)) + " (or ip6:) for an address";
  else if (iequals(name, "ip") || iequals(name, "ipv4"))
    hint = "; the mechanism is ip4";
  else if (iequals(name, "ipv6"))
    hint = "; the mechanism is ip6";
  else if (iequals(name, "prt"))
    hint = "; did you mean ptr (which should not be used either)?";
  else if (iequals(name, "redirect") || iequals(name, "exp"))
    hint = "; the modifier is written " + std::string(name) + "=domain";
  else if (iequals(name, "v") || (name.size() > 2 && iequals(name.substr(0, 2), "v=")))
    hint = "; a record has one version, at its start";
  else if (name.empty() && q < e)
    hint = "; a mechanism name must come before " + quote(text.substr(q, 1));
  fail(t, p == q ? b : p, p == q ? e : q,
       "unknown mechanism " + quote(name.empty() ? s : name) + hint +
           " (RFC 7208 §5: an unknown mechanism makes the record a permerror)");
}

// The argument of mechanism `t.kind` after its name [p, q): domain-spec, address, prefix
// lengths (§5).
void mechanism_argument(std::string_view text, Draft& t, std::uint32_t p, std::uint32_t q) {
  const std::uint32_t e = t.end;
  const bool colon = q < e && text[q] == ':';
  std::uint32_t rest = colon ? q + 1 : q;  // after the ':' when any
  const std::string what = std::string(kind_name(t.kind));
  switch (t.kind) {
    case Kind::all:
      if (q < e)
        fail(t, q, e,
             "'all' takes no argument, but " + quote(text.substr(q, e - q)) +
                 " follows it (RFC 7208 §5.1)");
      break;
    case Kind::include:
    case Kind::exists: {
      if (!colon) {
        fail(t, p, e, "'" + what + "' needs a domain: " + what + ":<domain> (RFC 7208 §5.2, §5.7)");
        break;
      }
      t.arg_begin = rest;
      t.arg_end = e;
      check_domain_spec(text, t, rest, e, what + ":");
      break;
    }
    case Kind::a:
    case Kind::mx: {
      const std::uint32_t end = split_cidr(text, t, q, e, true, 32);
      if (colon) {
        t.arg_begin = rest;
        t.arg_end = std::max(end, rest);
        check_domain_spec(text, t, t.arg_begin, t.arg_end, what + ":");
      } else {
        t.arg_begin = t.arg_end = q;
        if (end != q)
          fail(t, q, end,
               quote(text.substr(q, end - q)) + " after '" + what +
                   "' is neither ':domain' nor a prefix length '/n'");
      }
      break;
    }
    case Kind::ptr: {
      if (colon) {
        t.arg_begin = rest;
        t.arg_end = e;
        check_domain_spec(text, t, rest, e, "ptr:");
      } else if (q < e) {
        fail(t, q, e, "'ptr' takes an optional ':domain' and no prefix length");
      }
      break;
    }
    case Kind::ip4:
    case Kind::ip6: {
      const bool v4 = t.kind == Kind::ip4;
      if (!colon) {
        fail(t, p, e,
             "'" + what + "' needs an address: " + what + ":<network>[/<prefix>] (RFC 7208 §5.6)");
        break;
      }
      const std::uint32_t end = split_cidr(text, t, rest, e, false, v4 ? 32 : 128);
      t.arg_begin = rest;
      t.arg_end = std::max(end, rest);
      const std::string_view net = text.substr(t.arg_begin, t.arg_end - t.arg_begin);
      if (net.empty())
        fail(t, p, e, "'" + what + "' has an empty address");
      else if (v4 ? !is_ip4_network(net) : !is_ip6_network(net))
        fail(t, t.arg_begin, t.arg_end,
             quote(net) + " is not a valid " + (v4 ? "IPv4" : "IPv6") + " address" +
                 (v4 && is_ip6_network(net)    ? " (it is IPv6: use ip6:)"
                  : !v4 && is_ip4_network(net) ? " (it is IPv4: use ip4:)"
                                               : "") +
                 " (RFC 7208 §5.6)");
      break;
    }
    default:
      break;
  }
}

}  // namespace

namespace {

Draft parse_draft(std::string_view text, std::uint32_t b, std::uint32_t e) {
  Draft t;
  t.begin = b;
  t.end = e;
  t.name_end = e;
  t.arg_begin = t.arg_end = e;
  const std::string_view s = text.substr(b, e - b);
  // Bytes outside %x21-7E (§3.1 ASCII; the ABNF allows only visible characters in terms).
  for (std::uint32_t i = b; i < e; ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (u < 0x21 || u > 0x7E) {
      fail(t, i, i + utf8_len(text, i),
           "term " + quote(s) + " contains " + describe_bad_byte(text, i) +
               " (RFC 7208 §3.1: SPF records are ASCII)");
      break;
    }
  }
  // A modifier: name "=" ... (§4.6.1: a term whose text before the first '=' is a name).
  const auto eq = s.find('=');
  if (eq != std::string_view::npos && is_modifier_name(s.substr(0, eq))) {
    parse_modifier(text, t, eq);
  } else {
    // A directive: [qualifier] mechanism.
    std::uint32_t p = b;
    if (p < e && (text[p] == '+' || text[p] == '-' || text[p] == '~' || text[p] == '?')) {
      t.qualifier = text[p];
      ++p;
    }
    std::uint32_t q = p;
    while (q < e && text[q] != ':' && text[q] != '/') ++q;
    t.name_end = q;
    const std::string_view name = text.substr(p, q - p);
    const auto kind = mechanism_kind(name);
    if (!kind) {
      unknown_mechanism(text, t, p, q);
      return t;
    }
    t.kind = *kind;
    mechanism_argument(text, t, p, q);
  }
  for (std::uint32_t i = t.arg_begin; i < t.arg_end; ++i)
    if (text[i] == '%') t.has_macro = true;
  return t;
}

}  // namespace

Term parse_term(std::string_view text, std::uint32_t b, std::uint32_t e, TermError* error) {
  Draft d = parse_draft(text, b, e);
  d.invalid = !d.error.empty();
  if (error) *error = TermError{std::move(d.error), d.error_begin, d.error_end};
  return d;  // the Term part
}

namespace {

// Would a space at the join `at` (inside the term) make two valid terms? `known_second`
// requires the second to be a mechanism or redirect=/exp= (not an unknown modifier).
bool splits_at(std::string_view text, const Term& t, std::uint32_t at, bool known_second) {
  if (at <= t.begin || at >= t.end) return false;
  const Term l = parse_term(text, t.begin, at);
  const Term r = parse_term(text, at, t.end);
  if (!l.valid() || !r.valid()) return false;
  if (known_second && r.kind == Kind::unknown_modifier) return false;
  return true;
}

}  // namespace

TermList TermList::copy(std::span<const Term> terms) {
  TermList out;
  if (terms.empty()) return out;
  Term* data = new Term[terms.size()];
  std::copy(terms.begin(), terms.end(), data);
  out.data_ = data;
  out.size_ = static_cast<std::uint32_t>(terms.size());
  out.owned_ = true;
  return out;
}

TermList TermList::view(std::span<const Term> terms) {
  TermList out;
  out.data_ = terms.data();
  out.size_ = static_cast<std::uint32_t>(terms.size());
  return out;
}

ParsedSpf parse(std::string_view text, const std::vector<std::uint32_t>& join_starts) {
  // Sized exactly (a first pass counts the terms), and copied once more to an array of the
  // exact size.
  const std::string_view head = text.substr(0, kMaxSpfText);
  const auto n = static_cast<std::uint32_t>(head.size());
  const std::uint32_t start = is_spf_text(head) ? 6 : 0;
  std::size_t count = 0;
  for (std::uint32_t k = start; k < n; ++k)
    count += head[k] != ' ' && (k == start || head[k - 1] == ' ') ? 1 : 0;
  std::vector<Term> terms;
  terms.reserve(count);
  ParsedSpf out = parse_into(text, join_starts, terms);
  out.terms = TermList::copy(terms);
  return out;
}

namespace {
// `t` with its offsets moved by `by` (the start of the term: to or from a record's offsets).
Term shifted(Term t, int by) {
  const auto move = [by](std::uint16_t& at) { at = static_cast<std::uint16_t>(at + by); };
  move(t.begin);
  move(t.end);
  move(t.name_end);
  move(t.arg_begin);
  move(t.arg_end);
  return t;
}
}  // namespace

std::optional<Term> TermCache::find(std::string_view text, std::uint32_t at) const {
  const auto it = known_.find(text);
  if (it == known_.end()) return std::nullopt;
  return shifted(it->second, static_cast<int>(at));
}

void TermCache::add(std::string_view text, const Term& t, std::uint32_t at) {
  if (!t.valid() || t.kind == Kind::ip4 || t.kind == Kind::ip6 || known_.size() >= kMaxTerms)
    return;
  known_.emplace(std::string(text), shifted(t, -static_cast<int>(at)));
}

ParsedSpf parse_into(std::string_view text, const std::vector<std::uint32_t>& join_starts,
                     std::vector<Term>& all_terms, TermCache* cache) {
  ParsedSpf out;
  std::vector<SyntaxError> errors;     // out.errors once sorted
  text = text.substr(0, kMaxSpfText);  // Term's offsets are 16 bits
  const auto n = static_cast<std::uint32_t>(text.size());
  const std::uint32_t start = is_spf_text(text) ? 6 : 0;
  const std::size_t base = all_terms.size();  // this record's terms are all_terms[base, ...)
  // The errors of the invalid terms, in term order (one for each invalid term).
  std::vector<TermError> term_errors;
  std::uint32_t i = start;
  while (i < n) {
    while (i < n && text[i] == ' ') ++i;
    if (i >= n) break;
    std::uint32_t j = i;
    while (j < n && text[j] != ' ') ++j;
    const std::string_view term = text.substr(i, j - i);
    if (auto known = cache ? cache->find(term, i) : std::nullopt) {
      all_terms.push_back(*known);
    } else {
      TermError error;
      all_terms.push_back(parse_term(text, i, j, &error));
      if (all_terms.back().invalid)
        term_errors.push_back(std::move(error));
      else if (cache)
        cache->add(term, all_terms.back(), i);
    }
    i = j;
  }
  const std::span<const Term> terms(all_terms.data() + base, all_terms.size() - base);
  auto next_error = term_errors.begin();  // in term order, as the loop below asks for them
  for (std::size_t k = 0; k < terms.size(); ++k) {
    const Term& t = terms[k];
    // A join inside the term where a space would make two valid terms.
    std::size_t join = 0;
    for (std::size_t s = 0; s < join_starts.size(); ++s) {
      const std::uint32_t at = join_starts[s];
      if (at <= t.begin || at >= t.end) continue;
      if (splits_at(text, t, at, t.valid())) {
        join = s + 1;
        break;
      }
    }
    if (!t.valid()) {
      // Every invalid term has its error in term_errors.
      TermError& error = *next_error++;
      SyntaxError e{error.begin, error.end, std::move(error.message), k, 0, !t.soft, std::nullopt};
      if (join) {
        const std::uint32_t at = join_starts[join - 1];
        e.begin = e.end = at;
        e.join = join;
        e.message = "term " + quote(term_text(text, t)) +
                    " is two terms glued together: the strings of the record are joined with "
                    "no separator (RFC 7208 §3.3), and there is no space between " +
                    quote(text.substr(t.begin, at - t.begin)) + " and " +
                    quote(text.substr(at, t.end - at)) +
                    "; add a space at the end of the "
                    "first string or the start of the next";
      }
      errors.push_back(std::move(e));
      continue;
    }
    if (join) {
      const std::uint32_t at = join_starts[join - 1];
      SyntaxError e{at, at, {}, k, join, false, std::nullopt};
      e.message = "term " + quote(term_text(text, t)) +
                  " spans a join between two strings of the record, which are joined with no "
                  "separator (RFC 7208 §3.3): it reads as one " +
                  std::string(kind_name(t.kind)) + " term, but " +
                  quote(text.substr(t.begin, at - t.begin)) + " and " +
                  quote(text.substr(at, t.end - at)) + " look like two terms; add a space";
      errors.push_back(std::move(e));
    }
  }
  // Modifiers: redirect and exp at most once each (§6).
  for (std::size_t k = 0; k < terms.size(); ++k) {
    const Term& t = terms[k];
    if (t.kind == Kind::all && out.first_all < 0) out.first_all = static_cast<std::int16_t>(k);
    if (t.kind != Kind::redirect && t.kind != Kind::exp) continue;
    std::int16_t& first = t.kind == Kind::redirect ? out.redirect : out.exp;
    if (first < 0) {
      first = static_cast<std::int16_t>(k);
      continue;
    }
    SyntaxError e{t.name_begin(), t.name_end, {}, k, 0, true, static_cast<std::size_t>(first)};
    e.message = "second '" + std::string(kind_name(t.kind)) +
                "=' modifier: it may appear only once in a record (RFC 7208 §6)";
    errors.push_back(std::move(e));
  }
  for (const auto& e : errors) out.any_permerror = out.any_permerror || e.permerror;
  std::stable_sort(errors.begin(), errors.end(),
                   [](const SyntaxError& a, const SyntaxError& b) { return a.term < b.term; });
  out.errors = RareList<SyntaxError>(std::move(errors));
  return out;
}

}  // namespace zl::spf
