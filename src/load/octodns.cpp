// octoDNS zone files (YAML, or the same structure as JSON) and octoDNS manager configs.
//
// A zone file maps record names (relative to the zone; '' is the apex) to one record or a
// list of records: {type, ttl?, value | values, octodns?: {lenient, ignored, ...}, ...}.
// Values take octoDNS's shapes (octodns/record/*.py): plain strings for addresses and names,
// mappings for MX (preference|priority, exchange|value), SRV, CAA, SSHFP, NAPTR, TLSA, DS,
// LOC, SVCB/HTTPS. Every value becomes rdata tokens for the shared RDATA grammar, each
// pointing at its YAML/JSON scalar.
#include <algorithm>
#include <filesystem>
#include <set>

#include "core/include_root.hpp"
#include "core/path.hpp"
#include "load/frontend.hpp"
#include "load/yaml_reader.hpp"

namespace zl::load {

namespace {

namespace fs = std::filesystem;
using json::Kind;
using json::Value;

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

bool is_scalar(const Value& v) {
  return v.kind == Kind::string || v.kind == Kind::number || v.kind == Kind::boolean;
}

std::string scalar_text(const Value& v) {
  if (v.kind == Kind::boolean && v.text.empty()) return v.boolean ? "true" : "false";
  return v.text;
}

bool is_record_like(const Value& v) {
  if (v.kind == Kind::array) return true;
  return v.kind == Kind::object && v.find("type") != nullptr;
}

struct Context {
  ZoneSet& set;
  FileId file;
  ZoneBuilder& zone;
  const Name& origin;
  std::uint32_t default_ttl;
  bool zone_lenient;
};

enum class FieldKind { number, name, plain, string };

struct FieldSpec {
  std::string_view key;
  std::string_view legacy;  // alternative key octoDNS also accepts ("" = none)
  FieldKind kind;
  std::uint64_t max = 0;                     // numbers
  std::optional<std::string_view> fallback;  // used when absent
};

// Value shapes of octoDNS's structured records, in rdata field order.
struct TypeSpec {
  std::uint16_t type;
  std::vector<FieldSpec> fields;
};

const std::vector<TypeSpec>& type_specs() {
  static const std::vector<TypeSpec> specs = {
      {rrtype::MX,
       {{"preference", "priority", FieldKind::number, 65535, {}},
        {"exchange", "value", FieldKind::name, 0, {}}}},
      {rrtype::SRV,
       {{"priority", "", FieldKind::number, 65535, {}},
        {"weight", "", FieldKind::number, 65535, {}},
        {"port", "", FieldKind::number, 65535, {}},
        {"target", "", FieldKind::name, 0, {}}}},
      {rrtype::CAA,
       {{"flags", "", FieldKind::number, 255, "0"},
        {"tag", "", FieldKind::plain, 0, {}},
        {"value", "", FieldKind::string, 0, {}}}},
      {rrtype::SSHFP,
       {{"algorithm", "", FieldKind::number, 255, {}},
        {"fingerprint_type", "", FieldKind::number, 255, {}},
        {"fingerprint", "", FieldKind::plain, 0, {}}}},
      {rrtype::NAPTR,
       {{"order", "", FieldKind::number, 65535, {}},
        {"preference", "", FieldKind::number, 65535, {}},
        {"flags", "", FieldKind::string, 0, {}},
        {"service", "", FieldKind::string, 0, {}},
        {"regexp", "", FieldKind::string, 0, {}},
        {"replacement", "", FieldKind::name, 0, {}}}},
      {rrtype::TLSA,
       {{"certificate_usage", "", FieldKind::number, 255, {}},
        {"selector", "", FieldKind::number, 255, {}},
        {"matching_type", "", FieldKind::number, 255, {}},
        {"certificate_association_data", "", FieldKind::plain, 0, {}}}},
      {rrtype::DS,
       {{"key_tag", "", FieldKind::number, 65535, {}},
        {"algorithm", "", FieldKind::number, 255, {}},
        {"digest_type", "", FieldKind::number, 255, {}},
        {"digest", "", FieldKind::plain, 0, {}}}},
  };
  return specs;
}

const TypeSpec* spec_for(std::uint16_t type) {
  for (const TypeSpec& s : type_specs()) {
    if (s.type == type) return &s;
  }
  return nullptr;
}

// Reports a value of the wrong shape.
void shape_error(Context& c, const Value& at, const std::string& owner, std::uint16_t type,
                 std::string message) {
  report(c.set, span_of(c.file, at), std::move(message), owner, type_name(type));
}

// A number field: a YAML/JSON integer, or a string of digits (octoDNS calls int() on it).
std::optional<Token> number_field(Context& c, const Value& v, const FieldSpec& f,
                                  const std::string& owner, std::uint16_t type) {
  const std::string what = type_name(type) + " " + std::string(f.key);
  if (!(v.kind == Kind::number || v.kind == Kind::string)) {
    shape_error(c, v, owner, type,
                what + " must be an integer, not " + std::string(json::kind_name(v.kind)));
    return std::nullopt;
  }
  const std::string& t = v.text;
  const bool digits = !t.empty() && t.size() <= 19 && std::all_of(t.begin(), t.end(), [](char ch) {
    return ch >= '0' && ch <= '9';
  });
  if (!digits) {
    shape_error(c, v, owner, type, what + " '" + t + "' is not an unsigned integer");
    return std::nullopt;
  }
  if (std::stoull(t) > f.max) {
    shape_error(c, v, owner, type,
                what + " " + t + " is out of range (0.." + std::to_string(f.max) + ")");
    return std::nullopt;
  }
  return plain_token(t, content_span(c.file, v));
}

std::optional<Token> field_token(Context& c, const Value& value, const FieldSpec& f,
                                 const std::string& owner, std::uint16_t type) {
  const Value* v = value.find(f.key);
  if (!v && !f.legacy.empty()) v = value.find(f.legacy);
  if (!v || v->kind == Kind::null) {
    if (f.fallback) return plain_token(*f.fallback, span_of(c.file, value));
    std::string msg = type_name(type) + " value has no '" + std::string(f.key) + "'";
    if (!f.legacy.empty()) msg += " (or legacy '" + std::string(f.legacy) + "')";
    shape_error(c, v ? *v : value, owner, type, msg);
    return std::nullopt;
  }
  if (f.kind == FieldKind::number) return number_field(c, *v, f, owner, type);
  if (!is_scalar(*v)) {
    shape_error(c, *v, owner, type,
                type_name(type) + " " + std::string(f.key) + " must be a string, not " +
                    std::string(json::kind_name(v->kind)));
    return std::nullopt;
  }
  const std::string text = scalar_text(*v);
  if (f.kind == FieldKind::string) return string_token(text, content_span(c.file, *v));
  if (text.empty()) {
    shape_error(c, *v, owner, type, type_name(type) + " " + std::string(f.key) + " is empty");
    return std::nullopt;
  }
  return plain_token(text, content_span(c.file, *v));
}

// octoDNS TXT/SPF: `\;` stands for ';' (a bare ';' is an error octoDNS reports unless the
// record is lenient). Values longer than 255 octets are split into character-strings the way
// octoDNS's providers chunk them.
std::optional<std::vector<Token>> txt_tokens(Context& c, const Value& v, const std::string& owner,
                                             std::uint16_t type, bool lenient) {
  if (!is_scalar(v)) {
    shape_error(
        c, v, owner, type,
        type_name(type) + " value must be a string, not " + std::string(json::kind_name(v.kind)));
    return std::nullopt;
  }
  const std::string raw = scalar_text(v);
  std::string text;
  text.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size() && raw[i + 1] == ';') {
      text += ';';
      ++i;
    } else if (raw[i] == ';' && !lenient) {
      shape_error(c, v, owner, type,
                  "unescaped ';' in " + type_name(type) + " value '" + raw +
                      "'; octoDNS requires '\\;' and rejects this record");
      return std::nullopt;
    } else {
      text += raw[i];
    }
  }
  return chunked_string_tokens(text, content_span(c.file, v));
}

