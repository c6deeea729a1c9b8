// The SPF family helper (spf_record.hpp) beyond the terms: static domains, SPF records in the
// loaded zones, queries inside and outside them, and the include/redirect walk with its
// lookup counts. Term parsing is in spf_terms.cpp.
#include "rules/spf/spf_record.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <unordered_map>

#include "core/ascii.hpp"

namespace zl::spf {

// ---- Static domains
// -------------------------------------------------------------------------------

namespace {

// Expands `%{d...}` over `current` (§7.3): split on the delimiters (default '.'), optionally
// reverse, keep the rightmost N parts, join with '.'.
std::string expand_d(std::string_view body, const Name& current) {
  std::string d = current.text();
  if (!d.empty() && d.back() == '.') d.pop_back();
  std::size_t k = 1;
  std::size_t keep = 0;
  while (k < body.size() && body[k] >= '0' && body[k] <= '9')
    keep = keep * 10 + static_cast<std::size_t>(body[k++] - '0');
  bool reverse = false;
  if (k < body.size() && ascii_lower(body[k]) == 'r') {
    reverse = true;
    ++k;
  }
  std::string delims(body.substr(k));
  if (delims.empty()) delims = ".";
  std::vector<std::string> parts;
  std::string cur;
  for (char c : d) {
    if (delims.find(c) != std::string::npos) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  if (reverse) std::reverse(parts.begin(), parts.end());
  if (keep > 0 && keep < parts.size())
    parts.erase(parts.begin(), parts.end() - static_cast<std::ptrdiff_t>(keep));
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + parts[i];
  return out;
}

}  // namespace

std::optional<Name> static_domain(std::string_view spec, const Name& current, bool* malformed) {
  if (malformed) *malformed = false;
  std::string out;
  for (std::size_t i = 0; i < spec.size();) {
    if (spec[i] != '%') {
      out += spec[i++];
      continue;
    }
    if (i + 1 >= spec.size()) return std::nullopt;
    const char n = spec[i + 1];
    if (n == '%') {
      out += '%';
      i += 2;
      continue;
    }
    if (n == '_') {
      out += ' ';
      i += 2;
      continue;
    }
    if (n == '-') {
      out += "%20";
      i += 2;
      continue;
    }
    const auto close = spec.find('}', i);
    if (n != '{' || close == std::string_view::npos || close == i + 2) return std::nullopt;
    const std::string_view body = spec.substr(i + 2, close - i - 2);
    if (ascii_lower(body[0]) != 'd') return std::nullopt;  // depends on the sender
    out += expand_d(body, current);
    i = close + 1;
  }
  if (!out.empty() && out.back() == '.') out.pop_back();
  // §7.3: an expansion over 253 octets loses labels from the left.
  while (out.size() > 253) {
    const auto dot = out.find('.');
    if (dot == std::string::npos) break;
    out.erase(0, dot + 1);
  }
  // Escape what Name::parse would take as syntax: backslashes, and keep every other byte.
  std::string escaped;
  for (char c : out) {
    if (c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@' || c == ' ' ||
        c == '$') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03u",
                    static_cast<unsigned>(static_cast<unsigned char>(c)));
      escaped += buf;
    } else {
      escaped += c;
    }
  }
  auto name = Name::parse(escaped + ".", nullptr);
  if (!name || out.empty()) {
    if (malformed) *malformed = true;
    return std::nullopt;
  }
  return name;
}

std::optional<Name> fixed_suffix(std::string_view spec, const Name& current) {
  // The end of the last macro that is not %{d...}.
  std::size_t after = std::string_view::npos;
  for (std::size_t i = 0; i + 1 < spec.size(); ++i) {
    if (spec[i] != '%') continue;
    if (spec[i + 1] != '{') {
      ++i;  // %%, %_, %-
      continue;
    }
    const auto close = spec.find('}', i);
    if (close == std::string_view::npos) return std::nullopt;
    if (close > i + 2 && ascii_lower(spec[i + 2]) != 'd') after = close + 1;
    i = close;
  }
  if (after == std::string_view::npos || after >= spec.size() || spec[after] != '.')
    return std::nullopt;
  return static_domain(spec.substr(after + 1), current);
}

std::optional<Name> term_target(std::string_view text, const Term& t, const Name& current,
                                bool* malformed) {
  if (malformed) *malformed = false;
  switch (t.kind) {
    case Kind::a:
    case Kind::mx:
    case Kind::ptr:
      if (!t.has_arg()) return current;
      [[fallthrough]];
    case Kind::include:
    case Kind::exists:
    case Kind::redirect:
    case Kind::exp:
      return static_domain(text.substr(t.arg_begin, t.arg_end - t.arg_begin), current, malformed);
    default:
      return std::nullopt;
  }
}

// ---- Records in the loaded zones
// ------------------------------------------------------------------

