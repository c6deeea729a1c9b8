// Policy: .zonelint.yaml (found by walking up from each linted file, or given with --config)
// merged with command-line overrides. Owned by the lint engine; the CLI only fills
// CliPolicy and asks for the Settings of each file.
//
// The file format (every key optional; unknown keys are errors):
//
//   select: [mx-*, cname-and-other-data]  # ids or globs; default: every rule
//   ignore: [mx-missing]                  # ids or globs, applied after select
//   severity: {mx-no-redundancy: error}   # per-rule severity overrides (id or glob keys)
//   fail-on: warning                      # error | warning | info
//   exclude: ["legacy/**"]                # path globs: files not linted at all
//   include: ["*.zone", "zones/*"]        # walk candidates: replaces the default name patterns
//   extend-include: ["zones/*.txt"]       # walk candidates: added to the default patterns
//   baseline: .zonelint-baseline.json     # the --baseline file (relative to the config file)
//   per-path-ignore:                      # path glob -> rule ids or globs ignored there
//     "zones/internal/**": [mx-missing]
//   origins:                              # path (or glob) -> origin of that zone file
//     "zones/db.example": example.com.
//   rules:                                # rule options (lists of strings)
//     mx-no-redundancy: {single-mx-hosts: ["mx.example.net", "*.mx.example.org"]}
//   octodns: {default-ttl: 3600, lenient: info}   # lenient: info | suppress | keep
//
// Path globs are relative to the directory of the config file; `*` and `?` stay within one
// path segment, `**` spans segments.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/glob.hpp"

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
  // --time: the check time (Unix seconds) that time-dependent rules (RRSIG validity) compare
  // with; unset: the current time, read once per lint run.
  std::optional<std::int64_t> check_time;
};

// What a finding on a record marked octoDNS `lenient: true` becomes.
enum class LenientPolicy : std::uint8_t {
  info,      // reported with severity info (default): visible, never fails the run
  suppress,  // dropped, as octoDNS itself skips validation of the record
  keep,      // reported as usual
};

// Effective settings for one input file.
struct Settings {
  std::string config_file;                   // "" when none applies
  std::vector<std::string> select;           // ids or globs; empty = all rules
  std::vector<std::string> ignore;           // ids or globs (config ignore + per-path + CLI)
  std::map<std::string, Severity> severity;  // per-rule overrides (id or glob)
  Severity fail_on = Severity::warning;
  std::optional<std::string> origin;         // per-file origin from the config
  std::optional<std::uint32_t> default_ttl;  // octoDNS default TTL
  LenientPolicy lenient = LenientPolicy::info;
  bool path_ignored = false;  // matched an `exclude` glob: not linted
  // Is the file a candidate for a directory walk by the config's `include`/`extend-include`
  // patterns? nullopt: the config has no say (the default name patterns decide); true: a
  // pattern matches; false: `include` replaced the defaults and no pattern matches.
  std::optional<bool> walk_include;
  std::string baseline;  // `baseline:` of the config, relative to the working directory
  // Rule options: rule id -> option name -> values.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> rule_options;

  // Is `rule_id` enabled by select/ignore? (parse-error is always enabled.)
  bool enabled(std::string_view rule_id) const;
  // The severity a finding of `rule_id` gets, given its default.
  Severity severity_of(std::string_view rule_id, Severity dflt) const;
};

class Config {
 public:
  // Throws ConfigError for an unreadable or invalid explicit --config file, or an unknown
  // rule id or glob in the CLI selection.
  explicit Config(CliPolicy cli);
  // Settings for `path` (walks up from the file for .zonelint.yaml unless --config was
  // given; caches per config file). Throws ConfigError on an invalid config file.
  const Settings& for_file(const std::string& path);
  const CliPolicy& cli() const { return cli_; }
  // Parses `text` as the config file `config_path` instead of reading that file, and makes it
  // the config of every input, as --config does (tests and fuzzers). Throws ConfigError like
  // for_file does for an invalid file.
  void use_config_text(const std::string& config_path, const std::string& text);
  // Looks for no .zonelint.yaml on the disk: a file without --config or use_config_text gets
  // the settings of no config. For inputs that are not on the disk (the fuzz_pipeline
  // harness's, under a root that does not exist), whose settings must not depend on the
  // machine's files.
  void use_no_config_files();

 private:
  struct Parsed;  // one config file, parsed
  const Parsed& parsed(const std::string& config_path);
  const Parsed& parsed_text(const std::string& config_path, const std::string& text);
  // The config file that applies to the file at `abs_path` (absolute, normal), if any.
  std::optional<std::string> find_config(const std::string& abs_path);

  CliPolicy cli_;
  std::map<std::string, std::shared_ptr<Parsed>> files_;          // by config path
  std::map<std::string, std::optional<std::string>> dir_config_;  // directory -> config
  std::map<std::string, std::unique_ptr<Settings>> settings_;     // by absolute file path
  // Settings that do not depend on the file's path: by config path ("" for no config).
  std::unordered_map<std::string, std::unique_ptr<Settings>> shared_;
  std::filesystem::path cwd_;  // the working directory, read on first use
  // The same by the path as given, so that asking again (the walk, the load, the engine and
  // the verdict each ask for every file) costs no path normalisation or getcwd(). Not safe
  // for several threads (neither is the rest): the pipeline asks from one thread.
  std::unordered_map<std::string, const Settings*> by_given_;
  // The directory, as given (up to its last '/'), of the last file that got shared settings
  // (those of a config without per-path patterns, or of no config), and those settings: the
  // walk asks for the files of a directory in turn, and the full lookup normalised each path
  // and looked its directory up again (~1 us a file; 10,000 zones: ~4% of a --jobs 1 run).
  std::string shared_dir_;
  const Settings* shared_dir_settings_ = nullptr;
  bool no_config_files_ = false;  // use_no_config_files
};

// The rule id closest to `unknown` (a misspelt id or alias), for a "did you mean" hint; ""
// when no id is close enough.
std::string closest_rule_id(std::string_view unknown);

// Expands rule ids or globs to rule ids; throws ConfigError(`where` + message) for an id or
// glob that matches no rule (naming the closest id, if one is close).
std::vector<std::string> expand_rule_patterns(const std::vector<std::string>& patterns,
                                              const std::string& where);

}  // namespace zl
