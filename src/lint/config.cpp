#include "lint/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "core/glob.hpp"
#include "core/suggest.hpp"
#include "lint/rule.hpp"
#include "model/name.hpp"

namespace zl {

namespace fs = std::filesystem;

// ---- rule patterns -------------------------------------------------------------------------

namespace {
// gitignore-style `exclude`: `legacy`, `legacy/`, `./legacy/**` and `legacy/**` all exclude
// everything under legacy/; a pattern without a slash matches a name at any depth.
bool exclude_matches(std::string_view pattern, std::string_view rel) {
  std::string_view g = pattern;
  while (g.starts_with("./")) g.remove_prefix(2);
  if (g.starts_with("/")) g.remove_prefix(1);
  for (;;) {
    if (g.ends_with("/**")) {
      g.remove_suffix(3);
    } else if (g.size() > 1 && g.ends_with("/")) {
      g.remove_suffix(1);
    } else {
      break;
    }
  }
  if (g.empty()) return false;
  const bool anchored = g.find('/') != std::string_view::npos;
  if (glob_match(pattern, rel)) return true;
  // The path itself and each directory containing it, from the top.
  for (std::size_t end = 0; end != std::string_view::npos;) {
    end = rel.find('/', end == 0 ? 0 : end + 1);
    const std::string_view prefix = end == std::string_view::npos ? rel : rel.substr(0, end);
    if (glob_match(g, prefix)) return true;
    if (!anchored) {
      const std::size_t slash = prefix.rfind('/');
      const std::string_view component =
          slash == std::string_view::npos ? prefix : prefix.substr(slash + 1);
      if (glob_match(g, component)) return true;
    }
  }
  return false;
}

// `include`/`extend-include`: a pattern without a slash matches a file name at any depth
// (`*.zone`); one with a slash matches the path from the config's directory (`zones/*`,
// `./zones/**`).
bool include_matches(std::string_view pattern, std::string_view rel) {
  std::string_view g = pattern;
  while (g.starts_with("./")) g.remove_prefix(2);
  if (g.starts_with("/")) g.remove_prefix(1);
  if (g.empty()) return false;
  if (g.find('/') == std::string_view::npos) {
    const std::size_t slash = rel.rfind('/');
    return glob_match(g, slash == std::string_view::npos ? rel : rel.substr(slash + 1));
  }
  return glob_match(g, rel);
}

bool is_glob(std::string_view s) {
  return s.find_first_of("*?") != std::string_view::npos;
}

bool matches_rule(std::string_view pattern, std::string_view id) {
  if (glob_match(pattern, id)) return true;
  // A former id (alias) selects the rule too.
  if (const Rule* r = find_rule(pattern)) return r->id == id;
  return false;
}
}  // namespace

namespace {
std::string did_you_mean(std::string_view unknown) {
  const std::string best = closest_rule_id(unknown);
  return best.empty() ? std::string() : "; did you mean '" + best + "'?";
}
}  // namespace

std::string closest_rule_id(std::string_view unknown) {
  // Close means at most a third of the longer id's letters changed (and at most 4).
  std::vector<std::string_view> names;
  for (const Rule* r : all_rules()) {
    names.push_back(r->id);
    names.insert(names.end(), r->aliases.begin(), r->aliases.end());
  }
  std::string best = closest_word(unknown, names, [](std::string_view u, std::string_view c) {
    return std::min<std::size_t>(4, std::max(u.size(), c.size()) / 3);
  });
  // An alias stands for its rule.
  if (const Rule* r = best.empty() ? nullptr : find_rule(best)) best = std::string(r->id);
  return best;
}

std::vector<std::string> expand_rule_patterns(const std::vector<std::string>& patterns,
                                              const std::string& where) {
  std::vector<std::string> out;
  for (const auto& p : patterns) {
    bool any = false;
    if (is_glob(p)) {
      for (const Rule* r : all_rules())
        if (glob_match(p, r->id)) {
          out.emplace_back(r->id);
          any = true;
        }
    } else if (const Rule* r = find_rule(p)) {
      out.emplace_back(r->id);
      any = true;
    }
    if (!any)
      throw ConfigError(where + (is_glob(p) ? "rule glob '" : "unknown rule id '") + p +
                        (is_glob(p) ? "' matches no rule" : "'") +
                        (is_glob(p) ? std::string() : did_you_mean(p)) +
                        " (`zonelint rules` lists the ids)");
  }
  return out;
}

// ---- Settings ------------------------------------------------------------------------------

bool Settings::enabled(std::string_view rule_id) const {
  // Nothing selected or ignored (no config, or one without them): every rule. Asked for every
  // rule on every run, and find_rule below is a binary search of the ids.
  if (select.empty() && ignore.empty()) return true;
  // Problems with the run itself (parse-error, io-error, config-error) always show.
  if (const Rule* r = find_rule(rule_id); r != nullptr && r->always_enabled) return true;
  bool selected = select.empty();
  for (const auto& s : select)
    if (matches_rule(s, rule_id)) selected = true;
  if (!selected) return false;
  for (const auto& s : ignore)
    if (matches_rule(s, rule_id)) return false;
  return true;
}

Severity Settings::severity_of(std::string_view rule_id, Severity dflt) const {
  // An exact id wins over a glob; among globs the first in key order.
  if (auto it = severity.find(std::string(rule_id)); it != severity.end()) return it->second;
  for (const auto& [pattern, sev] : severity)
    if (matches_rule(pattern, rule_id)) return sev;
  return dflt;
}

// ---- parsing -------------------------------------------------------------------------------

struct Config::Parsed {
  std::string path;
  fs::path dir;  // absolute, normal
  std::vector<std::string> select, ignore, exclude, include, extend_include;
  std::string baseline;  // as written, relative to `dir`
  std::map<std::string, Severity> severity;
  std::optional<Severity> fail_on;
  std::vector<std::pair<std::string, std::vector<std::string>>> per_path_ignore;
  std::vector<std::pair<std::string, std::string>> origins;
  std::map<std::string, std::map<std::string, std::vector<std::string>>> rule_options;
  std::optional<std::uint32_t> default_ttl;
  LenientPolicy lenient = LenientPolicy::info;
};

namespace {

std::string where(const std::string& file, const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  if (m.line < 0) return file + ": ";
  return file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1) + ": ";
}

std::string scalar(const std::string& file, const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) throw ConfigError(where(file, n) + "'" + key + "' must be a single value");
  return n.Scalar();
}

