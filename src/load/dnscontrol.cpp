// DNSControl IR JSON (`dnscontrol print-ir` output).
//
// {"domains": [{"name": "example.com", "records": [{"type", "name", "target", "ttl",
//   "mxpreference"?, "srvpriority"?, ..., "filepos": "[line:2:5]"}]}]}
// Numeric fields are `omitempty` in DNSControl's Go structs: absent means 0 (a null MX has no
// `mxpreference`). `name` is relative to the domain ('@' is the apex); targets are fully
// qualified after normalization. Findings point at the IR value (the file that was linted);
// `filepos`, the position of the record in dnsconfig.js, is added as a related location.
#include <filesystem>

#include "load/frontend.hpp"

namespace zl::load {

namespace {

namespace fs = std::filesystem;
using json::Kind;
using json::Value;

// "[line:2:5]" -> (2, 5)
std::optional<std::pair<std::uint32_t, std::uint32_t>> parse_filepos(std::string_view s) {
  if (!s.starts_with("[line:") || !s.ends_with("]")) return std::nullopt;
  s = s.substr(6, s.size() - 7);
  const auto colon = s.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  for (char c : s.substr(0, colon)) {
    if (c < '0' || c > '9' || line > 100000000) return std::nullopt;
    line = line * 10 + static_cast<std::uint32_t>(c - '0');
  }
  for (char c : s.substr(colon + 1)) {
    if (c < '0' || c > '9' || col > 100000000) return std::nullopt;
    col = col * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (line == 0 || col == 0) return std::nullopt;
  return std::make_pair(line, col);
}

struct FieldDef {
  std::string_view key;  // "" = the `target`
  enum Kind { number, name, fqdn, plain, string } kind;
  std::uint64_t max = 65535;  // numbers
};

// The rdata fields of a DNSControl record, in rdata order. `target` holds one field (the
// exchange, the SRV target, the CAA value, ...) or the whole value for simple types.
const std::vector<FieldDef>* fields_of(std::uint16_t type) {
  using F = FieldDef;
  static const std::vector<F> mx = {{"mxpreference", F::number}, {"", F::name}};
  static const std::vector<F> srv = {
      {"srvpriority", F::number}, {"srvweight", F::number}, {"srvport", F::number}, {"", F::name}};
  static const std::vector<F> caa = {
      {"caaflag", F::number, 255}, {"caatag", F::plain}, {"", F::string}};
  static const std::vector<F> sshfp = {
      {"sshfpalgorithm", F::number, 255}, {"sshfpfingerprint", F::number, 255}, {"", F::plain}};
  static const std::vector<F> tlsa = {{"tlsausage", F::number, 255},
                                      {"tlsaselector", F::number, 255},
                                      {"tlsamatchingtype", F::number, 255},
                                      {"", F::plain}};
  static const std::vector<F> smimea = {{"smimeausage", F::number, 255},
                                        {"smimeaselector", F::number, 255},
                                        {"smimeamatchingtype", F::number, 255},
                                        {"", F::plain}};
  static const std::vector<F> naptr = {{"naptrorder", F::number},  {"naptrpreference", F::number},
                                       {"naptrflags", F::string},  {"naptrservice", F::string},
                                       {"naptrregexp", F::string}, {"", F::name}};
  static const std::vector<F> ds = {{"dskeytag", F::number},
                                    {"dsalgorithm", F::number, 255},
                                    {"dsdigesttype", F::number, 255},
                                    {"dsdigest", F::plain}};
  static const std::vector<F> dnskey = {{"dnskeyflags", F::number},
                                        {"dnskeyprotocol", F::number, 255},
                                        {"dnskeyalgorithm", F::number, 255},
                                        {"dnskeypublickey", F::plain}};
  static const std::vector<F> soa = {{"", F::name},
                                     {"soambox", F::fqdn},
                                     {"soaserial", F::number, 0xffffffffu},
                                     {"soarefresh", F::number, 0xffffffffu},
                                     {"soaretry", F::number, 0xffffffffu},
                                     {"soaexpire", F::number, 0xffffffffu},
                                     {"soaminttl", F::number, 0xffffffffu}};
  switch (type) {
    case rrtype::MX:
      return &mx;
    case rrtype::SRV:
      return &srv;
    case rrtype::CAA:
      return &caa;
    case rrtype::SSHFP:
      return &sshfp;
    case rrtype::TLSA:
      return &tlsa;
    case rrtype::SMIMEA:
      return &smimea;
    case rrtype::NAPTR:
      return &naptr;
    case rrtype::DS:
      return &ds;
    case rrtype::DNSKEY:
      return &dnskey;
    case rrtype::SOA:
      return &soa;
    default:
      return nullptr;
  }
}

class DnscontrolLoader {
 public:
  DnscontrolLoader(ZoneSet& set, FileId file, const LoadOptions& options)
      : set_(set), file_(file), options_(options) {}

  void run(const Value& doc) {
    const Value* domains = doc.find("domains");
    if (!domains || !domains->is_array()) {
      report(set_, span_of(file_, doc),
             "DNSControl input is the JSON that `dnscontrol print-ir` writes (run `dnscontrol "
             "print-ir --out ir.json` and lint ir.json; dnsconfig.js itself is not read): it "
             "must have a 'domains' array");
      return;
    }
    find_dnsconfig();
    for (const Value& d : domains->items) domain(d);
  }

 private:
  // dnsconfig.js beside the IR file (or <stem>.js, as in DNSControl's parse tests), so that
  // filepos notes can point into it. Without it the note points at the filepos string.
  void find_dnsconfig() {
    const fs::path ir(set_.sources.file(file_).path());
    std::vector<fs::path> candidates = {ir.parent_path() / "dnsconfig.js",
                                        fs::path(ir).replace_extension(".js")};
    const FileReader reader = options_.parse.reader
                                  ? options_.parse.reader
                                  : filesystem_reader(options_.parse.limits.max_file_bytes);
    for (const fs::path& p : candidates) {
      std::error_code ec;
      if (!fs::is_regular_file(p, ec)) continue;
      std::string err;
      auto text = reader(p.lexically_normal().string(), &err);
      if (!text) continue;
      js_ = set_.sources.add(p.lexically_normal().string(), std::move(*text));
      js_name_ = p.filename().string();
      return;
    }
  }

  void domain(const Value& d) {
    const Value* name = d.find("name");
    if (!name || !name->is_string() || name->text.empty()) {
      report(set_, span_of(file_, d), "DNSControl domain needs a 'name'");
      return;
    }
    std::string zone_text = name->text;
    if (zone_text.back() != '.') zone_text += '.';
    const Name root;
    std::string error;
    std::optional<Name> origin = options_.parse.origin;
    if (!origin) origin = Name::parse(zone_text, &root, &error);
    if (!origin) {
      report(set_, content_span(file_, *name),
             "invalid domain name '" + name->text + "': " + error);
      return;
    }
    ZoneBuilder zb(set_, *origin, file_, InputFormat::dnscontrol);
    // Split horizon (`D("example.com!inside")`): one name, several views, told apart by the
    // IR's `uniquename` ("example.com!inside"); each view is its own zone.
    const Value* unique = d.find("uniquename");
    zb.zone().label =
        unique && unique->is_string() && !unique->text.empty() ? unique->text : name->text;
    if (const Value* records = d.find("records"); records && records->is_array()) {
      for (const Value& r : records->items) record(zb, r);
    }
    zb.finish();
  }

  void record(ZoneBuilder& zb, const Value& r) {
    const Name& origin = zb.zone().origin;
    const Value* type_v = r.find("type");
    const Value* name_v = r.find("name");
    if (!r.is_object() || !type_v || !type_v->is_string() || !name_v || !name_v->is_string()) {
      report(set_, span_of(file_, r), "DNSControl record needs 'type' and 'name'");
      return;
    }
    std::string error;
    std::optional<Name> owner;
    if (name_v->text == "@" || name_v->text.empty()) {
      owner = origin;
    } else {
      owner = Name::parse(name_v->text, &origin, &error);
    }
    if (!owner) {
      report(set_, content_span(file_, *name_v),
             "invalid record name '" + name_v->text + "': " + error);
      return;
    }
    const std::string owner_text = owner->text();
    ZoneBuilder::Entry e;
    e.owner = *owner;
    e.owner_span = content_span(file_, *name_v);
    e.type_span = content_span(file_, *type_v);
    e.span = span_of(file_, r);
    if (const Value* ttl = r.find("ttl")) {
      auto t = json_uint(set_, file_, *ttl, 2147483647u, "ttl");
      if (!t) return;
      e.ttl = static_cast<std::uint32_t>(*t);
      e.flags |= kTtlExplicit;
    }
    const Value* target = r.find("target");
    const std::string& type_text = type_v->text;
    std::optional<Note> note = filepos_note(r);
    // Provider pseudo-types that answer address queries from elsewhere (ALIAS, R53_ALIAS,
    // AZURE_ALIAS) are address records of unknown value; other pseudo-types (redirects,
    // workers, router entries) are not DNS records.
    if (type_text == "ALIAS" || type_text == "R53_ALIAS" || type_text == "AZURE_ALIAS") {
      e.type = rrtype::A;
      if (type_text == "R53_ALIAS") {
        if (const Value* ra = r.find("r53_alias");
            ra && ra->find("type") && ra->find("type")->is_string()) {
          e.type = parse_type(ra->find("type")->text).value_or(rrtype::A);
        }
      }
      zb.add_unknown(e);
      if (note) zb.set_origin_note(*note);
      return;
    }
    auto type = parse_type(type_text);
    if (!type) return;  // a provider-specific pseudo-record (CF_REDIRECT, URL, ...)
    e.type = *type;
    if (!target || !target->is_string()) {
      report(set_, span_of(file_, r), type_text + " record '" + owner_text + "' has no 'target'",
             owner_text, type_text);
      return;
    }
    bool ok = false;
    const Value* partial = r.find("zonfefilepartial");
    if (partial && partial->is_string() && !partial->text.empty()) {
      // Newer IR: the rdata in zone-file syntax, as DNSControl would write it.
      ok = zb.add_text(e, partial->text, content_span(file_, *partial), partial->verbatim, &origin);
    } else if (e.type == rrtype::SVCB || e.type == rrtype::HTTPS) {
      const Value* prio = r.find("svcpriority");
      const Value* params = r.find("svcparams");
      std::string text =
          (prio && prio->is_number() ? prio->text : std::string("0")) + " " + target->text;
      if (params && params->is_string()) text += " " + params->text;
      ok = zb.add_text(e, text, e.span, false, &origin);
    } else if (e.type == rrtype::TXT || e.type == rrtype::SPF) {
      ok = zb.add(e, chunked_string_tokens(target->text, content_span(file_, *target)), &origin);
    } else if (const auto* defs = fields_of(e.type)) {
      std::vector<Token> tokens;
      for (const FieldDef& f : *defs) {
        if (f.key.empty()) {
          if (f.kind == FieldDef::string) {
            tokens.push_back(string_token(target->text, content_span(file_, *target)));
          } else {
            tokens.push_back(plain_token(target->text, content_span(file_, *target)));
          }
          continue;
        }
        const Value* v = r.find(f.key);
        if (f.kind == FieldDef::number) {
          if (!v) {  // omitempty: absent is 0; point at the record
            tokens.push_back(plain_token("0", e.span));
            continue;
          }
          auto n = json_uint(set_, file_, *v, f.max, f.key);
          if (!n) return;
          tokens.push_back(plain_token(v->text, span_of(file_, *v)));
        } else if (!v || !v->is_string()) {
          report(set_, span_of(file_, r),
                 type_text + " record '" + owner_text + "' has no '" + std::string(f.key) + "'",
                 owner_text, type_text);
          return;
        } else if (f.kind == FieldDef::string) {
          tokens.push_back(string_token(v->text, content_span(file_, *v)));
        } else if (f.kind == FieldDef::fqdn && !v->text.empty() && !v->text.ends_with('.')) {
          tokens.push_back(plain_token(v->text + ".", content_span(file_, *v)));
        } else {
          tokens.push_back(plain_token(v->text, content_span(file_, *v)));
        }
      }
      ok = zb.add(e, tokens, &origin);
    } else {
      // A, AAAA, CNAME, NS, PTR, ...: the target is the whole value; other types keep their
      // rdata text in `target` as DNSControl prints it.
      ok = zb.add_text(e, target->text, content_span(file_, *target), target->verbatim, &origin);
    }
    if (ok && note) zb.set_origin_note(*note);
  }

  std::optional<Note> filepos_note(const Value& r) {
    const Value* fp = r.find("filepos");
    if (!fp || !fp->is_string()) return std::nullopt;
    auto pos = parse_filepos(fp->text);
    if (!pos) return std::nullopt;
    const std::string where = std::to_string(pos->first) + ":" + std::to_string(pos->second);
    if (js_ != kNoFile) {
      const SourceFile& js = set_.sources.file(js_);
      if (pos->first <= js.line_count()) {
        const std::uint32_t off = js.offset_of(pos->first, pos->second);
        return Note{Span{js_, off, off}, "record declared here in " + js_name_};
      }
    }
    return Note{content_span(file_, *fp), "record declared in dnsconfig.js at " + where};
  }

  ZoneSet& set_;
  FileId file_;
  const LoadOptions& options_;
  FileId js_ = kNoFile;
  std::string js_name_;
};

}  // namespace

bool is_dnscontrol_ir(const json::Value& doc) {
  const Value* d = doc.find("domains");
  return d && d->is_array();
}

void load_dnscontrol(ZoneSet& set, FileId file, const json::Value& doc,
                     const LoadOptions& options) {
  DnscontrolLoader(set, file, options).run(doc);
}

}  // namespace zl::load
