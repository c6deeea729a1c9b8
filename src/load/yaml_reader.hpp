// YAML (yaml-cpp) to the positioned value tree of json_reader.hpp, so the octoDNS front end
// reads YAML and JSON with one piece of code.
//
// Positions come from yaml-cpp's marks (0-based line and column in code points, converted to
// bytes with SourceFile::offset_of). Marks only give a node's start; a scalar's end is found
// by matching its value against the source (exact for one-line plain and quoted scalars
// without escapes, else the rest of the line).
//
// Untrusted input: yaml-cpp shares aliased nodes, so a "billion laughs" document is small in
// memory but huge to walk. The conversion counts every node it produces and refuses the
// document past a budget proportional to the file size; nesting depth is bounded too
// (yaml-cpp itself refuses parser recursion beyond its own DepthGuard limit).
#pragma once

#include <optional>
#include <string>

#include "core/source.hpp"
#include "load/json_reader.hpp"

namespace zl::yaml {

struct Error {
  std::uint32_t offset = 0;
  std::string message;
};

struct Limits {
  std::uint32_t max_depth = 128;
  // Node budget: base + per_byte * file size.
  std::uint64_t node_budget_base = 10000;
  std::uint64_t node_budget_per_byte = 4;
};

// Parses the first document of `file`. A YAML null document (empty file) gives a null value.
// Mapping keys must be scalars. Plain scalars become numbers (decimal integers and simple
// decimals), booleans (YAML 1.1 true/false/yes/no/on/off, as PyYAML reads them for octoDNS)
// or null (~, null, empty); everything else is a string.
std::optional<json::Value> parse(const SourceFile& file, Error* error, Limits limits = {});

}  // namespace zl::yaml
