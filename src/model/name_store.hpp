// NameStore: where a zone keeps its records' owner names (Zone::owner_names), once per run of
// records with the same owner, as a record's 4-byte handle finds them (Zone::owner).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/name.hpp"

namespace zl {

// Names copied in, each as a NameView shows it (its wire length octet, then the wire), one
// after another in one buffer; a name is known by its handle, its offset there (4 bytes in a
// Record, where a NameView took 8). A view (view()) is valid until the next name is added
// (the buffer may move as it grows) and until the store, or the zone holding it, is moved: a
// buffer of up to 15 bytes lives inside the object (std::string's short form), so only a
// handle survives a move. A 1M-record zone has about 600,000 owners, most of them 20
// to 40 wire octets: about 31 bytes an owner here and 4 a record for the handle.
class NameStore {
 public:
  using Handle = std::uint32_t;

  // The handle of a copy of `name`, or of the last name added when that one is the same: the
  // same octets (spelling included: a record's owner keeps its case), as the records of one
  // owner mostly come one after another. `name` may view this store.
  Handle add(NameView name);
  // The handle of a copy of `name` of its own, after `header` (the bytes just before the
  // name; Record keeps the tokens it cannot store itself there).
  Handle add_with_header(NameView name, std::string_view header);
  NameView view(Handle h) const { return NameView::from_prefixed(data() + h); }
  // The bytes just before the name of `h` (a header given to add_with_header).
  const unsigned char* data() const {
    return reinterpret_cast<const unsigned char*>(bytes_.data());
  }
  // Copies `other`'s names after this store's; returns what to add to `other`'s handles to
  // make them this store's. The next name added is compared with the last of `other`'s.
  Handle append(const NameStore& other);
  // Room for `n` octets, or the buffer fitted to what it holds (as std::string's).
  void reserve(std::size_t n) { bytes_.reserve(n); }
  void shrink_to_fit() { bytes_.shrink_to_fit(); }
  std::size_t capacity() const { return bytes_.capacity(); }
  // Empty, with its capacity kept (a stretch's buffers are recycled).
  void clear() {
    bytes_.clear();
    last_ = kNone;
  }
  // The octets added (headers included): for tests and measurements.
  std::size_t bytes() const { return bytes_.size(); }

 private:
  static constexpr Handle kNone = 0xffffffffu;
  // Room for `n` more octets (a handle is 32 bits: a store over 4 GiB is refused with
  // std::length_error); returns the handle they will have.
  Handle grow(std::size_t n);

  std::string bytes_;
  Handle last_ = kNone;  // what add() returned last
};

}  // namespace zl
