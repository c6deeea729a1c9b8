// Text codecs of the rdata converter (rdata_internal.hpp): decimal numbers, character-string
// escapes, base64, base32hex and type bitmaps.
#include <algorithm>
#include <array>
#include <cstring>

#include "core/base64.hpp"
#include "parse/rdata_internal.hpp"

namespace zl::rdata_detail {

bool parse_decimal(std::string_view s, std::uint64_t max, std::uint64_t& v) {
  if (s.empty() || s.size() > 20) return false;
  std::uint64_t r = 0;
  for (char c : s) {
    if (!is_digit(c)) return false;
    const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (r > max / 10 || (r == max / 10 && d > max % 10)) return false;
    r = r * 10 + d;
  }
  v = r;
  return true;
}

bool decode_string(std::string_view raw, std::string& out, std::string* error) {
  out.clear();
  return append_decoded_string(raw, out, error);
}

bool append_decoded_string(std::string_view raw, std::string& out, std::string* error) {
  std::size_t i = 0;
  while (i < raw.size()) {
    // The run up to the next escape in one append: most strings have none.
    const std::size_t esc = std::min(raw.find('\\', i), raw.size());
    out.append(raw.data() + i, esc - i);
    i = esc;
    if (i == raw.size()) break;
    if (i + 1 >= raw.size()) {
      if (error) *error = "dangling backslash at the end";
      return false;
    }
    const char d = raw[i + 1];
    if (is_digit(d)) {
      if (i + 3 >= raw.size() || !is_digit(raw[i + 2]) || !is_digit(raw[i + 3])) {
        if (error) *error = "\\DDD escape needs three decimal digits";
        return false;
      }
      const int v = (d - '0') * 100 + (raw[i + 2] - '0') * 10 + (raw[i + 3] - '0');
      if (v > 255) {
        if (error)
          *error = "\\DDD escape above 255 ('\\" + std::string(raw.substr(i + 1, 3)) + "')";
        return false;
      }
      out.push_back(static_cast<char>(v));
      i += 4;
    } else {
      out.push_back(d);
      i += 2;
    }
  }
  return true;
}

std::size_t plain_name_wire(std::string_view text, const Name* origin, char* buf) {
  if (text.empty() || text.size() > 200 || text == "@" || text == ".") return 0;
  // Label by label (memchr finds the dots), not byte by byte: the bytes are copied as they
  // are, and only the labels' lengths are tested.
  if (std::memchr(text.data(), '\\', text.size())) return 0;  // an escape: not plain
  const char* const data = text.data();
  std::size_t n = 0;
  std::size_t pos = 0;
  for (;;) {
    const auto* dot = static_cast<const char*>(std::memchr(data + pos, '.', text.size() - pos));
    const std::size_t end = dot ? static_cast<std::size_t>(dot - data) : text.size();
    const std::size_t len = end - pos;
    if (len == 0 || len > 63) return 0;  // an empty label, or one too long
    buf[n++] = static_cast<char>(len);
    std::memcpy(buf + n, data + pos, len);
    n += len;
    if (!dot) break;
    pos = end + 1;
    if (pos == text.size()) {  // absolute
      buf[n++] = 0;
      return n <= 255 ? n : 0;
    }
  }
  if (!origin) return 0;
  const std::string_view ow = origin->wire();
  if (n + ow.size() > 255) return 0;
  std::memcpy(buf + n, ow.data(), ow.size());
  return n + ow.size();
}

bool decode_base64(std::string_view text, std::string& out) {
  if (text.size() % 4 != 0) return false;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + static_cast<std::size_t>(k)];
      if (c == '=') {
        if (!last || k < 2) return false;
        ++pad;
        v[k] = 0;
        continue;
      }
      if (pad) return false;  // data after padding
      v[k] = base64_value(c);
      if (v[k] < 0) return false;
    }
    const std::uint32_t n =
        (static_cast<std::uint32_t>(v[0]) << 18) | (static_cast<std::uint32_t>(v[1]) << 12) |
        (static_cast<std::uint32_t>(v[2]) << 6) | static_cast<std::uint32_t>(v[3]);
    out.push_back(static_cast<char>(n >> 16));
    if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<char>(n & 0xff));
  }
  return true;
}

