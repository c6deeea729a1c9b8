// Fuzz harness: the .zonelint.yaml loader (Config::use_config_text, then the settings of a file
// below it). A bad config must be a ConfigError that names the file; nothing else may escape
// (the CLI turns ConfigError into exit code 2, anything else would end the process).
#pragma once

#include <string>

#include "fuzz/harness/check.hpp"
#include "fuzz/harness/zone.hpp"
#include "lint/config.hpp"
#include "lint/rule.hpp"

namespace zl::fuzz {

inline void check_settings(const Settings& s) {
  ZL_FUZZ_CHECK(s.enabled(kParseError));  // parse errors can't be turned off
  for (const Rule* r : all_rules()) {
    const Severity sev = s.severity_of(r->id, r->default_severity);
    ZL_FUZZ_CHECK(sev == Severity::info || sev == Severity::warning || sev == Severity::error);
    (void)s.enabled(r->id);
  }
}

inline int run_config(const std::uint8_t* data, std::size_t size) {
  const std::string path = std::string(kFuzzRoot) + "/.zonelint.yaml";
  Config config(CliPolicy{});
  try {
    config.use_config_text(path, std::string(as_text(data, size)));
    for (const char* file : {"/zones/example.com.zone", "/example.com.yaml", "/a/b/c/db.example"}) {
      check_settings(config.for_file(std::string(kFuzzRoot) + file));
    }
  } catch (const ConfigError& e) {
    ZL_FUZZ_CHECK(std::string_view(e.what()).find(".zonelint.yaml") != std::string_view::npos);
  }
  return 0;
}

}  // namespace zl::fuzz