// LOC: octoDNS keeps each part as its own key.
std::optional<std::vector<Token>> loc_tokens(Context& c, const Value& v, const std::string& owner) {
  if (!v.is_object()) {
    shape_error(c, v, owner, rrtype::LOC, "LOC value must be a mapping");
    return std::nullopt;
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kParts = {{
      {"lat_degrees", ""},
      {"lat_minutes", ""},
      {"lat_seconds", ""},
      {"lat_direction", ""},
      {"long_degrees", ""},
      {"long_minutes", ""},
      {"long_seconds", ""},
      {"long_direction", ""},
      {"altitude", "m"},
      {"size", "m"},
      {"precision_horz", "m"},
      {"precision_vert", "m"},
  }};
  std::vector<Token> tokens;
  for (auto [key, unit] : kParts) {
    const Value* p = v.find(key);
    if (!p || !is_scalar(*p)) {
      shape_error(c, p ? *p : v, owner, rrtype::LOC, "LOC value has no '" + std::string(key) + "'");
      return std::nullopt;
    }
    Token t = plain_token(scalar_text(*p) + std::string(unit), content_span(c.file, *p));
    tokens.push_back(std::move(t));
  }
  return tokens;
}

// SVCB/HTTPS: {svcpriority, targetname, svcparams: {key: value | [values]}}.
std::optional<std::vector<Token>> svcb_tokens(Context& c, const Value& v, const std::string& owner,
                                              std::uint16_t type) {
  if (!v.is_object()) {
    shape_error(c, v, owner, type, type_name(type) + " value must be a mapping");
    return std::nullopt;
  }
  std::vector<Token> tokens;
  const FieldSpec prio{"svcpriority", "", FieldKind::number, 65535, {}};
  const FieldSpec target{"targetname", "", FieldKind::name, 0, {}};
  auto p = field_token(c, v, prio, owner, type);
  if (!p) return std::nullopt;
  tokens.push_back(std::move(*p));
  auto t = field_token(c, v, target, owner, type);
  if (!t) return std::nullopt;
  tokens.push_back(std::move(*t));
  if (const Value* params = v.find("svcparams"); params && params->is_object()) {
    for (const json::Member& m : params->members) {
      std::string text = m.key;
      if (m.value.is_array()) {
        text += '=';
        for (std::size_t i = 0; i < m.value.items.size(); ++i) {
          if (i) text += ',';
          text += scalar_text(m.value.items[i]);
        }
      } else if (is_scalar(m.value)) {
        text += '=' + scalar_text(m.value);
      }
      tokens.push_back(plain_token(text, key_span(c.file, m)));
    }
  }
  return tokens;
}

// One value of a record -> tokens; nullopt when the shape is wrong (reported).
std::optional<std::vector<Token>> value_tokens(Context& c, const Value& v, const std::string& owner,
                                               std::uint16_t type, bool lenient) {
  if (v.kind == Kind::null) {
    shape_error(c, v, owner, type, type_name(type) + " value is missing (null)");
    return std::nullopt;
  }
  switch (type) {
    case rrtype::TXT:
    case rrtype::SPF:
      return txt_tokens(c, v, owner, type, lenient);
    case rrtype::LOC:
      return loc_tokens(c, v, owner);
    case rrtype::SVCB:
    case rrtype::HTTPS:
      return svcb_tokens(c, v, owner, type);
    default:
      break;
  }
  if (const TypeSpec* spec = spec_for(type)) {
    if (!v.is_object()) {
      std::string keys;
      for (const FieldSpec& f : spec->fields)
        keys += (keys.empty() ? "'" : ", '") + std::string(f.key) + "'";
      shape_error(c, v, owner, type, type_name(type) + " value must be a mapping with " + keys);
      return std::nullopt;
    }
    std::vector<Token> tokens;
    for (const FieldSpec& f : spec->fields) {
      auto t = field_token(c, v, f, owner, type);
      if (!t) return std::nullopt;
      tokens.push_back(std::move(*t));
    }
    return tokens;
  }
  // A, AAAA, CNAME, DNAME, NS, PTR and anything else written as one presentation string.
  if (!is_scalar(v)) {
    shape_error(
        c, v, owner, type,
        type_name(type) + " value must be a string, not " + std::string(json::kind_name(v.kind)));
    return std::nullopt;
  }
  const std::string text = scalar_text(v);
  if (text.empty()) {
    shape_error(c, v, owner, type, type_name(type) + " value is empty");
    return std::nullopt;
  }
  return std::vector<Token>{plain_token(text, content_span(c.file, v))};
}

std::optional<std::uint32_t> record_ttl(Context& c, const Value& ttl, const std::string& owner,
                                        std::string_view type) {
  const bool digits =
      (ttl.kind == Kind::number || ttl.kind == Kind::string) && !ttl.text.empty() &&
      ttl.text.size() <= 10 &&
      std::all_of(ttl.text.begin(), ttl.text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (!digits) {
    report(c.set, span_of(c.file, ttl), "ttl '" + scalar_text(ttl) + "' is not an unsigned integer",
           owner, type);
    return std::nullopt;
  }
  const std::uint64_t n = std::stoull(ttl.text);
  if (n > 2147483647u) {
    report(c.set, span_of(c.file, ttl),
           "ttl " + ttl.text + " is out of range (0..2147483647, RFC 2181 section 8)", owner, type);
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(n);
}

void load_record(Context& c, const Name& owner, Span owner_span, const Value& rec) {
  const std::string owner_text = owner.text();
  if (!rec.is_object()) {
    report(c.set, span_of(c.file, rec),
           "record '" + owner_text +
               "' must be a mapping with 'type' and 'value' or 'values', not " +
               std::string(json::kind_name(rec.kind)),
           owner_text);
    return;
  }
  const Value* type_v = rec.find("type");
  if (!type_v || !is_scalar(*type_v)) {
    report(c.set, type_v ? span_of(c.file, *type_v) : owner_span,
           "record '" + owner_text + "' has no 'type'", owner_text);
    return;
  }
  const std::string type_text = scalar_text(*type_v);
  bool lenient = c.zone_lenient;
  bool ignored = false;
  if (const Value* od = rec.find("octodns"); od && od->is_object()) {
    if (const Value* l = od->find("lenient"); l && l->kind == Kind::boolean)
      lenient = lenient || l->boolean;
    if (const Value* ig = od->find("ignored"); ig && ig->kind == Kind::boolean)
      ignored = ig->boolean;
  }
  // `ignored: true` takes the record out of octoDNS's management entirely.
  if (ignored) return;
  // Types only octoDNS or one provider knows (URLFWD, `Provider/TYPE`) are not DNS records.
  if (type_text == "URLFWD" || type_text.find('/') != std::string::npos) return;

  ZoneBuilder::Entry e;
  e.owner = owner;
  e.owner_span = owner_span;
  e.type_span = content_span(c.file, *type_v);
  // The entry runs from the record name (shared by the records of a list) to the record's end,
  // so a finding at the name lies within each record of that name.
  e.span = Span{c.file, std::min(owner_span.begin, rec.begin), rec.end};
  e.ttl = c.default_ttl;
  if (lenient) e.flags |= kLenient;
  if (const Value* ttl = rec.find("ttl"); ttl && ttl->kind != Kind::null) {
    auto t = record_ttl(c, *ttl, owner_text, type_text);
    if (!t) return;
    e.ttl = *t;
    e.flags |= kTtlExplicit;
  }

  const Value* values = rec.find("values");
  if (values && values->kind == Kind::null) values = nullptr;
  const Value* value = values ? values : rec.find("value");
  if (!value) {
    report(c.set, span_of(c.file, *type_v),
           type_text + " record '" + owner_text + "' has no 'value' or 'values'", owner_text,
           type_text);
    return;
  }

  // ALIAS (apex flattening) answers address queries with its target's addresses: it is an
  // address record whose value is not known from the zone, never a CNAME.
  if (type_text == "ALIAS") {
    e.type = rrtype::A;
    c.zone.add_unknown(e);
    return;
  }
  std::optional<std::uint16_t> type = parse_type(type_text);
  const bool upper = std::none_of(type_text.begin(), type_text.end(),
                                  [](char ch) { return ch >= 'a' && ch <= 'z'; });
  if (!type || !upper) {
    report(c.set, e.type_span,
           "unknown record type '" + type_text + "' (octoDNS types are upper-case mnemonics)",
           owner_text, type_text);
    return;
  }
  e.type = *type;

  std::vector<const Value*> items;
  if (value->is_array()) {
    for (const Value& item : value->items) items.push_back(&item);
    if (items.empty()) {
      report(c.set, span_of(c.file, *value),
             type_text + " record '" + owner_text + "' has no values", owner_text, type_text);
      return;
    }
  } else {
    items.push_back(value);
  }
  for (const Value* item : items) {
    auto tokens = value_tokens(c, *item, owner_text, e.type, lenient);
    if (!tokens) continue;
    c.zone.add(e, *tokens, &c.origin);
  }
}

// Adds the records of one file (a whole zone, or one part of a split zone) to `zone`.
void load_records(ZoneSet& set, FileId file, const Value& root, ZoneBuilder& zone,
                  std::uint32_t default_ttl, bool zone_lenient) {
  const Name& origin = zone.zone().origin;
  Context c{set, file, zone, origin, default_ttl, zone_lenient};
  if (root.kind == Kind::null) return;  // an empty file is an empty zone
  if (!root.is_object()) {
    report(set, span_of(file, root),
           "octoDNS zone file must map record names to records, not be " +
               std::string(json::kind_name(root.kind)));
    return;
  }
  for (const json::Member& m : root.members) {
    const Span owner_span = key_span(file, m);
    if (!m.value.tag.empty()) {
      report(set, span_of(file, m.value),
             "YAML tag '" + m.value.tag + "' is not supported here (write the records inline)");
      continue;
    }
    if (m.key == "<<") {
      report(set, owner_span, "YAML merge keys ('<<') are not supported in octoDNS zone files");
      continue;
    }
    std::optional<Name> owner;
    std::string error;
    if (m.key.empty()) {
      owner = origin;
    } else if (m.key.back() == '.' || m.key == "@") {
      report(set, owner_span,
             "record name '" + m.key +
                 "' is not relative to the zone; octoDNS names are relative ('' is the apex)");
      continue;
    } else {
      owner = Name::parse(m.key, &origin, &error);
      if (!owner) {
        report(set, owner_span, "invalid record name '" + m.key + "': " + error);
        continue;
      }
    }
    if (m.value.is_array()) {
      for (const Value& rec : m.value.items) load_record(c, *owner, owner_span, rec);
    } else {
      load_record(c, *owner, owner_span, m.value);
    }
  }
}

bool is_manager_config(const Value& root) {
  if (!root.is_object()) return false;
  for (std::string_view key : {"providers", "zones", "manager", "processors"}) {
    const Value* v = root.find(key);
    if (v && v->is_object() && v->find("type") == nullptr) return true;
  }
  return false;
}

std::uint32_t effective_default_ttl(const LoadOptions& options) {
  return options.default_ttl.value_or(3600);
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

bool already_loaded(const ZoneSet& set, const std::string& path) {
  const std::string want = canonical_path(path);
  for (std::size_t i = 0; i < set.sources.size(); ++i) {
    if (canonical_path(set.sources.file(static_cast<FileId>(i)).path()) == want) return true;
  }
  return false;
}

void load_zone_yaml_file(ZoneSet& set, const std::string& path, ZoneBuilder& zone,
                         std::uint32_t default_ttl, bool lenient, const LoadOptions& options) {
  if (already_loaded(set, path)) return;
  const FileReader reader = options.parse.reader
                                ? options.parse.reader
                                : filesystem_reader(options.parse.limits.max_file_bytes);
  std::string error;
  auto text = reader(path, &error);
  if (!text) {
    const FileId f = set.sources.add(path, std::string());
    report(set, Span{f, 0, 0}, "cannot read '" + path + "': " + error, {}, {}, Severity::error,
           "io-error");
    return;
  }
  const FileId file = set.sources.add(path, std::move(*text));
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
  // Relative directories are relative to where octoDNS runs, usually the repository root:
  // try the config's directory and each of its parents, then the current directory.
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
      std::uint32_t ttl = effective_default_ttl(options);
      if (const Value* t = p->find("default_ttl");
          t && t->as_integer() && *t->as_integer() >= 0 && *t->as_integer() <= 2147483647) {
        ttl = static_cast<std::uint32_t>(*t->as_integer());
      }
      std::string ext = ".";
      if (const Value* e = p->find("extension"); e && e->is_string()) ext = e->text;
      if (const Value* e = p->find("split_extension"); e && e->is_string()) ext = e->text;
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
          ZoneBuilder zone(set, *origin, kNoFile, InputFormat::octodns);
          load_zone_yaml_file(set, single.lexically_normal().string(), zone, ttl, lenient, options);
          if (zone.zone().file != kNoFile) zone.finish();
          found_any = true;
          break;
        }
        if (split && fs::is_directory(split_dir, ec) && inside(split_dir)) {
          ZoneBuilder zone(set, *origin, kNoFile, InputFormat::octodns);
          for (const std::string& f : split_files(split_dir)) {
            if (inside(f)) load_zone_yaml_file(set, f, zone, ttl, lenient, options);
          }
          if (zone.zone().file != kNoFile) zone.finish();
          found_any = true;
          break;
        }
      }
      if (!refused.empty()) {
        report(set, span_of(file, *dir_v),
               "octoDNS provider directory '" + dir_v->text + "' leads to '" + refused +
                   "', outside the include root '" + refused_root +
                   "'; it is not read (set the root with --include-root)");
        found_any = true;  // said why; no second "not found" message
      }
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

}  // namespace

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