std::vector<std::string> string_list(const std::string& file, const YAML::Node& n,
                                     const std::string& key) {
  std::vector<std::string> out;
  if (n.IsNull()) return out;
  if (n.IsScalar()) {
    out.push_back(n.Scalar());
    return out;
  }
  if (!n.IsSequence())
    throw ConfigError(where(file, n) + "'" + key + "' must be a list of strings");
  for (const auto& item : n) {
    if (!item.IsScalar())
      throw ConfigError(where(file, item) + "'" + key + "' must be a list of strings");
    out.push_back(item.Scalar());
  }
  return out;
}

Severity severity_value(const std::string& file, const YAML::Node& n, const std::string& key) {
  Severity s{};
  const std::string v = scalar(file, n, key);
  if (!parse_severity(v, &s))
    throw ConfigError(where(file, n) + "'" + key + "': '" + v +
                      "' is not a severity (error, warning or info)");
  return s;
}

void check_keys(const std::string& file, const YAML::Node& map, const std::string& what,
                std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : map) {
    const std::string k = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
    bool ok = false;
    for (auto a : allowed) ok = ok || a == k;
    if (!ok) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      throw ConfigError(where(file, kv.first) + "unknown key '" + k + "' in " + what +
                        " (expected one of: " + list + ")");
    }
  }
}

std::string normal_abs(const std::string& p) {
  std::error_code ec;
  fs::path a = fs::absolute(fs::path(p), ec);
  if (ec) a = fs::path(p);
  return a.lexically_normal().string();
}

}  // namespace

const Config::Parsed& Config::parsed(const std::string& config_path) {
  auto it = files_.find(config_path);
  if (it != files_.end()) return *it->second;

  // Read with stdio, so that the error says why (errno) when the file cannot be read.
  std::FILE* in = std::fopen(config_path.c_str(), "rb");
  if (in == nullptr) {
    throw ConfigError(config_path + ": cannot read the config file: " + std::strerror(errno));
  }
  std::string text;
  char buf[8192];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) text.append(buf, n);
  const bool failed = std::ferror(in) != 0;
  const int e = errno;
  std::fclose(in);
  if (failed) {
    throw ConfigError(config_path + ": cannot read the config file: " + std::strerror(e));
  }
  return parsed_text(config_path, text);
}

