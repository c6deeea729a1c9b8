// Helpers shared by the MX rules and the target-name rules.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lint/rule_support.hpp"

namespace zl::mx {

// An MX record's value as the MX rules read it: MxData with the exchange a view (8 bytes, not
// a Name's 32 and, for a name over 31 octets, a heap block of its own) of the run's one store of
// distinct exchange names (mx_sets), which lives as long as the records.
struct MxValue {
  std::uint16_t preference = 0;
  NameView exchange;
  bool is_null() const { return exchange.is_root(); }
};

struct MxRecord {
  const Zone* zone = nullptr;
  const Record* rec = nullptr;
  MxValue data;
};

// Every MX record of the linted zones whose owner is in its zone, whose value is known and
// decodes; zones in run order, records in file order. Records of the array that mx_sets'
// records view: one decoded copy of each MX record per run, not one per memo (4 bytes a
// record here, an index in that array, instead of 32). File order, not the sets' owner order,
// because the rules that read this go on to the record's fields in the source text, and in
// file order those reads are sequential, not a cache miss each. Computed once per run
// (RuleContext::memo).
class MxRecordList {
 public:
  class iterator {
   public:
    using value_type = const MxRecord*;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(const MxRecord* base, const std::uint32_t* at) : base_(base), at_(at) {}
    const MxRecord* operator*() const { return base_ + *at_; }
    iterator& operator++() {
      ++at_;
      return *this;
    }
    iterator operator++(int) {
      iterator was = *this;
      ++at_;
      return was;
    }
    bool operator==(const iterator& o) const { return at_ == o.at_; }

   private:
    const MxRecord* base_ = nullptr;
    const std::uint32_t* at_ = nullptr;
  };
  iterator begin() const { return {base_, order_.data()}; }
  iterator end() const { return {base_, order_.data() + order_.size()}; }
  std::size_t size() const { return order_.size(); }
  bool empty() const { return order_.empty(); }
  const MxRecord* operator[](std::size_t i) const { return base_ + order_[i]; }
  const MxRecord* front() const { return base_ + order_.front(); }

 private:
  friend const MxRecordList& mx_records(const RuleContext& ctx);
  const MxRecord* base_ = nullptr;    // the MX sets' array
  std::vector<std::uint32_t> order_;  // indexes in it, in file order
};
const MxRecordList& mx_records(const RuleContext& ctx);

// The MX records grouped by (zone, owner), owners in canonical order. `complete` is false when
// some MX of the owner has a value unknown until apply: set-wide rules must then stay quiet.
struct MxSet {
  const Zone* zone = nullptr;
  NameView owner;  // in the zone's owner store
  // In file order. A view: the run's sets share one array of records (one allocation, not one
  // per owner), which lives as long as the sets. Kept as a pointer and a count (32 bytes a set,
  // not a span's 40).
  std::span<const MxRecord> records() const { return {first, count}; }
  const MxRecord* first = nullptr;
  std::uint32_t count = 0;
  bool complete = true;
};
// Computed once per run (RuleContext::memo).
const std::vector<MxSet>& mx_sets(const RuleContext& ctx);

// Where the exchange of an MX record resolves: resolve(ctx, m.data.exchange, *m.zone), with
// the name that answers as a pointer, valid for the run.
struct ExchangeResolution {
  Resolution::Kind kind = Resolution::outside;
  const Zone* zone = nullptr;
  const NameView* source = nullptr;  // Resolution::source; nullptr only when `outside`
  // What the answering name (`source`) owns in `zone`, for `exists` and `wildcard` (false for
  // the other kinds), learnt by the lookup that resolved it: the MX rules ask these of every
  // exchange, and each question was another lookup of the name.
  bool owns_records = false;    // any record (not an empty non-terminal)
  bool owns_cname = false;      // a CNAME
  bool owns_address = false;    // an A or AAAA
  bool source_in_zone = false;  // at or below the origin: in_zone() holds for its records
  // Does the name own an in-zone CNAME (mx-target-cname's question), an in-zone A or AAAA
  // (targets::has_address)?
  bool in_zone_cname() const { return owns_cname && source_in_zone; }
  bool has_address() const { return owns_address && source_in_zone; }
  // For a record of an MX set of several records (mx-no-redundancy's question): the name that
  // answers (`exists` or `wildcard`) owns A or AAAA records, all of known value, and the same
  // addresses (types and values, as a set) as that of the set's first record, which has this
  // true when it owns such records at all. Told from the records the resolution found.
  bool same_addresses = false;
};
// The resolutions of the exchanges of every record of mx_records (and mx_sets), made once per
// run (RuleContext::memo): mx-target-cname, mx-target-no-address and mx-no-redundancy each
// resolved every exchange, four or five owner lookups in a zone far larger than the caches for
// each of the ~70,000 in-zone exchanges of the 1M-record bench zone. A rule asks for the memo
// once and keeps it: a memo lookup (a lock and a map) per record cost as much as the resolve.
class ExchangeResolutions {
 public:
  // `m` must be a record of mx_records or mx_sets (std::logic_error otherwise).
  ExchangeResolution of(const MxRecord& m) const;

