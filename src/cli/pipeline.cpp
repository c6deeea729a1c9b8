#include "cli/pipeline.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <memory_resource>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "cli/output.hpp"
#include "cli/shard.hpp"
#include "cli/walk.hpp"
#include "core/parallel.hpp"
#include "core/path.hpp"
#include "lint/baseline.hpp"
#include "lint/engine.hpp"
#include "live/unbound_resolver.hpp"
#include "model/name.hpp"
#include "rules/registry.hpp"

namespace zl {

namespace {

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
      *error = std::strerror(errno);
      return std::nullopt;
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  return text;
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

// A copy of `text` in `memory` (freed with it, all at once).
std::string_view keep(std::pmr::memory_resource& memory, std::string_view text) {
  if (text.empty()) return {};
  char* copy = static_cast<char*>(memory.allocate(text.size(), 1));
  std::memcpy(copy, text.data(), text.size());
  return {copy, text.size()};
}

// A set of strings kept in a memory resource: open addressing (linear probing, at most half
// full) over views of the copies. The InputLoader's set of the canonical paths loaded: a
// std::set of 10,000 paths compared them a dozen times a file on the walking thread, and its
// destructor visited every node on the main thread between the load and the rules (~0.4 ms,
// serial with --jobs); this one is freed with its table and the resource.
class StringSet {
 public:
  explicit StringSet(std::pmr::memory_resource& memory) : memory_(memory) {}
  // Adds `s`; false when it is there already.
  bool insert(std::string_view s) {
    if (2 * (used_ + 1) > slots_.size()) grow();
    const std::size_t h = std::hash<std::string_view>{}(s);
    std::size_t i = h & (slots_.size() - 1);
    for (; slots_[i].used; i = (i + 1) & (slots_.size() - 1))
      if (slots_[i].hash == h && slots_[i].text == s) return false;
    slots_[i] = Slot{h, keep(memory_, s), true};
    ++used_;
    return true;
  }

 private:
  struct Slot {
    std::size_t hash = 0;
    std::string_view text;
    bool used = false;
  };
  void grow() {
    std::vector<Slot> old(std::max<std::size_t>(64, 2 * slots_.size()));
    old.swap(slots_);
    for (const Slot& o : old) {
      if (!o.used) continue;
      std::size_t i = o.hash & (slots_.size() - 1);
      while (slots_[i].used) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = o;
    }
  }
  std::pmr::memory_resource& memory_;
  std::vector<Slot> slots_;  // a power of two in size, or empty
  std::size_t used_ = 0;
};

// Loading every PATH argument into the run's ZoneSet. Each file is planned as the walk finds
// it (the config of the file, its load options: in order, on this thread) and handed to a
// FileLoader, which loads the files as load_file would one after the other, its pool parsing
// zone files on `jobs` threads meanwhile. Standard input is read in its place in the order.
class InputLoader {
 public:
  InputLoader(const Options& o, const std::optional<Name>& cli_origin, Config& config,
              PipelineRun& run, std::ostream& err, unsigned jobs)
      : o_(o),
        cli_origin_(cli_origin),
        config_(config),
        run_(run),
        err_(err),
        loader_(
            run.set, jobs, [this](std::size_t i, bool ok) { loaded(i, ok); }, !o.parse_only) {}

