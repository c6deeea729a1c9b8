#include "load/frontend.hpp"

#include <cstdio>

#include "parse/rdata.hpp"

namespace zl::load {

void report(ZoneSet& set, Span span, std::string_view message, std::string_view owner,
            std::string_view type, Severity severity, std::string_view rule) {
  Diagnostic d;
  d.rule = rule;
  d.severity = severity;
  d.message = message;
  d.span = span;
  d.owner = std::string(owner);
  d.type = std::string(type);
  set.diagnostics.add(std::move(d));
}

Token plain_token(std::string_view value, Span span) {
  Token t;
  t.text = std::string(value);
  t.span = span;
  t.quoted = value.empty();
  return t;
}

Token string_token(std::string_view value, Span span) {
  Token t;
  t.span = span;
  t.quoted = true;
  t.text.reserve(value.size());
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      t.text += '\\';
      t.text += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03u", static_cast<unsigned>(c));
      t.text += buf;
    } else {
      t.text += static_cast<char>(c);
    }
  }
  return t;
}

std::vector<Token> chunked_string_tokens(std::string_view value, Span span) {
  std::vector<Token> tokens;
  if (value.empty()) tokens.push_back(string_token("", span));
  for (std::size_t i = 0; i < value.size(); i += 255)
    tokens.push_back(string_token(value.substr(i, 255), span));
  return tokens;
}

Span content_span(FileId file, const json::Value& v) {
  if (v.verbatim) return Span{file, v.content_begin, v.content_end};
  return Span{file, v.begin, v.end};
}

ZoneBuilder::ZoneBuilder(ZoneSet& set, Name origin, FileId file, InputFormat format) : set_(set) {
  zone_.origin = std::move(origin);
  zone_.file = file;
  zone_.format = format;
}

bool ZoneBuilder::add_tokens(const Entry& e, std::span<const RdataToken> tokens,
                             const Name* relative_origin) {
  RdataContext ctx;
  ctx.origin = relative_origin;
  ctx.diags = &set_.diagnostics;
  ctx.owner = e.owner.text();
  ctx.missing_span = tokens.empty() ? e.type_span : tokens.back().span;
  std::string wire;
  if (!encode_rdata(e.type, tokens, ctx, wire)) return false;
  Record r;
  r.ttl = e.ttl;
  r.type = e.type;
  r.flags = e.flags;
  zone_.set_entry(r, e.span, e.owner, e.owner_span, e.type_span);
  zone_.set_rdata(r, wire);
  for (const RdataToken& t : tokens) {
    const bool same =
        t.span.valid() && t.span.file < set_.sources.size() && set_.sources.text(t.span) == t.text;
    if (same) {
      zone_.add_field(r, t.span, nullptr);
    } else {
      zone_.add_field(r, t.span, &t.text);
    }
  }
  zone_.records.push_back(r);
  return true;
}

bool ZoneBuilder::add(const Entry& e, const std::vector<Token>& tokens,
                      const Name* relative_origin) {
  std::vector<RdataToken> rt;
  rt.reserve(tokens.size());
  for (const Token& t : tokens) rt.push_back(RdataToken{t.text, t.span, t.quoted});
  return add_tokens(e, rt, relative_origin);
}

bool ZoneBuilder::add_text(const Entry& e, std::string_view text, Span value_span, bool exact,
                           const Name* relative_origin) {
  const std::size_t before = set_.diagnostics.size();
  std::vector<RdataToken> tokens = tokenize_rdata(text, value_span, exact, &set_.diagnostics);
  if (set_.diagnostics.size() != before) return false;
  return add_tokens(e, tokens, relative_origin);
}

void ZoneBuilder::add_unknown(const Entry& e) {
  Record r;
  r.ttl = e.ttl;
  r.type = e.type;
  r.flags = static_cast<std::uint8_t>(e.flags | kValueUnknown);
  zone_.set_entry(r, e.span, e.owner, e.owner_span, e.type_span);
  zone_.set_rdata(r, {});
  zone_.records.push_back(r);
}

