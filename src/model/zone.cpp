#include "model/zone.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/huge_pages.hpp"
#include "core/parallel.hpp"
#include "model/entry_tokens.hpp"

namespace zl {

void Zone::set_rdata(Record& r, std::string_view wire, FieldForm form) {
  if (form == FieldForm::lexed) {
    // The fields are found again from the end of the type token to the end of the entry.
    const Span type = type_span(r), entry = span(r);
    if (!type.valid() || type.file != entry.file || type.end < entry.begin || type.end > entry.end)
      throw std::logic_error("Zone::set_rdata: lexed fields need a type token in the entry");
  }
  // The encoders refuse rdata over 65535 octets (RDLENGTH): a stored record's fits.
  const auto n = static_cast<std::uint16_t>(wire.size());
  r.fixed_rdata_ = n != 0 && n == fixed_rdata_length(r.type) ? 1 : 0;
  if (r.fixed_rdata_ != 0) {
    // The length is the type's: nothing kept (see Record).
  } else if (n < kLongRdata) {  // the length in the byte before the rdata
    rdata_arena.push_back(static_cast<char>(n));
  } else {
    rdata_arena.append(reinterpret_cast<const char*>(&n), sizeof n);
    rdata_arena.push_back(static_cast<char>(kLongRdata));
  }
  r.rdata_off = static_cast<std::uint32_t>(rdata_arena.size());
  rdata_arena.append(wire);
  r.lexed_fields_ = form == FieldForm::lexed ? 1 : 0;
  if (form == FieldForm::stored) rdata_arena.push_back('\0');  // no fields yet (see NearField)
}

void Zone::set_entry(Record& r, Span entry, NameView owner, Span owner_token, Span type_token) {
  const std::uint32_t at = entry.begin;
  // The first record of a file's run takes a copy of its owner of its own (see file_runs_).
  const bool new_run = file_runs_.empty() || file_runs_.back().file != entry.file;
  // An entry shorter than 64 KiB; an owner token that starts the entry, a type token within 255
  // bytes of its start (an invalid token: an invalid span), each shorter than the marks.
  const bool entry_near = entry.end >= at && entry.end - at <= 0xffff;
  const bool owner_near =
      !owner_token.valid() ||
      (owner_token.begin == at && owner_token.end >= at && owner_token.end - at < Record::kFar);
  const bool type_near =
      !type_token.valid() || (type_token.begin >= at && type_token.begin - at <= 0xff &&
                              type_token.end >= type_token.begin &&
                              type_token.end - type_token.begin < Record::kNoTypeToken);
  r.begin_ = at;
  if (entry_near && owner_near && type_near) {
    r.owner_ = new_run ? owner_names.add_with_header(owner, {}) : owner_names.add(owner);
    r.length_ = static_cast<std::uint16_t>(entry.end - at);
    r.owner_len_ =
        owner_token.valid() ? static_cast<std::uint8_t>(owner_token.end - at) : Record::kNoToken;
    r.type_len_ = type_token.valid() ? static_cast<std::uint8_t>(type_token.end - type_token.begin)
                                     : Record::kNoTypeToken;
    r.type_off_ = type_token.valid() ? static_cast<std::uint8_t>(type_token.begin - at) : 0;
  } else {
    Record::FarTokens far;
    far.owner_begin = owner_token.begin;
    far.owner_len = Record::FarTokens::length(owner_token);
    far.type_begin = type_token.begin;
    far.type_len = Record::FarTokens::length(type_token);
    far.entry_end = entry.end;
    r.owner_ = owner_names.add_with_header(
        owner, std::string_view(reinterpret_cast<const char*>(&far), sizeof far));
    r.length_ = 0;
    r.owner_len_ = Record::kFar;
    r.type_len_ = Record::kNoTypeToken;
    r.type_off_ = 0;
  }
  if (new_run) file_runs_.push_back(FileRun{r.owner_, entry.file});
}

FileId Zone::file_of_run(NameStore::Handle owner) const {
  // The last run that starts at or before `owner`.
  const auto after =
      std::upper_bound(file_runs_.begin(), file_runs_.end(), owner,
                       [](NameStore::Handle h, const FileRun& run) { return h < run.first; });
  return after == file_runs_.begin() ? kNoFile : std::prev(after)->file;
}

void Zone::take_records(Zone& from) {
  const auto rdata = static_cast<std::uint32_t>(rdata_arena.size());
  const auto texts = static_cast<std::uint32_t>(text_arena.size());
  const NameStore::Handle names = owner_names.append(from.owner_names);
  from.shift_field_extras(static_cast<std::uint32_t>(field_extras.size()));
  for (Record& r : from.records) {
    r.rdata_off += rdata;  // a loader gives every record its rdata
    r.owner_ += names;
    records.push_back(r);
  }
  // `from`'s runs, after this zone's (each starts with a copy of its own of an owner, now past
  // every handle of this zone); a run of the file this zone's last run is in continues it.
  for (FileRun run : from.file_runs_) {
    if (!file_runs_.empty() && file_runs_.back().file == run.file) continue;
    run.first += names;
    file_runs_.push_back(run);
  }
  for (FieldExtra x : from.field_extras) {
    if (x.text_off != FieldExtra::kFromSpan) x.text_off += texts;
    field_extras.push_back(x);
  }
  rdata_arena.append(from.rdata_arena);
  text_arena.append(from.text_arena);
  from.clear_records();
}

void Zone::clear_records() {
  records.clear();
  owner_names.clear();
  file_runs_.clear();
  field_extras.clear();
  rdata_arena.clear();
  text_arena.clear();
}

namespace {
// Where the fields of a record are in its zone's arena (see NearField).
struct FieldsAt {
  std::size_t head = 0;   // the byte before them
  std::size_t first = 0;  // the first field
  std::size_t count = 0;
  bool wide = false;  // StoredFields, else NearFields
};
FieldsAt fields_at(const std::string& arena, const Record& r, std::size_t rdata_length) {
  FieldsAt at;
  at.head = std::size_t{r.rdata_off} + rdata_length;
  const auto head = static_cast<std::uint8_t>(arena[at.head]);
  at.wide = (head & kWideFields) != 0;
  at.count = head & kCountFollows;
  at.first = at.head + 1;
  if (at.count == kCountFollows) {
    std::uint32_t n = 0;
    std::memcpy(&n, arena.data() + at.first, sizeof n);
    at.count = n;
    at.first += sizeof n;
  }
  return at;
}
}  // namespace

void Zone::add_field(Record& r, Span span, const std::string_view* text) {
  if (r.rdata_off == Record::kNoData) set_rdata(r, {});  // not set (a misuse): no rdata
  if (r.lexed_fields_ != 0)
    throw std::logic_error("Zone::add_field: the record's fields are lexed, not stored");
  // The record's fields end the arena: a front end adds a record's fields right after its
  // rdata, before the next record's (anything else would write over another record's bytes).
  const FieldsAt at = fields_at(rdata_arena, r, rdata_length(r));
  const std::size_t head_at = at.head, first = at.first;
  std::size_t count = at.count;
  bool wide = at.wide;
  if (first + count * (wide ? sizeof(StoredField) : sizeof(NearField)) != rdata_arena.size()) {
    throw std::logic_error("Zone::add_field: the record's fields must end the rdata arena");
  }
  const auto append = [&](const auto& f) {
    rdata_arena.append(reinterpret_cast<const char*>(&f), sizeof f);
  };
  const Span entry = this->span(r);
  const bool near = !text && span.valid() && entry.valid() && span.file == entry.file &&
                    span.begin >= entry.begin && span.begin - entry.begin <= 0xffff &&
                    span.end >= span.begin && span.end - span.begin <= 0xffff;
  if (near && !wide) {
    append(NearField{static_cast<std::uint16_t>(span.begin - entry.begin),
                     static_cast<std::uint16_t>(span.end - span.begin)});
  } else {
    if (!wide) {  // the fields so far as StoredFields: all of the record's are one size
      std::string stored;
      stored.reserve(count * sizeof(StoredField));
      for (std::size_t k = 0; k < count; ++k) {
        NearField f;
        std::memcpy(&f, rdata_arena.data() + first + k * sizeof f, sizeof f);
        const std::uint32_t begin = entry.begin + f.offset;
        const StoredField wider{begin, begin + f.length};
        stored.append(reinterpret_cast<const char*>(&wider), sizeof wider);
      }
      rdata_arena.replace(first, std::string::npos, stored);
      wide = true;
    }
    if (!text && span.valid() && span.file == entry.file && span.end != StoredField::kExtra) {
      append(StoredField{span.begin, span.end});
    } else {
      FieldExtra x;
      x.span = span;
      if (text) {
        x.text_off = static_cast<std::uint32_t>(text_arena.size());
        const auto len = static_cast<std::uint32_t>(text->size());
        text_arena.append(reinterpret_cast<const char*>(&len), sizeof len);
        text_arena.append(*text);
      }
      append(StoredField{static_cast<std::uint32_t>(field_extras.size()), StoredField::kExtra});
      field_extras.push_back(x);
    }
  }
  ++count;
  const std::uint8_t kind = wide ? kWideFields : 0;
  if (count < kCountFollows) {
    rdata_arena[head_at] = static_cast<char>(kind | count);
    return;
  }
  rdata_arena[head_at] = static_cast<char>(kind | kCountFollows);
  const auto n = static_cast<std::uint32_t>(count);
  if (count == kCountFollows)  // the count moves out of the byte, before the fields
    rdata_arena.insert(head_at + 1, reinterpret_cast<const char*>(&n), sizeof n);
  else
    std::memcpy(rdata_arena.data() + head_at + 1, &n, sizeof n);
}

void Zone::shift_field_extras(std::uint32_t by) {
  if (by == 0 || field_extras.empty()) return;
  for (const Record& r : records) {
    if (r.rdata_off == Record::kNoData || r.lexed_fields_ != 0) continue;
    const FieldsAt at = fields_at(rdata_arena, r, rdata_length(r));
    if (!at.wide) continue;
    for (std::size_t k = 0; k < at.count; ++k) {
      char* p = rdata_arena.data() + at.first + k * sizeof(StoredField);
      StoredField f;
      std::memcpy(&f, p, sizeof f);
      if (f.end != StoredField::kExtra) continue;
      f.begin += by;
      std::memcpy(p, &f, sizeof f);
    }
  }
}

FieldList Zone::lexed_fields(const Record& r, const SourceSet& src, std::size_t max) const {
  const Span entry = span(r);
  FieldList list(entry.file);
  if (entry.file >= src.size() || max == 0) return list;
  // From the end of the type token (set_rdata checked that it is in the entry) to the entry's
  // end, read as a rule reads a field: SourceFile::slice, which keeps a mapped file's pages
  // from piling up in memory.
  const std::uint32_t from = type_span(r).end;
  const std::string_view text = src.file(entry.file).slice(from, entry.end);
  for_each_entry_token(text, 0, static_cast<std::uint32_t>(text.size()),
                       [&](std::uint32_t begin, std::uint32_t end) {
                         list.add_lexed(from + begin, from + end);
                         return list.size() < max;
                       });
  return list;
}

std::string_view Zone::field_text(const Record& r, std::size_t i, const SourceSet& src) const {
  if (r.lexed_fields_ != 0) {
    const FieldList list = lexed_fields(r, src, i + 1);
    return i < list.size() ? src.text(list[i].span) : std::string_view{};
  }
  const FieldList list = fields_of(r, src);
  if (i >= list.size()) return {};
  const StoredField f = list.stored(i);
  if (f.end != StoredField::kExtra) return src.text(Span{file_of(r), f.begin, f.end});
  const FieldExtra& x = field_extras[f.begin];
  if (x.text_off == FieldExtra::kFromSpan)
    return x.span.valid() ? src.text(x.span) : std::string_view{};
  std::uint32_t len = 0;
  std::memcpy(&len, text_arena.data() + x.text_off, sizeof len);
  return std::string_view(text_arena).substr(x.text_off + sizeof len, len);
}

TypeCodes TypeCodes::Builder::finish() && {
  TypeCodes out;
  out.count_ = static_cast<std::uint32_t>(codes_.size());
  out.distinct_ = static_cast<std::uint32_t>(types_.size());
  out.bytes_ = std::move(codes_);
  const std::size_t at = out.bytes_.size();
  out.bytes_.resize(at + types_.size() * sizeof(std::uint16_t));
  if (!types_.empty())
    std::memcpy(out.bytes_.data() + at, types_.data(), types_.size() * sizeof(std::uint16_t));
  return out;
}

namespace {
constexpr std::size_t kFirstTypes = 16;  // see TypeCodes::Builder::code_for
}  // namespace

std::uint8_t TypeCodes::Builder::code_for(std::uint16_t type) {
  if (type < low_.size() && low_[type] != 0) return static_cast<std::uint8_t>(low_[type] - 1);
  if (type >= low_.size()) {
    const auto it = std::find(types_.begin(), types_.end(), type);
    if (it != types_.end()) return static_cast<std::uint8_t>(it - types_.begin());
  }
  if (types_.size() == kOther) return kOther;  // the 256th distinct type and those after it
  const auto code = static_cast<std::uint8_t>(types_.size());
  // Room for the types of most zones at once: grown a type at a time, the vector took four
  // allocations and four frees for a zone of 5 to 8 types, 8 of the ~47 malloc and free calls
  // a small zone's load made.
  if (types_.capacity() == 0) types_.reserve(kFirstTypes);
  types_.push_back(type);
  if (type < low_.size()) low_[type] = static_cast<std::uint8_t>(code + 1);
  return code;
}

std::uint8_t TypeCodes::code_of(std::uint16_t type) const {
  for (std::size_t c = 0; c < distinct_; ++c)
    if (type_of_code(static_cast<std::uint8_t>(c)) == type) return static_cast<std::uint8_t>(c);
  return kOther;
}

OwnerStarts::Writer::Writer(OwnerStarts& to, std::size_t count) : to_(to), count_(count) {
  to_.count_ = count;
  const std::size_t groups = to_.groups();
  to_.words_.assign(groups + (count + sizeof(std::uint32_t) - 1) / sizeof(std::uint32_t), 0);
}

void OwnerStarts::Writer::flush(std::size_t group) {
  const std::size_t first = group * kGroup;
  const std::size_t size = std::min(kGroup, count_ - first);
  const std::uint32_t base = pending_[0];
  if (base >= kWide) throw std::length_error("the owner index holds 2^31 records or more");
  if (pending_[size - 1] - base <= 0xff) {
    to_.words_[group] = base;
    auto* distances = reinterpret_cast<std::uint8_t*>(to_.words_.data() + to_.groups());
    for (std::size_t i = 0; i < size; ++i)
      distances[first + i] = static_cast<std::uint8_t>(pending_[i] - base);
    return;
  }
  to_.words_[group] = kWide | static_cast<std::uint32_t>(to_.words_.size());
  to_.words_.insert(to_.words_.end(), pending_.begin(),
                    pending_.begin() + static_cast<std::ptrdiff_t>(size));
}

namespace {
// Sort key of (the labels of) a wire name: its labels from the root down, lower-cased, each
// closed by a 0 byte (label bytes 0 and 1 written as 1,1 and 1,2). Comparing two keys bytewise
// is the RFC 4034 §6.1 canonical order, and a key never holds two 0 bytes in a row. `w` may
// stop before the root label (then it is the key of those labels only: the key of a name is
// the key of a suffix of it followed by the key of the labels before the suffix). Returns the
// length written to `out` (at most 2 * 255 bytes).
std::size_t canonical_key(std::string_view w, unsigned char* out) {
  std::size_t starts[128];
  std::size_t labels = 0;
  for (std::size_t p = 0; p < w.size() && w[p] != 0 && labels < 128;
       p += 1 + static_cast<unsigned char>(w[p]))
    starts[labels++] = p;
  std::size_t n = 0;
  while (labels > 0) {
    const std::size_t p = starts[--labels];
    const std::size_t end = std::min(w.size(), p + 1 + static_cast<unsigned char>(w[p]));
    for (std::size_t k = p + 1; k < end; ++k) {
      auto c = static_cast<unsigned char>(w[k]);
      if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
      if (c < 2) {
        out[n++] = 1;
        out[n++] = static_cast<unsigned char>(c + 1);
      } else {
        out[n++] = c;
      }
    }
    out[n++] = 0;
  }
  return n;
}

// `suffix` (whole labels at the end of a wire name) shortened, label by label from the left,
// until `w` ends with it (case aside) at one of its own label boundaries.
std::string_view common_suffix(std::string_view suffix, std::string_view w) {
  while (suffix.size() > 1) {
    const std::size_t at = w.size() - std::min(w.size(), suffix.size());
    if (Name::equal_ci(suffix, w.substr(at))) {
      std::size_t p = 0;
      while (p < at) p += 1 + static_cast<unsigned char>(w[p]);
      if (p == at) return suffix;
    }
    suffix.remove_prefix(1 + static_cast<unsigned char>(suffix[0]));
  }
  return suffix;
}

// The remainders of the sort keys over 16 bytes, each after its length (2 bytes), in blocks that
// never move. (A string that grew by doubling copied them each time and, as it grew, held the
// old copy and the new one.) A remainder is known by a 32-bit number, its place in 4-byte units,
// where a pointer took 8 bytes of every sort item: up to 16 GiB of remainders, more than the
// keys of 50 million records (the default --max-records) of the longest names take.
class KeyRests {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  std::uint32_t add(const unsigned char* bytes, std::size_t n) {  // 1 <= n <= 2 * 255
    const std::size_t size = (sizeof(std::uint16_t) + n + kUnit - 1) / kUnit * kUnit;
    if (blocks_.empty() || kBlock - used_ < size) {
      blocks_.push_back(std::make_unique_for_overwrite<unsigned char[]>(kBlock));
      used_ = 0;
    }
    const std::size_t place = ((blocks_.size() - 1) * kBlock + used_) / kUnit;
    if (place >= kNone) throw std::length_error("the owner index's sort keys exceed 16 GiB");
    unsigned char* at = blocks_.back().get() + used_;
    const auto length = static_cast<std::uint16_t>(n);
    std::memcpy(at, &length, sizeof length);
    std::memcpy(at + sizeof length, bytes, n);
    used_ += size;
    return static_cast<std::uint32_t>(place);
  }
  // Moves `other`'s remainders after these (the next add goes on in its last block); returns
  // what to add to its places to make them places here.
  std::uint32_t append(KeyRests&& other) {
    if (other.blocks_.empty()) return 0;
    const std::size_t shift = blocks_.size() * kBlock / kUnit;
    if (shift + other.blocks_.size() * kBlock / kUnit >= kNone)
      throw std::length_error("the owner index's sort keys exceed 16 GiB");
    for (auto& block : other.blocks_) blocks_.push_back(std::move(block));
    used_ = other.used_;
    other = KeyRests();
    return static_cast<std::uint32_t>(shift);
  }
  std::string_view get(std::uint32_t place) const {
    const std::size_t at = std::size_t{place} * kUnit;
    const unsigned char* p = blocks_[at / kBlock].get() + at % kBlock;
    std::uint16_t length = 0;
    std::memcpy(&length, p, sizeof length);
    return {reinterpret_cast<const char*>(p + sizeof length), length};
  }

