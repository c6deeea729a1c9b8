// NameStore: where a zone keeps its records' owner names (Zone::owner_names), once per run of
// records with the same owner, as NameViews point at them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "model/name.hpp"

namespace zl {

// Names copied in, each as a NameView shows it (its wire length octet, then the wire), in
// chunks that are never moved or freed while the store (or a copy of it) lives: a view that
// add() returns stays valid when the store, or the zone holding it, is moved or copied. A
// 1M-record zone has about 600,000 owners, most of them 20 to 40 wire octets: 8 bytes a record
// for the view and about 27 an owner here, where a Name in each record took 32 bytes a record,
// and a heap block more for each name over 31 octets.
//
// A copy shares the chunks written so far (their bytes never change) and writes what is added
// to it in chunks of its own, so that the copied records' views stay valid whatever happens to
// the original.
class NameStore {
 public:
  NameStore() = default;
  NameStore(const NameStore& o) : chunks_(o.chunks_), last_(o.last_), bytes_(o.bytes_) {}
  NameStore(NameStore&& o) noexcept { swap(o); }
  NameStore& operator=(const NameStore& o) {
    if (this != &o) *this = NameStore(o);
    return *this;
  }
  NameStore& operator=(NameStore&& o) noexcept {
    if (this != &o) {
      NameStore gone;
      swap(gone);
      swap(o);
    }
    return *this;
  }
  ~NameStore() = default;

  // A view of a copy of `name`, or of the last name added when that one is the same: the same
  // octets (spelling included: a record's owner keeps its case), as the records of one owner
  // mostly come one after another. `name` may view this store.
  NameView add(NameView name);
  // A copy of `name` of its own, after `header` (the bytes just before the view's pointer;
  // Record keeps the tokens it cannot store itself there).
  NameView add_with_header(NameView name, std::string_view header);
  // Takes `other`'s chunks (the views into them stay valid, kept by this store now) and
  // leaves `other` empty.
  void take(NameStore& other);
  // The octets added (headers included): for tests and measurements.
  std::size_t bytes() const { return bytes_; }

 private:
  unsigned char* allocate(std::size_t n);
  void swap(NameStore& o) noexcept;

  std::vector<std::shared_ptr<unsigned char[]>> chunks_;
  unsigned char* free_ = nullptr;  // the unused rest of the last chunk (never a shared one)
  std::size_t left_ = 0;
  const unsigned char* last_ = nullptr;  // what add() returned last (prefixed form)
  std::size_t bytes_ = 0;
};

}  // namespace zl