  // Loads every PATH argument. Returns, by FileId, the settings looked up for each file given
  // or found (nullptr for the others: files they pulled in, standard input), for
  // file_settings, which need not look them up again.
  std::vector<const Settings*> load_all(std::vector<WalkProblem>& walk_problems) {
    for (const std::string& arg : o_.paths) {
      if (arg == "-") {
        loader_.finish();
        load_stdin();
        continue;
      }
      const bool is_dir = is_directory(arg);
      // The config's `include` replaces the default name patterns, `extend-include` adds to
      // them (ruff's keys).
      const CandidateFn candidate = [this](const std::string& path) {
        const std::optional<bool> configured = config_.for_file(path).walk_include;
        return configured ? *configured : looks_like_input(path);
      };
      // An excluded directory is not entered, as git does not enter an ignored one (a config
      // inside it, such as a vendored repository's, brings nothing back).
      const PruneFn excluded = [this](const std::string& dir) {
        return config_.for_file(dir).path_ignored;
      };
      // The walk knows most canonical paths; for the others (a file reached through a
      // symbolic link, or named on the command line) canonical_path asks the filesystem.
      const FileFn found = [&](const std::string& file, const std::string& canonical) {
        if (canonical.empty())
          list_one(file, canonical_path(file), is_dir);
        else
          list_one(file, canonical, is_dir);  // not copied (as `a ? b : c` would)
      };
      // Room in the set for a zone per entry of each directory walked, before its files go
      // to the loader: with --jobs the loader appends the parsed files as they come, not
      // knowing how many follow, and its set's vector of zones (816 bytes each) doubled its way
      // up, moving every zone each time, on the thread that also walks and appends.
      const ListedFn listed = [this](std::size_t entries) {
        listed_ += entries;
        if (listed_ <= kMaxReservedZones) run_.set.zones.reserve(zones_before_ + listed_);
      };
      // While a directory is listed, the loader's pool parses the files read so far (with
      // --jobs; FileLoader::prefetch), as list_one will plan them if it does.
      const Preview preview{[this] { return loader_.wants_prefetch(); },
                            [&](const std::string& file, const std::string& /*canonical*/) {
                              prefetch(file, candidate);
                            }};
      walk_inputs(arg, candidate, found, walk_problems, excluded, listed, &preview);
    }
    loader_.finish();
    return std::move(known_);
  }

 private:
  // How to load `file` (a name for standard input, with --stdin-filename): the config and the
  // command line give the origin, the default TTL and the limits.
  LoadOptions load_options(const std::string& file, const Settings& settings) const {
    LoadOptions lo;
    lo.format = o_.input_format;
    lo.parse.include_root = o_.include_root;
    lo.parse.limits = o_.limits;
    lo.default_ttl = settings.default_ttl;
    if (cli_origin_) {
      lo.parse.origin = cli_origin_;
    } else if (settings.origin) {
      std::string why;
      lo.parse.origin = parse_origin(*settings.origin, &why);
      if (!lo.parse.origin) {
        throw ConfigError(settings.config_file + ": invalid origin '" + *settings.origin +
                          "' for '" + file + "': " + why);
      }
    }
    return lo;
  }

  // Standard input, named by --stdin-filename (default "-"), read once.
  void load_stdin() {
    if (stdin_read_) return;
    stdin_read_ = true;
    const std::string name = o_.stdin_filename.empty() ? "-" : o_.stdin_filename;
    const std::uint64_t limit = o_.limits.max_file_bytes;
    // Redirected from a regular file (`< zone`), standard input has a size: over the limit, it
    // is refused before reading, as a named file is.
    struct stat st {};
    if (::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)) {
      const off_t at = ::lseek(STDIN_FILENO, 0, SEEK_CUR);
      const auto left = static_cast<std::uint64_t>(st.st_size - (at > 0 ? at : 0));
      if (at >= 0 && at <= st.st_size && left > limit)
        return refuse_large_stdin(name, std::to_string(left) + " bytes, over the limit of " +
                                            std::to_string(limit) + " bytes per file");
    }
    std::string why;
    std::optional<std::string> text = read_stdin(limit, &why);
    if (!text) {
      run_.io_failed = true;
      run_.errors.push_back("cannot read standard input: " + why);
      err_ << "zonelint: error: " << run_.errors.back() << '\n';
      return;
    }
    // A pipe is read one byte past the limit and no further: all that is known of its size is
    // that it is over the limit (the loader would report limit + 1 bytes as its size).
    if (text->size() > limit)
      return refuse_large_stdin(
          name, "longer than " + std::to_string(limit) + " bytes, the limit per file");
    // Standard input is named explicitly: content in no known format is an input problem
    // (io-error, exit 2), as for a file named on the command line.
    if (!load_text(run_.set, name, std::move(*text), load_options(name, config_.for_file(name)))) {
      run_.io_failed = true;
      const auto& items = run_.set.diagnostics.items();
      run_.errors.push_back(!items.empty() ? items.back().message : "cannot read standard input");
    }
  }

