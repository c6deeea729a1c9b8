// Obsolete or rare types with their own presentation syntax, as BIND 9.18 reads them:
// A6 (RFC 2874, historic by RFC 6563), ATMA (ATM Forum af-dans-0152.000) and NXT (RFC 2535,
// replaced by NSEC). Zones still carry them now and then; they must be validated, never waved
// through.
#include <arpa/inet.h>

#include <array>

#include "model/zone.hpp"
#include "parse/rdata_internal.hpp"

namespace zl::rdata_detail {

namespace {

// Octets of the A6 address suffix for a prefix length (RFC 2874 §3.1.1).
std::size_t a6_suffix_octets(unsigned prefix_len) {
  return (128 - prefix_len + 7) / 8;
}

}  // namespace

// --- A6 -------------------------------------------------------------------------------------

bool encode_a6(Enc& e) {
  std::uint64_t len = 0;
  const RdataToken* lt = e.take("an A6 prefix length 0..128");
  if (!lt) return false;
  if (lt->quoted || !parse_decimal(lt->text, 128, len))
    return e.fail_expected(*lt, "an A6 prefix length 0..128");
  e.put8(static_cast<std::uint8_t>(len));
  const auto prefix_len = static_cast<unsigned>(len);
  if (prefix_len < 128) {
    const RdataToken* at = e.take("an IPv6 address suffix");
    if (!at) return false;
    std::array<unsigned char, 16> addr{};
    const std::string text(at->text);
    if (at->quoted || inet_pton(AF_INET6, text.c_str(), addr.data()) != 1)
      return e.fail_expected(*at, "an IPv6 address suffix");
    const std::size_t octets = a6_suffix_octets(prefix_len);
    // The bits that belong to the prefix are not part of the suffix (BIND masks them too).
    addr[16 - octets] &= static_cast<unsigned char>(0xff >> (prefix_len % 8));
    e.out().append(reinterpret_cast<const char*>(addr.data()) + 16 - octets, octets);
  }
  if (prefix_len > 0) return e.name("an A6 prefix name");
  return true;
}

bool check_a6_wire(std::string_view w, std::string* error) {
  auto fail = [&](const char* m) {
    if (error) *error = m;
    return false;
  };
  if (w.empty()) return fail("A6 rdata is empty");
  const unsigned len = static_cast<unsigned char>(w[0]);
  if (len > 128) return fail("the A6 prefix length is over 128");
  std::size_t p = 1 + a6_suffix_octets(len);
  if (p > w.size()) return fail("the A6 address suffix is cut short");
  // The suffix's first octet may hold prefix bits: they must be zero (BIND: FORMERR).
  if (len < 128 && (static_cast<unsigned char>(w[1]) & ~(0xffu >> (len % 8)) & 0xffu) != 0)
    return fail("the A6 address suffix has bits set inside the prefix");
  if (len > 0) {
    if (!read_wire_name(w, p)) return fail("the A6 prefix name is not a valid wire name");
  }
  if (p != w.size()) return fail("octets left over after the A6 rdata");
  return true;
}

// --- ATMA -----------------------------------------------------------------------------------

bool encode_atma(Enc& e) {
  static constexpr std::string_view kWhat =
      "an ATM address: hex digits (NSAP format, dots allowed between pairs) or '+' and decimal "
      "digits (E.164 format)";
  const RdataToken* t = e.take(kWhat);
  if (!t) return false;
  const std::string_view s = t->text;
  if (t->quoted || s.empty()) return e.fail_expected(*t, kWhat);
  if (s[0] == '+') {
    std::string digits;
    for (char c : s.substr(1)) {
      if (c == '.') continue;
      if (c < '0' || c > '9') return e.fail_expected(*t, kWhat);
      digits += c;
    }
    if (digits.empty()) return e.fail_expected(*t, kWhat);
    e.put8(1);
    e.out() += digits;
    return true;
  }
  std::string hex;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      // Dots are separators only: not first, not last, not doubled (BIND's rule).
      if (hex.empty() || i + 1 == s.size() || s[i + 1] == '.') return e.fail_expected(*t, kWhat);
      continue;
    }
    if (!is_hex_digit(s[i])) return e.fail_expected(*t, kWhat);
    hex += s[i];
  }
  std::string bytes;
  if (hex.size() < 2 || !decode_hex(hex, bytes))
    return e.fail(*t,
                  "expected an ATM address in NSAP format: an even number of hex digits, "
                  "found " +
                      std::to_string(hex.size()));
  e.put8(0);
  e.out() += bytes;
  return true;
}