 private:
  static constexpr std::size_t kBlock = std::size_t{1} << 20, kUnit = 4;
  std::vector<std::unique_ptr<unsigned char[]>> blocks_;
  std::size_t used_ = 0;
};

// Puts items[first, last) in buckets by the byte of `head0` at `shift` bits, in place (an
// American flag sort: each item is swapped straight into its bucket); returns where bucket b
// starts (start[b]; start[256] is `last`).
template <typename Item>
std::array<std::size_t, 257> bucket_by_byte(std::span<Item> items, std::size_t first,
                                            std::size_t last, unsigned shift) {
  const auto bucket = [shift](const Item& item) {
    return static_cast<std::size_t>(item.head0 >> shift & 0xff);
  };
  std::array<std::size_t, 257> start{};  // bucket b is items[start[b], start[b + 1])
  for (std::size_t i = first; i < last; ++i) ++start[bucket(items[i]) + 1];
  start[0] = first;
  for (std::size_t b = 0; b < 256; ++b) start[b + 1] += start[b];
  std::array<std::size_t, 256> next{};  // the first place in bucket b not yet filled
  std::copy(start.begin(), start.end() - 1, next.begin());
  for (std::size_t b = 0; b < 256; ++b) {
    while (next[b] < start[b + 1]) {
      Item& item = items[next[b]];
      const std::size_t d = bucket(item);
      if (d == b)
        ++next[b];
      else
        std::swap(item, items[next[d]++]);
    }
  }
  return start;
}

// Sorts items[first, last), whose `head0`s agree above the byte at `shift` bits, by `less`
// (which orders first by head0): a large part is put in buckets by that byte, and each bucket
// sorted the same way by the next byte, down to parts of a few hundred items, which std::sort
// takes. Each level of std::sort's partitioning compared and moved every item of its part; a
// level of buckets moves each once and places it among 256 at a time, and the parts sorted at
// the end fit in the L1 cache.
template <typename Item, typename Less>
void sort_by_bytes(std::span<Item> items, std::size_t first, std::size_t last, const Less& less,
                   unsigned shift) {
  constexpr std::size_t kSmall = 512;
  if (last - first < kSmall || shift == 0) {
    std::sort(items.begin() + static_cast<std::ptrdiff_t>(first),
              items.begin() + static_cast<std::ptrdiff_t>(last), less);
    return;
  }
  shift -= 8;
  const std::array<std::size_t, 257> start = bucket_by_byte(items, first, last, shift);
  for (std::size_t b = 0; b < 256; ++b)
    if (start[b + 1] - start[b] > 1) sort_by_bytes(items, start[b], start[b + 1], less, shift);
}

// Sorts `items` by `less`, which orders first by `head0`. A large array is first put in
// buckets by its top byte (bucket_by_byte), and then each bucket is sorted on its own
// (sort_by_bytes). A bucket fits in the caches where the whole array did not (24 bytes an item:
// 29 MB for a zone of 1.85M records), and each level of std::sort's partitioning streamed all
// of it from memory.
//
// With `threads` > 1 the buckets are sorted on that many threads, the largest first (so that
// the last ones to start are short): each thread sorts buckets of its own, disjoint parts of
// `items`, and `less` only reads.
template <typename Item, typename Less>
void sort_by_first_byte(std::span<Item> items, const Less& less, unsigned threads) {
  if (items.size() < (std::size_t{1} << 14)) {  // small: the buckets would not pay
    std::sort(items.begin(), items.end(), less);
    return;
  }
  const std::array<std::size_t, 257> start = bucket_by_byte(items, 0, items.size(), 56);
  std::array<std::uint8_t, 256> order{};  // the buckets, largest first
  for (std::size_t b = 0; b < 256; ++b) order[b] = static_cast<std::uint8_t>(b);
  std::stable_sort(order.begin(), order.end(), [&](std::uint8_t a, std::uint8_t b) {
    return start[a + 1] - start[a] > start[b + 1] - start[b];
  });
  parallel_for(256, threads, [&](std::size_t k) {
    const std::size_t b = order[k];
    sort_by_bytes(items, start[b], start[b + 1], less, 56);
  });
}

// The owner index (Zone::sorted, Zone::owner_starts): `by_owner` ordered by (canonical owner,
// type, file order), and where each owner's part of it starts. `types` gets the type of each
// record, a compact copy: the runs that need a sort by type read them there, not from records
// scattered over memory, and so does build_index.
//
// Sorting compares keys (see canonical_key), not names: Name::canonical_compare re-walks both
// names on every comparison and made indexing most of the load time. Four things keep the
// sort small and its comparisons cheap:
//  * Records of one owner are usually neighbours in the file (a blank owner inherits the one
//    above), so the sort orders runs of neighbouring records with the same owner, one key per
//    run; the records of a run are then put in type order, a handful at a time.
//  * The labels all owners share at the end (the zone's origin, usually) are left out of the
//    keys: they would only make every comparison longer.
//  * The first 16 bytes of a key sit in the sort item as two integers, so most comparisons
//    are one or two integer comparisons; only longer keys keep a remainder, compared bytewise
//    when the first 16 bytes tie.
//  * A sort item holds all that the sort reads about its run (where its records start, where its
//    key's remainder is): with these in side tables indexed by run, each look-up was a cache
//    miss, as the sorted items visit the runs in no order. Where a run ends is a bit a record
//    (run_starts, 1/256 of the items' size), read by the pass after the sort: the items are 24
//    bytes, not 32 with the run's length and order in them (4.8 MB less at the peak of a
//    parse of the 1M-record zone, which is this sort).
//
// With `threads` > 1, the pass that makes the keys of a large zone runs on two threads and the
// sort of the runs' items on `threads` (the result is the same).
void sort_owners(const Zone& zone, std::string_view origin, std::vector<std::uint32_t>& by_owner,
                 OwnerStarts& owner_starts, TypeCodes& codes, unsigned threads) {
  const std::vector<Record>& records = zone.records;
  const std::size_t n = records.size();
  struct Item {
    std::uint64_t head0, head1;  // the first 16 bytes of the run's key, big-endian
    std::uint32_t first;         // the run's first record
    std::uint32_t rest;          // the key beyond 16 bytes in `rests`, or KeyRests::kNone
  };
  static_assert(sizeof(Item) == 24, "see above");
  KeyRests rests;
  // Bit i: record i starts a run (bit n too, so that every run ends at a bit).
  std::vector<std::uint64_t> run_starts(n / 64 + 1);
  const auto mark_run = [&](std::size_t i) { run_starts[i / 64] |= std::uint64_t{1} << (i % 64); };
  const auto run_end = [&](std::size_t first) {
    std::size_t w = (first + 1) / 64;
    std::uint64_t bits = run_starts[w] & (~std::uint64_t{0} << ((first + 1) % 64));
    while (bits == 0) bits = run_starts[++w];
    return w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
  };
  // (Room for the table of types too, at most a type a record: growing the codes to add it
  // would copy them, and the room is kept with the zone.)
  TypeCodes::Builder types(n + std::min<std::size_t>(n, TypeCodes::kOther) * sizeof(std::uint16_t));
  const auto big_endian = [](const unsigned char* p) {
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < 8; ++k) v = (v << 8) | p[k];
    return v;
  };
  // The key of `item`'s owner `w`, without the last `cut` bytes of `w` (a common suffix), its
  // remainder in `keys`.
  const auto set_key = [&](Item& item, std::string_view w, std::size_t cut, KeyRests& keys) {
    unsigned char buf[2 * 255 + 16];
    const std::size_t len = canonical_key(w.substr(0, w.size() - cut), buf);
    // Bytes past the end count as 0. A key that is a prefix of another still sorts first: the
    // longer one goes on after the shorter one's last byte (a 0 closing a label) with a label
    // byte, never a 0.
    std::memset(buf + len, 0, 16);
    const std::size_t rest_len = len > 16 ? len - 16 : 0;
    item.head0 = big_endian(buf);
    item.head1 = big_endian(buf + 8);
    item.rest = rest_len > 0 ? keys.add(buf + 16, rest_len) : KeyRests::kNone;
  };
  // One pass over the records (large, and their names scattered over memory: a second pass
  // cost as much as the sort) finds the runs, copies the types and makes the keys, below the
  // origin as long as every owner is at or below it. The items: room for the worst case of one
  // run per record (the pages never used stay unmapped, where growing by doubling would copy and
  // hold both).
  auto items_buffer = std::make_unique_for_overwrite<Item[]>(n);
  advise_huge_pages(items_buffer.get(), n * sizeof(Item));
  // The items of the runs that start at records [first, last) (a run that started before
  // `first` goes on), each made in the item `next_item()` gives, with their keys' remainders in
  // `keys`, the types of the records added to `types_or_null`. Returns how many, and whether all
  // their owners are at or below the origin (else the keys from the first that is not are left
  // to make).
  struct Made {
    std::size_t count = 0;
    bool below_origin = true;
  };
  const auto make_items = [&](std::size_t first, std::size_t last, auto&& next_item, KeyRests& keys,
                              TypeCodes::Builder* types_or_null) {
    Made made;
    for (std::size_t i = first; i < last; ++i) {
      if (types_or_null != nullptr) types_or_null->add(records[i].type);
      const std::string_view w = zone.owner(records[i]).wire();
      if (i == 0 || w != zone.owner(records[i - 1]).wire()) {
        Item& item = next_item();
        ++made.count;
        item = Item{0, 0, static_cast<std::uint32_t>(i), KeyRests::kNone};
        mark_run(i);
        made.below_origin = made.below_origin && common_suffix(origin, w).size() == origin.size();
        if (made.below_origin) set_key(item, w, origin.size(), keys);
      }
    }
    return made;
  };
  std::size_t count = 0;  // items made
  bool below_origin = true;
  // A large zone's pass runs on two threads, each over half of the records (the halves split
  // at a multiple of 64, so that they never mark runs in the same word of run_starts), and the
  // types are added on the thread that finishes first. The first half's items are made in the
  // buffer, the second half's in blocks of their own of 1 MiB, which are moved after the
  // first's one by one, each freed once moved (malloc maps a block that large apart and gives
  // it back when it is freed): the pass writes no more of the buffer than one thread does, and
  // holds at most one block more. (Made from the middle of the buffer on and moved down, the
  // second half's items wrote the buffer up to its middle whatever the number of runs: 4.6 MiB
  // more at the peak of a parse of the 1M-record zone, 8.4 of the 100 MB zone. A copy of them,
  // appended after the pass, was 2% more peak memory on a 100 MB zone.)
  // (Below that, a thread's start and its heap cost more than they save: 1.7 MiB more peak
  // memory and no time on the 100k-record bench zone, whose heaps are kept in huge pages.)
  constexpr std::size_t kParallelRecords = std::size_t{1} << 18;
  if (threads > 1 && n >= kParallelRecords) {
    const std::size_t mid = n / 2 / 64 * 64;
    // (At least 1 MiB: core/heap.cpp's threshold for a block mapped apart in a large run.)
    constexpr std::size_t kBlockItems = ((std::size_t{1} << 20) + sizeof(Item) - 1) / sizeof(Item);
    std::vector<std::unique_ptr<Item[]>> blocks;  // the second half's items
    std::size_t made_second = 0;
    const auto next_second = [&]() -> Item& {
      if (made_second % kBlockItems == 0)
        blocks.push_back(std::make_unique_for_overwrite<Item[]>(kBlockItems));
      return blocks.back()[made_second++ % kBlockItems];
    };
    auto next_first = [at = items_buffer.get()]() mutable -> Item& { return *at++; };
    KeyRests second_keys;
    std::array<Made, 2> made;
    parallel_for(3, 2, [&](std::size_t part) {
      if (part == 0) {
        made[0] = make_items(0, mid, next_first, rests, nullptr);
      } else if (part == 1) {
        made[1] = make_items(mid, n, next_second, second_keys, nullptr);
      } else {
        for (const Record& r : records) types.add(r.type);
      }
    });
    const std::uint32_t shift = rests.append(std::move(second_keys));
    Item* to = items_buffer.get() + made[0].count;
    for (std::size_t g = 0; g < made[1].count; g += kBlockItems) {
      std::unique_ptr<Item[]>& block = blocks[g / kBlockItems];
      const std::size_t m = std::min(kBlockItems, made[1].count - g);
      for (std::size_t k = 0; k < m; ++k) {
        Item item = block[k];
        if (item.rest != KeyRests::kNone) item.rest += shift;
        *to++ = item;
      }
      block.reset();
    }
    count = made[0].count + made[1].count;
    below_origin = made[0].below_origin && made[1].below_origin;
  } else {
    const Made made = make_items(
        0, n, [at = items_buffer.get()]() mutable -> Item& { return *at++; }, rests, &types);
    count = made.count;
    below_origin = made.below_origin;
  }
  const std::span<Item> items(items_buffer.get(), count);
  mark_run(n);
  codes = std::move(types).finish();
  // A record's type, from its code where it has one (the codes are a twenty-fourth the size of
  // the records).
  const auto type_of = [&](std::uint32_t i) {
    const std::uint8_t c = codes.code(i);
    return c != TypeCodes::kOther ? codes.type_of_code(c) : records[i].type;
  };
  if (!below_origin) {  // out-of-zone owners: the keys below the suffix common to all
    const auto owner_wire = [&](const Item& item) {
      return zone.owner(records[item.first]).wire();
    };
    std::string_view suffix = owner_wire(items[0]);
    for (const Item& item : items) suffix = common_suffix(suffix, owner_wire(item));
    rests = KeyRests();
    for (Item& item : items) set_key(item, owner_wire(item), suffix.size(), rests);
  }
  // The key of `a` compared with that of `b`.
  const auto compare = [&rests](const Item& a, const Item& b) {
    if (a.head0 != b.head0) return a.head0 < b.head0 ? -1 : 1;
    if (a.head1 != b.head1) return a.head1 < b.head1 ? -1 : 1;
    constexpr std::uint32_t kNone = KeyRests::kNone;
    if (a.rest == kNone || b.rest == kNone) return int{a.rest != kNone} - int{b.rest != kNone};
    const std::string_view ra = rests.get(a.rest), rb = rests.get(b.rest);
    const int c = std::memcmp(ra.data(), rb.data(), std::min(ra.size(), rb.size()));
    if (c != 0) return c;
    return int{ra.size() > rb.size()} - int{ra.size() < rb.size()};
  };
  const auto less = [&](const Item& a, const Item& b) {
    if (const int c = compare(a, b); c != 0) return c < 0;
    return a.first < b.first;  // file order
  };
  // Files in canonical order (dnssec-signzone and named-compilezone write them so) need no sort.
  if (!std::is_sorted(items.begin(), items.end(), less)) sort_by_first_byte(items, less, threads);

