// Fuzz harness: the DNS-as-code front ends through load_text with an explicit format (octoDNS
// YAML, DNSControl IR, Route 53, Terraform plan JSON). Other files the input refers to (an
// octoDNS manager config's zone files) are served from memory like $INCLUDE in zone.hpp, and
// the reader checks that nothing outside the include root is ever asked for.
#pragma once

#include <string>

#include "fuzz/harness/check.hpp"
#include "fuzz/harness/invariants.hpp"
#include "fuzz/harness/zone.hpp"
#include "load/loader.hpp"

namespace zl::fuzz {

// The main file's name below the fuzz root, per format: the name octoDNS takes the zone from.
inline std::string main_file_name(FormatChoice format) {
  switch (format) {
    case FormatChoice::octodns:
      return "example.com.yaml";
    case FormatChoice::dnscontrol:
      return "dnscontrol.json";
    case FormatChoice::route53:
      return "example.com.route53.json";
    case FormatChoice::terraform:
      return "plan.json";
    case FormatChoice::zone:
    case FormatChoice::auto_detect:
      break;
  }
  return "example.com.zone";
}

inline LoadOptions fuzz_load_options(FormatChoice format, const Files& files,
                                     const std::string& main_name) {
  LoadOptions opt;
  opt.format = format;
  opt.parse = fuzz_parse_options(files);
  // The in-memory reader of zone.hpp serves the main file as example.com.zone; serve it under
  // the name this format uses.
  opt.parse.reader = [&files, main_name](const std::string& path,
                                         std::string* error) -> std::optional<std::string> {
    const auto rel = below_fuzz_root(path);
    ZL_FUZZ_CHECK(rel.has_value());  // never a file outside the include root
    if (*rel == main_name) return files.main;
    auto it = files.others.find(*rel);
    if (rel->empty() || it == files.others.end()) {
      if (error) *error = "No such file or directory";
      return std::nullopt;
    }
    return it->second;
  };
  return opt;
}

inline void load_fuzz_input(ZoneSet& set, FormatChoice format, const Files& files) {
  const std::string main_name = main_file_name(format);
  const LoadOptions opt = fuzz_load_options(format, files, main_name);
  load_text(set, std::string(kFuzzRoot) + "/" + main_name, files.main, opt);
  for (const Zone& z : set.zones) {
    ZL_FUZZ_CHECK(z.records.size() <= opt.parse.limits.max_records_per_zone);
  }
}

inline int run_loader(FormatChoice format, const std::uint8_t* data, std::size_t size) {
  const Files files = split_files(as_text(data, size));
  ZoneSet set;
  load_fuzz_input(set, format, files);
  check_zone_set(set);
  return 0;
}

}  // namespace zl::fuzz