  // Standard input over --max-file-bytes (`size`: what is known of its size, and the limit):
  // a located parse-error, as for a file (README "Exit codes"), never linted cut short.
  // Named "standard input", with the --stdin-filename name when one is given.
  void refuse_large_stdin(const std::string& name, const std::string& size) {
    Diagnostic d;
    d.rule = kParseError;
    d.severity = Severity::error;
    d.message = (o_.stdin_filename.empty() ? std::string() : "'" + name + "' (") +
                "standard input" + (o_.stdin_filename.empty() ? "" : ")") + " is " + size +
                " (--max-file-bytes); it is not read";
    d.span = Span{run_.set.sources.add(name, std::string()), 0, 0};
    run_.set.diagnostics.add(std::move(d));
  }

  // How to load `file` (whose canonical_path is `canonical`), or nullopt when it is not
  // loaded (named twice, or excluded). `*found` is set to the file's settings.
  std::optional<LoadOptions> plan(const std::string& file, const std::string& canonical,
                                  bool walked, const Settings** found) {
    if (!seen_.insert(canonical)) return std::nullopt;  // named twice
    const Settings& settings = config_.for_file(file);
    *found = &settings;
    if (walked && settings.path_ignored) return std::nullopt;  // excluded by the config
    return planned_options(file, settings, walked);
  }

  // The LoadOptions of a file that plan() plans.
  LoadOptions planned_options(const std::string& file, const Settings& settings, bool walked) {
    LoadOptions lo = load_options(file, settings);
    // A directory holds more than DNS data (package.json, CI workflows): a walked file in no
    // known format is skipped; a file named on the command line is an error.
    lo.skip_unknown_format = walked;
    lo.skipped = &run_.skipped;
    return lo;
  }

  // A walked file, as the walk reads its directory (Preview): given to the loader's pool with
  // the options plan() will give it, unless plan() would leave it out for its name or its
  // config. (If it turns out to be named twice, it is parsed for nothing.) The config lookups
  // give the answers they will give in the file's turn; one that fails (a config file in
  // error) is left to fail then, in order.
  void prefetch(const std::string& file, const CandidateFn& candidate) {
    try {
      if (!candidate(file)) return;
      const Settings& settings = config_.for_file(file);
      if (settings.path_ignored) return;
      loader_.prefetch(FileToLoad{file, planned_options(file, settings, true)});
    } catch (const ConfigError&) {
    }
  }

  void list_one(const std::string& file, const std::string& canonical, bool walked) {
    const Settings* settings = nullptr;
    if (std::optional<LoadOptions> lo = plan(file, canonical, walked, &settings)) {
      paths_.push_back(keep(strings_, file));
      settings_.push_back(settings);
      loader_.add(FileToLoad{file, std::move(*lo)});
    }
  }

  // File i of paths_ is loaded (`ok`: what load_file returned). Its source is the first of
  // those it added under its own path (none when an earlier input read it): its settings are
  // known_ from now on.
  void loaded(std::size_t i, bool ok) {
    const FileId end = static_cast<FileId>(run_.set.sources.size());
    // The loader knows it for a zone file its pool loaded (whose paths are not in this
    // thread's cache). When it is next_file_, it is what the search below would find.
    if (const FileId own = loader_.own_file(); own != kNoFile && own == next_file_) {
      known_.resize(end, nullptr);
      known_[own] = settings_[i];
      next_file_ = end;
      if (!ok) failed(std::string(paths_[i]));
      return;
    }
    for (FileId f = next_file_; f < end; ++f) {
      if (run_.set.sources.file(f).path() == std::string_view(paths_[i])) {
        known_.resize(end, nullptr);
        known_[f] = settings_[i];
        break;
      }
    }
    next_file_ = end;
    if (!ok) failed(std::string(paths_[i]));
  }