  // Equal keys are equal owners (case aside): each change of key starts an owner's part of
  // by_owner, which holds the records of the runs with that key by type, then file order.
  // Found first, so that the keys and the items can go before by_owner grows to a number a
  // record: the runs' first records, in sorted order, start by_owner, and are spread out from
  // the back (a run's records are never written over the first record of a run before it,
  // as each run has one at least). The items, the keys and by_owner stood together at the
  // peak of a parse; now the items and a third of by_owner, which is 6 MB less for the
  // 1M-record zone.
  const std::size_t runs = items.size();
  std::vector<std::uint64_t> starts_owner(runs / 64 + 1);  // bit g: items[g] starts an owner
  std::size_t owners = 0;
  for (std::size_t g = 0; g < runs; ++g) {
    if (g > 0 && compare(items[g - 1], items[g]) == 0) continue;
    starts_owner[g / 64] |= std::uint64_t{1} << (g % 64);
    ++owners;
  }
  rests = KeyRests();
  by_owner.clear();
  by_owner.reserve(n);
  advise_huge_pages(by_owner.data(), by_owner.capacity() * sizeof(std::uint32_t));
  for (const Item& item : items) by_owner.push_back(item.first);
  items_buffer.reset();  // the items go (`items` is not read again)
  by_owner.resize(n);
  OwnerStarts::Writer starts(owner_starts, owners + 1);
  starts.set(owners, static_cast<std::uint32_t>(n));
  const auto by_type = [&](std::uint32_t a, std::uint32_t b) {
    const std::uint16_t ta = type_of(a), tb = type_of(b);
    if (ta != tb) return ta < tb;
    return a < b;
  };
  std::size_t end = n;        // where the runs spread out so far begin
  std::size_t owner_end = n;  // where the part of the owner being spread out ends
  for (std::size_t g = runs; g-- > 0;) {
    const std::uint32_t first = by_owner[g];
    const std::size_t length = run_end(first) - first;
    end -= length;  // >= g: runs 0 .. g-1 hold g records at least
    for (std::size_t k = 0; k < length; ++k)
      by_owner[end + k] = static_cast<std::uint32_t>(first + k);
    if ((starts_owner[g / 64] >> (g % 64) & 1) == 0) continue;
    starts.set(--owners, static_cast<std::uint32_t>(end));
    const auto part_begin = by_owner.begin() + static_cast<std::ptrdiff_t>(end);
    const auto part_end = by_owner.begin() + static_cast<std::ptrdiff_t>(owner_end);
    if (!std::is_sorted(part_begin, part_end, by_type)) std::sort(part_begin, part_end, by_type);
    owner_end = end;
  }
}
}  // namespace

