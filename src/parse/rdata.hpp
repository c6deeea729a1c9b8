// RDATA presentation format -> wire form, shared by every front end (zone files, octoDNS YAML,
// Route 53 values, Terraform records strings).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lint/diagnostic.hpp"
#include "model/zone.hpp"

namespace zl {

// One rdata token as written. `text` is the raw token text (escapes not yet decoded; for quoted
// tokens, without the quotes). `span` is where to point diagnostics.
struct RdataToken {
  std::string_view text;
  Span span;
  bool quoted = false;
};

struct RdataContext {
  const Name* origin = nullptr;  // for relative names; nullptr: relative names are an error
  Diagnostics* diags = nullptr;
  std::string owner;             // for diagnostics
};

// Encodes the rdata of `type` from tokens into `wire`. Handles RFC 3597 `\# len hex` for every
// type. On error reports a parse-error at the offending token and returns false.
bool encode_rdata(std::uint16_t type, std::span<const RdataToken> tokens, const RdataContext& ctx,
                  std::string& wire);

// Splits rdata text into tokens the way the zone grammar does (whitespace separated,
// "quoted strings", backslash escapes). `base` is the span of `text` in its source; token spans
// are offsets within it when `exact_positions` (the text is a verbatim slice of the source),
// else every token gets `base`.
std::vector<RdataToken> tokenize_rdata(std::string_view text, Span base, bool exact_positions,
                                       Diagnostics* diags);

}  // namespace zl