namespace {
// The SPF record that record `r` of `z` is, if its joined text selects (is_spf_text), for a
// record that is in its zone with a known value and whose wire selects (make_record tests
// these; compute_spf_sets has, in selects(), and does not test them twice: the owner's name and
// the rdata were read again for every SPF record of the run). With `shared`, its terms go to
// the end of that array, and the record's are left for the caller to point there (parse_into).
// `cache`, with `shared` only: terms parsed before (parse_into).
std::optional<SpfRecord> build_record(const Zone& z, const Record& r, const SourceSet& sources,
                                      std::vector<Term>* shared, TermCache* cache = nullptr) {
  const auto parse_text = [&](std::string_view text, const std::vector<std::uint32_t>& joins) {
    return shared ? parse_into(text, joins, *shared, cache) : parse(text, joins);
  };
  // One character-string (most records): the text is the wire after its length octet, and
  // there is no join to diagnose, so the per-byte map of join_txt is not needed.
  if (const std::string_view w = z.rdata(r);
      !w.empty() && 1u + static_cast<unsigned char>(w[0]) == w.size()) {
    if (!is_spf_text(w.substr(1))) return std::nullopt;
    SpfRecord s;
    s.zone = &z;
    s.record = &r;
    s.sources = &sources;
    s.set_text_view(w.substr(1));  // the rdata lives as long as the zone: no copy
    s.parsed = parse_text(s.text(), {});
    return s;
  }
  auto j = join_txt(z, r, sources);
  if (!j || !is_spf_text(j->text())) return std::nullopt;
  SpfRecord s;
  s.zone = &z;
  s.record = &r;
  std::vector<std::uint32_t> joins;
  // Joins the author wrote (`"..." "..."`), not the ones a front end made by chunking a long
  // value: those map to adjacent source bytes.
  for (std::size_t k = 1; k < j->string_count(); ++k) {
    const Span js = j->join_span(k);
    if (!js.valid() || js.end > js.begin) joins.push_back(j->string_start(k));
  }
  s.parsed = parse_text(j->text(), joins);
  for (auto& e : s.parsed.errors) {  // from an index into `joins` to the string index
    if (!e.join) continue;
    const std::uint32_t at = joins[e.join - 1];
    for (std::size_t k = 1; k < j->string_count(); ++k)
      if (j->string_start(k) == at) e.join = k;
  }
  s.sources = &sources;
  s.set_text_copy(j->text());
  return s;
}

// The SPF record that record `r` of `z` is, if it is one.
std::optional<SpfRecord> make_record(const Zone& z, const Record& r, const SourceSet& sources) {
  if (!wire_is_spf(z.rdata(r))) return std::nullopt;  // first: most TXT records are not SPF
  if (r.has(kValueUnknown) || !in_zone(z, r)) return std::nullopt;
  return build_record(z, r, sources, nullptr);
}
}  // namespace

std::vector<SpfRecord> records_at(const Zone& z, NameView owner, const SourceSet& sources,
                                  std::uint16_t type) {
  std::vector<SpfRecord> out;
  for (auto i : z.records_at(owner, type))
    if (auto s = make_record(z, z.records[i], sources)) out.push_back(std::move(*s));
  return out;
}

namespace {
// The sets of one zone by owner (case-insensitive), for compute_spf_sets: open addressing with
// linear probing in one array. An unordered_map allocated, linked and freed a node per owner,
// and a large zone has tens of thousands of SPF owners: that was a third of the memo's time.
class SetIndex {
 public:
  // The index in `sets` of the set of `owner`, or `fresh` (then recorded as the owner's).
  std::size_t find_or_add(const std::vector<SpfSet>& sets, NameView owner, std::size_t fresh) {
    if (2 * (used_ + 1) > slots_.size()) grow();
    const auto h = static_cast<std::uint32_t>(Name::hash_ci(owner.wire()));
    for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      Slot& s = slots_[i];
      if (s.set == 0) {
        s = Slot{h, static_cast<std::uint32_t>(fresh + 1)};
        ++used_;
        return fresh;
      }
      if (s.hash == h && Name::equal_ci(sets[s.set - 1].owner.wire(), owner.wire()))
        return s.set - 1;
    }
  }
  void clear() {  // for the next zone
    slots_.clear();
    used_ = 0;
  }

