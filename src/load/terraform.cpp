// Terraform plan JSON (`terraform show -json plan.out`).
//
// resource_changes[]: {address, mode, type, change: {actions, after, after_unknown}}. The
// planned state `after` of DNS record resources becomes records; resources being deleted
// (actions ["delete"]) are not part of the result. A value that is unknown until apply
// (`after_unknown` true for it) gives a record flagged kValueUnknown: the record exists but
// no rule may use its value. Each record notes its resource address.
//
// Supported resources:
//   aws_route53_record      name, type, ttl, records ["10 mail.example.com"], alias {...}
//   cloudflare_record       name, type, ttl, priority, content | value   (provider v4)
//   cloudflare_dns_record   name, type, ttl, priority, content           (provider v5)
//   google_dns_record_set   name, type, ttl, rrdatas
//   azurerm_dns_mx_record   name, zone_name, ttl, record [{preference, exchange}]
// Route 53, Cloudflare and Azure treat every name as fully qualified; Google Cloud DNS wants
// the trailing dot. Zones: the names of zone resources in the plan (aws_route53_zone.name,
// cloudflare_zone.zone, google_dns_managed_zone.dns_name, azurerm_dns_zone.name,
// azurerm_dns_mx_record.zone_name), or --origin; a record name without a dot is relative to
// that zone.
#include <map>

#include "load/frontend.hpp"

namespace zl::load {

namespace {

using json::Kind;
using json::Value;

bool unknown_at(const Value* after_unknown, std::string_view key) {
  if (!after_unknown) return false;
  const Value* v = after_unknown->find(key);
  return v && v->kind == Kind::boolean && v->boolean;
}

const Value* child_unknown(const Value* after_unknown, std::string_view key) {
  return after_unknown ? after_unknown->find(key) : nullptr;
}

bool item_unknown(const Value* list_unknown, std::size_t i) {
  if (!list_unknown) return false;
  if (list_unknown->kind == Kind::boolean) return list_unknown->boolean;
  if (list_unknown->is_array() && i < list_unknown->items.size()) {
    const Value& v = list_unknown->items[i];
    return v.kind == Kind::boolean && v.boolean;
  }
  return false;
}

struct Resource {
  const Value* rc;
  const Value* after;
  const Value* unknown;
  std::string address;
  std::string type;
};

struct ZoneKey {
  Name origin;
  bool absolute;
  friend bool operator<(const ZoneKey& a, const ZoneKey& b) {
    if (a.absolute != b.absolute) return a.absolute < b.absolute;
    return a.origin < b.origin;
  }
};

class TerraformLoader {
 public:
  TerraformLoader(ZoneSet& set, FileId file, const LoadOptions& options)
      : set_(set), file_(file), options_(options) {}

  void run(const Value& doc) {
    if (const Value* fv = doc.find("format_version"); fv && fv->is_string()) {
      if (!fv->text.starts_with("1.") && fv->text != "1") {
        report(set_, span_of(file_, *fv),
               "Terraform plan format_version '" + fv->text + "' is not supported (only 1.x)");
        return;
      }
    }
    const Value* changes = doc.find("resource_changes");
    if (!changes) {
      report(set_, span_of(file_, doc), "Terraform plan has no 'resource_changes'; nothing to lint",
             {}, {}, Severity::info);
      return;
    }
    if (!changes->is_array()) {
      report(set_, span_of(file_, *changes), "'resource_changes' must be an array");
      return;
    }
    std::vector<Resource> records;
    for (const Value& rc : changes->items) {
      Resource r{&rc, nullptr, nullptr, {}, {}};
      const Value* type = rc.find("type");
      const Value* change = rc.find("change");
      if (!type || !type->is_string() || !change || !change->is_object()) continue;
      if (const Value* mode = rc.find("mode"); mode && mode->is_string() && mode->text != "managed")
        continue;
      if (is_deleted(*change)) continue;
      r.after = change->find("after");
      if (!r.after || !r.after->is_object()) continue;
      r.unknown = change->find("after_unknown");
      if (const Value* a = rc.find("address"); a && a->is_string()) r.address = a->text;
      r.type = type->text;
      if (r.type == "aws_route53_zone" || r.type == "azurerm_dns_zone")
        note_zone(r, "name");
      else if (r.type == "cloudflare_zone")
        note_zone(r, "zone");
      else if (r.type == "google_dns_managed_zone")
        note_zone(r, "dns_name");
      else if (r.type == "aws_route53_record" || r.type == "cloudflare_record" ||
               r.type == "cloudflare_dns_record" || r.type == "google_dns_record_set" ||
               r.type == "azurerm_dns_mx_record") {
        records.push_back(r);
      }
    }
    if (options_.parse.origin) zones_.push_back(*options_.parse.origin);
    for (const Resource& r : records) load_resource(r);
    for (auto& [key, builder] : builders_) builder.finish();
  }

 private:
  static bool is_deleted(const Value& change) {
    const Value* actions = change.find("actions");
    if (!actions || !actions->is_array()) return false;
    bool create = false;
    bool del = false;
    for (const Value& a : actions->items) {
      if (a.is_string() && a.text == "create") create = true;
      if (a.is_string() && a.text == "delete") del = true;
    }
    return del && !create;
  }

