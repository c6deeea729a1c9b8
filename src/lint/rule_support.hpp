// Helpers shared by rules: where to point, how to look a name up across the zones of a run,
// and how a finding is built. Nothing here knows about policy (selection, severity overrides,
// suppressions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lint/context.hpp"
#include "lint/rule.hpp"

namespace zl {

// The owner token when it is written, else the type token, else the whole entry.
Span anchor_span(const Zone& z, const Record& r);
// Field `i` of a record, or anchor_span when the record has no such field (hand-built zones).
// A zone-file record's fields are lexed from its entry's text in `src` (Zone::fields_of): ask
// for the records a finding reports, not for every record.
Span field_span(const SourceSet& src, const Zone& z, const Record& r, std::size_t i);
// From the first to the last rdata field when they are in one file, else anchor_span.
Span rdata_span(const SourceSet& src, const Zone& z, const Record& r);
// The TTL token of an entry that wrote one (scanned between the owner and the type token),
// else the type token.
Span ttl_span(const SourceSet& src, const Zone& z, const Record& r);

// Is the record's owner at or below its zone's origin? Rules skip out-of-zone records (BIND
// ignores them); `out-of-zone` reports them.
inline bool in_zone(const Zone& z, const Record& r) {
  return z.owner(r).is_subdomain_of(z.origin);
}

// How `r` was written, as far as the zone-file parser recorded it (kTextNotPlain and
// kOriginDeeper, model/zone.hpp), so that rules asking about every record can answer from the
// values and read the source text only for what they report. The number of labels of the
// origin its relative names were written under (a relative name's text is then its labels
// above that many of its last ones; an absolute one's all its labels and a final dot), or
// nullopt when only the text tells (other front ends, $GENERATE, an $ORIGIN of another length).
// `zone_origin_labels`: z.origin.label_count(), for a caller that asks about many records of
// one zone and counts the origin's labels once.
inline std::optional<std::size_t> written_origin_labels(const Zone& z, const Record& r,
                                                        std::size_t zone_origin_labels) {
  if (z.format != InputFormat::zone || r.has(kGenerated)) return std::nullopt;
  if (!r.has(kOriginDeeper)) return zone_origin_labels;
  if (r.has(kTextNotPlain)) return std::nullopt;
  return zone_origin_labels + 1;
}
inline std::optional<std::size_t> written_origin_labels(const Zone& z, const Record& r) {
  return written_origin_labels(z, r, z.origin.label_count());
}
// Is `r` written plainly: written_origin_labels known, and no escape in its tokens (a name's
// labels are its text's, a character-string's bytes its token's, quoted or not)?
inline bool written_plainly(const Zone& z, const Record& r) {
  return !r.has(kTextNotPlain) && z.format == InputFormat::zone && !r.has(kGenerated);
}

// How a name resolves among the zones of a run, without the network.
struct Resolution {
  enum Kind : std::uint8_t {
    outside,      // no linted zone is authoritative: nothing can be said
    delegated,    // at or below a delegation point of its zone: the child decides
    below_dname,  // below a DNAME: the name is an alias (RFC 6672)
    exists,       // the name owns records or is an empty non-terminal
    wildcard,     // the name does not exist but a wildcard synthesises it (RFC 4592)
    nxdomain,     // the name does not exist in its zone
  };
  Kind kind = outside;
  const Zone* zone = nullptr;
  Name source;  // the owner whose records answer: the name, the wildcard, the DNAME or the cut
};
Resolution resolve(const RuleContext& ctx, NameView name);
// The same question asked by a record of zone `from`. A run can hold two copies of one zone
// (split-horizon views in two zone files, a zone file and its octoDNS YAML): where `from` is as
// authoritative for `name` as the zone resolve() picks (the same origin), `from` answers, so
// each copy is checked against itself and a finding never blames one copy for the other's
// records.
Resolution resolve(const RuleContext& ctx, NameView name, const Zone& from);
// ctx.authoritative_for(name), with the same preference for `from`.
const Zone* authoritative_for(const RuleContext& ctx, NameView name, const Zone& from);

// resolve(ctx, name, from) for a caller that asks about many names and keeps them (a memo of
// resolutions): the same answer, with what the lookup that decided it found on the way.
struct Lookup {
  Resolution::Kind kind = Resolution::outside;
  const Zone* zone = nullptr;
  // Resolution::source, unless it is the name asked (`exists`, `nxdomain`) or there is none
  // (`outside`): a wildcard, a DNAME owner or a delegation point (the name itself, as the zone
  // spells it, when it is one). A long name is a heap block: a caller that keeps the name it
  // asked about spares the copy.
  std::optional<Name> other;
  // For `exists` and `wildcard`: the records of the name that answers, as
  // Zone::owner_records(source) gives them (empty for an empty non-terminal), found by the
  // lookup that decided: a question about them (an alias? an address?) needs no other lookup.
  std::span<const std::uint32_t> records;
};
// The name is a view: a caller that holds the name in a store of its own (an MX exchange, a
// target read from rdata) asks without making a Name of it.
Lookup look_up(const RuleContext& ctx, NameView name);  // as resolve(ctx, name)
Lookup look_up(const RuleContext& ctx, NameView name, const Zone& from);

// The records of several types (records_of_types): their indices in file order, merged as
// they are read from each type's Zone::records_of_type. A single-pass range (begin() once), a
// view valid as long as the zone and its index. Merging on the fly keeps no list: a vector of
// the A and AAAA records of a 1M-record zone and std::inplace_merge's buffer took 4 MB.
class RecordsOfTypes {
 public:
  explicit RecordsOfTypes(std::vector<TypeRecords> parts);
  bool empty() const { return empty_; }

  class iterator {
   public:
    using value_type = std::uint32_t;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::input_iterator_tag;
    using pointer = const std::uint32_t*;
    using reference = std::uint32_t;
    iterator() = default;  // the end
    explicit iterator(const std::vector<TypeRecords>& parts);
    std::uint32_t operator*() const { return current_; }
    iterator& operator++() {
      advance();
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      advance();
      return old;
    }
    friend bool operator==(const iterator& a, const iterator& b) {
      return a.done_ == b.done_ && (a.done_ || a.current_ == b.current_);
    }

   private:
    void advance();  // to the least index left over all the parts
    struct Head {
      TypeRecords::iterator at, end;
    };
    std::vector<Head> heads_;  // the parts not used up
    std::uint32_t current_ = 0;
    bool done_ = true;
  };
  iterator begin() const { return iterator(parts_); }
  static iterator end() { return {}; }

 private:
  std::vector<TypeRecords> parts_;  // the non-empty ones
  bool empty_ = true;
};

// Indices of the records of any of `types` (in zone or not), in file order: what a rule about
// those types reads, without a pass over all the zone's records (see Zone::records_of_type).
RecordsOfTypes records_of_types(const Zone& z, std::initializer_list<std::uint16_t> types);

// Indices of in-zone records at `owner` of `type` whose value is known.
std::vector<std::uint32_t> known_records(const Zone& z, NameView owner, std::uint16_t type);

// A finding about record `r` of zone `z`, with owner and type filled in.
Diagnostic make_finding(const Rule& rule, const Zone& z, const Record& r, Span span,
                        Message message);
// Appends a note.
void add_note(Diagnostic& d, Span span, std::string message);

// 'name.' as text for messages: the presentation form with the original spelling.
std::string quoted(NameView n);

}  // namespace zl
