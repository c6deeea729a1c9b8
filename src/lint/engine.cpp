// The engine: load_findings for --parse-only, and lint() as named phases over one Run:
// classify the files and zones, choose the rules, run them (again per live-mode pass), apply
// the policy (selection, severities, lenient records), apply the inline suppressions and report
// the unused ones, sort, and decide the verdict.
#include "lint/engine.hpp"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "core/heap.hpp"
#include "core/parallel.hpp"
#include "lint/context.hpp"
#include "lint/memo_scope.hpp"
#include "lint/rule_schedule.hpp"
#include "lint/suppression.hpp"
#include "lint/timing.hpp"
#include "lint/verdict.hpp"

namespace zl {

void sort_diagnostics(const SourceSet& sources, std::vector<Diagnostic>& diags) {
  // The order: the file's path, the file, the span, the rule, the message; stable. A full lint
  // of a large zone sorts tens of thousands of findings (64,000 on the 1M-record bench zone),
  // and a Diagnostic is 72 bytes (it was 200) of strings and lists: a stable_sort of them moved
  // each one some 16 times through a buffer half their size, comparing two paths at every
  // step. Instead, small keys are sorted (the path compared as its rank among the files'
  // paths, the position as the last key for stability), and the findings are then moved into
  // place once, in place.
  // Nothing to order (a clean run: no finding).
  if (diags.size() < 2) return;
  // Only the files that findings are in are ranked: ranking every file (10,000 paths over a
  // directory of small zones, each SourceFile a pointer away) was a serial step of --jobs
  // (~0.4 ms) even for a run with one finding.
  std::vector<char> has_findings(sources.size(), 0);
  for (const Diagnostic& d : diags)
    if (d.span.valid() && d.span.file < sources.size()) has_findings[d.span.file] = 1;
  std::vector<FileId> files;
  for (FileId f = 0; f < has_findings.size(); ++f)
    if (has_findings[f] != 0) files.push_back(f);
  const auto by_path = [&](FileId a, FileId b) {
    return sources.file(a).path() < sources.file(b).path();
  };
  // The files of a directory walk come in path order already: a pass checks that.
  if (!std::is_sorted(files.begin(), files.end(), by_path))
    std::stable_sort(files.begin(), files.end(), by_path);
  // Equal paths share a rank; the empty path (a finding without a file has that) ranks 0.
  // (Ranks among these files order them as ranks among all the files would.)
  std::vector<std::uint32_t> path_rank(sources.size());
  std::uint32_t rank = 0;
  std::string_view previous;
  for (const FileId f : files) {
    if (sources.file(f).path() != previous) ++rank;
    previous = sources.file(f).path();
    path_rank[f] = rank;
  }
  struct Key {
    std::uint32_t path_rank;
    FileId file;
    std::uint32_t begin, end;
    std::uint32_t at;  // the finding's position in diags
  };
  std::vector<Key> keys(diags.size());
  for (std::size_t i = 0; i < diags.size(); ++i) {
    const Span& s = diags[i].span;
    const bool known = s.valid() && s.file < sources.size();
    keys[i] =
        Key{known ? path_rank[s.file] : 0, s.file, s.begin, s.end, static_cast<std::uint32_t>(i)};
  }
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.path_rank != b.path_rank) return a.path_rank < b.path_rank;
    if (a.file != b.file) return a.file < b.file;
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end < b.end;
    const Diagnostic& da = diags[a.at];
    const Diagnostic& db = diags[b.at];
    if (da.rule != db.rule) return da.rule < db.rule;
    if (da.message != db.message) return da.message < db.message;
    return a.at < b.at;
  });
  // Position i takes the finding at keys[i].at: follow each cycle of the permutation, moving
  // each finding once.
  std::vector<std::uint32_t> from(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) from[i] = keys[i].at;
  // Freed now (`keys = {}` would pick assignment from an empty initializer list, which keeps
  // the capacity).
  std::vector<Key>().swap(keys);
  for (std::uint32_t i = 0; i < from.size(); ++i) {
    if (from[i] == i) continue;
    Diagnostic held = std::move(diags[i]);
    std::uint32_t j = i;
    while (from[j] != i) {
      const std::uint32_t next = from[j];
      diags[j] = std::move(diags[next]);
      from[j] = j;
      j = next;
    }
    diags[j] = std::move(held);
    from[j] = j;
  }
  diags.erase(std::unique(diags.begin(), diags.end(),
                          [](const Diagnostic& a, const Diagnostic& b) {
                            return a.rule == b.rule && a.span == b.span && a.message == b.message;
                          }),
              diags.end());
}

