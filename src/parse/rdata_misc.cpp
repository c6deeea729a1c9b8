// Rdata types with their own presentation syntax: LOC (RFC 1876), APL (RFC 3123), WKS
// (RFC 1035), IPSECKEY (RFC 4025), HIP (RFC 8005), GPOS (RFC 1712), AMTRELAY (RFC 8777),
// ISDN (RFC 1183).
#include <arpa/inet.h>

#include <cstring>
#include <optional>

#include "parse/rdata_internal.hpp"

namespace zl::rdata_detail {

namespace {

// "[-]int[.frac]" with at most `max_frac` fraction digits, scaled by 10^max_frac. The value
// must lie within [min, max] (scaled).
bool parse_fixed(std::string_view s, int max_frac, bool allow_negative, std::int64_t min,
                 std::int64_t max, std::int64_t& out) {
  bool neg = false;
  if (!s.empty() && s[0] == '-') {
    if (!allow_negative) return false;
    neg = true;
    s.remove_prefix(1);
  }
  const auto dot = s.find('.');
  const std::string_view ip = s.substr(0, dot);
  const std::string_view fp =
      dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (ip.empty() || ip.size() > 12) return false;
  if (dot != std::string_view::npos &&
      (fp.empty() || fp.size() > static_cast<std::size_t>(max_frac)))
    return false;
  std::int64_t v = 0;
  for (char c : ip) {
    if (!is_digit(c)) return false;
    v = v * 10 + (c - '0');
  }
  for (int i = 0; i < max_frac; ++i) {
    v *= 10;
    if (static_cast<std::size_t>(i) < fp.size()) {
      if (!is_digit(fp[static_cast<std::size_t>(i)])) return false;
      v += fp[static_cast<std::size_t>(i)] - '0';
    }
  }
  if (neg) v = -v;
  if (v < min || v > max) return false;
  out = v;
  return true;
}

bool is_upper_or_lower(std::string_view t, char c) {
  return t.size() == 1 && (t[0] == c || t[0] == c + 32);
}

}  // namespace

// --- LOC ------------------------------------------------------------------------------------

namespace {

// One coordinate: d [m [s.sss]] {N|S} or {E|W}. Returns the RFC 1876 32-bit value.
bool loc_coordinate(Enc& e, bool latitude, std::uint32_t& out) {
  const char pos = latitude ? 'N' : 'E', neg = latitude ? 'S' : 'W';
  const std::string what = latitude ? "a latitude" : "a longitude";
  const std::int64_t max_deg = latitude ? 90 : 180;
  std::int64_t parts[3] = {0, 0, 0};
  int n = 0;
  while (true) {
    const RdataToken* t = e.take(
        what + (n ? std::string(" hemisphere ") + pos + " or " + neg : std::string(" in degrees")));
    if (!t) return false;
    if (n > 0 && (is_upper_or_lower(t->text, pos) || is_upper_or_lower(t->text, neg))) {
      const std::int64_t ms = parts[0] * 3600000 + parts[1] * 60000 + parts[2];
      const std::int64_t v =
          (t->text[0] == pos || t->text[0] == pos + 32) ? (1ll << 31) + ms : (1ll << 31) - ms;
      out = static_cast<std::uint32_t>(v);
      return true;
    }
    if (n == 3)
      return e.fail_expected(
          *t, what + " hemisphere " + std::string(1, pos) + " or " + std::string(1, neg));
    std::int64_t v = 0;
    bool ok;
    if (n == 0)
      ok = parse_fixed(t->text, 0, false, 0, max_deg, v);
    else if (n == 1)
      ok = parse_fixed(t->text, 0, false, 0, 59, v);
    else
      ok = parse_fixed(t->text, 3, false, 0, 59999, v);
    if (!ok) {
      static const char* kParts[] = {" degrees", " minutes 0..59", " seconds 0..59.999"};
      std::string expected = what + kParts[n];
      if (n == 0) expected += latitude ? " 0..90" : " 0..180";
      return e.fail_expected(*t, expected);
    }
    parts[n++] = v;
  }
}

// "[m][.cm][m]" -> centimetres, precision exponent form.
bool loc_size(std::string_view s, std::int64_t max_cm, std::uint8_t& out) {
  if (!s.empty() && (s.back() == 'm' || s.back() == 'M')) s.remove_suffix(1);
  std::int64_t cm = 0;
  if (!parse_fixed(s, 2, false, 0, max_cm, cm)) return false;
  int exp = 0;
  std::int64_t p = 1;
  while (exp < 9 && cm >= p * 10) {
    p *= 10;
    ++exp;
  }
  const std::int64_t mant = cm / p;
  out = static_cast<std::uint8_t>((mant << 4) | exp);
  return true;
}

}  // namespace

bool encode_loc(Enc& e) {
  std::uint32_t lat = 0, lon = 0;
  if (!loc_coordinate(e, true, lat) || !loc_coordinate(e, false, lon)) return false;
  const RdataToken* t = e.take("an altitude in metres (-100000.00..42849672.95)");
  if (!t) return false;
  std::string_view a = t->text;
  if (!a.empty() && (a.back() == 'm' || a.back() == 'M')) a.remove_suffix(1);
  std::int64_t alt = 0;
  if (!parse_fixed(a, 2, true, -10000000, 4284967295ll, alt))
    return e.fail_expected(*t, "an altitude in metres (-100000.00..42849672.95)");
  std::uint8_t sizes[3] = {0x12, 0x16, 0x13};  // 1m, 10000m, 10m (RFC 1876 defaults)
  static const char* kWhat[] = {"a size", "a horizontal precision", "a vertical precision"};
  for (int i = 0; i < 3 && !e.at_end(); ++i) {
    const RdataToken* s = e.take(kWhat[i]);
    if (!loc_size(s->text, 9000000000ll, sizes[i]))
      return e.fail_expected(*s, std::string(kWhat[i]) + " in metres (0..90000000.00)");
  }
  e.put8(0);  // version
  e.put8(sizes[0]);
  e.put8(sizes[1]);
  e.put8(sizes[2]);
  e.put32(lat);
  e.put32(lon);
  e.put32(static_cast<std::uint32_t>(alt + 10000000));
  return true;
}

bool check_loc_wire(std::string_view w, std::string* error) {
  if (w.size() != 16 || w[0] != 0) {
    if (error) *error = "LOC rdata must be 16 octets of version 0";
    return false;
  }
  for (int i = 1; i <= 3; ++i) {
    const auto b = static_cast<unsigned char>(w[static_cast<std::size_t>(i)]);
    if ((b >> 4) > 9 || (b & 15) > 9) {
      if (error) *error = "a LOC size or precision has a mantissa or exponent above 9";
      return false;
    }
  }
  return true;
}

// --- APL ------------------------------------------------------------------------------------

bool encode_apl(Enc& e) {
  while (!e.at_end()) {
    const RdataToken* t = e.take("an APL item");
    const std::string expected = "an APL item [!]afi:address/prefix (afi 1 for IPv4, 2 for IPv6)";
    std::string_view s = t->text;
    bool negate = false;
    if (!s.empty() && s[0] == '!') {
      negate = true;
      s.remove_prefix(1);
    }
    const auto colon = s.find(':');
    const auto slash = s.rfind('/');
    if (t->quoted || colon == std::string_view::npos || slash == std::string_view::npos ||
        slash < colon)
      return e.fail_expected(*t, expected);
    const auto afi_text = s.substr(0, colon);
    const std::string addr(s.substr(colon + 1, slash - colon - 1));
    std::uint64_t afi = 0, prefix = 0;
    if (!parse_decimal(afi_text, 65535, afi) || (afi != 1 && afi != 2))
      return e.fail_expected(*t, expected);
    const bool v4 = afi == 1;
    if (!parse_decimal(s.substr(slash + 1), v4 ? 32 : 128, prefix))
      return e.fail(*t, "expected an APL prefix length 0.." + std::string(v4 ? "32" : "128") +
                            ", found '" + std::string(s.substr(slash + 1)) + "'");
    unsigned char buf[16];
    if (inet_pton(v4 ? AF_INET : AF_INET6, addr.c_str(), buf) != 1)
      return e.fail(*t, std::string("expected an ") + (v4 ? "IPv4" : "IPv6") +
                            " address in the APL item, found '" + addr + "'");
    std::size_t len = v4 ? 4 : 16;
    while (len > 0 && buf[len - 1] == 0) --len;  // RFC 3123 §4: no trailing zero octets
    e.put16(static_cast<std::uint16_t>(afi));
    e.put8(static_cast<std::uint8_t>(prefix));
    e.put8(static_cast<std::uint8_t>((negate ? 0x80 : 0) | len));
    e.out().append(reinterpret_cast<const char*>(buf), len);
  }
  return true;
}

bool check_apl_wire(std::string_view w, std::string* error) {
  std::size_t p = 0;
  while (p < w.size()) {
    if (p + 4 > w.size()) {
      if (error) *error = "an APL item header is cut short";
      return false;
    }
    const int afi = (static_cast<unsigned char>(w[p]) << 8) | static_cast<unsigned char>(w[p + 1]);
    const int prefix = static_cast<unsigned char>(w[p + 2]);
    const std::size_t len = static_cast<unsigned char>(w[p + 3]) & 0x7f;
    if ((afi == 1 && (prefix > 32 || len > 4)) || (afi == 2 && (prefix > 128 || len > 16))) {
      if (error) *error = "an APL prefix or address length is out of range";
      return false;
    }
    if (p + 4 + len > w.size()) {
      if (error) *error = "an APL address is longer than the rdata";
      return false;
    }
    // RFC 3123 §4: trailing zero octets of the address are not sent (BIND: FORMERR).
    if (len > 0 && w[p + 4 + len - 1] == 0) {
      if (error) *error = "an APL address ends in a zero octet (RFC 3123 §4)";
      return false;
    }
    p += 4 + len;
  }
  return true;
}

// --- WKS ------------------------------------------------------------------------------------

bool encode_wks(Enc& e) {
  if (!e.ipv4("an IPv4 address")) return false;
  const RdataToken* t = e.take("a protocol (tcp, udp or 0..255)");
  if (!t) return false;
  std::uint64_t proto = 0;
  if (t->text == "tcp" || t->text == "TCP")
    proto = 6;
  else if (t->text == "udp" || t->text == "UDP")
    proto = 17;
  else if (!parse_decimal(t->text, 255, proto))
    return e.fail_expected(*t, "a protocol (tcp, udp or 0..255)");
  e.put8(static_cast<std::uint8_t>(proto));
  // Services by number, or the few names whose numbers are fixed by IANA and in every
  // /etc/services (zonelint does not read the host's service database: results must not
  // depend on the machine).
  static constexpr std::pair<std::string_view, int> kServices[] = {
      {"ftp", 21},  {"ssh", 22},   {"telnet", 23}, {"smtp", 25},  {"domain", 53},
      {"http", 80}, {"pop3", 110}, {"ntp", 123},   {"imap", 143}, {"https", 443}};
  std::string bitmap;
  while (!e.at_end()) {
    const RdataToken* s = e.take("a port");
    std::uint64_t port = 0;
    bool found = parse_decimal(s->text, 65535, port);
    for (auto& [n, v] : kServices) {
      if (!found && s->text == n) {
        port = static_cast<std::uint64_t>(v);
        found = true;
      }
    }
    if (!found) return e.fail_expected(*s, "a port number 0..65535 or a well-known service name");
    const std::size_t byte = port / 8;
    if (bitmap.size() <= byte) bitmap.resize(byte + 1, '\0');
    bitmap[byte] = static_cast<char>(bitmap[byte] | (0x80 >> (port % 8)));
  }
  e.out() += bitmap;
  return true;
}

// --- IPSECKEY and AMTRELAY gateways -----------------------------------------------------------

namespace {

bool gateway(Enc& e, int type, const char* what) {
  switch (type) {
    case 0: {
      const RdataToken* t = e.take(std::string(what) + " '.' (gateway type 0: none)");
      if (!t) return false;
      if (t->text != ".")
        return e.fail_expected(*t, std::string("'.' for gateway type 0 (no ") + what + ")");
      return true;
    }
    case 1:
      return e.ipv4(std::string(what) + " IPv4 address (type 1)");
    case 2:
      return e.ipv6(std::string(what) + " IPv6 address (type 2)");
    default:
      return e.name(std::string(what) + " name (type 3)");
  }
}

bool check_gateway(std::string_view w, std::size_t& p, int type) {
  switch (type) {
    case 0:
      return true;
    case 1:
      p += 4;
      return p <= w.size();
    case 2:
      p += 16;
      return p <= w.size();
    case 3:
      return read_wire_name(w, p).has_value();
    default:
      return false;
  }
}

}  // namespace

bool encode_ipseckey(Enc& e) {
  std::uint8_t gw_type = 0, alg = 0;
  if (!e.u8("a precedence")) return false;
  const RdataToken* t = e.peek();
  if (!e.u8("a gateway type", &gw_type)) return false;
  if (gw_type > 3) return e.fail_expected(*t, "a gateway type 0..3");
  if (!e.u8("a public key algorithm", &alg)) return false;
  if (!gateway(e, gw_type, "a gateway")) return false;
  if (alg == 0 && !e.at_end())
    return e.fail(*e.peek(),
                  "a public key is given but the algorithm is 0 (no key, RFC 4025 §2.4)");
  return e.base64_rest("a base64 public key", true);
}

bool check_ipseckey_wire(std::string_view w, std::string* error) {
  std::size_t p = 3;
  if (w.size() < 3 || !check_gateway(w, p, static_cast<unsigned char>(w[1]))) {
    if (error) *error = "the gateway does not match its type";
    return false;
  }
  return true;
}

bool encode_amtrelay(Enc& e) {
  std::uint8_t d = 0, type = 0;
  if (!e.u8("a precedence")) return false;
  std::uint64_t v = 0;
  const RdataToken* x = e.take("a discovery-optional flag 0 or 1");
  if (!x) return false;
  if (!parse_decimal(x->text, 1, v)) return e.fail_expected(*x, "a discovery-optional flag 0 or 1");
  d = static_cast<std::uint8_t>(v);
  const RdataToken* tt = e.take("a relay type 0..3");
  if (!tt) return false;
  if (!parse_decimal(tt->text, 3, v)) return e.fail_expected(*tt, "a relay type 0..3");
  type = static_cast<std::uint8_t>(v);
  e.put8(static_cast<std::uint8_t>((d << 7) | type));
  return gateway(e, type, "a relay");
}

bool check_amtrelay_wire(std::string_view w, std::string* error) {
  std::size_t p = 2;
  if (w.size() < 2 || !check_gateway(w, p, static_cast<unsigned char>(w[1]) & 0x7f) ||
      p != w.size()) {
    if (error) *error = "the relay does not match its type";
    return false;
  }
  return true;
}

// --- HIP ------------------------------------------------------------------------------------

bool encode_hip(Enc& e) {
  std::uint8_t alg = 0;
  if (!e.u8("a public key algorithm", &alg)) return false;
  e.out().pop_back();  // the algorithm goes after the HIT length
  const RdataToken* hit = e.take("a hex HIT");
  if (!hit) return false;
  std::string hit_bytes;
  if (hit->quoted || !decode_hex(hit->text, hit_bytes) || hit_bytes.empty() ||
      hit_bytes.size() > 255)
    return e.fail_expected(*hit, "a hex HIT (1..255 octets)");
  const RdataToken* pk = e.take("a base64 public key");
  if (!pk) return false;
  std::string pk_bytes;
  if (pk->quoted || !decode_base64(pk->text, pk_bytes) || pk_bytes.empty())
    return e.fail_expected(*pk, "a base64 public key");
  if (pk_bytes.size() > 65535) return e.fail(*pk, "the HIP public key is longer than 65535 octets");
  e.put8(static_cast<std::uint8_t>(hit_bytes.size()));
  e.put8(alg);
  e.put16(static_cast<std::uint16_t>(pk_bytes.size()));
  e.out() += hit_bytes;
  e.out() += pk_bytes;
  while (!e.at_end())
    if (!e.name("a rendezvous server name")) return false;
  return true;
}

bool check_hip_wire(std::string_view w, std::string* error) {
  auto fail = [&] {
    if (error) *error = "the HIT or public key length does not match the rdata";
    return false;
  };
  if (w.size() < 4) return fail();
  const std::size_t hl = static_cast<unsigned char>(w[0]);
  const std::size_t pl = (static_cast<std::size_t>(static_cast<unsigned char>(w[2])) << 8) |
                         static_cast<unsigned char>(w[3]);
  std::size_t p = 4 + hl + pl;
  if (hl == 0 || p > w.size()) return fail();
  while (p < w.size())
    if (!read_wire_name(w, p)) return fail();
  return true;
}

// --- GPOS, ISDN -----------------------------------------------------------------------------

bool encode_gpos(Enc& e) {
  static const char* kWhat[] = {"a longitude -180..180", "a latitude -180..180",
                                "an altitude in metres"};
  // RFC 1712 names the first field longitude, but its own example and dnspython read it as a
  // latitude; both must lie within +-180 degrees.
  static const std::int64_t kMax[] = {180, 180, 999999999999};
  for (int i = 0; i < 3; ++i) {
    const RdataToken* t = e.take(kWhat[i]);
    if (!t) return false;
    std::string s, err;
    if (!decode_string(t->text, s, &err))
      return e.fail(*t, "expected " + std::string(kWhat[i]) + ": " + err);
    std::int64_t v = 0;
    const std::int64_t scale = 1000000;
    if (s.size() > 255 || !parse_fixed(s, 6, true, -kMax[i] * scale, kMax[i] * scale, v))
      return e.fail_expected(*t, std::string(kWhat[i]) + " (a decimal number, RFC 1712)");
    e.put8(static_cast<std::uint8_t>(s.size()));
    e.out() += s;
  }
  return true;
}

bool encode_isdn(Enc& e) {
  if (!e.char_string("an ISDN address")) return false;
  if (!e.at_end()) return e.char_string("an ISDN subaddress");
  return true;
}

}  // namespace zl::rdata_detail

