// RDATA presentation text -> wire form: the token cursor, the field encoders, the per-type
// layouts, RFC 3597 generic rdata, wire checks and the presentation printer.
#include "parse/rdata.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "core/ascii.hpp"
#include "core/ttl.hpp"
#include "parse/rdata_internal.hpp"

namespace zl {
namespace rdata_detail {

namespace {

std::string quote_token(std::string_view t) {
  std::string s = "'";
  s.append(t.substr(0, 80));
  if (t.size() > 80) s += "...";
  s += "'";
  return s;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
}  // namespace

// --- helpers ------------------------------------------------------------------------------

bool parse_decimal(std::string_view s, std::uint64_t max, std::uint64_t& v) {
  if (s.empty() || s.size() > 20) return false;
  std::uint64_t r = 0;
  for (char c : s) {
    if (!is_digit(c)) return false;
    const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (r > max / 10 || (r == max / 10 && d > max % 10)) return false;
    r = r * 10 + d;
  }
  v = r;
  return true;
}

bool decode_string(std::string_view raw, std::string& out, std::string* error) {
  out.clear();
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i + 1 >= raw.size()) {
      if (error) *error = "dangling backslash at the end";
      return false;
    }
    const char d = raw[i + 1];
    if (is_digit(d)) {
      if (i + 3 >= raw.size() || !is_digit(raw[i + 2]) || !is_digit(raw[i + 3])) {
        if (error) *error = "\\DDD escape needs three decimal digits";
        return false;
      }
      const int v = (d - '0') * 100 + (raw[i + 2] - '0') * 10 + (raw[i + 3] - '0');
      if (v > 255) {
        if (error)
          *error = "\\DDD escape above 255 ('\\" + std::string(raw.substr(i + 1, 3)) + "')";
        return false;
      }
      out.push_back(static_cast<char>(v));
      i += 3;
    } else {
      out.push_back(d);
      i += 1;
    }
  }
  return true;
}

bool decode_base64(std::string_view text, std::string& out) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (text.size() % 4 != 0) return false;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + static_cast<std::size_t>(k)];
      if (c == '=') {
        if (!last || k < 2) return false;
        ++pad;
        v[k] = 0;
        continue;
      }
      if (pad) return false;  // data after padding
      v[k] = val(c);
      if (v[k] < 0) return false;
    }
    const std::uint32_t n =
        (static_cast<std::uint32_t>(v[0]) << 18) | (static_cast<std::uint32_t>(v[1]) << 12) |
        (static_cast<std::uint32_t>(v[2]) << 6) | static_cast<std::uint32_t>(v[3]);
    out.push_back(static_cast<char>(n >> 16));
    if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<char>(n & 0xff));
  }
  return true;
}

bool decode_base32hex(std::string_view text, std::string& out) {
  // RFC 4648 §7 without padding (RFC 5155 §3.3); Knot also accepts the padded form.
  const auto eq = text.find('=');
  if (eq != std::string_view::npos) {
    if (text.size() % 8 != 0 || text.find_first_not_of('=', eq) != std::string_view::npos)
      return false;
    const std::size_t data_rem = eq % 8;
    if (data_rem == 0 || text.size() - eq != 8 - data_rem) return false;
    text = text.substr(0, eq);
  }
  std::uint64_t acc = 0;
  int bits = 0;
  const std::size_t rem = text.size() % 8;
  if (rem == 1 || rem == 3 || rem == 6) return false;
  for (char c : text) {
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'v')
      v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'V')
      v = c - 'A' + 10;
    else
      return false;
    acc = (acc << 5) | static_cast<std::uint64_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  // Leftover bits must be zero.
  return (acc & ((1u << bits) - 1)) == 0;
}

std::string encode_base64(std::string_view b) {
  static constexpr char kAlpha[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s;
  std::size_t i = 0;
  for (; i + 3 <= b.size(); i += 3) {
    const std::uint32_t n = (static_cast<unsigned char>(b[i]) << 16) |
                            (static_cast<unsigned char>(b[i + 1]) << 8) |
                            static_cast<unsigned char>(b[i + 2]);
    s += kAlpha[(n >> 18) & 63];
    s += kAlpha[(n >> 12) & 63];
    s += kAlpha[(n >> 6) & 63];
    s += kAlpha[n & 63];
  }
  if (i < b.size()) {
    std::uint32_t n = static_cast<unsigned char>(b[i]) << 16;
    if (i + 1 < b.size()) n |= static_cast<unsigned char>(b[i + 1]) << 8;
    s += kAlpha[(n >> 18) & 63];
    s += kAlpha[(n >> 12) & 63];
    s += (i + 1 < b.size()) ? kAlpha[(n >> 6) & 63] : '=';
    s += '=';
  }
  return s;
}

std::string encode_base32hex(std::string_view b) {
  static constexpr char kAlpha[] = "0123456789abcdefghijklmnopqrstuv";
  std::string s;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : b) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      s += kAlpha[(acc >> bits) & 31];
    }
  }
  if (bits > 0) s += kAlpha[(acc << (5 - bits)) & 31];
  return s;
}

std::string type_bitmap_text(std::string_view w, bool* ok) {
  std::string s;
  *ok = true;
  std::size_t p = 0;
  int last_window = -1;
  while (p < w.size()) {
    if (p + 2 > w.size()) {
      *ok = false;
      return s;
    }
    const int window = static_cast<unsigned char>(w[p]);
    const int len = static_cast<unsigned char>(w[p + 1]);
    if (window <= last_window || len < 1 || len > 32 ||
        p + 2 + static_cast<std::size_t>(len) > w.size()) {
      *ok = false;
      return s;
    }
    last_window = window;
    for (int i = 0; i < len; ++i) {
      const auto byte = static_cast<unsigned char>(w[p + 2 + static_cast<std::size_t>(i)]);
      for (int bit = 0; bit < 8; ++bit) {
        if (byte & (0x80 >> bit)) {
          if (!s.empty()) s += ' ';
          s += type_name(static_cast<std::uint16_t>(window * 256 + i * 8 + bit));
        }
      }
    }
    p += 2 + static_cast<std::size_t>(len);
  }
  return s;
}

// --- the cursor ---------------------------------------------------------------------------

const RdataToken* Enc::take(std::string_view expected) {
  if (at_end()) {
    fail_missing(expected);
    return nullptr;
  }
  return &toks_[i_++];
}

bool Enc::fail_at(Span span, std::string message) {
  if (ctx_.diags) {
    Diagnostic d;
    d.rule = std::string(kParseError);
    d.severity = Severity::error;
    d.message = std::move(message);
    d.span = span;
    d.owner = ctx_.owner;
    d.type = type_name(type_);
    ctx_.diags->add(std::move(d));
  }
  return false;
}

bool Enc::fail(const RdataToken& t, std::string message) {
  return fail_at(t.span, std::move(message));
}

bool Enc::fail_expected(const RdataToken& t, std::string_view expected) {
  return fail(t, "expected " + std::string(expected) + ", found " + quote_token(t.text));
}