std::vector<Diagnostic> load_findings(const ZoneSet& set) {
  std::vector<const Zone*> zones;
  zones.reserve(set.zones.size());
  for (const Zone& z : set.zones) zones.push_back(&z);
  const RuleContext ctx(set, std::move(zones));
  Diagnostics found;
  for (const Rule* r : all_rules())
    if (r->reports_load_facts && r->check) r->check(ctx, found);
  std::vector<Diagnostic> diags = std::move(found.items());
  diags.insert(diags.end(), set.diagnostics.items().begin(), set.diagnostics.items().end());
  sort_diagnostics(set.sources, diags);
  return diags;
}

namespace {

struct FileInfo {
  const Settings* settings = nullptr;
  CommentStyle style = CommentStyle::none;
  bool dropped = false;       // standalone copy of an included file, or excluded
  std::vector<Span> lenient;  // spans of records marked lenient
  FileId root = kNoFile;      // the file given on the command line
};

CommentStyle style_for(InputFormat f) {
  switch (f) {
    case InputFormat::zone:
      return CommentStyle::zone;
    case InputFormat::octodns:
    case InputFormat::config:
      return CommentStyle::yaml;
    default:
      return CommentStyle::none;
  }
}

bool contains(Span outer, Span inner) {
  return outer.valid() && outer.file == inner.file && inner.begin >= outer.begin &&
         inner.begin < std::max(outer.end, outer.begin + 1);
}

// What the engine works out from the enabled rules alone: the order they run in with one thread
// (run_order), the stages and filler with several (run_plan), and the scoped memos each one
// uses (MemoReleases). Matching every rule id against the run groups' and the memo scopes'
// patterns was up to 7% of a small input's lint (fuzz/README.md, "Throughput": fuzz_pipeline
// runs lint() once per input), and the enabled rules are nearly always the same from one call
// to the next (one config: every rule, or the same few turned off), so it is worked out once
// per set of enabled rules and kept (schedule_of).
struct RuleSchedule {
  // The key: the enabled rules' ids, in their order. The schedule depends on the ids alone, and
  // ids, not Rule pointers, are compared: a rule object that is not in the registry (a test's,
  // on the stack) may take the address another one had, with another id. Copies, so that
  // the key outlives those objects.
  std::vector<std::string> ids;
  std::vector<std::size_t> order;  // run_order of their ids
  RunPlan plan;                    // run_plan of their ids
  // By scope of memo_scopes(): how many of the rules use it; by rule: the scopes it uses.
  std::vector<std::size_t> users_of_scope;
  std::vector<std::vector<std::size_t>> scopes_of_rule;
};

RuleSchedule make_schedule(std::span<const Rule* const> enabled) {
  RuleSchedule s;
  s.ids.reserve(enabled.size());
  for (const Rule* r : enabled) s.ids.emplace_back(r->id);
  std::vector<std::string_view> ids;
  ids.reserve(enabled.size());
  for (const Rule* r : enabled) ids.push_back(r->id);
  s.order = run_order(ids);
  s.plan = run_plan(ids);
  const std::span<const MemoScope> scopes = memo_scopes();
  s.users_of_scope.assign(scopes.size(), 0);
  s.scopes_of_rule.resize(enabled.size());
  for (std::size_t scope = 0; scope < scopes.size(); ++scope)
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (uses_memo(scopes[scope], ids[i])) {
        s.scopes_of_rule[i].push_back(scope);
        ++s.users_of_scope[scope];
      }
  return s;
}

// The schedule of `enabled`, made on the first call with that set. The last few sets are kept
// (a process lints with one config, or a few: a test suite), under a lock, since lint() may
// run on several threads at once; a schedule is read-only once made, and shared.
std::shared_ptr<const RuleSchedule> schedule_of(std::span<const Rule* const> enabled) {
  constexpr std::size_t kKept = 4;
  static std::mutex mutex;
  static std::vector<std::shared_ptr<const RuleSchedule>> kept;  // the last used at the back
  const auto same = [&](const std::shared_ptr<const RuleSchedule>& s) {
    return std::ranges::equal(s->ids, enabled,
                              [](const std::string& id, const Rule* r) { return id == r->id; });
  };
  {
    const std::lock_guard lock(mutex);
    const auto found = std::ranges::find_if(kept, same);
    if (found != kept.end()) {
      std::rotate(found, found + 1, kept.end());
      return kept.back();
    }
  }
  // Made outside the lock (another thread may make the same one meanwhile: both are equal).
  auto made = std::make_shared<const RuleSchedule>(make_schedule(enabled));
  const std::lock_guard lock(mutex);
  if (kept.size() == kKept) kept.erase(kept.begin());
  kept.push_back(made);
  return made;
}

// Frees each scoped memo (lint/memo_scope.hpp) once the last enabled rule that uses it has
// run. Each rule's end counts down the scopes it is a user of; the thread that brings a count
// to zero frees the memo, so it works the same with the rules on several threads (in any order).
class MemoReleases {
 public:
  // `schedule`: of the rules the indices given to ran() refer to; it must outlive this.
  // `give_back`: whether the memory of the memos freed goes back to the system (a large run).
  MemoReleases(const RuleSchedule& schedule, std::span<const MemoScope> scopes, bool give_back)
      : scopes_(scopes),
        left_(scopes.size()),
        of_rule_(schedule.scopes_of_rule),
        give_back_(give_back) {
    for (std::size_t s = 0; s < scopes.size(); ++s)
      left_[s].store(schedule.users_of_scope[s], std::memory_order_relaxed);
  }
  // Rule `i` (an index into the rules given) has run. The memory of the memos freed goes back
  // to the system (give_back_free_memory): kept free in the heap of the thread that made them,
  // it stood under the later stages, which make theirs on the other thread or need less.
  void ran(std::size_t i, const RuleContext& ctx) {
    bool freed = false;
    for (const std::size_t s : of_rule_[i])
      if (left_[s].fetch_sub(1, std::memory_order_acq_rel) == 1) {
        ctx.release_memo(scopes_[s].key);
        freed = true;
      }
    if (freed && give_back_) give_back_free_memory();
  }

