#include "lint/verdict.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/path.hpp"

namespace zl {

namespace {

// The file given on the command line (or found by the walk) that `f` was read for: the top
// of its $INCLUDE chain.
FileId root_of(const SourceSet& sources, FileId f) {
  const std::vector<Span> chain = sources.include_chain(f);
  return chain.empty() ? f : chain.back().file;
}

}  // namespace

std::set<FileId> standalone_includes(const ZoneSet& set) {
  const SourceSet& src = set.sources;
  // A file a zone pulled in by $INCLUDE has an include chain (the loader records where it was
  // included from), so a run whose files have none (the usual case) has nothing to find: the
  // files' chains are one flat array, where the zones (read for their included files) are
  // 10,000 objects of ~800 bytes over a directory of small zones, and this runs three times
  // on the main thread between the load and the rules and after them.
  bool any_included = false;
  for (FileId f = 0; f < src.size() && !any_included; ++f)
    any_included = !src.include_chain(f).empty();
  if (!any_included) return {};
  std::set<std::string> included;
  for (const Zone& z : set.zones) {
    for (FileId f : z.included_files) {
      if (f < src.size()) included.insert(canonical_path(src.file(f).path()));
    }
  }
  std::set<FileId> out;
  if (included.empty()) return out;
  for (FileId f = 0; f < src.size(); ++f) {
    if (src.include_chain(f).empty() && included.count(canonical_path(src.file(f).path())) > 0) {
      out.insert(f);
    }
  }
  return out;
}

std::set<FileId> drop_standalone_includes(ZoneSet& set) {
  std::set<FileId> dropped = standalone_includes(set);
  if (dropped.empty()) return dropped;
  const auto gone = [&](FileId f) {
    return f < set.sources.size() && dropped.count(root_of(set.sources, f)) > 0;
  };
  std::erase_if(set.zones, [&](const Zone& z) { return gone(z.file); });
  std::erase_if(set.diagnostics.items(),
                [&](const Diagnostic& d) { return d.span.valid() && gone(d.span.file); });
  return dropped;
}

FileSettings file_settings(const ZoneSet& set, Config& config,
                           std::span<const Settings* const> known) {
  const SourceSet& src = set.sources;
  const auto for_file = [&](FileId f) -> const Settings& {
    return f < known.size() && known[f] != nullptr ? *known[f]
                                                   : config.for_file(src.file(f).path());
  };
  FileSettings out;
  out.of_file.assign(src.size(), nullptr);
  out.of_zone.assign(set.zones.size(), nullptr);
  for (std::size_t i = 0; i < set.zones.size(); ++i) {
    const Zone& z = set.zones[i];
    prefetch_zone_ahead(set.zones, i);
    if (z.file >= src.size()) continue;
    const Settings& s = for_file(z.file);
    out.of_zone[i] = &s;
    out.of_file[z.file] = &s;
    for (FileId f : z.included_files) {
      if (f < src.size()) out.of_file[f] = &s;
    }
  }
  for (FileId f = 0; f < src.size(); ++f) {
    if (out.of_file[f] != nullptr) continue;
    const FileId root = root_of(src, f);
    out.of_file[f] = root != f && out.of_file[root] != nullptr ? out.of_file[root] : &for_file(f);
  }
  return out;
}

Verdict judge(const ZoneSet& set, std::span<const Diagnostic> diags, const FileSettings& settings,
              Config& config) {
  const SourceSet& src = set.sources;
  const auto of_file = [&](FileId f) -> const Settings& {
    return f < settings.of_file.size() ? *settings.of_file[f] : config.for_file(src.file(f).path());
  };
  const std::set<FileId> standalone = standalone_includes(set);
  std::optional<Severity> lowest;  // the lowest `fail-on` of the configs of the linted zones
  for (std::size_t i = 0; i < set.zones.size(); ++i) {
    const Settings* s = settings.of_zone[i];
    // (The zone itself is read only when some file is standalone: over 10,000 small zones a
    // cache miss each, on the main thread after the rules.)
    if (s == nullptr || s->path_ignored ||
        (!standalone.empty() && standalone.count(set.zones[i].file) > 0))
      continue;
    if (!s->config_file.empty() && (!lowest || s->fail_on < *lowest)) lowest = s->fail_on;
  }
  Verdict v;
  if (config.cli().fail_on) {
    v.fail_on = *config.cli().fail_on;
  } else if (lowest) {
    v.fail_on = *lowest;
  }
  v.failed = std::any_of(diags.begin(), diags.end(), [&](const Diagnostic& d) {
    const bool in_file = d.span.valid() && d.span.file < src.size();
    return d.severity >= (in_file ? of_file(d.span.file).fail_on : v.fail_on);
  });
  return v;
}

}  // namespace zl
