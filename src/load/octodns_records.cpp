// octoDNS records -> zone entries: record names relative to the zone, one record or a list of
// records under each, {type, ttl?, value | values, octodns?: {lenient, ignored}}.
#include <algorithm>

#include "load/octodns.hpp"

namespace zl::load::octodns {

namespace {

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

// Adds one entry per value of a record (`value`, or each item of `values`).
void add_values(Context& c, const ZoneBuilder::Entry& e, const Value& value_v,
                const std::string& owner_text, const std::string& type_text, bool lenient) {
  const Value* value = &value_v;
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
  add_values(c, e, *value, owner_text, type_text, lenient);
}

}  // namespace

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

}  // namespace zl::load::octodns