 private:
  std::span<const MemoScope> scopes_;
  std::vector<std::atomic<std::size_t>> left_;            // by scope: its users still to run
  const std::vector<std::vector<std::size_t>>& of_rule_;  // by rule: the scopes it is a user of
  bool give_back_;
};

// Below this many records in its linted zones together, a run does not give the memory it frees
// back to the system (give_back_free_memory): there is little of it, and malloc_trim walks the
// whole heap however little was freed (its calls were 2.4% of a fuzz_pipeline execution, where
// each input is a small set: fuzz/README.md, "Throughput", eighth pass).
constexpr std::size_t kGiveBackFromRecords = 10'000;

// Below this many records in its largest zone, a set's rule tasks are all short: with --jobs,
// thread 0 takes filler at the stages' ends (StagedTasks::set_filler_at_stage_ends).
constexpr std::size_t kFillerAtStageEndsBelow = 10'000;

// One run of the engine over a zone set, phase by phase (lint() calls them in order).
class Run {
 public:
  Run(const ZoneSet& set, Config& config, const FileSettings& settings)
      : set_(set), src_(set.sources), config_(config), settings_(settings), files_(src_.size()) {}

  // Which zones are linted, with which settings, and what each file is (its root, settings,
  // comment style, record lines): files of dropped zones are left out of the report.
  void classify_files();
  // Rules enabled for at least one linted file.
  std::vector<const Rule*> enabled_rules() const;
  // Zones whose load reported parse errors (in the zone file or a file it pulled in).
  std::set<const Zone*> incomplete_zones() const;
  // The findings of the enabled rules and the load diagnostics. In live mode, rules ask about
  // names outside the loaded zones; the queries of one pass are resolved together and the rules
  // run again, until no new query comes up (a chain of lookups, such as an SPF include tree,
  // takes one pass per level).
  // With `jobs` > 1 (and no `external`), the rules run on several threads.
  // Called once: the context takes zone_settings_. Also collects the inline suppressions
  // (collect_suppressions), as one more task among the rules.
  // `helper`: the rules' second thread, started ahead (with jobs > 1), or null.
  std::vector<Diagnostic> findings(std::span<const Rule* const> enabled, ExternalDns* external,
                                   unsigned jobs, HelperThread* helper);
  // Selection, severity overrides, lenient records.
  std::vector<Diagnostic> apply_policy(std::vector<Diagnostic> diags) const;
  // The inline suppressions of every linted file, with the lines each one covers, in file
  // order. Reads only what classify_files wrote and the sources: findings() runs it alongside
  // the rules.
  void collect_suppressions();
  // Removes suppressed findings (marking the suppressions used), then reports the suppressions
  // that suppressed nothing.
  std::vector<Diagnostic> suppress(std::vector<Diagnostic> out, std::size_t& suppressed_count);
  // The threshold and the verdict of the sorted findings.
  void verdict(LintResult& result) const;
  // The thread that frees the rules' context (findings() with jobs > 1), if any: `helper`,
  // when there is one (which is finished then).
  std::jthread release_freeing(std::optional<HelperThread>& helper);

