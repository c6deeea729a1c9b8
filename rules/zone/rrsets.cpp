#include "rules/zone/rrsets.hpp"

#include <map>
#include <tuple>

namespace zl::rrsets {

namespace {
// Appends the name at `pos` in canonical form; false if it does not parse.
bool canon_name(std::string_view w, std::size_t& pos, std::string& out) {
  auto n = read_wire_name(w, pos);
  if (!n) return false;
  out += n->canonical_wire();
  return true;
}
}  // namespace

std::string canonical_rdata(const Zone& z, const Record& r) {
  const std::string_view w = z.rdata(r);
  std::string out;
  std::size_t pos = 0;
  bool ok = true;
  switch (r.type) {
    case rrtype::NS:
    case rrtype::MD:
    case rrtype::MF:
    case rrtype::CNAME:
    case rrtype::MB:
    case rrtype::MG:
    case rrtype::MR:
    case rrtype::PTR:
    case rrtype::DNAME:
      ok = canon_name(w, pos, out);
      break;
    case rrtype::MX:
    case rrtype::AFSDB:
    case rrtype::RT:
    case rrtype::KX:
      ok = w.size() >= 2;
      if (ok) {
        out.append(w.substr(0, 2));
        pos = 2;
        ok = canon_name(w, pos, out);
      }
      break;
    case rrtype::SRV:
      ok = w.size() >= 6;
      if (ok) {
        out.append(w.substr(0, 6));
        pos = 6;
        ok = canon_name(w, pos, out);
      }
      break;
    case rrtype::SOA:
    case rrtype::MINFO:
    case rrtype::RP:
      ok = canon_name(w, pos, out) && canon_name(w, pos, out);
      break;
    case rrtype::PX:
      ok = w.size() >= 2;
      if (ok) {
        out.append(w.substr(0, 2));
        pos = 2;
        ok = canon_name(w, pos, out) && canon_name(w, pos, out);
      }
      break;
    default:
      return std::string(w);
  }
  if (!ok) return std::string(w);
  out.append(w.substr(pos));
  return out;
}

std::vector<RRset> rrsets(const Zone& z) {
  using Key = std::tuple<std::string, std::uint16_t, std::uint16_t, std::uint16_t>;
  std::map<Key, std::size_t> index;
  std::vector<RRset> out;
  for (const Record& r : z.records) {
    if (!in_zone(z, r) || r.has(kValueUnknown)) continue;
    std::uint16_t covered = 0;
    if ((r.type == rrtype::RRSIG || r.type == rrtype::SIG)) {
      const auto w = z.rdata(r);
      if (w.size() >= 2)
        covered = static_cast<std::uint16_t>((static_cast<unsigned char>(w[0]) << 8) |
                                             static_cast<unsigned char>(w[1]));
    }
    Key k{r.owner.canonical_wire(), r.rclass, r.type, covered};
    auto [it, fresh] = index.emplace(k, out.size());
    if (fresh) out.emplace_back();
    out[it->second].records.push_back(&r);
  }
  return out;
}

}  // namespace zl::rrsets
