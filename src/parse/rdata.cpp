// RDATA presentation text -> wire form (rdata.hpp): RFC 3597 generic rdata, the per-type
// encoding over the layouts, and the tokenizer for rdata given as one string. The encoder's
// cursor and field encoders are in rdata_encoder.cpp, the text codecs in rdata_codecs.cpp, the
// layouts in rdata_layout.cpp, wire checks and printing in rdata_wire.cpp, and the type
// families with their own syntax in rdata_svcb.cpp, rdata_misc.cpp and rdata_legacy.cpp.
#include "parse/rdata.hpp"

#include <algorithm>

#include "core/hex.hpp"
#include "parse/rdata_layout.hpp"

namespace zl {
namespace rdata_detail {

namespace {

bool is_generic(std::span<const RdataToken> tokens) {
  return !tokens.empty() && !tokens[0].quoted && tokens[0].text == "\\#";
}

// RFC 3597 §5: \# <length> <hex>...
bool encode_generic(Enc& e) {
  e.take("\\#");
  std::uint64_t len = 0;
  const RdataToken* lt = e.take("the rdata length in octets");
  if (!lt) return false;
  if (lt->quoted || !parse_decimal(lt->text, 65535, len))
    return e.fail_expected(*lt, "the rdata length 0..65535 after '\\#'");
  std::string hex;
  Span span = lt->span;
  while (!e.at_end()) {
    const RdataToken* t = e.take("hex");
    if (t->quoted) return e.fail_expected(*t, "hex rdata");
    hex.append(t->text);
    if (t->span.file == span.file) span.end = std::max(span.end, t->span.end);
  }
  std::string bytes;
  if (!decode_hex(hex, bytes)) {
    const auto bad = hex.find_first_not_of("0123456789abcdefABCDEF");
    if (bad != std::string::npos)
      return e.fail_at(span, "expected hex rdata after '\\# " + std::string(lt->text) +
                                 "', found the character " + quote_token(hex.substr(bad, 1)));
    return e.fail_at(span, "expected hex rdata after '\\# " + std::string(lt->text) +
                               "', found an odd number of hex digits");
  }
  if (bytes.size() != len)
    return e.fail_at(span, "'\\#' announces " + std::to_string(len) + " octets of rdata but " +
                               std::to_string(bytes.size()) + " follow");
  std::string err;
  if (!check_rdata_wire(e.type(), bytes, &err))
    return e.fail_at(span,
                     "generic rdata is not a valid " + type_name(e.type()) + " rdata: " + err);
  e.out().append(bytes);
  return true;
}

}  // namespace
}  // namespace rdata_detail

using namespace rdata_detail;

bool encode_rdata(std::uint16_t type, std::span<const RdataToken> tokens, const RdataContext& ctx,
                  std::string& wire) {
  wire.clear();
  Enc e(type, tokens, ctx, wire);
  if (is_generic(tokens)) {
    if (!encode_generic(e)) return false;
    return true;
  }
  const Layout* l = layout(type);
  if (!l) {
    // An unknown type, or a known one without a presentation format (NULL, UINFO, UID, GID,
    // UNSPEC): BIND and Knot read only RFC 3597's generic form for these.
    const std::string what = type_name(type).rfind("TYPE", 0) == 0
                                 ? "the unknown type " + type_name(type)
                                 : type_name(type) + ", a type without a presentation format";
    if (tokens.empty()) return e.fail_missing("'\\#' generic rdata (RFC 3597 §5) for " + what);
    return e.fail(tokens[0], "expected '\\#' generic rdata (RFC 3597 §5) for " + what + ", found " +
                                 quote_token(tokens[0].text));
  }
  bool ok;
  if (l->custom) {
    ok = l->custom(e);
  } else {
    ok = true;
    for (const FieldSpec& f : l->fields) {
      if (!encode_field(e, f)) {
        ok = false;
        break;
      }
    }
  }
  if (ok) ok = e.expect_end();
  if (ok && wire.size() > 65535) {
    ok = e.fail_at(
        tokens.empty() ? ctx.missing_span : tokens[0].span,
        "rdata of " + std::to_string(wire.size()) + " octets is longer than 65535 octets");
  }
  return ok;
}

// --- tokenizer ----------------------------------------------------------------------------

std::vector<RdataToken> tokenize_rdata(std::string_view text, Span base, bool exact_positions,
                                       Diagnostics* diags) {
  bool ok = true;
  return tokenize_rdata(text, base, exact_positions, diags, ok);
}

std::vector<RdataToken> tokenize_rdata(std::string_view text, Span base, bool exact_positions,
                                       Diagnostics* diags, bool& ok) {
  ok = true;
  std::vector<RdataToken> out;
  auto span_of = [&](std::size_t b, std::size_t e) {
    if (!exact_positions) return base;
    return Span{base.file, base.begin + static_cast<std::uint32_t>(b),
                base.begin + static_cast<std::uint32_t>(e)};
  };
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    if (text[i] == '"') {
      ++i;
      while (i < text.size() && text[i] != '"')
        i += (text[i] == '\\' && i + 1 < text.size()) ? 2 : 1;
      if (i >= text.size()) {
        ok = false;
        if (diags) {
          Diagnostic d;
          d.rule = kParseError;
          d.message = "expected a closing '\"' for the quoted string, found the end of the value";
          d.span = span_of(start, text.size());
          diags->add(std::move(d));
        }
        return out;
      }
      out.push_back(RdataToken{text.substr(start + 1, i - start - 1), span_of(start, i + 1), true});
      ++i;
      continue;
    }
    while (i < text.size() && !is_space(text[i]) && text[i] != '"')
      i += (text[i] == '\\' && i + 1 < text.size()) ? 2 : 1;
    out.push_back(RdataToken{text.substr(start, i - start), span_of(start, i), false});
  }
  return out;
}

}  // namespace zl
