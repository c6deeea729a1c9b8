#include "model/canonical_rdata.hpp"

#include "model/rrtype.hpp"

namespace zl {

namespace {

// Lower-cases the uncompressed wire name at `pos` of `w` in place; advances pos. False when
// the name runs past the end.
bool lower_name(std::string& w, std::size_t& pos) {
  while (pos < w.size()) {
    const auto len = static_cast<std::uint8_t>(w[pos]);
    ++pos;
    if (len == 0) return true;
    if (len > 63 || pos + len > w.size()) return false;
    for (std::size_t i = pos; i < pos + len; ++i)
      if (w[i] >= 'A' && w[i] <= 'Z') w[i] = static_cast<char>(w[i] - 'A' + 'a');
    pos += len;
  }
  return false;
}

// The layout of the names in the rdata of the types RFC 4034 §6.2 lists (less NSEC, RFC 6840
// §5.1): 'N' a name, 'S' a character-string, a digit that many fixed octets; "" for the types
// whose names are not lower-cased. A6 is handled apart.
std::string_view name_layout(std::uint16_t type) {
  switch (type) {
    case rrtype::NS:
    case rrtype::MD:
    case rrtype::MF:
    case rrtype::CNAME:
    case rrtype::MB:
    case rrtype::MG:
    case rrtype::MR:
    case rrtype::PTR:
    case rrtype::DNAME:
    case rrtype::NXT:
      return "N";
    case rrtype::SOA:
    case rrtype::MINFO:
    case rrtype::RP:
      return "NN";
    case rrtype::MX:
    case rrtype::AFSDB:
    case rrtype::RT:
    case rrtype::KX:
      return "2N";
    case rrtype::PX:
      return "2NN";
    case rrtype::SRV:
      return "6N";
    case rrtype::NAPTR:
      return "4SSSN";
    case rrtype::SIG:
    case rrtype::RRSIG:
      return "99N";  // 18 fixed octets
    default:
      return "";
  }
}

}  // namespace

std::string canonical_rdata(std::uint16_t type, std::string_view rdata) {
  std::string w(rdata);
  std::size_t pos = 0;
  if (type == rrtype::A6) {  // RFC 2874 §3.1: prefix length, address suffix, prefix name
    if (w.empty()) return w;
    const unsigned prefix = static_cast<std::uint8_t>(w[0]);
    if (prefix == 0 || prefix > 128) return w;
    pos = 1 + (128 - prefix + 7) / 8;
    std::string copy = w;
    return pos <= w.size() && lower_name(copy, pos) ? copy : w;
  }
  std::string copy = w;
  for (const char op : name_layout(type)) {
    if (op == 'N') {
      if (!lower_name(copy, pos)) return w;
    } else if (op == 'S') {
      if (pos >= copy.size()) return w;
      pos += 1 + static_cast<std::uint8_t>(copy[pos]);
    } else {
      pos += static_cast<std::size_t>(op - '0');
    }
    if (pos > copy.size()) return w;
  }
  return copy;
}

}  // namespace zl
