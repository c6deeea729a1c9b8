// TTL tracking of the zone-file loader (zone_ttl.hpp).
#include "parse/zone_ttl.hpp"

#include <utility>

namespace zl::zone_detail {

TtlTracker::TtlTracker(TtlFacts& facts, std::optional<std::uint32_t> default_ttl) : facts_(facts) {
  if (default_ttl) {
    bind_.set_default(*default_ttl, false);
    knot_ = bind_;
  }
}

void TtlTracker::set_directive(std::uint32_t ttl, Span value) {
  bind_.set_default(ttl, false);
  knot_.set_default(ttl, false);
  default_source_ = value;
  default_from_soa_ = false;
}

SettledTtl TtlTracker::settle(std::optional<std::uint32_t> explicit_ttl, Span ttl_span,
                              std::uint16_t type) {
  SettledTtl s;
  if (!explicit_ttl && !bind_.default_known && !own_last_) read_start_last_ = true;
  if (explicit_ttl) {
    s.ttl = *explicit_ttl;
    s.source = TtlSource::explicit_ttl;
  } else if (const std::optional<std::uint32_t> implicit = bind_.implicit()) {
    s.ttl = *implicit;
    s.source = !bind_.default_known     ? TtlSource::previous_record
               : bind_.default_from_soa ? TtlSource::soa_minimum
                                        : TtlSource::directive;
  } else if (type == rrtype::SOA) {
    s.source = TtlSource::own_soa_minimum;
  }
  s.inherited_from = last_ttl_span_;
  bind_.record(explicit_ttl);
  knot_.record(explicit_ttl);
  if (explicit_ttl) {
    last_ttl_span_ = ttl_span;
    own_last_ = true;
  }
  return s;
}

void TtlTracker::soa_minimum(std::uint32_t minimum, Span type_span) {
  bind_.set_default(minimum, true);
  knot_.set_default(minimum, true);
  default_source_ = type_span;
  default_from_soa_ = true;
}

void TtlTracker::stored(const SettledTtl& s, Span type_span, NameView owner, std::uint16_t type) {
  // No $TTL in force: the TTL of the last record that had one (RFC 1035 §5.1; BIND warns
  // "using RFC1035 TTL semantics" once, at the first such record).
  TtlFacts::Inherited& inherited = facts_.inherited;
  if (s.source == TtlSource::previous_record && inherited.count++ == 0) {
    inherited.first = type_span;
    inherited.source = s.inherited_from;
    inherited.owner = Name(owner);
    inherited.type = type;
    inherited.ttl = s.ttl;
  }
  // Only a $TTL (or the SOA minimum standing in for it) is compared: without $TTL, Knot gives
  // records its default-ttl setting, not the last explicit TTL, include or not.
  const bool knot_differs =
      bind_.default_known && (!knot_.default_known || knot_.default_ttl != bind_.default_ttl);
  if (s.source == TtlSource::explicit_ttl || !leak_ || !knot_differs) return;
  if (leak_->count++ == 0) {
    leak_->first = type_span;
    leak_->owner = Name(owner);
    leak_->type = type;
    leak_->bind_ttl = s.ttl;
    if (knot_.default_known) leak_->knot_ttl = knot_.default_ttl;
  }
}

void TtlTracker::include_done(const TtlState& knot_before, Span include, FileId included) {
  knot_ = knot_before;
  const bool differ =
      bind_.default_known != knot_.default_known || bind_.default_ttl != knot_.default_ttl;
  // A later $INCLUDE that changes nothing keeps the leak of the earlier one open.
  if (!differ || (leak_ && leak_->source == default_source_)) return;
  close_leak();
  leak_.emplace();
  leak_->include = include;
  leak_->source = default_source_;
  leak_->from_soa_minimum = default_from_soa_;
  leak_->included = included;
}

void TtlTracker::copy_context(const TtlTracker& other) {
  bind_ = other.bind_;
  knot_ = other.knot_;
  default_source_ = other.default_source_;
  default_from_soa_ = other.default_from_soa_;
  leak_ = other.leak_;
  last_ttl_span_ = other.last_ttl_span_;
}

void TtlTracker::take_context(const TtlTracker& stretch) {
  // Without a $TTL in force, a stretch that settled no record with a TTL of its own changed
  // nothing of the last record's TTL (TtlState::record). With one in force, bind_.implicit()
  // never reads it again (a default, once known, stays known), nor is last_ttl_span_ read.
  const bool keep_last = !stretch.own_last_ && !stretch.bind_.default_known;
  const TtlState bind = bind_, knot = knot_;
  const Span last_span = last_ttl_span_;
  copy_context(stretch);
  if (!keep_last) return;
  bind_.last_ttl = bind.last_ttl;
  bind_.last_known = bind.last_known;
  knot_.last_ttl = knot.last_ttl;
  knot_.last_known = knot.last_known;
  last_ttl_span_ = last_span;
}

bool TtlTracker::same_context(const TtlTracker& other) const {
  // The last record's TTL (bind_.last_ttl, last_ttl_span_) is left out: a stretch that reads
  // the one it started from says so (read_start_last), and with a default known it is never
  // read.
  const auto same_default = [](const TtlState& a, const TtlState& b) {
    return a.default_known == b.default_known && a.default_ttl == b.default_ttl &&
           a.default_from_soa == b.default_from_soa;
  };
  return !leak_ && !other.leak_ && same_default(bind_, other.bind_) &&
         same_default(knot_, other.knot_) && default_source_ == other.default_source_ &&
         default_from_soa_ == other.default_from_soa_;
}

void TtlTracker::close_leak() {
  if (!leak_) return;
  if (leak_->count > 0) facts_.include_leaks.push_back(std::move(*leak_));
  leak_.reset();
}

}  // namespace zl::zone_detail
