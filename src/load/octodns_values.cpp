// octoDNS values -> rdata tokens: the shapes of octodns/record/*.py (plain strings for
// addresses and names; mappings for MX, SRV, CAA, SSHFP, NAPTR, TLSA, DS; TXT escapes; LOC;
// SVCB/HTTPS), each token pointing at its YAML/JSON scalar.
#include <algorithm>
#include <array>

#include "load/octodns.hpp"

namespace zl::load::octodns {

bool is_scalar(const Value& v) {
  return v.kind == Kind::string || v.kind == Kind::number || v.kind == Kind::boolean;
}

std::string scalar_text(const Value& v) {
  if (v.kind == Kind::boolean && v.text.empty()) return v.boolean ? "true" : "false";
  return v.text;
}

namespace {

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
                 std::string_view message) {
  report(c.set, span_of(c.file, at), message, owner, type_name(type));
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

}  // namespace

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

}  // namespace zl::load::octodns