 private:
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t set = 0;  // 1 + the index in the sets; 0: empty
  };
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : 2 * old.size(), Slot{});
    for (const Slot& s : old) {
      if (s.set == 0) continue;
      std::size_t i = s.hash & (slots_.size() - 1);
      while (slots_[i].set != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;  // a power of two in size, at most half full
  std::size_t used_ = 0;
};

// Does record `r` of `z` select as an SPF record (make_record gives one)? Without parsing it.
bool selects(const Zone& z, const Record& r, const SourceSet& sources) {
  if (!wire_is_spf(z.rdata(r))) return false;  // first: most TXT records are not SPF
  if (r.has(kValueUnknown) || !in_zone(z, r)) return false;
  if (const std::string_view w = z.rdata(r);
      !w.empty() && 1u + static_cast<unsigned char>(w[0]) == w.size())
    return is_spf_text(w.substr(1));
  const auto j = join_txt(z, r, sources);
  return j && is_spf_text(j->text());
}

// The sets, the one array of records they view (SpfSet::records), and the one array of terms
// that the records view (TermList::view).
struct SetsAndRecords {
  std::vector<Term> terms;
  std::vector<SpfRecord> records;
  std::vector<SpfSet> sets;
};

SetsAndRecords compute_spf_sets(const RuleContext& ctx, std::uint16_t type) {
  SetsAndRecords out;
  // First the sets and which records belong to each, without parsing: records in file order,
  // zone by zone (the zone's index of types: the records of the type, without a pass over every
  // record), grouped by owner within each zone; owners in the order of their first record. A
  // member is its record's index and its set (8 bytes: 63,000 of them on the 1M-record bench
  // zone stand while the records are parsed; the set gives the zone), and the owners' index is
  // freed before the records are parsed. Not from mail_records, whose TXT marks tell the SPF
  // records too: the SPF rules run after that list's last users (rules/memo_scopes.cpp), and it
  // is freed before them.
  struct Member {
    std::uint32_t index;  // in the zone's records
    std::uint32_t set;
  };
  std::vector<Member> members;
  std::vector<std::uint32_t> counts;  // records per set
  std::vector<const Zone*> zones;     // by set (SpfSet::zone() asks its records once they are)
  std::size_t words = 0;              // an estimate of the records' terms: the words of their rdata
  {
    SetIndex index;
    for (const Zone* z : ctx.zones()) {
      const std::size_t first = out.sets.size();  // the first set of zone z
      index.clear();
      for (const std::uint32_t i : z->records_of_type(type)) {
        const Record& r = z->records[i];
        if (!selects(*z, r, ctx.sources())) continue;
        std::size_t at = out.sets.size();
        if (out.sets.size() > first && out.sets.back().owner == z->owner(r))
          at = out.sets.size() - 1;
        else
          at = index.find_or_add(out.sets, z->owner(r), out.sets.size());
        if (at == out.sets.size()) {
          out.sets.push_back(SpfSet{z->owner(r), {}});
          counts.push_back(0);
          zones.push_back(z);
        }
        ++counts[at];
        members.push_back(Member{i, static_cast<std::uint32_t>(at)});
        const std::string_view w = z->rdata(r);
        // Without branches (& rather than &&), so that the loop vectorises.
        for (std::size_t k = 1; k < w.size(); ++k)
          words +=
              static_cast<std::size_t>(w[k] != ' ') & static_cast<std::size_t>(w[k - 1] == ' ');
      }
    }
  }
  // Then the records, parsed straight into their place: set after set, each set's in file
  // order. The array is sized once, so it never moves and the sets can view it.
  std::vector<std::uint32_t> next(counts.size());  // where the next record of each set goes
  for (std::size_t s = 1; s < counts.size(); ++s) next[s] = next[s - 1] + counts[s - 1];
  std::vector<Member> order(members.size());  // records[i] is made from order[i]
  for (const Member& m : members) order[next[m.set]++] = m;
  std::vector<Member>().swap(members);
  std::vector<std::uint32_t>().swap(next);
  out.records.reserve(order.size());
  // The terms of all the records in one array (sized by the estimate: a word after a space is a
  // term; shrunk when the estimate was well over), which the records view once it is complete.
  out.terms.reserve(words);
  std::vector<std::uint32_t> term_ends;  // by record: the end of its terms in out.terms
  term_ends.reserve(order.size());
  TermCache known_terms;
  for (const Member& m : order) {
    // selects() tested what build_record leaves to its caller, and what it tests: it gives a
    // record.
    const Zone& z = *zones[m.set];
    out.records.push_back(
        std::move(*build_record(z, z.records[m.index], ctx.sources(), &out.terms, &known_terms)));
    term_ends.push_back(static_cast<std::uint32_t>(out.terms.size()));
  }
  if (out.terms.capacity() - out.terms.size() > out.terms.size() / 8) out.terms.shrink_to_fit();
  for (std::size_t i = 0, first = 0; i < out.records.size(); first = term_ends[i++])
    out.records[i].parsed.terms =
        TermList::view(std::span<const Term>(out.terms).subspan(first, term_ends[i] - first));
  std::size_t begin = 0;
  for (std::size_t s = 0; s < out.sets.size(); ++s) {
    out.sets[s].records = std::span<const SpfRecord>(out.records).subspan(begin, counts[s]);
    begin += counts[s];
  }
  return out;
}
}  // namespace

const std::vector<SpfSet>& spf_sets(const RuleContext& ctx, std::uint16_t type) {
  // The memo keeps the value it is given by move: the array of records keeps its buffer, and
  // the sets' views stay valid.
  return ctx
      .memo<SetsAndRecords>(type == rrtype::TXT ? "spf.sets.txt" : "spf.sets.99",
                            [&] { return compute_spf_sets(ctx, type); })
      .sets;
}

// ---- Queries
// ---------------------------------------------------------------------------------------

const ExternalResolver& offline_resolver() {
  static const OfflineResolver r;
  return r;
}

namespace {

// Live mode (--resolve): names outside the loaded zones are asked through the run's
// ExternalDns. A query without an answer yet (the engine resolves it before the next pass) or
// one the network could not answer stays unknown, exactly as offline.
class LiveResolver final : public ExternalResolver {
 public:
  explicit LiveResolver(const ExternalDns& dns) : dns_(dns) {}
  Answer lookup(const Name& name, std::uint16_t type) const override {
    Answer out;
    const ExternalAnswer* a = dns_.lookup(name, type);
    if (!a || a->status == ExternalAnswer::failed) return out;
    if (a->status == ExternalAnswer::nxdomain) {
      out.status = Answer::nxdomain;
      return out;
    }
    for (const std::string& rd : a->rdata) {
      if (auto text = rdata_text(type, rd)) out.external.push_back(std::move(*text));
    }
    out.status = out.external.empty() ? Answer::nodata : Answer::records;
    return out;
  }

