#include "cli/options.hpp"

#include <libpsl.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <ctime>
#include <ostream>

#include "core/suggest.hpp"
#include "lint/context.hpp"
#include "lint/psl.hpp"
#include "rules/mx/mx_providers.hpp"

namespace zl {

namespace {

std::string utc_date(std::time_t t) {
  std::tm tm{};
  if (t <= 0 || gmtime_r(&t, &tm) == nullptr) return "unknown";
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// "; did you mean '--select'?" for the first argument that looks like a long option and is
// none of `app`'s, when one of them is close; "" otherwise.
std::string unknown_flag_hint(const CLI::App& app, const std::vector<std::string>& args) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& n : opt->get_lnames()) names.push_back("--" + n);
  }
  const std::vector<std::string_view> known(names.begin(), names.end());
  for (const std::string& arg : args) {
    if (!arg.starts_with("--") || arg.size() < 3) continue;
    const std::string flag = arg.substr(0, arg.find('='));
    if (std::find(names.begin(), names.end(), flag) != names.end()) continue;
    const std::string best =
        closest_word(flag, known, [](std::string_view, std::string_view candidate) {
          return std::max<std::size_t>(2, candidate.size() / 4);
        });
    if (!best.empty()) return "; did you mean '" + best + "'?";
  }
  return "";
}

}  // namespace

