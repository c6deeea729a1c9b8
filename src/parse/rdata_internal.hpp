// Internals of the rdata encoder shared by the rdata_*.cpp files. Not part of the contract.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/hex.hpp"
#include "parse/rdata.hpp"

namespace zl::rdata_detail {

// Token cursor and field encoders. Every encoder consumes its token(s), appends wire bytes to
// `out` and returns true, or reports a parse-error at the offending token and returns false.
class Enc {
 public:
  Enc(std::uint16_t type, std::span<const RdataToken> toks, const RdataContext& ctx,
      std::string& out)
      : type_(type), toks_(toks), ctx_(ctx), out_(out) {}

  std::uint16_t type() const { return type_; }
  std::string& out() { return out_; }
  const RdataContext& ctx() const { return ctx_; }

  bool at_end() const { return i_ >= toks_.size(); }
  const RdataToken* peek() const { return at_end() ? nullptr : &toks_[i_]; }
  // Next token; at the end reports "expected <expected>, found the end of the rdata".
  const RdataToken* take(std::string_view expected);
  void unget() { --i_; }
  std::size_t remaining() const { return toks_.size() - i_; }

  bool fail(const RdataToken& t, std::string_view message);
  bool fail_at(Span span, std::string_view message);
  // "expected <expected>, found '<token>'".
  bool fail_expected(const RdataToken& t, std::string_view expected);
  bool fail_missing(std::string_view expected);
  bool expect_end();

  // Field encoders.
  bool number(std::string_view what, std::uint64_t max, int bytes, std::uint64_t* value = nullptr);
  bool u8(std::string_view what, std::uint8_t* v = nullptr);
  bool u16(std::string_view what, std::uint16_t* v = nullptr);
  bool u32(std::string_view what);
  bool period(std::string_view what);  // u32 with TTL units (1w2d3h4m5s)
  bool time(std::string_view what);    // YYYYMMDDHHmmSS or a number
  bool name(std::string_view what);
  bool char_string(std::string_view what);          // one, length-prefixed
  bool char_strings(std::string_view what);         // one or more to the end
  bool address(int family, std::string_view what);  // AF_INET or AF_INET6
  bool ipv4(std::string_view what);
  bool ipv6(std::string_view what);
  bool base64_rest(std::string_view what, bool allow_empty);
  bool hex_rest(std::string_view what, bool allow_empty);
  bool rrtype(std::string_view what, std::uint16_t* v = nullptr);
  bool type_bitmap();
  bool salt(std::string_view what);
  bool base32hex_len(std::string_view what);
  bool algorithm(std::string_view what);
  bool cert_type(std::string_view what);
  bool key_flags(std::string_view what);  // DNSKEY/KEY/RKEY flags: a number or ZONE|KSK
  bool eui(std::string_view what, int octets);
  bool ilnp64(std::string_view what);
  bool caa_tag(std::string_view what);
  // The rest of the rdata as one string of any length, no length byte (CAA value, URI target).
  bool unbounded_string(std::string_view what);
  bool nsap(std::string_view what);
  bool dsync_scheme(std::string_view what);

  void put8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void put16(std::uint16_t v) {
    put8(static_cast<std::uint8_t>(v >> 8));
    put8(static_cast<std::uint8_t>(v));
  }
  void put32(std::uint32_t v) {
    put16(static_cast<std::uint16_t>(v >> 16));
    put16(static_cast<std::uint16_t>(v));
  }

 private:
  std::uint16_t type_;
  std::span<const RdataToken> toks_;
  std::size_t i_ = 0;
  const RdataContext& ctx_;
  std::string& out_;
};

// Helpers shared by the type families.
inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
// A token quoted for a message: at most 80 bytes.
std::string quote_token(std::string_view t);
bool parse_decimal(std::string_view s, std::uint64_t max, std::uint64_t& v);
// Decodes the escapes of a character-string token; false with a message on a bad escape.
bool decode_string(std::string_view raw, std::string& out, std::string* error);
// Same, appending to `out` (which may hold part of the string on failure).
bool append_decoded_string(std::string_view raw, std::string& out, std::string* error);
// The wire form of a plain domain name (no escapes, not "@" or "."; a relative one gets
// `origin` appended) written to `buf`, which must hold 256 bytes. Returns its length, or 0 when
// the text is not plain or not a valid name: then Name::parse decides, and gives the error.
// The fast path of names in rdata and of owner names: it allocates nothing.
std::size_t plain_name_wire(std::string_view text, const Name* origin, char* buf);
bool decode_base64(std::string_view text, std::string& out);
bool decode_base32hex(std::string_view text, std::string& out);
std::string encode_base64(std::string_view bytes);
std::string encode_base32hex(std::string_view bytes);
// Decodes the type names of a type bitmap to its wire form.
std::string type_bitmap_text(std::string_view wire, bool* ok);

// Type families implemented in their own files.
bool encode_svcb(Enc& e);
bool check_svcb_wire(std::string_view wire, std::string* error);
std::string svcb_to_text(std::string_view wire, bool* ok);
bool encode_loc(Enc& e);
bool check_loc_wire(std::string_view wire, std::string* error);
bool encode_apl(Enc& e);
bool check_apl_wire(std::string_view wire, std::string* error);
bool encode_wks(Enc& e);
bool encode_ipseckey(Enc& e);
bool check_ipseckey_wire(std::string_view wire, std::string* error);
bool encode_hip(Enc& e);
bool check_hip_wire(std::string_view wire, std::string* error);
bool encode_gpos(Enc& e);
bool encode_amtrelay(Enc& e);
bool check_amtrelay_wire(std::string_view wire, std::string* error);
bool encode_isdn(Enc& e);
bool check_wks_wire(std::string_view wire, std::string* error);
// Presentation form of LOC, APL, IPSECKEY, AMTRELAY, HIP and WKS wire; ok=false when malformed.
std::string misc_to_text(std::uint16_t type, std::string_view wire, bool* ok);
bool encode_x25(Enc& e);
bool encode_zonemd(Enc& e);
bool encode_a6(Enc& e);
bool check_a6_wire(std::string_view wire, std::string* error);
bool encode_atma(Enc& e);
bool check_atma_wire(std::string_view wire, std::string* error);
bool encode_nxt(Enc& e);
bool check_nxt_wire(std::string_view wire, std::string* error);
// Presentation form of A6, ATMA and NXT wire; ok=false when malformed.
std::string legacy_to_text(std::uint16_t type, std::string_view wire, bool* ok);
bool check_zonemd_wire(std::string_view wire, std::string* error);

}  // namespace zl::rdata_detail
