// Findings: parse errors and rule results share one type.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/source.hpp"

namespace zl {

enum class Severity : std::uint8_t { info = 0, warning = 1, error = 2 };
std::string_view to_string(Severity s);
bool parse_severity(std::string_view text, Severity* out);

// A second location that explains the finding: "CNAME defined here", "first defined here",
// "included from here".
struct Note {
  Span span;
  std::string message;
};

// One change to a source file: replace the bytes of `span` with `replacement` (an empty
// replacement deletes them, an empty span inserts). A finding's fix is a list of edits that
// `zonelint --fix` applies together (report/fix.hpp).
struct Edit {
  Span span;
  std::string replacement;
  friend bool operator==(const Edit&, const Edit&) = default;
};

// A finding holds its text until the report is written, and a large zone gives tens of thousands
// of them (64,000 on the 1M-record bench zone): a Diagnostic was 200 bytes (three std::strings
// and two vectors, most of them empty or short) plus a heap block for a rule id or an owner
// longer than 15 bytes. The two types below keep what a finding rarely uses in one pointer's
// room each, so a Diagnostic is 96 bytes (core_diagnostic_test checks it).

// Immutable text in 8 bytes: up to 7 bytes inline (an RR type mnemonic: "TXT", "MX"), longer
// text in one heap block of its exact size (a 32-bit length, then the bytes). For the owner
// and type of a finding, written once and read by the reporters, baselines and tests. It reads
// as a std::string_view, and takes a std::string, a std::string_view or a literal.
class CompactText {
 public:
  CompactText() = default;
  // Implicit, as these fields were std::strings: `d.type = "SOA"`, `d.owner = name.text()`.
  CompactText(std::string_view text);
  CompactText(const std::string& text) : CompactText(std::string_view(text)) {}
  CompactText(const char* text) : CompactText(std::string_view(text)) {}
  CompactText(const CompactText& other) : CompactText(other.view()) {}
  CompactText(CompactText&& other) noexcept : bytes_(std::exchange(other.bytes_, {})) {}
  CompactText& operator=(CompactText other) noexcept {
    std::swap(bytes_, other.bytes_);
    return *this;
  }
  ~CompactText();

  std::string_view view() const;
  operator std::string_view() const { return view(); }
  std::string str() const { return std::string(view()); }
  bool empty() const { return bytes_ == Bytes{}; }
  std::size_t size() const { return view().size(); }

  friend bool operator==(const CompactText& a, std::string_view b) { return a.view() == b; }
  friend std::strong_ordering operator<=>(const CompactText& a, std::string_view b) {
    return a.view().compare(b) <=> 0;
  }
  friend std::ostream& operator<<(std::ostream& out, const CompactText& t) {
    return out << t.view();
  }

 private:
  // All zero: empty. Low bit of the first byte set: inline text, its length in the first byte's
  // bits 1-3 and the bytes after it. Otherwise the bytes are a pointer to the heap block, whose
  // low bit is 0 (operator new aligns it), and which the first byte holds on a little-endian
  // machine.
  static_assert(std::endian::native == std::endian::little,
                "CompactText tags a pointer's low byte");
  using Bytes = std::array<char, sizeof(char*)>;
  static constexpr std::size_t kInline = sizeof(Bytes) - 1;
  bool is_inline() const { return (static_cast<unsigned char>(bytes_[0]) & 1U) != 0; }
  const char* block() const {
    const char* p = nullptr;
    std::memcpy(&p, bytes_.data(), sizeof p);
    return p;
  }
  Bytes bytes_{};
};

// A list that costs one pointer while it is empty, as the notes and the fix of most findings
// are. A std::vector's interface, as far as findings use it.
template <class T>
class SparseList {
 public:
  SparseList() = default;
  // Implicit, as these fields were std::vectors: `d.notes = std::move(notes)`.
  SparseList(std::vector<T> items)
      : items_(items.empty() ? nullptr : std::make_unique<std::vector<T>>(std::move(items))) {}
  SparseList(const SparseList& other)
      : items_(other.items_ ? std::make_unique<std::vector<T>>(*other.items_) : nullptr) {}
  SparseList(SparseList&&) noexcept = default;
  SparseList& operator=(SparseList other) noexcept {
    std::swap(items_, other.items_);
    return *this;
  }
  ~SparseList() = default;

  bool empty() const { return !items_ || items_->empty(); }
  std::size_t size() const { return items_ ? items_->size() : 0; }
  T* begin() { return items_ ? items_->data() : nullptr; }
  T* end() { return begin() + size(); }
  const T* begin() const { return items_ ? items_->data() : nullptr; }
  const T* end() const { return begin() + size(); }
  T& operator[](std::size_t i) { return (*items_)[i]; }
  const T& operator[](std::size_t i) const { return (*items_)[i]; }
  T& front() { return items_->front(); }
  const T& front() const { return items_->front(); }
  T& back() { return items_->back(); }
  const T& back() const { return items_->back(); }
  void push_back(T item) { list().push_back(std::move(item)); }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    return list().emplace_back(std::forward<Args>(args)...);
  }
  std::vector<T> to_vector() const { return items_ ? *items_ : std::vector<T>(); }
  friend bool operator==(const SparseList& a, const SparseList& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  std::vector<T>& list() {
    if (!items_) items_ = std::make_unique<std::vector<T>>();
    return *items_;
  }
  std::unique_ptr<std::vector<T>> items_;
};

struct Diagnostic {
  // Kebab-case id: "parse-error", "mx-target-cname". A view of static text: a Rule's id, a
  // kXxx constant or a literal (never a std::string that goes away).
  std::string_view rule;
  Severity severity = Severity::error;
  Span span;            // the narrowest offending token
  std::string message;  // lower-case start, quotes the offending value, says why
  SparseList<Note> notes;
  CompactText owner;  // canonical owner name of the record concerned, if any
  CompactText type;   // RR type mnemonic of the record concerned, if any
  // The safe automatic fix, when the rule is certain of it (empty otherwise): every edit in
  // the file of the record concerned.
  SparseList<Edit> fixes;
};

// Sink handed to the parser, the loaders and the rules.
class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  std::vector<Diagnostic>& items() { return items_; }
  const std::vector<Diagnostic>& items() const { return items_; }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<Diagnostic> items_;
};

inline constexpr std::string_view kParseError = "parse-error";

}  // namespace zl