 private:
  friend const ExchangeResolutions& exchange_resolutions(const RuleContext& ctx);
  // One entry per record of the MX sets' array, in its order. The answering name is the
  // exchange itself unless it is a wildcard, a delegation point or a DNAME owner (rare): those
  // are kept apart, and the zone that answers is an index in the few distinct such zones, so
  // an entry is 8 bytes rather than a Resolution's 48, with what the name owns in 5 bits.
  static constexpr std::uint32_t kExchange = 0x0fffffffu;  // `other`: the exchange answers
  static constexpr std::uint32_t kMaxZones = 0x0fffffffu;  // of zones_
  enum Owns : std::uint8_t { kRecords = 1, kCname = 2, kAddress = 4, kInZone = 8 };
  struct Entry {
    std::uint32_t zone : 28 = 0;           // in zones_
    std::uint32_t owns : 4 = 0;            // Owns bits
    std::uint32_t other : 28 = kExchange;  // else the index in `others_`
    std::uint32_t kind : 3 = Resolution::outside;
    std::uint32_t same_addresses : 1 = 0;
  };
  static_assert(Resolution::nxdomain < 8, "a kind fits 3 bits");
  static_assert(sizeof(Entry) == 8);
  std::span<const MxRecord> records_;  // the MX sets' array
  std::vector<Entry> entries_;
  std::vector<const Zone*> zones_;  // zones_[0] is nullptr
  std::vector<Name> other_names_;
  std::vector<NameView> others_;  // of other_names_, made once that is complete
};
const ExchangeResolutions& exchange_resolutions(const RuleContext& ctx);

// The exchange as written (field 1), or "" when the front end kept no text.
std::string_view exchange_text(const RuleContext& ctx, const MxRecord& m);
Span exchange_span(const RuleContext& ctx, const MxRecord& m);

// Is `text` an IPv4 or IPv6 address, with or without one final dot (inet_pton)?
bool text_is_ip_address(std::string_view text);
// Does `name` read as an address, absolute (`192.0.2.1.`) or relative to `origin`
// (`192.0.2.1.<origin>`)? How a name written as an address expanded.
bool name_reads_as_ip(NameView name, NameView origin);
// Can a name field of `r` that expanded to `name` have been written as an address? Not when
// the origin it was written under is known (written_origin_labels) and the name does not read
// as one: a test on the name that spares reading the text of nearly every target.
bool may_be_written_as_ip(const Zone& z, const Record& r, NameView name);
// Is the exchange written as an address (mx-target-ip)? Uses the text as written; without text,
// the name itself (`192.0.2.1.` or `192.0.2.1.<origin>`).
bool exchange_is_ip(const RuleContext& ctx, const MxRecord& m);

// How a front end reads a name-valued field written without a final dot.
enum class RelativeNames : std::uint8_t {
  origin_appended,    // zone files: the origin is appended (RFC 1035 §5.1)
  always_absolute,    // Route 53, and Route 53/Cloudflare/Azure in Terraform: fully qualified
  refused,            // octoDNS, Google Cloud DNS: the tool refuses it
  refused_if_dotted,  // DNSControl: a single label gets the domain, a dotted name is refused
};
RelativeNames relative_names(const Zone& z);
// The tool that refuses such a name in zone `z`'s format ("octoDNS", "DNSControl", "Google
// Cloud DNS"), "" for formats that refuse none.
std::string_view relative_names_tool(const Zone& z);
// Does the front end of `z` refuse a target written as `text` (no final dot)?
bool refused_without_dot(const Zone& z, std::string_view text);

// missing-trailing-dot's test on a target name written as `text` in zone `z`. Returns why the
// text reads as a full name that lacks its final dot ("" when it doesn't, when the text ends
// with a dot, or when the zone's names are always absolute). In formats whose tool refuses a
// relative target (octoDNS; DNSControl for a dotted name; Google Cloud DNS) every such text
// reads as one: "octoDNS refuses a name without a final dot".
std::string reads_as_full_name(const RuleContext& ctx, const Zone& z, std::string_view text);
// Is `text` (no final dot) a name whose labels end with the origin of `z` (`mx2.example.com`
// in zone `example.com.`)? The first of reads_as_full_name's reasons, the one that leaves no
// doubt about the name meant.
bool ends_with_origin(const Zone& z, std::string_view text);

}  // namespace zl::mx