  void note_zone(const Resource& r, std::string_view key) {
    const Value* v = r.after->find(key);
    if (!v || !v->is_string() || v->text.empty()) return;
    std::string t = v->text;
    if (t.back() != '.') t += '.';
    const Name root;
    if (auto n = Name::parse(t, &root)) zones_.push_back(*n);
  }

  // The zone a name belongs to: the longest known zone it is at or below.
  std::optional<Name> zone_of(const Name& n) const {
    std::optional<Name> best;
    for (const Name& z : zones_) {
      if (n.is_subdomain_of(z) && (!best || z.label_count() > best->label_count())) best = z;
    }
    return best;
  }

  ZoneBuilder& builder(const Name& origin, bool absolute) {
    ZoneKey key{origin, absolute};
    auto it = builders_.find(key);
    if (it == builders_.end()) {
      it = builders_.emplace(key, ZoneBuilder(set_, origin, file_, InputFormat::terraform)).first;
      it->second.zone().names_always_absolute = absolute;
    }
    return it->second;
  }

  // Owner from `name` (+ optional zone name). Names with a dot are fully qualified (as the
  // providers treat them, with or without the final dot); a single label, '@' or '' is
  // relative to the record's zone.
  std::optional<Name> owner_of(const Resource& r, const Value& name, const Value* zone_name) {
    std::string text = name.text;
    const Name root;
    std::optional<Name> zone;
    if (zone_name && zone_name->is_string() && !zone_name->text.empty()) {
      std::string z = zone_name->text;
      if (z.back() != '.') z += '.';
      zone = Name::parse(z, &root);
    }
    std::string error;
    if (text.empty() || text == "@") {
      if (!zone && zones_.size() == 1) zone = zones_.front();
      if (!zone) {
        report(set_, span_of(file_, name),
               "cannot tell which zone '" + r.address + "' is in; give --origin", {}, {});
        return std::nullopt;
      }
      return zone;
    }
    const bool fqdn = text.find('.') != std::string::npos;
    if (zone && !fqdn) return Name::parse(text, &*zone, &error);
    if (!fqdn && zones_.size() == 1) return Name::parse(text, &zones_.front(), &error);
    if (!fqdn) {
      report(set_, span_of(file_, name),
             "record name '" + text + "' of '" + r.address +
                 "' is relative and its zone is unknown; give --origin");
      return std::nullopt;
    }
    if (text.back() != '.') text += '.';
    auto n = Name::parse(text, &root, &error);
    if (!n)
      report(set_, content_span(file_, name), "invalid record name '" + name.text + "': " + error);
    return n;
  }

