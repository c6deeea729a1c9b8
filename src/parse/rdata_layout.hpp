// Internals of the rdata converter: the per-type field layouts that the encoder, the wire
// checks and the printer share. Not part of the contract.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "parse/rdata_internal.hpp"

namespace zl::rdata_detail {

// The kinds of rdata field: each has an encoder (Enc), a wire reader and a printer.
enum class K : std::uint8_t {
  U8,
  U16,
  U32,
  Period,
  Time,
  Name,
  Str,
  Strs,
  A,
  AAAA,
  B64,
  B64Opt,
  B64Dash,  // base64, or "-" for none (DOA); never absent
  Hex,
  HexOpt,
  Type,
  Bitmap,
  Salt,
  B32,
  Alg,
  CertType,
  KeyFlags,  // a number, or BIND's mnemonics (ZONE|KSK)
  Eui48,
  Eui64,
  Ilnp64,
  CaaTag,
  CaaValue,
  UriTarget,
  Nsap,
  DsyncScheme
};

struct FieldSpec {
  K kind;
  const char* what;
};

// A type family with its own encoder and wire check (rdata_svcb.cpp, rdata_misc.cpp, ...).
using Custom = bool (*)(Enc&);
using CustomCheck = bool (*)(std::string_view, std::string*);

// Presentation form of wire rdata for a layout without fields; ok=false when it cannot be said.
using CustomPrint = std::string (*)(std::uint16_t type, std::string_view wire, bool* ok);

struct Layout {
  std::span<const FieldSpec> fields;
  Custom custom = nullptr;
  CustomCheck custom_check = nullptr;
  CustomPrint custom_print = nullptr;  // for layouts without fields
};

// The layout of `type`'s rdata; nullptr for types without a presentation format and unknown
// types.
const Layout* layout(std::uint16_t type);

// Encodes one field of a layout (rdata_encoder.cpp).
bool encode_field(Enc& e, const FieldSpec& f);

// Reads wire rdata field by field, appending the presentation form to `text` when non-null
// (rdata_wire.cpp). False (and `error`) when the wire does not match the layout.
bool read_layout(const Layout& l, std::string_view wire, std::string* text, std::string* error);

}  // namespace zl::rdata_detail