  // `file` could not be loaded (load_file returned false): exit 2.
  void failed(const std::string& file) {
    run_.io_failed = true;
    const auto& items = run_.set.diagnostics.items();
    run_.errors.push_back(!items.empty() ? items.back().message.str()
                                         : "cannot read '" + file + "'");
    run_.unprinted_errors.push_back(run_.errors.back());
  }

  const Options& o_;
  const std::optional<Name>& cli_origin_;
  Config& config_;
  PipelineRun& run_;
  std::ostream& err_;
  // The strings of seen_ and paths_ in a few large blocks: they are freed at once with the
  // InputLoader, on this thread alone between the load and the rules, where freeing 10,000
  // paths and set nodes one by one took ~1 ms.
  std::pmr::monotonic_buffer_resource strings_;
  StringSet seen_{strings_};  // canonical paths loaded
  // The path of each file given to loader_, in order, and its settings.
  std::pmr::vector<std::string_view> paths_{&strings_};
  std::vector<const Settings*> settings_;
  std::vector<const Settings*> known_;  // by FileId: see load_all
  FileId next_file_ = 0;                // the first FileId that loaded() has not seen
  // The zones of the set before the walk, and the entries of the directories walked so far
  // (see load_all's `listed`): room is made for no more than kMaxReservedZones of them.
  std::size_t zones_before_ = run_.set.zones.size();
  std::size_t listed_ = 0;
  static constexpr std::size_t kMaxReservedZones = std::size_t{1} << 20;
  bool stdin_read_ = false;
  FileLoader loader_;  // declared last: its pool stops before the members it reports to go
};

// Lints the loaded set: with the live resolver under --resolve.
LintResult lint_set(const Options& o, Config& config, const FileSettings& settings,
                    PipelineRun& run, std::ostream& err, unsigned jobs) {
  if (o.live.mode.empty()) return lint(run.set, config, nullptr, jobs, &settings);
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
  LintResult result = lint(run.set, config, resolver.get(), jobs, &settings);
  const auto& st = resolver->stats();
  char buf[160];
  std::snprintf(buf, sizeof buf, "live: %llu queries to %s, %llu cache hits, %llu failed, %.2f s",
                static_cast<unsigned long long>(st.queries), resolver->source().c_str(),
                static_cast<unsigned long long>(st.cache_hits),
                static_cast<unsigned long long>(st.failures),
                static_cast<double>(st.elapsed.count()) / 1000.0);
  run.live_summary = buf;
  if (o.live.mode == "strict" && st.failures > 0) {
    run.errors.push_back("live mode: " + std::to_string(st.failures) +
                         " queries could not be answered (--resolve=strict)");
    err << "zonelint: error: " << run.errors.back() << '\n';
  }
  return result;
}

// A path the walk could not read, as an io-error finding (registered as an empty source, as
// the loader does for a file it cannot read, so that every reporter can show it).
void report_walk_problem(PipelineRun& run, const WalkProblem& p) {
  Diagnostic d;
  d.rule = rules::kIoError.id;
  d.severity = rules::kIoError.default_severity;
  d.message = p.message;
  d.span = Span{run.set.sources.add(p.path, std::string()), 0, 0};
  run.excluded.insert(d.span.file);  // nothing was read there: no input file for the summary
  run.set.diagnostics.add(std::move(d));
  run.io_failed = true;
  run.errors.push_back(p.message);
  run.unprinted_errors.push_back(p.message);
}

// A ConfigError whose message starts with "<config file>:<line>:<column>: " as a config-error
// finding at that place, alone in `run` (nothing was linted). False when the message has no
// such place or the file cannot be read again.
bool config_error_finding(PipelineRun& run, const std::string& message) {
  const std::size_t a = message.find(':');
  const std::size_t b = a == std::string::npos ? a : message.find(':', a + 1);
  const std::size_t c = b == std::string::npos ? b : message.find(':', b + 1);
  if (c == std::string::npos || a == 0) return false;
  const auto number = [&](std::size_t from, std::size_t to) -> std::uint32_t {
    std::uint32_t n = 0;
    if (from >= to || to - from > 9) return 0;
    for (std::size_t i = from; i < to; ++i) {
      if (message[i] < '0' || message[i] > '9') return 0;
      n = n * 10 + static_cast<std::uint32_t>(message[i] - '0');
    }
    return n;
  };
  const std::uint32_t line = number(a + 1, b), column = number(b + 1, c);
  if (line == 0 || column == 0) return false;
  const std::string path = message.substr(0, a);
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (in == nullptr) return false;
  std::string text;
  char buf[8192];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;) text.append(buf, n);
  std::fclose(in);
  run = PipelineRun{};
  const FileId f = run.set.sources.add(path, std::move(text));
  const SourceFile& sf = run.set.sources.file(f);
  const std::uint32_t begin = sf.offset_of(line, column);
  std::uint32_t end = begin;
  const std::string_view rest = sf.line_text(line).substr(
      std::min<std::size_t>(sf.line_text(line).size(), begin - sf.line_start(line)));
  while (end - begin < rest.size() && rest[end - begin] != ':' && rest[end - begin] != ' ') ++end;
  Diagnostic d;
  d.rule = rules::kConfigError.id;
  d.severity = rules::kConfigError.default_severity;
  std::string_view said = std::string_view(message).substr(c + 1);
  while (!said.empty() && said.front() == ' ') said.remove_prefix(1);
  d.message = said;
  d.span = Span{f, begin, end};
  run.diagnostics.push_back(std::move(d));
  run.config_failed = true;
  run.errors.push_back(message);
  run.unprinted_errors.push_back(message + " [" + std::string(rules::kConfigError.id) + "]");
  return true;
}