namespace zl::rdata_detail {

bool encode_x25(Enc& e) {
  const RdataToken* t = e.peek();
  if (!t) return e.fail_missing("a PSDN address (at least 4 digits, RFC 1183 §3.1)");
  std::string s, err;
  if (!decode_string(t->text, s, &err) || s.size() < 4 ||
      s.find_first_not_of("0123456789") != std::string::npos) {
    e.take("");
    return e.fail_expected(*t, "a PSDN address (at least 4 digits, RFC 1183 §3.1)");
  }
  return e.char_string("a PSDN address");
}

bool encode_zonemd(Enc& e) {
  if (!e.u32("a ZONEMD serial") || !e.u8("a ZONEMD scheme")) return false;
  std::uint8_t alg = 0;
  if (!e.u8("a ZONEMD hash algorithm", &alg)) return false;
  const RdataToken* first = e.peek();
  const std::size_t before = e.out().size();
  if (!e.hex_rest("a hex digest", false)) return false;
  const std::size_t len = e.out().size() - before;
  // RFC 8976 §2.2.4: SHA-384 (1) and SHA-512 (2) digests have fixed sizes.
  const std::size_t want = alg == 1 ? 48 : alg == 2 ? 64 : 0;
  if (want && len != want)
    return e.fail(*first, "expected a " + std::to_string(want) +
                              "-octet digest for hash algorithm " + std::to_string(alg) +
                              ", found " + std::to_string(len) + " octets");
  return true;
}

bool check_zonemd_wire(std::string_view w, std::string* error) {
  if (w.size() < 7) {
    if (error) *error = "ZONEMD rdata needs a serial, scheme, algorithm and digest";
    return false;
  }
  const int alg = static_cast<unsigned char>(w[5]);
  const std::size_t want = alg == 1 ? 48 : alg == 2 ? 64 : 0;
  if (want && w.size() - 6 != want) {
    if (error) *error = "the digest length does not match hash algorithm " + std::to_string(alg);
    return false;
  }
  return true;
}

}  // namespace zl::rdata_detail

