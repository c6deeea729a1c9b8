// Domain names. A Name holds the uncompressed wire form (length-prefixed labels ending with the
// root label) in its original spelling. Comparison and hashing ignore ASCII case, as DNS does
// (RFC 4343); the original case is kept for messages.
#pragma once

#include <atomic>
#include <compare>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zl {

class Name;

// A read-only view of a domain name, 8 bytes: a pointer to the name's wire length (one octet:
// a wire name is at most 255) followed by its wire octets. A Name keeps its wire in that
// layout, and so does a zone's owner store (NameStore, Zone::owner_names), so a record's owner
// is a view into its zone's store (Zone::owner; a Record keeps a 4-byte handle) and a Name
// converts to a NameView without a copy. Functions that only read a name take
// a NameView. Like std::string_view, a view is valid only as long as what it views: never keep
// one of a temporary Name (`NameView v = n.parent();` dangles).
class NameView {
 public:
  NameView();               // the root
  NameView(const Name& n);  // implicit: functions that only read a name take a NameView
  // A view of a temporary would dangle at once (`NameView v; v = Name::parse(...).value();`).
  NameView& operator=(const Name&&) = delete;
  // `p`: a wire length (1..255) followed by that many octets of a well-formed wire name.
  static NameView from_prefixed(const unsigned char* p) { return NameView(p); }

  std::string_view wire() const { return {reinterpret_cast<const char*>(p_ + 1), p_[0]}; }
  // The wire length octet and the wire, as a store keeps them (1 + wire().size() octets).
  const unsigned char* prefixed() const { return p_; }

  bool is_root() const { return p_[0] == 1; }
  std::size_t label_count() const;               // root has 0
  std::vector<std::string_view> labels() const;  // raw label bytes, leftmost first
  std::string_view first_label() const;          // empty for root
  bool is_wildcard() const { return p_[0] >= 3 && p_[1] == 1 && p_[2] == '*'; }
  Name parent() const;  // root's parent is root

  // Presentation form, absolute, with a trailing dot; special bytes escaped as BIND does.
  std::string text() const;
  // Lower-case presentation form: the canonical key used in reports and comparisons.
  std::string canonical_text() const;
  // Lower-case wire form (RFC 4034 §6.2 canonical form).
  std::string canonical_wire() const;
  // At or below `ancestor` (case-insensitive).
  bool is_subdomain_of(NameView ancestor) const;
  // Relative text of this name below `origin` ("@" when equal); the absolute text otherwise.
  std::string relative_text(NameView origin) const;

 private:
  explicit NameView(const unsigned char* p) : p_(p) {}
  const unsigned char* p_;
};

// Case-insensitive (RFC 4343), and RFC 4034 §6.1 canonical DNS name order: for Names and views
// alike (a Name converts to a NameView).
bool operator==(NameView a, NameView b);
std::strong_ordering operator<=>(NameView a, NameView b);

// Storage: a zone's records keep their owners in the zone's owner store (NameView above), but
// the rules decode many names of their own (MX exchanges, NS targets), so a Name keeps short
// wire forms inline, in its own 32 bytes, instead of in a heap block of its own:
// "host123.example.com." is 21 wire octets, and std::string's 15-octet inline buffer held none
// of them. See the representation below. The read-only API is NameView's (a Name converts to
// one without a copy); Name's members below forward to it.
class Name {
 public:
  Name() { set_inline(std::string_view("\0", 1)); }  // the root
  static Name root() { return Name(); }
  // `wire` must be a well-formed uncompressed wire name (see is_valid_wire).
  static Name from_wire(std::string_view wire) { return Name(wire); }
  // A copy of the name a view shows (explicit: a copy of a long name is a heap block).
  explicit Name(NameView v) : Name(v.wire()) {}

  // A moved-from Name is the root.
  Name(const Name& o) { copy_from(o); }
  Name(Name&& o) noexcept {
    std::memcpy(rep_, o.rep_, sizeof rep_);  // takes the heap block, if any, with the bytes
    o.set_inline(std::string_view("\0", 1));
  }
  Name& operator=(const Name& o) {
    if (this != &o) {
      release();
      copy_from(o);
    }
    return *this;
  }
  Name& operator=(Name&& o) noexcept {
    if (this != &o) {
      release();
      std::memcpy(rep_, o.rep_, sizeof rep_);
      o.set_inline(std::string_view("\0", 1));
    }
    return *this;
  }
  ~Name() { release(); }
  static bool is_valid_wire(std::string_view wire);

  // Parses presentation format: labels separated by dots, `\X` and `\DDD` escapes, `@` for
  // the origin. A name without a final dot is relative and gets `origin` appended (when
  // origin is null, a relative name is an error). On failure returns nullopt and sets
  // `error` to a message naming the problem (label over 63 octets, name over 255, empty
  // label, bad escape).
  static std::optional<Name> parse(std::string_view text, const Name* origin,
                                   std::string* error = nullptr);
  // Same, but reports whether the text was relative.
  static std::optional<Name> parse(std::string_view text, const Name* origin, bool* was_relative,
                                   std::string* error);

  // The wire length octet followed by the wire (see NameView), valid while this Name lives and
  // is not assigned to or moved from: a short name's octets are inside the Name, so a view of
  // them does not follow the Name's moves.
  const unsigned char* prefixed() const { return on_heap() ? heap_block()->octets() : rep_; }
  std::string_view wire() const { return view().wire(); }
  NameView view() const { return NameView::from_prefixed(prefixed()); }

