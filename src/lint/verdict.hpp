// What a run's findings come to, computed once for every mode (lint, --parse-only, live, with
// a baseline): which files are linted only as part of another zone, and the verdict.
#pragma once

#include <set>
#include <span>
#include <vector>

#include "core/diagnostic.hpp"
#include "lint/config.hpp"
#include "model/zone.hpp"

namespace zl {

// The files of `set` loaded on their own (named or walked) that another zone of the set pulls
// in by $INCLUDE, compared by canonical path (core/path.hpp). Such a file is linted only as
// part of the including zone.
std::set<FileId> standalone_includes(const ZoneSet& set);

// Removes from `set` what loading the standalone_includes() on their own gave: their zones and
// every diagnostic in them or in files they pulled in (such as "no origin" for a fragment).
// Returns the files dropped.
std::set<FileId> drop_standalone_includes(ZoneSet& set);

// The Settings that apply to each file and zone of `set`, looked up once for a run (each
// Config::for_file hashes the file's path: the walk, the engine, the verdict and the baseline
// asked it again for every one of 10,000 files). Valid while `set` keeps its files and zones.
struct FileSettings {
  // By FileId: a zone's settings for its file and the files it pulls in; for any other file,
  // those of the file it was read for (the top of its $INCLUDE chain), else its own.
  std::vector<const Settings*> of_file;
  // By index in set.zones: the settings of the zone's file.
  std::vector<const Settings*> of_zone;
};
// `known`: by FileId, the settings the caller already has for some files (config.for_file of
// the file's path, as the pipeline looked them up while planning the load), else nullptr or
// past its end; those are not looked up again.
FileSettings file_settings(const ZoneSet& set, Config& config,
                           std::span<const Settings* const> known = {});

struct Verdict {
  // The --fail-on threshold, else the lowest `fail-on` of the configs that applied to a linted
  // zone, else warning.
  Severity fail_on = Severity::warning;
  // Some finding is at or above its own file's threshold (the `fail-on` of the config that
  // applies to the file given or found, or `fail_on` for a finding in no file).
  bool failed = false;
};

// The verdict on the final findings `diags` of a run over `set`, whose files have `settings`
// (a file added to the set since, such as the baseline file, is looked up in `config`).
Verdict judge(const ZoneSet& set, std::span<const Diagnostic> diags, const FileSettings& settings,
              Config& config);

}  // namespace zl