// --- printers ---------------------------------------------------------------------------------

namespace zl::rdata_detail {

namespace {

std::uint32_t be32(std::string_view w, std::size_t p) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(w[p + i]);
  return v;
}

std::string gateway_text(std::string_view w, std::size_t& p, int type, bool* ok) {
  char buf[INET6_ADDRSTRLEN];
  switch (type) {
    case 0:
      return ".";
    case 1:
      inet_ntop(AF_INET, w.data() + p, buf, sizeof buf);
      p += 4;
      return buf;
    case 2:
      inet_ntop(AF_INET6, w.data() + p, buf, sizeof buf);
      p += 16;
      return buf;
    default: {
      auto n = read_wire_name(w, p);
      if (!n) *ok = false;
      return n ? n->text() : std::string();
    }
  }
}

}  // namespace

namespace {

// LOC (RFC 1876 §3): latitude, longitude, altitude, size and precisions.
std::optional<std::string> loc_text(std::string_view w) {
  std::string s;
  if (!check_loc_wire(w, nullptr)) return std::nullopt;
  auto coord = [&](std::uint32_t v, char pos, char neg) {
    const std::int64_t d = static_cast<std::int64_t>(v) - (1ll << 31);
    const std::int64_t a = d < 0 ? -d : d;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%lld %lld %lld.%03lld %c", static_cast<long long>(a / 3600000),
                  static_cast<long long>(a / 60000 % 60), static_cast<long long>(a / 1000 % 60),
                  static_cast<long long>(a % 1000), d < 0 ? neg : pos);
    return std::string(buf);
  };
  auto size = [](unsigned char b) {
    std::int64_t cm = b >> 4;
    for (int i = 0; i < (b & 15); ++i) cm *= 10;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%02lldm", static_cast<long long>(cm / 100),
                  static_cast<long long>(cm % 100));
    return std::string(buf);
  };
  // Wire values beyond what the presentation form can say (over 90 59 59.999 or
  // 180 59 59.999) stay in the generic form.
  auto offset = [&](std::size_t p) {
    const std::int64_t d = static_cast<std::int64_t>(be32(w, p)) - (1ll << 31);
    return d < 0 ? -d : d;
  };
  if (offset(4) > 90 * 3600000 + 3599999 || offset(8) > 180 * 3600000 + 3599999)
    return std::nullopt;
  const std::int64_t alt = static_cast<std::int64_t>(be32(w, 12)) - 10000000;
  const std::int64_t aa = alt < 0 ? -alt : alt;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lldm", alt < 0 ? "-" : "",
                static_cast<long long>(aa / 100), static_cast<long long>(aa % 100));
  s = coord(be32(w, 4), 'N', 'S') + " " + coord(be32(w, 8), 'E', 'W') + " " + buf + " " +
      size(static_cast<unsigned char>(w[1])) + " " + size(static_cast<unsigned char>(w[2])) + " " +
      size(static_cast<unsigned char>(w[3]));
  return s;
}

