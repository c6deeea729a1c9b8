// The parallel parse of one large zone file (ParseOptions::threads), a part of the loader
// (zone_loader.hpp).
//
// How: after a short prefix read as usual (the $ORIGIN, $TTL and SOA at the top of a zone),
// the rest of the file is cut into stretches of about ParseOptions::parallel_chunk_bytes, each
// at a line that looks like the start of an entry: an `$ORIGIN` line if one is near, else a
// line that starts with an owner name. Each stretch is parsed on its own, in parallel, into a
// zone and diagnostics of its own, by a loader that starts from an assumed state (the origin,
// the $TTL in force: at first the zone's after the prefix; see below). Then, in file order, the
// zone's loader takes each stretch as it was parsed if the stretch fits, and else parses it again
// itself:
//  * the stretch must start where the previous one ended: a cut inside an entry (a line of a
//    parenthesised record, a quoted string over two lines) shows as the previous stretch's
//    last entry running past it;
//  * what the stretch read of its start state must be what the zone's loader has there: the
//    origin (unless the stretch set its own before reading one), the $TTL in force (or that
//    there is none; then a record that takes the last record's TTL before the stretch had a
//    record with a TTL of its own makes it not fit);
//  * it must not have needed what it cannot assume: the owner before it (a first entry that
//    inherits one), $INCLUDE and $GENERATE, the record limit (and none may be close).
// The parse of an entry depends only on where it starts and on that state, so a stretch that
// fits holds exactly the records and diagnostics the serial parse reads there, in the same
// order. The join moves them into the zone's vectors (reserved for the whole file beforehand)
// and frees each stretch as it goes, so the memory peaks at the zone plus one stretch.
// The state is carried forward: a stretch is parsed from the best guess of the state at its
// start (the state the stretch before it ended with if that one is parsed, else the guess that
// one started from), and whenever a stretch is parsed or joined, the stretches after it that
// were parsed from a state that the new guess shows wrong are parsed again, in parallel. So a
// $TTL or a relative $ORIGIN mid-file costs a stretch or two parsed twice, not every later
// stretch read again by the joining thread.
#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>

#include "core/ascii.hpp"
#include "core/file_mapping.hpp"
#include "core/parallel.hpp"
#include "parse/zone_loader.hpp"