bool decode_base32hex(std::string_view text, std::string& out) {
  // RFC 4648 §7 without padding (RFC 5155 §3.3); Knot also accepts the padded form.
  const auto eq = text.find('=');
  if (eq != std::string_view::npos) {
    if (text.size() % 8 != 0 || text.find_first_not_of('=', eq) != std::string_view::npos)
      return false;
    const std::size_t data_rem = eq % 8;
    if (data_rem == 0 || text.size() - eq != 8 - data_rem) return false;
    text = text.substr(0, eq);
  }
  std::uint64_t acc = 0;
  int bits = 0;
  const std::size_t rem = text.size() % 8;
  if (rem == 1 || rem == 3 || rem == 6) return false;
  for (char c : text) {
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'v')
      v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'V')
      v = c - 'A' + 10;
    else
      return false;
    acc = (acc << 5) | static_cast<std::uint64_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  // Leftover bits must be zero.
  return (acc & ((1u << bits) - 1)) == 0;
}

std::string encode_base64(std::string_view b) {
  static constexpr char kAlpha[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s;
  std::size_t i = 0;
  for (; i + 3 <= b.size(); i += 3) {
    const std::uint32_t n = (static_cast<unsigned char>(b[i]) << 16) |
                            (static_cast<unsigned char>(b[i + 1]) << 8) |
                            static_cast<unsigned char>(b[i + 2]);
    s += kAlpha[(n >> 18) & 63];
    s += kAlpha[(n >> 12) & 63];
    s += kAlpha[(n >> 6) & 63];
    s += kAlpha[n & 63];
  }
  if (i < b.size()) {
    std::uint32_t n = static_cast<unsigned char>(b[i]) << 16;
    if (i + 1 < b.size()) n |= static_cast<unsigned char>(b[i + 1]) << 8;
    s += kAlpha[(n >> 18) & 63];
    s += kAlpha[(n >> 12) & 63];
    s += (i + 1 < b.size()) ? kAlpha[(n >> 6) & 63] : '=';
    s += '=';
  }
  return s;
}

std::string encode_base32hex(std::string_view b) {
  static constexpr char kAlpha[] = "0123456789abcdefghijklmnopqrstuv";
  std::string s;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : b) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      s += kAlpha[(acc >> bits) & 31];
    }
  }
  if (bits > 0) s += kAlpha[(acc << (5 - bits)) & 31];
  return s;
}

std::string type_bitmap_text(std::string_view w, bool* ok) {
  std::string s;
  *ok = true;
  std::size_t p = 0;
  int last_window = -1;
  while (p < w.size()) {
    if (p + 2 > w.size()) {
      *ok = false;
      return s;
    }
    const int window = static_cast<unsigned char>(w[p]);
    const int len = static_cast<unsigned char>(w[p + 1]);
    if (window <= last_window || len < 1 || len > 32 ||
        p + 2 + static_cast<std::size_t>(len) > w.size()) {
      *ok = false;
      return s;
    }
    last_window = window;
    for (int i = 0; i < len; ++i) {
      const auto byte = static_cast<unsigned char>(w[p + 2 + static_cast<std::size_t>(i)]);
      for (int bit = 0; bit < 8; ++bit) {
        if (byte & (0x80 >> bit)) {
          if (!s.empty()) s += ' ';
          s += type_name(static_cast<std::uint16_t>(window * 256 + i * 8 + bit));
        }
      }
    }
    p += 2 + static_cast<std::size_t>(len);
  }
  return s;
}

}  // namespace zl::rdata_detail
