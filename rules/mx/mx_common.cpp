#include "rules/mx/mx_common.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "lint/psl.hpp"
#include "rules/mail/mail_records.hpp"

namespace zl::mx {

namespace {

// The names the records' exchanges view (MxValue::exchange): each distinct exchange once (byte
// for byte, so that a name is shown as written), in NameView's layout (a wire length, then the
// wire), in blocks that never move. The exchanges of a large zone repeat (a provider's names at
// thousands of owners): the 140,000 of the 1M-record bench zone are ~70,000 names, 2.2 MB here,
// where a Name in each record took 32 bytes and, over 31 octets (55,000 of them), a heap block.
class ExchangeNames {
 public:
  // The view of `wire` (a well-formed wire name), added when new. The table that finds a name
  // again is kept only while the memo is made (done()).
  NameView add(std::string_view wire) {
    if (2 * (used_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    const std::size_t hash = std::hash<std::string_view>{}(wire);
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      if (slots_[i] == 0) {
        if (blocks_.empty() || kBlock - end_ < 1 + wire.size()) {
          blocks_.push_back(std::make_unique_for_overwrite<unsigned char[]>(kBlock));
          end_ = 0;
        }
        unsigned char* p = blocks_.back().get() + end_;
        p[0] = static_cast<unsigned char>(wire.size());
        std::memcpy(p + 1, wire.data(), wire.size());
        slots_[i] = static_cast<std::uint32_t>(((blocks_.size() - 1) << 16) | end_) + 1;
        end_ += 1 + wire.size();
        ++used_;
        return NameView::from_prefixed(p);
      }
      const NameView seen = at(slots_[i]);
      if (seen.wire() == wire) return seen;
    }
  }
  void done() { slots_ = std::vector<std::uint32_t>(); }  // `= {}` would keep the capacity

 private:
  // A block holds a name (at most 256 bytes here) at any offset below 65,536, so a slot's
  // value, 1 + (block << 16 | offset), fits 32 bits.
  static constexpr std::size_t kBlock = 65536;
  NameView at(std::uint32_t slot) const {
    return NameView::from_prefixed(blocks_[(slot - 1) >> 16].get() + ((slot - 1) & 0xffff));
  }
  void grow() {
    std::vector<std::uint32_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : 2 * old.size(), 0);
    const std::size_t mask = slots_.size() - 1;
    for (const std::uint32_t s : old) {
      if (s == 0) continue;
      std::size_t i = std::hash<std::string_view>{}(at(s).wire()) & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<std::unique_ptr<unsigned char[]>> blocks_;
  std::size_t end_ = 0;               // of the names in the last block
  std::vector<std::uint32_t> slots_;  // open addressing, at most half full; 0 is an empty slot
  std::size_t used_ = 0;
};

// The sets, the one array their records view, and the names those view.
struct SetsAndRecords {
  std::vector<MxRecord> records;
  std::vector<MxSet> sets;
  ExchangeNames exchanges;
};

SetsAndRecords compute_mx_sets(const RuleContext& ctx) {
  // First the MX records owner by owner, as pointers taken from the zones' indexes without
  // reading a record: each owner's records are one run of its zone's index, by type then file
  // order, so its MX records are already in the order the sets are reported in.
  struct Owner {
    const Zone* zone;
    std::uint32_t end;  // its records are recs[previous owner's end .. end)
  };
  std::vector<const Record*> recs;
  std::vector<Owner> owners;
  std::size_t mx_count = 0;
  for (const Zone* z : ctx.zones()) mx_count += z->records_of_type(rrtype::MX).size();
  recs.reserve(mx_count);
  for (const Zone* z : ctx.zones()) {
    const auto [first_owner, end_owner] = z->in_zone_owners();
    for (std::size_t k = first_owner; k < end_owner; ++k) {
      const auto mxs = z->owner_run(k, rrtype::MX);
      if (mxs.empty()) continue;
      for (const std::uint32_t i : mxs) recs.push_back(&z->records[i]);
      owners.push_back(Owner{z, static_cast<std::uint32_t>(recs.size())});
    }
  }
  // Then the records. The arrays are sized once, so the record array never moves: the sets
  // view it as they are made, and no growth copies it (140,000 records of 56 bytes on the
  // 1M-record bench zone, copied about twice over by doubling, then again to shrink it).
  // Owner order scatters the records over each zone's (large) records array: each is
  // prefetched a few places ahead, so that the waits on memory overlap.
  SetsAndRecords out;
  out.records.reserve(recs.size());
  out.sets.reserve(owners.size());
  constexpr std::size_t kAhead = 8;  // the rdata this far ahead, the record twice as far
  std::size_t j = 0;
  for (const Owner& owner : owners) {
    const Zone& z = *owner.zone;
    const Record& first = *recs[j];
    const std::size_t begin = out.records.size();
    bool complete = true;
    for (; j < owner.end; ++j) {
      if (j + 2 * kAhead < recs.size()) {
        const Record* ahead = recs[j + 2 * kAhead];
        __builtin_prefetch(ahead);
        __builtin_prefetch(reinterpret_cast<const char*>(ahead) + sizeof(Record) - 1);
      }
      // The rdata too (an arena in file order, so as scattered), once the record that says
      // where it is has been fetched: half as far ahead, and in this zone only.
      if (j + kAhead < recs.size()) {
        const Record* ahead = recs[j + kAhead];
        const std::less_equal<> le;  // a total order, even across arrays
        if (le(z.records.data(), ahead) && le(ahead, &z.records.back()))
          __builtin_prefetch(z.rdata_arena.data() + ahead->rdata_off);
      }
      const Record& r = *recs[j];
      // What as_mx decodes (a preference, then a well-formed wire name that ends the rdata),
      // read in place: the name is copied only into the store, once for each distinct name.
      const std::string_view w = z.rdata(r);
      if (r.type != rrtype::MX || r.has(kValueUnknown) || w.size() < 3 ||
          !Name::is_valid_wire(w.substr(2))) {
        complete = false;
        continue;
      }
      const auto preference = static_cast<std::uint16_t>((static_cast<unsigned char>(w[0]) << 8) |
                                                         static_cast<unsigned char>(w[1]));
      out.records.push_back(MxRecord{&z, &r, MxValue{preference, out.exchanges.add(w.substr(2))}});
    }
    out.sets.push_back(MxSet{&z, z.owner(first), out.records.data() + begin,
                             static_cast<std::uint32_t>(out.records.size() - begin), complete});
  }
  out.exchanges.done();
  return out;
}

const SetsAndRecords& sets_and_records(const RuleContext& ctx) {
  // The memo keeps the value it is given by move: the array keeps its buffer, and the views
  // stay valid.
  return ctx.memo<SetsAndRecords>("mx.sets", [&] { return compute_mx_sets(ctx); });
}

}  // namespace

const std::vector<MxSet>& mx_sets(const RuleContext& ctx) {
  return sets_and_records(ctx).sets;
}

const MxRecordList& mx_records(const RuleContext& ctx) {
  return ctx.memo<MxRecordList>("mx.records", [&] {
    const std::vector<MxRecord>& records = sets_and_records(ctx).records;
    MxRecordList out;
    out.base_ = records.data();
    out.order_.reserve(records.size());
    // The array holds each zone's records together (zones in run order), by owner: within a
    // zone, a record's index in zone->records is its file order. Each zone's stretch is sorted
    // as keys of that index and the place in the array, one 8-byte integer each: a sort of the
    // places, comparing them through the array's records, waited on memory at most of its steps
    // (the array is 4.5 MB on the 1M-record bench zone).
    std::vector<std::uint64_t> keys;
    for (std::size_t begin = 0, end = 0; begin < records.size(); begin = end) {
      const Zone* z = records[begin].zone;
      while (end < records.size() && records[end].zone == z) ++end;
      keys.clear();
      keys.reserve(end - begin);
      for (std::size_t i = begin; i < end; ++i)
        keys.push_back(static_cast<std::uint64_t>(records[i].rec - z->records.data()) << 32 | i);
      std::sort(keys.begin(), keys.end());
      for (const std::uint64_t k : keys) out.order_.push_back(static_cast<std::uint32_t>(k));
    }
    return out;
  });
}

namespace {

// The A and AAAA records among `records` (one owner's) as (type, rdata), sorted and distinct,
// into `out`; false when one's value is unknown.
using Addresses = std::vector<std::pair<std::uint16_t, std::string_view>>;
bool addresses_of(const Zone& z, std::span<const std::uint32_t> records, Addresses& out) {
  out.clear();
  for (const std::uint32_t i : records) {
    const Record& r = z.records[i];
    if (r.type != rrtype::A && r.type != rrtype::AAAA) continue;
    if (r.has(kValueUnknown)) return false;
    out.emplace_back(r.type, z.rdata(r));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return true;
}

}  // namespace

const ExchangeResolutions& exchange_resolutions(const RuleContext& ctx) {
  return ctx.memo<ExchangeResolutions>("mx.resolutions", [&] {
    using E = ExchangeResolutions;
    const SetsAndRecords& sets = sets_and_records(ctx);
    E out;
    out.records_ = sets.records;
    out.entries_.reserve(out.records_.size());
    out.zones_.push_back(nullptr);
    std::unordered_map<const Zone*, std::uint32_t> zone_index{{nullptr, 0}};
    const Zone* last_zone = nullptr;
    std::uint32_t last_index = 0;
    Addresses first_addresses, addresses;  // of a set's first record, of the record at hand
    // A run of one zone (a large zone is linted alone): an exchange outside it is outside every
    // loaded zone, and resolves to nothing (`outside`) without a lookup: half the exchanges of
    // the 1M-record bench zone are other domains' names. The others are looked up as views of
    // the exchange store (look_up takes a NameView): no copy of the name.
    const Zone* only = ctx.zones().size() == 1 ? ctx.zones().front() : nullptr;
    // Set by set: each set's records are the next ones of the array.
    for (const MxSet& set : sets.sets) {
      bool first_known = false;  // first_addresses holds the first record's addresses
      for (std::size_t j = 0; j < set.count; ++j) {
        const MxRecord& r = set.first[j];
        Lookup res;
        if (!only || r.data.exchange.is_subdomain_of(only->origin))
          res = look_up(ctx, r.data.exchange, *r.zone);
        // The zone that answers, as an index in the distinct such zones; nearly always the one
        // of the record before.
        if (res.zone != last_zone) {
          last_zone = res.zone;
          const auto [at, added] =
              zone_index.try_emplace(res.zone, static_cast<std::uint32_t>(out.zones_.size()));
          if (added) {
            if (out.zones_.size() >= E::kMaxZones)
              throw std::length_error("exchange resolutions: too many zones");
            out.zones_.push_back(res.zone);
          }
          last_index = at->second;
        }
        E::Entry e;
        e.zone = last_index;
        e.kind = res.kind;
        if (res.kind == Resolution::exists || res.kind == Resolution::wildcard) {
          // What the answering name owns, from its records' types.
          unsigned owns = 0;
          for (const std::uint32_t i : res.records) {
            const std::uint16_t type = res.zone->records[i].type;
            owns |= E::kRecords;
            if (type == rrtype::CNAME) owns |= E::kCname;
            if (type == rrtype::A || type == rrtype::AAAA) owns |= E::kAddress;
          }
          // in_zone() of each of them: their owner is the answering name.
          const NameView source = res.other ? NameView(*res.other) : r.data.exchange;
          if (source.is_subdomain_of(res.zone->origin)) owns |= E::kInZone;
          e.owns = owns;
          // The addresses, compared with the first record's (the same exchange has the same).
          if (set.count > 1 && (owns & E::kAddress) != 0) {
            if (j == 0) {
              first_known = addresses_of(*res.zone, res.records, first_addresses);
              e.same_addresses = first_known;
            } else if (first_known) {
              e.same_addresses =
                  r.data.exchange == set.first[0].data.exchange ||
                  (addresses_of(*res.zone, res.records, addresses) && addresses == first_addresses);
            }
          }
        }
        if (res.other && !(*res.other == r.data.exchange)) {
          if (out.other_names_.size() >= E::kExchange)
            throw std::length_error("exchange resolutions: too many answering names");
          e.other = static_cast<std::uint32_t>(out.other_names_.size());
          out.other_names_.push_back(std::move(*res.other));
        }
        out.entries_.push_back(e);
      }
    }
    if (out.entries_.size() != out.records_.size())
      throw std::logic_error("exchange resolutions: the sets do not cover the records");
    // The views once the names no longer move (a short Name's octets are inside it).
    out.others_.assign(out.other_names_.begin(), out.other_names_.end());
    return out;
  });
}

ExchangeResolution ExchangeResolutions::of(const MxRecord& m) const {
  const std::less_equal<> le;  // a total order, even for a record from elsewhere
  if (records_.empty() || !le(records_.data(), &m) || !le(&m, &records_.back()))
    throw std::logic_error("exchange resolution: not a record of mx_records or mx_sets");
  const Entry& e = entries_[static_cast<std::size_t>(&m - records_.data())];
  const auto kind = static_cast<Resolution::Kind>(e.kind);
  const Zone* zone = zones_[e.zone];
  ExchangeResolution out;
  out.kind = kind;
  out.zone = zone;
  if (kind == Resolution::outside) return out;
  out.source = e.other == kExchange ? &m.data.exchange : &others_[e.other];
  out.owns_records = (e.owns & kRecords) != 0;
  out.owns_cname = (e.owns & kCname) != 0;
  out.owns_address = (e.owns & kAddress) != 0;
  out.source_in_zone = (e.owns & kInZone) != 0;
  out.same_addresses = e.same_addresses != 0;
  return out;
}

std::string_view exchange_text(const RuleContext& ctx, const MxRecord& m) {
  return m.zone->field_text(*m.rec, 1, ctx.sources());  // empty past the last field
}

Span exchange_span(const RuleContext& ctx, const MxRecord& m) {
  return field_span(ctx.sources(), *m.zone, *m.rec, 1);
}

bool text_is_ip_address(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  // inet_pton accepts only digits and '.' (IPv4), hex digits, ':' and '.' (IPv6): a text with
  // another character is no address, which settles most host names without a copy.
  for (const char c : text) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != '.' && c != ':') return false;
  }
  char t[65];
  std::size_t n = text.size();
  std::memcpy(t, text.data(), n);
  if (t[n - 1] == '.') --n;
  t[n] = '\0';
  unsigned char buf[16];
  return inet_pton(AF_INET, t, buf) == 1 || inet_pton(AF_INET6, t, buf) == 1;
}

namespace {
// Do the first `count` labels of `name`, joined with dots, read as an address? Joined in a
// buffer on the stack (an address is at most 64 characters, so a longer join is none), and a
// byte that no address has (nearly every host name's first) settles it before inet_pton.
bool labels_read_as_ip(NameView name, std::size_t count) {
  const std::string_view w = name.wire();
  char buf[65];
  std::size_t n = 0;
  std::size_t at = 0;
  for (std::size_t i = 0; i < count && at < w.size() && w[at] != 0; ++i) {
    const auto len = static_cast<unsigned char>(w[at]);
    if (n + (i ? 1 : 0) + len > 64) return false;
    if (i) buf[n++] = '.';
    for (std::size_t k = at + 1; k < at + 1 + len && k < w.size(); ++k) {
      const char c = w[k];  // text_is_ip_address's first test, before any copy of a host name
      const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':' && c != '.') return false;
      buf[n++] = c;
    }
    at += 1 + len;
  }
  return text_is_ip_address(std::string_view(buf, n));
}
}  // namespace

bool name_reads_as_ip(NameView name, NameView origin) {
  const std::size_t labels = name.label_count(), origin_labels = origin.label_count();
  if (labels_read_as_ip(name, labels)) return true;
  return labels > origin_labels && name.is_subdomain_of(origin) &&
         labels_read_as_ip(name, labels - origin_labels);
}

bool may_be_written_as_ip(const Zone& z, const Record& r, NameView name) {
  // A name written as an address reads as one: all its labels (written absolute), or those
  // above the origin it was written under (relative). An escape changes nothing: no address
  // has one.
  const std::optional<std::size_t> origin_labels = written_origin_labels(z, r);
  if (!origin_labels) return true;
  const std::size_t labels = name.label_count();
  return labels_read_as_ip(name, labels) ||
         (labels > *origin_labels && labels_read_as_ip(name, labels - *origin_labels));
}

bool exchange_is_ip(const RuleContext& ctx, const MxRecord& m) {
  if (m.data.is_null()) return false;
  if (!may_be_written_as_ip(*m.zone, *m.rec, m.data.exchange)) return false;
  const std::string_view text = exchange_text(ctx, m);
  if (!text.empty()) return text_is_ip_address(text);
  // No text kept: judge the name, absolute or relative to the origin.
  return name_reads_as_ip(m.data.exchange, m.zone->origin);
}

namespace {
bool ends_with_unescaped_dot(std::string_view t) {
  if (t.empty() || t.back() != '.') return false;
  std::size_t backslashes = 0;
  for (std::size_t i = t.size() - 1; i > 0 && t[i - 1] == '\\'; --i) ++backslashes;
  return backslashes % 2 == 0;
}
}  // namespace

RelativeNames relative_names(const Zone& z) {
  if (z.names_always_absolute) return RelativeNames::always_absolute;
  switch (z.format) {
    case InputFormat::octodns:
      return RelativeNames::refused;
    case InputFormat::dnscontrol:
      return RelativeNames::refused_if_dotted;
    case InputFormat::terraform:  // Google Cloud DNS (the other providers are always absolute)
      return RelativeNames::refused;
    default:
      return RelativeNames::origin_appended;
  }
}

std::string_view relative_names_tool(const Zone& z) {
  switch (z.format) {
    case InputFormat::octodns:
      return "octoDNS";
    case InputFormat::dnscontrol:
      return "DNSControl";
    case InputFormat::terraform:
      return "Google Cloud DNS";
    default:
      return "";
  }
}

bool refused_without_dot(const Zone& z, std::string_view text) {
  if (text.empty() || ends_with_unescaped_dot(text)) return false;
  switch (relative_names(z)) {
    case RelativeNames::refused:
      return true;
    case RelativeNames::refused_if_dotted:
      return text.find('.') != std::string_view::npos;
    default:
      return false;
  }
}

bool ends_with_origin(const Zone& z, std::string_view text) {
  if (text.empty() || ends_with_unescaped_dot(text) || z.origin.is_root() || text == "@")
    return false;
  std::string err;
  const Name root;
  auto as_name = Name::parse(text, &root, &err);
  if (!as_name) return false;
  const auto lt = as_name->labels();
  const auto lo = z.origin.labels();
  if (lt.size() < lo.size()) return false;
  for (std::size_t i = 0; i < lo.size(); ++i)
    if (!Name::equal_ci(lt[lt.size() - lo.size() + i], lo[i])) return false;
  return true;
}

std::string reads_as_full_name(const RuleContext& ctx, const Zone& z, std::string_view text) {
  if (z.names_always_absolute) return "";
  if (text.empty() || ends_with_unescaped_dot(text)) return "";
  if (refused_without_dot(z, text))
    return std::string(relative_names_tool(z)) + " refuses a name without a final dot";
  if (z.origin.is_root() || text == "@") return "";
  std::string err;
  const Name root;
  auto as_name = Name::parse(text, &root, &err);
  if (!as_name) return "";
  const auto lt = as_name->labels();
  if (ends_with_origin(z, text)) return "it already ends with the origin '" + z.origin.text() + "'";
  if (lt.size() >= 2 && !ctx.incomplete(z) && ctx.psl().is_tld(lt.back())) {
    // `host.dev` is a fine relative name when the zone has `dev.<origin>` (a sub-tree or a
    // delegation): only a last label that names nothing in the zone reads as a TLD.
    std::string wire_label(1, static_cast<char>(lt.back().size()));
    wire_label += lt.back();
    auto sub = Name::concat(wire_label, z.origin);
    if (sub && !z.name_exists(*sub))
      return "its last label '" + std::string(lt.back()) + "' is a public top-level domain";
  }
  return "";
}

}  // namespace zl::mx
