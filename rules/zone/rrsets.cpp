#include "rules/zone/rrsets.hpp"

#include <algorithm>
#include <map>

#include "model/canonical_rdata.hpp"

namespace zl::rrsets {

std::string canonical_rdata(const Zone& z, const Record& r) {
  return zl::canonical_rdata(r.type, z.rdata(r));
}

// compute_rrsets' working arrays, kept from one zone to the next by the memo's loop (rrsets):
// made afresh for each of 10,000 small zones they took about eight allocations a zone.
struct RRsetsScratch {
  struct Found {
    std::uint32_t first_record;  // its first record in file order: the sets' order
    std::uint32_t begin, size;   // its records are flat[begin .. begin + size)
  };
  std::vector<Found> found;
  std::vector<std::uint32_t> flat;
  struct Open {
    std::uint16_t covered;  // the zone's records share its class
  };
  std::vector<Open> open;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> members;  // (open set, record)
};

RRsets compute_rrsets(const Zone& z) {
  RRsetsScratch scratch;
  return compute_rrsets(z, scratch);
}

RRsets compute_rrsets(const Zone& z, RRsetsScratch& scratch) {
  // The zone's index orders records by (canonical owner, type, file order): an RRset of an
  // in-zone owner lies within the owner's run and one type, so no map of string keys is
  // needed. Within a type (usually one or two records) the class and the covered type of
  // RRSIGs split it further.
  //
  // Only sets of two or more records are kept (see the header): in a large zone most owners
  // hold one record, or one record per type, and those are skipped with no per-record array
  // (an owner with a single record is skipped without reading the record at all).
  using Found = RRsetsScratch::Found;
  using Open = RRsetsScratch::Open;
  std::vector<Found>& found = scratch.found;
  std::vector<std::uint32_t>& flat = scratch.flat;
  std::vector<Open>& open = scratch.open;
  std::vector<std::pair<std::uint32_t, std::uint32_t>>& members = scratch.members;
  found.clear();
  flat.clear();
  const auto [first_owner, end_owner] = z.in_zone_owners();
  // Owner order is not file order: each owner's records sit elsewhere in the (large) records
  // array, and reading them waits on memory. The records of the owner kAhead places on are
  // prefetched (an owner's records are usually neighbours in the file), so the waits overlap.
  constexpr std::size_t kAhead = 8;
  for (std::size_t k = first_owner; k < end_owner; ++k) {
    if (k + kAhead < end_owner && z.owner_start(k + kAhead + 1) - z.owner_start(k + kAhead) >= 2) {
      const Record* ahead = &z.records[z.owner_run(k + kAhead).front()];
      __builtin_prefetch(ahead);
      __builtin_prefetch(reinterpret_cast<const char*>(ahead) + sizeof(Record) - 1);
    }
    const auto run = z.owner_run(k);
    if (run.size() < 2) continue;
    for (std::size_t i = 0; i < run.size();) {
      const std::uint16_t type = z.records[run[i]].type;
      open.clear();
      members.clear();
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
        auto it = std::find_if(open.begin(), open.end(),
                               [&](const Open& o) { return o.covered == covered; });
        if (it == open.end()) {
          open.push_back(Open{covered});
          it = open.end() - 1;
        }
        members.emplace_back(static_cast<std::uint32_t>(it - open.begin()), run[i]);
      }
      if (members.size() < 2) continue;
      // Group the members by set; the stable sort keeps file order within a set.
      std::stable_sort(members.begin(), members.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      for (std::size_t a = 0, b = 0; a < members.size(); a = b) {
        while (b < members.size() && members[b].first == members[a].first) ++b;
        if (b - a < 2) continue;
        found.push_back(Found{members[a].second, static_cast<std::uint32_t>(flat.size()),
                              static_cast<std::uint32_t>(b - a)});
        for (std::size_t m = a; m < b; ++m) flat.push_back(members[m].second);
      }
    }
  }
  // Lay the sets out in the file order of their first record, so that findings come out in
  // the same order whatever the owners' names.
  std::sort(found.begin(), found.end(),
            [](const Found& a, const Found& b) { return a.first_record < b.first_record; });
  RRsets out;
  out.starts_.reserve(found.size() + 1);
  out.records_.reserve(flat.size());
  for (const Found& f : found) {
    out.starts_.push_back(static_cast<std::uint32_t>(out.records_.size()));
    for (std::uint32_t m = 0; m < f.size; ++m)
      out.records_.push_back(&z.records[flat[f.begin + m]]);
  }
  out.starts_.push_back(static_cast<std::uint32_t>(out.records_.size()));
  return out;
}

const RRsets& rrsets(const RuleContext& ctx, const Zone& z) {
  using PerZone = std::map<const Zone*, RRsets>;
  const PerZone& all = ctx.memo<PerZone>("zone.rrsets", [&] {
    PerZone m;
    RRsetsScratch scratch;
    for (const Zone* zone : ctx.zones()) m.emplace(zone, compute_rrsets(*zone, scratch));
    return m;
  });
  if (auto it = all.find(&z); it != all.end()) return it->second;
  static const RRsets kNoSets;  // a zone that is not linted
  return kNoSets;
}

}  // namespace zl::rrsets