bool check_atma_wire(std::string_view w, std::string* error) {
  auto fail = [&](const char* m) {
    if (error) *error = m;
    return false;
  };
  if (w.size() < 2) return fail("ATMA rdata needs a format octet and an address");
  const auto format = static_cast<unsigned char>(w[0]);
  if (format == 1) {
    for (char c : w.substr(1))
      if (c < '0' || c > '9') return fail("an E.164 ATM address holds only decimal digits");
  } else if (format != 0) {
    return fail("the ATMA format is neither 0 (NSAP) nor 1 (E.164)");
  }
  return true;
}

// --- NXT ------------------------------------------------------------------------------------

bool encode_nxt(Enc& e) {
  if (!e.name("a next domain name")) return false;
  std::array<std::uint8_t, 16> bits{};
  std::size_t used = 0;
  while (!e.at_end()) {
    const RdataToken* t = e.take("a type");
    auto ty = t->quoted ? std::nullopt : parse_type(t->text);
    if (!ty) return e.fail_expected(*t, "an RR type mnemonic or TYPEnnn in the NXT type list");
    if (*ty == 0 || *ty > 127)
      return e.fail(
          *t, "the NXT type list holds only types 1..127 (RFC 2535 §5.2), found " + type_name(*ty));
    bits[*ty / 8] |= static_cast<std::uint8_t>(0x80 >> (*ty % 8));
    used = std::max<std::size_t>(used, *ty / 8 + 1);
  }
  e.out().append(reinterpret_cast<const char*>(bits.data()), used);
  return true;
}

bool check_nxt_wire(std::string_view w, std::string* error) {
  std::size_t p = 0;
  if (!read_wire_name(w, p)) {
    if (error) *error = "the NXT next name is not a valid wire name";
    return false;
  }
  // At most 16 octets, bit 0 clear, and no trailing zero octet (BIND refuses those: the
  // presentation form could not say them).
  if (w.size() - p > 16 || (w.size() > p && (static_cast<unsigned char>(w[p]) & 0x80) != 0) ||
      (w.size() > p && w.back() == 0)) {
    if (error) *error = "the NXT bitmap is longer than 16 octets, has bit 0 set or ends in zero";
    return false;
  }
  return true;
}

std::string legacy_to_text(std::uint16_t type, std::string_view w, bool* ok) {
  *ok = false;
  std::string s;
  if (type == rrtype::A6) {
    if (!check_a6_wire(w, nullptr)) return {};
    const unsigned len = static_cast<unsigned char>(w[0]);
    std::size_t p = 1 + a6_suffix_octets(len);
    s = std::to_string(len);
    if (len < 128) {
      std::array<unsigned char, 16> addr{};
      const std::size_t octets = a6_suffix_octets(len);
      for (std::size_t i = 0; i < octets; ++i)
        addr[16 - octets + i] = static_cast<unsigned char>(w[1 + i]);
      char buf[INET6_ADDRSTRLEN];
      inet_ntop(AF_INET6, addr.data(), buf, sizeof buf);
      s += " ";
      s += buf;
    }
    if (len > 0) (s += ' ') += read_wire_name(w, p)->text();
  } else if (type == rrtype::ATMA) {
    if (!check_atma_wire(w, nullptr)) return {};
    s = w[0] == 1 ? std::string("+").append(w.substr(1)) : encode_hex(w.substr(1));
  } else if (type == rrtype::NXT) {
    if (!check_nxt_wire(w, nullptr)) return {};
    std::size_t p = 0;
    s = read_wire_name(w, p)->text();
    for (std::size_t i = p; i < w.size(); ++i)
      for (unsigned bit = 0; bit < 8; ++bit)
        if (static_cast<unsigned char>(w[i]) & (0x80u >> bit))
          (s += ' ') += type_name(static_cast<std::uint16_t>((i - p) * 8 + bit));
  } else {
    return {};
  }
  *ok = true;
  return s;
}

}  // namespace zl::rdata_detail
