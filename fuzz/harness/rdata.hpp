// Fuzz harness: RDATA presentation text -> wire (encode_rdata), the code every front end
// shares. Input: "TYPE\nRDATA TEXT" (TYPE as a mnemonic or TYPEnnn).
//
// Invariants: a failed encoding reports a located parse-error; a successful wire encoding
// passes check_rdata_wire, fits RDLENGTH, and round-trips: its presentation form
// (rdata_wire_to_text) encodes again to the same wire bytes.
#pragma once

#include <string>
#include <vector>

#include "fuzz/harness/check.hpp"
#include "fuzz/harness/invariants.hpp"
#include "parse/rdata.hpp"

namespace zl::fuzz {

inline int run_rdata(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = as_text(data, size);
  const std::size_t nl = in.find('\n');
  if (nl == std::string_view::npos) return 0;
  const auto type = parse_type(in.substr(0, nl));
  if (!type) return 0;
  const std::string text(in.substr(nl + 1));

  SourceSet sources;
  const FileId file = sources.add("rdata.txt", text);
  const Span base{file, 0, static_cast<std::uint32_t>(text.size())};
  const Name origin = *Name::parse("example.com.", nullptr);
  Diagnostics diags;
  bool ok = true;
  const std::vector<RdataToken> tokens = tokenize_rdata(text, base, true, &diags, ok);
  for (const RdataToken& t : tokens) {
    check_span(sources, t.span);
    ZL_FUZZ_CHECK(t.text.data() >= text.data() &&
                  t.text.data() + t.text.size() <= text.data() + text.size());
  }
  if (!ok) {
    ZL_FUZZ_CHECK(!diags.empty());
    for (const Diagnostic& d : diags.items()) check_diagnostic(sources, d);
    return 0;
  }
  RdataContext ctx;
  ctx.origin = &origin;
  ctx.diags = &diags;
  ctx.owner = "example.com.";
  ctx.missing_span = Span{file, 0, 0};
  std::string wire;
  const bool encoded = encode_rdata(*type, tokens, ctx, wire);
  for (const Diagnostic& d : diags.items()) check_diagnostic(sources, d);
  if (!encoded) {
    ZL_FUZZ_CHECK(!diags.empty());  // a refusal says why, at a token
    return 0;
  }
  ZL_FUZZ_CHECK(wire.size() <= 65535);
  std::string why;
  ZL_FUZZ_CHECK(check_rdata_wire(*type, wire, &why));

  // Round trip through the presentation form.
  const std::string printed = rdata_wire_to_text(*type, wire);
  SourceSet sources2;
  const FileId file2 = sources2.add("printed.txt", printed);
  Diagnostics diags2;
  bool ok2 = true;
  const auto tokens2 = tokenize_rdata(
      printed, Span{file2, 0, static_cast<std::uint32_t>(printed.size())}, true, &diags2, ok2);
  ZL_FUZZ_CHECK(ok2);
  RdataContext ctx2;
  ctx2.origin = &origin;
  ctx2.diags = &diags2;
  ctx2.missing_span = Span{file2, 0, 0};
  std::string wire2;
  if (!encode_rdata(*type, tokens2, ctx2, wire2)) {
    std::fprintf(stderr, "printed form does not encode again: %s\n", printed.c_str());
    for (const Diagnostic& d : diags2.items())
      std::fprintf(stderr, "  %s\n", d.message.str().c_str());
    ZL_FUZZ_CHECK(false);
  }
  if (wire2 != wire) std::fprintf(stderr, "printed form: %s\n", printed.c_str());
  ZL_FUZZ_CHECK(wire2 == wire);
  return 0;
}

}  // namespace zl::fuzz
