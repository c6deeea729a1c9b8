// octoDNS manager config (config/production.yaml): for each zone listed, the YamlProvider or
// SplitYamlProvider directories it is read from, confined to the include root.
#include <filesystem>

#include "core/include_root.hpp"
#include "load/octodns.hpp"

namespace zl::load::octodns {

namespace fs = std::filesystem;

bool is_manager_config(const Value& root) {
  if (!root.is_object()) return false;
  for (std::string_view key : {"providers", "zones", "manager", "processors"}) {
    const Value* v = root.find(key);
    if (v && v->is_object() && v->find("type") == nullptr) return true;
  }
  return false;
}

namespace {

// Relative directories are relative to where octoDNS runs, usually the repository root:
// try the config's directory and each of its parents, then the current directory.
std::vector<fs::path> config_bases(const std::string& config_path) {
  std::vector<fs::path> bases;
  {
    std::error_code ec;
    fs::path dir = fs::absolute(fs::path(config_path), ec).parent_path();
    for (int i = 0; i < 16 && !dir.empty(); ++i) {
      bases.push_back(dir);
      if (dir == dir.parent_path()) break;
      dir = dir.parent_path();
    }
    bases.push_back(fs::current_path(ec));
  }
  return bases;
}

// One YamlProvider / SplitYamlProvider source `p` of the zone `zone_text`: loads the zone from
// the provider's directory `dir_value`, tried under each of `bases`. The zone remembers
// `entry`, the config's entry that lists it, as a declaration of the zone as a whole. Returns
// whether the zone was found, or why it was not read was reported.
bool load_yaml_source(ZoneSet& set, FileId file, const Value& p, const Value& dir_value, bool split,
                      const std::string& zone_text, const Name& origin, bool lenient,
                      const Note& entry, const std::vector<fs::path>& bases,
                      const LoadOptions& options) {
  const Value* dir_v = &dir_value;
  bool found = false;
  std::uint32_t ttl = effective_default_ttl(options);
  if (const Value* t = p.find("default_ttl");
      t && t->as_integer() && *t->as_integer() >= 0 && *t->as_integer() <= 2147483647) {
    ttl = static_cast<std::uint32_t>(*t->as_integer());
  }
  std::string ext = ".";
  if (const Value* e = p.find("extension"); e && e->is_string()) ext = e->text;
  if (const Value* e = p.find("split_extension"); e && e->is_string()) ext = e->text;
  const std::string zone_file = zone_text + "yaml";  // "example.com." + "yaml"
  // Like $INCLUDE, a config may only make zonelint read files inside the include root:
  // an absolute or climbing `directory`, or a symlink out of the root, is refused (a pull
  // request must not be able to point the linter at the CI runner's files).
  const std::string& include_root = options.parse.include_root;
  std::string refused, refused_root;
  const auto inside = [&](const fs::path& candidate) {
    std::string resolved, resolved_root;
    if (path_inside_include_root(candidate.string(), include_root, &resolved, &resolved_root)) {
      return true;
    }
    if (refused.empty()) refused = resolved, refused_root = resolved_root;
    return false;
  };
  for (const fs::path& base : bases) {
    const fs::path dir =
        fs::path(dir_v->text).is_absolute() ? fs::path(dir_v->text) : base / dir_v->text;
    std::error_code ec;
    const fs::path single = dir / zone_file;
    const fs::path split_dir = dir / (zone_text.substr(0, zone_text.size() - 1) + ext);
    if (!split && fs::is_regular_file(single, ec) && inside(single)) {
      ZoneBuilder zone(set, origin, kNoFile, InputFormat::octodns);
      zone.zone().declarations.push_back(Zone::Declaration{kWholeZone, entry});
      load_zone_yaml_file(set, single.lexically_normal().string(), zone, ttl, lenient, options);
      if (zone.zone().file != kNoFile) zone.finish();
      found = true;
      break;
    }
    if (split && fs::is_directory(split_dir, ec) && inside(split_dir)) {
      ZoneBuilder zone(set, origin, kNoFile, InputFormat::octodns);
      zone.zone().declarations.push_back(Zone::Declaration{kWholeZone, entry});
      for (const std::string& f : split_files(split_dir)) {
        if (inside(f)) load_zone_yaml_file(set, f, zone, ttl, lenient, options);
      }
      if (zone.zone().file != kNoFile) zone.finish();
      found = true;
      break;
    }
  }
  if (!refused.empty()) {
    report(set, span_of(file, *dir_v),
           "octoDNS provider directory '" + dir_v->text + "' leads to '" + refused +
               "', outside the include root '" + refused_root +
               "'; it is not read (set the root with --include-root)");
    found = true;  // said why; no second "not found" message
  }
  return found;
}

}  // namespace

// Manager config: for each zone, the YamlProvider / SplitYamlProvider sources it reads.
void load_manager_config(ZoneSet& set, FileId file, const Value& root, const LoadOptions& options) {
  const std::string& config_path = set.sources.file(file).path();
  const Value* providers = root.find("providers");
  const Value* zones = root.find("zones");
  if (!zones || !zones->is_object()) {
    report(set, zones ? span_of(file, *zones) : Span{file, 0, 0},
           "octoDNS config has no 'zones' mapping; nothing to lint", {}, {}, Severity::info);
    return;
  }
  const std::vector<fs::path> bases = config_bases(config_path);
  for (const json::Member& z : zones->members) {
    const Span zspan = key_span(file, z);
    if (z.key.find('*') != std::string::npos || z.key.starts_with('/')) {
      report(set, zspan,
             "dynamic zone '" + z.key + "' is listed by the provider at run time; not linted", {},
             {}, Severity::info);
      continue;
    }
    std::string zone_text = z.key;
    if (zone_text.empty() || zone_text.back() != '.') zone_text += '.';
    const Name root_name;
    std::string err;
    auto origin = Name::parse(zone_text, &root_name, &err);
    if (!origin) {
      report(set, zspan, "invalid zone name '" + z.key + "': " + err);
      continue;
    }
    bool lenient = false;
    if (const Value* l = z.value.find("lenient"); l && l->kind == Kind::boolean)
      lenient = l->boolean;
    const Value* sources = z.value.find("sources");
    if (!sources || !sources->is_array()) {
      report(set, zspan, "zone '" + z.key + "' has no 'sources' list; not linted", {}, {},
             Severity::info);
      continue;
    }
    bool found_any = false;
    bool yaml_source = false;
    const Note entry{zspan, "zone '" + z.key + "' is configured here"};
    for (const Value& s : sources->items) {
      if (!s.is_string() || !providers) continue;
      const Value* p = providers->find(s.text);
      if (!p || !p->is_object()) continue;
      const Value* cls = p->find("class");
      if (!cls || !cls->is_string()) continue;
      const bool split = cls->text.find("SplitYamlProvider") != std::string::npos ||
                         (p->find("split_extension") != nullptr);
      if (cls->text.find("YamlProvider") == std::string::npos) continue;
      yaml_source = true;
      const Value* dir_v = p->find("directory");
      if (!dir_v || !dir_v->is_string() || dir_v->text.starts_with("env/")) continue;
      if (load_yaml_source(set, file, *p, *dir_v, split, zone_text, *origin, lenient, entry, bases,
                           options))
        found_any = true;
    }
    if (!found_any) {
      report(set, zspan,
             yaml_source ? "no octoDNS zone file found for zone '" + z.key +
                               "' in its YamlProvider directory; octoDNS would read it as empty"
                         : "zone '" + z.key + "' has no YamlProvider source; not linted",
             {}, {}, Severity::info);
    }
  }
}

}  // namespace zl::load::octodns
