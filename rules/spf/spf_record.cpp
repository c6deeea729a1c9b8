#include "rules/spf/spf_record.hpp"

#include <arpa/inet.h>
#include <algorithm>
#include <unordered_map>

#include <cstdio>

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
char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}
std::string quote(std::string_view s) {
  return "'" + std::string(s) + "'";
}

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
    if (!(is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'f') || c == ':' || c == '.'))
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

void fail(Term& t, std::uint32_t b, std::uint32_t e, std::string msg) {
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
void check_domain_spec(std::string_view text, Term& t, std::uint32_t b, std::uint32_t e,
                       std::string_view what) {
  if (b == e) {
    fail(t, t.name_begin, e, std::string(what) + " has an empty domain-spec");
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
std::uint32_t split_cidr(std::string_view text, Term& t, std::uint32_t b, std::uint32_t e,
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
      t.cidr6 = v < 0 ? 0 : v;
      end = d - 2;
    }
  }
  const std::uint32_t d = trailing_digits(end);
  if (d > b && text[d - 1] == '/') {
    const int v = parse_cidr(text.substr(d, end - d), single_max);
    if (v < 0) bad(d, end, single_max == 32 ? "IPv4" : "IPv6", single_max);
    if (single_max == 128)
      t.cidr6 = v < 0 ? 0 : v;
    else
      t.cidr4 = v < 0 ? 0 : v;
    end = d - 1;
  }
  t.cidr_begin = end;
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
    const char letter = lower(body[0]);
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
    if (k < body.size() && lower(body[k]) == 'r') ++k;
    for (; k < body.size(); ++k)
      if (std::string_view(".-+,/_=").find(body[k]) == std::string_view::npos)
        return "macro " + m + " has " + quote(body.substr(k, 1)) +
               " where a delimiter (. - + , / _ =) is expected (RFC 7208 §7.1)";
    i = j + 1;
    ends_with_macro = true;
  }
  if (!domain_spec || ends_with_macro) return "";
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

Term parse_term(std::string_view text, std::uint32_t b, std::uint32_t e) {
  Term t;
  t.begin = b;
  t.end = e;
  t.name_begin = b;
  t.name_end = e;
  t.arg_begin = t.arg_end = e;
  t.cidr_begin = e;
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
    const std::string_view name = s.substr(0, eq);
    t.name_end = b + static_cast<std::uint32_t>(eq);
    t.arg_begin = t.name_end + 1;
    t.arg_end = e;
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
    for (std::uint32_t i = t.arg_begin; i < t.arg_end; ++i)
      if (text[i] == '%') t.has_macro = true;
    return t;
  }
  // A directive: [qualifier] mechanism.
  std::uint32_t p = b;
  if (p < e && (text[p] == '+' || text[p] == '-' || text[p] == '~' || text[p] == '?')) {
    t.qualifier = text[p];
    ++p;
  }
  t.name_begin = p;
  std::uint32_t q = p;
  while (q < e && text[q] != ':' && text[q] != '/') ++q;
  t.name_end = q;
  const std::string_view name = text.substr(p, q - p);
  const auto kind = mechanism_kind(name);
  if (!kind) {
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
    return t;
  }
  t.kind = *kind;
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
  for (std::uint32_t i = t.arg_begin; i < t.arg_end; ++i)
    if (text[i] == '%') t.has_macro = true;
  return t;
}