bool Enc::fail_missing(std::string_view expected) {
  Span s = ctx_.missing_span;
  if (!toks_.empty()) {
    const Span& last = toks_.back().span;
    if (!s.valid() || last.end >= s.end) s = Span{last.file, last.end, last.end};
  }
  return fail_at(s, "expected " + std::string(expected) + ", found the end of the " +
                        type_name(type_) + " rdata");
}

bool Enc::expect_end() {
  if (at_end()) return true;
  return fail(toks_[i_], "expected the end of the " + type_name(type_) + " rdata, found " +
                             quote_token(toks_[i_].text));
}

// --- field encoders -----------------------------------------------------------------------

bool Enc::number(std::string_view what, std::uint64_t max, int bytes, std::uint64_t* value) {
  const std::string expected = std::string(what) + " 0.." + std::to_string(max);
  const RdataToken* t = take(expected);
  if (!t) return false;
  std::uint64_t v = 0;
  if (t->quoted || !parse_decimal(t->text, max, v)) return fail_expected(*t, expected);
  for (int k = bytes - 1; k >= 0; --k) put8(static_cast<std::uint8_t>(v >> (8 * k)));
  if (value) *value = v;
  return true;
}

bool Enc::u8(std::string_view what, std::uint8_t* v) {
  std::uint64_t x = 0;
  if (!number(what, 255, 1, &x)) return false;
  if (v) *v = static_cast<std::uint8_t>(x);
  return true;
}
bool Enc::u16(std::string_view what, std::uint16_t* v) {
  std::uint64_t x = 0;
  if (!number(what, 65535, 2, &x)) return false;
  if (v) *v = static_cast<std::uint16_t>(x);
  return true;
}
bool Enc::u32(std::string_view what) {
  return number(what, 4294967295u, 4);
}

bool Enc::period(std::string_view what) {
  const std::string expected =
      std::string(what) + " (0..4294967295 seconds, or units such as 1w2d3h4m5s)";
  const RdataToken* t = take(expected);
  if (!t) return false;
  std::uint32_t total = 0;
  const bool ok = !t->quoted && parse_ttl(t->text, total) == TtlResult::ok;
  if (!ok) return fail_expected(*t, expected);
  put32(total);
  return true;
}

bool Enc::time(std::string_view what) {
  const std::string expected = std::string(what) + " (YYYYMMDDHHmmSS or seconds since 1970)";
  const RdataToken* t = take(expected);
  if (!t) return false;
  const std::string_view s = t->text;
  std::uint64_t v = 0;
  if (t->quoted || s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos)
    return fail_expected(*t, expected);
  if (s.size() == 14) {
    auto num = [&](std::size_t off, std::size_t len) {
      std::uint64_t x = 0;
      parse_decimal(s.substr(off, len), 99999, x);
      return static_cast<std::int64_t>(x);
    };
    const std::int64_t Y = num(0, 4), M = num(4, 2), D = num(6, 2), h = num(8, 2), m = num(10, 2),
                       sec = num(12, 2);
    namespace chr = std::chrono;
    const chr::year_month_day date{chr::year{static_cast<int>(Y)},
                                   chr::month{static_cast<unsigned>(M)},
                                   chr::day{static_cast<unsigned>(D)}};
    const bool ok = Y >= 1970 && date.ok() && h <= 23 && m <= 59 && sec <= 60;
    if (!ok)
      return fail(*t, "expected " + expected + ", found " + quote_token(s) +
                          " (not a valid date and time)");
    const std::int64_t days = chr::sys_days(date).time_since_epoch().count();
    const std::int64_t secs = days * 86400 + h * 3600 + m * 60 + sec;
    // Serial number arithmetic (RFC 4034 §3.1.5): the value wraps modulo 2^32.
    put32(static_cast<std::uint32_t>(static_cast<std::uint64_t>(secs) & 0xffffffffu));
    return true;
  }
  if (s.size() > 10 || !parse_decimal(s, 4294967295u, v)) return fail_expected(*t, expected);
  put32(static_cast<std::uint32_t>(v));
  return true;
}

bool Enc::name(std::string_view what) {
  const RdataToken* t = take(what);
  if (!t) return false;
  // BIND ("unexpected token") and Knot refuse a quoted domain name in rdata.
  if (t->quoted)
    return fail(*t, "expected " + std::string(what) + ", found the quoted string \"" +
                        std::string(t->text) + "\": a domain name is written without quotes");
  std::string err;
  auto n = Name::parse(t->text, ctx_.origin, &err);
  if (!n)
    return fail(*t,
                "expected " + std::string(what) + ", found " + quote_token(t->text) + ": " + err);
  out_.append(n->wire());
  return true;
}

bool Enc::char_string(std::string_view what) {
  const RdataToken* t = take(what);
  if (!t) return false;
  std::string bytes, err;
  if (!decode_string(t->text, bytes, &err))
    return fail(*t,
                "expected " + std::string(what) + ", found " + quote_token(t->text) + ": " + err);
  if (bytes.size() > 255)
    return fail(*t, "character-string of " + std::to_string(bytes.size()) +
                        " octets is longer than 255 octets (RFC 1035 §3.3); split it into several "
                        "quoted strings");
  put8(static_cast<std::uint8_t>(bytes.size()));
  out_.append(bytes);
  return true;
}

bool Enc::char_strings(std::string_view what) {
  if (!char_string(what)) return false;
  while (!at_end())
    if (!char_string(what)) return false;
  return true;
}

// An address literal, checked by inet_pton (never by hand): 4 bytes for AF_INET, 16 for
// AF_INET6.
bool Enc::address(int family, std::string_view what) {
  const RdataToken* t = take(what);
  if (!t) return false;
  const std::string s(t->text);
  unsigned char buf[16];
  if (t->quoted || inet_pton(family, s.c_str(), buf) != 1) return fail_expected(*t, what);
  out_.append(reinterpret_cast<const char*>(buf), family == AF_INET ? 4 : 16);
  return true;
}

bool Enc::ipv4(std::string_view what) {
  return address(AF_INET, what);
}

bool Enc::ipv6(std::string_view what) {
  return address(AF_INET6, what);
}

bool Enc::base64_rest(std::string_view what, bool allow_empty) {
  if (at_end()) {
    if (allow_empty) return true;
    return fail_missing(what);
  }
  std::string text;
  const RdataToken* first = peek();
  Span span = first->span;
  while (!at_end()) {
    const RdataToken* t = take(what);
    if (t->quoted) return fail_expected(*t, what);
    text.append(t->text);
    if (t->span.file == span.file && t->span.end > span.end) span.end = t->span.end;
  }
  if (allow_empty && text == "-") return true;
  if (!decode_base64(text, out_)) {
    const auto bad =
        text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");
    if (bad != std::string::npos)
      return fail_at(span, "expected " + std::string(what) + ", found the character " +
                               quote_token(text.substr(bad, 1)) + " which is not base64");
    return fail_at(span,
                   "expected " + std::string(what) +
                       ", found base64 text of the wrong length or with misplaced '=' padding");
  }
  return true;
}

