// Wire rdata (rdata.hpp, rdata_layout.hpp): reading it field by field to check it against a
// type's layout and to print its presentation form.
#include <arpa/inet.h>

#include <cstdio>

#include "core/hex.hpp"
#include "parse/rdata_layout.hpp"

namespace zl {
namespace rdata_detail {

namespace {

// A cursor over wire rdata that appends each field's presentation to `text` when non-null.
struct Reader {
  std::string_view w;
  std::string* text = nullptr;
  std::string* error = nullptr;
  std::size_t p = 0;

  bool need(std::size_t n) const { return p + n <= w.size(); }
  std::uint32_t get(int bytes) {
    std::uint32_t v = 0;
    for (int k = 0; k < bytes; ++k) v = (v << 8) | static_cast<unsigned char>(w[p++]);
    return v;
  }
  std::string_view rest() {
    auto r = w.substr(p);
    p = w.size();
    return r;
  }
  bool fail(std::string m) {
    if (error) *error = std::move(m);
    return false;
  }
  bool cut_short(const FieldSpec& f) { return fail(std::string(f.what) + " is cut short"); }
  // Appends one field's text, space separated; callers that compute the text skip it when
  // `text` is null.
  void put(std::string_view s) {
    if (!text) return;
    if (!text->empty()) *text += ' ';
    text->append(s);
  }
};

bool read_fixed(Reader& r, const FieldSpec& f, int bytes) {
  if (!r.need(static_cast<std::size_t>(bytes))) return r.cut_short(f);
  const auto v = r.get(bytes);
  if (r.text) r.put(std::to_string(v));
  return true;
}

bool read_type(Reader& r, const FieldSpec& f) {
  if (!r.need(2)) return r.cut_short(f);
  const auto v = static_cast<std::uint16_t>(r.get(2));
  if (r.text) r.put(type_name(v));
  return true;
}

bool read_name(Reader& r, const FieldSpec& f) {
  auto n = read_wire_name(r.w, r.p);
  if (!n) return r.fail(std::string(f.what) + " is not a valid uncompressed wire name");
  if (r.text) r.put(n->text());
  return true;
}

// One character-string (Str), or one or more to the end (Strs).
bool read_strings(Reader& r, const FieldSpec& f) {
  bool first = true;
  do {
    if (!r.need(1)) return r.cut_short(f);
    const std::size_t len = static_cast<unsigned char>(r.w[r.p]);
    if (!r.need(1 + len)) return r.fail(std::string(f.what) + " is longer than the rdata");
    if (r.text) r.put(quote_character_string(r.w.substr(r.p + 1, len)));
    r.p += 1 + len;
    first = false;
  } while (f.kind == K::Strs && r.p < r.w.size());
  return !first;
}

bool read_address(Reader& r, const FieldSpec& f) {
  const int fam = f.kind == K::A ? AF_INET : AF_INET6;
  const std::size_t n = f.kind == K::A ? 4 : 16;
  if (!r.need(n)) return r.cut_short(f);
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(fam, r.w.data() + r.p, buf, sizeof buf);
  r.p += n;
  r.put(buf);
  return true;
}

// The rest of the rdata as base64 or hex (B64, B64Opt, B64Dash, Hex, HexOpt).
bool read_blob(Reader& r, const FieldSpec& f) {
  auto b = r.rest();
  if (f.kind == K::B64Dash) {
    if (r.text) r.put(b.empty() ? std::string("-") : encode_base64(b));
    return true;
  }
  if (b.empty() && (f.kind == K::B64 || f.kind == K::Hex))
    return r.fail(std::string(f.what) + " is missing");
  if (b.empty()) return true;
  if (r.text) r.put((f.kind == K::B64 || f.kind == K::B64Opt) ? encode_base64(b) : encode_hex(b));
  return true;
}

bool read_bitmap(Reader& r) {
  bool ok = true;
  auto s = type_bitmap_text(r.rest(), &ok);
  if (!ok) return r.fail("the type bitmap is malformed");
  if (!s.empty()) r.put(s);
  return true;
}

// A length-prefixed salt (hex, "-" when empty) or base32hex hash.
bool read_counted(Reader& r, const FieldSpec& f) {
  if (!r.need(1)) return r.cut_short(f);
  const std::size_t len = static_cast<unsigned char>(r.w[r.p]);
  if (!r.need(1 + len)) return r.fail(std::string(f.what) + " is longer than the rdata");
  auto b = r.w.substr(r.p + 1, len);
  r.p += 1 + len;
  if (f.kind == K::B32 && len == 0) return r.fail(std::string(f.what) + " is empty");
  if (r.text) r.put(f.kind == K::B32 ? encode_base32hex(b) : (len ? encode_hex(b) : "-"));
  return true;
}

// EUI-48 and EUI-64 (xx-xx-...), ILNP 64-bit identifiers (xxxx:xxxx:xxxx:xxxx).
bool read_eui(Reader& r, const FieldSpec& f) {
  const std::size_t n = f.kind == K::Eui48 ? 6 : 8;
  if (!r.need(n)) return r.cut_short(f);
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    char buf[3];
    std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned char>(r.w[r.p + i]));
    if (i && (f.kind != K::Ilnp64 || i % 2 == 0)) s += f.kind == K::Ilnp64 ? ':' : '-';
    s += buf;
  }
  r.p += n;
  r.put(s);
  return true;
}

bool read_caa_tag(Reader& r) {
  if (!r.need(1)) return r.fail("the CAA tag is cut short");
  const std::size_t len = static_cast<unsigned char>(r.w[r.p]);
  if (len == 0 || !r.need(1 + len)) return r.fail("the CAA tag length is wrong");
  for (char c : r.w.substr(r.p + 1, len))
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return r.fail("the CAA tag has a character other than a letter or digit");
  r.put(r.w.substr(r.p + 1, len));
  r.p += 1 + len;
  return true;
}

bool read_nsap(Reader& r) {
  auto b = r.rest();
  if (b.empty()) return r.fail("the NSAP address is empty");
  if (r.text) r.put("0x" + encode_hex(b));
  return true;
}

// Reads one field; false when malformed.
bool read_field(Reader& r, const FieldSpec& f) {
  switch (f.kind) {
    case K::U8:
    case K::Alg:
    case K::DsyncScheme:
      return read_fixed(r, f, 1);
    case K::U16:
    case K::CertType:
    case K::KeyFlags:
      return read_fixed(r, f, 2);
    case K::U32:
    case K::Period:
    case K::Time:
      return read_fixed(r, f, 4);
    case K::Type:
      return read_type(r, f);
    case K::Name:
      return read_name(r, f);
    case K::Str:
    case K::Strs:
      return read_strings(r, f);
    case K::A:
    case K::AAAA:
      return read_address(r, f);
    case K::B64Dash:
    case K::B64:
    case K::B64Opt:
    case K::Hex:
    case K::HexOpt:
      return read_blob(r, f);
    case K::Bitmap:
      return read_bitmap(r);
    case K::Salt:
    case K::B32:
      return read_counted(r, f);
    case K::Eui48:
    case K::Eui64:
    case K::Ilnp64:
      return read_eui(r, f);
    case K::CaaTag:
      return read_caa_tag(r);
    case K::CaaValue:
    case K::UriTarget: {
      auto b = r.rest();
      if (r.text) r.put(quote_character_string(b));
      return true;
    }
    case K::Nsap:
      return read_nsap(r);
  }
  return false;
}

}  // namespace