// APL (RFC 3123 §4): [!]afi:address/prefix items.
std::optional<std::string> apl_text(std::string_view w) {
  std::string s;
  if (!check_apl_wire(w, nullptr)) return std::nullopt;
  for (std::size_t p = 0; p < w.size();) {
    const int afi = (static_cast<unsigned char>(w[p]) << 8) | static_cast<unsigned char>(w[p + 1]);
    const int prefix = static_cast<unsigned char>(w[p + 2]);
    const bool neg = (static_cast<unsigned char>(w[p + 3]) & 0x80) != 0;
    const std::size_t len = static_cast<unsigned char>(w[p + 3]) & 0x7f;
    if (afi != 1 && afi != 2) return std::nullopt;  // no presentation form for other families
    unsigned char addr[16] = {};
    std::memcpy(addr, w.data() + p + 4, len);
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(afi == 1 ? AF_INET : AF_INET6, addr, buf, sizeof buf);
    if (!s.empty()) s += ' ';
    s += std::string(neg ? "!" : "") + std::to_string(afi) + ":" + buf + "/" +
         std::to_string(prefix);
    p += 4 + len;
  }
  return s;
}

// IPSECKEY (RFC 4025 §3): precedence, gateway type, algorithm, gateway, key.
std::optional<std::string> ipseckey_text(std::string_view w) {
  std::string s;
  if (!check_ipseckey_wire(w, nullptr)) return std::nullopt;
  const int gw = static_cast<unsigned char>(w[1]);
  std::size_t p = 3;
  bool good = true;
  s = std::to_string(static_cast<unsigned char>(w[0])) + " " + std::to_string(gw) + " " +
      std::to_string(static_cast<unsigned char>(w[2])) + " " + gateway_text(w, p, gw, &good);
  if (!good) return std::nullopt;
  if (p < w.size()) {
    if (w[2] == 0) return std::nullopt;  // a key with algorithm 0 has no presentation form
    s += " " + encode_base64(w.substr(p));
  }
  return s;
}