bool Enc::hex_rest(std::string_view what, bool allow_empty) {
  if (at_end()) {
    if (allow_empty) return true;
    return fail_missing(what);
  }
  std::string text;
  Span span = peek()->span;
  while (!at_end()) {
    const RdataToken* t = take(what);
    if (t->quoted) return fail_expected(*t, what);
    text.append(t->text);
    if (t->span.file == span.file && t->span.end > span.end) span.end = t->span.end;
  }
  if (allow_empty && text == "-") return true;
  if (!decode_hex(text, out_)) {
    const auto bad = text.find_first_not_of("0123456789abcdefABCDEF");
    if (bad != std::string::npos)
      return fail_at(span, "expected " + std::string(what) + ", found the character " +
                               quote_token(text.substr(bad, 1)) + " which is not hexadecimal");
    return fail_at(span, "expected " + std::string(what) + ", found an odd number of hex digits");
  }
  return true;
}

bool Enc::rrtype(std::string_view what, std::uint16_t* v) {
  const RdataToken* t = take(what);
  if (!t) return false;
  auto ty = t->quoted ? std::nullopt : parse_type(t->text);
  if (!ty) return fail_expected(*t, what);
  put16(*ty);
  if (v) *v = *ty;
  return true;
}

bool Enc::type_bitmap() {
  std::array<std::uint8_t, 8192> bits{};
  bool any = false;
  while (!at_end()) {
    const RdataToken* t = take("a type");
    auto ty = t->quoted ? std::nullopt : parse_type(t->text);
    if (!ty) return fail_expected(*t, "an RR type mnemonic or TYPEnnn in the type bitmap");
    bits[*ty / 8] |= static_cast<std::uint8_t>(0x80 >> (*ty % 8));
    any = true;
  }
  if (!any) return true;
  for (std::size_t w = 0; w < 256; ++w) {
    std::size_t len = 0;
    for (std::size_t i = 0; i < 32; ++i)
      if (bits[w * 32 + i]) len = i + 1;
    if (!len) continue;
    put8(static_cast<std::uint8_t>(w));
    put8(static_cast<std::uint8_t>(len));
    for (std::size_t i = 0; i < len; ++i) put8(bits[w * 32 + i]);
  }
  return true;
}

bool Enc::salt(std::string_view what) {
  const std::string expected = std::string(what) + " (hex, or '-' for none)";
  const RdataToken* t = take(expected);
  if (!t) return false;
  if (!t->quoted && t->text == "-") {
    put8(0);
    return true;
  }
  std::string bytes;
  if (t->quoted || !decode_hex(t->text, bytes) || bytes.empty()) return fail_expected(*t, expected);
  if (bytes.size() > 255) return fail(*t, std::string(what) + " is longer than 255 octets");
  put8(static_cast<std::uint8_t>(bytes.size()));
  out_.append(bytes);
  return true;
}

bool Enc::base32hex_len(std::string_view what) {
  const RdataToken* t = take(what);
  if (!t) return false;
  std::string bytes;
  if (t->quoted || t->text.empty() || !decode_base32hex(t->text, bytes) || bytes.empty())
    return fail_expected(*t, std::string(what) + " (base32hex without padding)");
  if (bytes.size() > 255) return fail(*t, std::string(what) + " is longer than 255 octets");
  put8(static_cast<std::uint8_t>(bytes.size()));
  out_.append(bytes);
  return true;
}

bool Enc::algorithm(std::string_view what) {
  static constexpr std::pair<std::string_view, int> kAlgs[] = {{"RSAMD5", 1},
                                                               {"DH", 2},
                                                               {"DSA", 3},
                                                               {"ECC", 4},
                                                               {"RSASHA1", 5},
                                                               {"DSA-NSEC3-SHA1", 6},
                                                               {"NSEC3DSA", 6},
                                                               {"RSASHA1-NSEC3-SHA1", 7},
                                                               {"NSEC3RSASHA1", 7},
                                                               {"RSASHA256", 8},
                                                               {"RSASHA512", 10},
                                                               {"ECC-GOST", 12},
                                                               {"ECCGOST", 12},
                                                               {"ECDSAP256SHA256", 13},
                                                               {"ECDSAP384SHA384", 14},
                                                               {"ED25519", 15},
                                                               {"ED448", 16},
                                                               {"INDIRECT", 252},
                                                               {"PRIVATEDNS", 253},
                                                               {"PRIVATEOID", 254}};
  const RdataToken* t = peek();
  if (t && !t->quoted && !t->text.empty() && !is_digit(t->text[0])) {
    for (auto& [n, v] : kAlgs) {
      if (iequals(n, t->text)) {
        take(what);
        put8(static_cast<std::uint8_t>(v));
        return true;
      }
    }
    take(what);
    return fail_expected(*t, std::string(what) + " 0..255 or a mnemonic such as RSASHA256");
  }
  return u8(what);
}

bool Enc::cert_type(std::string_view what) {
  static constexpr std::pair<std::string_view, int> kTypes[] = {
      {"PKIX", 1}, {"SPKI", 2},   {"PGP", 3},     {"IPKIX", 4}, {"ISPKI", 5},
      {"IPGP", 6}, {"ACPKIX", 7}, {"IACPKIX", 8}, {"URI", 253}, {"OID", 254}};
  const RdataToken* t = peek();
  if (t && !t->quoted && !t->text.empty() && !is_digit(t->text[0])) {
    take(what);
    for (auto& [n, v] : kTypes) {
      if (iequals(n, t->text)) {
        put16(static_cast<std::uint16_t>(v));
        return true;
      }
    }
    return fail_expected(*t, std::string(what) + " 0..65535 or a mnemonic such as PKIX");
  }
  return u16(what);
}

