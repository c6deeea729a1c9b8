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

Verdict judge(const ZoneSet& set, std::span<const Diagnostic> diags, Config& config) {
  const SourceSet& src = set.sources;
  const std::set<FileId> standalone = standalone_includes(set);
  // The settings of each file: a zone's, for the zone file and the files it pulls in; else the
  // settings of the file it was read for; else its own.
  std::vector<const Settings*> settings(src.size(), nullptr);
  std::vector<const Settings*> used;  // of the zones linted
  for (const Zone& z : set.zones) {
    if (z.file >= src.size()) continue;
    const Settings& s = config.for_file(src.file(z.file).path());
    settings[z.file] = &s;
    for (FileId f : z.included_files) {
      if (f < src.size()) settings[f] = &s;
    }
    if (standalone.count(z.file) == 0 && !s.path_ignored) used.push_back(&s);
  }
  for (FileId f = 0; f < src.size(); ++f) {
    if (settings[f] != nullptr) continue;
    const FileId root = root_of(src, f);
    settings[f] = root != f && settings[root] != nullptr ? settings[root]
                                                         : &config.for_file(src.file(f).path());
  }

  Verdict v;
  std::optional<Severity> lowest;
  for (const Settings* s : used) {
    if (!s->config_file.empty() && (!lowest || s->fail_on < *lowest)) lowest = s->fail_on;
  }
  if (config.cli().fail_on) {
    v.fail_on = *config.cli().fail_on;
  } else if (lowest) {
    v.fail_on = *lowest;
  }
  v.failed = std::any_of(diags.begin(), diags.end(), [&](const Diagnostic& d) {
    const bool in_file = d.span.valid() && d.span.file < src.size();
    return d.severity >= (in_file ? settings[d.span.file]->fail_on : v.fail_on);
  });
  return v;
}

}  // namespace zl
