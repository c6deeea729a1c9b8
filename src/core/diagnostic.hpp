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
// room each, and Message (below) the message: a Diagnostic is 72 bytes (core_diagnostic_test).

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

// A finding's message. The findings of a large zone are mostly a few rules' findings, each with
// the same wording around a name or two (on the 1M-record bench zone 64,000 findings, their
// messages 222 bytes on average, in three rules): a std::string copied that wording into every
// finding, 60% of the findings' memory. A Message is one pointer to a heap block that holds
// only what varies: the wording stays in a static format string, and the block holds a pointer
// to it and the texts of its `{}` slots.
//
//   Message::format<"DMARC policy of {} is 'p=none': ...">(quoted(name))
//
// A slot's argument is text (copied) or another Message (its format and arguments copied, not
// its text: `TagListError::message` gives one that dkim-syntax wraps). Plain text (a
// std::string, a std::string_view, a literal) makes a Message of one slot, as before: most of
// the code that builds a finding assigns a std::string. The text is written out on demand:
// `str()`, `append_to()`, `<<`, the conversion to std::string, and the std::string-like readers
// below (for tests and the rare reader; each writes out the text first).
//
// The block: the format's address (a `const std::string_view*` of static storage), then per
// slot a LEB128 number: 2n for n bytes of text that follow, 1 for a nested message (a block of
// the same form) that follows. The empty message is a null pointer.
namespace message_detail {
// A string literal as a template argument: the format of Message::format.
template <std::size_t N>
struct Literal {
  char text[N]{};
  consteval Literal(const char (&s)[N]) {  // NOLINT(google-explicit-constructor)
    for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
  }
  constexpr std::string_view view() const { return {text, N - 1}; }
  constexpr std::size_t slots() const {
    std::size_t n = 0;
    for (std::size_t i = 0; i + 1 < N - 1; ++i)
      if (text[i] == '{' && text[i + 1] == '}') ++n, ++i;
    return n;
  }
};
// The format's text, at one static address per format.
template <Literal F>
inline constexpr std::string_view kFormat = F.view();
}  // namespace message_detail

class Message {
 public:
  Message() = default;
  // Implicit, as this field was a std::string: `d.message = "cannot read " + path`.
  Message(std::string_view text);
  Message(const std::string& text) : Message(std::string_view(text)) {}
  Message(const char* text) : Message(std::string_view(text)) {}
  Message(const Message& other);
  Message(Message&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
  Message& operator=(Message other) noexcept {
    std::swap(block_, other.block_);
    return *this;
  }
  ~Message();

  // One slot's argument: text, or a message.
  struct Arg {
    Arg(std::string_view t) : text(t) {}    // NOLINT(google-explicit-constructor)
    Arg(const std::string& t) : text(t) {}  // NOLINT(google-explicit-constructor)
    Arg(const char* t) : text(t) {}         // NOLINT(google-explicit-constructor)
    Arg(const Message& m) : nested(&m) {}   // NOLINT(google-explicit-constructor)
    std::string_view text;
    const Message* nested = nullptr;
  };

  // F with each `{}` replaced by the next argument.
  template <message_detail::Literal F, class... Args>
  static Message format(const Args&... args) {
    static_assert(F.slots() == sizeof...(Args), "one argument for each {} of the format");
    const Arg list[] = {Arg(args)..., Arg(std::string_view())};
    return Message(&message_detail::kFormat<F>, list, sizeof...(Args));
  }

  std::string str() const;
  operator std::string() const { return str(); }  // NOLINT(google-explicit-constructor)
  void append_to(std::string& out) const;
  std::size_t size() const;
  bool empty() const { return block_ == nullptr || size() == 0; }

  // As std::string's.
  std::size_t find(std::string_view s, std::size_t pos = 0) const { return str().find(s, pos); }
  bool starts_with(std::string_view s) const { return str().starts_with(s); }
  bool ends_with(std::string_view s) const { return str().ends_with(s); }
  std::string substr(std::size_t pos, std::size_t n = std::string::npos) const {
    return str().substr(pos, n);
  }
  Message& operator+=(std::string_view more);

  friend bool operator==(const Message& a, std::string_view b) { return a.equals(b); }
  friend bool operator==(const Message& a, const std::string& b) { return a.equals(b); }
  friend bool operator==(const Message& a, const char* b) { return a.equals(b); }
  friend bool operator==(const Message& a, const Message& b);
  friend std::strong_ordering operator<=>(const Message& a, const Message& b) {
    return a.str() <=> b.str();
  }
  friend std::string operator+(const Message& a, std::string_view b) {
    std::string out = a.str();
    out.append(b);
    return out;
  }
  friend std::string operator+(const Message& a, const char* b) { return a + std::string_view(b); }
  friend std::string operator+(const Message& a, const std::string& b) {
    return a + std::string_view(b);
  }
  friend std::ostream& operator<<(std::ostream& out, const Message& m) { return out << m.str(); }

 private:
  Message(const std::string_view* format, const Arg* args, std::size_t count);
  bool equals(std::string_view text) const;
  char* block_ = nullptr;
};

struct Diagnostic {
  // Kebab-case id: "parse-error", "mx-target-cname". A view of static text: a Rule's id, a
  // kXxx constant or a literal (never a std::string that goes away).
  std::string_view rule;
  Severity severity = Severity::error;
  Span span;        // the narrowest offending token
  Message message;  // lower-case start, quotes the offending value, says why
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
