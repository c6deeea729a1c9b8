#include "lint/engine.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <tuple>

#include "core/path.hpp"
#include "lint/context.hpp"
#include "lint/suppression.hpp"

namespace zl {

void sort_diagnostics(const SourceSet& sources, std::vector<Diagnostic>& diags) {
  auto path_of = [&](const Diagnostic& d) -> std::string_view {
    if (!d.span.valid() || d.span.file >= sources.size()) return {};
    return sources.file(d.span.file).path();
  };
  std::stable_sort(diags.begin(), diags.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    const auto pa = path_of(a), pb = path_of(b);
    if (pa != pb) return pa < pb;
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    if (a.span.end != b.span.end) return a.span.end < b.span.end;
    if (a.rule != b.rule) return a.rule < b.rule;
    return a.message < b.message;
  });
  diags.erase(std::unique(diags.begin(), diags.end(),
                          [](const Diagnostic& a, const Diagnostic& b) {
                            return a.rule == b.rule && a.span == b.span && a.message == b.message;
                          }),
              diags.end());
}

namespace {

struct FileInfo {
  const Settings* settings = nullptr;
  CommentStyle style = CommentStyle::none;
  bool dropped = false;  // standalone copy of an included file, or excluded
  std::vector<std::pair<std::uint32_t, std::uint32_t>> entries;  // line ranges of records
  std::vector<Span> lenient;                                     // spans of records marked lenient
  FileId root = kNoFile;  // the file given on the command line
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

}  // namespace

LintResult lint(const ZoneSet& set, Config& config, ExternalDns* external) {
  LintResult result;
  const SourceSet& src = set.sources;
  std::vector<FileInfo> files(src.size());

  // Root file of every file (the top of its $INCLUDE chain).
  for (FileId f = 0; f < src.size(); ++f) {
    const auto chain = src.include_chain(f);
    files[f].root = chain.empty() ? f : chain.back().file;
  }

  // Files pulled in by $INCLUDE somewhere in the run, by canonical path.
  std::set<std::string> included;
  for (const Zone& z : set.zones)
    for (FileId f : z.included_files)
      if (f < src.size()) included.insert(canonical_path(src.file(f).path()));

  std::vector<const Zone*> active;
  std::map<const Zone*, const Settings*> zone_settings;
  for (const Zone& z : set.zones) {
    if (z.file >= src.size()) continue;
    const Settings& s = config.for_file(src.file(z.file).path());
    files[z.file].settings = &s;
    files[z.file].style = style_for(z.format);
    for (FileId f : z.included_files)
      if (f < src.size()) {
        files[f].settings = &s;
        files[f].style = style_for(z.format);
      }
    const bool standalone_include = src.include_chain(z.file).empty() &&
                                    included.count(canonical_path(src.file(z.file).path())) > 0;
    if (standalone_include || s.path_ignored) {
      files[z.file].dropped = true;
      for (FileId f : z.included_files)
        if (f < src.size()) files[f].dropped = true;
      continue;
    }
    active.push_back(&z);
    zone_settings[&z] = &s;
    for (const Record& r : z.records) {
      if (!r.span.valid() || r.span.file >= src.size()) continue;
      const SourceFile& sf = src.file(r.span.file);
      const auto b = sf.line_col(r.span.begin).line;
      const auto e = sf.line_col(r.span.end > r.span.begin ? r.span.end - 1 : r.span.begin).line;
      files[r.span.file].entries.emplace_back(b, e);
      if (r.has(kLenient)) files[r.span.file].lenient.push_back(r.span);
    }
  }
  // Files with no zone (an octoDNS manager config, a file that failed to load): their own
  // settings, so their parse errors follow the file's config.
  for (FileId f = 0; f < src.size(); ++f) {
    if (files[f].settings) continue;
    const FileId root = files[f].root;
    if (root != f && files[root].settings) {
      files[f].settings = files[root].settings;
      files[f].dropped = files[root].dropped;
    } else {
      files[f].settings = &config.for_file(src.file(f).path());
      files[f].dropped = files[f].settings->path_ignored;
    }
  }

  // Rules enabled for at least one linted file.
  std::vector<const Settings*> used_settings;
  used_settings.reserve(active.size());
  for (const Zone* z : active) used_settings.push_back(zone_settings[z]);
  for (const Rule* r : all_rules()) {
    bool on = false;
    for (const Settings* s : used_settings) on = on || s->enabled(r->id);
    if (used_settings.empty()) on = true;
    if (on) result.enabled.push_back(r);
  }

  // Zones whose load reported parse errors (in the zone file or a file it pulled in).
  std::set<FileId> error_files;
  for (const Diagnostic& d : set.diagnostics.items())
    if (d.rule == kParseError && d.span.valid() && d.span.file < src.size()) {
      error_files.insert(d.span.file);
      error_files.insert(files[d.span.file].root);
    }
  std::set<const Zone*> incomplete;
  for (const Zone* z : active) {
    bool bad = error_files.count(z->file) > 0;
    for (FileId f : z->included_files) bad = bad || error_files.count(f) > 0;
    if (bad) incomplete.insert(z);
  }

  // Run the rules. In live mode, rules ask about names outside the loaded zones; the queries
  // of one pass are resolved together and the rules run again, until no new query comes up
  // (a chain of lookups, such as an SPF include tree, takes one pass per level).
  RuleContext ctx(set, active, zone_settings, incomplete);
  ctx.set_external(external);
  ctx.set_check_time(
      config.cli().check_time.value_or(static_cast<std::int64_t>(std::time(nullptr))));
  Diagnostics found;
  for (int pass = 0;; ++pass) {
    found = Diagnostics{};
    ctx.clear_memo();
    for (const Rule* r : result.enabled)
      if (r->check) r->check(ctx, found);
    if (!external || pass >= kMaxLivePasses || !external->resolve_pending()) break;
  }
  std::vector<Diagnostic> diags = std::move(found.items());
  for (const Diagnostic& d : set.diagnostics.items()) diags.push_back(d);

  auto settings_of = [&](const Diagnostic& d) -> const Settings* {
    if (!d.span.valid() || d.span.file >= src.size()) return nullptr;
    return files[d.span.file].settings;
  };

  // Selection, severity overrides, lenient records.
  std::vector<Diagnostic> kept;
  for (Diagnostic& d : diags) {
    if (d.span.valid() && d.span.file < src.size() && files[d.span.file].dropped) continue;
    const Settings* s = settings_of(d);
    if (s && !s->enabled(d.rule)) continue;
    if (s) d.severity = s->severity_of(d.rule, d.severity);
    if (s && d.span.valid() && d.span.file < src.size() && s->lenient != LenientPolicy::keep) {
      bool lenient = false;
      for (const Span& l : files[d.span.file].lenient) lenient = lenient || contains(l, d.span);
      if (lenient) {
        if (s->lenient == LenientPolicy::suppress) continue;
        if (d.severity != Severity::info) {
          d.message += " [info: the record is marked octoDNS `lenient: true`; was " +
                       std::string(to_string(d.severity)) + "]";
          d.severity = Severity::info;
        }
      }
    }
    kept.push_back(std::move(d));
  }

  // Inline suppressions.
  std::vector<Suppression> sups;
  for (FileId f = 0; f < src.size(); ++f) {
    if (files[f].dropped || files[f].style == CommentStyle::none) continue;
    auto found_here = scan_suppressions(src.file(f), f, files[f].style);
    if (found_here.empty()) continue;
    // The lines each line's entries cover, in one sweep over the entries.
    const std::uint32_t lines = src.file(f).line_count() + 2;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> cover(lines);
    for (std::uint32_t l = 0; l < lines; ++l) cover[l] = {l, l};
    for (const auto& [b, e] : files[f].entries)
      for (std::uint32_t l = b; l <= e && l < lines; ++l) {
        cover[l].first = std::min(cover[l].first, b);
        cover[l].second = std::max(cover[l].second, e);
      }
    for (auto& s : found_here) {
      const std::uint32_t target = s.kind == Suppression::Kind::next_line ? s.line + 1 : s.line;
      s.first_line = s.last_line = target;
      if (target < lines) std::tie(s.first_line, s.last_line) = cover[target];
      sups.push_back(std::move(s));
    }
  }
  // Is `f` the file `top` or pulled in (transitively) from it?
  auto within_file = [&](FileId f, FileId top) {
    if (f == top) return true;
    for (const Span& site : src.include_chain(f))
      if (site.file == top) return true;
    return false;
  };
  auto suppress = [&](const Diagnostic& d, bool mark) {
    if (!d.span.valid() || d.span.file >= src.size()) return false;
    const std::uint32_t line = src.begin_of(d.span).line;
    const Rule* rule = find_rule(d.rule);
    bool hit = false;
    for (auto& s : sups) {
      if (!s.error.empty()) continue;
      const bool where =
          s.kind == Suppression::Kind::file
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
  };
  std::vector<Diagnostic> out;
  for (Diagnostic& d : kept) {
    if (suppress(d, true)) {
      ++result.suppressed;
      continue;
    }
    out.push_back(std::move(d));
  }

  // Suppressions that suppressed nothing.
  const Rule* unused_rule = find_rule("unused-suppression");
  for (const auto& s : sups) {
    const Settings* st = files[s.file].settings;
    if (st && !st->enabled("unused-suppression")) continue;
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
      d.message = std::move(msg);
      d.span = span;
      if (suppress(d, false)) {
        ++result.suppressed;
        continue;
      }
      out.push_back(std::move(d));
    }
  }

  sort_diagnostics(src, out);

  // Thresholds.
  std::optional<Severity> lowest;
  for (const Settings* s : used_settings)
    if (!s->config_file.empty() && (!lowest || s->fail_on < *lowest)) lowest = s->fail_on;
  if (config.cli().fail_on)
    result.fail_on = *config.cli().fail_on;
  else if (lowest)
    result.fail_on = *lowest;
  for (const Diagnostic& d : out) {
    const Settings* s = settings_of(d);
    const Severity threshold = s ? s->fail_on : result.fail_on;
    if (d.severity >= threshold) result.failed = true;
  }
  result.diagnostics = std::move(out);
  return result;
}

}  // namespace zl
