#include "rules/zone/rrsets.hpp"

#include <algorithm>
#include <map>

#include "model/canonical_rdata.hpp"

namespace zl::rrsets {

std::string canonical_rdata(const Zone& z, const Record& r) {
  return zl::canonical_rdata(r.type, z.rdata(r));
}

RRsets compute_rrsets(const Zone& z) {
  // 1. Number the sets. The zone's index orders records by (canonical owner, type, file
  // order): an RRset of an in-zone owner lies within the owner's run and one type, so no map of
  // string keys is needed. Within a type (usually one or two records) the class and the covered
  // type of RRSIGs split it further.
  constexpr std::uint32_t kNone = 0xffffffffu;
  std::vector<std::uint32_t> set_of(z.records.size(), kNone);  // record index -> set number
  std::vector<std::uint32_t> set_size;
  struct Open {
    std::uint16_t rclass, covered;
    std::uint32_t set;
  };
  std::vector<Open> open;
  const auto [first_owner, end_owner] = z.in_zone_owners();
  // Owner order is not file order: each owner's records sit elsewhere in the (large) records
  // array, and reading them waits on memory. The records of the owner kAhead places on are
  // prefetched (an owner's records are usually neighbours in the file), so the waits overlap.
  constexpr std::size_t kAhead = 8;
  for (std::size_t k = first_owner; k < end_owner; ++k) {
    if (k + kAhead < end_owner) {
      const Record* ahead = &z.records[z.owner_run(k + kAhead).front()];
      __builtin_prefetch(ahead);
      __builtin_prefetch(reinterpret_cast<const char*>(ahead) + sizeof(Record) - 1);
    }
    const auto run = z.owner_run(k);
    for (std::size_t i = 0; i < run.size();) {
      const std::uint16_t type = z.records[run[i]].type;
      open.clear();
      for (; i < run.size() && z.records[run[i]].type == type; ++i) {
        const Record& r = z.records[run[i]];
        if (r.has(kValueUnknown)) continue;
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
          open.push_back(Open{r.rclass, covered, static_cast<std::uint32_t>(set_size.size())});
          set_size.push_back(0);
          it = open.end() - 1;
        }
        set_of[run[i]] = it->set;
        ++set_size[it->set];
      }
    }
  }
  // 2. Lay the sets out in the file order of their first record (so findings come out in the
  // same order whatever the owners' names), then fill them walking the records in file order.
  std::vector<std::uint32_t> place(set_size.size(), kNone);  // set number -> position
  RRsets out;
  out.starts_.reserve(set_size.size() + 1);
  std::uint32_t at = 0;
  for (const std::uint32_t s : set_of) {
    if (s == kNone || place[s] != kNone) continue;
    place[s] = static_cast<std::uint32_t>(out.starts_.size());
    out.starts_.push_back(at);
    at += set_size[s];
  }
  out.starts_.push_back(at);
  out.records_.resize(at);
  std::vector<std::uint32_t> fill(out.starts_.begin(), out.starts_.end() - 1);
  for (std::size_t i = 0; i < set_of.size(); ++i)
    if (set_of[i] != kNone) out.records_[fill[place[set_of[i]]]++] = &z.records[i];
  return out;
}

const RRsets& rrsets(const RuleContext& ctx, const Zone& z) {
  using PerZone = std::map<const Zone*, RRsets>;
  const PerZone& all = ctx.memo<PerZone>("zone.rrsets", [&] {
    PerZone m;
    for (const Zone* zone : ctx.zones()) m.emplace(zone, compute_rrsets(*zone));
    return m;
  });
  if (auto it = all.find(&z); it != all.end()) return it->second;
  static const RRsets kNoSets;  // a zone that is not linted
  return kNoSets;
}

}  // namespace zl::rrsets