namespace {
// Sets where the records of each type go in the read index (ReadIndex::TypeRange), from their
// counts, for a zone of `n` records: a bit a record when that is fewer bytes than a list of
// their indices (in by_type), found from `codes` (the codes of all `n` records, or none) when
// the type has a code, else in its own words of type_bits.
template <class Range>
void lay_out_types(std::vector<Range>& ranges, std::size_t n, const TypeCodes& codes) {
  const std::size_t words = (n + 63) / 64;
  const bool coded = n > 0 && codes.size() == n;
  std::uint32_t list_at = 0, bits_at = 0;
  for (Range& range : ranges) {
    if (std::size_t{range.count} * sizeof(std::uint32_t) <= words * sizeof(std::uint64_t)) {
      range.form = Range::kList;
      range.at = list_at;
      list_at += range.count;
    } else if (const std::uint8_t c = coded ? codes.code_of(range.type) : TypeCodes::kOther;
               c != TypeCodes::kOther) {
      range.form = Range::kCodes;
      range.at = c;
    } else {
      range.form = Range::kBits;
      range.at = bits_at;
      bits_at += static_cast<std::uint32_t>(words);
    }
  }
}
}  // namespace

void Zone::build_index(unsigned threads) {
  read_index_.reset();
  index_threads_ = std::max(1u, threads);
  owner_starts_.clear();
  cuts_.clear();
  dnames_.clear();
  by_owner_.clear();
  type_codes_ = TypeCodes();
  if (!records.empty())
    sort_owners(*this, origin.wire(), by_owner_, owner_starts_, type_codes_, threads);
  // The NS and DNAME owners, found from the type codes: a pass over the records themselves (80
  // bytes each then) was 1.5% of a --parse-only run in perf. The same pass counts the records of
  // each type (for the read index): by code, and the rare types without one in a map.
  constexpr std::size_t kDirect = 512;
  std::array<std::uint32_t, kDirect> direct{};
  std::map<std::uint16_t, std::uint32_t> other;
  std::array<std::uint32_t, 256> by_code{};
  const std::uint8_t ns = type_codes_.code_of(rrtype::NS),
                     dname = type_codes_.code_of(rrtype::DNAME);
  for (std::size_t i = 0; i < type_codes_.size(); ++i) {
    const std::uint8_t c = type_codes_.code(i);
    ++by_code[c];
    if (c == TypeCodes::kOther) {
      const std::uint16_t t = records[i].type;
      if (t < kDirect)
        ++direct[t];
      else
        ++other[t];
    }
    if (c != ns && c != dname && c != TypeCodes::kOther) continue;
    const Record& r = records[i];
    if (r.type == rrtype::NS && !(owner(r) == origin) && owner(r).is_subdomain_of(origin))
      cuts_.emplace_back(owner(r));
    else if (r.type == rrtype::DNAME && owner(r).is_subdomain_of(origin))
      dnames_.emplace_back(owner(r));
  }
  for (std::size_t c = 0; c < type_codes_.distinct(); ++c) {
    const std::uint16_t t = type_codes_.type_of_code(static_cast<std::uint8_t>(c));
    if (t < kDirect)
      direct[t] += by_code[c];
    else
      other[t] += by_code[c];
  }
  // A small zone's records stay in the caches: its types are read from them (type_at), where
  // its codes would cost an allocation a zone (+2 MiB over 10,000 small zones with --jobs 2).
  constexpr std::size_t kCodesKept = 1024;
  if (records.size() < kCodesKept) type_codes_ = TypeCodes();
  // The read index's type ranges (laid out now, the index built later), sized exactly.
  std::vector<ReadIndex::TypeRange>& ranges = read_index_.index.type_ranges;
  std::size_t distinct = other.size();
  for (std::size_t t = 0; t < kDirect; ++t) distinct += direct[t] != 0 ? 1 : 0;
  ranges.reserve(distinct);
  for (std::size_t t = 0; t < kDirect; ++t)
    if (direct[t] != 0)
      ranges.push_back(ReadIndex::TypeRange{static_cast<std::uint16_t>(t), 0, direct[t], 0});
  for (const auto& [t, count] : other) ranges.push_back(ReadIndex::TypeRange{t, 0, count, 0});
  lay_out_types(ranges, records.size(), type_codes_);
  for (auto* v : {&cuts_, &dnames_}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  cut_set_.clear();
  dname_set_.clear();
  for (const Name& c : cuts_) cut_set_.insert(std::string(c.wire()));
  for (const Name& d : dnames_) dname_set_.insert(std::string(d.wire()));
}

namespace {
// A case-insensitive hash of a wire name, eight bytes at a time (the owner table's; it need
// not agree with Name::hash_ci). Length octets (at most 63) are never upper-case letters.
std::uint64_t owner_hash(std::string_view w) {
  const auto lower8 = [](std::uint64_t x) {
    constexpr std::uint64_t k7f = 0x7f7f7f7f7f7f7f7full, k80 = 0x8080808080808080ull;
    const std::uint64_t low = x & k7f;
    const std::uint64_t ge_a = low + 0x3f3f3f3f3f3f3f3full;  // high bit: byte >= 'A'
    const std::uint64_t gt_z = low + 0x2525252525252525ull;  // high bit: byte > 'Z'
    const std::uint64_t upper = ge_a & ~gt_z & ~x & k80;     // 'A'..'Z', ASCII only
    return x | (upper >> 2);                                 // sets 0x20: lower case
  };
  const auto mix = [](std::uint64_t h, std::uint64_t v) {
    h = (h ^ v) * 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 29);
  };
  std::uint64_t h = w.size();
  std::size_t i = 0;
  for (; i + 8 <= w.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, w.data() + i, 8);
    h = mix(h, lower8(x));
  }
  if (i < w.size()) {
    std::uint64_t x = 0;
    std::memcpy(&x, w.data() + i, w.size() - i);
    h = mix(h, lower8(x));
  }
  return mix(h, 0);
}
// The owner table's slot for hash `h` among `size`: the low 32 bits scaled to [0, size).
std::size_t slot_of(std::uint64_t h, std::size_t size) {
  return static_cast<std::size_t>(((h & 0xffffffffu) * size) >> 32);
}
// The owner table's slot of owner k whose name hashes to `h` (see ReadIndex::slots): k + 1 in
// the low `owner_bits` bits, the top bits of the hash (which slot_of does not use) above them.
std::uint32_t slot_value(std::uint64_t h, std::size_t k, unsigned owner_bits) {
  const auto low = static_cast<std::uint32_t>((std::uint64_t{1} << owner_bits) - 1);
  return (static_cast<std::uint32_t>(h >> 32) & ~low) | static_cast<std::uint32_t>(k + 1);
}
}  // namespace