// AMTRELAY (RFC 8777 §4): precedence, discovery-optional, type, relay.
std::optional<std::string> amtrelay_text(std::string_view w) {
  std::string s;
  if (!check_amtrelay_wire(w, nullptr)) return std::nullopt;
  const int b = static_cast<unsigned char>(w[1]);
  std::size_t p = 2;
  bool good = true;
  s = std::to_string(static_cast<unsigned char>(w[0])) + " " + std::to_string(b >> 7) + " " +
      std::to_string(b & 0x7f) + " " + gateway_text(w, p, b & 0x7f, &good);
  if (!good || (b & 0x7f) > 3) return std::nullopt;
  return s;
}

// HIP (RFC 8005 §5): algorithm, HIT, public key, rendezvous servers.
std::optional<std::string> hip_text(std::string_view w) {
  std::string s;
  if (!check_hip_wire(w, nullptr)) return std::nullopt;
  const std::size_t hl = static_cast<unsigned char>(w[0]);
  const std::size_t pl = (static_cast<std::size_t>(static_cast<unsigned char>(w[2])) << 8) |
                         static_cast<unsigned char>(w[3]);
  if (pl == 0) return std::nullopt;
  s = std::to_string(static_cast<unsigned char>(w[1])) + " " + encode_hex(w.substr(4, hl)) + " " +
      encode_base64(w.substr(4 + hl, pl));
  for (std::size_t p = 4 + hl + pl; p < w.size();) s += " " + read_wire_name(w, p)->text();
  return s;
}

