// Writing JSON text straight into a string, in exactly the bytes nlohmann_json's
// dump(2, ' ', false, error_handler_t::replace) gives for the same value built as an
// ordered_json, without building the value. Private to src/report.
//
// The JSON, SARIF and GitLab reports write one element per finding this way: building an
// ordered_json per finding (a heap block per member, keys compared on insertion) and dumping it
// cost more than the rest of the report (about a tenth of a SARIF run over the 1M-record zone,
// and most of a fuzz_pipeline execution's reporting). The documents around the findings are
// written so too (json_stream.hpp).
//
// The layout, nlohmann's pretty printing with an indent of 2:
// - an empty object or array is "{}" or "[]";
// - otherwise the opening bracket, then each member or element on a line of its own, indented 2
//   columns more than the line holding the bracket, separated by ",", then a newline, the
//   bracket line's indentation and the closing bracket;
// - a member is the key as a string, ": " and the value;
// - strings: invalid UTF-8 bytes become U+FFFD (as report::valid_utf8, so a text already made
//   valid is unchanged: nlohmann passes valid UTF-8 through), '"' and '\' are escaped with a
//   backslash, U+0008, U+0009, U+000A, U+000C and U+000D as \b \t \n \f \r, the other C0
//   controls as \u00XX with lower-case hex digits; everything else (DEL and all non-ASCII
//   characters) is written as it is;
// - integers in decimal.
// tests/report_test.cpp compares the writer with nlohmann's dump on the same values.
#pragma once

#include <array>
#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/utf8.hpp"

namespace zl::report {

class JsonWriter {
 public:
  // Appends to `out`. `indent`: the indentation of the line where the value written starts
  // (the lines inside it are indented from there; its first line is not indented by the writer).
  explicit JsonWriter(std::string& out, std::size_t indent = 0) : out_(out), indent_(indent) {}

  void begin_object() { open('{', true); }
  void end_object() { close('}'); }
  void begin_array() { open('[', false); }
  void end_array() { close(']'); }

  // Inside an object: the next member's key (its value follows).
  void key(std::string_view k) {
    next_item();
    append_string(out_, k);
    out_ += ": ";
  }

  void string(std::string_view text) {
    before_value();
    append_string(out_, text);
  }
  template <std::integral T>
  requires(!std::same_as<T, bool>) void number(T v) {
    before_value();
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
  }
  void boolean(bool v) {
    before_value();
    out_ += v ? "true" : "false";
  }
  void null() {
    before_value();
    out_ += "null";
  }
  // A value already written as text by a JsonWriter at the indentation this value starts at.
  void raw(std::string_view text) {
    before_value();
    out_ += text;
  }

  // A JSON string of `text`, quotes included, as the writer writes it (see the top).
  static void append_string(std::string& out, std::string_view text) {
    out += '"';
    std::size_t copied = 0;  // text before this offset is in `out`
    std::size_t i = 0;
    while (i < text.size()) {
      while (text.size() - i >= 8 && !any_special(text.data() + i)) i += 8;  // 8 plain bytes
      if (i == text.size()) break;
      const auto c = static_cast<unsigned char>(text[i]);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {  // nearly every byte
        ++i;
        continue;
      }
      out.append(text, copied, i - copied);
      if (c >= 0x80) {
        const utf8::Decoded d = utf8::decode(text, i);
        if (d.valid) {
          out.append(text, i, d.length);
        } else {
          out += "\xEF\xBF\xBD";
        }
        i += d.length;
      } else {
        append_escape(out, c);
        ++i;
      }
      copied = i;
    }
    out.append(text, copied, text.size() - copied);
    out += '"';
  }

 private:
  // Whether one of the 8 bytes at `p` is not written as it is: below 0x20, 0x80 or above, '"'
  // or '\\' (SWAR; exact as a whole, though not about which byte). Text is mostly plain, and
  // a byte at a time was most of the writer's time (and, in the fuzz build, an edge counter's
  // increment per byte).
  static bool any_special(const char* p) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    std::uint64_t w = 0;
    std::memcpy(&w, p, sizeof w);
    const auto any_zero = [](std::uint64_t v) { return ((v - kOnes) & ~v & kHigh) != 0; };
    return (((w - kOnes * 0x20) & ~w & kHigh) | (w & kHigh)) != 0 || any_zero(w ^ (kOnes * '"')) ||
           any_zero(w ^ (kOnes * '\\'));
  }

  static void append_escape(std::string& out, unsigned char c) {
    switch (c) {
      case '"':
        out += "\\\"";
        return;
      case '\\':
        out += "\\\\";
        return;
      case '\b':
        out += "\\b";
        return;
      case '\t':
        out += "\\t";
        return;
      case '\n':
        out += "\\n";
        return;
      case '\f':
        out += "\\f";
        return;
      case '\r':
        out += "\\r";
        return;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      }
    }
  }

  // A new member (its key) or element: the separator and its line's indentation.
  void next_item() {
    if (depth_ == 0) return;
    out_ += items_[depth_ - 1]++ == 0 ? "\n" : ",\n";
    out_.append(indent_ + 2 * depth_, ' ');
  }
  // A value: in an array it is a new element; in an object its key came first.
  void before_value() {
    if (depth_ > 0 && !is_object_[depth_ - 1]) next_item();
  }
  void open(char bracket, bool object) {
    before_value();
    if (depth_ == kMaxDepth) throw std::logic_error("JsonWriter: nested too deep");
    out_ += bracket;
    items_[depth_] = 0;
    is_object_[depth_] = object;
    ++depth_;
  }
  void close(char bracket) {
    if (depth_ == 0) throw std::logic_error("JsonWriter: nothing to close");
    --depth_;
    if (items_[depth_] != 0) {
      out_ += '\n';
      out_.append(indent_ + 2 * depth_, ' ');
    }
    out_ += bracket;
  }

  static constexpr std::size_t kMaxDepth = 16;  // a finding's deepest value is 7 levels down
  std::string& out_;
  std::size_t indent_;
  std::size_t depth_ = 0;
  std::array<std::size_t, kMaxDepth> items_{};
  std::array<bool, kMaxDepth> is_object_{};
};

}  // namespace zl::report
