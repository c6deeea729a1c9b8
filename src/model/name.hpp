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

// Storage: a zone holds one Name per record (its owner), and the rules decode many more
// (MX exchanges, NS targets), so a Name keeps short wire forms inline, in its own 32 bytes,
// instead of in a heap block of its own: "host123.example.com." is 21 wire octets, and
// std::string's 15-octet inline buffer held none of them. See the representation below.
class Name {
 public:
  Name() { set_inline(std::string_view("\0", 1)); }  // the root
  static Name root() { return Name(); }
  // `wire` must be a well-formed uncompressed wire name (see is_valid_wire).
  static Name from_wire(std::string_view wire) { return Name(wire); }

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

  // The wire form, valid while this Name lives and is not assigned to or moved from: a short
  // name's octets are inside the Name, so a view of them does not follow the Name's moves.
  std::string_view wire() const {
    if (on_heap()) return std::string_view(heap_data(), heap_size());
    return std::string_view(reinterpret_cast<const char*>(rep_), rep_[kTag]);
  }
  bool is_root() const { return wire().size() == 1; }
  std::size_t label_count() const;               // root has 0
  std::vector<std::string_view> labels() const;  // raw label bytes, leftmost first
  std::string_view first_label() const;          // empty for root
  bool is_wildcard() const {
    const std::string_view w = wire();
    return w.size() >= 2 && w[0] == 1 && w[1] == '*';
  }
  Name parent() const;  // root's parent is root

  // Presentation form, absolute, with a trailing dot; special bytes escaped as BIND does.
  std::string text() const;
  // Lower-case presentation form: the canonical key used in reports and comparisons.
  std::string canonical_text() const;
  // Lower-case wire form (RFC 4034 §6.2 canonical form).
  std::string canonical_wire() const;

  // At or below `ancestor` (case-insensitive).
  bool is_subdomain_of(const Name& ancestor) const;
  // Relative text of this name below `origin` ("@" when equal); the absolute text otherwise.
  std::string relative_text(const Name& origin) const;
  // Appends `suffix` to a relative label sequence given as wire without root label. Returns
  // nullopt if the result exceeds 255 octets.
  static std::optional<Name> concat(std::string_view relative_wire_without_root,
                                    const Name& suffix);

  friend bool operator==(const Name& a, const Name& b) { return equal_ci(a.wire(), b.wire()); }
  // RFC 4034 §6.1 canonical DNS name order.
  friend std::strong_ordering operator<=>(const Name& a, const Name& b) {
    return canonical_compare(a.wire(), b.wire());
  }

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

  // Representation, 32 bytes. The last byte, rep_[kTag], tells where the wire octets are:
  // - 1..kInlineMax (a wire name is never empty): that many octets at rep_[0], inline. Every
  //   name of up to 31 octets (a label or two below a short origin) needs no heap block.
  // - kOnHeap: a heap block shared by the copies of this Name, its pointer at rep_[0] and the
  //   wire's size (a std::uint32_t) at rep_[sizeof(char*)]. The block holds a reference count
  //   (HeapBlock) followed by the octets, which never change: a copy takes a reference instead
  //   of a block of its own. The records of one owner each hold a copy of its name, and the
  //   rules copy owners and targets by the million; with a block per copy, the copies of the
  //   longer owners of a 1M-record zone were 5 MB of its peak, and a malloc each.
  // Pointer and size are read and written with memcpy, the defined way to keep them in bytes.
  // The count is atomic: the rules of a zone run on several threads and copy the same names.
  static constexpr std::size_t kTag = 31;
  static constexpr std::size_t kInlineMax = kTag;
  static constexpr unsigned char kOnHeap = 0xff;
  alignas(char*) unsigned char rep_[32] = {};

  struct HeapBlock {
    std::atomic<std::uint32_t> refs;
    char* octets() { return reinterpret_cast<char*>(this + 1); }
  };

  bool on_heap() const { return rep_[kTag] == kOnHeap; }
  // The block's address is kept as a void* (whose bytes are copied, not a HeapBlock's).
  HeapBlock* heap_block() const {
    void* b = nullptr;
    std::memcpy(&b, rep_, sizeof b);
    return static_cast<HeapBlock*>(b);
  }
  const char* heap_data() const { return heap_block()->octets(); }
  std::uint32_t heap_size() const {
    std::uint32_t n = 0;
    std::memcpy(&n, rep_ + sizeof(char*), sizeof n);
    return n;
  }
  void set_inline(std::string_view w) {  // w.size() <= kInlineMax
    std::memcpy(rep_, w.data(), w.size());
    rep_[kTag] = static_cast<unsigned char>(w.size());
  }
  void set_heap(std::string_view w) {
    void* mem = ::operator new(sizeof(HeapBlock) + w.size());
    HeapBlock* b = new (mem) HeapBlock{{1}};
    std::memcpy(b->octets(), w.data(), w.size());
    const auto n = static_cast<std::uint32_t>(w.size());
    std::memcpy(rep_, &mem, sizeof mem);  // the block's address (mem is b)
    std::memcpy(rep_ + sizeof(char*), &n, sizeof n);
    rep_[kTag] = kOnHeap;
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

struct NameHash {
  std::size_t operator()(const Name& n) const { return Name::hash_ci(n.wire()); }
};

// Escapes a character-string (TXT etc.) for presentation: quotes, backslash escapes for
// `"` and `\`, and \DDD for non-printable bytes.
std::string quote_character_string(std::string_view bytes);

}  // namespace zl
