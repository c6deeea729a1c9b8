// The rdata encoder (rdata_internal.hpp): the token cursor with its messages, and one encoder
// per field kind.
#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "core/ascii.hpp"
#include "core/ttl.hpp"
#include "parse/rdata_layout.hpp"

namespace zl::rdata_detail {

std::string quote_token(std::string_view t) {
  std::string s = "'";
  s.append(t.substr(0, 80));
  if (t.size() > 80) s += "...";
  s += "'";
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

bool Enc::fail_at(Span span, std::string_view message) {
  if (ctx_.diags) {
    Diagnostic d;
    d.rule = kParseError;
    d.severity = Severity::error;
    d.message = message;
    d.span = span;
    d.owner = ctx_.owner;
    d.type = type_name(type_);
    ctx_.diags->add(std::move(d));
  }
  return false;
}

bool Enc::fail(const RdataToken& t, std::string_view message) {
  return fail_at(t.span, message);
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

// The "expected ..." texts of the numeric encoders are made only for a message: made up front,
// each numeric field of every record cost a heap block or two (SOA: five fields), about 20
// allocations a file over 10,000 small zones.
bool Enc::number(std::string_view what, std::uint64_t max, int bytes, std::uint64_t* value) {
  const auto expected = [&] { return std::string(what) + " 0.." + std::to_string(max); };
  if (at_end()) return fail_missing(expected());
  const RdataToken* t = &toks_[i_++];
  std::uint64_t v = 0;
  if (t->quoted || !parse_decimal(t->text, max, v)) return fail_expected(*t, expected());
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
  const auto expected = [&] {
    return std::string(what) + " (0..4294967295 seconds, or units such as 1w2d3h4m5s)";
  };
  if (at_end()) return fail_missing(expected());
  const RdataToken* t = &toks_[i_++];
  std::uint32_t total = 0;
  const bool ok = !t->quoted && parse_ttl(t->text, total) == TtlResult::ok;
  if (!ok) return fail_expected(*t, expected());
  put32(total);
  return true;
}

bool Enc::time(std::string_view what) {
  const auto expected = [&] {
    return std::string(what) + " (YYYYMMDDHHmmSS or seconds since 1970)";
  };
  if (at_end()) return fail_missing(expected());
  const RdataToken* t = &toks_[i_++];
  const std::string_view s = t->text;
  std::uint64_t v = 0;
  if (t->quoted || s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos)
    return fail_expected(*t, expected());
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
      return fail(*t, "expected " + expected() + ", found " + quote_token(s) +
                          " (not a valid date and time)");
    const std::int64_t days = chr::sys_days(date).time_since_epoch().count();
    const std::int64_t secs = days * 86400 + h * 3600 + m * 60 + sec;
    // Serial number arithmetic (RFC 4034 §3.1.5): the value wraps modulo 2^32.
    put32(static_cast<std::uint32_t>(static_cast<std::uint64_t>(secs) & 0xffffffffu));
    return true;
  }
  if (s.size() > 10 || !parse_decimal(s, 4294967295u, v)) return fail_expected(*t, expected());
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
  char buf[256];
  if (const std::size_t n = plain_name_wire(t->text, ctx_.origin, buf)) {
    out_.append(buf, n);
    return true;
  }
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
  // Decoded in place after a length octet that is filled in at the end.
  const std::size_t at = out_.size();
  put8(0);
  std::string err;
  if (!append_decoded_string(t->text, out_, &err)) {
    out_.resize(at);
    return fail(*t,
                "expected " + std::string(what) + ", found " + quote_token(t->text) + ": " + err);
  }
  const std::size_t size = out_.size() - at - 1;
  if (size > 255) {
    out_.resize(at);
    return fail(*t, "character-string of " + std::to_string(size) +
                        " octets is longer than 255 octets (RFC 1035 §3.3); split it into several "
                        "quoted strings");
  }
  out_[at] = static_cast<char>(size);
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
  // inet_pton reads a C string (up to a NUL byte, as it did from std::string::c_str): a copy
  // on the stack, as no address literal is 46 bytes long or more.
  const std::string_view s = t->text.substr(0, t->text.find('\0'));
  char text[64];
  if (t->quoted || s.size() >= sizeof text) return fail_expected(*t, what);
  std::memcpy(text, s.data(), s.size());
  text[s.size()] = '\0';
  unsigned char buf[16];
  if (inet_pton(family, text, buf) != 1) return fail_expected(*t, what);
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
  // Each window's length (its last non-zero byte, plus one), and which windows have one: the
  // windows are written without reading the 8 KiB of bits (a byte test for each was 2,000
  // comparisons an NSEC record, most of a fuzz_zone execution's comparisons).
  std::array<std::uint8_t, 256> window_len{};
  std::array<std::uint64_t, 4> used{};
  while (!at_end()) {
    const RdataToken* t = take("a type");
    auto ty = t->quoted ? std::nullopt : parse_type(t->text);
    if (!ty) return fail_expected(*t, "an RR type mnemonic or TYPEnnn in the type bitmap");
    bits[*ty / 8] |= static_cast<std::uint8_t>(0x80 >> (*ty % 8));
    const std::size_t w = *ty / 256;
    window_len[w] = std::max(window_len[w], static_cast<std::uint8_t>(*ty % 256 / 8 + 1));
    used[w / 64] |= std::uint64_t{1} << (w % 64);
  }
  for (std::size_t k = 0; k < used.size(); ++k) {
    for (std::uint64_t left = used[k]; left != 0; left &= left - 1) {
      const std::size_t w = k * 64 + static_cast<std::size_t>(std::countr_zero(left));
      const std::size_t len = window_len[w];
      put8(static_cast<std::uint8_t>(w));
      put8(static_cast<std::uint8_t>(len));
      for (std::size_t i = 0; i < len; ++i) put8(bits[w * 32 + i]);
    }
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

bool Enc::unbounded_string(std::string_view what) {
  const RdataToken* t = take(what);
  if (!t) return false;
  std::string bytes, err;
  if (!decode_string(t->text, bytes, &err))
    return fail(*t,
                "expected " + std::string(what) + ", found " + quote_token(t->text) + ": " + err);
  out_.append(bytes);  // may be empty: an empty URI target is accepted, as BIND and Knot do
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
    case K::UriTarget:
      return e.unbounded_string(f.what);
    case K::Nsap:
      return e.nsap(f.what);
    case K::DsyncScheme:
      return e.dsync_scheme(f.what);
  }
  return false;
}

}  // namespace zl::rdata_detail