// The baseline a run reads: --baseline, else the `baseline:` of the configs of the linted
// files (all of them must name the same file). "" when none.
std::string baseline_to_read(const Options& o, const FileSettings& settings,
                             const PipelineRun& run) {
  if (!o.baseline.empty() || !o.write_baseline.empty()) return o.baseline;
  std::set<std::string> named;
  for (FileId f = 0; f < run.set.sources.size(); ++f) {
    if (!run.set.sources.include_chain(f).empty() || run.dropped.count(f) ||
        run.excluded.count(f)) {
      continue;
    }
    const std::string& b = settings.of_file[f]->baseline;  // a file given or found: its own
    if (!b.empty()) named.insert(b);
  }
  if (named.empty()) return "";
  if (named.size() > 1) {
    throw ConfigError("the configs of this run name different baselines ('" + *named.begin() +
                      "' and '" + *std::next(named.begin()) +
                      "'); lint them apart, or pass --baseline");
  }
  // Shown relative to the working directory when it is under it.
  std::error_code ec;
  const std::filesystem::path abs(*named.begin());
  const std::filesystem::path rel = abs.lexically_relative(std::filesystem::current_path(ec));
  if (!ec && !rel.empty() && *rel.begin() != "..") return rel.string();
  return abs.string();
}

// The baseline step (lint/baseline.hpp): fingerprints for SARIF, --write-baseline, and reading
// `baseline` (from --baseline or the config). Throws ConfigError for an invalid config of the
// baseline file; kExitError after a message when the baseline cannot be read or written.
int baseline_step(const Options& o, const std::string& baseline, Config& config, PipelineRun& run,
                  std::ostream& err) {
  // Fingerprints cost a pass over every finding: only a baseline and SARIF need them.
  const bool with_baseline = !o.write_baseline.empty() || !baseline.empty();
  const bool sarif = std::any_of(o.outputs.begin(), o.outputs.end(), [](const OutputSpec& s) {
    return s.format == ReportFormat::sarif;
  });
  if (!with_baseline && !sarif) return kExitClean;
  if (!with_baseline) {  // SARIF alone: the fingerprints, not what they are made of
    run.fingerprints = fingerprints(run.set, run.diagnostics);
    return kExitClean;
  }
  std::vector<BaselineEntry> entries = fingerprint_all(run.set, run.diagnostics);
  std::string why;
  FileId baseline_file = kNoFile;
  if (!run_baseline(baseline, o.write_baseline, run.diagnostics, entries, write_file_atomically,
                    &why, &run.set.sources, &baseline_file)) {
    err << "zonelint: error: " << why << '\n';
    return kExitError;
  }
  if (baseline_file != kNoFile) {
    // The baseline file is no input: the summary does not count it.
    run.excluded.insert(baseline_file);
    // baseline-entry-unused follows the policy of the baseline file's config, as the rules'
    // findings follow their files' (select/ignore, severity overrides).
    const Settings& s = config.for_file(run.set.sources.file(baseline_file).path());
    std::vector<Diagnostic> kept;
    std::vector<BaselineEntry> kept_entries;
    for (std::size_t i = 0; i < run.diagnostics.size(); ++i) {
      Diagnostic& d = run.diagnostics[i];
      if (d.rule == kBaselineEntryUnused) {
        if (!s.enabled(d.rule)) continue;
        d.severity = s.severity_of(d.rule, d.severity);
      }
      kept.push_back(std::move(d));
      kept_entries.push_back(std::move(entries[i]));
    }
    run.diagnostics = std::move(kept);
    entries = std::move(kept_entries);
  }
  run.wrote_baseline = !o.write_baseline.empty();
  if (run.wrote_baseline && !o.quiet) err << "zonelint: " << why << '\n';
  run.fingerprints.reserve(entries.size());
  for (BaselineEntry& e : entries) run.fingerprints.push_back(std::move(e.fingerprint));
  return kExitClean;
}

