// Policy: .zonelint.yaml (found by walking up from each linted file, or given with --config)
// merged with command-line overrides. Owned by the lint engine; the CLI only fills
// CliPolicy and asks for the Settings of each file.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "lint/diagnostic.hpp"

namespace zl {

// A configuration error: exit code 2. The message names the file, line and key.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What the command line says about policy; each set field overrides the config file.
struct CliPolicy {
  std::optional<std::string> config_path;  // --config FILE
  std::vector<std::string> select;         // --select id,glob (replaces the config's select)
  std::vector<std::string> ignore;         // --ignore id,glob (added to the config's ignore)
  std::optional<Severity> fail_on;         // --fail-on
};

// Effective settings for one input file.
struct Settings {
  std::string config_file;                   // "" when none applies
  std::vector<std::string> select;           // ids or globs; empty = all rules
  std::vector<std::string> ignore;           // ids or globs
  std::map<std::string, Severity> severity;  // per-rule overrides
  Severity fail_on = Severity::warning;
  std::optional<std::string> origin;         // per-file origin from the config
  std::optional<std::uint32_t> default_ttl;  // octoDNS default TTL
  bool path_ignored = false;                 // matched a per-path ignore glob
  // Rule options, as raw YAML text per rule id (parsed by the rule engine).
  std::map<std::string, std::string> rule_options;
};

class Config {
 public:
  // Throws ConfigError for an unreadable or invalid explicit --config file.
  explicit Config(CliPolicy cli);
  // Settings for `path` (walks up from the file for .zonelint.yaml unless --config was
  // given; caches per directory). Throws ConfigError on an invalid config file.
  const Settings& for_file(const std::string& path);
  const CliPolicy& cli() const { return cli_; }

 private:
  CliPolicy cli_;
  std::map<std::string, Settings> cache_;  // by directory
};

}  // namespace zl