namespace {
// The number of labels of a wire name (the root has none).
std::size_t wire_label_count(std::string_view w) {
  std::size_t n = 0;
  for (std::size_t p = 0; p < w.size() && w[p] != 0; p += 1 + static_cast<unsigned char>(w[p])) ++n;
  return n;
}
void set_depth(std::uint64_t (&bits)[2], std::size_t d) {
  if (d < 128) bits[d / 64] |= std::uint64_t{1} << (d % 64);
}
// Labels beyond 127 (impossible in a 255-octet name) count as present: look them up.
bool has_depth(const std::uint64_t (&bits)[2], std::size_t d) {
  return d >= 128 || (bits[d / 64] >> (d % 64) & 1) != 0;
}
}  // namespace

const Zone::ReadIndex& Zone::build_read_index() const {
  const std::lock_guard<std::mutex> lock(read_index_.mutex);
  if (read_index_.built.load(std::memory_order_relaxed)) return read_index_.index;
  ReadIndex& ix = read_index_.index;
  const std::size_t n = records.size();
  const std::size_t owners = owner_count();

  // Four fifths full: a lookup that misses ends at the first empty slot, a short run of slots
  // (a cache line or two, whose tags it reads, not names) away; one that hits (nearly all of the
  // rules' lookups) reads 3 slots on average. Two thirds full (2 slots) took 0.6 MB more for the
  // 604k owners of the 1M-record bench zone, for no time. Any size will do: a hash is mapped to
  // a slot by a multiplication (slot_of), not by masking bits.
  const std::size_t size = owners + owners / 4 + 16;

  // The records of each type: laid out by build_index, unless records were added since (a
  // caller that broke its contract; see below) or the zone is a copy (whose read index starts
  // empty).
  std::size_t counted = 0;
  for (const ReadIndex::TypeRange& range : ix.type_ranges) counted += range.count;
  if (by_owner_.size() != n || counted != n) {
    std::map<std::uint16_t, std::uint32_t> counts;
    for (const Record& r : records) ++counts[r.type];
    ix.type_ranges.clear();
    for (const auto& [t, count] : counts)
      ix.type_ranges.push_back(ReadIndex::TypeRange{t, 0, count, 0});
    lay_out_types(ix.type_ranges, n, type_codes_);
  }
  const std::size_t words = (n + 63) / 64;  // of a bit a record
  std::size_t list_total = 0, bit_words = 0;
  for (const ReadIndex::TypeRange& range : ix.type_ranges) {
    if (range.form == ReadIndex::TypeRange::kList) list_total += range.count;
    if (range.form == ReadIndex::TypeRange::kBits) bit_words += words;
  }
  ix.type_words = words;

  // One block: the bits of the types that have them (8-byte aligned), the slots and the lists
  // of record numbers of the other types (4-byte aligned).
  const std::size_t bytes = bit_words * sizeof(std::uint64_t) + size * sizeof(std::uint32_t) +
                            list_total * sizeof(std::uint32_t);
  ix.block = std::make_unique_for_overwrite<std::byte[]>(bytes);
  advise_huge_pages(ix.block.get(), bytes);
  std::byte* unused = ix.block.get();
  // The next `count` elements of type T in the block, value-initialised.
  const auto carve = [&unused]<class T>(std::size_t count, T* /*type*/) {
    T* first = reinterpret_cast<T*>(unused);
    std::uninitialized_value_construct_n(first, count);
    unused += count * sizeof(T);
    return std::span<T>(first, count);
  };
  ix.type_bits = carve(bit_words, static_cast<std::uint64_t*>(nullptr));
  ix.slots = carve(size, static_cast<std::uint32_t*>(nullptr));
  ix.owner_bits = static_cast<unsigned>(std::bit_width(owners));
  ix.by_type = carve(list_total, static_cast<std::uint32_t*>(nullptr));

  // Inserts the owners [first, last) into the slots. With `shared`, another thread inserts
  // other owners into the same slots at the same time: a slot is taken with an atomic
  // compare-and-swap from 0, and an owner that loses a slot probes on. (Linear probing fills the
  // same slots whatever the order of the insertions; an owner may land in another of them, which
  // a lookup does not mind.)
  const auto insert_owners = [&](std::size_t first, std::size_t last, bool shared) {
    // Inserts owner k, whose name hashes to `h` (each owner once).
    const auto insert_owner = [&](std::uint64_t h, std::size_t k) {
      const std::uint32_t value = slot_value(h, k, ix.owner_bits);
      for (std::size_t s = slot_of(h, size);; s = s + 1 == size ? 0 : s + 1) {
        if (!shared) {
          if (ix.slots[s] != 0) continue;
          ix.slots[s] = value;
          return;
        }
        std::atomic_ref<std::uint32_t> slot(ix.slots[s]);
        std::uint32_t empty = 0;
        if (slot.load(std::memory_order_relaxed) == 0 &&
            slot.compare_exchange_strong(empty, value, std::memory_order_relaxed))
          return;
      }
    };
    // The slots lie scattered over a table larger than the caches, and an insertion waits on
    // memory for its slot: owners are queued kBatch at a time with their slots prefetched, then
    // inserted, so that the waits overlap instead of adding up.
    struct Pending {
      std::uint64_t h;
      std::size_t k;
    };
    constexpr std::size_t kBatch = 16;
    Pending pending[kBatch];
    std::size_t queued = 0;
    const auto flush = [&] {
      for (std::size_t q = 0; q < queued; ++q) insert_owner(pending[q].h, pending[q].k);
      queued = 0;
    };
    // The owners in their order, each from its first record in by_owner_: the records and
    // their names lie scattered over memory in that order, so each owner's record is prefetched
    // 2 * kAhead owners before its hash is taken, and its name kAhead owners before. (A pass
    // over the records in file order streamed them, but needed an array saying where each
    // record sits in by_owner_ and which owner it belongs to: 8 bytes a record, freshly faulted
    // in.)
    constexpr std::size_t kAhead = 8;
    const auto record_of = [this](std::size_t k) -> const Record& {
      return records[by_owner_[owner_starts_[k]]];
    };
    const auto load_name = [&](std::size_t k) {
      __builtin_prefetch(owner_names.data() + record_of(k).owner_);
    };
    for (std::size_t k = first; k < std::min(first + kAhead, last); ++k) load_name(k);
    for (std::size_t k = first; k < last; ++k) {
      if (k + 2 * kAhead < last) __builtin_prefetch(&record_of(k + 2 * kAhead));
      if (k + kAhead < last) load_name(k + kAhead);
      const std::uint64_t h = owner_hash(owner(record_of(k)).wire());
      __builtin_prefetch(&ix.slots[slot_of(h, size)]);
      pending[queued++] = Pending{h, k};
      if (queued == kBatch) flush();
    }
    flush();
  };
  const auto fill_types = [&] {
    // Records by type: a counting sort of the record numbers into the lists, which keeps file
    // order per type, or their bits. `next` says where each type's next record goes in by_type
    // (a list), or where its words start in type_bits (kBits set), and `limit` where its list
    // ends (a type that was not counted has none: records changed against the contract are left
    // out, not written past the end): types below kDirect in arrays, the rare others in a map.
    constexpr std::size_t kDirect = 512;
    constexpr std::uint32_t kBits = 0x80000000u;  // by_type and type_bits are far below 2^31
    std::array<std::uint32_t, kDirect> direct{}, direct_limit{};
    std::map<std::uint16_t, std::pair<std::uint32_t, std::uint32_t>> other;
    for (const ReadIndex::TypeRange& range : ix.type_ranges) {
      // (A type read from its codes has nothing to fill: a list with no room.)
      const bool listed = range.form == ReadIndex::TypeRange::kList;
      const std::uint32_t next = range.form == ReadIndex::TypeRange::kBits ? range.at | kBits
                                 : listed                                  ? range.at
                                                                           : 0;
      const std::uint32_t limit = listed ? range.at + range.count : 0;
      if (range.type < kDirect) {
        direct[range.type] = next;
        direct_limit[range.type] = limit;
      } else {
        other[range.type] = {next, limit};
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint16_t t = type_at(i);
      std::uint32_t* next = nullptr;
      std::uint32_t limit = 0;
      if (t < kDirect) {
        next = &direct[t];
        limit = direct_limit[t];
      } else {
        auto& [o_next, o_limit] = other[t];
        next = &o_next;
        limit = o_limit;
      }
      if ((*next & kBits) != 0)
        ix.type_bits[(*next & ~kBits) + i / 64] |= std::uint64_t{1} << (i % 64);
      else if (*next < limit)
        ix.by_type[(*next)++] = static_cast<std::uint32_t>(i);
    }
  };

  // A large zone's index is built on the threads its owner index was sorted on (build_index):
  // the owners in as many parts, each inserted by a thread, and the types by the thread that
  // finishes first. (The owners' records and names are scattered over memory: each thread waits
  // on its own cache misses.) A small zone's is built here alone, as a thread would cost more.
  constexpr std::size_t kParallelOwners = std::size_t{1} << 17;  // as kParallelRecords
  const std::size_t parts = owners >= kParallelOwners ? index_threads_ : 1;
  if (parts > 1) {
    parallel_for(parts + 1, static_cast<unsigned>(parts), [&](std::size_t part) {
      if (part == parts)
        fill_types();
      else
        insert_owners(owners * part / parts, owners * (part + 1) / parts, true);
    });
  } else {
    insert_owners(0, owners, false);
    fill_types();
  }
  for (const Name& c : cuts_) set_depth(ix.cut_depths, wire_label_count(c.wire()));
  for (const Name& d : dnames_) set_depth(ix.dname_depths, wire_label_count(d.wire()));

  // The in-zone owners: from the origin (or the first name after it) to the first name that
  // is not below it.
  const auto owner_name = [this](std::size_t k) -> NameView {
    return owner(records[by_owner_[owner_starts_[k]]]);
  };
  std::size_t lo = 0, hi = owners;
  while (lo < hi) {  // first owner not before the origin
    const std::size_t mid = lo + (hi - lo) / 2;
    if (std::is_lt(Name::canonical_compare(owner_name(mid).wire(), origin.wire())))
      lo = mid + 1;
    else
      hi = mid;
  }
  ix.in_zone_lo = lo;
  hi = owners;
  while (lo < hi) {  // first owner after it that is not below the origin
    const std::size_t mid = lo + (hi - lo) / 2;
    if (owner_name(mid).is_subdomain_of(origin))
      lo = mid + 1;
    else
      hi = mid;
  }
  ix.in_zone_hi = lo;
  read_index_.built.store(true, std::memory_order_release);
  return ix;
}

std::pair<std::size_t, std::size_t> Zone::in_zone_owners() const {
  const ReadIndex& ix = read_index();
  return {ix.in_zone_lo, ix.in_zone_hi};
}

Zone::OwnerRun Zone::find_owner(NameView name) const {
  const ReadIndex& ix = read_index();
  const std::span<const std::uint32_t> slots = ix.slots;
  const std::uint64_t h = owner_hash(name.wire());
  const auto k_mask = static_cast<std::uint32_t>((std::uint64_t{1} << ix.owner_bits) - 1);
  const auto tag = static_cast<std::uint32_t>(h >> 32) & ~k_mask;
  const std::size_t size = slots.size();
  for (std::size_t at = slot_of(h, size); slots[at] != 0; at = at + 1 == size ? 0 : at + 1) {
    const std::uint32_t s = slots[at];
    if ((s & ~k_mask) != tag) continue;
    const std::size_t k = (s & k_mask) - 1;
    // The owner's name: that of the first record of its run.
    const std::uint32_t begin = owner_starts_[k];
    if (!Name::equal_ci(owner(records[by_owner_[begin]]).wire(), name.wire())) continue;
    return OwnerRun{begin, owner_starts_[k + 1]};
  }
  return OwnerRun{};
}

std::span<const std::uint32_t> Zone::owner_records(NameView name) const {
  const OwnerRun run = find_owner(name);
  return std::span<const std::uint32_t>(by_owner_).subspan(run.begin, run.end - run.begin);
}

std::vector<std::uint32_t> Zone::records_at(NameView name) const {
  const auto run = owner_records(name);
  std::vector<std::uint32_t> out(run.begin(), run.end());
  std::sort(out.begin(), out.end());
  return out;
}

std::span<const std::uint32_t> Zone::records_at(NameView name, std::uint16_t type) const {
  const OwnerRun run = find_owner(name);
  if (run.end == 0) return {};
  return of_type(run.begin, run.end, type);
}

std::span<const std::uint32_t> Zone::of_type(std::size_t begin, std::size_t end,
                                             std::uint16_t type) const {
  // The owner's run is ordered by type, then file order: the records of one type are a
  // contiguous part of it, already in file order. The types are read from their codes.
  std::size_t b = begin;
  while (b < end && type_at(by_owner_[b]) < type) ++b;
  std::size_t e = b;
  while (e < end && type_at(by_owner_[e]) == type) ++e;
  return std::span<const std::uint32_t>(by_owner_).subspan(b, e - b);
}

bool Zone::has(NameView name, std::uint16_t type) const {
  return !records_at(name, type).empty();
}

TypeRecords Zone::records_of_type(std::uint16_t type) const {
  const ReadIndex& ix = read_index();
  const auto it =
      std::lower_bound(ix.type_ranges.begin(), ix.type_ranges.end(), type,
                       [](const ReadIndex::TypeRange& r, std::uint16_t t) { return r.type < t; });
  if (it == ix.type_ranges.end() || it->type != type) return {};
  if (it->form == ReadIndex::TypeRange::kCodes)
    return TypeRecords(&type_codes_, static_cast<std::uint8_t>(it->at), it->count);
  if (it->form == ReadIndex::TypeRange::kBits)
    return TypeRecords(ix.type_bits.data() + it->at, ix.type_words, it->count);
  return TypeRecords(ix.by_type.data() + it->at, it->count);
}

bool Zone::name_exists(NameView name) const {
  if (find_owner(name).end != 0) return true;
  // Empty non-terminal: the first owner after `name` in canonical order (where `name` would
  // be) is below it.
  const auto at = std::lower_bound(
      by_owner_.begin(), by_owner_.end(), name, [this](std::uint32_t i, NameView n) {
        return std::is_lt(Name::canonical_compare(owner(records[i]).wire(), n.wire()));
      });
  return at != by_owner_.end() && owner(records[*at]).is_subdomain_of(name);
}

std::optional<Name> Zone::delegation_above(NameView name) const {
  if (cut_set_.empty() || !contains(name)) return std::nullopt;
  // Walk the name's suffixes (each a wire name) from the name up to, excluding, the origin;
  // the topmost cut wins. Only suffixes with as many labels as some cut are looked up: most
  // zones delegate at one or two depths, and hashing every suffix cost more than the rest.
  const ReadIndex& ix = read_index();
  const std::string_view w = name.wire();
  const std::size_t stop = origin.wire().size();
  std::size_t labels = wire_label_count(w);
  std::size_t found = std::string_view::npos;
  for (std::size_t p = 0; w.size() - p > stop; p += 1 + static_cast<unsigned char>(w[p]), --labels)
    if (has_depth(ix.cut_depths, labels) && cut_set_.find(w.substr(p)) != cut_set_.end()) found = p;
  if (found == std::string_view::npos) return std::nullopt;
  return Name::from_wire(w.substr(found));
}

std::optional<Name> Zone::dname_above(NameView name) const {
  if (dname_set_.empty() || !contains(name) || name == origin) return std::nullopt;
  // Proper ancestors, closest first, down to and including the origin (those with as many
  // labels as some DNAME owner only, as in delegation_above).
  const ReadIndex& ix = read_index();
  const std::string_view w = name.wire();
  const std::size_t stop = origin.wire().size();
  std::size_t labels = wire_label_count(w) - 1;
  for (std::size_t p = 1 + static_cast<unsigned char>(w[0]); w.size() - p >= stop;
       p += 1 + static_cast<unsigned char>(w[p]), --labels) {
    if (has_depth(ix.dname_depths, labels) && dname_set_.find(w.substr(p)) != dname_set_.end())
      return Name::from_wire(w.substr(p));
    if (w.size() - p == stop) break;
  }
  return std::nullopt;
}

std::optional<Name> read_wire_name(std::string_view w, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < w.size()) {
    const auto len = static_cast<unsigned char>(w[pos]);
    if (len == 0) {
      ++pos;
      std::string_view nw = w.substr(start, pos - start);
      if (!Name::is_valid_wire(nw)) return std::nullopt;
      return Name::from_wire(nw);
    }
    if (len > 63) return std::nullopt;
    pos += 1 + len;
  }
  return std::nullopt;
}