  bool is_root() const { return view().is_root(); }
  std::size_t label_count() const { return view().label_count(); }
  std::vector<std::string_view> labels() const { return view().labels(); }
  std::string_view first_label() const { return view().first_label(); }
  bool is_wildcard() const { return view().is_wildcard(); }
  Name parent() const { return view().parent(); }
  std::string text() const { return view().text(); }
  std::string canonical_text() const { return view().canonical_text(); }
  std::string canonical_wire() const { return view().canonical_wire(); }
  bool is_subdomain_of(NameView ancestor) const { return view().is_subdomain_of(ancestor); }
  std::string relative_text(NameView origin) const { return view().relative_text(origin); }

  // Appends `suffix` to a relative label sequence given as wire without root label. Returns
  // nullopt if the result exceeds 255 octets.
  static std::optional<Name> concat(std::string_view relative_wire_without_root, NameView suffix);

  // Inline, with a plain byte comparison first: most names are written in one case, and the
  // rules phase compares names millions of times.
  static bool equal_ci(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0) return true;
    return equal_ci_folded(a, b);
  }
  static std::strong_ordering canonical_compare(std::string_view a, std::string_view b);
  static std::size_t hash_ci(std::string_view wire);

 private:
  static bool equal_ci_folded(std::string_view a, std::string_view b);  // ASCII case folded

  explicit Name(std::string_view wire) {
    if (wire.size() <= kInlineMax)
      set_inline(wire);
    else
      set_heap(wire);
  }

  // Representation, 32 bytes, in NameView's layout. rep_[0] tells where the wire octets are:
  // - 1..kInlineMax (a wire name is never empty): the wire's length, the octets following it at
  //   rep_[1], inline. Every name of up to 31 octets (a label or two below a short origin)
  //   needs no heap block.
  // - kOnHeap: a heap block shared by the copies of this Name, its pointer at rep_[8]. The
  //   block holds a reference count (HeapBlock) followed by the wire's length and octets,
  //   which never change: a copy takes a reference instead of a block of its own (the rules
  //   copy owners and targets by the million; with a block per copy, the copies of the longer
  //   names of a 1M-record zone were 5 MB of its peak, and a malloc each).
  // The pointer is read and written with memcpy, the defined way to keep it in bytes. The count
  // is atomic: the rules of a zone run on several threads and copy the same names.
  static constexpr std::size_t kInlineMax = 31;
  static constexpr unsigned char kOnHeap = 0;
  static constexpr std::size_t kHeapPtr = 8;
  alignas(char*) unsigned char rep_[32] = {};

  struct HeapBlock {
    std::atomic<std::uint32_t> refs;
    unsigned char* octets() { return reinterpret_cast<unsigned char*>(this + 1); }
  };

  bool on_heap() const { return rep_[0] == kOnHeap; }
  // The block's address is kept as a void* (whose bytes are copied, not a HeapBlock's).
  HeapBlock* heap_block() const {
    void* b = nullptr;
    std::memcpy(&b, rep_ + kHeapPtr, sizeof b);
    return static_cast<HeapBlock*>(b);
  }
  void set_inline(std::string_view w) {  // w.size() <= kInlineMax
    rep_[0] = static_cast<unsigned char>(w.size());
    std::memcpy(rep_ + 1, w.data(), w.size());
  }
  void set_heap(std::string_view w) {  // w.size() <= 255
    void* mem = ::operator new(sizeof(HeapBlock) + 1 + w.size());
    HeapBlock* b = new (mem) HeapBlock{{1}};
    b->octets()[0] = static_cast<unsigned char>(w.size());
    std::memcpy(b->octets() + 1, w.data(), w.size());
    rep_[0] = kOnHeap;
    std::memcpy(rep_ + kHeapPtr, &mem, sizeof mem);  // the block's address (mem is b)
  }
  void copy_from(const Name& o) {
    std::memcpy(rep_, o.rep_, sizeof rep_);
    // A new reference needs no ordering: the octets were published with the Name copied from.
    if (on_heap()) heap_block()->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void release() {
    if (!on_heap()) return;
    HeapBlock* b = heap_block();
    // The last owner frees the block; acq_rel orders every other owner's reads before it.
    if (b->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      b->~HeapBlock();
      ::operator delete(b);
    }
  }
};
static_assert(sizeof(Name) == 32, "a Name is 32 bytes: see its representation");
static_assert(sizeof(NameView) == 8, "a NameView is a pointer: see above");

inline NameView::NameView() : p_(reinterpret_cast<const unsigned char*>("\1\0")) {}
inline NameView::NameView(const Name& n) : p_(n.prefixed()) {}
inline bool operator==(NameView a, NameView b) {
  return Name::equal_ci(a.wire(), b.wire());
}
inline std::strong_ordering operator<=>(NameView a, NameView b) {
  return Name::canonical_compare(a.wire(), b.wire());
}

struct NameHash {
  std::size_t operator()(NameView n) const { return Name::hash_ci(n.wire()); }
};

// Escapes a character-string (TXT etc.) for presentation: quotes, backslash escapes for
// `"` and `\`, and \DDD for non-printable bytes.
std::string quote_character_string(std::string_view bytes);

}  // namespace zl