bool Enc::key_flags(std::string_view what) {
  // BIND 9.18's key flag mnemonics (dns_keyflags_fromtext), '|'-separated, any case:
  // `ZONE|KSK` is 257. Knot reads numbers only.
  static constexpr std::pair<std::string_view, std::uint16_t> kFlags[] = {
      {"NOCONF", 0x4000}, {"NOAUTH", 0x8000}, {"NOKEY", 0xC000},  {"FLAG2", 0x2000},
      {"EXTEND", 0x1000}, {"FLAG4", 0x0800},  {"FLAG5", 0x0400},  {"USER", 0x0000},
      {"ZONE", 0x0100},   {"HOST", 0x0200},   {"NTYP3", 0x0300},  {"FLAG8", 0x0080},
      {"FLAG9", 0x0040},  {"FLAG10", 0x0020}, {"FLAG11", 0x0010}, {"KSK", 0x0001}};
  const RdataToken* t = peek();
  if (!t || t->quoted || t->text.empty() || is_digit(t->text[0])) return u16(what);
  take(what);
  std::uint16_t value = 0;
  std::string_view rest = t->text;
  while (true) {
    const std::size_t bar = rest.find('|');
    const std::string_view name = rest.substr(0, bar);
    bool known = false;
    for (const auto& [n, v] : kFlags) {
      if (iequals(n, name)) {
        value |= v;
        known = true;
        break;
      }
    }
    // SIG0 .. SIG15: the signatory field, spelled exactly so.
    for (std::uint16_t k = 0; !known && k < 16; ++k) {
      if (iequals("SIG" + std::to_string(k), name)) {
        value |= k;
        known = true;
      }
    }
    if (!known)
      return fail(*t, "expected " + std::string(what) +
                          " 0..65535 or key flag mnemonics such as ZONE|KSK, found " +
                          quote_token(t->text) + ": unknown flag " +
                          quote_token(std::string(name)));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  put16(value);
  return true;
}

bool Enc::eui(std::string_view what, int octets) {
  const RdataToken* t = take(what);
  if (!t) return false;
  // xx-xx-xx-xx-xx-xx: two hex digits per octet, '-' between.
  const std::string_view s = t->text;
  const std::size_t want = static_cast<std::size_t>(octets) * 3 - 1;
  bool ok = !t->quoted && s.size() == want;
  std::string bytes;
  for (int i = 0; ok && i < octets; ++i) {
    const std::size_t p = static_cast<std::size_t>(i) * 3;
    const int a = hex_value(s[p]), b = hex_value(s[p + 1]);
    if (a < 0 || b < 0 || (i + 1 < octets && s[p + 2] != '-'))
      ok = false;
    else
      bytes.push_back(static_cast<char>(a * 16 + b));
  }
  if (!ok) return fail_expected(*t, what);
  out_.append(bytes);
  return true;
}

bool Enc::ilnp64(std::string_view what) {
  const RdataToken* t = take(what);
  if (!t) return false;
  // xxxx:xxxx:xxxx:xxxx, each group 1..4 hex digits (RFC 6742 §2.3).
  const std::string_view s = t->text;
  std::string bytes;
  bool ok = !t->quoted;
  std::size_t p = 0;
  for (int g = 0; ok && g < 4; ++g) {
    std::size_t q = p;
    unsigned v = 0;
    while (q < s.size() && q - p < 5 && hex_value(s[q]) >= 0)
      v = v * 16 + static_cast<unsigned>(hex_value(s[q++]));
    if (q == p || q - p > 4) {
      ok = false;
      break;
    }
    bytes.push_back(static_cast<char>(v >> 8));
    bytes.push_back(static_cast<char>(v & 0xff));
    if (g < 3) {
      if (q >= s.size() || s[q] != ':') ok = false;
      p = q + 1;
    } else if (q != s.size()) {
      ok = false;
    }
  }
  if (!ok) return fail_expected(*t, what);
  out_.append(bytes);
  return true;
}

bool Enc::caa_tag(std::string_view what) {
  const RdataToken* t = take(what);
  if (!t) return false;
  bool ok = !t->quoted && !t->text.empty() && t->text.size() <= 255;
  for (char c : t->text)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c))) ok = false;
  if (!ok) return fail_expected(*t, std::string(what) + " (letters and digits, RFC 8659 §4.1)");
  put8(static_cast<std::uint8_t>(t->text.size()));
  out_.append(t->text);
  return true;
}

bool Enc::caa_value(std::string_view what) {
  const RdataToken* t = take(what);
  if (!t) return false;
  std::string bytes, err;
  if (!decode_string(t->text, bytes, &err))
    return fail(*t,
                "expected " + std::string(what) + ", found " + quote_token(t->text) + ": " + err);
  out_.append(bytes);
  return true;
}

bool Enc::uri_target(std::string_view what) {
  const RdataToken* t = take(what);
  if (!t) return false;
  std::string bytes, err;
  if (!decode_string(t->text, bytes, &err))
    return fail(*t,
                "expected " + std::string(what) + ", found " + quote_token(t->text) + ": " + err);
  out_.append(bytes);  // an empty target is accepted, as BIND and Knot do
  return true;
}

bool Enc::nsap(std::string_view what) {
  const RdataToken* t = take(what);
  if (!t) return false;
  // RFC 1706 §5: "0x" then hex digits, with optional '.' separators.
  std::string_view s = t->text;
  std::string hex;
  bool ok = !t->quoted && s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  if (ok) {
    for (char c : s.substr(2))
      if (c != '.') hex.push_back(c);
  }
  std::string bytes;
  if (!ok || hex.empty() || !decode_hex(hex, bytes)) return fail_expected(*t, what);
  out_.append(bytes);
  return true;
}

bool Enc::dsync_scheme(std::string_view what) {
  const RdataToken* t = peek();
  if (t && !t->quoted && iequals(t->text, "NOTIFY")) {
    take(what);
    put8(1);
    return true;
  }
  return u8(what);
}

// --- type layouts -------------------------------------------------------------------------