namespace {
bool rd16(std::string_view w, std::size_t& p, std::uint16_t& v) {
  if (p + 2 > w.size()) return false;
  v = static_cast<std::uint16_t>((static_cast<unsigned char>(w[p]) << 8) |
                                 static_cast<unsigned char>(w[p + 1]));
  p += 2;
  return true;
}
bool rd32(std::string_view w, std::size_t& p, std::uint32_t& v) {
  if (p + 4 > w.size()) return false;
  v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(w[p + i]);
  p += 4;
  return true;
}
}  // namespace

std::optional<AData> as_a(const Zone& z, const Record& r) {
  if (r.type != rrtype::A) return std::nullopt;
  const std::string_view w = z.rdata(r);
  if (w.size() != 4) return std::nullopt;
  AData d;
  std::memcpy(d.addr, w.data(), 4);
  return d;
}

std::optional<AaaaData> as_aaaa(const Zone& z, const Record& r) {
  if (r.type != rrtype::AAAA) return std::nullopt;
  const std::string_view w = z.rdata(r);
  if (w.size() != 16) return std::nullopt;
  AaaaData d;
  std::memcpy(d.addr, w.data(), 16);
  return d;
}

std::optional<NameData> as_name_target(const Zone& z, const Record& r) {
  if (r.type != rrtype::NS && r.type != rrtype::CNAME && r.type != rrtype::DNAME &&
      r.type != rrtype::PTR)
    return std::nullopt;
  std::size_t p = 0;
  const std::string_view w = z.rdata(r);
  auto n = read_wire_name(w, p);
  if (!n || p != w.size()) return std::nullopt;
  return NameData{std::move(*n)};
}

