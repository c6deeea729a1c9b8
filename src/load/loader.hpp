// Input dispatch: detects the format of a file (zone file, octoDNS YAML or JSON, DNSControl IR,
// Route 53, Terraform plan) and loads it into the ZoneSet.
#pragma once

#include <optional>
#include <string>

#include "config.hpp"
#include "model/zone.hpp"
#include "parse/zone_parser.hpp"

namespace zl {

enum class FormatChoice { auto_detect, zone, octodns, dnscontrol, route53, terraform };
std::optional<FormatChoice> parse_format_choice(std::string_view text);

struct LoadOptions {
  FormatChoice format = FormatChoice::auto_detect;  // --input-format
  ParseOptions parse;                               // origin, include root, limits
  std::optional<std::uint32_t> default_ttl;         // octoDNS default TTL
};

// Reads `path` and loads the zone(s) it defines into `set` (an octoDNS manager config loads
// every zone it points at). Problems are diagnostics in `set.diagnostics`. Returns false on
// an I/O error (missing or unreadable file): exit code 2.
bool load_file(ZoneSet& set, const std::string& path, const LoadOptions& options);

// Loads already-read content (fuzzers and tests).
void load_text(ZoneSet& set, const std::string& path, std::string text, const LoadOptions& options);

// Whether a directory walk should pick up this file name (zone files and DNS-as-code files).
bool looks_like_input(const std::string& file_name);

}  // namespace zl
