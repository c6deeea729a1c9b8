// Text that is either a view of bytes that outlive it or a copy of its own.
//
// The parsed records that the mail and SPF rules keep for the whole run hold their joined TXT
// text this way: a record of one character-string (most) views that string in the zone's rdata,
// which lives as long as the zone, and a record of several strings owns the joined copy. Parsed
// results keep byte offsets into the text, so a copy of the record only needs its text to stay
// the same bytes.
//
// Copies and moves keep that meaning: a view stays a view of the same bytes; an owned copy is
// copied (or moved) and the new object views its own copy (a moved short string's bytes move
// with it, out of the buffer the old view pointed into). A moved-from object is empty, and
// views nothing.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace zl {

class ViewOrCopy {
 public:
  ViewOrCopy() = default;
  // A view of `text`, whose bytes must outlive this object and its copies.
  static ViewOrCopy view(std::string_view text) {
    ViewOrCopy out;
    out.view_ = text;
    return out;
  }
  // A copy of its own.
  static ViewOrCopy copy(std::string text) {
    ViewOrCopy out;
    out.copy_ = std::move(text);
    out.owned_ = true;
    out.view_ = out.copy_;
    return out;
  }

  std::string_view str() const { return view_; }
  bool owned() const { return owned_; }

  ViewOrCopy(const ViewOrCopy& o) : copy_(o.copy_), owned_(o.owned_) { view_ = pick(o); }
  ViewOrCopy(ViewOrCopy&& o) noexcept : copy_(std::move(o.copy_)), owned_(o.owned_) {
    view_ = pick(o);
    o.clear();
  }
  ViewOrCopy& operator=(const ViewOrCopy& o) {
    if (this != &o) {
      copy_ = o.copy_;
      owned_ = o.owned_;
      view_ = pick(o);
    }
    return *this;
  }
  ViewOrCopy& operator=(ViewOrCopy&& o) noexcept {
    if (this != &o) {
      copy_ = std::move(o.copy_);
      owned_ = o.owned_;
      view_ = pick(o);
      o.clear();
    }
    return *this;
  }
  ~ViewOrCopy() = default;

 private:
  // The view after taking o's state: our own copy, or the bytes o viewed.
  std::string_view pick(const ViewOrCopy& o) const {
    return owned_ ? std::string_view(copy_) : o.view_;
  }
  void clear() {
    copy_.clear();
    owned_ = false;
    view_ = {};
  }

  std::string_view view_;
  std::string copy_;  // empty unless owned_
  bool owned_ = false;
};

}  // namespace zl
