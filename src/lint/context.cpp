#include "lint/context.hpp"

#include "lint/psl.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace zl {

namespace {

// Days from 1970-01-01 to year-month-day in the proleptic Gregorian calendar (H. Hinnant's
// days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(std::int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, std::int64_t& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

std::optional<std::int64_t> civil(std::int64_t y, std::int64_t mo, std::int64_t d, std::int64_t h,
                                  std::int64_t mi, std::int64_t s) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  const int dim = kDays[mo - 1] + (mo == 2 && leap(y) ? 1 : 0);
  if (d > dim) return std::nullopt;
  if (s == 60) s = 59;  // a leap second: the last second of the minute
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
         h * 3600 + mi * 60 + s;
}

}  // namespace

std::optional<std::int64_t> parse_check_time(std::string_view t) {
  if (t.empty()) return std::nullopt;
  const bool all_digits = t.find_first_not_of("0123456789") == std::string_view::npos;
  std::size_t p = 0;
  std::int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (all_digits && t.size() == 14) {  // YYYYMMDDHHMMSS, UTC (RFC 4034 §3.2)
    digits(t, p, 4, y);
    digits(t, p, 2, mo);
    digits(t, p, 2, d);
    digits(t, p, 2, h);
    digits(t, p, 2, mi);
    digits(t, p, 2, s);
    return civil(y, mo, d, h, mi, s);
  }
  if (all_digits) {  // Unix seconds
    if (t.size() > 12) return std::nullopt;
    std::int64_t v = 0;
    for (const char c : t) v = v * 10 + (c - '0');
    return v;
  }
  // RFC 3339 §5.6: full-date "T" full-time, with time-offset Z or +hh:mm / -hh:mm.
  const auto sep = [&](char c) {
    if (p < t.size() && (t[p] == c || (c == 'T' && (t[p] == 't' || t[p] == ' ')))) {
      ++p;
      return true;
    }
    return false;
  };
  if (!digits(t, p, 4, y) || !sep('-') || !digits(t, p, 2, mo) || !sep('-') ||
      !digits(t, p, 2, d) || !sep('T') || !digits(t, p, 2, h) || !sep(':') ||
      !digits(t, p, 2, mi) || !sep(':') || !digits(t, p, 2, s))
    return std::nullopt;
  if (p < t.size() && t[p] == '.') {  // fractional seconds: dropped
    ++p;
    const std::size_t start = p;
    while (p < t.size() && t[p] >= '0' && t[p] <= '9') ++p;
    if (p == start) return std::nullopt;
  }
  if (p >= t.size()) return std::nullopt;
  std::int64_t offset = 0;
  if (t[p] == 'Z' || t[p] == 'z') {
    ++p;
  } else if (t[p] == '+' || t[p] == '-') {
    const bool minus = t[p] == '-';
    ++p;
    std::int64_t oh = 0, om = 0;
    if (!digits(t, p, 2, oh) || !sep(':') || !digits(t, p, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = (oh * 3600 + om * 60) * (minus ? -1 : 1);
  } else {
    return std::nullopt;
  }
  if (p != t.size()) return std::nullopt;
  const auto base = civil(y, mo, d, h, mi, s);
  if (!base) return std::nullopt;
  return *base - offset;
}

namespace {
// The number of labels of a wire name (the root has none).
std::size_t wire_label_count(std::string_view w) {
  std::size_t n = 0;
  for (std::size_t p = 0; p < w.size() && w[p] != 0; p += 1 + static_cast<unsigned char>(w[p])) ++n;
  return n;
}
// Name::hash_ci, mixed so that its high bits (the slot's tag) and low bits (the slot's
// position) both depend on every byte.
std::uint64_t origin_hash(std::string_view wire) {
  std::uint64_t h = Name::hash_ci(wire);
  h = (h ^ (h >> 32)) * 0x9e3779b97f4a7c15ull;
  return h ^ (h >> 29);
}
// Labels beyond 127 (impossible in a 255-octet name) count as present: look them up.
bool has_depth(const std::uint64_t (&bits)[2], std::size_t d) {
  return d >= 128 || (bits[d / 64] >> (d % 64) & 1) != 0;
}
}  // namespace

RuleContext::RuleContext(const ZoneSet& set, std::vector<const Zone*> zones,
                         std::vector<const Settings*> settings, std::set<const Zone*> incomplete)
    : set_(set),
      zones_(std::move(zones)),
      settings_(std::move(settings)),
      incomplete_(std::move(incomplete)) {}

void RuleContext::index_origins() const {
  std::size_t size = 16;
  while (size < 2 * zones_.size()) size *= 2;
  origin_slots_.assign(size, OriginSlot{});
  for (std::size_t i = 0; i < zones_.size(); ++i) {
    const std::string_view wire = zones_[i]->origin.wire();
    // Of two zones with one origin, the first in run order answers: it is in already.
    if (find_origin(wire) != nullptr) continue;
    const std::uint64_t h = origin_hash(wire);
    std::size_t s = static_cast<std::size_t>(h) & (size - 1);
    while (origin_slots_[s].zone != 0) s = (s + 1) & (size - 1);
    origin_slots_[s] =
        OriginSlot{static_cast<std::uint32_t>(h >> 32), static_cast<std::uint32_t>(i + 1)};
    const std::size_t d = wire_label_count(wire);
    if (d < 128) origin_depths_[d / 64] |= std::uint64_t{1} << (d % 64);
  }
}

const Zone* RuleContext::find_origin(std::string_view wire) const {
  const std::uint64_t h = origin_hash(wire);
  const auto hi = static_cast<std::uint32_t>(h >> 32);
  const std::size_t mask = origin_slots_.size() - 1;
  for (std::size_t s = static_cast<std::size_t>(h) & mask; origin_slots_[s].zone != 0;
       s = (s + 1) & mask) {
    if (origin_slots_[s].hash != hi) continue;
    const Zone* z = zones_[origin_slots_[s].zone - 1];
    if (Name::equal_ci(z->origin.wire(), wire)) return z;
  }
  return nullptr;
}

const Zone* RuleContext::authoritative_for(NameView name) const {
  if (zones_.size() <= kScanZones) {
    const Zone* best = nullptr;
    for (const Zone* z : zones_) {
      if (!name.is_subdomain_of(z->origin)) continue;
      if (!best || z->origin.label_count() > best->origin.label_count()) best = z;
    }
    return best;
  }
  std::call_once(origins_indexed_, [this] { index_origins(); });
  // The name itself, then each ancestor: the first origin found is the longest. A suffix of a
  // wire name that starts at a label is the wire name of that ancestor.
  const std::string_view wire = name.wire();
  std::size_t labels = wire_label_count(wire);
  for (std::size_t at = 0; at < wire.size();
       at += 1 + static_cast<unsigned char>(wire[at]), --labels) {
    if (!has_depth(origin_depths_, labels)) continue;
    if (const Zone* z = find_origin(wire.substr(at))) return z;
  }
  return nullptr;
}

const std::vector<std::string>& RuleContext::option(const Zone& zone, std::string_view rule,
                                                    std::string_view option) const {
  static const std::vector<std::string> kEmpty;
  // The zone's index in set_.zones, when it is one of them (std::less: a total order even
  // for a zone elsewhere).
  const std::less<> before;
  const Zone* first = set_.zones.data();
  if (before(&zone, first) || !before(&zone, first + set_.zones.size())) return kEmpty;
  const auto index = static_cast<std::size_t>(&zone - first);
  const Settings* const settings = index < settings_.size() ? settings_[index] : nullptr;
  if (settings == nullptr) return kEmpty;
  // The maps are keyed by std::string without a transparent comparator, and hold the few rules
  // and options a config sets (usually none): a scan compares the views without building two
  // strings per call (rules ask once per zone, 10,000 times on 10,000 zones).
  const auto& rules = settings->rule_options;
  const auto r = std::find_if(rules.begin(), rules.end(),
                              [&](const auto& entry) { return entry.first == rule; });
  if (r == rules.end()) return kEmpty;
  const auto o = std::find_if(r->second.begin(), r->second.end(),
                              [&](const auto& entry) { return entry.first == option; });
  if (o == r->second.end()) return kEmpty;
  return o->second;
}

RuleContext::PublishedMemo* RuleContext::published_slot(std::string_view key,
                                                        std::uint64_t hash) const {
  for (std::size_t n = 0, i = hash % kPublishedMemos; n < kPublishedMemos;
       ++n, i = (i + 1) % kPublishedMemos) {
    PublishedMemo& p = published_[i];
    const std::uint64_t h = p.hash.load(std::memory_order_relaxed);
    if (h == 0) return nullptr;
    if (h == hash && p.key == key) return &p;
  }
  return nullptr;
}

void RuleContext::publish_memo(std::string_view key, std::uint64_t hash,
                               const std::shared_ptr<MemoSlot>& slot) const {
  const std::lock_guard<std::mutex> lock(memo_mutex_);
  const auto it = memo_.find(key);
  if (it == memo_.end() || it->second != slot) return;  // released (or cleared) meanwhile
  PublishedMemo* p = published_slot(key, hash);
  if (p == nullptr) {
    // A free slot on the key's probe sequence (readers stop at the first free one, so the key
    // goes in the first; a full table publishes nothing more).
    for (std::size_t n = 0, i = hash % kPublishedMemos; n < kPublishedMemos && p == nullptr;
         ++n, i = (i + 1) % kPublishedMemos) {
      if (published_[i].hash.load(std::memory_order_relaxed) == 0) p = &published_[i];
    }
    if (p == nullptr) return;
    p->key = key;
    p->value.store(slot->value.get(), std::memory_order_relaxed);
    p->hash.store(hash, std::memory_order_release);  // the key and the value before the hash
    return;
  }
  p->value.store(slot->value.get(), std::memory_order_release);
}

void RuleContext::release_memo(std::string_view key) const {
  std::shared_ptr<MemoSlot> slot;  // the value is freed here, after the lock is let go
  {
    std::lock_guard<std::mutex> lock(memo_mutex_);
    const auto it = memo_.find(key);
    if (it == memo_.end()) return;
    // Withdrawn from the table first: no later memo() finds the value that is freed below.
    if (PublishedMemo* p = published_slot(key, memo_hash(key)))
      p->value.store(nullptr, std::memory_order_release);
    slot = std::move(it->second);
    memo_.erase(it);
  }
}

const PublicSuffixList& RuleContext::psl() const {
  return PublicSuffixList::instance();
}

}  // namespace zl