 private:
  // TXT: the strings joined (RFC 7208 §3.3); MX: the exchange; A/AAAA: the address.
  static std::optional<std::string> rdata_text(std::uint16_t type, std::string_view rd) {
    std::string text;
    if (type == rrtype::TXT) {
      for (std::size_t p = 0; p < rd.size();) {
        const auto len = static_cast<unsigned char>(rd[p]);
        if (p + 1 + len > rd.size()) return std::nullopt;
        text.append(rd.substr(p + 1, len));
        p += 1 + len;
      }
      return text;
    }
    if (type == rrtype::MX) {
      if (rd.size() < 3) return std::nullopt;
      std::size_t p = 2;
      const auto n = read_wire_name(rd, p);
      if (!n) return std::nullopt;
      return n->text();
    }
    if ((type == rrtype::A && rd.size() == 4) || (type == rrtype::AAAA && rd.size() == 16)) {
      char buf[INET6_ADDRSTRLEN] = {};
      if (!inet_ntop(type == rrtype::A ? AF_INET : AF_INET6, rd.data(), buf, sizeof buf))
        return std::nullopt;
      return std::string(buf);
    }
    return std::nullopt;
  }
  const ExternalDns& dns_;
};

}  // namespace

Answer query(const RuleContext& ctx, const ExternalResolver& ext, const Name& start,
             std::uint16_t type, const Zone* from) {
  Name name = start;
  for (int hops = 0; hops < 10; ++hops) {
    const Resolution res = from ? resolve(ctx, name, *from) : resolve(ctx, name);
    if (res.kind == Resolution::outside) return ext.lookup(name, type);
    if (!res.zone || ctx.incomplete(*res.zone)) return {};
    if (res.kind == Resolution::delegated || res.kind == Resolution::below_dname) return {};
    Answer a;
    if (res.kind == Resolution::nxdomain) {
      a.status = Answer::nxdomain;
      return a;
    }
    const Zone& z = *res.zone;
    bool unknown = false;
    std::optional<Name> cname;
    for (auto i : z.records_at(res.source)) {
      const Record& r = z.records[i];
      if (!in_zone(z, r)) continue;
      if (r.type == type) {
        if (r.has(kValueUnknown)) unknown = true;
        a.loaded.emplace_back(&z, i);
      } else if (r.type == rrtype::CNAME && type != rrtype::CNAME) {
        if (r.has(kValueUnknown)) return {};
        if (auto t = as_name_target(z, r)) cname = t->target;
      }
    }
    if (unknown) return {};
    if (!a.loaded.empty()) {
      a.status = Answer::records;
      return a;
    }
    if (cname) {
      name = *cname;
      from = &z;  // the alias's target, asked from the alias's zone
      continue;
    }
    a.status = Answer::nodata;
    return a;
  }
  return {};
}

SpfAt spf_at(const RuleContext& ctx, const Name& name, const ExternalResolver& ext,
             const Zone* from) {
  SpfAt out;
  out.zone = from ? authoritative_for(ctx, name, *from) : ctx.authoritative_for(name);
  out.answer = query(ctx, ext, name, rrtype::TXT, from);
  if (out.answer.status == Answer::unknown) return out;
  std::optional<NameView> owner;
  for (const auto& [z, idx] : out.answer.loaded) {
    const NameView o = z->owner(z->records[idx]);
    if (owner && *owner == o) continue;
    owner = o;
    for (auto& r : records_at(*z, o, ctx.sources())) out.loaded.push_back(std::move(r));
  }
  for (const auto& t : out.answer.external)
    if (is_spf_text(t)) out.external.push_back(t);
  const std::size_t n = out.loaded.size() + out.external.size();
  out.status = n == 0 ? SpfAt::none : n == 1 ? SpfAt::one : SpfAt::multiple;
  return out;
}

const std::vector<Name>& include_targets(const RuleContext& ctx) {
  return ctx.memo<std::vector<Name>>("spf.include-targets", [&] {
    // Many records include the same few names: deduplicate by wire before sorting.
    std::unordered_map<std::string, Name> unique;
    // And by the text of the domain-spec first: a spec without a macro names the same domain
    // from every record (`include:_spf.provider.example` in tens of thousands of them), so it
    // is parsed once, and its name is keyed by wire once. (Parsing each term's spec was most of
    // this memo's time on the 1M-record bench zone.) Views into the records' texts, which the
    // SPF sets keep for the run.
    struct Spec {
      std::optional<Name> name;
      bool added = false;  // in `unique` already
    };
    std::unordered_map<std::string_view, Spec> by_spec;
    for (const auto& set : spf_sets(ctx)) {
      for (const auto& r : set.records) {
        for (const auto& t : r.parsed.terms) {
          if ((t.kind != Kind::include && t.kind != Kind::redirect) || !t.valid()) continue;
          const std::string_view spec = r.text().substr(t.arg_begin, t.arg_end - t.arg_begin);
          if (spec.find('%') != std::string_view::npos) {  // may expand %{d}: this owner's
            auto n = term_target(r.text(), t, Name(set.owner));
            if (n && !(*n == set.owner)) unique.emplace(n->canonical_wire(), std::move(*n));
            continue;
          }
          auto [it, fresh] = by_spec.try_emplace(spec);
          Spec& known = it->second;
          if (fresh) known.name = term_target(r.text(), t, Name(set.owner));
          // A record that includes its own owner does not make it a target; another may.
          if (!known.name || known.added || *known.name == set.owner) continue;
          unique.emplace(known.name->canonical_wire(), *known.name);
          known.added = true;
        }
      }
    }
    std::vector<Name> out;
    out.reserve(unique.size());
    for (auto& [wire, n] : unique) out.push_back(std::move(n));
    std::sort(out.begin(), out.end());
    return out;
  });
}