// Removes one occurrence of `message` from `v`; false when there is none.
bool erase_one(std::vector<std::string>& v, const std::string& message) {
  const auto it = std::find(v.begin(), v.end(), message);
  if (it == v.end()) return false;
  v.erase(it);
  return true;
}

// --shard: keeps the findings (and their fingerprints) of the shard, and notes which files
// and zones it reports on (cli/shard.hpp).
//
// An input that cannot be read (an io-error finding, exit 2) is one shard's failure, like its
// finding: the shard of its path (ShardMap::of). The other shards do not fail for it, so a CI
// matrix of N jobs fails once for one mistake, but they name it on `err`, with the shard that
// reports it. Failures with no finding (standard input that cannot be read) fail every shard.
void keep_shard(const Options::Shard& shard, PipelineRun& run, std::ostream& err) {
  const ShardMap map(run.set, shard.count);
  for (const Diagnostic& d : run.set.diagnostics.items()) {
    if (d.rule != rules::kIoError.id) continue;
    const std::uint32_t owner = map.of(d);
    if (owner == shard.index || !erase_one(run.errors, d.message)) continue;
    erase_one(run.unprinted_errors, d.message);
    err << "zonelint: shard " << shard.index << "/" << shard.count << ": " << d.message
        << "; shard " << owner << "/" << shard.count << " reports it [io-error]\n";
  }
  // Every io_failed comes with an entry of `errors`: none left, no I/O failure of this shard.
  if (run.errors.empty()) run.io_failed = false;
  std::vector<Diagnostic> kept;
  std::vector<std::string> kept_fingerprints;
  const bool fingerprints = run.fingerprints.size() == run.diagnostics.size();
  for (std::size_t i = 0; i < run.diagnostics.size(); ++i) {
    if (map.of(run.diagnostics[i]) != shard.index) continue;
    kept.push_back(std::move(run.diagnostics[i]));
    if (fingerprints) kept_fingerprints.push_back(std::move(run.fingerprints[i]));
  }
  run.diagnostics = std::move(kept);
  if (fingerprints) run.fingerprints = std::move(kept_fingerprints);
  for (FileId f = 0; f < run.set.sources.size(); ++f) {
    if (run.set.sources.include_chain(f).empty() && !map.file_in(f, shard.index)) {
      run.outside_shard.insert(f);
    }
  }
  run.zone_in_shard.resize(run.set.zones.size());
  for (std::size_t i = 0; i < run.set.zones.size(); ++i) {
    run.zone_in_shard[i] = map.zone_shard(i) == shard.index;
  }
}

}  // namespace