namespace {

enum class K : std::uint8_t {
  U8,
  U16,
  U32,
  Period,
  Time,
  Name,
  Str,
  Strs,
  A,
  AAAA,
  B64,
  B64Opt,
  B64Dash,  // base64, or "-" for none (DOA); never absent
  Hex,
  HexOpt,
  Type,
  Bitmap,
  Salt,
  B32,
  Alg,
  CertType,
  KeyFlags,  // a number, or BIND's mnemonics (ZONE|KSK)
  Eui48,
  Eui64,
  Ilnp64,
  CaaTag,
  CaaValue,
  UriTarget,
  Nsap,
  DsyncScheme
};

struct FieldSpec {
  K kind;
  const char* what;
};

using Custom = bool (*)(Enc&);
using CustomCheck = bool (*)(std::string_view, std::string*);

// Presentation form of wire rdata for a layout without fields; ok=false when it cannot be said.
using CustomPrint = std::string (*)(std::uint16_t type, std::string_view wire, bool* ok);

struct Layout {
  std::span<const FieldSpec> fields;
  Custom custom = nullptr;
  CustomCheck custom_check = nullptr;
  CustomPrint custom_print = nullptr;  // for layouts without fields
};

std::string print_svcb(std::uint16_t, std::string_view wire, bool* ok) {
  return svcb_to_text(wire, ok);
}

#define FIELDS(name, ...) constexpr FieldSpec name[] = {__VA_ARGS__};
FIELDS(kA, {K::A, "an IPv4 address"})
FIELDS(kAAAA, {K::AAAA, "an IPv6 address"})
FIELDS(kNS, {K::Name, "a name server name"})
FIELDS(kCNAME, {K::Name, "a canonical name"})
FIELDS(kDNAME, {K::Name, "a target name"})
FIELDS(kPTR, {K::Name, "a domain name"})
FIELDS(kMB, {K::Name, "a mailbox host name"})
FIELDS(kMG, {K::Name, "a mailbox name"})
FIELDS(kSOA, {K::Name, "a primary server name (MNAME)"}, {K::Name, "a mailbox name (RNAME)"},
       {K::U32, "an SOA serial"}, {K::Period, "an SOA refresh"}, {K::Period, "an SOA retry"},
       {K::Period, "an SOA expire"}, {K::Period, "an SOA minimum"})
FIELDS(kMX, {K::U16, "an MX preference"}, {K::Name, "an MX exchange name"})
FIELDS(kTXT, {K::Strs, "a character-string"})
FIELDS(kSRV, {K::U16, "an SRV priority"}, {K::U16, "an SRV weight"}, {K::U16, "an SRV port"},
       {K::Name, "an SRV target name"})
FIELDS(kCAA, {K::U8, "CAA flags"}, {K::CaaTag, "a CAA tag"}, {K::CaaValue, "a CAA value"})
FIELDS(kHINFO, {K::Str, "a CPU string"}, {K::Str, "an OS string"})
FIELDS(kMINFO, {K::Name, "a responsible mailbox name"}, {K::Name, "an error mailbox name"})
FIELDS(kRP, {K::Name, "a mailbox name"}, {K::Name, "a TXT owner name"})
FIELDS(kAFSDB, {K::U16, "an AFSDB subtype"}, {K::Name, "a host name"})
FIELDS(kRT, {K::U16, "an RT preference"}, {K::Name, "an intermediate host name"})
FIELDS(kKX, {K::U16, "a KX preference"}, {K::Name, "a key exchanger name"})
FIELDS(kX25, {K::Str, "a PSDN address"})
FIELDS(kNSAP, {K::Nsap, "an NSAP address (0x followed by hex digits)"})
FIELDS(kPX, {K::U16, "a PX preference"}, {K::Name, "a MAP822 name"}, {K::Name, "a MAPX400 name"})
FIELDS(kNAPTR, {K::U16, "a NAPTR order"}, {K::U16, "a NAPTR preference"}, {K::Str, "NAPTR flags"},
       {K::Str, "a NAPTR service"}, {K::Str, "a NAPTR regexp"},
       {K::Name, "a NAPTR replacement name"})
FIELDS(kDS, {K::U16, "a key tag"}, {K::Alg, "an algorithm"}, {K::U8, "a digest type"},
       {K::Hex, "a hex digest"})
FIELDS(kDNSKEY, {K::KeyFlags, "DNSKEY flags"}, {K::U8, "a protocol"}, {K::Alg, "an algorithm"},
       {K::B64, "a base64 public key"})
FIELDS(kRRSIG, {K::Type, "a covered type"}, {K::Alg, "an algorithm"}, {K::U8, "a label count"},
       {K::U32, "an original TTL"}, {K::Time, "a signature expiration"},
       {K::Time, "a signature inception"}, {K::U16, "a key tag"}, {K::Name, "a signer name"},
       {K::B64, "a base64 signature"})
FIELDS(kNSEC, {K::Name, "a next owner name"}, {K::Bitmap, "a type bitmap"})
FIELDS(kNSEC3, {K::U8, "a hash algorithm"}, {K::U8, "NSEC3 flags"}, {K::U16, "an iteration count"},
       {K::Salt, "a salt"}, {K::B32, "a next hashed owner name"}, {K::Bitmap, "a type bitmap"})
FIELDS(kNSEC3PARAM, {K::U8, "a hash algorithm"}, {K::U8, "NSEC3PARAM flags"},
       {K::U16, "an iteration count"}, {K::Salt, "a salt"})
FIELDS(kTLSA, {K::U8, "a certificate usage"}, {K::U8, "a selector"}, {K::U8, "a matching type"},
       {K::Hex, "hex certificate association data"})
FIELDS(kSSHFP, {K::U8, "an SSHFP algorithm"}, {K::U8, "a fingerprint type"},
       {K::Hex, "a hex fingerprint"})
FIELDS(kURI, {K::U16, "a URI priority"}, {K::U16, "a URI weight"}, {K::UriTarget, "a URI target"})
FIELDS(kOPENPGPKEY, {K::B64, "a base64 OpenPGP key"})
FIELDS(kDHCID, {K::B64, "base64 DHCID data"})
FIELDS(kZONEMD, {K::U32, "a ZONEMD serial"}, {K::U8, "a ZONEMD scheme"},
       {K::U8, "a ZONEMD hash algorithm"}, {K::Hex, "a hex digest"})
FIELDS(kCERT, {K::CertType, "a certificate type"}, {K::U16, "a key tag"}, {K::Alg, "an algorithm"},
       {K::B64, "a base64 certificate"})
FIELDS(kKEY, {K::KeyFlags, "KEY flags"}, {K::U8, "a protocol"}, {K::Alg, "an algorithm"},
       {K::B64, "a base64 public key"})
FIELDS(kCSYNC, {K::U32, "an SOA serial"}, {K::U16, "CSYNC flags"}, {K::Bitmap, "a type bitmap"})
FIELDS(kEUI48, {K::Eui48, "an EUI-48 address (xx-xx-xx-xx-xx-xx)"})
FIELDS(kEUI64, {K::Eui64, "an EUI-64 address (xx-xx-xx-xx-xx-xx-xx-xx)"})
FIELDS(kNID, {K::U16, "a preference"}, {K::Ilnp64, "a node identifier (xxxx:xxxx:xxxx:xxxx)"})
FIELDS(kL32, {K::U16, "a preference"}, {K::A, "a 32-bit locator (IPv4 address syntax)"})
FIELDS(kL64, {K::U16, "a preference"}, {K::Ilnp64, "a 64-bit locator (xxxx:xxxx:xxxx:xxxx)"})
FIELDS(kLP, {K::U16, "a preference"}, {K::Name, "a locator name"})
FIELDS(kDSYNC, {K::Type, "an RR type"}, {K::DsyncScheme, "a DSYNC scheme"}, {K::U16, "a port"},
       {K::Name, "a target name"})
// Custom encoders whose wire form is a plain field sequence: checked and printed by layout.
FIELDS(kGPOS, {K::Str, "a longitude"}, {K::Str, "a latitude"}, {K::Str, "an altitude"})
FIELDS(kISDN, {K::Strs, "an ISDN address and optional subaddress"})
FIELDS(kEID, {K::Hex, "a hex endpoint identifier"})
FIELDS(kNIMLOC, {K::Hex, "a hex Nimrod locator"})
FIELDS(kSINK, {K::U8, "a SINK meaning"}, {K::U8, "a SINK coding"}, {K::U8, "a SINK subcoding"},
       {K::B64Opt, "base64 SINK data"})
FIELDS(kNINFO, {K::Strs, "a character-string"})
FIELDS(kRKEY, {K::KeyFlags, "RKEY flags"}, {K::U8, "a protocol"}, {K::Alg, "an algorithm"},
       {K::B64, "a base64 public key"})
FIELDS(kTALINK, {K::Name, "a previous trust anchor name"}, {K::Name, "a next trust anchor name"})
FIELDS(kHHIT, {K::B64, "base64 HHIT data"})
FIELDS(kBRID, {K::B64, "base64 BRID data"})
FIELDS(kDOA, {K::U32, "a DOA enterprise"}, {K::U32, "a DOA type"}, {K::U8, "a DOA location"},
       {K::Str, "a DOA media type"}, {K::B64Dash, "base64 DOA data, or '-' for none"})
#undef FIELDS

const Layout* layout(std::uint16_t type) {
  using namespace rrtype;
  static const Layout a{kA}, aaaa{kAAAA}, ns{kNS}, cname{kCNAME}, dname{kDNAME}, ptr{kPTR}, mb{kMB},
      mg{kMG}, soa{kSOA}, mx{kMX}, txt{kTXT}, srv{kSRV}, caa{kCAA}, hinfo{kHINFO}, minfo{kMINFO},
      rp{kRP}, afsdb{kAFSDB}, rt{kRT}, kx{kKX}, x25{kX25, encode_x25, nullptr}, nsap{kNSAP},
      px{kPX}, naptr{kNAPTR}, ds{kDS}, dnskey{kDNSKEY}, rrsig{kRRSIG}, nsec{kNSEC}, nsec3{kNSEC3},
      nsec3param{kNSEC3PARAM}, tlsa{kTLSA}, sshfp{kSSHFP}, uri{kURI}, openpgpkey{kOPENPGPKEY},
      dhcid{kDHCID}, zonemd{kZONEMD, encode_zonemd, check_zonemd_wire}, cert{kCERT}, key{kKEY},
      csync{kCSYNC}, eui48{kEUI48}, eui64{kEUI64}, nid{kNID}, l32{kL32}, l64{kL64}, lp{kLP},
      dsync{kDSYNC}, svcb{{}, encode_svcb, check_svcb_wire, print_svcb},
      loc{{}, encode_loc, check_loc_wire, misc_to_text},
      apl{{}, encode_apl, check_apl_wire, misc_to_text},
      wks{{}, encode_wks, check_wks_wire, misc_to_text},
      ipseckey{{}, encode_ipseckey, check_ipseckey_wire, misc_to_text},
      hip{{}, encode_hip, check_hip_wire, misc_to_text}, gpos{kGPOS, encode_gpos, nullptr},
      amtrelay{{}, encode_amtrelay, check_amtrelay_wire, misc_to_text},
      isdn{kISDN, encode_isdn, nullptr}, eid{kEID}, nimloc{kNIMLOC}, sink{kSINK}, ninfo{kNINFO},
      rkey{kRKEY}, talink{kTALINK}, hhit{kHHIT}, brid{kBRID}, doa{kDOA},
      a6{{}, encode_a6, check_a6_wire, legacy_to_text},
      atma{{}, encode_atma, check_atma_wire, legacy_to_text},
      nxt{{}, encode_nxt, check_nxt_wire, legacy_to_text};
  switch (type) {
    case A:
      return &a;
    case AAAA:
      return &aaaa;
    case NS:
    case MD:
    case MF:
      return &ns;
    case CNAME:
      return &cname;
    case DNAME:
      return &dname;
    case PTR:
    case NSAP_PTR:
      return &ptr;
    case MB:
      return &mb;
    case MG:
    case MR:
      return &mg;
    case SOA:
      return &soa;
    case MX:
      return &mx;
    case TXT:
    case SPF:
    case RESINFO:
    case WALLET:
    case AVC:
      return &txt;
    case SRV:
      return &srv;
    case CAA:
      return &caa;
    case HINFO:
      return &hinfo;
    case MINFO:
      return &minfo;
    case RP:
      return &rp;
    case AFSDB:
      return &afsdb;
    case RT:
      return &rt;
    case KX:
      return &kx;
    case X25:
      return &x25;
    case NSAP:
      return &nsap;
    case PX:
      return &px;
    case NAPTR:
      return &naptr;
    case DS:
    case CDS:
    case DLV:
    case TA:
      return &ds;
    case DNSKEY:
    case CDNSKEY:
      return &dnskey;
    case KEY:
      return &key;
    case RRSIG:
    case SIG:
      return &rrsig;
    case NSEC:
      return &nsec;
    case NSEC3:
      return &nsec3;
    case NSEC3PARAM:
      return &nsec3param;
    case TLSA:
    case SMIMEA:
      return &tlsa;
    case SSHFP:
      return &sshfp;
    case URI:
      return &uri;
    case OPENPGPKEY:
      return &openpgpkey;
    case DHCID:
      return &dhcid;
    case ZONEMD:
      return &zonemd;
    case CERT:
      return &cert;
    case CSYNC:
      return &csync;
    case EUI48:
      return &eui48;
    case EUI64:
      return &eui64;
    case NID:
      return &nid;
    case L32:
      return &l32;
    case L64:
      return &l64;
    case LP:
      return &lp;
    case DSYNC:
      return &dsync;
    case SVCB:
    case HTTPS:
      return &svcb;
    case LOC:
      return &loc;
    case APL:
      return &apl;
    case WKS:
      return &wks;
    case IPSECKEY:
      return &ipseckey;
    case HIP:
      return &hip;
    case GPOS:
      return &gpos;
    case AMTRELAY:
      return &amtrelay;
    case ISDN:
      return &isdn;
    case EID:
      return &eid;
    case NIMLOC:
      return &nimloc;
    case SINK:
      return &sink;
    case NINFO:
      return &ninfo;
    case RKEY:
      return &rkey;
    case TALINK:
      return &talink;
    case HHIT:
      return &hhit;
    case BRID:
      return &brid;
    case DOA:
      return &doa;
    case A6:
      return &a6;
    case ATMA:
      return &atma;
    case NXT:
      return &nxt;
    default:
      return nullptr;
  }
}

bool encode_field(Enc& e, const FieldSpec& f) {
  switch (f.kind) {
    case K::U8:
      return e.u8(f.what);
    case K::U16:
      return e.u16(f.what);
    case K::U32:
      return e.u32(f.what);
    case K::Period:
      return e.period(f.what);
    case K::Time:
      return e.time(f.what);
    case K::Name:
      return e.name(f.what);
    case K::Str:
      return e.char_string(f.what);
    case K::Strs:
      return e.char_strings(f.what);
    case K::A:
      return e.ipv4(f.what);
    case K::AAAA:
      return e.ipv6(f.what);
    case K::B64:
      return e.base64_rest(f.what, false);
    case K::B64Opt:  // absent or base64; "-" is not base64 (BIND refuses it for SINK)
      if (e.peek() && !e.peek()->quoted && e.peek()->text == "-")
        return e.fail_expected(*e.take(f.what), f.what);
      return e.base64_rest(f.what, true);
    case K::B64Dash:
      if (e.at_end()) return e.fail_missing(f.what);
      return e.base64_rest(f.what, true);
    case K::Hex:
      return e.hex_rest(f.what, false);
    case K::HexOpt:
      return e.hex_rest(f.what, true);
    case K::Type:
      return e.rrtype(f.what);
    case K::Bitmap:
      return e.type_bitmap();
    case K::Salt:
      return e.salt(f.what);
    case K::B32:
      return e.base32hex_len(f.what);
    case K::Alg:
      return e.algorithm(f.what);
    case K::CertType:
      return e.cert_type(f.what);
    case K::KeyFlags:
      return e.key_flags(f.what);
    case K::Eui48:
      return e.eui(f.what, 6);
    case K::Eui64:
      return e.eui(f.what, 8);
    case K::Ilnp64:
      return e.ilnp64(f.what);
    case K::CaaTag:
      return e.caa_tag(f.what);
    case K::CaaValue:
      return e.caa_value(f.what);
    case K::UriTarget:
      return e.uri_target(f.what);
    case K::Nsap:
      return e.nsap(f.what);
    case K::DsyncScheme:
      return e.dsync_scheme(f.what);
  }
  return false;
}

// --- wire reading (for `\#` checks and printing) ----------------------------------------------

struct Reader {
  std::string_view w;
  std::size_t p = 0;
  bool need(std::size_t n) const { return p + n <= w.size(); }
  std::uint32_t get(int bytes) {
    std::uint32_t v = 0;
    for (int k = 0; k < bytes; ++k) v = (v << 8) | static_cast<unsigned char>(w[p++]);
    return v;
  }
  std::string_view rest() {
    auto r = w.substr(p);
    p = w.size();
    return r;
  }
};

// Reads one field; appends its presentation to `text` when non-null. false when malformed.
bool read_field(Reader& r, const FieldSpec& f, std::string* text, std::string* error) {
  auto fail = [&](std::string m) {
    if (error) *error = std::move(m);
    return false;
  };
  auto sep = [&] {
    if (text && !text->empty()) *text += ' ';
  };
  auto fixed = [&](int bytes) {
    if (!r.need(static_cast<std::size_t>(bytes)))
      return fail(std::string(f.what) + " is cut short");
    const auto v = r.get(bytes);
    sep();
    if (text) *text += std::to_string(v);
    return true;
  };
  switch (f.kind) {
    case K::U8:
    case K::Alg:
    case K::DsyncScheme:
      return fixed(1);
    case K::U16:
    case K::CertType:
    case K::KeyFlags:
      return fixed(2);
    case K::U32:
    case K::Period:
    case K::Time:
      return fixed(4);
    case K::Type: {
      if (!r.need(2)) return fail(std::string(f.what) + " is cut short");
      sep();
      const auto v = static_cast<std::uint16_t>(r.get(2));
      if (text) *text += type_name(v);
      return true;
    }
    case K::Name: {
      auto n = read_wire_name(r.w, r.p);
      if (!n) return fail(std::string(f.what) + " is not a valid uncompressed wire name");
      sep();
      if (text) *text += n->text();
      return true;
    }
    case K::Str:
    case K::Strs: {
      bool first = true;
      do {
        if (!r.need(1)) return fail(std::string(f.what) + " is cut short");
        const std::size_t len = static_cast<unsigned char>(r.w[r.p]);
        if (!r.need(1 + len)) return fail(std::string(f.what) + " is longer than the rdata");
        sep();
        if (text) *text += quote_character_string(r.w.substr(r.p + 1, len));
        r.p += 1 + len;
        first = false;
      } while (f.kind == K::Strs && r.p < r.w.size());
      return !first;
    }
    case K::A:
    case K::AAAA: {
      const int fam = f.kind == K::A ? AF_INET : AF_INET6;
      const std::size_t n = f.kind == K::A ? 4 : 16;
      if (!r.need(n)) return fail(std::string(f.what) + " is cut short");
      char buf[INET6_ADDRSTRLEN];
      inet_ntop(fam, r.w.data() + r.p, buf, sizeof buf);
      r.p += n;
      sep();
      if (text) *text += buf;
      return true;
    }
    case K::B64Dash: {
      auto b = r.rest();
      sep();
      if (text) *text += b.empty() ? std::string("-") : encode_base64(b);
      return true;
    }
    case K::B64:
    case K::B64Opt:
    case K::Hex:
    case K::HexOpt: {
      auto b = r.rest();
      if (b.empty() && (f.kind == K::B64 || f.kind == K::Hex))
        return fail(std::string(f.what) + " is missing");
      if (b.empty()) return true;
      sep();
      if (text)
        *text += (f.kind == K::B64 || f.kind == K::B64Opt) ? encode_base64(b) : encode_hex(b);
      return true;
    }
    case K::Bitmap: {
      bool ok = true;
      auto s = type_bitmap_text(r.rest(), &ok);
      if (!ok) return fail("the type bitmap is malformed");
      if (!s.empty()) {
        sep();
        if (text) *text += s;
      }
      return true;
    }
    case K::Salt:
    case K::B32: {
      if (!r.need(1)) return fail(std::string(f.what) + " is cut short");
      const std::size_t len = static_cast<unsigned char>(r.w[r.p]);
      if (!r.need(1 + len)) return fail(std::string(f.what) + " is longer than the rdata");
      auto b = r.w.substr(r.p + 1, len);
      r.p += 1 + len;
      if (f.kind == K::B32 && len == 0) return fail(std::string(f.what) + " is empty");
      sep();
      if (text) *text += f.kind == K::B32 ? encode_base32hex(b) : (len ? encode_hex(b) : "-");
      return true;
    }
    case K::Eui48:
    case K::Eui64:
    case K::Ilnp64: {
      const std::size_t n = f.kind == K::Eui48 ? 6 : 8;
      if (!r.need(n)) return fail(std::string(f.what) + " is cut short");
      std::string s;
      for (std::size_t i = 0; i < n; ++i) {
        char buf[3];
        std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned char>(r.w[r.p + i]));
        if (i && (f.kind != K::Ilnp64 || i % 2 == 0)) s += f.kind == K::Ilnp64 ? ':' : '-';
        s += buf;
      }
      r.p += n;
      sep();
      if (text) *text += s;
      return true;
    }
    case K::CaaTag: {
      if (!r.need(1)) return fail("the CAA tag is cut short");
      const std::size_t len = static_cast<unsigned char>(r.w[r.p]);
      if (len == 0 || !r.need(1 + len)) return fail("the CAA tag length is wrong");
      for (char c : r.w.substr(r.p + 1, len))
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
          return fail("the CAA tag has a character other than a letter or digit");
      sep();
      if (text) text->append(r.w.substr(r.p + 1, len));
      r.p += 1 + len;
      return true;
    }
    case K::CaaValue:
    case K::UriTarget: {
      auto b = r.rest();
      sep();
      if (text) *text += quote_character_string(b);
      return true;
    }
    case K::Nsap: {
      auto b = r.rest();
      if (b.empty()) return fail("the NSAP address is empty");
      sep();
      if (text) *text += "0x" + encode_hex(b);
      return true;
    }
  }
  return false;
}