bool ParsedSpf::permerror() const {
  return any_permerror;
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

ParsedSpf parse(std::string_view text, const std::vector<std::uint32_t>& join_starts) {
  ParsedSpf out;
  const auto n = static_cast<std::uint32_t>(text.size());
  std::uint32_t i = is_spf_text(text) ? 6 : 0;
  while (i < n) {
    while (i < n && text[i] == ' ') ++i;
    if (i >= n) break;
    std::uint32_t j = i;
    while (j < n && text[j] != ' ') ++j;
    out.terms.push_back(parse_term(text, i, j));
    i = j;
  }
  for (std::size_t k = 0; k < out.terms.size(); ++k) {
    const Term& t = out.terms[k];
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
      SyntaxError e{t.error_begin, t.error_end, t.error, k, 0, !t.soft, std::nullopt};
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
      out.errors.push_back(std::move(e));
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
      out.errors.push_back(std::move(e));
    }
  }
  // Modifiers: redirect and exp at most once each (§6).
  for (std::size_t k = 0; k < out.terms.size(); ++k) {
    const Term& t = out.terms[k];
    if (t.kind == Kind::all && out.first_all < 0) out.first_all = static_cast<int>(k);
    if (t.kind != Kind::redirect && t.kind != Kind::exp) continue;
    int& first = t.kind == Kind::redirect ? out.redirect : out.exp;
    if (first < 0) {
      first = static_cast<int>(k);
      continue;
    }
    SyntaxError e{t.name_begin, t.name_end, {}, k, 0, true, static_cast<std::size_t>(first)};
    e.message = "second '" + std::string(kind_name(t.kind)) +
                "=' modifier: it may appear only once in a record (RFC 7208 §6)";
    out.errors.push_back(std::move(e));
  }
  for (const auto& e : out.errors) out.any_permerror = out.any_permerror || e.permerror;
  std::stable_sort(out.errors.begin(), out.errors.end(),
                   [](const SyntaxError& a, const SyntaxError& b) { return a.term < b.term; });
  return out;
}

// ---- Static domains
// -------------------------------------------------------------------------------

namespace {

// Expands `%{d...}` over `current` (§7.3): split on the delimiters (default '.'), optionally
// reverse, keep the rightmost N parts, join with '.'.
std::string expand_d(std::string_view body, const Name& current) {
  std::string d = current.text();
  if (!d.empty() && d.back() == '.') d.pop_back();
  std::size_t k = 1;
  std::size_t keep = 0;
  while (k < body.size() && is_digit(body[k]))
    keep = keep * 10 + static_cast<std::size_t>(body[k++] - '0');
  bool reverse = false;
  if (k < body.size() && lower(body[k]) == 'r') {
    reverse = true;
    ++k;
  }
  std::string delims(body.substr(k));
  if (delims.empty()) delims = ".";
  std::vector<std::string> parts;
  std::string cur;
  for (char c : d) {
    if (delims.find(c) != std::string::npos) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  if (reverse) std::reverse(parts.begin(), parts.end());
  if (keep > 0 && keep < parts.size())
    parts.erase(parts.begin(), parts.end() - static_cast<std::ptrdiff_t>(keep));
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + parts[i];
  return out;
}

}  // namespace

std::optional<Name> static_domain(std::string_view spec, const Name& current, bool* malformed) {
  if (malformed) *malformed = false;
  std::string out;
  for (std::size_t i = 0; i < spec.size();) {
    if (spec[i] != '%') {
      out += spec[i++];
      continue;
    }
    if (i + 1 >= spec.size()) return std::nullopt;
    const char n = spec[i + 1];
    if (n == '%') {
      out += '%';
      i += 2;
      continue;
    }
    if (n == '_') {
      out += ' ';
      i += 2;
      continue;
    }
    if (n == '-') {
      out += "%20";
      i += 2;
      continue;
    }
    const auto close = spec.find('}', i);
    if (n != '{' || close == std::string_view::npos || close == i + 2) return std::nullopt;
    const std::string_view body = spec.substr(i + 2, close - i - 2);
    if (lower(body[0]) != 'd') return std::nullopt;  // depends on the sender
    out += expand_d(body, current);
    i = close + 1;
  }
  if (!out.empty() && out.back() == '.') out.pop_back();
  // §7.3: an expansion over 253 octets loses labels from the left.
  while (out.size() > 253) {
    const auto dot = out.find('.');
    if (dot == std::string::npos) break;
    out.erase(0, dot + 1);
  }
  // Escape what Name::parse would take as syntax: backslashes, and keep every other byte.
  std::string escaped;
  for (char c : out) {
    if (c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@' || c == ' ' ||
        c == '$') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03u",
                    static_cast<unsigned>(static_cast<unsigned char>(c)));
      escaped += buf;
    } else {
      escaped += c;
    }
  }
  auto name = Name::parse(escaped + ".", nullptr);
  if (!name || out.empty()) {
    if (malformed) *malformed = true;
    return std::nullopt;
  }
  return name;
}