void Config::use_config_text(const std::string& config_path, const std::string& text) {
  files_.erase(config_path);
  dir_config_.clear();
  settings_.clear();
  shared_.clear();  // made from the old texts, as settings_
  by_given_.clear();
  shared_dir_.clear();
  shared_dir_settings_ = nullptr;
  parsed_text(config_path, text);
  cli_.config_path = config_path;
}

const Config::Parsed& Config::parsed_text(const std::string& config_path, const std::string& text) {
  auto p = std::make_shared<Parsed>();
  p->path = config_path;
  p->dir = fs::path(normal_abs(config_path)).parent_path();

  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(config_path + ":" + std::to_string(e.mark.line + 1) + ":" +
                      std::to_string(e.mark.column + 1) + ": invalid YAML: " + e.msg);
  }
  const std::string& f = config_path;
  if (root.IsNull()) {
    files_[config_path] = p;
    return *p;
  }
  if (!root.IsMap()) throw ConfigError(where(f, root) + "the config must be a mapping of keys");
  check_keys(f, root, "the config",
             {"select", "ignore", "severity", "fail-on", "exclude", "include", "extend-include",
              "baseline", "per-path-ignore", "origins", "rules", "octodns"});

  auto rule_list = [&](const YAML::Node& n, const std::string& key) {
    auto v = string_list(f, n, key);
    for (const auto& id : v) expand_rule_patterns({id}, where(f, n) + "'" + key + "': ");
    return v;
  };

  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (key == "select") {
      p->select = rule_list(v, key);
    } else if (key == "ignore") {
      p->ignore = rule_list(v, key);
    } else if (key == "severity") {
      if (v.IsNull()) continue;
      if (!v.IsMap()) throw ConfigError(where(f, v) + "'severity' must map rule ids to severities");
      for (const auto& s : v) {
        const std::string id = scalar(f, s.first, "severity");
        expand_rule_patterns({id}, where(f, s.first) + "'severity': ");
        p->severity[id] = severity_value(f, s.second, "severity." + id);
      }
    } else if (key == "fail-on") {
      p->fail_on = severity_value(f, v, key);
    } else if (key == "exclude") {
      p->exclude = string_list(f, v, key);
    } else if (key == "include") {
      p->include = string_list(f, v, key);
    } else if (key == "extend-include") {
      p->extend_include = string_list(f, v, key);
    } else if (key == "baseline") {
      p->baseline = scalar(f, v, key);
      if (p->baseline.empty()) throw ConfigError(where(f, v) + "'baseline' must name a file");
    } else if (key == "per-path-ignore") {
      if (v.IsNull()) continue;
      if (!v.IsMap())
        throw ConfigError(where(f, v) + "'per-path-ignore' must map path globs to rule ids");
      for (const auto& s : v) {
        const std::string glob = scalar(f, s.first, key);
        p->per_path_ignore.emplace_back(glob, rule_list(s.second, key + "." + glob));
      }
    } else if (key == "origins") {
      if (v.IsNull()) continue;
      if (!v.IsMap()) throw ConfigError(where(f, v) + "'origins' must map paths to zone names");
      for (const auto& s : v) {
        const std::string path = scalar(f, s.first, key);
        std::string origin = scalar(f, s.second, key + "." + path);
        if (origin.empty() || origin.back() != '.') origin += '.';
        std::string err;
        if (!Name::parse(origin, nullptr, &err))
          throw ConfigError(where(f, s.second) + "'origins." + path + "': '" + origin +
                            "' is not a domain name: " + err);
        p->origins.emplace_back(path, origin);
      }
    } else if (key == "rules") {
      if (v.IsNull()) continue;
      if (!v.IsMap()) throw ConfigError(where(f, v) + "'rules' must map rule ids to options");
      for (const auto& s : v) {
        const std::string id = scalar(f, s.first, key);
        const Rule* r = find_rule(id);
        if (!r)
          throw ConfigError(where(f, s.first) + "'rules': unknown rule id '" + id + "'" +
                            did_you_mean(id));
        if (s.second.IsNull()) continue;
        if (!s.second.IsMap())
          throw ConfigError(where(f, s.second) + "'rules." + id + "' must be a mapping of options");
        for (const auto& o : s.second) {
          const std::string name = scalar(f, o.first, "rules." + id);
          bool known = false;
          std::string list;
          for (const auto& spec : r->options) {
            known = known || spec.name == name;
            list += (list.empty() ? "" : ", ") + std::string(spec.name);
          }
          if (!known)
            throw ConfigError(where(f, o.first) + "unknown key '" + name + "' in 'rules." + id +
                              "' (" +
                              (list.empty() ? std::string("the rule has no options")
                                            : "expected one of: " + list) +
                              ")");
          const RuleOptionSpec* spec = nullptr;
          for (const auto& sp : r->options)
            if (sp.name == name) spec = &sp;
          auto& dst = p->rule_options[std::string(r->id)][name];
          for (auto& s2 : string_list(f, o.second, "rules." + id + "." + name)) {
            if (spec && spec->validate) {
              const std::string problem = spec->validate(s2);
              if (!problem.empty())
                throw ConfigError(where(f, o.second) + "'rules." + id + "." + name + "': '" + s2 +
                                  "': " + problem);
            }
            dst.push_back(std::move(s2));
          }
        }
      }
    } else if (key == "octodns") {
      if (v.IsNull()) continue;
      if (!v.IsMap()) throw ConfigError(where(f, v) + "'octodns' must be a mapping");
      check_keys(f, v, "'octodns'", {"default-ttl", "lenient"});
      for (const auto& s : v) {
        const std::string k = s.first.Scalar();
        const std::string val = scalar(f, s.second, "octodns." + k);
        if (k == "default-ttl") {
          std::uint64_t ttl = 0;
          bool ok = !val.empty() && val.size() <= 10;
          for (char c : val) ok = ok && c >= '0' && c <= '9';
          if (ok) ttl = std::stoull(val);
          if (!ok || ttl > 0x7fffffffULL)
            throw ConfigError(where(f, s.second) + "'octodns.default-ttl': '" + val +
                              "' is not a TTL (0 to 2147483647 seconds)");
          p->default_ttl = static_cast<std::uint32_t>(ttl);
        } else {
          if (val == "info")
            p->lenient = LenientPolicy::info;
          else if (val == "suppress")
            p->lenient = LenientPolicy::suppress;
          else if (val == "keep")
            p->lenient = LenientPolicy::keep;
          else
            throw ConfigError(where(f, s.second) + "'octodns.lenient': '" + val +
                              "' is not one of info, suppress, keep");
        }
      }
    }
  }
  files_[config_path] = p;
  return *p;
}