std::optional<SoaData> as_soa(const Zone& z, const Record& r) {
  if (r.type != rrtype::SOA) return std::nullopt;
  auto w = z.rdata(r);
  std::size_t p = 0;
  auto m = read_wire_name(w, p);
  if (!m) return std::nullopt;
  auto rn = read_wire_name(w, p);
  if (!rn) return std::nullopt;
  SoaData d{std::move(*m), std::move(*rn), 0, 0, 0, 0, 0};
  if (!rd32(w, p, d.serial) || !rd32(w, p, d.refresh) || !rd32(w, p, d.retry) ||
      !rd32(w, p, d.expire) || !rd32(w, p, d.minimum) || p != w.size())
    return std::nullopt;
  return d;
}

std::optional<MxData> as_mx(const Zone& z, const Record& r) {
  if (r.type != rrtype::MX) return std::nullopt;
  auto w = z.rdata(r);
  std::size_t p = 0;
  std::uint16_t pref = 0;
  if (!rd16(w, p, pref)) return std::nullopt;
  auto n = read_wire_name(w, p);
  if (!n || p != w.size()) return std::nullopt;
  return MxData{pref, std::move(*n)};
}

std::optional<TxtData> as_txt(const Zone& z, const Record& r) {
  if (r.type != rrtype::TXT && r.type != rrtype::SPF) return std::nullopt;
  auto w = z.rdata(r);
  TxtData d;
  std::size_t p = 0;
  while (p < w.size()) {
    const auto len = static_cast<unsigned char>(w[p]);
    if (p + 1 + len > w.size()) return std::nullopt;
    d.strings.emplace_back(w.substr(p + 1, len));
    p += 1 + len;
  }
  return d;
}