std::optional<Name> fixed_suffix(std::string_view spec, const Name& current) {
  // The end of the last macro that is not %{d...}.
  std::size_t after = std::string_view::npos;
  for (std::size_t i = 0; i + 1 < spec.size(); ++i) {
    if (spec[i] != '%') continue;
    if (spec[i + 1] != '{') {
      ++i;  // %%, %_, %-
      continue;
    }
    const auto close = spec.find('}', i);
    if (close == std::string_view::npos) return std::nullopt;
    if (close > i + 2 && lower(spec[i + 2]) != 'd') after = close + 1;
    i = close;
  }
  if (after == std::string_view::npos || after >= spec.size() || spec[after] != '.')
    return std::nullopt;
  return static_domain(spec.substr(after + 1), current);
}

std::optional<Name> term_target(std::string_view text, const Term& t, const Name& current,
                                bool* malformed) {
  if (malformed) *malformed = false;
  switch (t.kind) {
    case Kind::a:
    case Kind::mx:
    case Kind::ptr:
      if (!t.has_arg()) return current;
      [[fallthrough]];
    case Kind::include:
    case Kind::exists:
    case Kind::redirect:
    case Kind::exp:
      return static_domain(text.substr(t.arg_begin, t.arg_end - t.arg_begin), current, malformed);
    default:
      return std::nullopt;
  }
}

// ---- Records in the loaded zones
// ------------------------------------------------------------------

namespace {
// The SPF record that record `r` of `z` is, if it is one.
std::optional<SpfRecord> make_record(const Zone& z, const Record& r, const SourceSet& sources) {
  if (!wire_is_spf(z.rdata(r))) return std::nullopt;  // first: most TXT records are not SPF
  if (r.has(kValueUnknown) || !in_zone(z, r)) return std::nullopt;
  auto j = join_txt(z, r, sources);
  if (!j || !is_spf_text(j->text())) return std::nullopt;
  SpfRecord s;
  s.zone = &z;
  s.record = &r;
  std::vector<std::uint32_t> joins;
  // Joins the author wrote (`"..." "..."`), not the ones a front end made by chunking a long
  // value: those map to adjacent source bytes.
  for (std::size_t k = 1; k < j->string_count(); ++k) {
    const Span js = j->join_span(k);
    if (!js.valid() || js.end > js.begin) joins.push_back(j->string_start(k));
  }
  s.parsed = parse(j->text(), joins);
  for (auto& e : s.parsed.errors) {  // from an index into `joins` to the string index
    if (!e.join) continue;
    const std::uint32_t at = joins[e.join - 1];
    for (std::size_t k = 1; k < j->string_count(); ++k)
      if (j->string_start(k) == at) e.join = k;
  }
  s.txt = std::move(*j);
  return s;
}
}  // namespace

std::vector<SpfRecord> records_at(const Zone& z, const Name& owner, const SourceSet& sources,
                                  std::uint16_t type) {
  std::vector<SpfRecord> out;
  for (auto i : z.records_at(owner, type))
    if (auto s = make_record(z, z.records[i], sources)) out.push_back(std::move(*s));
  return out;
}