 private:
  void classify_zone(std::size_t index, const Settings& s);  // set_.zones[index]
  std::vector<Suppression> file_suppressions(FileId f) const;
  const Settings* settings_of(const Diagnostic& d) const;
  bool within_file(FileId f, FileId top) const;
  bool suppressed(const Diagnostic& d, bool mark);
  void report_unused(const Suppression& s, std::vector<Diagnostic>& out, std::size_t& suppressed);

  const ZoneSet& set_;
  const SourceSet& src_;
  Config& config_;
  const FileSettings& settings_;
  std::vector<FileInfo> files_;
  std::vector<const Zone*> active_;
  // The linted zones with records in each file, by FileId: their entries' lines, which a
  // suppression comment covers, are computed only for files that have such comments
  // (file_suppressions). One list sorted by file, not a vector in each FileInfo: over 10,000
  // files, allocating and freeing 10,000 small vectors was most of the ~1% of a --jobs 2 run
  // that classify_files and the Run's destructor took on the main thread.
  std::vector<std::pair<FileId, const Zone*>> file_zones_;
  // The settings of each active zone, by its index in set_.zones (null for the others).
  std::vector<const Settings*> zone_settings_;
  std::vector<const Settings*> used_settings_;  // of the active zones
  std::vector<Suppression> sups_;
  std::set<FileId> standalone_;   // files loaded on their own that a zone of the run includes
  std::size_t largest_zone_ = 0;  // the records of the largest linted zone
  std::size_t records_ = 0;       // the records of the linted zones together
  // With --jobs > 1: the rules' context, kept for release_freeing (see the end of findings).
  std::unique_ptr<RuleContext> context_;
};

void Run::classify_files() {
  // Root file of every file (the top of its $INCLUDE chain).
  for (FileId f = 0; f < src_.size(); ++f) {
    const auto chain = src_.include_chain(f);
    files_[f].root = chain.empty() ? f : chain.back().file;
  }
  // Files loaded on their own that another zone of the run pulls in by $INCLUDE.
  standalone_ = standalone_includes(set_);
  zone_settings_.assign(set_.zones.size(), nullptr);
  active_.reserve(set_.zones.size());
  file_zones_.reserve(set_.zones.size());
  for (std::size_t i = 0; i < set_.zones.size(); ++i) {
    prefetch_zone_ahead(set_.zones, i);
    if (settings_.of_zone[i] != nullptr) classify_zone(i, *settings_.of_zone[i]);
  }
  // By file, each file's zones in the order of set_.zones (already sorted when no zone
  // includes a file).
  const auto by_file = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (!std::is_sorted(file_zones_.begin(), file_zones_.end(), by_file))
    std::stable_sort(file_zones_.begin(), file_zones_.end(), by_file);
  // Files with no zone (an octoDNS manager config, a file that failed to load): their own
  // settings, so their parse errors follow the file's config.
  for (FileId f = 0; f < src_.size(); ++f) {
    if (files_[f].settings) continue;
    const FileId root = files_[f].root;
    if (root != f && files_[root].settings) {
      files_[f].settings = files_[root].settings;
      files_[f].dropped = files_[root].dropped;
    } else {
      files_[f].settings = settings_.of_file[f];
      files_[f].dropped = files_[f].settings->path_ignored || standalone_.count(f) > 0;
    }
  }
  // Distinct settings only: files under one config share one Settings object, and
  // enabled_rules asks each of them about every rule.
  // (In the order of active_, which is that of zone_settings_: the zones' order.)
  std::set<const Settings*> distinct;
  const Settings* last = nullptr;
  for (const Settings* settings : zone_settings_) {
    if (settings == nullptr || settings == last) continue;  // usual: the zone before's config
    last = settings;
    if (distinct.insert(settings).second) used_settings_.push_back(settings);
  }
}

void Run::classify_zone(std::size_t index, const Settings& s) {
  const Zone& z = set_.zones[index];
  files_[z.file].settings = &s;
  files_[z.file].style = style_for(z.format);
  for (FileId f : z.included_files)
    if (f < src_.size()) {
      files_[f].settings = &s;
      files_[f].style = style_for(z.format);
    }
  if (standalone_.count(z.file) > 0 || s.path_ignored) {
    files_[z.file].dropped = true;
    for (FileId f : z.included_files)
      if (f < src_.size()) files_[f].dropped = true;
    return;
  }
  active_.push_back(&z);
  largest_zone_ = std::max(largest_zone_, z.records.size());
  records_ += z.records.size();
  zone_settings_[index] = &s;
  file_zones_.emplace_back(z.file, &z);
  for (FileId f : z.included_files)
    if (f < src_.size()) file_zones_.emplace_back(f, &z);
  if (z.format == InputFormat::zone) return;  // only octoDNS marks records lenient
  for (const Record& r : z.records) {
    if (!r.has(kLenient)) continue;
    const Span rs = z.span(r);
    if (rs.valid() && rs.file < src_.size()) files_[rs.file].lenient.push_back(rs);
  }
}

std::vector<const Rule*> Run::enabled_rules() const {
  std::vector<const Rule*> enabled;
  for (const Rule* r : all_rules()) {
    bool on = false;
    for (const Settings* s : used_settings_) on = on || s->enabled(r->id);
    if (used_settings_.empty()) on = true;
    if (on) enabled.push_back(r);
  }
  return enabled;
}

std::set<const Zone*> Run::incomplete_zones() const {
  std::set<FileId> error_files;
  for (const Diagnostic& d : set_.diagnostics.items())
    if (d.rule == kParseError && d.span.valid() && d.span.file < src_.size()) {
      error_files.insert(d.span.file);
      error_files.insert(files_[d.span.file].root);
    }
  std::set<const Zone*> incomplete;
  // No parse error (the usual case): no pass over every zone, on the main thread before the
  // rules start (10,000 zones, a cache miss or two each).
  if (error_files.empty()) return incomplete;
  for (const Zone* z : active_) {
    bool bad = error_files.count(z->file) > 0;
    for (FileId f : z->included_files) bad = bad || error_files.count(f) > 0;
    if (bad) incomplete.insert(z);
  }
  return incomplete;
}

// The rules on several threads (--jobs). Why they cannot race:
// - each rule writes only its own Diagnostics (found[i]); the lists are joined in registry
//   order after the threads have joined, so the result is the sequential one;
// - the rules read the zone set, the sources, the settings and the context, which nothing
//   writes while they run (the engine's own state is written before and after this phase);
// - what is computed on first use is made thread-safe: RuleContext::memo holds a lock (the
//   first thread to ask computes a missing value; the others wait for it); the owner lookup
//   each Zone builds on first use (records_at, has, name_exists) is built by the command
//   line's loader (FileLoader's build_lookups), else once, under the zone's lock, by the
//   first thread to ask (Zone::build_read_index); the mail family's map of a TXT record's strings
//   (ParsedTxt::joined) is computed on each call and cached nowhere, so it needs no lock;
// - the Public Suffix List is a function-local static (initialised once, thread-safely) over
//   libpsl, whose lookups are thread-safe on a shared context;
// - Config, whose cache of Settings is not thread-safe, is not used by rules (they read the
//   Settings each zone got in classify_files, through the context).
// Live mode stays on one thread: the resolver gathers the queries of each pass as rules ask.
std::vector<Diagnostic> Run::findings(std::span<const Rule* const> enabled, ExternalDns* external,
                                      unsigned jobs, HelperThread* helper) {
  // The context takes the zones' settings (nothing after the rules reads zone_settings_).
  auto context =
      std::make_unique<RuleContext>(set_, active_, std::move(zone_settings_), incomplete_zones());
  RuleContext& ctx = *context;
  ctx.set_external(external);
  ctx.set_check_time(
      config_.cli().check_time.value_or(static_cast<std::int64_t>(std::time(nullptr))));
  if (external) jobs = 1;
  // ZONELINT_TIMING: each rule's and each memo's wall time, printed to stderr after the phase.
  std::optional<RuleTiming> timing;
  if (RuleTiming::requested()) {
    timing.emplace(enabled);
    ctx.set_timing(&*timing);
  }
  const auto phase_start = RuleTiming::Clock::now();
  // When timing, the zones' owner lookups are built first, so that their cost shows on a row
  // of its own instead of in the first rule that looks a name up. Otherwise the command line's
  // loader has built them, after each parse (FileLoader's build_lookups); other callers' zones
  // build theirs on first use, once, under the zone's lock. (With --jobs they used to be built
  // here on the rules' threads: a pass over every zone that now only checked them, ~6 ms of
  // CPU over 10,000 small zones, and a thread started for it.)
  if (timing) {
    const auto build = [&] {
      parallel_for(set_.zones.size(), jobs, [&](std::size_t i) {
        const Zone& z = set_.zones[i];
        (void)z.has(z.origin, rrtype::SOA);  // builds the zone's owner lookup
      });
    };
    if (timing)
      timing->time_step("zones' owner lookups", build);
    else
      build();
  }
  // The memos that only some rules use are freed as soon as those have run (MemoReleases).
  // Not in live mode: its passes run every rule again, and clear the memos between them.
  const std::shared_ptr<const RuleSchedule> schedule = schedule_of(enabled);
  std::optional<MemoReleases> releases;
  const bool give_back = records_ >= kGiveBackFromRecords;
  if (!external) releases.emplace(*schedule, memo_scopes(), give_back);
  std::vector<Diagnostics> found(enabled.size());
  for (int pass = 0;; ++pass) {
    for (Diagnostics& f : found) f = Diagnostics{};
    ctx.clear_memo();
    // Task i < enabled.size() runs rule i, which writes found[i], its own slot: the joined
    // findings are the same whatever thread runs it, and in whatever order.
    //
    // One more task, the last: scanning every linted file's text for suppression comments
    // ("zonelint:"; ~6 MB over 10,000 small zones), which needs none of the rules' findings.
    // Run after the rules, it was a serial step of --jobs 2 (a pool of threads started for it
    // when the rules' threads had stopped: the second one was rarely in time to take a file);
    // as a task among the rules, it fills a gap instead.
    const auto task = [&](std::size_t i) {
      if (i == enabled.size()) return collect_suppressions();
      if (enabled[i]->check) {
        if (timing)
          timing->time_rule(i, [&] { enabled[i]->check(ctx, found[i]); });
        else
          enabled[i]->check(ctx, found[i]);
      }
      // The pages of mapped input files that the rule read leave the RSS again, so that the
      // rules together do not bring a large file's whole text back into the peak (safe while
      // other rules read: they fault their pages back in; core/file_mapping.hpp).
      set_.sources.release_pages();
      if (!releases) return;
      if (timing)
        timing->time_step("freeing memos", [&] { releases->ran(i, ctx); });
      else
        releases->ran(i, ctx);
    };
    const bool suppressions = pass == 0;
    if (jobs <= 1) {
      // One thread: the rules in run_order's order (lint/memo_scope.hpp: family after family,
      // those with large memos and few findings first, so that each family's memos stand over
      // as few findings as can be).
      for (const std::size_t i : schedule->order) task(i);
      if (suppressions) task(enabled.size());
    } else {
      // Several threads: the same order cut into stages (the families with large memos, one
      // at a time, opened by this thread) and filler (lint/rule_schedule.hpp says why: two
      // families at once, one per thread, each in a malloc heap of its own, raised the peak).
      RunPlan plan = schedule->plan;
      if (suppressions) plan.filler.push_back(enabled.size());
      StagedTasks tasks(std::move(plan.stages), std::move(plan.filler), plan.home);
      // No rule runs long over small zones, however many: thread 0 may take filler while a
      // stage's last tasks run (see StagedTasks::set_filler_at_stage_ends).
      tasks.set_filler_at_stage_ends(largest_zone_ < kFillerAtStageEndsBelow);
      tasks.set_memo_activity([&ctx] {
        return StagedTasks::MemoActivity{ctx.making_memo(), ctx.memos_made()};
      });
      run_staged(tasks, jobs, task, helper);
    }
    if (!external || pass >= kMaxLivePasses || !external->resolve_pending()) break;
  }
  if (timing) {
    timing->set_phase(RuleTiming::Clock::now() - phase_start, jobs);
    timing->print(std::cerr);
  }
  // What the rules derived and shared through the context (RRsets, SPF walks, MX sets of every
  // zone) is many small blocks, ~10 ms to free on 10,000 zones, and nothing reads it any more.
  // With one thread it is freed here, before the findings are gathered into one list: the
  // memos are the largest part of the rules' memory, and that list would otherwise be
  // allocated on top of them (the peak of a full lint). With several threads, another thread
  // frees it, once the findings are sorted (release_freeing). It used to start here, and ran
  // alongside the policy, the suppressions and the sort, which it slowed down by half (malloc's
  // locks, the caches): after the rules, 15 ms of --jobs 2 over 10,000 zones went to 7.5, for
  // no change in the peak (RSS of the 1M-record zone within its run-to-run noise, 420 MB).
  if (jobs > 1)
    context_ = std::move(context);
  else
    context.reset();
  // The memory freed since the last memo (the rules' scratch) goes back before the joined list
  // is filled, and the rules' lists after (core/heap.hpp): the end of a full lint of a large
  // zone is at its peak.
  if (give_back) give_back_free_memory();
  std::size_t total = set_.diagnostics.size();
  for (const Diagnostics& f : found) total += f.size();
  std::vector<Diagnostic> diags;
  diags.reserve(total);
  // Each rule's list is freed once its findings are moved: the joined list's pages are touched
  // as it fills, and a large list (a block of its own, 1 MiB or more) goes back to the system
  // at once, so the lists and the joined list do not all stand at the end of the loop.
  for (Diagnostics& f : found) {
    for (Diagnostic& d : f.items()) diags.push_back(std::move(d));
    f = Diagnostics{};
  }
  for (const Diagnostic& d : set_.diagnostics.items()) diags.push_back(d);
  if (give_back) give_back_free_memory();
  return diags;
}

std::jthread Run::release_freeing(std::optional<HelperThread>& helper) {
  // Without the helper the rules ran on this thread, and findings() freed the context itself.
  if (!helper) return {};
  if (context_) {
    helper->post([c = std::shared_ptr<RuleContext>(std::move(context_))]() mutable { c.reset(); });
  }
  return helper->finish();
}

const Settings* Run::settings_of(const Diagnostic& d) const {
  if (!d.span.valid() || d.span.file >= src_.size()) return nullptr;
  return files_[d.span.file].settings;
}

std::vector<Diagnostic> Run::apply_policy(std::vector<Diagnostic> diags) const {
  // Filtered in place: the kept findings move down over the dropped ones. A new vector grown
  // one finding at a time re-allocated and moved tens of thousands of them on a large zone.
  std::size_t kept = 0;
  for (Diagnostic& d : diags) {
    if (d.span.valid() && d.span.file < src_.size() && files_[d.span.file].dropped) continue;
    const Settings* s = settings_of(d);
    if (s && !s->enabled(d.rule)) continue;
    if (s) d.severity = s->severity_of(d.rule, d.severity);
    if (s && d.span.valid() && d.span.file < src_.size() && s->lenient != LenientPolicy::keep) {
      bool lenient = false;
      for (const Span& l : files_[d.span.file].lenient) lenient = lenient || contains(l, d.span);
      if (lenient) {
        if (s->lenient == LenientPolicy::suppress) continue;
        if (d.severity != Severity::info) {
          d.message += " [info: the record is marked octoDNS `lenient: true`; was " +
                       std::string(to_string(d.severity)) + "]";
          d.severity = Severity::info;
        }
      }
    }
    if (&d != &diags[kept]) diags[kept] = std::move(d);
    ++kept;
  }
  diags.erase(diags.begin() + static_cast<std::ptrdiff_t>(kept), diags.end());
  return diags;
}

void Run::collect_suppressions() {
  for (FileId f = 0; f < src_.size(); ++f) {
    if (files_[f].dropped || files_[f].style == CommentStyle::none) continue;
    for (Suppression& s : file_suppressions(f)) sups_.push_back(std::move(s));
  }
}

std::vector<Suppression> Run::file_suppressions(FileId f) const {
  std::vector<Suppression> found = scan_suppressions(src_.file(f), f, files_[f].style);
  if (found.empty()) return found;
  // The lines each line's entries cover, in one sweep over the entries.
  const std::uint32_t lines = src_.file(f).line_count() + 2;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> cover(lines);
  for (std::uint32_t l = 0; l < lines; ++l) cover[l] = {l, l};
  const SourceFile& sf = src_.file(f);
  const auto zones = std::equal_range(
      file_zones_.begin(), file_zones_.end(), std::pair<FileId, const Zone*>(f, nullptr),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto it = zones.first; it != zones.second; ++it)
    for (const Record& r : it->second->records) {
      const Span rs = it->second->span(r);
      if (!rs.valid() || rs.file != f) continue;
      const std::uint32_t b = sf.line_of(rs.begin);
      const std::uint32_t e = sf.line_of(rs.end > rs.begin ? rs.end - 1 : rs.begin);
      for (std::uint32_t l = b; l <= e && l < lines; ++l) {
        cover[l].first = std::min(cover[l].first, b);
        cover[l].second = std::max(cover[l].second, e);
      }
    }
  for (auto& s : found) {
    const std::uint32_t target = s.kind == Suppression::Kind::next_line ? s.line + 1 : s.line;
    s.first_line = s.last_line = target;
    if (target < lines) std::tie(s.first_line, s.last_line) = cover[target];
  }
  return found;
}

// Is `f` the file `top` or pulled in (transitively) from it?
bool Run::within_file(FileId f, FileId top) const {
  if (f == top) return true;
  for (const Span& site : src_.include_chain(f))
    if (site.file == top) return true;
  return false;
}

bool Run::suppressed(const Diagnostic& d, bool mark) {
  // Without suppression comments (the usual case), no finding's line is looked up.
  if (sups_.empty() || !d.span.valid() || d.span.file >= src_.size()) return false;
  const std::uint32_t line = src_.file(d.span.file).line_of(d.span.begin);
  const Rule* rule = find_rule(d.rule);
  bool hit = false;
  for (auto& s : sups_) {
    if (!s.error.empty()) continue;
    const bool where = s.kind == Suppression::Kind::file
                           ? within_file(d.span.file, s.file)
                           : (s.file == d.span.file && s.first_line <= line && line <= s.last_line);
    if (!where) continue;
    for (auto& id : s.ids) {
      const Rule* r = find_rule(id.id);
      if ((r && r == rule) || id.id == d.rule) {
        hit = true;
        if (mark) id.used = true;
      }
    }
  }
  return hit;
}

std::vector<Diagnostic> Run::suppress(std::vector<Diagnostic> out, std::size_t& suppressed_count) {
  // Filtered in place (each finding asked once, in order).
  suppressed_count += std::erase_if(out, [&](const Diagnostic& d) { return suppressed(d, true); });
  // Suppressions that suppressed nothing.
  for (const Suppression& s : sups_) report_unused(s, out, suppressed_count);
  return out;
}

void Run::report_unused(const Suppression& s, std::vector<Diagnostic>& out,
                        std::size_t& suppressed_count) {
  const Rule* unused_rule = find_rule("unused-suppression");
  const Settings* st = files_[s.file].settings;
  if (st && !st->enabled("unused-suppression")) return;
  std::vector<std::pair<Span, std::string>> reports;
  if (!s.error.empty()) {
    reports.emplace_back(s.comment, "malformed zonelint comment: " + s.error);
  } else {
    for (const auto& id : s.ids) {
      if (id.used) continue;
      const Rule* r = find_rule(id.id);
      if (!r) {
        reports.emplace_back(id.span, "suppression names '" + id.id +
                                          "', which is not a rule id (`zonelint rules` "
                                          "lists them)");
        continue;
      }
      if (r == unused_rule) continue;
      if (st && !st->enabled(r->id)) continue;  // the config turned the rule off here
      reports.emplace_back(id.span,
                           "suppression of '" + id.id + "' matched no finding" +
                               (s.kind == Suppression::Kind::file ? std::string(" in this file")
                                                                  : " on this entry") +
                               "; remove it");
    }
  }
  for (auto& [span, msg] : reports) {
    Diagnostic d;
    d.rule = "unused-suppression";
    d.severity = unused_rule ? unused_rule->default_severity : Severity::info;
    if (st) d.severity = st->severity_of(d.rule, d.severity);
    d.message = msg;
    d.span = span;
    if (suppressed(d, false)) {
      ++suppressed_count;
      continue;
    }
    out.push_back(std::move(d));
  }
}

void Run::verdict(LintResult& result) const {
  const Verdict verdict = judge(set_, result.diagnostics, settings_, config_);
  result.fail_on = verdict.fail_on;
  result.failed = verdict.failed;
}

}  // namespace

LintResult lint(const ZoneSet& set, Config& config, ExternalDns* external, unsigned jobs,
                const FileSettings* settings) {
  // With several threads, the rules' second thread starts now: it is up when the rules start
  // (rule_schedule.hpp, HelperThread).
  std::optional<HelperThread> helper;
  if (jobs > 1 && external == nullptr) helper.emplace();
  LintResult result;
  std::optional<FileSettings> own;
  if (settings == nullptr) settings = &own.emplace(file_settings(set, config));
  Run run(set, config, *settings);
  run.classify_files();
  result.enabled = run.enabled_rules();
  std::vector<Diagnostic> kept =
      run.apply_policy(run.findings(result.enabled, external, jobs, helper ? &*helper : nullptr));
  result.diagnostics = run.suppress(std::move(kept), result.suppressed);
  sort_diagnostics(set.sources, result.diagnostics);
  run.verdict(result);
  result.freeing = run.release_freeing(helper);
  return result;
}

}  // namespace zl
