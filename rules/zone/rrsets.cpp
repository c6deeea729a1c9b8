#include "rules/zone/rrsets.hpp"

#include <algorithm>

#include "model/canonical_rdata.hpp"

namespace zl::rrsets {

std::string canonical_rdata(const Zone& z, const Record& r) {
  return zl::canonical_rdata(r.type, z.rdata(r));
}

std::vector<RRset> rrsets(const Zone& z) {
  // The zone's index already orders records by (canonical owner, type, file order): an RRset
  // lies within one run of equal owner and type, so no map of string keys is needed. Within a
  // run (usually one or two records) the class and the covered type of RRSIGs split it further.
  struct Open {
    std::uint16_t rclass, covered;
    std::size_t set;
  };
  std::vector<RRset> out;
  std::vector<Open> open;
  const std::vector<std::uint32_t>& order = z.sorted();
  for (std::size_t i = 0; i < order.size();) {
    const Record& head = z.records[order[i]];
    std::size_t end = i + 1;
    while (end < order.size() && z.records[order[end]].type == head.type &&
           z.records[order[end]].owner == head.owner)
      ++end;
    open.clear();
    for (; i < end; ++i) {
      const Record& r = z.records[order[i]];
      if (!in_zone(z, r) || r.has(kValueUnknown)) continue;
      std::uint16_t covered = 0;
      if (r.type == rrtype::RRSIG || r.type == rrtype::SIG) {
        const auto w = z.rdata(r);
        if (w.size() >= 2)
          covered = static_cast<std::uint16_t>((static_cast<unsigned char>(w[0]) << 8) |
                                               static_cast<unsigned char>(w[1]));
      }
      auto it = std::find_if(open.begin(), open.end(), [&](const Open& o) {
        return o.rclass == r.rclass && o.covered == covered;
      });
      if (it == open.end()) {
        open.push_back(Open{r.rclass, covered, out.size()});
        out.emplace_back();
        it = open.end() - 1;
      }
      out[it->set].records.push_back(&r);
    }
  }
  // File order of the first record, as before the index was used: findings come out in the
  // same order whatever the owners' names.
  std::sort(out.begin(), out.end(),
            [](const RRset& a, const RRset& b) { return a.records.front() < b.records.front(); });
  return out;
}

}  // namespace zl::rrsets