bool read_layout(const Layout& l, std::string_view wire, std::string* text, std::string* error) {
  Reader r{wire};
  for (const FieldSpec& f : l.fields)
    if (!read_field(r, f, text, error)) return false;
  if (r.p != wire.size()) {
    if (error)
      *error = std::to_string(wire.size() - r.p) + " octets left over after the last field";
    return false;
  }
  return true;
}

bool is_generic(std::span<const RdataToken> tokens) {
  return !tokens.empty() && !tokens[0].quoted && tokens[0].text == "\\#";
}

// RFC 3597 §5: \# <length> <hex>...
bool encode_generic(Enc& e) {
  e.take("\\#");
  std::uint64_t len = 0;
  const RdataToken* lt = e.take("the rdata length in octets");
  if (!lt) return false;
  if (lt->quoted || !parse_decimal(lt->text, 65535, len))
    return e.fail_expected(*lt, "the rdata length 0..65535 after '\\#'");
  std::string hex;
  Span span = lt->span;
  while (!e.at_end()) {
    const RdataToken* t = e.take("hex");
    if (t->quoted) return e.fail_expected(*t, "hex rdata");
    hex.append(t->text);
    if (t->span.file == span.file) span.end = std::max(span.end, t->span.end);
  }
  std::string bytes;
  if (!decode_hex(hex, bytes)) {
    const auto bad = hex.find_first_not_of("0123456789abcdefABCDEF");
    if (bad != std::string::npos)
      return e.fail_at(span, "expected hex rdata after '\\# " + std::string(lt->text) +
                                 "', found the character " + quote_token(hex.substr(bad, 1)));
    return e.fail_at(span, "expected hex rdata after '\\# " + std::string(lt->text) +
                               "', found an odd number of hex digits");
  }
  if (bytes.size() != len)
    return e.fail_at(span, "'\\#' announces " + std::to_string(len) + " octets of rdata but " +
                               std::to_string(bytes.size()) + " follow");
  std::string err;
  if (!check_rdata_wire(e.type(), bytes, &err))
    return e.fail_at(span,
                     "generic rdata is not a valid " + type_name(e.type()) + " rdata: " + err);
  e.out().append(bytes);
  return true;
}

}  // namespace
}  // namespace rdata_detail