Config::Config(CliPolicy cli) : cli_(std::move(cli)) {
  expand_rule_patterns(cli_.select, "--select: ");
  expand_rule_patterns(cli_.ignore, "--ignore: ");
  if (cli_.config_path) parsed(*cli_.config_path);
}

void Config::use_no_config_files() {
  no_config_files_ = true;
  dir_config_.clear();
  settings_.clear();
  shared_.clear();
  by_given_.clear();
  shared_dir_.clear();
  shared_dir_settings_ = nullptr;
}

std::optional<std::string> Config::find_config(const std::string& abs_path) {
  if (no_config_files_) return std::nullopt;
  fs::path dir = fs::path(abs_path).parent_path();
  std::vector<std::string> visited;
  std::optional<std::string> found;
  while (true) {
    const std::string key = dir.string();
    if (auto it = dir_config_.find(key); it != dir_config_.end()) {
      found = it->second;
      break;
    }
    visited.push_back(key);
    std::error_code ec;
    bool hit = false;
    for (const char* name : {".zonelint.yaml", ".zonelint.yml"}) {
      const fs::path candidate = dir / name;
      if (fs::is_regular_file(candidate, ec)) {
        found = candidate.string();
        hit = true;
        break;
      }
    }
    if (hit) break;
    if (!dir.has_parent_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
  }
  for (const auto& v : visited) dir_config_[v] = found;
  return found;
}

const Settings& Config::for_file(const std::string& path) {
  // A file named plainly in the directory (as given) of the last one that got its config's
  // shared settings gets them too: its config is the directory's (find_config walks up from
  // the directory), and the config has no per-path patterns.
  const std::size_t slash = path.rfind('/');
  const std::string_view dir =
      std::string_view(path).substr(0, slash == std::string::npos ? 0 : slash + 1);
  const std::string_view name = std::string_view(path).substr(dir.size());
  const bool plain_name = !name.empty() && name != "." && name != "..";
  if (plain_name && shared_dir_settings_ != nullptr && dir == shared_dir_)
    return *shared_dir_settings_;
  const auto shared_by_dir = [&](const Settings& s) -> const Settings& {
    if (plain_name) {
      shared_dir_.assign(dir);
      shared_dir_settings_ = &s;
    }
    return s;
  };
  if (auto it = by_given_.find(path); it != by_given_.end()) return *it->second;
  // The working directory does not change during a run: read it once, not per file (and only
  // for a relative path).
  const fs::path given(path);
  if (cwd_.empty() && !given.is_absolute()) {
    std::error_code ec;
    cwd_ = fs::current_path(ec);
  }
  const std::string abs =
      (given.is_absolute() || cwd_.empty() ? given : cwd_ / given).lexically_normal().string();
  if (auto it = settings_.find(abs); it != settings_.end()) {
    by_given_.emplace(path, it->second.get());
    return *it->second;
  }

  std::optional<std::string> cfg = cli_.config_path ? cli_.config_path : find_config(abs);
  // Files under one config that has no per-path patterns (and files under no config) all get
  // the same settings: one object shared by all of them, not a copy per file (a directory of
  // 10,000 zones asks 10,000 times, and the engine asks each settings object about each rule).
  const Parsed* config_parsed = cfg ? &parsed(*cfg) : nullptr;
  const bool per_path =
      config_parsed != nullptr &&
      (!config_parsed->exclude.empty() || !config_parsed->per_path_ignore.empty() ||
       !config_parsed->origins.empty() || !config_parsed->include.empty() ||
       !config_parsed->extend_include.empty());
  const std::string shared_key = per_path ? std::string() : cfg.value_or(std::string());
  if (!per_path) {
    if (auto it = shared_.find(shared_key); it != shared_.end()) {
      by_given_.emplace(path, it->second.get());
      return shared_by_dir(*it->second);
    }
  }

  auto s = std::make_unique<Settings>();
  if (config_parsed != nullptr) {
    const Parsed& p = *config_parsed;
    s->config_file = p.path;
    s->select = p.select;
    s->ignore = p.ignore;
    s->severity = p.severity;
    if (p.fail_on) s->fail_on = *p.fail_on;
    s->default_ttl = p.default_ttl;
    s->lenient = p.lenient;
    s->rule_options = p.rule_options;
    const fs::path rel_path = fs::path(abs).lexically_relative(p.dir);
    const std::string rel = rel_path.generic_string();
    const bool inside = !rel.empty() && rel.rfind("..", 0) != 0;
    if (inside) {
      for (const auto& g : p.exclude)
        if (exclude_matches(g, rel)) s->path_ignored = true;
      for (const auto& [g, ids] : p.per_path_ignore)
        if (glob_match(g, rel)) s->ignore.insert(s->ignore.end(), ids.begin(), ids.end());
      for (const auto& [g, origin] : p.origins)
        if (glob_match(g, rel) && !s->origin) s->origin = origin;
      if (!p.include.empty()) s->walk_include = false;
      for (const auto& g : p.include)
        if (include_matches(g, rel)) s->walk_include = true;
      for (const auto& g : p.extend_include)
        if (include_matches(g, rel)) s->walk_include = true;
    }
    if (!p.baseline.empty()) {
      const fs::path b(p.baseline);
      s->baseline = b.is_absolute() ? p.baseline : (p.dir / b).lexically_normal().string();
    }
  }
  if (!cli_.select.empty()) s->select = cli_.select;
  s->ignore.insert(s->ignore.end(), cli_.ignore.begin(), cli_.ignore.end());
  if (cli_.fail_on) s->fail_on = *cli_.fail_on;
  auto& ref = *s;
  if (per_path)
    settings_[abs] = std::move(s);
  else
    shared_[shared_key] = std::move(s);
  by_given_.emplace(path, &ref);
  return per_path ? ref : shared_by_dir(ref);
}

}  // namespace zl
