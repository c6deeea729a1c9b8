// The command line: CLI11 -> Options. Nothing here reads an input or a config file.
//
// Exit codes: 0 nothing at or above the fail threshold, 1 findings at or above it, 2 usage,
// configuration or I/O error. --exit-zero turns 1 into 0; 2 stays 2.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/config.hpp"
#include "load/loader.hpp"
#include "report/reporter.hpp"

namespace zl {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

enum class ColorMode { auto_detect, always, never };

// One --format FORMAT[:FILE]. An empty file means the --output file, else standard output.
struct OutputSpec {
  ReportFormat format = ReportFormat::human;
  std::string file;
};

struct Options {
  enum class Command { lint, rules, explain };
  Command command = Command::lint;
  std::string explain_id;

  std::vector<std::string> paths;
  std::optional<std::string> origin;
  std::vector<OutputSpec> outputs;  // default: human on standard output
  std::string output;               // --output FILE ("" or "-": standard output)
  bool quiet = false;
  bool statistics = false;     // --statistics: counts per rule replace the human report
  std::string stdin_filename;  // --stdin-filename: the name of PATH "-" ("" = "-")
  ColorMode color = ColorMode::auto_detect;
  CliPolicy policy;
  bool exit_zero = false;
  bool allow_empty = false;    // --allow-empty: a run that reads no file exits 0
  bool parse_only = false;     // load, parse and index only: no rules (benchmarks, triage)
  bool fix = false;            // --fix: apply the safe fixes in place, then report what remains
  bool diff = false;           // --diff: print the unified diff of what --fix would change
  std::string baseline;        // --baseline FILE: report only findings not in it
  std::string write_baseline;  // --write-baseline FILE: record today's findings in it
  FormatChoice input_format = FormatChoice::auto_detect;
  std::string include_root;
  Limits limits;  // --max-file-bytes, --max-line-bytes, --max-records, --max-generate, ...
  // --jobs: threads that load and lint (0: the number of cores, default_jobs()); 1 is the
  // sequential run. The output does not depend on it.
  unsigned jobs = 0;
  // --shard K/N: report only the findings of the K-th (1-based) of N partitions of the zones
  // (cli/shard.hpp); count 0: no sharding.
  struct Shard {
    std::uint32_t index = 0;  // K
    std::uint32_t count = 0;  // N
  } shard;
  // Live mode (--resolve): off by default, so a run never touches the network unless asked.
  struct Live {
    std::string mode;      // "" (offline), "on", "strict" (a check that failed exits 2)
    std::string resolver;  // ADDR[@PORT]; "" = the system's resolvers
    double timeout_seconds = 5.0;
    unsigned concurrency = 200;
  } live;
};

// Parses a --shard value "K/N" (1 <= K <= N, N at most kMaxShards). nullopt when invalid.
inline constexpr std::uint32_t kMaxShards = 100000;
std::optional<Options::Shard> parse_shard(std::string_view text);

// Parses `--format` values: "sarif", "sarif:out.sarif". nullopt for an unknown format.
std::optional<OutputSpec> parse_output_spec(std::string_view text);

// Parses `args` (args[0] is the program name) into `o`. nullopt: go on and run `o`. Otherwise
// the run is over with that exit code: --help and --version wrote to `out`, a usage error
// wrote its message to `err`.
std::optional<int> parse_command_line(const std::vector<std::string>& args, Options& o,
                                      std::ostream& out, std::ostream& err);

// What --version prints: the version, the git commit the build was configured from, libpsl
// and its Public Suffix List data, and the date of the mail provider table.
std::string version_text();

}  // namespace zl