namespace {
std::vector<SpfSet> compute_spf_sets(const RuleContext& ctx, std::uint16_t type) {
  std::vector<SpfSet> out;
  for (const Zone* z : ctx.zones()) {
    const std::size_t first = out.size();
    // Records in file order (a sequential scan: most of a large zone is not SPF), grouped by
    // owner; owners in the order of their first record.
    struct Hash {
      std::size_t operator()(std::string_view w) const { return Name::hash_ci(w); }
    };
    struct Eq {
      bool operator()(std::string_view a, std::string_view b) const { return Name::equal_ci(a, b); }
    };
    std::unordered_map<std::string_view, std::size_t, Hash, Eq> index;  // owner wire -> set
    for (const Record& r : z->records) {
      if (r.type != type) continue;
      auto s = make_record(*z, r, ctx.sources());
      if (!s) continue;
      if (out.size() > first && out.back().owner == r.owner) {
        out.back().records.push_back(std::move(*s));
        continue;
      }
      const auto [it, added] = index.emplace(std::string_view(r.owner.wire()), out.size());
      if (added)
        out.push_back(SpfSet{z, r.owner, {std::move(*s)}});
      else
        out[it->second].records.push_back(std::move(*s));
    }
  }
  return out;
}
}  // namespace

const std::vector<SpfSet>& spf_sets(const RuleContext& ctx, std::uint16_t type) {
  return ctx.memo<std::vector<SpfSet>>(type == rrtype::TXT ? "spf.sets.txt" : "spf.sets.99",
                                       [&] { return compute_spf_sets(ctx, type); });
}

// ---- Queries
// ---------------------------------------------------------------------------------------

const ExternalResolver& offline_resolver() {
  static const OfflineResolver r;
  return r;
}

namespace {

// Live mode (--resolve): names outside the loaded zones are asked through the run's
// ExternalDns. A query without an answer yet (the engine resolves it before the next pass) or
// one the network could not answer stays unknown, exactly as offline.
class LiveResolver final : public ExternalResolver {
 public:
  explicit LiveResolver(const ExternalDns& dns) : dns_(dns) {}
  Answer lookup(const Name& name, std::uint16_t type) const override {
    Answer out;
    const ExternalAnswer* a = dns_.lookup(name, type);
    if (!a || a->status == ExternalAnswer::failed) return out;
    if (a->status == ExternalAnswer::nxdomain) {
      out.status = Answer::nxdomain;
      return out;
    }
    for (const std::string& rd : a->rdata) {
      if (auto text = rdata_text(type, rd)) out.external.push_back(std::move(*text));
    }
    out.status = out.external.empty() ? Answer::nodata : Answer::records;
    return out;
  }

 private:
  // TXT: the strings joined (RFC 7208 §3.3); MX: the exchange; A/AAAA: the address.
  static std::optional<std::string> rdata_text(std::uint16_t type, std::string_view rd) {
    std::string text;
    if (type == rrtype::TXT) {
      for (std::size_t p = 0; p < rd.size();) {
        const auto len = static_cast<unsigned char>(rd[p]);
        if (p + 1 + len > rd.size()) return std::nullopt;
        text.append(rd.substr(p + 1, len));
        p += 1 + len;
      }
      return text;
    }
    if (type == rrtype::MX) {
      if (rd.size() < 3) return std::nullopt;
      std::size_t p = 2;
      const auto n = read_wire_name(rd, p);
      if (!n) return std::nullopt;
      return n->text();
    }
    if ((type == rrtype::A && rd.size() == 4) || (type == rrtype::AAAA && rd.size() == 16)) {
      char buf[INET6_ADDRSTRLEN] = {};
      if (!inet_ntop(type == rrtype::A ? AF_INET : AF_INET6, rd.data(), buf, sizeof buf))
        return std::nullopt;
      return std::string(buf);
    }
    return std::nullopt;
  }
  const ExternalDns& dns_;
};

}  // namespace

