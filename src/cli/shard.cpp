#include "cli/shard.hpp"

#include <algorithm>
#include <string>

#include "lint/psl.hpp"

namespace zl {

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::uint32_t shard_of_key(std::string_view key, std::uint32_t count) {
  return static_cast<std::uint32_t>(fnv1a64(key) % count) + 1;
}

ShardMap::ShardMap(const ZoneSet& set, std::uint32_t count)
    : set_(set), count_(count), file_zones_(set.sources.size()) {
  const PublicSuffixList& psl = PublicSuffixList::instance();
  zone_shard_.reserve(set.zones.size());
  for (std::size_t i = 0; i < set.zones.size(); ++i) {
    const Zone& z = set.zones[i];
    zone_shard_.push_back(shard_of_key(psl.registrable_domain(z.origin), count));
    const auto touch = [&](FileId f) {
      if (f >= file_zones_.size()) return;
      std::vector<std::size_t>& zones = file_zones_[f];
      if (zones.empty() || zones.back() != i) zones.push_back(i);
    };
    touch(z.file);
    for (FileId f : z.included_files) touch(f);
    FileId last = kNoFile;
    for (const Record& r : z.records) {
      if (z.file_of(r) == last) continue;
      last = z.file_of(r);
      touch(last);
    }
  }
  // A file's zones in set order, once each (a zone touches its files in any order).
  for (std::vector<std::size_t>& zones : file_zones_) {
    std::sort(zones.begin(), zones.end());
    zones.erase(std::unique(zones.begin(), zones.end()), zones.end());
  }
}

std::uint32_t ShardMap::of_path(FileId f) const {
  const std::vector<Span> chain = set_.sources.include_chain(f);
  const FileId root = chain.empty() ? f : chain.back().file;
  return shard_of_key(set_.sources.file(root).path(), count_);
}

std::uint32_t ShardMap::of(const Diagnostic& d) const {
  if (!d.span.valid() || d.span.file >= file_zones_.size()) return 1;
  const FileId f = d.span.file;
  const std::vector<std::size_t>& zones = file_zones_[f];
  if (zones.empty()) return of_path(f);
  const std::uint32_t first = zone_shard_[zones.front()];
  if (std::all_of(zones.begin(), zones.end(),
                  [&](std::size_t z) { return zone_shard_[z] == first; })) {
    return first;
  }
  // Zones of several partitions in one file: the zone whose record holds the finding.
  for (std::size_t z : zones) {
    for (const Record& r : set_.zones[z].records) {
      const Span rs = set_.zones[z].span(r);
      if (rs.file == f && rs.begin <= d.span.begin && d.span.end <= rs.end) {
        return zone_shard_[z];
      }
    }
  }
  return first;
}

bool ShardMap::file_in(FileId f, std::uint32_t k) const {
  if (f >= file_zones_.size()) return false;
  const std::vector<std::size_t>& zones = file_zones_[f];
  if (zones.empty()) return of_path(f) == k;
  return std::any_of(zones.begin(), zones.end(),
                     [&](std::size_t z) { return zone_shard_[z] == k; });
}

}  // namespace zl
