// The read-only view a rule has of one run: the zones it lints, cross-zone lookups, the source
// text, rule options (per input file) and the Public Suffix List.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lint/config.hpp"
#include "lint/external.hpp"
#include "lint/timing.hpp"
#include "model/zone.hpp"

namespace zl {

class PublicSuffixList;

// Parses a check time (--time): RFC 3339 (`2026-01-01T00:00:00Z`, an offset or fractional
// seconds allowed), YYYYMMDDHHMMSS (UTC, as RRSIG fields are written) or Unix seconds.
// nullopt when the text is none of these or names an impossible date.
std::optional<std::int64_t> parse_check_time(std::string_view text);

class RuleContext {
 public:
  // `zones` are the zones to lint (a zone loaded on its own that another zone of the run also
  // pulls in by $INCLUDE is left out). `settings` gives each zone's effective settings, by its
  // index in set.zones; a zone without an entry (or a null one) uses defaults.
  RuleContext(const ZoneSet& set, std::vector<const Zone*> zones,
              std::vector<const Settings*> settings = {}, std::set<const Zone*> incomplete = {});

  const ZoneSet& set() const { return set_; }
  const SourceSet& sources() const { return set_.sources; }
  std::span<const Zone* const> zones() const { return zones_; }
  // The linted zone with the longest origin that `name` is at or below; nullptr if none.
  const Zone* authoritative_for(NameView name) const;
  // The values of option `option` of rule `rule` for the file `zone` was loaded from (empty
  // when not set).
  const std::vector<std::string>& option(const Zone& zone, std::string_view rule,
                                         std::string_view option) const;
  const PublicSuffixList& psl() const;
  // Did loading the zone report parse errors (in its file or a file it includes)? Then
  // records may be missing, and rules that conclude from an absence (no address, no SOA, no
  // MX) stay quiet about it: the parse-error is the finding to fix first.
  bool incomplete(const Zone& zone) const { return incomplete_.count(&zone) > 0; }
  // Live answers about names outside the loaded zones (--resolve); nullptr offline, which is
  // the default: rules must then conclude nothing about such names.
  const ExternalDns* external() const { return external_; }
  void set_external(const ExternalDns* external) { external_ = external; }
  // The time the zones are checked at, in Unix seconds (--time; else the current time, read
  // once by the engine): rules compare RRSIG validity periods with it, never with the clock.
  std::int64_t check_time() const { return check_time_; }
  void set_check_time(std::int64_t t) { check_time_ = t; }

  // Derived data that several rules of a family compute from the same zones (the SPF records
  // and their include trees): made by `make` on first use and kept for the run, under a key unique
  // to the type T ("spf.sets"). Rules stay pure functions of the zones; this only saves the
  // repeated work. When rules run on several threads, a value is made once: a thread that asks
  // while another makes it waits for that one.
  //
  // A value once made is also published in a small table that memo() reads without the lock
  // (published_memo): several rules ask for a memo once per zone (the RRsets, the CNAME
  // targets), and with --jobs the lock, the map's lookup and the slot's reference count, taken
  // 10,000 times by two threads at once over 10,000 small zones, made the three CNAME rules
  // 2-6x slower than with one thread (their cache lines went back and forth between the cores).
  template <class T, class Make>
  const T& memo(std::string_view key, Make&& make) const {
    const std::uint64_t hash = memo_hash(key);
    if (const void* made = published_memo(key, hash)) return *static_cast<const T*>(made);
    std::shared_ptr<MemoSlot> slot;
    {
      std::lock_guard<std::mutex> lock(memo_mutex_);
      auto it = memo_.find(key);
      if (it == memo_.end())
        it = memo_.emplace(std::string(key), std::make_shared<MemoSlot>()).first;
      slot = it->second;
    }
    std::call_once(slot->once, [&] {
      const MakingMemo making(memos_making_, memos_made_);
      if (timing_)
        slot->value = std::make_shared<const T>(timing_->time_memo(key, make));
      else
        slot->value = std::make_shared<const T>(make());
    });
    publish_memo(key, hash, slot);
    return *static_cast<const T*>(slot->value.get());
  }
  // Forgets the derived data (the engine calls it between the passes of live mode, whose
  // answers can change what is derived).
  void clear_memo() const {
    std::lock_guard<std::mutex> lock(memo_mutex_);
    for (PublishedMemo& p : published_) p.value.store(nullptr, std::memory_order_release);
    memo_.clear();
  }
  // Frees the memo `key`, when made: the engine calls it once every rule that uses it has run
  // (lint/memo_scope.hpp), so that a large memo does not stay allocated under the rules that
  // come after its users. A later ask makes the value again.
  void release_memo(std::string_view key) const;
  // Whether some thread is making a memo now (with --jobs, the schedule hands another thread
  // filler then rather than a task of the stage, which would likely wait for that memo:
  // lint/rule_schedule.hpp).
  bool making_memo() const { return memos_making_.load(std::memory_order_relaxed) > 0; }
  // How many memos have been made so far (the schedule's sign that a stage's opener has made
  // its memos).
  std::size_t memos_made() const { return memos_made_.load(std::memory_order_relaxed); }
  // Per-rule and per-memo wall times (ZONELINT_TIMING, lint/timing.hpp); nullptr when off.
  RuleTiming* timing() const { return timing_; }
  void set_timing(RuleTiming* timing) { timing_ = timing; }

