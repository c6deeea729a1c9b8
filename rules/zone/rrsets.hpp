// RRset grouping and canonical rdata, shared by duplicate-record and rrset-ttl-mismatch.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "lint/rule_support.hpp"

namespace zl::rrsets {

// RFC 4034 §6.2: rdata with embedded names lower-cased, for the types whose layout zonelint
// knows; other types unchanged.
std::string canonical_rdata(const Zone& z, const Record& r);

// The RRsets of one zone that hold two or more records: in-zone records grouped by (owner,
// class, type; RRSIGs also by covered type). Records whose value is unknown until apply are
// left out. Sets come in the file order of their first record, records within a set in file
// order. Sets of a single record are left out: the rules that read RRsets (duplicate-record,
// rrset-ttl-mismatch) compare a set's records with one another, and in a large zone most sets
// hold one record, so keeping them would cost time and memory for nothing.
//
// Stored flat (one array of record pointers, set after set, and where each set starts), so
// that a zone of a million records costs two arrays, not a million small vectors.
struct RRsetsScratch;  // compute_rrsets' working arrays (rrsets.cpp)

class RRsets {
 public:
  using RRset = std::span<const Record* const>;  // the records of one RRset
  std::size_t size() const { return starts_.empty() ? 0 : starts_.size() - 1; }
  RRset operator[](std::size_t k) const {
    return RRset(records_).subspan(starts_[k], starts_[k + 1] - starts_[k]);
  }
  // Iterates the sets: `for (RRsets::RRset set : rrsets(ctx, z))`.
  class Iterator {
   public:
    Iterator(const RRsets* s, std::size_t k) : s_(s), k_(k) {}
    RRset operator*() const { return (*s_)[k_]; }
    Iterator& operator++() {
      ++k_;
      return *this;
    }
    bool operator!=(const Iterator& o) const { return k_ != o.k_; }

   private:
    const RRsets* s_;
    std::size_t k_;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, size()); }

 private:
  friend RRsets compute_rrsets(const Zone& z, RRsetsScratch& scratch);
  std::vector<const Record*> records_;
  std::vector<std::uint32_t> starts_;  // set k is records_[starts_[k] .. starts_[k + 1])
};

// The RRsets of zone `z` (one of ctx.zones()): computed once per run (RuleContext::memo, key
// "zone.rrsets") and shared by the rules that ask.
const RRsets& rrsets(const RuleContext& ctx, const Zone& z);
// The same, computed afresh (tests, callers without a context).
RRsets compute_rrsets(const Zone& z);
// The same, with working arrays kept from one call to the next (the memo's loop over zones).
RRsets compute_rrsets(const Zone& z, RRsetsScratch& scratch);

}  // namespace zl::rrsets
