// TTL tracking of the zone-file loader: the TTL context of RFC 1035 §5.1 and RFC 2308 §4 as
// BIND 9 keeps it and as Knot keeps it, and the facts about it that the rules in rules/meta/
// report (Record::ttl_source, Zone::ttl_facts). Internal to the loader.
#pragma once

#include <cstdint>
#include <optional>

#include "core/source.hpp"
#include "model/zone.hpp"

namespace zl::zone_detail {

constexpr std::uint32_t kMaxTtl = 0x7fffffffu;  // RFC 2181 §8

// $TTL, and without it the TTL of the last record that had one (BIND 9's reading).
struct TtlState {
  std::uint32_t default_ttl = 0;
  bool default_known = false;
  bool default_from_soa = false;
  std::uint32_t last_ttl = 0;
  bool last_known = false;

  // The TTL a record written without one takes; nullopt: none.
  std::optional<std::uint32_t> implicit() const {
    if (default_known) return default_ttl;
    if (last_known) return last_ttl;
    return std::nullopt;
  }
  void set_default(std::uint32_t ttl, bool from_soa) {
    default_ttl = ttl;
    default_known = true;
    default_from_soa = from_soa;
  }
  // A record was stored, with its own TTL or without one.
  void record(std::optional<std::uint32_t> explicit_ttl) {
    if (explicit_ttl) {
      last_ttl = *explicit_ttl;
      last_known = true;
    } else if (default_known) {
      last_ttl = default_ttl;
      last_known = true;
    }
  }
};

// The TTL of one record, as settled before its rdata is read.
struct SettledTtl {
  std::uint32_t ttl = 0;  // own_soa_minimum: set once the rdata is read (soa_minimum)
  TtlSource source = TtlSource::none;
  Span inherited_from;  // the TTL token of the last record that had one, before this record
};

// The TTL context of one zone across its files, and the facts recorded about it.
class TtlTracker {
 public:
  // `default_ttl`: a $TTL in force before the first line (ParseOptions::default_ttl).
  TtlTracker(TtlFacts& facts, std::optional<std::uint32_t> default_ttl);

  // The TTL a record written without one takes; nullopt: none.
  std::optional<std::uint32_t> implicit() const { return bind_.implicit(); }

  // $TTL, its value token at `value`.
  void set_directive(std::uint32_t ttl, Span value);
  // Settles the TTL of a record of `type` written with `explicit_ttl` (its token at
  // `ttl_span`), and moves the context on: it does even when the rdata turns out bad, as in
  // BIND.
  SettledTtl settle(std::optional<std::uint32_t> explicit_ttl, Span ttl_span, std::uint16_t type);
  // An SOA without any TTL source took its own `minimum` (its type token at `type_span`): the
  // minimum stands in for $TTL from here on, as in BIND.
  void soa_minimum(std::uint32_t minimum, Span type_span);
  // A record settled as `s` is stored: records what the ttl rules report about it.
  void stored(const SettledTtl& s, Span type_span, NameView owner, std::uint16_t type);

  // Around an $INCLUDE: Knot's context before it, to restore afterwards.
  TtlState knot_state() const { return knot_; }
  // After the $INCLUDE entry `include` pulled in `included`: Knot restores its context, BIND
  // does not; records that the difference reaches are recorded as an include leak.
  void include_done(const TtlState& knot_before, Span include, FileId included);
  // The end of the zone: records the open include leak.
  void finish() { close_leak(); }

  // The parallel parse (zone_parallel.cpp). A stretch parsed on its own starts from a copy of
  // the context of `other` (not its facts).
  void copy_context(const TtlTracker& other);
  // The zone takes the context at the end of a stretch: all of it, but the last record's TTL
  // only if the stretch set it (else the stretch held a copy of an assumed one).
  void take_context(const TtlTracker& stretch);
  // Whether records read in context `other` settle their TTLs as in this one, but for the
  // last record's TTL: the same $TTL (or SOA minimum standing in for it), or none, for BIND
  // and for Knot, from the same source, and no include leak open.
  bool same_context(const TtlTracker& other) const;
  // Whether a record took (or found no) TTL from the last record before any record of this
  // tracker's own had one, with no $TTL in force: a stretch that did depends on the records
  // before it.
  bool read_start_last() const { return read_start_last_; }
  // Whether an $INCLUDE's $TTL leak is open (then no stretch can assume this context).
  bool leak_open() const { return leak_.has_value(); }

 private:
  void close_leak();

  TtlFacts& facts_;
  TtlState bind_;        // BIND's: what an $INCLUDEd file leaves in force stays
  TtlState knot_;        // the same, restored after each $INCLUDE as Knot does
  Span default_source_;  // what last set bind_'s default: a $TTL value or an SOA type token
  bool default_from_soa_ = false;
  std::optional<TtlFacts::IncludeLeak> leak_;  // open since the last $INCLUDE
  Span last_ttl_span_;                         // the TTL token of the last record that had one
  bool own_last_ = false;         // a record with a TTL of its own was settled (see above)
  bool read_start_last_ = false;  // see read_start_last
};

}  // namespace zl::zone_detail