void ZoneBuilder::set_origin_note(Note note) {
  if (zone_.records.empty()) return;
  zone_.declarations.push_back(
      Zone::Declaration{static_cast<std::uint32_t>(zone_.records.size() - 1), std::move(note)});
}

namespace {

// Where a zone of a generated input begins, for messages: its first record, else its file.
Span zone_anchor(const Zone& z) {
  for (const Record& r : z.records)
    if (z.span(r).valid()) return z.owner_span(r).valid() ? z.owner_span(r) : z.span(r);
  return Span{z.file, 0, 0};
}

std::string_view format_label(InputFormat f) {
  return f == InputFormat::dnscontrol ? "DNSControl" : "Terraform";
}

}  // namespace

std::size_t ZoneBuilder::finish() {
  zone_.build_index();
  // Generated inputs that describe one zone twice (two DNSControl IR files or domains with the
  // same `uniquename`, two Terraform plans of the same zone): the conflict is reported once, and
  // the second description is not linted, so no finding is repeated for it.
  if (zone_.format == InputFormat::dnscontrol || zone_.format == InputFormat::terraform) {
    for (std::size_t i = 0; i < set_.zones.size(); ++i) {
      const Zone& first = set_.zones[i];
      if (first.format != zone_.format || !(first.origin == zone_.origin) ||
          first.label != zone_.label ||  // DNSControl split-horizon views
          first.names_always_absolute != zone_.names_always_absolute || first.file == kNoFile)
        continue;
      const Span at = zone_anchor(zone_);
      const Span there = zone_anchor(first);
      report(set_, at,
             "zone '" + zone_.origin.text() + "' is described twice in " +
                 std::string(format_label(zone_.format)) +
                 " input: this description is not linted (it would repeat the findings of the "
                 "first one); keep one description of each zone",
             {}, {}, Severity::warning, "zone-described-twice");
      set_.diagnostics.items().back().notes.push_back(
          Note{there, "the zone is first described here"});
      return i;
    }
  }
  set_.zones.push_back(std::move(zone_));
  return set_.zones.size() - 1;
}

std::string route53_name_to_presentation(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '\\' && i + 3 < name.size() && name[i + 1] >= '0' && name[i + 1] <= '3' &&
        name[i + 2] >= '0' && name[i + 2] <= '7' && name[i + 3] >= '0' && name[i + 3] <= '7') {
      const unsigned v = static_cast<unsigned>((name[i + 1] - '0') * 64 + (name[i + 2] - '0') * 8 +
                                               (name[i + 3] - '0'));
      i += 3;
      const unsigned char b = static_cast<unsigned char>(v);
      const bool plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
                         (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '*' || b == '/' ||
                         b == '+' || b == '=';
      if (plain) {
        out += static_cast<char>(b);
      } else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\%03u", v);
        out += buf;
      }
      continue;
    }
    out += c;
  }
  return out;
}

std::optional<std::uint64_t> json_uint(ZoneSet& set, FileId file, const json::Value& v,
                                       std::uint64_t max, std::string_view what,
                                       bool allow_string) {
  std::string_view digits;
  if (v.kind == json::Kind::number || (allow_string && v.kind == json::Kind::string)) {
    digits = v.text;
  } else {
    report(set, span_of(file, v),
           std::string(what) + " must be a number, not " + std::string(json::kind_name(v.kind)));
    return std::nullopt;
  }
  std::uint64_t n = 0;
  bool ok = !digits.empty() && digits.size() <= 19;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      ok = false;
      break;
    }
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (!ok) {
    report(set, span_of(file, v),
           std::string(what) + " '" + std::string(digits) + "' is not an unsigned integer");
    return std::nullopt;
  }
  if (n > max) {
    report(set, span_of(file, v),
           std::string(what) + " " + std::string(digits) + " is out of range (0.." +
               std::to_string(max) + ")");
    return std::nullopt;
  }
  return n;
}

}  // namespace zl::load