bool is_include_target(const std::vector<Name>& targets, NameView name) {
  return std::binary_search(targets.begin(), targets.end(), name);
}

const std::vector<bool>& included_sets(const RuleContext& ctx) {
  return ctx.memo<std::vector<bool>>("spf.included-sets", [&] {
    const auto& targets = include_targets(ctx);
    const auto& sets = spf_sets(ctx);
    std::vector<bool> out(sets.size());
    for (std::size_t i = 0; i < sets.size(); ++i)
      out[i] = is_include_target(targets, sets[i].owner);
    return out;
  });
}

// ---- The walk
// ------------------------------------------------------------------------------------

namespace {
// What a node without a record (none is made) reads as: nothing.
const Node::External& no_record() {
  static const Node::External empty;
  return empty;
}
}  // namespace

const ParsedSpf& Node::parsed() const {
  if (loaded) return loaded->parsed;
  return external ? external->parsed : no_record().parsed;
}

std::string_view Node::text() const {
  if (loaded) return loaded->text();
  return external ? external->text : no_record().text;
}

std::size_t Walk::known_lookups() const {
  std::size_t n = 0;
  for (const auto& l : lookups) n += l.outside ? 0 : 1;
  return n;
}
std::size_t Walk::outside_lookups() const {
  return lookups.size() - known_lookups();
}
std::size_t Walk::void_lookups(bool ipv6) const {
  std::size_t n = 0;
  for (const auto& l : lookups) n += (ipv6 ? l.void6 : l.void4) ? 1 : 0;
  return n;
}
std::vector<std::pair<std::size_t, std::size_t>> Walk::chain(std::size_t node) const {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  while (node < nodes.size() && nodes[node].parent != Node::kNone) {
    out.emplace_back(nodes[node].parent, nodes[node].via_term);
    node = nodes[node].parent;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

Span node_term_span(const Node& n, std::size_t term) {
  if (!n.loaded || term >= n.loaded->parsed.terms.size()) return {};
  return n.loaded->term_span(n.loaded->parsed.terms[term]);
}

std::size_t root_term(const Walk& w, std::size_t node, std::size_t term) {
  while (node < w.nodes.size() && w.nodes[node].parent != Node::kNone) {
    term = w.nodes[node].via_term;
    node = w.nodes[node].parent;
  }
  return term;
}

Span nearest_span(const Walk& w, std::size_t node, std::size_t term) {
  while (node < w.nodes.size()) {
    const Span s = node_term_span(w.nodes[node], term);
    if (s.valid() || w.nodes[node].parent == Node::kNone) return s;
    term = w.nodes[node].via_term;
    node = w.nodes[node].parent;
  }
  return {};
}

std::string describe_term(const Walk& w, std::size_t node, std::size_t term) {
  const Node& n = w.nodes[node];
  std::string t = "'" + std::string(term_text(n.text(), n.parsed().terms[term])) + "'";
  if (node == 0) return t;
  return t + " in the SPF record of " + quoted(n.domain) +
         (n.loaded ? "" : " (outside the loaded zones)");
}

namespace {

// Where a node's lookups are asked from: the zone of its record, or for a record from outside
// the loaded zones its parent's (a run can hold two copies of one zone, and each copy's records
// are looked up in that copy). `key`: what the cache keys of those lookups start with: empty,
// unless the zone is a second copy of one (its answers may differ from the first copy's); then
// 0xff (never the first byte of a wire name) and the zone's address.
struct AskFrom {
  const Zone* zone = nullptr;
  std::string key;
};

// What a walk works in and drops when it ends. Kept from one walk to the next (the offline
// walks are made for every SPF record of the run, one after the other): the buffers are
// allocated once, not once a walk.
struct WalkScratch {
  std::vector<AskFrom> from;  // from(ni) of each node of the walk so far
  std::string key;            // a cache key being looked up
  Answer own;                 // ask_own's answer about the record's own name
};

// The target of a domain-spec without a macro (term_target), and whether it is malformed.
struct StaticTarget {
  std::optional<Name> name;
  bool malformed = false;
};

// Answers shared by the walks of one run: many records name the same hosts and includes.
struct WalkCache {
  std::unordered_map<std::string, Answer> answers;  // type (2 bytes) + canonical wire
  std::unordered_map<std::string, std::shared_ptr<const SpfAt>> spf;  // canonical wire
  // By the text of a domain-spec without '%' (Walker::target_of): views into the texts of loaded
  // records, which the SPF sets (the roots) and `spf` (the records they include) keep.
  std::unordered_map<std::string_view, StaticTarget> targets;
  WalkScratch scratch;
};

class Walker {
 public:
  Walker(const RuleContext& ctx, const ExternalResolver& ext, Walk& w, WalkCache* cache)
      : ctx_(ctx), ext_(ext), w_(w), cache_(cache), s_(cache ? cache->scratch : own_scratch_) {
    s_.from.clear();
  }

  // Evaluates node `ni`; returns true when it passes every sender (an include of it matches).
  bool eval(std::size_t ni) {
    if (w_.nodes[ni].parsed().permerror()) return false;
    const std::size_t n_terms = w_.nodes[ni].parsed().terms.size();
    bool passes_all = true;  // every mechanism so far passes, and none can fail to match
    for (std::size_t k = 0; k < n_terms; ++k) {
      const Term t = w_.nodes[ni].parsed().terms[k];
      if (!t.is_mechanism()) continue;
      if (t.kind == Kind::all) return passes_all && t.result() == '+';
      if (t.result() != '+') passes_all = false;
      if (!t.counts_lookup()) continue;
      if (!count(ni, k)) return false;
      if (t.kind == Kind::include) {
        if (follow(ni, k)) return passes_all;  // matches every sender: evaluation ends
      } else if (plain_lookup(ni, k)) {
        // An `exists` of a fixed name that has an address matches every sender, and so ends
        // the evaluation; one outside the loaded zones may, so the walk stops there too
        // rather than count terms that may never be evaluated.
        return passes_all && t.result() == '+';
      }
    }
    const int r = w_.nodes[ni].parsed().redirect;
    if (r >= 0) {
      if (!count(ni, static_cast<std::size_t>(r))) return false;
      return follow(ni, static_cast<std::size_t>(r));
    }
    return false;
  }

 private:
  bool count(std::size_t ni, std::size_t k) {
    if (w_.lookups.size() >= kMaxWalkLookups) {
      w_.truncated = true;
      return false;
    }
    Lookup l;
    l.node = ni;
    l.term = k;
    w_.lookups.push_back(l);
    return true;
  }

  std::string_view text(std::size_t ni) const { return w_.nodes[ni].text(); }

  // Where node ni's lookups are asked from (AskFrom).
  const AskFrom& from(std::size_t ni) {
    // Nodes are only appended, each after its parent: fill in the new ones.
    while (s_.from.size() <= ni) {
      const Node& n = w_.nodes[s_.from.size()];
      AskFrom f;
      if (n.loaded && n.loaded->zone)
        f.zone = n.loaded->zone;
      else if (n.parent != Node::kNone)
        f.zone = s_.from[n.parent].zone;
      if (f.zone && ctx_.authoritative_for(f.zone->origin) != f.zone) {
        const auto address = reinterpret_cast<std::uintptr_t>(f.zone);
        f.key = '\xff';
        f.key.append(reinterpret_cast<const char*>(&address), sizeof address);
      }
      s_.from.push_back(std::move(f));
    }
    return s_.from[ni];
  }

  // Appends the canonical (lower-case) wire form of `name` to `key`, as canonical_wire()
  // gives it, without a string of its own. Lowering every byte lowers the labels only: a
  // length octet is at most 63, below 'A'.
  static void append_canonical(std::string& key, const Name& name) {
    const std::size_t at = key.size();
    key += name.wire();
    for (std::size_t i = at; i < key.size(); ++i)
      key[i] = static_cast<char>(ascii_lower(static_cast<unsigned char>(key[i])));
  }

  // The answer stays valid until the next ask() (uncached: the walk() of a single record) or
  // for the run (cached: the offline walks).
  const Answer& ask(const Name& name, std::uint16_t type, std::size_t ni) {
    const AskFrom& f = from(ni);
    if (!cache_) {
      uncached_ = query(ctx_, ext_, name, type, f.zone);
      return uncached_;
    }
    std::string& key = s_.key;  // kept from one lookup to the next: no allocation each time
    key.assign(reinterpret_cast<const char*>(&type), sizeof type);
    key += f.key;
    append_canonical(key, name);
    auto it = cache_->answers.find(key);
    if (it == cache_->answers.end())
      it = cache_->answers.emplace(key, query(ctx_, ext_, name, type, f.zone)).first;
    return it->second;
  }

  std::shared_ptr<const SpfAt> spf_of(const Name& name, std::size_t ni) {
    const AskFrom& f = from(ni);
    if (!cache_) return std::make_shared<const SpfAt>(spf_at(ctx_, name, ext_, f.zone));
    std::string& key = s_.key;
    key = f.key;
    append_canonical(key, name);
    auto it = cache_->spf.find(key);
    if (it == cache_->spf.end())
      it = cache_->spf.emplace(key, std::make_shared<const SpfAt>(spf_at(ctx_, name, ext_, f.zone)))
               .first;
    return it->second;
  }

  // term_target(text(ni), t, the node's domain, &malformed). A domain-spec without '%' names
  // the same domain whichever record holds it (`include:spf.hostedmail.example.org` in tens
  // of thousands of records): with the cache, it is expanded and parsed once, and found again
  // by its text. (Parsing each term's spec was a third of the offline walks' time on the
  // 1M-record bench zone.) Only for the loaded records, whose texts outlive the cache.
  std::optional<Name> target_of(std::size_t ni, const Term& t, bool& malformed) {
    const std::string_view spec = text(ni).substr(t.arg_begin, t.arg_end - t.arg_begin);
    if (!cache_ || !w_.nodes[ni].loaded || !t.has_arg() || spec.find('%') != std::string_view::npos)
      return term_target(text(ni), t, w_.nodes[ni].domain, &malformed);
    auto [it, fresh] = cache_->targets.try_emplace(spec);
    StaticTarget& known = it->second;
    if (fresh) known.name = term_target(text(ni), t, w_.nodes[ni].domain, &known.malformed);
    malformed = known.malformed;
    return known.name;
  }

  // For a sender-dependent target: its fixed suffix when that does not exist in a complete
  // loaded zone (no wildcard above it either), so no expansion has records.
  std::optional<Name> void_suffix(std::size_t ni, const Term& t) {
    if (!t.has_arg()) return std::nullopt;
    auto suffix =
        fixed_suffix(text(ni).substr(t.arg_begin, t.arg_end - t.arg_begin), w_.nodes[ni].domain);
    if (!suffix) return std::nullopt;
    const Zone* z = from(ni).zone;
    const Resolution res = z ? resolve(ctx_, *suffix, *z) : resolve(ctx_, *suffix);
    if (res.kind != Resolution::nxdomain || ctx_.incomplete(*res.zone)) return std::nullopt;
    return suffix;
  }

  // a, mx, ptr, exists. Returns true when the term matches every sender (or may, as far as
  // can be known): an `exists` of a fixed name.
  bool plain_lookup(std::size_t ni, std::size_t k) {
    const Term t = w_.nodes[ni].parsed().terms[k];
    Lookup& l = w_.lookups.back();
    bool malformed = false;
    l.target = target_of(ni, t, malformed);
    if (!l.target) {
      if ((malformed || void_suffix(ni, t)) && t.kind != Kind::ptr) l.void4 = l.void6 = true;
      return false;
    }
    const Name target = *l.target;
    // A bare `a` or `mx` asks about the record's own name, which exists in its zone (it owns
    // the SPF record): one look at its records answers every type.
    const SpfRecord* rec = w_.nodes[ni].loaded.get();
    const bool at_own = !t.has_arg() && rec && rec->zone && !ctx_.incomplete(*rec->zone) &&
                        rec->zone == authoritative_for(ctx_, target, *rec->zone);
    // Valid until the next call (of ask_own or ask).
    auto ask_own = [&](std::uint16_t type) -> const Answer& {
      if (!at_own) return ask(target, type, ni);
      Answer& a = s_.own;  // its buffer is reused from one call to the next
      a.status = Answer::unknown;
      a.loaded.clear();
      a.external.clear();
      bool alias = false;
      // Ordered by type, not by file: the records of `type` are still in file order.
      for (auto i : rec->zone->owner_records(target)) {
        const Record& r = rec->zone->records[i];
        if (!in_zone(*rec->zone, r)) continue;
        if (r.type == rrtype::CNAME) alias = true;
        if (r.type != type) continue;
        if (r.has(kValueUnknown)) {
          a.loaded.clear();
          a.status = Answer::unknown;
          return a;
        }
        a.loaded.emplace_back(rec->zone, i);
      }
      if (alias) return ask(target, type, ni);
      a.status = a.loaded.empty() ? Answer::nodata : Answer::records;
      return a;
    };
    switch (t.kind) {
      case Kind::a: {
        // Each answer read before the next is asked (see ask_own).
        const bool void4 = ask_own(rrtype::A).is_void();
        const bool void6 = ask_own(rrtype::AAAA).is_void();
        w_.lookups.back().void4 = void4;
        w_.lookups.back().void6 = void6;
        break;
      }
      case Kind::exists: {
        const bool void4 = ask(target, rrtype::A, ni).is_void();  // always A (§5.7)
        w_.lookups.back().void4 = w_.lookups.back().void6 = void4;
        return !void4;
      }
      case Kind::mx: {
        const Answer& mx = ask_own(rrtype::MX);
        w_.lookups.back().void4 = w_.lookups.back().void6 = mx.is_void();
        if (mx.status == Answer::records && mx.size() > 10)
          w_.mx_over.push_back(MxOver{ni, k, target, mx});
        break;
      }
      default:
        break;  // ptr: the query depends on the sender's address
    }
    return false;
  }

  // include or redirect: find the target's record and evaluate it.
  bool follow(std::size_t ni, std::size_t k) {
    const Term t = w_.nodes[ni].parsed().terms[k];
    bool malformed = false;
    const auto target = target_of(ni, t, malformed);
    w_.lookups.back().target = target;
    if (!target) {
      if (malformed) {
        w_.missing.push_back(MissingTarget{ni, k, Name{}, false, true, nullptr, false});
        w_.lookups.back().void4 = w_.lookups.back().void6 = true;
      } else if (const auto suffix = void_suffix(ni, t)) {
        const Zone* z = from(ni).zone;
        w_.missing.push_back(MissingTarget{
            ni, k, *suffix, false, false,
            z ? authoritative_for(ctx_, *suffix, *z) : ctx_.authoritative_for(*suffix), true});
        w_.lookups.back().void4 = w_.lookups.back().void6 = true;
      } else {
        w_.lookups.back().outside = true;  // depends on the sender
      }
      return false;
    }
    // The path being evaluated is node ni and its parents, up to the root.
    for (std::size_t on_path = ni; on_path != Node::kNone; on_path = w_.nodes[on_path].parent) {
      if (w_.nodes[on_path].domain == *target) {
        w_.loops.push_back(LoopStep{ni, k, on_path});
        return false;
      }
    }
    if (w_.nodes[ni].depth + 1 > kMaxDepth) {
      w_.truncated = true;
      return false;
    }
    Node child;
    child.domain = *target;
    child.parent = ni;
    child.via_term = k;
    child.depth = w_.nodes[ni].depth + 1;
    const std::shared_ptr<const SpfAt> shared = spf_of(*target, ni);
    const SpfAt& at = *shared;
    if (at.status == SpfAt::unknown) {
      w_.lookups.back().outside = true;
      return false;
    }
    w_.lookups.back().void4 = w_.lookups.back().void6 = at.answer.is_void();
    if (at.status != SpfAt::one) {
      w_.missing.push_back(
          MissingTarget{ni, k, *target, at.status == SpfAt::multiple, false, at.zone, false});
      return false;
    }
    if (!at.loaded.empty()) {
      child.loaded = std::shared_ptr<const SpfRecord>(shared, &at.loaded.front());
    } else {
      auto external = std::make_shared<Node::External>();
      external->text = at.external.front();
      external->parsed = parse(external->text);
      child.external = std::move(external);
    }
    w_.nodes.push_back(std::move(child));
    const std::size_t ci = w_.nodes.size() - 1;
    return eval(ci);
  }

  const RuleContext& ctx_;
  const ExternalResolver& ext_;
  Walk& w_;
  WalkCache* cache_;
  WalkScratch own_scratch_;  // without a cache (walk()): the walk's own
  WalkScratch& s_;           // the cache's, or own_scratch_
  Answer uncached_;          // ask()'s last answer without a cache
};

// `domain` by value: the offline walks make it for each record, and it is moved into the root.
Walk walk_with(const RuleContext& ctx, const SpfRecord& root, Name domain,
               const ExternalResolver& ext, WalkCache* cache) {
  Walk w;
  Node n;
  n.domain = std::move(domain);
  n.loaded = std::shared_ptr<const SpfRecord>(std::shared_ptr<const SpfRecord>{}, &root);
  w.nodes.push_back(std::move(n));
  // The root's own lookups, counted ahead: for most records (those that include no record of
  // the loaded zones) the exact count, so that the list is allocated once, at its size.
  std::size_t expected = 0;
  const ParsedSpf& p = root.parsed;
  if (!p.permerror()) {
    const std::size_t end =
        p.first_all >= 0 ? static_cast<std::size_t>(p.first_all) : p.terms.size();
    for (std::size_t k = 0; k < end; ++k)
      if (p.terms[k].is_mechanism() && p.terms[k].counts_lookup()) ++expected;
    if (p.first_all < 0 && p.redirect >= 0) ++expected;
  }
  w.lookups.reserve(std::min(expected, kMaxWalkLookups));
  Walker(ctx, ext, w, cache).eval(0);
  return w;
}

}  // namespace

bool is_quiet(const Walk& w) {
  if (w.truncated || w.lookups.size() >= kLookupLimit || !w.missing.empty() || !w.loops.empty() ||
      !w.mx_over.empty())
    return false;
  std::size_t void4 = 0, void6 = 0;
  for (const Lookup& l : w.lookups) {
    void4 += l.void4 ? 1 : 0;
    void6 += l.void6 ? 1 : 0;
  }
  return void4 <= kVoidLookupLimit && void6 <= kVoidLookupLimit;
}

const OfflineWalks& offline_walks(const RuleContext& ctx) {
  return ctx.memo<OfflineWalks>("spf.walks", [&] {
    OfflineWalks out;
    WalkCache cache;
    std::optional<LiveResolver> live;
    if (ctx.external()) live.emplace(*ctx.external());
    const ExternalResolver& ext =
        live ? static_cast<const ExternalResolver&>(*live) : offline_resolver();
    const auto& sets = spf_sets(ctx);
    std::size_t n = 0;
    out.first.reserve(sets.size() + 1);
    for (const auto& set : sets) {
      out.first.push_back(static_cast<std::uint32_t>(n));
      n += set.records.size();
    }
    out.first.push_back(static_cast<std::uint32_t>(n));
    out.kept.reserve(n);
    // The walks read each record's text first (target_of), which lies in its zone's rdata, in
    // file order: a miss on memory a record, waited for one after the other. The text of the
    // record kAhead records on is prefetched, so that the waits overlap. (The sets' records
    // are one array, set after set: spf_sets.)
    constexpr std::size_t kAhead = 8;
    const SpfRecord* all = sets.empty() ? nullptr : sets.front().records.data();
    std::size_t j = 0;  // the index in `all` of the record being walked
    for (const auto& set : sets) {
      for (const auto& r : set.records) {
        if (j + kAhead < n) __builtin_prefetch(all[j + kAhead].text().data());
        ++j;
        Walk w = walk_with(ctx, r, Name(set.owner), ext, &cache);
        if (!ctx.external() && is_quiet(w)) {
          out.kept.push_back(OfflineWalks::kQuiet);
          continue;
        }
        out.kept.push_back(static_cast<std::uint32_t>(out.walks.size()));
        out.walks.push_back(std::move(w));
      }
    }
    out.walks.shrink_to_fit();
    return out;
  });
}

Walk walk(const RuleContext& ctx, const SpfRecord& root, const Name& domain,
          const ExternalResolver& ext) {
  return walk_with(ctx, root, domain, ext, nullptr);
}

}  // namespace zl::spf