 private:
  const ZoneSet& set_;
  std::vector<const Zone*> zones_;
  // authoritative_for: up to kScanZones zones it compares the name with each origin; beyond,
  // it looks the name and its ancestors up in an index of the origins, so that a run over
  // many zones is not quadratic in their number.
  static constexpr std::size_t kScanZones = 8;
  // The origin index: open addressing (linear probing, at most half full) from an origin's
  // wire name (case-insensitive) to the first zone of the run with that origin. A flat table
  // of 8-byte slots, where an unordered_map's buckets and nodes cost a cache miss or two per
  // ancestor looked up (2-3% of a run over 10,000 small zones in perf).
  struct OriginSlot {
    std::uint32_t hash = 0;  // the high 32 bits of the origin's hash: most misses stop here
    std::uint32_t zone = 0;  // 1 + the zone's index in zones_; 0 is an empty slot
  };
  // Made on the first lookup (index_origins, once, whatever the thread), not by the
  // constructor: over 10,000 small zones it took ~0.5 ms, on the main thread alone between the
  // load and the rules with --jobs; made by a rule, it runs beside the other thread's rules.
  mutable std::once_flag origins_indexed_;
  mutable std::vector<OriginSlot> origin_slots_;
  // Bit d: some origin has d labels (d < 128). Only ancestors with as many labels as some
  // origin are looked up: most runs hold origins of one or two depths.
  mutable std::uint64_t origin_depths_[2] = {0, 0};
  void index_origins() const;
  const Zone* find_origin(std::string_view wire) const;
  // By the zone's index in set_.zones: a map keyed by the zone's address (a tree of 10,000
  // nodes over 10,000 small zones) was built node by node on the main thread before the rules
  // could start, and walked on every option() a rule asked.
  std::vector<const Settings*> settings_;
  std::set<const Zone*> incomplete_;
  const ExternalDns* external_ = nullptr;
  std::int64_t check_time_ = 0;
  struct MemoSlot {
    std::once_flag once;
    std::shared_ptr<const void> value;
  };
  mutable std::map<std::string, std::shared_ptr<MemoSlot>, std::less<>> memo_;
  // The made values of memo_, for memo()'s lookup without the lock: open addressing (linear
  // probing) by a hash of the key. A slot is claimed once, under memo_mutex_, and keeps its
  // key for the run (its hash is stored last, with release, so a reader that sees the hash
  // sees the key); its value is published once made, and withdrawn (null) by release_memo and
  // clear_memo before the value is freed. Readers only read: the table's lines stay shared
  // between the cores. Keys beyond the table's size are looked up under the lock, as before.
  struct PublishedMemo {
    std::atomic<std::uint64_t> hash{0};  // 0: a free slot
    std::atomic<const void*> value{nullptr};
    std::string key;
  };
  static constexpr std::size_t kPublishedMemos = 64;  // the rules use about 20 keys
  mutable PublishedMemo published_[kPublishedMemos];
  static std::uint64_t memo_hash(std::string_view key) {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a
    for (const char c : key) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h | 1;  // never 0, which marks a free slot
  }
  // The published value of `key` (whose memo_hash is `hash`), or nullptr.
  const void* published_memo(std::string_view key, std::uint64_t hash) const {
    for (std::size_t n = 0, i = hash % kPublishedMemos; n < kPublishedMemos;
         ++n, i = (i + 1) % kPublishedMemos) {
      const std::uint64_t h = published_[i].hash.load(std::memory_order_acquire);
      if (h == 0) return nullptr;
      if (h == hash && published_[i].key == key)
        return published_[i].value.load(std::memory_order_acquire);
    }
    return nullptr;
  }
  // Publishes `slot`'s value as that of `key`, unless the slot has left memo_ meanwhile
  // (release_memo, clear_memo).
  void publish_memo(std::string_view key, std::uint64_t hash,
                    const std::shared_ptr<MemoSlot>& slot) const;
  // The slot of published_ that holds `key`, or nullptr. Called with memo_mutex_ held.
  PublishedMemo* published_slot(std::string_view key, std::uint64_t hash) const;
  // Memos being made (making_memo), counted up and down around each make, and memos made.
  mutable std::atomic<int> memos_making_{0};
  mutable std::atomic<std::size_t> memos_made_{0};
  class MakingMemo {
   public:
    MakingMemo(std::atomic<int>& making, std::atomic<std::size_t>& made)
        : making_(making), made_(made) {
      making_.fetch_add(1, std::memory_order_relaxed);
    }
    ~MakingMemo() {
      made_.fetch_add(1, std::memory_order_relaxed);
      making_.fetch_sub(1, std::memory_order_relaxed);
    }
    MakingMemo(const MakingMemo&) = delete;
    MakingMemo& operator=(const MakingMemo&) = delete;

   private:
    std::atomic<int>& making_;
    std::atomic<std::size_t>& made_;
  };
  RuleTiming* timing_ = nullptr;
  mutable std::mutex memo_mutex_;
};

}  // namespace zl