// WKS (RFC 1035 §3.4.2): address, protocol, port numbers.
std::optional<std::string> wks_text(std::string_view w) {
  std::string s;
  if (!check_wks_wire(w, nullptr)) return std::nullopt;
  // A bitmap ending in a zero octet cannot be written as port numbers (the encoder writes the
  // shortest bitmap): such wire stays in the generic form.
  if (w.size() > 5 && w.back() == 0) return std::nullopt;
  char buf[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, w.data(), buf, sizeof buf);
  s = std::string(buf) + " " + std::to_string(static_cast<unsigned char>(w[4]));
  for (std::size_t i = 5; i < w.size(); ++i)
    for (int bit = 0; bit < 8; ++bit)
      if (static_cast<unsigned char>(w[i]) & (0x80 >> bit))
        (s += ' ') += std::to_string((i - 5) * 8 + static_cast<std::size_t>(bit));
  return s;
}

}  // namespace

std::string misc_to_text(std::uint16_t type, std::string_view w, bool* ok) {
  std::optional<std::string> s;
  switch (type) {
    case rrtype::LOC:
      s = loc_text(w);
      break;
    case rrtype::APL:
      s = apl_text(w);
      break;
    case rrtype::IPSECKEY:
      s = ipseckey_text(w);
      break;
    case rrtype::AMTRELAY:
      s = amtrelay_text(w);
      break;
    case rrtype::HIP:
      s = hip_text(w);
      break;
    case rrtype::WKS:
      s = wks_text(w);
      break;
    default:
      break;
  }
  *ok = s.has_value();
  return s ? std::move(*s) : std::string();
}

bool check_wks_wire(std::string_view w, std::string* error) {
  if (w.size() < 5 || w.size() > 5 + 8192) {
    if (error) *error = "WKS rdata needs an address, a protocol and at most 8192 bitmap octets";
    return false;
  }
  return true;
}

}  // namespace zl::rdata_detail