using namespace rdata_detail;

bool check_rdata_wire(std::uint16_t type, std::string_view wire, std::string* error) {
  const Layout* l = layout(type);
  if (!l) return true;
  if (l->custom_check) return l->custom_check(wire, error);
  if (!l->custom) return read_layout(*l, wire, nullptr, error);
  // A custom encoder over a plain field layout (GPOS, X25, ISDN): the wire is valid when its
  // presentation form passes the encoder and gives the same octets back.
  std::string text;
  if (!read_layout(*l, wire, &text, error)) return false;
  const auto tokens = tokenize_rdata(text, Span{}, false, nullptr);
  RdataContext ctx;
  std::string again;
  Enc e(type, tokens, ctx, again);
  if (!l->custom(e) || !e.at_end() || again != wire) {
    if (error) *error = "the fields are not a valid " + type_name(type) + " rdata";
    return false;
  }
  return true;
}

bool encode_rdata(std::uint16_t type, std::span<const RdataToken> tokens, const RdataContext& ctx,
                  std::string& wire) {
  wire.clear();
  Enc e(type, tokens, ctx, wire);
  if (is_generic(tokens)) {
    if (!encode_generic(e)) return false;
    return true;
  }
  const Layout* l = layout(type);
  if (!l) {
    // An unknown type, or a known one without a presentation format (NULL, UINFO, UID, GID,
    // UNSPEC): BIND and Knot read only RFC 3597's generic form for these.
    const std::string what = type_name(type).rfind("TYPE", 0) == 0
                                 ? "the unknown type " + type_name(type)
                                 : type_name(type) + ", a type without a presentation format";
    if (tokens.empty()) return e.fail_missing("'\\#' generic rdata (RFC 3597 §5) for " + what);
    return e.fail(tokens[0], "expected '\\#' generic rdata (RFC 3597 §5) for " + what + ", found " +
                                 quote_token(tokens[0].text));
  }
  bool ok;
  if (l->custom) {
    ok = l->custom(e);
  } else {
    ok = true;
    for (const FieldSpec& f : l->fields) {
      if (!encode_field(e, f)) {
        ok = false;
        break;
      }
    }
  }
  if (ok) ok = e.expect_end();
  if (ok && wire.size() > 65535) {
    ok = e.fail_at(
        tokens.empty() ? ctx.missing_span : tokens[0].span,
        "rdata of " + std::to_string(wire.size()) + " octets is longer than 65535 octets");
  }
  return ok;
}

