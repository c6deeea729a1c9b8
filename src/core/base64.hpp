// The base64 alphabet (RFC 4648 §4), shared by the rdata codecs (DNSKEY, RRSIG, ...) and the
// DKIM key parser, which differ in what they allow around the digits (white space, padding).
#pragma once

namespace zl {

// The value of a base64 digit (0-63), or -1 when `c` is not one ('=' padding included).
constexpr int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace zl
