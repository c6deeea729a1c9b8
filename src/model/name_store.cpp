#include "model/name_store.hpp"

#include <cstring>
#include <limits>
#include <stdexcept>

namespace zl {

NameStore::Handle NameStore::grow(std::size_t n) {
  const std::size_t at = bytes_.size();
  if (n > std::size_t{std::numeric_limits<Handle>::max()} - at)
    throw std::length_error("a zone's owner names take more than 4 GiB");
  return static_cast<Handle>(at);
}

NameStore::Handle NameStore::add(NameView name) {
  const unsigned char* p = name.prefixed();
  const std::size_t n = std::size_t{1} + p[0];
  if (last_ != kNone) {
    const unsigned char* last = data() + last_;
    // The length octets first: memcmp may read all n bytes of both sides.
    if (last == p || (last[0] == p[0] && std::memcmp(last + 1, p + 1, p[0]) == 0)) return last_;
  }
  const Handle h = grow(n);
  // `name` may view this buffer, which the append may move: copied through its offset.
  const unsigned char* const base = data();
  if (p >= base && p < base + bytes_.size()) {
    const std::size_t from = static_cast<std::size_t>(p - base);
    bytes_.append(n, '\0');
    std::memmove(bytes_.data() + h, bytes_.data() + from, n);
  } else {
    bytes_.append(reinterpret_cast<const char*>(p), n);
  }
  last_ = h;
  return h;
}

NameStore::Handle NameStore::add_with_header(NameView name, std::string_view header) {
  const unsigned char* p = name.prefixed();
  const std::size_t n = std::size_t{1} + p[0];
  // A name that views this buffer: a copy first (the append may move the buffer).
  const unsigned char* const base = data();
  if (p >= base && p < base + bytes_.size()) {
    const std::string copy(reinterpret_cast<const char*>(p), n);
    return add_with_header(
        NameView::from_prefixed(reinterpret_cast<const unsigned char*>(copy.data())), header);
  }
  const Handle h = grow(header.size() + n);
  bytes_.append(header);
  bytes_.append(reinterpret_cast<const char*>(p), n);
  last_ = static_cast<Handle>(h + header.size());
  return last_;
}

NameStore::Handle NameStore::append(const NameStore& other) {
  const Handle by = grow(other.bytes_.size());
  bytes_.append(other.bytes_);
  // The names appended come after this store's own (a stretch of a zone file after the zone's
  // records so far): the next record's owner is compared with the last of them.
  if (other.last_ != kNone) last_ = by + other.last_;
  return by;
}

}  // namespace zl
