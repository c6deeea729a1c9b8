// RDATA presentation format -> wire form, shared by every front end (zone files, octoDNS YAML,
// Route 53 values, Terraform records strings).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
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
  std::string owner;  // for diagnostics
  // Where to point when the rdata ends too early and there is no token to point at (for
  // example the type token). When invalid, the end of the last token is used.
  Span missing_span;
};

// Encodes the rdata of `type` from tokens into `wire`. Handles RFC 3597 `\# len hex` for every
// type. On error reports a parse-error at the offending token and returns false.
//
// Types with a wire encoder are fully validated, and generic `\#` rdata of those types is
// checked against the type's wire layout. Presentation rdata of a type without an encoder (unknown
// to zonelint, or one with no presentation format such as NULL) is an error: RFC 3597 §5 requires
// the `\#` form for it.
bool encode_rdata(std::uint16_t type, std::span<const RdataToken> tokens, const RdataContext& ctx,
                  std::string& wire);

// Checks wire rdata against the layout of `type` (field sizes, names, lengths). Types without
// an encoder, and unknown types, accept any wire. On failure sets `error`.
bool check_rdata_wire(std::uint16_t type, std::string_view wire, std::string* error = nullptr);

// Splits rdata text into tokens the way the zone grammar does (whitespace separated,
// "quoted strings", backslash escapes). `base` is the span of `text` in its source; token spans
// are offsets within it when `exact_positions` (the text is a verbatim slice of the source),
// else every token gets `base`. Parentheses and ';' are ordinary characters here (a single
// value has no comments or line continuation). An unterminated quoted string is a parse-error;
// the returned tokens then stop before it.
std::vector<RdataToken> tokenize_rdata(std::string_view text, Span base, bool exact_positions,
                                       Diagnostics* diags);
// Same, and `ok` tells whether the text was well formed.
std::vector<RdataToken> tokenize_rdata(std::string_view text, Span base, bool exact_positions,
                                       Diagnostics* diags, bool& ok);

// Presentation form of wire rdata of `type` (the rdata part only, names absolute, character
// strings quoted), or RFC 3597 `\# len hex` for types without a printer or malformed wire.
std::string rdata_wire_to_text(std::uint16_t type, std::string_view wire);
// Presentation form of a record's rdata.
std::string rdata_to_text(const Zone& zone, const Record& record);

}  // namespace zl