std::optional<SrvData> as_srv(const Zone& z, const Record& r) {
  if (r.type != rrtype::SRV) return std::nullopt;
  auto w = z.rdata(r);
  std::size_t p = 0;
  SrvData d{0, 0, 0, Name()};
  if (!rd16(w, p, d.priority) || !rd16(w, p, d.weight) || !rd16(w, p, d.port)) return std::nullopt;
  auto n = read_wire_name(w, p);
  if (!n || p != w.size()) return std::nullopt;
  d.target = std::move(*n);
  return d;
}

std::optional<CaaData> as_caa(const Zone& z, const Record& r) {
  if (r.type != rrtype::CAA) return std::nullopt;
  auto w = z.rdata(r);
  if (w.size() < 2) return std::nullopt;
  CaaData d;
  d.flags = static_cast<std::uint8_t>(w[0]);
  const auto tl = static_cast<unsigned char>(w[1]);
  if (2u + tl > w.size()) return std::nullopt;
  d.tag = std::string(w.substr(2, tl));
  d.value = std::string(w.substr(2 + tl));
  return d;
}

const Zone* ZoneSet::authoritative_for(NameView name) const {
  const Zone* best = nullptr;
  for (const auto& z : zones) {
    if (!name.is_subdomain_of(z.origin)) continue;
    if (!best || z.origin.wire().size() > best->origin.wire().size()) best = &z;
  }
  return best;
}

}  // namespace zl