int run_pipeline(const Options& o, PipelineRun& run, std::ostream& err) {
  std::optional<Name> cli_origin;
  if (o.origin) {
    std::string why;
    cli_origin = parse_origin(*o.origin, &why);
    if (!cli_origin) {
      err << "zonelint: error: invalid --origin '" << *o.origin << "': " << why << '\n';
      return kExitError;
    }
  }

  const unsigned jobs = o.jobs > 0 ? o.jobs : default_jobs();
  std::vector<WalkProblem> walk_problems;
  std::optional<Config> config;
  FileSettings settings;  // of the files and zones loaded, looked up once
  std::string baseline;
  try {
    config.emplace(o.policy);
    const std::vector<const Settings*> known =
        InputLoader(o, cli_origin, *config, run, err, jobs).load_all(walk_problems);
    for (const WalkProblem& p : walk_problems) {
      if (!config->for_file(p.path).path_ignored) report_walk_problem(run, p);
    }
    run.dropped = drop_standalone_includes(run.set);
    settings = file_settings(run.set, *config, known);
    for (FileId f = 0; f < run.set.sources.size(); ++f) {
      // A file given or found has its own settings (those of its zones are the file's).
      if (run.set.sources.include_chain(f).empty() && !run.dropped.count(f) &&
          settings.of_file[f]->path_ignored) {
        run.excluded.insert(f);
      }
    }
    if (o.parse_only) {
      run.diagnostics = load_findings(run.set);
    } else {
      LintResult result = lint_set(o, *config, settings, run, err, jobs);
      run.diagnostics = std::move(result.diagnostics);
      run.enabled = std::move(result.enabled);
      run.freeing = std::move(result.freeing);
    }
    // DNS-as-code records remember where they were declared (dnsconfig.js, a Terraform
    // resource address): findings on them point there too. (No finding, nothing to point: a
    // pass over every zone saved, on the main thread after the rules.)
    if (!run.diagnostics.empty()) add_declaration_notes(run.set, run.diagnostics);
    baseline = baseline_to_read(o, settings, run);
  } catch (const ConfigError& e) {
    if (config_error_finding(run, e.what())) return kExitClean;
    err << "zonelint: error: " << e.what() << " [" << rules::kConfigError.id << "]\n";
    return kExitError;
  }
  // The baseline, then the verdict on the findings that are reported, whatever the mode.
  try {
    if (const int status = baseline_step(o, baseline, *config, run, err); status != kExitClean) {
      return status;
    }
    // After the baseline, which matches the findings of every shard (an entry of another
    // shard is not unused), and before the verdict, which is the shard's.
    if (o.shard.count > 0) keep_shard(o.shard, run, err);
    run.verdict = judge(run.set, run.diagnostics, settings, *config);
  } catch (const ConfigError& e) {
    err << "zonelint: error: " << e.what() << " [" << rules::kConfigError.id << "]\n";
    return kExitError;
  }
  run.config = std::move(config);
  return kExitClean;
}

}  // namespace zl
