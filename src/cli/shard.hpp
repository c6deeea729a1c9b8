// --shard K/N: which findings of a run belong to which of N partitions, for a CI matrix that
// splits one repository's zones between N jobs.
//
// A zone's partition is FNV-1a (64-bit) of the registrable domain of its origin (the Public
// Suffix List, ICANN section; lower-case, no final dot) modulo N, plus one: the same on every
// platform and build, and an organisation's zones stay together (example.com and
// eu.example.com; a reverse zone goes by its own registrable domain: 2.0.192.in-addr.arpa by
// 192.in-addr.arpa).
// A finding goes to the partition of its file's zone; in a file of several zones of
// different partitions (a DNSControl IR or a Terraform plan), to that of the zone whose record
// holds it, else of the first of those zones; in a file of no zone (an octoDNS manager
// config, a file that could not be read, the baseline), to the partition of its path as
// given; a finding with no place, to partition 1. So every finding goes to exactly one
// partition, and the N shards together report what one run reports.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/zone.hpp"

namespace zl {

// FNV-1a, 64-bit (offset basis 14695981039346656037, prime 1099511628211).
std::uint64_t fnv1a64(std::string_view bytes);

// The partition (1-based, of `count`) of the text `key`: fnv1a64(key) % count + 1.
std::uint32_t shard_of_key(std::string_view key, std::uint32_t count);

class ShardMap {
 public:
  // The partitions of `set`'s zones and files, among `count`.
  ShardMap(const ZoneSet& set, std::uint32_t count);

  // The partition of the zone `set.zones[i]`.
  std::uint32_t zone_shard(std::size_t i) const { return zone_shard_[i]; }
  // The partition a finding goes to.
  std::uint32_t of(const Diagnostic& d) const;
  // Does file `f` have findings that go to partition `k` (a file of several zones may have
  // findings in several)?
  bool file_in(FileId f, std::uint32_t k) const;

 private:
  std::uint32_t of_path(FileId f) const;
  const ZoneSet& set_;
  std::uint32_t count_;
  std::vector<std::uint32_t> zone_shard_;             // per zone
  std::vector<std::vector<std::size_t>> file_zones_;  // per file: the zones with records in it
};

}  // namespace zl