  void load_resource(const Resource& r) {
    const Value& a = *r.after;
    const Value* name = a.find("name");
    if (unknown_at(r.unknown, "name") || !name || !name->is_string()) return;  // nowhere to put it
    const Value* zone_name = r.type == "azurerm_dns_mx_record" ? a.find("zone_name") : nullptr;
    auto owner = owner_of(r, *name, zone_name);
    if (!owner) return;
    const bool google = r.type == "google_dns_record_set";
    std::optional<Name> origin = zone_of(*owner);
    if (!origin) {
      if (zone_name && zone_name->is_string()) {
        const Name root;
        origin = Name::parse(zone_name->text + (zone_name->text.ends_with('.') ? "" : "."), &root);
      }
      if (!origin) origin = owner->label_count() > 2 ? owner->parent() : *owner;
      zones_.push_back(*origin);
    }
    ZoneBuilder& zb = builder(*origin, !google);
    const Name root;

    ZoneBuilder::Entry e;
    e.owner = *owner;
    e.owner_span = content_span(file_, *name);
    e.span = span_of(file_, a);
    std::string type_text = "MX";
    if (r.type != "azurerm_dns_mx_record") {
      const Value* type = a.find("type");
      if (!type || !type->is_string()) return;
      type_text = type->text;
      e.type_span = content_span(file_, *type);
    } else {
      e.type_span = e.owner_span;
    }
    auto type = parse_type(type_text);
    if (!type) {
      report(set_, e.type_span, "unknown record type '" + type_text + "' in '" + r.address + "'",
             owner->text(), type_text);
      return;
    }
    e.type = *type;
    if (const Value* ttl = a.find("ttl"); ttl && ttl->is_number()) {
      auto t = json_uint(set_, file_, *ttl, 2147483647u, "ttl");
      if (!t) return;
      e.ttl = static_cast<std::uint32_t>(*t);
      e.flags |= kTtlExplicit;
    }
    const Note note{span_of(file_, *r.rc), "resource " + r.address};
    auto added = [&](bool ok) {
      if (ok) zb.set_origin_note(note);
    };
    auto unknown = [&]() {
      zb.add_unknown(e);
      zb.set_origin_note(note);
    };

    if (r.type == "aws_route53_record") {
      if (const Value* alias = a.find("alias");
          alias && alias->is_array() && !alias->items.empty()) {
        unknown();  // an alias answers with its target's records: value unknown here
        return;
      }
      if (unknown_at(r.unknown, "records")) return unknown();
      const Value* records = a.find("records");
      if (!records || !records->is_array()) return;
      const Value* ru = child_unknown(r.unknown, "records");
      for (std::size_t i = 0; i < records->items.size(); ++i) {
        const Value& v = records->items[i];
        if (item_unknown(ru, i)) {
          unknown();
          continue;
        }
        if (!v.is_string()) continue;
        added(zb.add_text(e, aws_unquoted(v.text, e.type), content_span(file_, v),
                          v.verbatim && !needs_quotes(v.text, e.type), &root));
      }
      return;
    }
    if (r.type == "cloudflare_record" || r.type == "cloudflare_dns_record") {
      const char* key = a.find("content") && !a.find("content")->is_null() ? "content" : "value";
      if (unknown_at(r.unknown, key) || unknown_at(r.unknown, "priority")) return unknown();
      const Value* content = a.find(key);
      if (!content || !content->is_string()) return;
      if (e.type == rrtype::MX) {
        const Value* prio = a.find("priority");
        if (!prio || prio->is_null()) {
          report(set_, span_of(file_, a), "MX record '" + r.address + "' has no 'priority'",
                 owner->text(), "MX");
          return;
        }
        auto p = json_uint(set_, file_, *prio, 65535, "MX priority");
        if (!p) return;
        std::vector<Token> tokens{plain_token(prio->text, span_of(file_, *prio)),
                                  plain_token(content->text, content_span(file_, *content))};
        added(zb.add(e, tokens, &root));
        return;
      }
      if (e.type == rrtype::TXT || e.type == rrtype::SPF) {
        // Cloudflare takes TXT content as the text itself (quotes optional).
        added(
            zb.add(e, chunked_string_tokens(content->text, content_span(file_, *content)), &root));
        return;
      }
      added(zb.add_text(e, content->text, content_span(file_, *content), content->verbatim, &root));
      return;
    }
    if (google) {
      if (unknown_at(r.unknown, "rrdatas")) return unknown();
      const Value* rrdatas = a.find("rrdatas");
      if (!rrdatas || !rrdatas->is_array()) return;
      const Value* ru = child_unknown(r.unknown, "rrdatas");
      for (std::size_t i = 0; i < rrdatas->items.size(); ++i) {
        const Value& v = rrdatas->items[i];
        if (item_unknown(ru, i)) {
          unknown();
          continue;
        }
        if (!v.is_string()) continue;
        added(zb.add_text(e, v.text, content_span(file_, v), v.verbatim, &*origin));
      }
      return;
    }
    // azurerm_dns_mx_record
    if (unknown_at(r.unknown, "record")) return unknown();
    const Value* recs = a.find("record");
    if (!recs || !recs->is_array()) return;
    const Value* ru = child_unknown(r.unknown, "record");
    for (std::size_t i = 0; i < recs->items.size(); ++i) {
      const Value& rec = recs->items[i];
      const Value* iu = ru && ru->is_array() && i < ru->items.size() ? &ru->items[i] : nullptr;
      if (item_unknown(ru, i) || unknown_at(iu, "preference") || unknown_at(iu, "exchange")) {
        unknown();
        continue;
      }
      const Value* pref = rec.find("preference");
      const Value* exch = rec.find("exchange");
      if (!pref || !exch || !exch->is_string()) {
        report(set_, span_of(file_, rec),
               "MX record block of '" + r.address + "' needs 'preference' and 'exchange'",
               owner->text(), "MX");
        continue;
      }
      if (!json_uint(set_, file_, *pref, 65535, "MX preference", true)) continue;
      std::vector<Token> tokens{plain_token(pref->text, content_span(file_, *pref)),
                                plain_token(exch->text, content_span(file_, *exch))};
      added(zb.add(e, tokens, &root));
    }
  }

  // aws_route53_record TXT strings are the text itself; the provider adds the quotes (and
  // splits at 255 octets when the string has no quotes of its own).
  static bool needs_quotes(const std::string& text, std::uint16_t type) {
    return (type == rrtype::TXT || type == rrtype::SPF) && !text.starts_with('"');
  }
  static std::string aws_unquoted(const std::string& text, std::uint16_t type) {
    if (!needs_quotes(text, type)) return text;
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 255) {
      if (i) out += ' ';
      out += '"';
      for (char ch : text.substr(i, 255)) {
        if (ch == '"' || ch == '\\') out += '\\';
        out += ch;
      }
      out += '"';
    }
    if (text.empty()) out = "\"\"";
    return out;
  }

  ZoneSet& set_;
  FileId file_;
  const LoadOptions& options_;
  std::vector<Name> zones_;
  std::map<ZoneKey, ZoneBuilder> builders_;
};

}  // namespace

bool is_terraform_plan(const json::Value& doc) {
  return doc.is_object() && (doc.find("resource_changes") ||
                             (doc.find("format_version") && doc.find("terraform_version")));
}

void load_terraform(ZoneSet& set, FileId file, const json::Value& doc, const LoadOptions& options) {
  TerraformLoader(set, file, options).run(doc);
}

}  // namespace zl::load