Answer query(const RuleContext& ctx, const ExternalResolver& ext, const Name& start,
             std::uint16_t type) {
  Name name = start;
  for (int hops = 0; hops < 10; ++hops) {
    const Resolution res = resolve(ctx, name);
    if (res.kind == Resolution::outside) return ext.lookup(name, type);
    if (!res.zone || ctx.incomplete(*res.zone)) return {};
    if (res.kind == Resolution::delegated || res.kind == Resolution::below_dname) return {};
    Answer a;
    if (res.kind == Resolution::nxdomain) {
      a.status = Answer::nxdomain;
      return a;
    }
    const Zone& z = *res.zone;
    bool unknown = false;
    std::optional<Name> cname;
    for (auto i : z.records_at(res.source)) {
      const Record& r = z.records[i];
      if (!in_zone(z, r)) continue;
      if (r.type == type) {
        if (r.has(kValueUnknown)) unknown = true;
        a.loaded.emplace_back(&z, i);
      } else if (r.type == rrtype::CNAME && type != rrtype::CNAME) {
        if (r.has(kValueUnknown)) return {};
        if (auto t = as_name_target(z, r)) cname = t->target;
      }
    }
    if (unknown) return {};
    if (!a.loaded.empty()) {
      a.status = Answer::records;
      return a;
    }
    if (cname) {
      name = *cname;
      continue;
    }
    a.status = Answer::nodata;
    return a;
  }
  return {};
}

SpfAt spf_at(const RuleContext& ctx, const Name& name, const ExternalResolver& ext) {
  SpfAt out;
  out.zone = ctx.authoritative_for(name);
  out.answer = query(ctx, ext, name, rrtype::TXT);
  if (out.answer.status == Answer::unknown) return out;
  std::optional<Name> owner;
  for (const auto& [z, idx] : out.answer.loaded) {
    const Name& o = z->records[idx].owner;
    if (owner && *owner == o) continue;
    owner = o;
    for (auto& r : records_at(*z, o, ctx.sources())) out.loaded.push_back(std::move(r));
  }
  for (const auto& t : out.answer.external)
    if (is_spf_text(t)) out.external.push_back(t);
  const std::size_t n = out.loaded.size() + out.external.size();
  out.status = n == 0 ? SpfAt::none : n == 1 ? SpfAt::one : SpfAt::multiple;
  return out;
}

const std::vector<Name>& include_targets(const RuleContext& ctx) {
  return ctx.memo<std::vector<Name>>("spf.include-targets", [&] {
    // Many records include the same few names: deduplicate by wire before sorting.
    std::unordered_map<std::string, Name> unique;
    for (const auto& set : spf_sets(ctx)) {
      for (const auto& r : set.records) {
        for (const auto& t : r.parsed.terms) {
          if ((t.kind != Kind::include && t.kind != Kind::redirect) || !t.valid()) continue;
          auto n = term_target(r.text(), t, set.owner);
          if (n && !(*n == set.owner)) unique.emplace(n->canonical_wire(), std::move(*n));
        }
      }
    }
    std::vector<Name> out;
    out.reserve(unique.size());
    for (auto& [wire, n] : unique) out.push_back(std::move(n));
    std::sort(out.begin(), out.end());
    return out;
  });
}

bool is_include_target(const std::vector<Name>& targets, const Name& name) {
  return std::binary_search(targets.begin(), targets.end(), name);
}

// ---- The walk
// ------------------------------------------------------------------------------------

