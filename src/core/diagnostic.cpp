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

}  // namespace zl
