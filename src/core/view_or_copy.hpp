// Text that is either a view of bytes that outlive it or a copy of its own.
//
// The parsed records that the mail and SPF rules keep for the whole run hold their joined TXT
// text this way: a record of one character-string (most) views that string in the zone's rdata,
// which lives as long as the zone, and a record of several strings owns the joined copy. Parsed
// results keep byte offsets into the text, so a copy of the record only needs its text to stay
// the same bytes.
//
// Copies and moves keep that meaning: a view stays a view of the same bytes; an owned copy is
// copied (a copy of its own) or moved (the buffer changes owner, its bytes stay where they are).
// A moved-from object is empty, and views nothing.
//
// 16 bytes, one pointer and a 32-bit size (a TXT record's text is under 64 KiB): the memos keep
// one for each SPF, DMARC and DKIM record of the run (~150,000 on the 1M-record bench zone).
// It was a view beside a std::string (56 bytes, and a copy kept the joining string's spare
// capacity); an owned copy is now a buffer of exactly the text's size.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>

namespace zl {

class ViewOrCopy {
 public:
  ViewOrCopy() = default;
  // A view of `text`, whose bytes must outlive this object and its copies.
  static ViewOrCopy view(std::string_view text) {
    ViewOrCopy out;
    out.data_ = text.data();
    out.size_ = checked_size(text.size());
    return out;
  }
  // A copy of its own.
  static ViewOrCopy copy(std::string_view text) {
    ViewOrCopy out;
    out.size_ = checked_size(text.size());
    out.data_ = duplicate(text);
    out.owned_ = true;
    return out;
  }

  std::string_view str() const { return {data_, size_}; }
  bool owned() const { return owned_; }

  ViewOrCopy(const ViewOrCopy& o)
      : data_(o.owned_ ? duplicate(o.str()) : o.data_), size_(o.size_), owned_(o.owned_) {}
  ViewOrCopy(ViewOrCopy&& o) noexcept : data_(o.data_), size_(o.size_), owned_(o.owned_) {
    o.forget();
  }
  ViewOrCopy& operator=(const ViewOrCopy& o) {
    if (this != &o) *this = ViewOrCopy(o);
    return *this;
  }
  ViewOrCopy& operator=(ViewOrCopy&& o) noexcept {
    if (this != &o) {
      release();
      data_ = o.data_;
      size_ = o.size_;
      owned_ = o.owned_;
      o.forget();
    }
    return *this;
  }
  ~ViewOrCopy() { release(); }

 private:
  static std::uint32_t checked_size(std::size_t n) {
    if (n > UINT32_MAX) throw std::length_error("ViewOrCopy: text over 4 GiB");
    return static_cast<std::uint32_t>(n);
  }
  // A new buffer holding `text` (never null, even when empty).
  static const char* duplicate(std::string_view text) {
    char* p = new char[text.size() + (text.empty() ? 1 : 0)];
    if (!text.empty()) std::memcpy(p, text.data(), text.size());
    return p;
  }
  void release() {
    if (owned_) delete[] data_;
    forget();
  }
  // Empty, viewing nothing, owning nothing (the buffer, if any, has another owner or is freed).
  void forget() {
    data_ = nullptr;
    size_ = 0;
    owned_ = false;
  }

  const char* data_ = nullptr;
  std::uint32_t size_ = 0;
  bool owned_ = false;  // data_ is a buffer of ours (duplicate), freed with the object
};
static_assert(sizeof(ViewOrCopy) == 16);

}  // namespace zl
