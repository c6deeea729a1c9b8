#include "lint/rule_support.hpp"

#include <algorithm>

namespace zl {

Span anchor_span(const Zone& z, const Record& r) {
  if (const Span os = z.owner_span(r); os.valid() && os.end > os.begin) return os;
  if (const Span ts = z.type_span(r); ts.valid() && ts.end > ts.begin) return ts;
  return z.span(r);
}

Span field_span(const SourceSet& src, const Zone& z, const Record& r, std::size_t i) {
  const FieldList f = z.fields_of(r, src);
  if (i < f.size() && f[i].span.valid()) return f[i].span;
  return anchor_span(z, r);
}

Span rdata_span(const SourceSet& src, const Zone& z, const Record& r) {
  const FieldList f = z.fields_of(r, src);
  if (f.empty() || !f.front().span.valid() || !f.back().span.valid()) return anchor_span(z, r);
  if (f.front().span.file != f.back().span.file || f.back().span.end < f.front().span.begin)
    return f.front().span;
  return Span{f.front().span.file, f.front().span.begin, f.back().span.end};
}

Span ttl_span(const SourceSet& src, const Zone& z, const Record& r) {
  const Span os = z.owner_span(r), ts = z.type_span(r), rs = z.span(r);
  if (!r.has(kTtlExplicit) || !ts.valid() || !rs.valid() || ts.file != rs.file)
    return anchor_span(z, r);
  std::uint32_t begin = rs.begin;
  if (os.valid() && os.file == rs.file && os.end > os.begin) begin = os.end;
  if (begin >= ts.begin || ts.file >= src.size()) return anchor_span(z, r);
  const std::string_view text = src.file(rs.file).slice(begin, ts.begin);
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '(' || c == ')' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    if (c == ';') {  // a comment inside parentheses: skip to the line end
      while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != '(' &&
           text[j] != ')' && text[j] != '\n' && text[j] != '\r' && text[j] != ';')
      ++j;
    if (c >= '0' && c <= '9')
      return Span{rs.file, begin + static_cast<std::uint32_t>(i),
                  begin + static_cast<std::uint32_t>(j)};
    i = j;
  }
  return anchor_span(z, r);
}

namespace {

// look_up() in zone `z`, the zone authoritative for `name` (nullptr: none is).
Lookup look_up_in(const Zone* z, NameView name) {
  Lookup res;
  if (!z) return res;
  res.zone = z;
  if (auto cut = z->delegation_above(name)) {
    res.kind = Resolution::delegated;
    res.other = std::move(*cut);  // the cut as the zone spells it, even when it is the name
    return res;
  }
  // A DNAME at a proper ancestor (below the origin or at it) redirects the name.
  if (auto d = z->dname_above(name)) {
    res.kind = Resolution::below_dname;
    res.other = std::move(*d);
    return res;
  }
  // A name that owns records exists (Zone::name_exists), and the one lookup gives them (most
  // names asked about do; the others take a second lookup, for an empty non-terminal).
  if (res.records = z->owner_records(name); !res.records.empty() || z->name_exists(name)) {
    res.kind = Resolution::exists;
    return res;
  }
  // RFC 4592 §3.3.1: the closest encloser is the longest existing ancestor; the wildcard
  // `*.<closest encloser>` answers if it exists.
  Name ce = name.parent();
  while (!(ce == z->origin) && !z->name_exists(ce) && ce.is_subdomain_of(z->origin))
    ce = ce.parent();
  auto star = Name::concat(std::string_view("\x01*", 2), ce);
  // (Most names asked about have no wildcard: name_exists first, the records only for one.)
  if (star && z->name_exists(*star) && !(*star == name)) {
    res.kind = Resolution::wildcard;
    res.records = z->owner_records(*star);
    res.other = std::move(*star);
    return res;
  }
  res.kind = Resolution::nxdomain;
  return res;
}

Resolution resolve_in(const Zone* z, NameView name) {
  Lookup found = look_up_in(z, name);
  Resolution res;
  res.kind = found.kind;
  res.zone = found.zone;
  if (found.other)
    res.source = std::move(*found.other);
  else if (found.kind != Resolution::outside)
    res.source = Name(name);
  return res;
}

}  // namespace

Resolution resolve(const RuleContext& ctx, NameView name) {
  return resolve_in(ctx.authoritative_for(name), name);
}

const Zone* authoritative_for(const RuleContext& ctx, NameView name, const Zone& from) {
  const Zone* z = ctx.authoritative_for(name);
  // Another zone with from's origin: a copy of the same zone, and `from` is as authoritative.
  if (z && z != &from && z->origin == from.origin) return &from;
  return z;
}

Resolution resolve(const RuleContext& ctx, NameView name, const Zone& from) {
  return resolve_in(authoritative_for(ctx, name, from), name);
}

Lookup look_up(const RuleContext& ctx, NameView name) {
  return look_up_in(ctx.authoritative_for(name), name);
}

Lookup look_up(const RuleContext& ctx, NameView name, const Zone& from) {
  return look_up_in(authoritative_for(ctx, name, from), name);
}

RecordsOfTypes::RecordsOfTypes(std::vector<TypeRecords> parts) : parts_(std::move(parts)) {
  std::erase_if(parts_, [](const TypeRecords& p) { return p.empty(); });
  empty_ = parts_.empty();
}

RecordsOfTypes::iterator::iterator(const std::vector<TypeRecords>& parts) {
  heads_.reserve(parts.size());
  for (const TypeRecords& p : parts) heads_.push_back(Head{p.begin(), p.end()});
  advance();
}

void RecordsOfTypes::iterator::advance() {
  // The part whose next index is the least gives it (a handful of parts at most), and moves on.
  if (!done_) {
    for (std::size_t k = 0; k < heads_.size(); ++k) {
      if (*heads_[k].at != current_) continue;
      if (++heads_[k].at == heads_[k].end)
        heads_.erase(heads_.begin() + static_cast<std::ptrdiff_t>(k));
      break;
    }
  }
  done_ = heads_.empty();
  if (done_) return;
  std::uint32_t least = *heads_[0].at;
  for (std::size_t k = 1; k < heads_.size(); ++k) least = std::min(least, *heads_[k].at);
  current_ = least;
}

RecordsOfTypes records_of_types(const Zone& z, std::initializer_list<std::uint16_t> types) {
  std::vector<TypeRecords> parts;
  parts.reserve(types.size());
  for (const std::uint16_t t : types) parts.push_back(z.records_of_type(t));
  return RecordsOfTypes(std::move(parts));
}

std::vector<std::uint32_t> known_records(const Zone& z, NameView owner, std::uint16_t type) {
  std::vector<std::uint32_t> out;
  for (auto i : z.records_at(owner, type)) {
    const Record& r = z.records[i];
    if (!r.has(kValueUnknown) && in_zone(z, r)) out.push_back(i);
  }
  return out;
}

Diagnostic make_finding(const Rule& rule, const Zone& z, const Record& r, Span span,
                        Message message) {
  Diagnostic d;
  d.rule = rule.id;
  d.severity = rule.default_severity;
  d.message = std::move(message);
  d.span = span;
  d.owner = z.owner(r).canonical_text();
  d.type = type_name(r.type);
  return d;
}

void add_note(Diagnostic& d, Span span, std::string message) {
  d.notes.push_back(Note{span, std::move(message)});
}

std::string quoted(NameView n) {
  std::string s = "'";
  s += n.text();
  s += '\'';
  return s;
}

}  // namespace zl
