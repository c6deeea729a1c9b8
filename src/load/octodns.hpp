// octoDNS front end, internal to src/load: what its units share.
//
//  * octodns.cpp          entry points (zone file as YAML or JSON), zone from a file name, the
//                         files of a split zone directory
//  * octodns_values.cpp   octoDNS value shapes -> rdata tokens (MX/SRV/CAA/... mappings, TXT
//                         escapes, LOC, SVCB/HTTPS)
//  * octodns_records.cpp  record names and records -> zone entries (type, ttl, octodns flags)
//  * octodns_config.cpp   manager config: the YamlProvider / SplitYamlProvider zones it lists
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "load/frontend.hpp"

namespace zl::load::octodns {

using json::Kind;
using json::Value;

struct Context {
  ZoneSet& set;
  FileId file;
  ZoneBuilder& zone;
  const Name& origin;
  std::uint32_t default_ttl;
  bool zone_lenient;
};

bool is_scalar(const Value& v);
// A scalar's text; a boolean reads "true" or "false".
std::string scalar_text(const Value& v);

// One value of a record -> tokens; nullopt when the shape is wrong (reported).
std::optional<std::vector<Token>> value_tokens(Context& c, const Value& v, const std::string& owner,
                                               std::uint16_t type, bool lenient);

// Adds the records of one file (a whole zone, or one part of a split zone) to `zone`.
void load_records(ZoneSet& set, FileId file, const Value& root, ZoneBuilder& zone,
                  std::uint32_t default_ttl, bool zone_lenient);

std::uint32_t effective_default_ttl(const LoadOptions& options);

// Reads one zone file (or one part of a split zone) into `zone`. Each file is read once: a part
// that `zone` already has is skipped, and a file that the run loaded on its own before (the walk
// met the zone file before the manager config) is taken over: that load's zones and findings
// are dropped and the file is read again for `zone`, from the text already held.
void load_zone_yaml_file(ZoneSet& set, const std::string& path, ZoneBuilder& zone,
                         std::uint32_t default_ttl, bool lenient, const LoadOptions& options);

// The YAML files of a split zone directory (SplitYamlProvider), sorted.
std::vector<std::string> split_files(const std::filesystem::path& dir);

bool is_manager_config(const Value& root);
// Manager config: for each zone, the YamlProvider / SplitYamlProvider sources it reads.
void load_manager_config(ZoneSet& set, FileId file, const Value& root, const LoadOptions& options);

}  // namespace zl::load::octodns