bool read_layout(const Layout& l, std::string_view wire, std::string* text, std::string* error) {
  Reader r{wire, text, error};
  for (const FieldSpec& f : l.fields)
    if (!read_field(r, f)) return false;
  if (r.p != wire.size()) {
    if (error)
      *error = std::to_string(wire.size() - r.p) + " octets left over after the last field";
    return false;
  }
  return true;
}

}  // namespace rdata_detail

using namespace rdata_detail;

bool check_rdata_wire(std::uint16_t type, std::string_view wire, std::string* error) {
  const Layout* l = layout(type);
  if (!l) return true;
  if (l->custom_check) return l->custom_check(wire, error);
  if (!l->custom) return read_layout(*l, wire, nullptr, error);
  // A custom encoder over a plain field layout (GPOS, X25, ISDN): the wire is valid when its
  // presentation form passes the encoder and gives the same octets back.
  std::string text;
  if (!read_layout(*l, wire, &text, error)) return false;
  const auto tokens = tokenize_rdata(text, Span{}, false, nullptr);
  RdataContext ctx;
  std::string again;
  Enc e(type, tokens, ctx, again);
  if (!l->custom(e) || !e.at_end() || again != wire) {
    if (error) *error = "the fields are not a valid " + type_name(type) + " rdata";
    return false;
  }
  return true;
}

std::string rdata_wire_to_text(std::uint16_t type, std::string_view wire) {
  const Layout* l = layout(type);
  if (l && !l->fields.empty()) {
    std::string text;
    if (read_layout(*l, wire, &text, nullptr)) return text;
  }
  if (l && l->custom_print) {
    bool ok = false;
    std::string text = l->custom_print(type, wire, &ok);
    if (ok) return text;
  }
  std::string s = "\\# " + std::to_string(wire.size());
  if (!wire.empty()) s += " " + encode_hex(wire);
  return s;
}

std::string rdata_to_text(const Zone& zone, const Record& record) {
  auto w = zone.rdata(record);
  return rdata_wire_to_text(record.type, w);
}

}  // namespace zl