std::size_t Walk::known_lookups() const {
  std::size_t n = 0;
  for (const auto& l : lookups) n += l.outside ? 0 : 1;
  return n;
}
std::size_t Walk::outside_lookups() const {
  return lookups.size() - known_lookups();
}
std::size_t Walk::void_lookups(bool ipv6) const {
  std::size_t n = 0;
  for (const auto& l : lookups) n += (ipv6 ? l.void6 : l.void4) ? 1 : 0;
  return n;
}
std::vector<std::pair<std::size_t, std::size_t>> Walk::chain(std::size_t node) const {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  while (node < nodes.size() && nodes[node].parent != Node::kNone) {
    out.emplace_back(nodes[node].parent, nodes[node].via_term);
    node = nodes[node].parent;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

Span node_term_span(const Node& n, std::size_t term) {
  if (!n.loaded || term >= n.loaded->parsed.terms.size()) return {};
  return n.loaded->term_span(n.loaded->parsed.terms[term]);
}

std::size_t root_term(const Walk& w, std::size_t node, std::size_t term) {
  while (node < w.nodes.size() && w.nodes[node].parent != Node::kNone) {
    term = w.nodes[node].via_term;
    node = w.nodes[node].parent;
  }
  return term;
}

Span nearest_span(const Walk& w, std::size_t node, std::size_t term) {
  while (node < w.nodes.size()) {
    const Span s = node_term_span(w.nodes[node], term);
    if (s.valid() || w.nodes[node].parent == Node::kNone) return s;
    term = w.nodes[node].via_term;
    node = w.nodes[node].parent;
  }
  return {};
}

std::string describe_term(const Walk& w, std::size_t node, std::size_t term) {
  const Node& n = w.nodes[node];
  std::string t = "'" + std::string(term_text(n.text(), n.parsed().terms[term])) + "'";
  if (node == 0) return t;
  return t + " in the SPF record of " + quoted(n.domain) +
         (n.loaded ? "" : " (outside the loaded zones)");
}

namespace {

// Answers shared by the walks of one run: many records name the same hosts and includes.
struct WalkCache {
  std::unordered_map<std::string, Answer> answers;  // type (2 bytes) + canonical wire
  std::unordered_map<std::string, std::shared_ptr<const SpfAt>> spf;  // canonical wire
};

class Walker {
 public:
  Walker(const RuleContext& ctx, const ExternalResolver& ext, Walk& w, WalkCache* cache)
      : ctx_(ctx), ext_(ext), w_(w), cache_(cache) {}

  // Evaluates node `ni`; returns true when it passes every sender (an include of it matches).
  bool eval(std::size_t ni, std::vector<Name>& path) {
    if (w_.nodes[ni].parsed().permerror()) return false;
    const std::size_t n_terms = w_.nodes[ni].parsed().terms.size();
    bool passes_all = true;  // every mechanism so far passes, and none can fail to match
    for (std::size_t k = 0; k < n_terms; ++k) {
      const Term t = w_.nodes[ni].parsed().terms[k];
      if (!t.is_mechanism()) continue;
      if (t.kind == Kind::all) return passes_all && t.result() == '+';
      if (t.result() != '+') passes_all = false;
      if (!t.counts_lookup()) continue;
      if (!count(ni, k)) return false;
      if (t.kind == Kind::include) {
        if (follow(ni, k, path)) return passes_all;  // matches every sender: evaluation ends
      } else if (plain_lookup(ni, k)) {
        // An `exists` of a fixed name that has an address matches every sender, and so ends
        // the evaluation; one outside the loaded zones may, so the walk stops there too
        // rather than count terms that may never be evaluated.
        return passes_all && t.result() == '+';
      }
    }
    const int r = w_.nodes[ni].parsed().redirect;
    if (r >= 0) {
      if (!count(ni, static_cast<std::size_t>(r))) return false;
      return follow(ni, static_cast<std::size_t>(r), path);
    }
    return false;
  }

 private:
  bool count(std::size_t ni, std::size_t k) {
    if (w_.lookups.size() >= kMaxWalkLookups) {
      w_.truncated = true;
      return false;
    }
    Lookup l;
    l.node = ni;
    l.term = k;
    w_.lookups.push_back(l);
    return true;
  }

  const std::string& text(std::size_t ni) const { return w_.nodes[ni].text(); }

  Answer ask(const Name& name, std::uint16_t type) {
    if (!cache_) return query(ctx_, ext_, name, type);
    std::string key(reinterpret_cast<const char*>(&type), sizeof type);
    key += name.canonical_wire();
    auto it = cache_->answers.find(key);
    if (it == cache_->answers.end())
      it = cache_->answers.emplace(std::move(key), query(ctx_, ext_, name, type)).first;
    return it->second;
  }

  std::shared_ptr<const SpfAt> spf_of(const Name& name) {
    if (!cache_) return std::make_shared<const SpfAt>(spf_at(ctx_, name, ext_));
    std::string key = name.canonical_wire();
    auto it = cache_->spf.find(key);
    if (it == cache_->spf.end())
      it = cache_->spf
               .emplace(std::move(key), std::make_shared<const SpfAt>(spf_at(ctx_, name, ext_)))
               .first;
    return it->second;
  }

  // For a sender-dependent target: its fixed suffix when that does not exist in a complete
  // loaded zone (no wildcard above it either), so no expansion has records.
  std::optional<Name> void_suffix(std::size_t ni, const Term& t) const {
    if (!t.has_arg()) return std::nullopt;
    auto suffix =
        fixed_suffix(std::string_view(text(ni)).substr(t.arg_begin, t.arg_end - t.arg_begin),
                     w_.nodes[ni].domain);
    if (!suffix) return std::nullopt;
    const Resolution res = resolve(ctx_, *suffix);
    if (res.kind != Resolution::nxdomain || ctx_.incomplete(*res.zone)) return std::nullopt;
    return suffix;
  }

  // a, mx, ptr, exists. Returns true when the term matches every sender (or may, as far as
  // can be known): an `exists` of a fixed name.
  bool plain_lookup(std::size_t ni, std::size_t k) {
    const Term t = w_.nodes[ni].parsed().terms[k];
    Lookup& l = w_.lookups.back();
    bool malformed = false;
    l.target = term_target(text(ni), t, w_.nodes[ni].domain, &malformed);
    if (!l.target) {
      if ((malformed || void_suffix(ni, t)) && t.kind != Kind::ptr) l.void4 = l.void6 = true;
      return false;
    }
    const Name target = *l.target;
    // A bare `a` or `mx` asks about the record's own name, which exists in its zone (it owns
    // the SPF record): one look at its records answers every type.
    std::vector<std::uint32_t> own;
    const SpfRecord* rec = w_.nodes[ni].loaded.get();
    const bool at_own = !t.has_arg() && rec && rec->zone && !ctx_.incomplete(*rec->zone) &&
                        rec->zone == ctx_.authoritative_for(target);
    if (at_own) own = rec->zone->records_at(target);
    auto ask_own = [&](std::uint16_t type) {
      if (!at_own) return ask(target, type);
      Answer a;
      bool alias = false;
      for (auto i : own) {
        const Record& r = rec->zone->records[i];
        if (!in_zone(*rec->zone, r)) continue;
        if (r.type == rrtype::CNAME) alias = true;
        if (r.type != type) continue;
        if (r.has(kValueUnknown)) return Answer{};
        a.loaded.emplace_back(rec->zone, i);
      }
      if (alias) return ask(target, type);
      a.status = a.loaded.empty() ? Answer::nodata : Answer::records;
      return a;
    };
    switch (t.kind) {
      case Kind::a: {
        const Answer a4 = ask_own(rrtype::A);
        const Answer a6 = ask_own(rrtype::AAAA);
        w_.lookups.back().void4 = a4.is_void();
        w_.lookups.back().void6 = a6.is_void();
        break;
      }
      case Kind::exists: {
        const Answer a4 = ask(target, rrtype::A);  // always A (§5.7)
        w_.lookups.back().void4 = w_.lookups.back().void6 = a4.is_void();
        return !a4.is_void();
      }
      case Kind::mx: {
        Answer mx = ask_own(rrtype::MX);
        w_.lookups.back().void4 = w_.lookups.back().void6 = mx.is_void();
        if (mx.status == Answer::records && mx.size() > 10)
          w_.mx_over.push_back(MxOver{ni, k, target, std::move(mx)});
        break;
      }
      default:
        break;  // ptr: the query depends on the sender's address
    }
    return false;
  }

  // include or redirect: find the target's record and evaluate it.
  bool follow(std::size_t ni, std::size_t k, std::vector<Name>& path) {
    const Term t = w_.nodes[ni].parsed().terms[k];
    bool malformed = false;
    const auto target = term_target(text(ni), t, w_.nodes[ni].domain, &malformed);
    w_.lookups.back().target = target;
    if (!target) {
      if (malformed) {
        w_.missing.push_back(MissingTarget{ni, k, Name{}, false, true, nullptr, false});
        w_.lookups.back().void4 = w_.lookups.back().void6 = true;
      } else if (const auto suffix = void_suffix(ni, t)) {
        w_.missing.push_back(
            MissingTarget{ni, k, *suffix, false, false, ctx_.authoritative_for(*suffix), true});
        w_.lookups.back().void4 = w_.lookups.back().void6 = true;
      } else {
        w_.lookups.back().outside = true;  // depends on the sender
      }
      return false;
    }
    for (const Name& on_path : path) {
      if (on_path == *target) {
        // The node on the path with this domain.
        std::size_t back = ni;
        while (back != Node::kNone && !(w_.nodes[back].domain == *target))
          back = w_.nodes[back].parent;
        w_.loops.push_back(LoopStep{ni, k, back == Node::kNone ? 0 : back});
        return false;
      }
    }
    if (w_.nodes[ni].depth + 1 > kMaxDepth) {
      w_.truncated = true;
      return false;
    }
    Node child;
    child.domain = *target;
    child.parent = ni;
    child.via_term = k;
    child.depth = w_.nodes[ni].depth + 1;
    const std::shared_ptr<const SpfAt> shared = spf_of(*target);
    const SpfAt& at = *shared;
    if (at.status == SpfAt::unknown) {
      w_.lookups.back().outside = true;
      return false;
    }
    w_.lookups.back().void4 = w_.lookups.back().void6 = at.answer.is_void();
    if (at.status != SpfAt::one) {
      w_.missing.push_back(
          MissingTarget{ni, k, *target, at.status == SpfAt::multiple, false, at.zone, false});
      return false;
    }
    if (!at.loaded.empty()) {
      child.loaded = std::shared_ptr<const SpfRecord>(shared, &at.loaded.front());
    } else {
      child.external_text = at.external.front();
      child.external_parsed = parse(child.external_text);
    }
    w_.nodes.push_back(std::move(child));
    const std::size_t ci = w_.nodes.size() - 1;
    path.push_back(*target);
    const bool passes = eval(ci, path);
    path.pop_back();
    return passes;
  }

  const RuleContext& ctx_;
  const ExternalResolver& ext_;
  Walk& w_;
  WalkCache* cache_;
};

Walk walk_with(const RuleContext& ctx, const SpfRecord& root, const Name& domain,
               const ExternalResolver& ext, WalkCache* cache) {
  Walk w;
  Node n;
  n.domain = domain;
  n.loaded = std::shared_ptr<const SpfRecord>(std::shared_ptr<const SpfRecord>{}, &root);
  w.nodes.push_back(std::move(n));
  std::vector<Name> path{domain};
  Walker(ctx, ext, w, cache).eval(0, path);
  return w;
}

}  // namespace

const std::vector<std::vector<Walk>>& offline_walks(const RuleContext& ctx) {
  return ctx.memo<std::vector<std::vector<Walk>>>("spf.walks", [&] {
    std::vector<std::vector<Walk>> out;
    WalkCache cache;
    std::optional<LiveResolver> live;
    if (ctx.external()) live.emplace(*ctx.external());
    const ExternalResolver& ext =
        live ? static_cast<const ExternalResolver&>(*live) : offline_resolver();
    for (const auto& set : spf_sets(ctx)) {
      auto& walks = out.emplace_back();
      for (const auto& r : set.records) walks.push_back(walk_with(ctx, r, set.owner, ext, &cache));
    }
    return out;
  });
}

Walk walk(const RuleContext& ctx, const SpfRecord& root, const Name& domain,
          const ExternalResolver& ext) {
  return walk_with(ctx, root, domain, ext, nullptr);
}

}  // namespace zl::spf
