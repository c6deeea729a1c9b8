#include "cli/app.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "core/path.hpp"
#include "lint/baseline.hpp"
#include "lint/context.hpp"
#include "lint/engine.hpp"
#include "lint/rule.hpp"
#include "live/unbound_resolver.hpp"
#include "model/name.hpp"
#include "rules/registry.hpp"

namespace zl {

namespace {

std::string errno_text(int e) {
  return std::strerror(e);
}

std::string join_path(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

struct WalkState {
  std::set<std::pair<dev_t, ino_t>> visited;  // directories entered (symlink loops stop here)
  std::vector<std::string>* out;
  std::vector<std::string>* errors;
};

void walk(const std::string& dir, WalkState& st) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    st.errors->push_back("cannot read directory '" + dir + "': " + errno_text(errno));
    return;
  }
  std::vector<std::string> names;
  for (;;) {
    errno = 0;
    const dirent* e = readdir(d);
    if (e == nullptr) {
      if (errno != 0) {
        st.errors->push_back("cannot read directory '" + dir + "': " + errno_text(errno));
      }
      break;
    }
    const std::string name = e->d_name;
    if (name.empty() || name.front() == '.') continue;  // ., .., .git, .zonelint.yaml, ...
    names.push_back(name);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    const std::string path = join_path(dir, name);
    struct stat s {};
    if (stat(path.c_str(), &s) != 0) {
      // A dangling symlink or an entry that vanished: only worth a word if it looked like input.
      if (looks_like_input(path)) {
        st.errors->push_back("cannot read '" + path + "': " + errno_text(errno));
      }
      continue;
    }
    if (S_ISDIR(s.st_mode)) {
      if (!st.visited.insert({s.st_dev, s.st_ino}).second) continue;
      walk(path, st);
    } else if (S_ISREG(s.st_mode)) {
      if (looks_like_input(path)) st.out->push_back(path);
    }
    // FIFOs, sockets and devices found by a walk are skipped: reading them could block.
  }
}

bool write_all(int fd, std::string_view data, std::string* error) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = errno_text(errno);
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Colour for a human report: --color always/never, then NO_COLOR, then FORCE_COLOR (colour
// even in a file or a pipe, like --color always), then whether standard output is a terminal.
bool use_color(ColorMode mode, bool to_terminal) {
  if (mode == ColorMode::always) return true;
  if (mode == ColorMode::never) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* force_color = std::getenv("FORCE_COLOR");
  if (force_color != nullptr && *force_color != '\0') return true;
  if (!to_terminal) return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

// Reads standard input, at most `limit` + 1 bytes (one more than allowed, so the loader can
// refuse an input over --max-file-bytes without reading all of it). nullopt on a read error.
std::optional<std::string> read_stdin(std::uint64_t limit, std::string* error) {
  std::string text;
  char buf[65536];
  while (text.size() <= limit) {
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(sizeof buf, limit + 1 - text.size()));
    const ssize_t n = ::read(STDIN_FILENO, buf, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = errno_text(errno);
      return std::nullopt;
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  return text;
}

// --statistics: one line per rule and severity, the most frequent first (then by rule id).
std::string statistics_table(const std::vector<Diagnostic>& diagnostics) {
  std::map<std::pair<std::string, Severity>, std::size_t> counts;
  for (const Diagnostic& d : diagnostics) ++counts[{d.rule, d.severity}];
  std::vector<std::pair<std::pair<std::string, Severity>, std::size_t>> rows(counts.begin(),
                                                                             counts.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::size_t count_width = 1, id_width = 1;
  for (const auto& [key, n] : rows) {
    count_width = std::max(count_width, std::to_string(n).size());
    id_width = std::max(id_width, key.first.size());
  }
  std::string table;
  for (const auto& [key, n] : rows) {
    const std::string count = std::to_string(n);
    table += std::string(count_width - count.size(), ' ') + count + "  " + key.first +
             std::string(id_width - key.first.size(), ' ') + "  " +
             std::string(to_string(key.second)) + '\n';
  }
  return table;
}

std::string current_dir_slash() {
  std::error_code ec;
  std::string cwd = std::filesystem::current_path(ec).string();
  if (ec || cwd.empty()) return "";
  if (cwd.back() != '/') cwd += '/';
  return cwd;
}

std::optional<Name> parse_origin(const std::string& text, std::string* error) {
  std::string t = text;
  if (t.empty()) {
    *error = "empty origin";
    return std::nullopt;
  }
  if (t != "." && t.back() != '.') t += '.';  // an origin is absolute: "example.com" means it
  return Name::parse(t, nullptr, error);
}

// The file given on the command line (or found by the walk) that `f` was read for: the top
// of its $INCLUDE chain.
FileId root_of(const SourceSet& sources, FileId f) {
  const std::vector<Span> chain = sources.include_chain(f);
  return chain.empty() ? f : chain.back().file;
}

// A file that another zone of the run pulls in by $INCLUDE is linted only as part of that
// zone: what loading it on its own gave (a zone, or diagnostics such as "no origin" for a
// fragment) is dropped. Returns the files dropped.
std::set<FileId> drop_standalone_includes(ZoneSet& set) {
  std::set<std::string> included;
  for (const Zone& z : set.zones) {
    for (FileId f : z.included_files) {
      if (f < set.sources.size()) included.insert(canonical_path(set.sources.file(f).path()));
    }
  }
  std::set<FileId> dropped;
  if (included.empty()) return dropped;
  for (FileId f = 0; f < set.sources.size(); ++f) {
    if (set.sources.include_chain(f).empty() &&
        included.count(canonical_path(set.sources.file(f).path())) > 0) {
      dropped.insert(f);
    }
  }
  if (dropped.empty()) return dropped;
  const auto gone = [&](FileId f) {
    return f < set.sources.size() && dropped.count(root_of(set.sources, f)) > 0;
  };
  std::erase_if(set.zones, [&](const Zone& z) { return gone(z.file); });
  std::erase_if(set.diagnostics.items(),
                [&](const Diagnostic& d) { return d.span.valid() && gone(d.span.file); });
  return dropped;
}

int lint_command(const Options& o, std::ostream& out, std::ostream& err, bool out_is_terminal) {
  // Where each report goes. Formats without a file share --output (or standard output).
  struct Target {
    OutputSpec spec;
    std::string file;  // "" = standard output
  };
  std::vector<Target> targets;
  std::vector<OutputSpec> specs = o.outputs;
  if (specs.empty()) specs.push_back(OutputSpec{ReportFormat::human, ""});
  std::set<std::string> files_used;
  int to_stdout = 0;
  for (const OutputSpec& s : specs) {
    std::string file = !s.file.empty() ? s.file : o.output;
    if (file == "-") file.clear();
    if (file.empty()) {
      ++to_stdout;
    } else if (!files_used.insert(file).second) {
      err << "zonelint: error: two reports would be written to '" << file << "'\n";
      return kExitError;
    }
    targets.push_back(Target{s, file});
  }
  if (to_stdout > 1) {
    err << "zonelint: error: only one report can go to standard output; give the others a file "
           "(--format FORMAT:FILE)\n";
    return kExitError;
  }

  std::optional<Name> cli_origin;
  if (o.origin) {
    std::string why;
    cli_origin = parse_origin(*o.origin, &why);
    if (!cli_origin) {
      err << "zonelint: error: invalid --origin '" << *o.origin << "': " << why << '\n';
      return kExitError;
    }
  }

  ZoneSet set;
  std::vector<std::string> errors;       // for the reports (SARIF notifications, JSON errors)
  std::string live_summary;              // --resolve: queries, cache hits, time (to stderr)
  std::vector<std::string> walk_errors;  // also printed: no diagnostic carries them
  bool failed_io = false;
  LintResult result;
  std::set<FileId> dropped;   // standalone copies of $INCLUDEd files
  std::set<FileId> excluded;  // files the config excludes
  std::size_t skipped = 0;    // walked candidates that are not DNS data
  try {
    Config config(o.policy);
    // How to load `file` (a name for standard input, with --stdin-filename): the config and
    // the command line give the origin, the default TTL and the limits.
    const auto load_options = [&](const std::string& file, const Settings& settings) {
      LoadOptions lo;
      lo.format = o.input_format;
      lo.parse.include_root = o.include_root;
      lo.parse.limits = o.limits;
      lo.default_ttl = settings.default_ttl;
      if (cli_origin) {
        lo.parse.origin = cli_origin;
      } else if (settings.origin) {
        std::string why;
        lo.parse.origin = parse_origin(*settings.origin, &why);
        if (!lo.parse.origin) {
          throw ConfigError(settings.config_file + ": invalid origin '" + *settings.origin +
                            "' for '" + file + "': " + why);
        }
      }
      return lo;
    };
    std::set<std::string> seen;
    bool stdin_read = false;
    for (const std::string& arg : o.paths) {
      if (arg == "-") {  // standard input, named by --stdin-filename (default "-")
        if (stdin_read) continue;
        stdin_read = true;
        const std::string name = o.stdin_filename.empty() ? "-" : o.stdin_filename;
        std::string why;
        std::optional<std::string> text = read_stdin(o.limits.max_file_bytes, &why);
        if (!text) {
          failed_io = true;
          errors.push_back("cannot read standard input: " + why);
          err << "zonelint: error: " << errors.back() << '\n';
          continue;
        }
        load_text(set, name, std::move(*text), load_options(name, config.for_file(name)));
        continue;
      }
      struct stat s {};
      const bool is_dir = stat(arg.c_str(), &s) == 0 && S_ISDIR(s.st_mode);
      const std::vector<std::string> files = collect_inputs(arg, walk_errors);
      for (const std::string& file : files) {
        if (!seen.insert(canonical_path(file)).second) continue;  // named twice
        const Settings& settings = config.for_file(file);
        if (is_dir && settings.path_ignored) continue;  // excluded by the config
        LoadOptions lo = load_options(file, settings);
        // A directory holds more than DNS data (package.json, CI workflows): a walked file in
        // no known format is skipped; a file named on the command line is an error.
        lo.skip_unknown_format = is_dir;
        lo.skipped = &skipped;
        if (!load_file(set, file, lo)) {
          failed_io = true;
          const auto& items = set.diagnostics.items();
          errors.push_back(!items.empty() ? items.back().message : "cannot read '" + file + "'");
        }
      }
    }
    dropped = drop_standalone_includes(set);
    for (FileId f = 0; f < set.sources.size(); ++f) {
      if (set.sources.include_chain(f).empty() && !dropped.count(f) &&
          config.for_file(set.sources.file(f).path()).path_ignored) {
        excluded.insert(f);
      }
    }
    if (o.parse_only) {
      result.diagnostics = set.diagnostics.items();
      sort_diagnostics(set.sources, result.diagnostics);
      if (o.policy.fail_on) result.fail_on = *o.policy.fail_on;
      result.failed =
          std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                      [&](const Diagnostic& d) { return d.severity >= result.fail_on; });
    } else if (!o.live.mode.empty()) {
      live::ResolverOptions ro;
      ro.server = o.live.resolver;
      ro.timeout = std::chrono::milliseconds(static_cast<long long>(o.live.timeout_seconds * 1000));
      ro.concurrency = o.live.concurrency;
      std::unique_ptr<live::UnboundResolver> resolver;
      try {
        resolver = std::make_unique<live::UnboundResolver>(ro);
      } catch (const std::runtime_error& e) {
        throw ConfigError(e.what());
      }
      result = lint(set, config, resolver.get());
      const auto& st = resolver->stats();
      char buf[160];
      std::snprintf(buf, sizeof buf,
                    "live: %llu queries to %s, %llu cache hits, %llu failed, %.2f s",
                    static_cast<unsigned long long>(st.queries), resolver->source().c_str(),
                    static_cast<unsigned long long>(st.cache_hits),
                    static_cast<unsigned long long>(st.failures),
                    static_cast<double>(st.elapsed.count()) / 1000.0);
      live_summary = buf;
      if (o.live.mode == "strict" && st.failures > 0) {
        errors.push_back("live mode: " + std::to_string(st.failures) +
                         " queries could not be answered (--resolve=strict)");
        err << "zonelint: error: " << errors.back() << '\n';
      }
    } else {
      result = lint(set, config);
    }
    // DNS-as-code records remember where they were declared (dnsconfig.js, a Terraform
    // resource address): findings on them point there too.
    add_declaration_notes(set, result.diagnostics);
  } catch (const ConfigError& e) {
    err << "zonelint: error: " << e.what() << " [" << rules::kConfigError.id << "]\n";
    return kExitError;
  }
  for (const std::string& e : walk_errors) {
    err << "zonelint: error: " << e << '\n';
    errors.push_back(e);
  }
  // Baseline (lint/baseline.hpp): fingerprints for SARIF, --write-baseline, --baseline.
  std::vector<BaselineEntry> entries = fingerprint_all(set, result.diagnostics);
  bool wrote_baseline = false;
  if (!o.write_baseline.empty() || !o.baseline.empty()) {
    std::string why;
    if (!run_baseline(o.baseline, o.write_baseline, result.diagnostics, entries,
                      write_file_atomically, &why)) {
      err << "zonelint: error: " << why << '\n';
      return kExitError;
    }
    wrote_baseline = !o.write_baseline.empty();
    if (wrote_baseline && !o.quiet) err << "zonelint: " << why << '\n';
    if (!o.baseline.empty()) {
      result.failed =
          std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                      [&](const Diagnostic& d) { return d.severity >= result.fail_on; });
    }
  }
  std::vector<std::string> fingerprints;
  for (const BaselineEntry& e : entries) fingerprints.push_back(e.fingerprint);

  // What the reports show.
  std::vector<const Rule*> rules = result.enabled;
  for (const Diagnostic& d : result.diagnostics) {
    if (std::none_of(rules.begin(), rules.end(), [&](const Rule* r) { return r->id == d.rule; })) {
      if (const Rule* r = find_rule(d.rule); r != nullptr && r->id == d.rule) rules.push_back(r);
    }
  }
  ReportInput in;
  in.sources = &set.sources;
  in.diagnostics = result.diagnostics;
  in.fingerprints = fingerprints;
  in.rules = rules;
  in.errors = errors;
  in.srcroot = current_dir_slash();
  std::set<FileId> linted_files;
  for (const Zone& z : set.zones) {
    if (z.file < set.sources.size()) in.file_formats[z.file] = z.format;
    for (FileId f : z.included_files) in.file_formats[f] = z.format;
    if (z.file >= set.sources.size() || excluded.count(root_of(set.sources, z.file))) continue;
    in.records += z.records.size();
  }
  // Every file given or found, including those that gave no zone (failed to load, an octoDNS
  // manager config), but not the dropped or excluded ones.
  for (FileId f = 0; f < set.sources.size(); ++f) {
    if (set.sources.include_chain(f).empty() && !dropped.count(f) && !excluded.count(f)) {
      linted_files.insert(f);
    }
  }
  in.files = linted_files.size();
  in.skipped = skipped;
  if (in.files == 0 && !o.allow_empty) {
    // CI that checks nothing must not pass: say so, and exit 2.
    std::string why = "no input file was read";
    if (skipped > 0) {
      why += " (" + std::to_string(skipped) + " walked " + (skipped == 1 ? "file" : "files") +
             " skipped: not DNS data)";
    }
    why += "; name the files, or pass --allow-empty";
    err << "zonelint: error: " << why << '\n';
    errors.push_back(why);
    in.errors.push_back(why);
  }

  std::unique_ptr<std::ofstream> summary_file;
  int status = kExitClean;
  for (const Target& t : targets) {
    ReportOptions ro;
    ro.quiet = o.quiet;
    ro.color = use_color(o.color, t.file.empty() && out_is_terminal);
    if (t.spec.format == ReportFormat::github) {
      const char* path = std::getenv("GITHUB_STEP_SUMMARY");
      if (path != nullptr && *path != '\0' && !summary_file) {
        summary_file = std::make_unique<std::ofstream>(path, std::ios::app | std::ios::binary);
        if (!*summary_file) {
          err << "zonelint: warning: cannot append to GITHUB_STEP_SUMMARY '" << path << "'\n";
          summary_file.reset();
        }
      }
      ro.step_summary = summary_file.get();
    }
    std::ostringstream text;
    if (o.statistics && t.spec.format == ReportFormat::human) {
      text << statistics_table(result.diagnostics);  // replaces the human report, as in ruff
    } else {
      make_reporter(t.spec.format, ro)->write(text, in);
    }
    if (t.file.empty()) {
      out << text.str();
    } else {
      std::string why;
      if (!write_file_atomically(t.file, text.str(), &why)) {
        err << "zonelint: error: cannot write '" << t.file << "': " << why << '\n';
        status = kExitError;
      }
    }
  }
  out.flush();
  if (!out) {
    err << "zonelint: error: cannot write to standard output\n";
    return kExitError;
  }
  if (summary_file) summary_file->flush();
  if (!live_summary.empty() && !o.quiet) err << "zonelint: " << live_summary << '\n';
  if (status != kExitClean || failed_io || !errors.empty()) return kExitError;
  if (result.failed && !o.exit_zero && !wrote_baseline) return kExitFindings;
  return kExitClean;
}

}  // namespace

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

bool write_file_atomically(const std::string& path, std::string_view content, std::string* error) {
  const std::filesystem::path target(path);
  std::string dir = target.parent_path().string();
  if (dir.empty()) dir = ".";
  std::string tmp = join_path(dir, "." + target.filename().string() + ".tmp-XXXXXX");
  const int fd = mkstemp(tmp.data());
  if (fd < 0) {
    *error = errno_text(errno);
    return false;
  }
  // The permissions a plain create would give (mkstemp makes 0600), or those of the file
  // being replaced.
  struct stat old {};
  mode_t mode;
  if (stat(path.c_str(), &old) == 0 && S_ISREG(old.st_mode)) {
    mode = old.st_mode & 07777;
  } else {
    const mode_t mask = umask(0);
    umask(mask);
    mode = 0666 & ~mask;
  }
  bool ok = fchmod(fd, mode) == 0 || (*error = errno_text(errno), false);
  ok = ok && write_all(fd, content, error);
  ok = ok && (fsync(fd) == 0 || (*error = errno_text(errno), false));
  if (::close(fd) != 0 && ok) {
    *error = errno_text(errno);
    ok = false;
  }
  ok = ok && (std::rename(tmp.c_str(), path.c_str()) == 0 || (*error = errno_text(errno), false));
  if (!ok) {
    ::unlink(tmp.c_str());
    return false;
  }
  // Make the rename itself durable (best effort: some file systems refuse to sync a directory).
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    (void)fsync(dfd);
    ::close(dfd);
  }
  return true;
}

std::vector<std::string> collect_inputs(const std::string& path, std::vector<std::string>& errors) {
  std::vector<std::string> files;
  struct stat s {};
  if (stat(path.c_str(), &s) == 0 && S_ISDIR(s.st_mode)) {
    WalkState st{{}, &files, &errors};
    st.visited.insert({s.st_dev, s.st_ino});
    walk(path, st);
  } else {
    files.push_back(path);
  }
  return files;
}

namespace {

int run_impl(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
             bool out_is_terminal) {
  CLI::App app{"zonelint: lint DNS zone files and DNS-as-code definitions", "zonelint"};
  app.set_version_flag("--version", "zonelint " ZONELINT_VERSION);
  app.footer(
      "Subcommands: `zonelint rules` lists the rules, `zonelint explain RULE` documents one.\n"
      "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage,\n"
      "configuration or I/O error (--exit-zero turns 1 into 0).");
  Options o;
  std::vector<std::string> formats;
  std::string origin, color = "auto", fail_on, config_path, input_format = "auto";
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
    err << "zonelint: error: " << e.what() << "\nRun with --help for more information.\n";
    return kExitError;
  }

  if (*rules_cmd) {
    print_rules(out);
    return out.flush() ? kExitClean : kExitError;
  }
  if (*explain_cmd) {
    if (!explain_rule(o.explain_id, out)) {
      err << "zonelint: error: unknown rule '" << o.explain_id
          << "' (`zonelint rules` lists them)\n";
      return kExitError;
    }
    return out.flush() ? kExitClean : kExitError;
  }
  if (o.paths.empty()) {
    err << "zonelint: error: no PATH given\nUsage: zonelint [options] PATH...  (see --help)\n";
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
  return lint_command(o, out, err, out_is_terminal);
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  return run_impl(args, out, err, false);
}

int run(int argc, char** argv) {
  // A file size limit (ulimit -f) must fail the write, not kill the process mid-report.
  std::signal(SIGXFSZ, SIG_IGN);
  std::vector<std::string> args(argv, argv + argc);
  return run_impl(args, std::cout, std::cerr, isatty(STDOUT_FILENO) != 0);
}

}  // namespace zl