std::optional<Options::Shard> parse_shard(std::string_view text) {
  const auto number = [](std::string_view t) -> std::optional<std::uint32_t> {
    if (t.empty() || t.size() > 6) return std::nullopt;
    std::uint32_t n = 0;
    for (char c : t) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return n;
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto k = number(text.substr(0, slash));
  const auto n = number(text.substr(slash + 1));
  if (!k || !n || *k < 1 || *n < 1 || *k > *n || *n > kMaxShards) return std::nullopt;
  return Options::Shard{*k, *n};
}

std::optional<OutputSpec> parse_output_spec(std::string_view text) {
  const std::size_t colon = text.find(':');
  const auto format = parse_report_format(text.substr(0, colon));
  if (!format) return std::nullopt;
  OutputSpec s;
  s.format = *format;
  if (colon != std::string_view::npos) {
    s.file = std::string(text.substr(colon + 1));
    if (s.file.empty()) return std::nullopt;
  }
  return s;
}

std::string version_text() {
#ifndef ZONELINT_GIT_COMMIT
#define ZONELINT_GIT_COMMIT "unknown"
#endif
  std::string v = "zonelint " ZONELINT_VERSION "\ncommit: " ZONELINT_GIT_COMMIT "\n";
  v += std::string("libpsl: ") + psl_get_version() + "\n";
  // The Public Suffix List data: libpsl's built-in list (its file's date and SHA-1), or the
  // DAFSA file loaded instead (its modification date).
  std::string psl;
  try {
    psl = std::string(PublicSuffixList::instance().source());
  } catch (const std::exception& e) {
    psl = e.what();
  }
  if (psl_builtin() != nullptr) {
    psl += ", dated " + utc_date(psl_builtin_file_time());
    if (const char* sha1 = psl_builtin_sha1sum(); sha1 != nullptr && *sha1 != '\0') {
      psl += ", sha1 " + std::string(sha1);
    }
  } else if (struct stat st{}; !psl.empty() && psl.front() == '/' && stat(psl.c_str(), &st) == 0) {
    psl += ", dated " + utc_date(st.st_mtime);
  }
  v += "public suffix list: " + psl + "\n";
  // The mail provider table (rules/mx/providers.inc): the latest date a row was checked.
  std::string_view checked;
  for (const mx::ProviderHost& h : mx::provider_hosts()) checked = std::max(checked, h.checked);
  v += "mail provider table: checked " + std::string(checked.empty() ? "unknown" : checked);
  return v;
}

std::optional<int> parse_command_line(const std::vector<std::string>& args, Options& o,
                                      std::ostream& out, std::ostream& err) {
  CLI::App app{"zonelint: lint DNS zone files and DNS-as-code definitions", "zonelint"};
  app.set_version_flag("--version", std::function<std::string()>(version_text));
  app.footer(
      "Subcommands: `zonelint rules` lists the rules, `zonelint explain RULE` documents one.\n"
      "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage,\n"
      "configuration or I/O error (--exit-zero turns 1 into 0).");
  std::vector<std::string> formats;
  std::string origin, color = "auto", fail_on, config_path, input_format = "auto", shard;
  app.add_option("paths", o.paths,
                 "Zone files, DNS-as-code files or directories to lint; - reads standard input");
  app.add_option("--origin", origin,
                 "Origin of the zone(s) when the file has no $ORIGIN before its first record");
  app.add_option("-f,--format", formats,
                 "Report format, optionally with its own file: human (default), json, sarif, "
                 "github, gitlab; e.g. --format human --format sarif:zonelint.sarif")
      ->type_name("FORMAT[:FILE]")
      ->allow_extra_args(false);
  app.add_option("-o,--output", o.output,
                 "Write the report to FILE (atomically) instead of standard output")
      ->type_name("FILE");
  app.add_option("--stdin-filename", o.stdin_filename,
                 "Name of standard input (PATH '-') for the origin, the input format, the "
                 "config lookup and the reports")
      ->type_name("NAME");
  app.add_flag("--statistics", o.statistics,
               "Human format: print the count of findings per rule instead of the findings");
  app.add_flag("-q,--quiet", o.quiet,
               "Human format: only the finding lines, no excerpts or summary");
  app.add_option(
         "--color", color,
         "Colour in the human format: auto (terminal only; NO_COLOR, then FORCE_COLOR, decide "
         "first), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--select", o.policy.select, "Only these rules (ids or globs, comma separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--ignore", o.policy.ignore, "Skip these rules (ids or globs, comma separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--fail-on", fail_on, "Lowest severity that fails the run (default: warning)")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  app.add_option("--config", config_path, "Use this config file instead of finding .zonelint.yaml");
  app.add_flag("--exit-zero", o.exit_zero, "Exit 0 even with findings (errors still exit 2)");
  app.add_flag("--allow-empty", o.allow_empty,
               "Exit 0 when no input file was read (by default such a run exits 2)");
  app.add_option("--baseline", o.baseline,
                 "Report and fail only on findings not recorded in this baseline file; report "
                 "its entries that match nothing (baseline-entry-unused)")
      ->type_name("FILE");
  app.add_option("--write-baseline", o.write_baseline,
                 "Record the run's findings in this baseline file (atomically) and exit 0")
      ->type_name("FILE");
  app.add_flag("--fix", o.fix,
               "Apply the safe automatic fixes of the reported findings to the files, in place "
               "(atomically), then lint them again and report what remains");
  app.add_flag("--diff", o.diff,
               "Print the unified diff of what --fix would change and write nothing (exit 1 "
               "when there is a diff)");
  app.add_flag("--parse-only", o.parse_only,
               "Load, parse and index only; run no rules (reports parse diagnostics)");
  app.add_option("--input-format", input_format,
                 "Input format: auto (default), zone, octodns, dnscontrol, route53, terraform")
      ->check(
          CLI::IsMember({"auto", "zone", "bind", "octodns", "dnscontrol", "route53", "terraform"}));
  app.add_flag("--resolve{on}", o.live.mode,
               "Live mode: check names outside the loaded zones against real DNS (off by "
               "default); --resolve=strict also exits 2 when a query cannot be answered")
      ->check(CLI::IsMember({"on", "strict"}));
  app.add_option("--resolver", o.live.resolver,
                 "Live mode: send every query to this server, ADDR[@PORT] (default: the system's "
                 "resolvers)");
  app.add_option("--resolve-timeout", o.live.timeout_seconds,
                 "Live mode: seconds to wait for one round of queries (default 5)")
      ->check(CLI::Range(0.1, 600.0));
  app.add_option("--resolve-concurrency", o.live.concurrency,
                 "Live mode: queries in flight at once (default 200)")
      ->check(CLI::Range(1u, 10000u));
  app.add_option("--time", o.policy.check_time,
                 "Check time for RRSIG validity: RFC 3339, YYYYMMDDHHMMSS (UTC) or Unix seconds "
                 "(default: now)")
      ->type_name("TIME")
      ->transform([](const std::string& t) {
        const auto v = parse_check_time(t);
        if (!v)
          throw CLI::ValidationError("invalid time '" + t +
                                     "': use RFC 3339, YYYYMMDDHHMMSS or Unix seconds");
        return std::to_string(*v);
      });
  app.add_option("--jobs", o.jobs,
                 "Threads that load and lint independent zones (default: the number of cores; 1: "
                 "one thread); the output is the same whatever the number")
      ->type_name("N")
      ->check(CLI::Range(1u, 1024u));
  app.add_option("--shard", shard,
                 "Report only the findings of the K-th of N partitions of the zones, grouped by "
                 "registrable domain (for a CI matrix); every zone is still read and linted")
      ->type_name("K/N");
  app.add_option("--include-root", o.include_root,
                 "Directory that $INCLUDE may not leave (default: the current directory)");
  // Resource limits for untrusted input (README "Security and limits").
  app.add_option("--max-file-bytes", o.limits.max_file_bytes,
                 "Largest input file read, in bytes (default: 1 GiB)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{0xfffffffe}));
  app.add_option("--max-line-bytes", o.limits.max_line_bytes,
                 "Longest zone-file line, in bytes (default: 1 MiB)")
      ->check(CLI::PositiveNumber);
  app.add_option("--max-records", o.limits.max_records_per_zone,
                 "Most records per zone (default: 50000000)")
      ->check(CLI::PositiveNumber);
  app.add_option("--max-generate", o.limits.max_generate_per_directive,
                 "Most records one $GENERATE makes (default: 65536)")
      ->check(CLI::PositiveNumber);
  app.add_option("--max-generate-per-zone", o.limits.max_generate_per_zone,
                 "Most records all $GENERATEs of a zone make (default: 1000000)")
      ->check(CLI::PositiveNumber);
  app.add_option("--max-include-depth", o.limits.max_include_depth,
                 "Deepest $INCLUDE nesting (default: 16)")
      ->check(CLI::NonNegativeNumber);
  CLI::App* rules_cmd = app.add_subcommand("rules", "List the rules");
  CLI::App* explain_cmd = app.add_subcommand("explain", "Print the documentation of a rule");
  explain_cmd->add_option("rule", o.explain_id, "Rule id")->required();
  app.require_subcommand(0, 1);

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  if (!reversed.empty()) reversed.pop_back();  // the program name
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitClean;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitClean;
  } catch (const CLI::CallForVersion& e) {
    out << e.what() << '\n';
    return kExitClean;
  } catch (const CLI::ParseError& e) {
    err << "zonelint: error: " << e.what()
        << unknown_flag_hint(
               app, std::vector<std::string>(args.begin() + (args.empty() ? 0 : 1), args.end()))
        << "\nRun with --help for more information.\n";
    return kExitError;
  }
  // `--select 'a, b'`: spaces around the commas are not part of the ids.
  for (std::vector<std::string>* ids : {&o.policy.select, &o.policy.ignore}) {
    for (std::string& id : *ids) id = trim_blanks(id);
    std::erase_if(*ids, [](const std::string& id) { return id.empty(); });
  }

  if (*rules_cmd) {
    o.command = Options::Command::rules;
    return std::nullopt;
  }
  if (*explain_cmd) {
    o.command = Options::Command::explain;
    return std::nullopt;
  }
  if (o.paths.empty()) {
    err << "zonelint: error: no PATH given\nUsage: zonelint [options] PATH...  (see --help)\n";
    return kExitError;
  }
  if (o.fix && o.diff) {
    err << "zonelint: error: --fix and --diff exclude each other: --diff shows what --fix "
           "would write\n";
    return kExitError;
  }
  if (o.fix && std::find(o.paths.begin(), o.paths.end(), "-") != o.paths.end()) {
    err << "zonelint: error: --fix cannot rewrite standard input; use --diff to see the fixes "
           "of '-' as a patch\n";
    return kExitError;
  }
  for (const std::string& f : formats) {
    const auto spec = parse_output_spec(f);
    if (!spec) {
      err << "zonelint: error: invalid --format '" << f
          << "': expected human, json, sarif, github or gitlab, optionally followed by :FILE\n";
      return kExitError;
    }
    o.outputs.push_back(*spec);
  }
  if (!shard.empty()) {
    const auto s = parse_shard(shard);
    if (!s) {
      err << "zonelint: error: invalid --shard '" << shard
          << "': expected K/N with 1 <= K <= N <= " << kMaxShards << " (e.g. --shard 2/3)\n";
      return kExitError;
    }
    o.shard = *s;
  }
  if (!origin.empty()) o.origin = origin;
  o.color = color == "always"  ? ColorMode::always
            : color == "never" ? ColorMode::never
                               : ColorMode::auto_detect;
  if (!fail_on.empty()) {
    Severity s{};
    parse_severity(fail_on, &s);
    o.policy.fail_on = s;
  }
  if (!config_path.empty()) o.policy.config_path = config_path;
  o.input_format = parse_format_choice(input_format).value_or(FormatChoice::auto_detect);
  return std::nullopt;
}

}  // namespace zl
