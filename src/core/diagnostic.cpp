#include "core/diagnostic.hpp"

#include <limits>
#include <new>
#include <stdexcept>

namespace zl {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "error";
}

bool parse_severity(std::string_view text, Severity* out) {
  if (text == "info")
    *out = Severity::info;
  else if (text == "warning")
    *out = Severity::warning;
  else if (text == "error")
    *out = Severity::error;
  else
    return false;
  return true;
}

CompactText::CompactText(std::string_view text) {
  if (text.empty()) return;
  if (text.size() <= kInline) {
    bytes_[0] = static_cast<char>((text.size() << 1) | 1U);
    std::memcpy(bytes_.data() + 1, text.data(), text.size());
    return;
  }
  if (text.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("CompactText: text longer than 4 GiB");
  const auto size = static_cast<std::uint32_t>(text.size());
  char* p = static_cast<char*>(::operator new(sizeof size + text.size()));
  std::memcpy(p, &size, sizeof size);
  std::memcpy(p + sizeof size, text.data(), text.size());
  std::memcpy(bytes_.data(), &p, sizeof p);
}

CompactText::~CompactText() {
  if (!empty() && !is_inline()) ::operator delete(const_cast<char*>(block()));
}

std::string_view CompactText::view() const {
  if (empty()) return {};
  if (is_inline())
    return {bytes_.data() + 1,
            static_cast<std::size_t>(static_cast<unsigned char>(bytes_[0]) >> 1)};
  const char* p = block();
  std::uint32_t size = 0;
  std::memcpy(&size, p, sizeof size);
  return {p + sizeof size, size};
}

namespace {

constexpr std::string_view kPlain = "{}";
// The bytes of the format's address at the start of a block (an object pointer's size).
constexpr std::size_t kFormatBytes = sizeof(void*);

std::size_t varint_size(std::uint64_t v) {
  std::size_t n = 1;
  for (; v >= 0x80; v >>= 7) ++n;
  return n;
}

char* write_varint(char* p, std::uint64_t v) {
  for (; v >= 0x80; v >>= 7) *p++ = static_cast<char>((v & 0x7F) | 0x80);
  *p++ = static_cast<char>(v);
  return p;
}

std::uint64_t read_varint(const char*& p) {
  std::uint64_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    const auto byte = static_cast<unsigned char>(*p++);
    v |= static_cast<std::uint64_t>(byte & 0x7FU) << shift;
    if ((byte & 0x80U) == 0) return v;
  }
}

const std::string_view& format_of(const char* block) {
  const std::string_view* f = nullptr;
  std::memcpy(&f, block, kFormatBytes);
  return *f;
}

// Calls piece(text) for each piece of the message in `block`, in order; returns the end of the
// block.
template <class Piece>
const char* visit(const char* block, Piece&& piece) {
  const std::string_view f = format_of(block);
  const char* p = block + kFormatBytes;
  std::size_t i = 0;
  for (std::size_t at = f.find("{}"); at != std::string_view::npos; at = f.find("{}", i)) {
    piece(f.substr(i, at - i));
    i = at + 2;
    const std::uint64_t v = read_varint(p);
    if (v == 1) {
      p = visit(p, piece);
    } else {
      piece(std::string_view(p, v >> 1));
      p += v >> 1;
    }
  }
  piece(f.substr(i));
  return p;
}

// The bytes of the block at `block`.
std::size_t block_size(const char* block) {
  return static_cast<std::size_t>(visit(block, [](std::string_view) {}) - block);
}

}  // namespace

Message::Message(std::string_view text) {
  if (text.empty()) return;
  const Arg arg(text);
  *this = Message(&kPlain, &arg, 1);
}

Message::Message(const std::string_view* format, const Arg* args, std::size_t count) {
  std::size_t size = kFormatBytes;
  for (std::size_t i = 0; i < count; ++i) {
    const Arg& a = args[i];
    if (a.nested != nullptr && a.nested->block_ != nullptr)
      size += 1 + block_size(a.nested->block_);
    else
      size += varint_size(std::uint64_t{a.text.size()} << 1) + a.text.size();
  }
  block_ = static_cast<char*>(::operator new(size));
  std::memcpy(block_, &format, kFormatBytes);
  char* p = block_ + kFormatBytes;
  for (std::size_t i = 0; i < count; ++i) {
    const Arg& a = args[i];
    if (a.nested != nullptr && a.nested->block_ != nullptr) {
      p = write_varint(p, 1);
      const std::size_t n = block_size(a.nested->block_);
      std::memcpy(p, a.nested->block_, n);
      p += n;
    } else {
      p = write_varint(p, std::uint64_t{a.text.size()} << 1);
      if (!a.text.empty()) std::memcpy(p, a.text.data(), a.text.size());
      p += a.text.size();
    }
  }
}

Message::Message(const Message& other) {
  if (other.block_ == nullptr) return;
  const std::size_t n = block_size(other.block_);
  block_ = static_cast<char*>(::operator new(n));
  std::memcpy(block_, other.block_, n);
}

Message::~Message() {
  ::operator delete(block_);
}

void Message::append_to(std::string& out) const {
  if (block_ != nullptr) visit(block_, [&](std::string_view piece) { out.append(piece); });
}

std::string Message::str() const {
  std::string out;
  out.reserve(size());
  append_to(out);
  return out;
}

std::size_t Message::size() const {
  std::size_t n = 0;
  if (block_ != nullptr) visit(block_, [&](std::string_view piece) { n += piece.size(); });
  return n;
}

bool Message::equals(std::string_view text) const {
  bool same = true;
  if (block_ != nullptr)
    visit(block_, [&](std::string_view piece) {
      same = same && text.starts_with(piece);
      if (same) text.remove_prefix(piece.size());
    });
  return same && text.empty();
}

bool operator==(const Message& a, const Message& b) {
  return a == b.str();
}

Message& Message::operator+=(std::string_view more) {
  *this = format<"{}{}">(*this, more);
  return *this;
}

}  // namespace zl