std::string rdata_wire_to_text(std::uint16_t type, std::string_view wire) {
  const Layout* l = layout(type);
  if (l && !l->fields.empty()) {
    std::string text;
    if (read_layout(*l, wire, &text, nullptr)) return text;
  }
  if (l && l->custom_print) {
    bool ok = false;
    std::string text = l->custom_print(type, wire, &ok);
    if (ok) return text;
  }
  std::string s = "\\# " + std::to_string(wire.size());
  if (!wire.empty()) s += " " + encode_hex(wire);
  return s;
}

std::string rdata_to_text(const Zone& zone, const Record& record) {
  auto w = zone.rdata(record);
  return rdata_wire_to_text(record.type, w);
}

// --- tokenizer ----------------------------------------------------------------------------

std::vector<RdataToken> tokenize_rdata(std::string_view text, Span base, bool exact_positions,
                                       Diagnostics* diags) {
  bool ok = true;
  return tokenize_rdata(text, base, exact_positions, diags, ok);
}

std::vector<RdataToken> tokenize_rdata(std::string_view text, Span base, bool exact_positions,
                                       Diagnostics* diags, bool& ok) {
  ok = true;
  std::vector<RdataToken> out;
  auto span_of = [&](std::size_t b, std::size_t e) {
    if (!exact_positions) return base;
    return Span{base.file, base.begin + static_cast<std::uint32_t>(b),
                base.begin + static_cast<std::uint32_t>(e)};
  };
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    if (text[i] == '"') {
      ++i;
      while (i < text.size() && text[i] != '"')
        i += (text[i] == '\\' && i + 1 < text.size()) ? 2 : 1;
      if (i >= text.size()) {
        ok = false;
        if (diags) {
          Diagnostic d;
          d.rule = std::string(kParseError);
          d.message = "expected a closing '\"' for the quoted string, found the end of the value";
          d.span = span_of(start, text.size());
          diags->add(std::move(d));
        }
        return out;
      }
      out.push_back(RdataToken{text.substr(start + 1, i - start - 1), span_of(start, i + 1), true});
      ++i;
      continue;
    }
    while (i < text.size() && !is_space(text[i]) && text[i] != '"')
      i += (text[i] == '\\' && i + 1 < text.size()) ? 2 : 1;
    out.push_back(RdataToken{text.substr(start, i - start), span_of(start, i), false});
  }
  return out;
}

}  // namespace zl
