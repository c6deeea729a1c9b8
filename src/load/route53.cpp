// AWS Route 53 `aws route53 list-resource-record-sets` JSON.
//
// {"ResourceRecordSets": [{"Name", "Type", "TTL", "ResourceRecords": [{"Value"}],
//   "AliasTarget"?, "SetIdentifier"?, ...}]}
// Route 53 treats every name as fully qualified (a trailing dot is optional), so values are
// read with the root as origin and the zone is marked names_always_absolute. Names come back
// with \ooo octal escapes (\052 is '*'). An alias record set (AliasTarget) answers with its
// target's records of the same type: it is a record of its Type whose value is unknown here,
// never a CNAME.
#include "load/frontend.hpp"

namespace zl::load {

namespace {

using json::Kind;
using json::Value;

std::optional<Name> r53_name(ZoneSet& set, FileId file, const Value& v) {
  if (!v.is_string() || v.text.empty()) {
    report(set, span_of(file, v), "Route 53 Name must be a non-empty string");
    return std::nullopt;
  }
  std::string text = route53_name_to_presentation(v.text);
  const Name root;
  std::string error;
  auto n = Name::parse(text, &root, &error);
  if (!n) report(set, content_span(file, v), "invalid Route 53 name '" + v.text + "': " + error);
  return n;
}

}  // namespace

bool is_route53(const json::Value& doc) {
  const Value* sets = doc.find("ResourceRecordSets");
  return sets && sets->is_array();
}

void load_route53(ZoneSet& set, FileId file, const json::Value& doc, const LoadOptions& options) {
  const Value* sets = doc.find("ResourceRecordSets");
  if (!sets || !sets->is_array()) {
    report(set, span_of(file, doc), "Route 53 JSON must have a 'ResourceRecordSets' array");
    return;
  }
  // The zone: --origin, else the owner of the SOA record set (every hosted zone has one),
  // else the shortest owner of an NS record set.
  std::optional<Name> origin = options.parse.origin;
  if (!origin) {
    std::optional<Name> ns_owner;
    for (const Value& rs : sets->items) {
      const Value* type = rs.find("Type");
      const Value* name = rs.find("Name");
      if (!type || !type->is_string() || !name || !name->is_string()) continue;
      const Name root;
      auto n = Name::parse(route53_name_to_presentation(name->text), &root);
      if (!n) continue;
      if (type->text == "SOA") {
        origin = n;
        break;
      }
      if (type->text == "NS" && (!ns_owner || n->label_count() < ns_owner->label_count()))
        ns_owner = n;
    }
    if (!origin) origin = ns_owner;
  }
  if (!origin) {
    report(set, span_of(file, *sets),
           "cannot tell which hosted zone this is (no SOA or NS record set); give --origin");
    return;
  }
  ZoneBuilder zone(set, *origin, file, InputFormat::route53);
  zone.zone().names_always_absolute = true;
  const Name root;

  for (const Value& rs : sets->items) {
    if (!rs.is_object()) {
      report(set, span_of(file, rs),
             "Route 53 record set must be an object, not " + std::string(json::kind_name(rs.kind)));
      continue;
    }
    const Value* name_v = rs.find("Name");
    const Value* type_v = rs.find("Type");
    if (!name_v || !type_v || !type_v->is_string()) {
      report(set, span_of(file, rs), "Route 53 record set needs 'Name' and 'Type'");
      continue;
    }
    auto owner = r53_name(set, file, *name_v);
    if (!owner) continue;
    const std::string owner_text = owner->text();
    auto type = parse_type(type_v->text);
    if (!type) {
      report(set, content_span(file, *type_v), "unknown record type '" + type_v->text + "'",
             owner_text, type_v->text);
      continue;
    }
    ZoneBuilder::Entry e;
    e.owner = *owner;
    e.owner_span = content_span(file, *name_v);
    e.type = *type;
    e.type_span = content_span(file, *type_v);
    e.span = span_of(file, rs);
    if (const Value* ttl = rs.find("TTL")) {
      auto t = json_uint(set, file, *ttl, 2147483647u, "TTL");
      if (!t) continue;
      e.ttl = static_cast<std::uint32_t>(*t);
      e.flags |= kTtlExplicit;
    }
    if (const Value* alias = rs.find("AliasTarget"); alias && !alias->is_null()) {
      zone.add_unknown(e);
      continue;
    }
    const Value* rrs = rs.find("ResourceRecords");
    if (!rrs || !rrs->is_array()) {
      report(set, span_of(file, rs),
             type_v->text + " record set '" + name_v->text +
                 "' has neither 'ResourceRecords' nor 'AliasTarget'",
             owner_text, type_v->text);
      continue;
    }
    for (const Value& rr : rrs->items) {
      const Value* value = rr.find("Value");
      if (!value || !value->is_string()) {
        report(set, span_of(file, rr), "resource record needs a string 'Value'", owner_text,
               type_v->text);
        continue;
      }
      zone.add_text(e, value->text, content_span(file, *value), value->verbatim, &root);
    }
  }
  zone.finish();
}

}  // namespace zl::load
