#include "load/json_reader.hpp"

#include <charconv>
#include <cstdio>

namespace zl::json {

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::null:
      return "null";
    case Kind::boolean:
      return "a boolean";
    case Kind::number:
      return "a number";
    case Kind::string:
      return "a string";
    case Kind::array:
      return "an array";
    case Kind::object:
      return "an object";
  }
  return "a value";
}

const Member* Value::find_member(std::string_view key) const {
  if (kind != Kind::object) return nullptr;
  for (const Member& m : members) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

const Value* Value::find(std::string_view key) const {
  const Member* m = find_member(key);
  return m ? &m->value : nullptr;
}

std::optional<std::int64_t> Value::as_integer() const {
  if (kind != Kind::number) return std::nullopt;
  if (text.find_first_of(".eE") != std::string::npos) return std::nullopt;
  std::int64_t v = 0;
  const char* b = text.data();
  const char* e = b + text.size();
  auto [p, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || p != e) return std::nullopt;
  return v;
}

namespace {

struct Failure {
  std::uint32_t offset;
  std::string message;
};

class Reader {
 public:
  Reader(std::string_view text, Limits limits) : s_(text), limits_(limits) {}

  Value document() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    skip_ws();
    Value v = value(0);
    skip_ws();
    if (pos_ != s_.size()) fail("unexpected " + describe_here() + " after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void fail(std::string message) { throw Failure{off(), std::move(message)}; }
  [[noreturn]] void fail_at(std::size_t at, std::string message) {
    throw Failure{static_cast<std::uint32_t>(at), std::move(message)};
  }
  std::uint32_t off() const { return static_cast<std::uint32_t>(pos_); }
  bool eof() const { return pos_ >= s_.size(); }
  char peek() const { return eof() ? '\0' : s_[pos_]; }

  std::string describe_here() const {
    if (eof()) return "end of input";
    const unsigned char c = static_cast<unsigned char>(s_[pos_]);
    if (c >= 0x20 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
    return buf;
  }

  void skip_ws() {
    while (!eof()) {
      const char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else {
        break;
      }
    }
  }

  Value value(std::uint32_t depth) {
    if (depth > limits_.max_depth) {
      fail("JSON nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    Value v;
    v.begin = off();
    switch (peek()) {
      case '{':
        object(v, depth);
        break;
      case '[':
        array(v, depth);
        break;
      case '"':
        v.kind = Kind::string;
        v.verbatim = string(v.text);
        v.quoted = true;
        break;
      case 't':
        literal("true");
        v.kind = Kind::boolean;
        v.boolean = true;
        break;
      case 'f':
        literal("false");
        v.kind = Kind::boolean;
        break;
      case 'n':
        literal("null");
        v.kind = Kind::null;
        break;
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) {
          number(v);
        } else {
          fail("expected a JSON value, found " + describe_here());
        }
    }
    v.end = off();
    if (v.verbatim) {
      v.content_begin = v.begin + 1;
      v.content_end = v.end - 1;
    }
    return v;
  }

  void literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word)
      fail("expected a JSON value, found " + describe_here());
    pos_ += word.size();
  }

  void number(Value& v) {
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (peek() >= '1' && peek() <= '9') {
      while (peek() >= '0' && peek() <= '9') ++pos_;
    } else {
      fail("expected a digit in number, found " + describe_here());
    }
    if (peek() == '.') {
      ++pos_;
      if (!(peek() >= '0' && peek() <= '9'))
        fail("expected a digit after '.', found " + describe_here());
      while (peek() >= '0' && peek() <= '9') ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!(peek() >= '0' && peek() <= '9'))
        fail("expected a digit in exponent, found " + describe_here());
      while (peek() >= '0' && peek() <= '9') ++pos_;
    }
    v.kind = Kind::number;
    v.text = std::string(s_.substr(start, pos_ - start));
  }

  // Length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlong forms, no
  // surrogates, nothing above U+10FFFF), or 0.
  static std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = b(i);
    std::size_t len = 0;
    std::uint32_t cp = 0, min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2, cp = b0 & 0x1Fu, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3, cp = b0 & 0x0Fu, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4, cp = b0 & 0x07u, min = 0x10000;
    } else {
      return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
      if ((b(i + k) & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (b(i + k) & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
  }

  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::uint32_t hex4() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = peek();
      std::uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        d = static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        d = static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        fail("expected 4 hex digits after '\\u', found " + describe_here());
      }
      v = v * 16 + d;
      ++pos_;
    }
    return v;
  }

  // Reads a string at the opening quote into `out`; returns whether it had no escapes.
  bool string(std::string& out) {
    const std::size_t open = pos_;
    ++pos_;
    bool verbatim = true;
    while (true) {
      if (eof()) fail_at(open, "unterminated string");
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return verbatim;
      }
      if (c < 0x20) fail("control character in string (escape it as \\u00XX)");
      if (c >= 0x80) {
        const std::size_t n = utf8_length(s_, pos_);
        if (n == 0) fail("invalid UTF-8 in string (JSON text must be UTF-8, RFC 8259 §8.1)");
        out.append(s_, pos_, n);
        pos_ += n;
        continue;
      }
      if (c != '\\') {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      verbatim = false;
      ++pos_;
      const char e = peek();
      ++pos_;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::uint32_t cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (s_.substr(pos_, 2) != "\\u") fail("unpaired UTF-16 surrogate in string");
            pos_ += 2;
            const std::uint32_t lo = hex4();
            if (lo < 0xDC00 || lo > 0xDFFF) fail("unpaired UTF-16 surrogate in string");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("unpaired UTF-16 surrogate in string");
          }
          append_utf8(out, cp);
          break;
        }
        default:
          pos_ -= 1;
          fail("invalid escape in string: " + describe_here());
      }
    }
  }

  void array(Value& v, std::uint32_t depth) {
    v.kind = Kind::array;
    ++pos_;
    skip_ws();
    if (peek() == ']') {
      ++pos_;
      return;
    }
    while (true) {
      skip_ws();
      v.items.push_back(value(depth + 1));
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        return;
      }
      fail("expected ',' or ']' in array, found " + describe_here());
    }
  }

  void object(Value& v, std::uint32_t depth) {
    v.kind = Kind::object;
    ++pos_;
    skip_ws();
    if (peek() == '}') {
      ++pos_;
      return;
    }
    while (true) {
      skip_ws();
      if (peek() != '"') fail("expected a string key in object, found " + describe_here());
      Member m;
      m.key_begin = off();
      string(m.key);
      m.key_end = off();
      skip_ws();
      if (peek() != ':') fail("expected ':' after object key, found " + describe_here());
      ++pos_;
      skip_ws();
      m.value = value(depth + 1);
      v.members.push_back(std::move(m));
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        return;
      }
      fail("expected ',' or '}' in object, found " + describe_here());
    }
  }

  std::string_view s_;
  Limits limits_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<Value> parse(std::string_view text, ParseError* error, Limits limits) {
  if (text.size() >= 0xffffffffu) {
    if (error) *error = ParseError{0, "JSON document larger than 4 GiB"};
    return std::nullopt;
  }
  try {
    Reader r(text, limits);
    return r.document();
  } catch (const Failure& f) {
    if (error) *error = ParseError{f.offset, f.message};
    return std::nullopt;
  }
}

}  // namespace zl::json
