// octoDNS zone files (YAML, or the same structure as JSON) and octoDNS manager configs.
//
// A zone file maps record names (relative to the zone; '' is the apex) to one record or a
// list of records: {type, ttl?, value | values, octodns?: {lenient, ignored, ...}, ...}.
// Values take octoDNS's shapes (octodns/record/*.py): plain strings for addresses and names,
// mappings for MX (preference|priority, exchange|value), SRV, CAA, SSHFP, NAPTR, TLSA, DS,
// LOC, SVCB/HTTPS. Every value becomes rdata tokens for the shared RDATA grammar, each
// pointing at its YAML/JSON scalar.
//
// The front end's units are listed in octodns.hpp; this one holds the entry points, the zone a
// file belongs to, and the reading of zone files (whole, or the parts of a split directory).
#include <algorithm>
#include <filesystem>
#include <set>

#include "core/include_root.hpp"
#include "core/path.hpp"
#include "load/octodns.hpp"
#include "load/yaml_reader.hpp"

namespace zl::load {

namespace octodns {

namespace fs = std::filesystem;

namespace {

std::string strip_extension(std::string name) {
  for (std::string_view ext : {".yaml", ".yml", ".json"}) {
    if (name.size() > ext.size() && name.ends_with(ext))
      return name.substr(0, name.size() - ext.size());
  }
  return name;
}

// The zone a file belongs to, from its name: `example.com.yaml`; in a split directory
// (SplitYamlProvider) `$example.com.yaml` holds the apex and names the zone for its siblings;
// a directory named `example.com.` (the default split extension '.') names its zone.
std::optional<Name> origin_from_octodns_path(const std::string& path) {
  std::string base = strip_extension(std::string(base_name(path)));
  std::optional<std::string> zone;
  if (base.starts_with('$') && base.size() > 1) {
    zone = base.substr(1);
  } else {
    std::error_code ec;
    const fs::path dir = fs::path(path).parent_path();
    const std::string dir_name = dir.filename().string();
    if (!dir_name.empty() && dir_name.back() == '.' && dir_name != "." && dir_name != "..") {
      zone = dir_name;
    } else if (!dir.empty()) {
      for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string n = it->path().filename().string();
        if (n.size() > 6 && n.starts_with('$') && (n.ends_with(".yaml") || n.ends_with(".yml"))) {
          zone = strip_extension(n).substr(1);
          break;
        }
      }
    }
  }
  if (!zone) zone = base;
  if (zone->empty()) return std::nullopt;
  if (zone->back() != '.') *zone += '.';
  const Name root;
  return Name::parse(*zone, &root);
}

bool is_record_like(const Value& v) {
  if (v.kind == Kind::array) return true;
  return v.kind == Kind::object && v.find("type") != nullptr;
}

std::optional<Name> zone_origin(ZoneSet& set, FileId file, const LoadOptions& options) {
  if (options.parse.origin) return options.parse.origin;
  const std::string& path = set.sources.file(file).path();
  auto o = origin_from_octodns_path(path);
  if (!o) {
    report(set, Span{file, 0, 0},
           "cannot tell the zone of '" + path + "' from its file name; give --origin");
  }
  return o;
}

// Is `file` one of the files of `zone` (its first file, or the file of one of its records)?
bool part_of(const Zone& zone, FileId file) {
  if (zone.file == file) return true;
  FileId last = kNoFile;
  for (const Record& r : zone.records) {
    if (zone.file_of(r) == last) continue;
    last = zone.file_of(r);
    if (last == file) return true;
  }
  return false;
}

// The file of the set that is `path` and was read on its own (not by $INCLUDE), or kNoFile.
FileId top_level_file(const ZoneSet& set, const std::string& path) {
  return load::file_read_before(set, path);
}

// `file` was already loaded on its own (the walk or the command line met the zone file before
// the manager config that names it): what that load gave, the zones it made (with every file
// they read, the other parts of a split zone) and their diagnostics, is dropped, so that the
// config's reading is the only one.
void take_over(ZoneSet& set, FileId file) {
  std::set<FileId> files{file};
  std::erase_if(set.zones, [&](const Zone& z) {
    if (!part_of(z, file)) return false;
    files.insert(z.file);
    for (const Record& r : z.records) files.insert(z.file_of(r));
    return true;
  });
  // (An io-error stays: the run failed to read the file, whoever asked for it.)
  std::erase_if(set.diagnostics.items(), [&](const Diagnostic& d) {
    return d.span.valid() && files.count(d.span.file) && d.rule != "io-error";
  });
}

}  // namespace

std::uint32_t effective_default_ttl(const LoadOptions& options) {
  return options.default_ttl.value_or(3600);
}

void load_zone_yaml_file(ZoneSet& set, const std::string& path, ZoneBuilder& zone,
                         std::uint32_t default_ttl, bool lenient, const LoadOptions& options) {
  // Each file is read once: a part of a split zone that this zone already has is skipped; a
  // file that was loaded on its own before is taken over (read again from its source).
  FileId file = top_level_file(set, path);
  if (file != kNoFile && part_of(zone.zone(), file)) return;
  if (file != kNoFile) {
    take_over(set, file);
  } else {
    const FileReader reader = options.parse.reader
                                  ? options.parse.reader
                                  : filesystem_reader(options.parse.limits.max_file_bytes);
    // A file that a manager config names and that is not read: the finding points at the
    // config's entry too (the zone has no file for add_declaration_notes to find it by).
    const auto not_read = [&](std::string_view message, std::string_view rule) {
      const FileId f = set.sources.add(path, std::string());
      report(set, Span{f, 0, 0}, message, {}, {}, Severity::error, rule);
      for (const Zone::Declaration& d : zone.zone().declarations) {
        if (d.record == kWholeZone) set.diagnostics.items().back().notes.push_back(d.note);
      }
    };
    std::string error;
    auto text = reader(path, &error);
    if (!text) return not_read("cannot read '" + path + "': " + error, "io-error");
    // The reader stops one byte over the limit: the file is refused as load_file refuses one
    // (a finding, exit 1), never linted cut short.
    const std::uint64_t limit = options.parse.limits.max_file_bytes;
    if (text->size() > limit) {
      std::error_code ec;
      const std::uintmax_t size = fs::file_size(path, ec);
      return not_read("file is " + std::to_string(ec ? text->size() : size) +
                          " bytes, over the limit of " + std::to_string(limit) +
                          " bytes per file (--max-file-bytes); it is not read",
                      kParseError);
    }
    file = set.sources.add(path, std::move(*text));
  }
  if (zone.zone().file == kNoFile) zone.zone().file = file;
  yaml::Error yerr;
  auto root = yaml::parse(set.sources.file(file), &yerr);
  if (!root) {
    report(set, Span{file, yerr.offset, yerr.offset}, yerr.message);
    return;
  }
  load_records(set, file, *root, zone, default_ttl, lenient);
}

// The YAML files of a split zone directory (SplitYamlProvider), sorted.
std::vector<std::string> split_files(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string n = it->path().filename().string();
    if (n.ends_with(".yaml") || n.ends_with(".yml"))
      files.push_back(it->path().lexically_normal().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

namespace {

// Whether `path` is one part of a split zone: its directory holds a `$<zone>.yaml` apex file,
// or is named after the zone with a final dot.
bool in_split_dir(const std::string& path) {
  const fs::path dir = fs::path(path).parent_path();
  const std::string dir_name = dir.filename().string();
  if (!dir_name.empty() && dir_name.back() == '.' && dir_name != "." && dir_name != "..")
    return true;
  if (dir.empty()) return false;
  for (const std::string& f : split_files(dir)) {
    if (fs::path(f).filename().string().starts_with('$')) return true;
  }
  return false;
}

}  // namespace

}  // namespace octodns

namespace fs = std::filesystem;
using octodns::effective_default_ttl;
using octodns::in_split_dir;
using octodns::is_manager_config;
using octodns::is_record_like;
using octodns::load_manager_config;
using octodns::load_records;
using octodns::load_zone_yaml_file;
using octodns::split_files;
using octodns::Value;
using octodns::zone_origin;

bool is_octodns_json(const json::Value& doc) {
  if (!doc.is_object() || doc.members.empty()) return false;
  for (const json::Member& m : doc.members) {
    if (!is_record_like(m.value)) return false;
    if (m.value.is_array()) {
      for (const Value& r : m.value.items) {
        if (!r.is_object() || !r.find("type")) return false;
      }
    }
  }
  return true;
}

void load_octodns_yaml(ZoneSet& set, FileId file, const LoadOptions& options) {
  yaml::Error err;
  auto root = yaml::parse(set.sources.file(file), &err);
  if (!root) {
    report(set, Span{file, err.offset, err.offset}, err.message);
    return;
  }
  if (is_manager_config(*root)) {
    load_manager_config(set, file, *root, options);
    return;
  }
  auto origin = zone_origin(set, file, options);
  if (!origin) return;
  ZoneBuilder zone(set, *origin, file, InputFormat::octodns);
  const std::string path = set.sources.file(file).path();
  load_records(set, file, *root, zone, effective_default_ttl(options), false);
  // One part of a split zone: the zone is the whole directory, so load the other parts too
  // (rules need the whole zone to know which names exist).
  if (!options.parse.origin && in_split_dir(path)) {
    for (const std::string& f : split_files(fs::path(path).parent_path())) {
      load_zone_yaml_file(set, f, zone, effective_default_ttl(options), false, options);
    }
  }
  zone.finish();
}

void load_octodns_json(ZoneSet& set, FileId file, const json::Value& doc,
                       const LoadOptions& options) {
  auto origin = zone_origin(set, file, options);
  if (!origin) return;
  ZoneBuilder zone(set, *origin, file, InputFormat::octodns);
  load_records(set, file, doc, zone, effective_default_ttl(options), false);
  zone.finish();
}

}  // namespace zl::load