namespace zl::zone_detail {

// What one stretch is parsed into. Recycled: once the zone has taken a stretch, its buffers
// (their capacity, and the pages behind it) serve the next one, so that only the zone's own
// vectors are new memory. Page faults were a quarter of a parallel parse that gave each
// stretch new buffers, and the peak held every stretch at once.
struct Loader::Scratch {
  Zone zone;
  Diagnostics diags;
  void clear() {
    zone.clear_records();
    zone.ttl_facts = TtlFacts{};
    diags.items().clear();
  }
};

struct Loader::Chunk {
  std::uint32_t begin = 0;  // a line that looks like an entry start
  std::uint32_t stop = 0;   // the next stretch's begin; the file's end for the last one
  std::uint32_t end = 0;    // where its parse stopped: the first entry start at or after stop
  // Guarded by the mutex of parse_parallel:
  bool parsed = false;
  bool parsing = false;
  unsigned parses = 0;                         // parses started
  std::shared_ptr<const StartState> from, to;  // the state at its start (assumed), and at
                                               // its end (once parsed; `from` if unchanged)
  std::unique_ptr<Scratch> scratch;
  std::unique_ptr<Loader> loader;
  // Bytes [begin, stop) scanned for the file's LineIndex by the first parse (when the file
  // wants one), appended to it at the join.
  LineIndex lines;
  bool scanned = false;
};

// A state a stretch is parsed from: the zone's after the prefix, or the state a stretch before
// it ended with. The first stretch starts where the zone stands, so it also takes the current
// owner.
struct Loader::StartState {
  std::optional<Name> origin, fallback_origin, owner;
  Name zone_origin;
  bool owner_bad = false;
  TtlFacts facts;  // unused: the tracker needs somewhere to record
  TtlTracker ttl{facts, std::nullopt};
};

namespace {

// The prefix read before the stretches: at most this, and up to the first record.
constexpr std::size_t kPrefixBytes = std::size_t{64} << 10;

// Whether the line at `at` is an $ORIGIN directive.
bool origin_line(std::string_view text, std::size_t at) {
  constexpr std::string_view kOrigin = "$ORIGIN";
  if (text.size() - at <= kOrigin.size()) return false;
  const char after = text[at + kOrigin.size()];
  return (after == ' ' || after == '\t') && iequals(text.substr(at, kOrigin.size()), kOrigin);
}

// Whether a line that starts with `c` starts an entry with an owner name of its own (a blank
// starts an entry that inherits one, or continues a parenthesised one).
bool owner_start(char c) {
  return c != ' ' && c != '\t' && c != ';' && c != '\n' && c != '\r' && c != '$' && c != '(' &&
         c != ')' && c != '"' && c != '\0';
}

// Where to cut at or after `from` (a line start before `limit`, or `limit` when there is
// none). Within `window` bytes an `$ORIGIN` line is best: a stretch that starts with an
// absolute one needs no assumed origin. Else the first line that starts with an owner name.
std::uint32_t find_cut(std::string_view text, std::uint32_t from, std::uint32_t limit,
                       std::uint32_t window) {
  const char* base = text.data();
  const std::size_t near = std::min<std::size_t>(limit, std::size_t{from} + window);
  for (std::size_t p = from - 1; p + 1 < near;) {  // from > 0: the prefix comes first
    const void* hit = memmem(base + p, near - p, "\n$", 2);
    if (!hit) break;
    p = static_cast<std::size_t>(static_cast<const char*>(hit) - base) + 1;
    if (origin_line(text, p)) return static_cast<std::uint32_t>(p);
  }
  std::size_t p = from;
  while (p < limit) {
    if (text[p - 1] == '\n' && owner_start(text[p])) return static_cast<std::uint32_t>(p);
    const void* nl = std::memchr(base + p, '\n', limit - p);
    if (!nl) break;
    p = static_cast<std::size_t>(static_cast<const char*>(nl) - base) + 1;
  }
  return limit;
}

}  // namespace

bool Loader::parallel_wanted(std::string_view text) const {
  return opt_.threads > 1 && opt_.parallel_chunk_bytes > 0 &&
         text.size() >= opt_.parallel_min_bytes && !opt_.on_fields;
}

void Loader::start_chunk(const StartState& from, bool exact) {
  chunk_ = true;
  origin_ = from.origin;
  fallback_origin_ = from.fallback_origin;
  zone_origin_set_ = true;
  zone_.origin = from.zone_origin;
  ttl_.copy_context(from.ttl);
  if (exact) {
    owner_ = from.owner;
    owner_bad_ = from.owner_bad;
    owner_set_ = true;
  }
}

namespace {

bool same_origin(const std::optional<Name>& a, const std::optional<Name>& b) {
  return a && b && a->wire() == b->wire();
}

}  // namespace

std::shared_ptr<const Loader::StartState> Loader::state() const {
  auto s = std::make_shared<StartState>();
  s->origin = origin_;
  s->fallback_origin = fallback_origin_;
  s->zone_origin = zone_.origin;
  s->ttl.copy_context(ttl_);
  return s;
}

bool Loader::state_fits(const Chunk& c, const StartState& at) {
  const Loader& l = *c.loader;
  return (!l.origin_read_ || same_origin(at.origin, c.from->origin)) &&
         at.ttl.same_context(c.from->ttl);
}

bool Loader::chunk_fits(const Chunk& c) const {
  const Loader& l = *c.loader;
  if (l.chunk_failed_ || l.fatal_) return false;
  if (l.origin_read_ && !same_origin(origin_, c.from->origin)) return false;
  if (!ttl_.same_context(c.from->ttl) || l.ttl_.read_start_last()) return false;
  // The serial parse stops at the attempt to add a record past the limit: a stretch that
  // could reach it is read again, by the loader that counts.
  const Zone& z = c.scratch->zone;
  if (zone_.records.size() + z.records.size() >= opt_.limits.max_records_per_zone) return false;
  // Include leaks come only from $INCLUDE, which a stretch leaves to the zone.
  return z.ttl_facts.include_leaks.empty();
}

void Loader::adopt(Chunk& c) {
  Loader& l = *c.loader;
  Zone& z = c.scratch->zone;
  const auto records = static_cast<std::uint32_t>(zone_.records.size());
  zone_.take_records(z);
  for (Diagnostic& d : c.scratch->diags.items()) diags_.add(std::move(d));
  for (std::uint32_t idx : l.no_ttl_records_) no_ttl_records_.push_back(records + idx);
  // The state at the stretch's end is the serial parse's there.
  if (l.origin_set_) origin_ = std::move(l.origin_);
  ttl_.take_context(l.ttl_);
  // Records that took the last record's TTL with no $TTL in force (ttl-inherited): counted,
  // and the first of the zone's described.
  TtlFacts::Inherited& inherited = zone_.ttl_facts.inherited;
  if (inherited.count == 0)
    inherited = z.ttl_facts.inherited;
  else
    inherited.count += z.ttl_facts.inherited.count;
  if (l.owner_set_) {
    owner_bad_ = l.owner_bad_;
    owner_ = std::move(l.owner_);
    owner_rec_ = l.owner_rec_ == kNone ? kNone : records + l.owner_rec_;
  }
}

void Loader::parse_parallel(FileId file, const std::vector<LongLine>& too_long, std::uint32_t pos,
                            LineIndex* index) {
  const std::string_view text = source(file).text();
  const auto size = static_cast<std::uint32_t>(text.size());
  const std::size_t chunk_bytes = std::min<std::size_t>(opt_.parallel_chunk_bytes, size);

  // The prefix, up to the first record at least: the zone's origin is settled there.
  parse_entries(file, too_long, pos,
                static_cast<std::uint32_t>(std::min<std::size_t>(
                    size, std::size_t{pos} + std::min(chunk_bytes, kPrefixBytes))));
  while (pos < size && !zone_origin_set_ && !stop_ && !fatal_)
    parse_entries(file, too_long, pos, pos + 1);  // one entry
  // After an $INCLUDE that leaked a $TTL, what the records report depends on all the records
  // before them: no stretch could assume its start state.
  if (pos >= size || stop_ || fatal_ || !origin_ || ttl_.leak_open()) {
    if (index) scan_lines(text, 0, size, *index, true);
    parse_entries(file, too_long, pos, size);
    return;
  }

  std::vector<std::unique_ptr<Chunk>> chunks;
  const auto window = static_cast<std::uint32_t>(chunk_bytes / 4);
  for (std::uint32_t begin = pos; begin < size;) {
    auto c = std::make_unique<Chunk>();
    c->begin = begin;
    const std::size_t target = std::size_t{begin} + chunk_bytes;
    c->stop =
        target >= size ? size : find_cut(text, static_cast<std::uint32_t>(target), size, window);
    begin = c->stop;
    chunks.push_back(std::move(c));
  }
  if (chunks.size() < 2) {
    if (index) scan_lines(text, 0, size, *index, true);
    parse_entries(file, too_long, pos, size);
    return;
  }
  // The prefix's part of the line index; the stretches' parts are scanned by their first parse
  // (parse_chunk), on the parsing threads, and appended as they are joined, in file order.
  if (index) scan_lines(text, 0, pos, *index, true);

  auto start = std::make_shared<StartState>();
  start->origin = origin_;
  start->fallback_origin = fallback_origin_;
  start->zone_origin = zone_.origin;
  if (const auto owner = current_owner()) start->owner = Name(*owner);
  start->owner_bad = owner_bad_;
  start->ttl.copy_context(ttl_);
  const std::size_t lines = estimate_line_count(text);

  // Each thread takes the next step: the join of the next stretch in file order once it is
  // parsed (one thread at a time: only that one touches this loader, `pos` and the zone),
  // else the parse of a stretch: one to parse again (see `refresh`), else the next one, at
  // most `ahead` stretches past the join (so that at most that many buffers are alive).
  const std::size_t ahead = 2 * std::size_t{opt_.threads};
  // A stretch is parsed at most this many times in parallel; then the joining thread reads it
  // again if it still does not fit (a bound on the work a run of state changes can cause).
  constexpr unsigned kMaxParses = 3;
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next_parse = 0, next_join = 0, adopted = 0;
  bool joining = false, failed = false;
  std::vector<std::unique_ptr<Scratch>> spare;
  std::shared_ptr<const StartState> joined = start;  // the zone's state at chunks[next_join]

  // The best guess of the state at the start of stretch k (k < next_parse; lock held): the
  // zone's if the stretches before it are joined, else what the stretch before it ended with
  // if it is parsed, else what that one started from (the guess that it changes nothing).
  const auto guess = [&](std::size_t k) {
    if (k == next_join) return joined;
    const Chunk& before = *chunks[k - 1];
    return before.parsed ? before.to : before.from;
  };
  // Called with the lock held whenever a stretch is parsed or joined: each stretch after the
  // join that was parsed from a state that is not the best guess now, in a way that shows in
  // what it read, is parsed again from the guess (a stretch not parsed yet just takes it).
  // Not when the guess has an $INCLUDE's leak open (no stretch fits then: the join reads them).
  // A parsed stretch that reads the same from the guess (state_fits) is kept, and counts as
  // parsed from it: its end state is then what the guess leads to. Else a stretch that left
  // the origin as it found it would pass the stale origin it was parsed from on to the next
  // stretch's guess, and that one would be parsed (or read by the join) again.
  const auto rebase = [&](Chunk& c, std::shared_ptr<const StartState> at) {
    if (c.to == c.from) {
      c.to = at;  // it changed nothing
    } else if (!c.loader->origin_set_) {
      // Its TTL context (the same from either start: state_fits), with the guess's origin.
      auto to = std::make_shared<StartState>();
      to->origin = at->origin;
      to->fallback_origin = c.to->fallback_origin;
      to->zone_origin = c.to->zone_origin;
      to->ttl.copy_context(c.to->ttl);
      c.to = std::move(to);
    }  // else its own origin and TTL context, whatever its start
    c.from = std::move(at);
  };
  const auto refresh = [&] {
    for (std::size_t k = next_join + (joining ? 1 : 0); k < next_parse; ++k) {
      Chunk& c = *chunks[k];
      if (c.parsing) continue;
      std::shared_ptr<const StartState> at = guess(k);
      if (c.from == at || at->ttl.leak_open()) continue;
      if (!c.parsed) {
        c.from = std::move(at);
      } else if (c.loader->chunk_failed_) {
        continue;  // the join reads it whatever its start
      } else if (state_fits(c, *at)) {
        rebase(c, std::move(at));
      } else if (c.parses < kMaxParses) {
        c.from = std::move(at);
        c.parsed = false;
      }
    }
  };
  const auto parse_chunk = [&](Chunk& c, std::size_t i, const StartState& from) {
    if (!c.scratch) {  // new buffers: room for a share of the whole file's estimate
      c.scratch = std::make_unique<Scratch>();
      const std::size_t share = lines * (c.stop - c.begin) / size + 64;
      c.scratch->zone.records.reserve(share);
      c.scratch->zone.rdata_arena.reserve(rdata_reserve(c.stop - c.begin));
      c.scratch->zone.owner_names.reserve(c.stop - c.begin);
    } else if (c.loader) {  // parsed before, from another state
      c.loader.reset();
      c.scratch->clear();
    }
    c.loader = std::make_unique<Loader>(sources_, c.scratch->diags, opt_, c.scratch->zone);
    c.loader->top_file_ = top_file_;  // never sources_.file() here: see Loader::source
    c.loader->top_id_ = top_id_;
    c.loader->start_chunk(from, i == 0);
    if (index && !c.scanned) {
      // Before the parse: the stretch's pages entered at once (cheaper than a fault for each
      // 64 KiB), then scanned; the parse reads it again from the caches. The join drops them.
      populate_mapped(text.data() + c.begin, c.stop - c.begin);
      scan_lines(text, c.begin, c.stop, c.lines, true);
      c.scanned = true;
    }
    std::uint32_t p = c.begin;
    c.loader->parse_entries(file, too_long, p, c.stop);
    c.end = p;
  };
  const auto join_chunk = [&](Chunk& c) {
    if (index) {
      if (!c.scanned) scan_lines(text, c.begin, c.stop, c.lines, true);
      index->append(std::move(c.lines));
      c.lines = LineIndex{};
    }
    // The stretch (the first one: and the prefix) leaves the RSS once joined: the parse is past
    // it. A read of it after (an owner's text, a stretch parsed again) faults its pages back.
    const auto dropped = [&] {
      if (!index) return;
      const std::uint32_t from = &c == chunks.front().get() ? 0 : c.begin;
      drop_mapped(text.data() + from, c.stop - from);
    };
    if (stop_ || fatal_) return dropped();  // the zone stopped reading before this stretch
    if (pos == c.begin && chunk_fits(c)) {
      adopt(c);
      pos = c.end;
      ++adopted;
    } else {
      parse_entries(file, too_long, pos, c.stop);
    }
    dropped();
  };
  // The first stretch after the join that waits to be parsed (again), if any (lock held).
  const auto waiting = [&] {
    for (std::size_t k = next_join + (joining ? 1 : 0); k < next_parse; ++k)
      if (!chunks[k]->parsed && !chunks[k]->parsing) return k;
    return next_parse;
  };
  const auto work = [&](std::size_t) {
    std::unique_lock<std::mutex> lock(mutex);
    while (!failed && next_join < chunks.size()) {
      std::size_t i = 0;
      const bool join = !joining && chunks[next_join]->parsed;
      if (join) {
        joining = true;
        i = next_join;
      } else if (i = waiting(); i < next_parse) {
        chunks[i]->parsing = true;
      } else if (next_parse < chunks.size() && next_parse < next_join + ahead) {
        i = next_parse;
        if (!spare.empty()) {
          chunks[i]->scratch = std::move(spare.back());
          spare.pop_back();
        }
        chunks[i]->from = guess(i);
        chunks[i]->parsing = true;
        ++next_parse;
      } else {
        changed.wait(lock);
        continue;
      }
      Chunk* c = chunks[i].get();
      const std::shared_ptr<const StartState> from = c->from;  // read under the lock
      if (!join) ++c->parses;
      lock.unlock();
      std::shared_ptr<const StartState> end;  // the zone's state after a join, else c's
      try {
        if (join) {
          join_chunk(*c);
          c->loader.reset();
          c->scratch->clear();
          end = state();
        } else {
          parse_chunk(*c, i, *from);
          const Loader& l = *c->loader;
          end = l.origin_set_ || !l.ttl_.same_context(from->ttl) ? l.state() : from;
        }
      } catch (...) {
        lock.lock();
        failed = true;
        changed.notify_all();
        throw;
      }
      lock.lock();
      if (join) {
        // Buffers no stretch will need are freed at once: when the zone's vectors are full
        // at the end, at most one stretch's buffers are left beside them.
        if (next_parse < chunks.size()) spare.push_back(std::move(c->scratch));
        c->scratch.reset();
        ++next_join;
        joined = std::move(end);
        joining = false;
      } else {
        c->to = std::move(end);
        c->parsing = false;
        c->parsed = true;
      }
      refresh();
      changed.notify_all();
    }
  };
  parallel_for(opt_.threads, opt_.threads, work);
  if (opt_.stats) {
    opt_.stats->chunks += chunks.size();
    opt_.stats->adopted += adopted;
    opt_.stats->reparsed += chunks.size() - adopted;
  }
}

}  // namespace zl::zone_detail
