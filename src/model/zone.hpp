// The data model every front end produces: records with typed rdata and source spans, zones
// with indexes, and the set of all zones of one run.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "model/name.hpp"
#include "model/name_store.hpp"
#include "model/rrtype.hpp"

namespace zl {

// One rdata field as written (a token of a zone file, or a value of a YAML/JSON front end), as
// Zone::fields_of gives it: where a finding about the field points. Zone::field_text gives its
// text.
struct Field {
  Span span;
};

// How a zone keeps its records' fields, in one of two forms (Zone::fields_lexed tells which):
//
// Lexed: a zone-file record whose fields are the tokens of its entry after its type token (what
// the parse reads nearly always) keeps nothing of them. Zone::fields_of lexes them again from
// the entry's text (model/entry_tokens.hpp: from the end of Zone::type_span to the end of
// Zone::span) when asked, which is when a finding points at a field or a rule reads a field's
// text (a few rules, for the records they report or cannot judge from the rdata alone). They
// took 4 bytes a field and a byte a record for the whole run before (8 MiB of the 1M-record
// bench zone, 15 MiB of the 100 MB one). The entry's text is read through the SourceSet, like
// any other text a rule asks for (a mapped file's pages come back while it is read; see
// SourceFile::slice), so a rule must not ask for the fields of every record it passes.
//
// Stored: the other records (front ends, whose fields are values of a YAML or JSON file;
// $GENERATE, whose fields are texts of their own; records a test builds field by field) keep
// them in Zone::rdata_arena right after their rdata, as a zone has about 1.4 of them per record
// (a record has no room for where they are: see Record). A field is written in its record's
// file in every front end (a zone-file token of the entry, the $GENERATE directive's template,
// a YAML or JSON value of the record), so only where it is in that file is kept. After the
// rdata:
//  * one byte: kWideFields if the fields are StoredFields, plus their count when it is below
//    kCountFollows, else kCountFollows and the count in the 4 bytes that follow (host order);
//  * the fields (unaligned): 4 bytes each, a NearField, when every field of the record is a
//    token within 64 KiB of the entry's start; else 8 bytes each, a StoredField, which may
//    also be a FieldExtra's index.
// The rare field that needs more than its offsets (its text is not its span's: $GENERATE, front
// ends that rewrite values; or its span is not in the record's file, or unknown) is a
// FieldExtra.
struct NearField {
  std::uint16_t offset = 0;  // of its first byte from the start of the record's entry
  std::uint16_t length = 0;
};
static_assert(sizeof(NearField) == 4, "a near field is 4 bytes: see above");
struct StoredField {
  std::uint32_t begin = 0;  // in the record's file (Zone::file_of); with kExtra, the
                            // index of the field's FieldExtra in Zone::field_extras
  std::uint32_t end = 0;    // in the record's file, or kExtra
  // Never the end of a span (a file is at most 2^32 - 2 bytes), so it marks a FieldExtra.
  static constexpr std::uint32_t kExtra = 0xffffffffu;
};
static_assert(sizeof(StoredField) == 8, "a stored field is 8 bytes: see above");
struct FieldExtra {
  Span span;
  // kFromSpan, or the offset in Zone::text_arena of the text's length (4 bytes, host order)
  // followed by the text.
  std::uint32_t text_off = kFromSpan;
  static constexpr std::uint32_t kFromSpan = 0xffffffffu;  // text is exactly the span's text
};
// The byte before a record's stored fields (see above).
inline constexpr std::uint8_t kWideFields = 0x80, kCountFollows = 0x7f;

// The fields of one record (Zone::fields_of), each given as a Field by value. Of a record with
// stored fields, a view of them (valid as long as the zone is not changed); of one with lexed
// fields, their offsets as the lexer found them, held here (a few on the stack, more on the
// heap), valid as long as the zone and its file's text.
class FieldList {
 public:
  FieldList() = default;
  // Stored fields: `first`, the first of `size` fields, NearFields or (`wide`) StoredFields.
  FieldList(const unsigned char* first, std::size_t size, bool wide, Span entry,
            const FieldExtra* extras)
      : first_(first), size_(size), entry_(entry), extras_(extras), wide_(wide) {}
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  Field operator[](std::size_t i) const {
    if (lexed_) {
      const std::uint32_t* at = lexed_offsets() + 2 * i;
      return Field{Span{entry_.file, at[0], at[1]}};
    }
    if (!wide_) {
      NearField f;
      std::memcpy(&f, first_ + i * sizeof f, sizeof f);
      const std::uint32_t begin = entry_.begin + f.offset;
      return Field{Span{entry_.file, begin, begin + f.length}};
    }
    StoredField f;
    std::memcpy(&f, first_ + i * sizeof f, sizeof f);
    if (f.end == StoredField::kExtra) return Field{extras_[f.begin].span};
    return Field{Span{entry_.file, f.begin, f.end}};
  }
  Field front() const { return (*this)[0]; }
  Field back() const { return (*this)[size_ - 1]; }
  // The StoredField of field i (with the record's file, the FieldExtra's index or the span's
  // offsets), as a wide list keeps it: for Zone::field_text and the loaders.
  StoredField stored(std::size_t i) const {
    if (wide_) {
      StoredField f;
      std::memcpy(&f, first_ + i * sizeof f, sizeof f);
      return f;
    }
    const Span s = (*this)[i].span;
    return StoredField{s.begin, s.end};
  }

  class iterator {
   public:
    using value_type = Field;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(const FieldList* list, std::size_t i) : list_(list), i_(i) {}
    Field operator*() const { return (*list_)[i_]; }
    iterator& operator++() {
      ++i_;
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      ++i_;
      return old;
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.i_ == b.i_; }

   private:
    const FieldList* list_ = nullptr;
    std::size_t i_ = 0;
  };
  iterator begin() const { return iterator(this, 0); }
  iterator end() const { return iterator(this, size_); }

 private:
  friend class Zone;  // Zone::fields_of fills a lexed list
  // An empty list of lexed fields in `file`, to add_lexed to.
  explicit FieldList(FileId file) : entry_{file, 0, 0}, lexed_(true) {}
  void add_lexed(std::uint32_t begin, std::uint32_t end) {
    if (size_ < kInline) {
      inline_[2 * size_] = begin;
      inline_[2 * size_ + 1] = end;
    } else {
      if (size_ == kInline) more_.assign(inline_.begin(), inline_.end());
      more_.push_back(begin);
      more_.push_back(end);
    }
    ++size_;
  }
  const std::uint32_t* lexed_offsets() const {
    return size_ <= kInline ? inline_.data() : more_.data();
  }
  const unsigned char* first_ = nullptr;
  std::size_t size_ = 0;
  Span entry_;  // the record's span: its file, and where near fields count from
  const FieldExtra* extras_ = nullptr;
  bool wide_ = false;
  bool lexed_ = false;
  // Lexed fields: begin and end of each, here for the first kInline (most records), else all in
  // more_.
  static constexpr std::size_t kInline = 12;
  std::array<std::uint32_t, 2 * kInline> inline_{};
  std::vector<std::uint32_t> more_;
};

enum RecordFlags : std::uint8_t {
  kTtlExplicit = 1,     // the entry itself gave a TTL
  kOwnerInherited = 2,  // blank owner: inherited from the previous entry
  kGenerated = 4,       // produced by $GENERATE
  kValueUnknown = 8,    // value not known until apply (Terraform): no finding may use it
  kTtlFromSoaMin = 16,  // no TTL source at all: took the SOA minimum, as BIND does
  kLenient = 32,        // octoDNS `lenient: true`
  // Zone files: how the entry was written, which its values do not tell, so that rules need
  // not read the source text (a mapped file's pages, out of memory) for every record, only for
  // what they report (written_plainly and written_origin_labels in lint/rule_support.hpp).
  kTextNotPlain = 64,   // a token of the entry (owner or rdata) has a backslash escape
  kOriginDeeper = 128,  // read under an $ORIGIN of one label more than the zone's origin
  // Neither: read under an $ORIGIN of as many labels as the zone's origin. Both: an escape and
  // a deeper $ORIGIN, or an $ORIGIN of another length: only the text tells how its names were
  // written.
};

// Where a zone-file record's TTL came from (RFC 1035 §5.1, RFC 2308 §4), as BIND 9 settles it.
// Other front ends leave `unspecified`: they give a TTL or their format's default, and
// kTtlExplicit tells which.
enum class TtlSource : std::uint8_t {
  unspecified,
  explicit_ttl,     // the entry wrote one
  directive,        // the $TTL in force (or ParseOptions::default_ttl)
  soa_minimum,      // the SOA minimum, in force as $TTL since an SOA that had no TTL source
  own_soa_minimum,  // an SOA with no TTL source at all: its own minimum (ttl-missing)
  previous_record,  // no $TTL in force: the TTL of the last record that had one (RFC 1035 §5.1)
  none,             // no source at all before the SOA: a parse error; the SOA minimum is filled in
};

// 24 bytes (it was 96, then 80, 48, 40, 32): a zone holds one per record, and the records are
// the largest part of a loaded zone (a 1M-record zone keeps them through the whole rules phase).
// So a record keeps only what differs from its neighbours, and the Zone gives the rest:
//  * The entry's span is Zone::span(r). Its file is not in the record: the records of one file
//    follow each other, so the zone keeps a short table of runs (Zone::file_of, one run a file
//    for a zone without $INCLUDE). The record keeps where the entry starts and its length in
//    16 bits; a longer entry is "far" (below).
//  * The owner is a 4-byte handle into the zone's owner store, where the records of one owner
//    share one copy of its name: Zone::owner(r) gives it (Zone::set_entry sets it).
//  * The class is the zone's (Zone::rclass): a loader refuses a record of another class.
//  * The owner and type tokens are short offsets from the entry's start (below); Zone::
//    owner_span and type_span give them.
//  * The rdata's length (RDLENGTH) is kept in the zone's arena just before the rdata, in one
//    byte when it is below kLongRdata (all but 2% of the 1M-record bench zone's, whose TXT
//    records are the longest: a 2-byte length for each took 1 MB more), else as that mark
//    after the 2-byte length; not at all when it is the record's type's fixed length (an A
//    record's 4 octets, an AAAA record's 16: half of that zone's records; a bit says so,
//    fixed_rdata_). The stored fields follow the rdata (see NearField). So neither needs room
//    here (Zone::rdata, Zone::fields_of); a zone-file record's fields are not kept at all, a
//    bit says so (lexed_fields_).
struct Record {
  std::uint32_t ttl = 0;
  // Where the rdata starts in Zone::rdata_arena, its stored fields after it; kNoData until
  // Zone::set_rdata (no rdata, no fields). The type must not change after set_rdata: an A or
  // AAAA record's rdata length may be its type's (fixed_rdata_).
  std::uint32_t rdata_off = kNoData;
  static constexpr std::uint32_t kNoData = 0xffffffffu;
  std::uint16_t type = 0;
  std::uint8_t flags = 0;
  TtlSource ttl_source : 3 = TtlSource::unspecified;  // seven values

  bool has(RecordFlags f) const { return (flags & f) != 0; }

 private:
  friend class Zone;  // Zone::set_entry sets the span, owner and tokens, Zone::span and
                      // Zone::owner read them
  // The tokens are in the entry's file, kept as offsets from the entry's start: in a zone file
  // the owner token starts the entry (an inherited owner's is empty there) and the type token is
  // a few bytes further. What does not fit (the owner template of a $GENERATE, a front end's
  // name value, an owner token of 126 bytes or more, a type token more than 255 bytes from the
  // entry's start or of 15 bytes or more, an entry of 64 KiB or more) is "far": kept whole as
  // FarTokens, just before the record's own copy of its owner in the owner store (owner_len_
  // kFar says so), where Zone::set_entry put them. (No type is spelt in 15 bytes or more:
  // NSEC3PARAM and TYPE65535 are 10 and 9.)
  static constexpr std::uint8_t kNoToken = 0x7f, kFar = 0x7e, kNoTypeToken = 0xf;
  std::uint8_t type_len_ : 4 = kNoTypeToken;  // the type token is [begin_ + type_off_, +
                                              // type_len_)
  // 1: the fields are not stored, Zone::fields_of lexes them from the entry (see NearField).
  std::uint8_t lexed_fields_ : 1 = 0;
  std::uint8_t owner_len_ : 7 = kNoToken;  // the owner token is [begin_, + owner_len_)
  // 1: the rdata is as long as its type's always is (Zone::fixed_rdata_length), and that
  // length is not kept before it in the arena (see above).
  std::uint8_t fixed_rdata_ : 1 = 0;
  std::uint8_t type_off_ = 0;
  std::uint16_t length_ = 0;     // the entry is [begin_, + length_) (not far)
  std::uint32_t begin_ = 0;      // where the entry starts in its file
  NameStore::Handle owner_ = 0;  // in the zone's owner_names

  struct FarTokens {
    // A length of kNoFarToken: no token (an invalid span). A token that long is never a name
    // or a type a record is stored under (a name is at most 255 octets, 4 characters each at
    // most when escaped), so the cap below never shortens a span that is read.
    static constexpr std::uint16_t kNoFarToken = 0xffff;
    std::uint32_t owner_begin = 0, type_begin = 0;
    std::uint16_t owner_len = kNoFarToken, type_len = kNoFarToken;
    std::uint32_t entry_end = 0;  // the entry is [Record::begin_, entry_end)
    static std::uint16_t length(Span s) {
      return !s.valid() ? kNoFarToken
                        : static_cast<std::uint16_t>(
                              std::min<std::uint32_t>(s.end - s.begin, kNoFarToken - 1));
    }
    static Span token(FileId file, std::uint32_t begin, std::uint16_t len) {
      if (len == kNoFarToken) return Span{};
      return Span{file, begin, begin + len};
    }
    Span owner(FileId file) const { return token(file, owner_begin, owner_len); }
    Span type(FileId file) const { return token(file, type_begin, type_len); }
  };
};
static_assert(sizeof(Record) == 24, "a Record is 24 bytes: see above");

// Typed views of rdata, decoded from wire form. Each returns nullopt if the record is of
// another type or its rdata is malformed (the loader has reported that already).
struct AData {
  std::uint8_t addr[4];
};
struct AaaaData {
  std::uint8_t addr[16];
};
struct NameData {
  Name target;
};  // NS, CNAME, DNAME, PTR
struct SoaData {
  Name mname, rname;
  std::uint32_t serial, refresh, retry, expire, minimum;
};
struct MxData {
  std::uint16_t preference;
  Name exchange;
  bool is_null() const { return exchange.is_root(); }
};
struct TxtData {
  std::vector<std::string> strings;
};  // TXT, SPF
struct SrvData {
  std::uint16_t priority, weight, port;
  Name target;
};
struct CaaData {
  std::uint8_t flags;
  std::string tag, value;
};

// How the zone-file parser settled TTLs beyond what each record says: facts that only the
// parser sees, reported by the rules in rules/meta/ (ttl-inherited, include-ttl-leak). Empty
// for the other front ends.
struct TtlFacts {
  // Records that took the TTL of the last record that had one, with no $TTL in force (RFC 1035
  // §5.1, TtlSource::previous_record), counted as the parser stored them, and the first one.
  struct Inherited {
    std::size_t count = 0;
    Span first;  // its type token
    Name owner;
    std::uint16_t type = 0;
    std::uint32_t ttl = 0;
    Span source;  // the TTL token it took its TTL from (invalid when unknown)
  };
  // A $TTL set inside an $INCLUDEd file (or the SOA minimum standing in for it there) that
  // stays in force after the $INCLUDE, as in BIND 9, where Knot restores the including file's:
  // the records without a TTL of their own that the difference reached.
  struct IncludeLeak {
    Span include;                   // the $INCLUDE entry
    FileId included = kNoFile;      // the file it pulled in
    Span source;                    // what set the TTL: the $TTL value or the SOA type token
    bool from_soa_minimum = false;  // the source is an SOA minimum, not a $TTL
    std::size_t count = 0;          // records reached
    Span first;                     // the type token of the first of them
    Name owner;
    std::uint16_t type = 0;
    std::uint32_t bind_ttl = 0;             // the TTL it took (BIND)
    std::optional<std::uint32_t> knot_ttl;  // Knot's: the $TTL before the $INCLUDE, if any
  };
  Inherited inherited;
  std::vector<IncludeLeak> include_leaks;  // those that reached at least one record
};

// The type of each record of a zone as one byte (Zone::build_index keeps them, in file order,
// for the owner index and the read index, which would otherwise read the records' types from the
// records, 24 bytes each, scattered over memory in owner order): a code for each distinct type,
// in the order first seen, and a table of the types after the codes. A zone has a handful of
// types; past the 255th distinct one (a hostile zone), a record's code is kOther and its type is
// read from the record. 1 byte a record where a copy of the types took 2.
class TypeCodes {
 public:
  static constexpr std::uint8_t kOther = 0xff;
  // Codes for records added one at a time, in file order (build_index's pass over the records).
  class Builder {
   public:
    explicit Builder(std::size_t records) { codes_.reserve(records); }
    void add(std::uint16_t type) { codes_.push_back(code_for(type)); }
    TypeCodes finish() &&;

   private:
    std::uint8_t code_for(std::uint16_t type);
    std::vector<std::uint8_t> codes_;
    std::vector<std::uint16_t> types_;     // of each code
    std::array<std::uint8_t, 512> low_{};  // code + 1 of each type below 512 seen so far
  };
  std::size_t size() const { return count_; }                   // records coded
  std::size_t distinct() const { return distinct_; }            // codes used (at most kOther)
  std::uint8_t code(std::size_t i) const { return bytes_[i]; }  // of record i (i < size())
  std::uint16_t type_of_code(std::uint8_t c) const {            // c < distinct()
    std::uint16_t t = 0;
    std::memcpy(&t, bytes_.data() + count_ + c * sizeof t, sizeof t);
    return t;
  }
  // The code of `type`, kOther when it has none (not among the types coded, or past the 255th).
  std::uint8_t code_of(std::uint16_t type) const;
  // Bit k: record 64 * word + k (< size()) has code `c` (a word of TypeRecords' bits, found
  // from the codes: 8 of them at a time).
  std::uint64_t bits_of(std::uint8_t c, std::size_t word) const {
    const std::size_t first = word * 64, count = std::min<std::size_t>(64, count_ - first);
    std::uint64_t bits = 0;
    if constexpr (std::endian::native == std::endian::little) {
      constexpr std::uint64_t k7f = 0x7f7f7f7f7f7f7f7full, k01 = 0x0101010101010101ull;
      for (std::size_t g = 0; g < count; g += 8) {
        const std::size_t n = std::min<std::size_t>(8, count - g);
        std::uint64_t x = 0;
        std::memcpy(&x, bytes_.data() + first + g, n);
        x ^= k01 * c;                                               // the bytes of code c: 0
        const std::uint64_t zero = ~(((x & k7f) + k7f) | x | k7f);  // their top bits
        // The top bit of byte j to bit j (the products do not overlap), for the n read.
        const std::uint64_t hits = ((zero >> 7) * 0x0102040810204080ull) >> 56;
        bits |= (hits & ((std::uint64_t{1} << n) - 1)) << g;
      }
    } else {
      for (std::size_t k = 0; k < count; ++k) bits |= std::uint64_t{bytes_[first + k] == c} << k;
    }
    return bits;
  }

 private:
  std::vector<std::uint8_t> bytes_;  // the codes, then the type of each code (2 bytes, unaligned)
  std::uint32_t count_ = 0;
  std::uint32_t distinct_ = 0;
};

// The records of one type in a zone (Zone::records_of_type): their indices, in file order, read
// from a list of them or, for a type that a good part of the records have, from a bit a record
// (an eighth of a byte a record instead of 4 bytes each), or from the zone's type codes (the
// byte a record that the owner index keeps anyway: TypeCodes::bits_of makes the bits when they
// are read, which saved their 0.9 MB in the 1M-record bench zone). A view, valid as long as the
// zone and its index.
class TypeRecords {
 public:
  TypeRecords() = default;
  // `list`: the `size` indices; else `bits`, `words` words of a bit a record (`size` bits set);
  // else the `size` records of code `code` among `codes`.
  TypeRecords(const std::uint32_t* list, std::size_t size) : list_(list), size_(size) {}
  TypeRecords(const std::uint64_t* bits, std::size_t words, std::size_t size)
      : bits_(bits), words_(words), size_(size) {}
  TypeRecords(const TypeCodes* codes, std::uint8_t code, std::size_t size)
      : codes_(codes), words_((codes->size() + 63) / 64), size_(size), code_(code) {}
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  class iterator {
   public:
    using value_type = std::uint32_t;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::forward_iterator_tag;
    using pointer = const std::uint32_t*;
    using reference = std::uint32_t;
    iterator() = default;
    // A list's element `at`; or, with the words of `of` (its bits or codes, which the iterator
    // copies: it does not point to `of`), the first record from word `word` on.
    explicit iterator(const std::uint32_t* at) : at_(at) {}
    iterator(const TypeRecords& of, std::size_t word)
        : bits_(of.bits_), codes_(of.codes_), word_(word), words_(of.words_), code_(of.code_) {
      if (word_ < words_) word_bits_ = this->word(word_);
      skip_empty();
    }
    std::uint32_t operator*() const {
      if (words_ == 0) return *at_;
      return static_cast<std::uint32_t>(word_ * 64 +
                                        static_cast<std::size_t>(std::countr_zero(word_bits_)));
    }
    iterator& operator++() {
      if (words_ == 0) {
        ++at_;
      } else {
        word_bits_ &= word_bits_ - 1;
        skip_empty();
      }
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const iterator& a, const iterator& b) {
      return a.at_ == b.at_ && a.word_ == b.word_ && a.word_bits_ == b.word_bits_;
    }

   private:
    // Bit k: record 64 * w + k is of the type.
    std::uint64_t word(std::size_t w) const {
      return bits_ != nullptr ? bits_[w] : codes_->bits_of(code_, w);
    }
    void skip_empty() {
      while (word_bits_ == 0 && word_ < words_) {
        if (++word_ < words_) word_bits_ = word(word_);
      }
    }
    const std::uint32_t* at_ = nullptr;
    const std::uint64_t* bits_ = nullptr;
    const TypeCodes* codes_ = nullptr;
    std::size_t word_ = 0, words_ = 0;  // words_ 0: a list
    std::uint64_t word_bits_ = 0;
    std::uint8_t code_ = 0;
  };
  iterator begin() const { return listed() ? iterator(list_) : iterator(*this, 0); }
  iterator end() const { return listed() ? iterator(list_ + size_) : iterator(*this, words_); }
  std::uint32_t front() const { return *begin(); }

 private:
  bool listed() const { return bits_ == nullptr && codes_ == nullptr; }
  const std::uint32_t* list_ = nullptr;
  const std::uint64_t* bits_ = nullptr;
  const TypeCodes* codes_ = nullptr;
  std::size_t words_ = 0;
  std::size_t size_ = 0;
  std::uint8_t code_ = 0;
};

// Where each owner's run of a zone's owner index starts (Zone::owner_start): a nondecreasing
// list of record positions, the last one the number of records. The owners come in groups of
// 32: a group keeps the start of its first owner (4 bytes) and each owner's distance from it in
// a byte, 1.125 bytes an owner where a list took 4 (2.4 MB -> 0.7 MB for the 604k owners of a
// 1M-record zone). A group whose owners have so many records that a distance does not fit (an
// owner has 1.7 records on average in that zone, 8 would be needed) keeps its 32 starts whole.
// Reading one is two loads, from arrays small enough to stay in the caches.
class OwnerStarts {
 public:
  // Starts a list of `count` entries, filled by Writer from the last to the first.
  class Writer {
   public:
    Writer(OwnerStarts& to, std::size_t count);
    // Entry k: k = count - 1, then count - 2, ... down to 0, each once.
    void set(std::size_t k, std::uint32_t start) {
      pending_[k % kGroup] = start;
      if (k % kGroup == 0) flush(k / kGroup);
    }

   private:
    void flush(std::size_t group);
    OwnerStarts& to_;
    std::size_t count_;
    std::array<std::uint32_t, 32> pending_{};
  };
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::uint32_t operator[](std::size_t k) const {
    const std::uint32_t base = words_[k / kGroup];
    if ((base & kWide) != 0) return words_[(base & ~kWide) + k % kGroup];
    return base + reinterpret_cast<const std::uint8_t*>(words_.data() + groups())[k];
  }
  void clear() {
    words_.clear();
    count_ = 0;
  }

 private:
  static constexpr std::size_t kGroup = 32;
  static constexpr std::uint32_t kWide = 0x80000000u;  // a base that is the index of the starts
  std::size_t groups() const { return (count_ + kGroup - 1) / kGroup; }
  // The groups' bases (a start, or kWide and where the group's starts are in words_), then the
  // distances (a byte an entry), then the starts of the wide groups.
  std::vector<std::uint32_t> words_;
  std::size_t count_ = 0;
};

class Zone {
 public:
  Name origin;
  FileId file = kNoFile;  // the file the zone was loaded from
  InputFormat format = InputFormat::zone;
  bool names_always_absolute = false;  // e.g. Route 53: no name can be relative
  std::string label;                   // extra identity (Terraform resource address prefix etc.)
  std::vector<FileId> included_files;  // files pulled in by $INCLUDE
  // Generated inputs (DNSControl IR, Terraform plan): where a record was declared in the
  // source that produced it (dnsconfig.js line:column, the Terraform resource address).
  // Findings on that record get the note as a related location (add_declaration_notes in
  // load/loader.hpp). Sorted by record index.
  struct Declaration {
    std::uint32_t record = 0;
    Note note;
  };
  std::vector<Declaration> declarations;
  TtlFacts ttl_facts;  // zone files only
  // The class of every record of the zone: a loader refuses a record of another (the zone
  // file's ParseOptions::default_class; IN in the other front ends).
  std::uint16_t rclass = rrclass::IN;

  std::vector<Record> records;           // file order, after $INCLUDE and $GENERATE expansion
  NameStore owner_names;                 // the records' owners (see Zone::owner)
  std::vector<FieldExtra> field_extras;  // see NearField
  std::string rdata_arena;  // each record's rdata, then its stored fields (see NearField)
  std::string text_arena;

  // --- building -------------------------------------------------------------------------
  // A record is built with set_entry, then set_rdata, then add_field for each field (stored
  // fields only), and is appended to `records` in the order of the set_entry calls (a record's
  // file is found from its owner handle, which grows from one set_entry to the next: see
  // file_runs_).
  // Gives `r` its entry's span (`entry`: Zone::span), its owner, copied into owner_names (or the
  // copy the record before took, when it has the same owner and file), and its owner and type
  // tokens.
  void set_entry(Record& r, Span entry, NameView owner, Span owner_token, Span type_token);
  // How set_rdata keeps a record's fields (see NearField).
  enum class FieldForm : std::uint8_t {
    stored,  // add_field adds them
    lexed,   // the tokens of the entry after its type token, lexed again when asked
  };
  // Appends rdata wire bytes (after their length) to the arena, and sets `r`'s rdata_off. Once
  // a record, before its fields. `stored`: an empty list of fields follows, for add_field.
  // `lexed`: nothing follows, and `r`'s fields are the tokens of its entry (set_entry gave it,
  // with a type token in the entry's file: std::logic_error otherwise) after its type token.
  void set_rdata(Record& r, std::string_view wire, FieldForm form = FieldForm::stored);
  // Appends a field to `r`, whose entry (and so its file) and rdata must be set already (with
  // stored fields), and whose fields end the arena (the last record given its rdata).
  // `text_or_null`: the field's text when it is not the text of its span, else nullptr.
  void add_field(Record& r, Span span, const std::string_view* text_or_null);
  // Moves `from`'s records, with their owners, files, rdata, fields and texts, after this
  // zone's (a stretch of the zone's file parsed apart); leaves `from` as clear_records does.
  void take_records(Zone& from);
  // Drops the records, with their owners, files, rdata, fields and texts (the buffers' capacity
  // kept); the other members stay as they were.
  void clear_records();
  // Adds `by` to the file of every record's entry (its FileId in a SourceSet appended to another
  // that holds `by` files; kNoFile stays).
  void shift_files(FileId by) {
    for (FileRun& run : file_runs_)
      if (run.file != kNoFile) run.file += by;
  }
  // Adds `by` to the FieldExtra index of every field kept as one: for records (and their arena
  // and extras) that are appended after `by` extras of another zone.
  void shift_field_extras(std::uint32_t by);
  // Builds the indexes; call once after all records are added. With `threads` > 1, the owner
  // sort of a large zone runs on that many threads (--jobs), and so does the build of its read
  // index (on first use); the indexes are the same.
  void build_index(unsigned threads = 1);

  // --- reading ----------------------------------------------------------------------------
  // The file of `r`'s entry (a record of this zone): see file_runs_.
  FileId file_of(const Record& r) const {
    if (file_runs_.size() == 1) return file_runs_.front().file;  // one file: most zones
    return file_of_run(r.owner_);
  }
  // The whole entry of `r` (may cover several lines).
  Span span(const Record& r) const {
    const FileId in = file_of(r);
    if (r.owner_len_ == Record::kFar) return Span{in, r.begin_, far_tokens(r).entry_end};
    return Span{in, r.begin_, r.begin_ + r.length_};
  }
  // The owner of `r` (a record of this zone): a view into owner_names, valid as long as no
  // record is added.
  NameView owner(const Record& r) const { return owner_names.view(r.owner_); }
  // The owner token of `r`; an empty span at the entry start when inherited. Invalid when
  // unknown.
  Span owner_span(const Record& r) const {
    if (r.owner_len_ == Record::kFar) return far_tokens(r).owner(file_of(r));
    if (r.owner_len_ == Record::kNoToken) return Span{};
    return Span{file_of(r), r.begin_, r.begin_ + r.owner_len_};
  }
  // The type token of `r`. Invalid when unknown.
  Span type_span(const Record& r) const {
    if (r.owner_len_ == Record::kFar) return far_tokens(r).type(file_of(r));
    if (r.type_len_ == Record::kNoTypeToken) return Span{};
    const std::uint32_t begin = r.begin_ + r.type_off_;
    return Span{file_of(r), begin, begin + r.type_len_};
  }
  // The rdata of `r` in wire form (its length is RDLENGTH).
  std::string_view rdata(const Record& r) const {
    if (r.rdata_off == Record::kNoData) return {};
    return std::string_view(rdata_arena).substr(r.rdata_off, rdata_length(r));
  }
  // The fields of `r` (see NearField): lexed fields are found in the text of its file in
  // `src` (the set the zone was loaded into; none when it does not hold the file).
  FieldList fields_of(const Record& r, const SourceSet& src) const;  // inline, below
  // Text of field i as written (empty past the last field).
  std::string_view field_text(const Record& r, std::size_t i, const SourceSet& src) const;
  // Whether `r`'s fields are lexed from its entry when asked, not stored (see NearField).
  bool fields_lexed(const Record& r) const { return r.lexed_fields_ != 0; }

  // Indices of records owned by `name` (any type), in file order (a new vector: prefer
  // owner_records when the order does not matter).
  std::vector<std::uint32_t> records_at(NameView name) const;
  // Indices of records owned by `name` of `type`, in file order: a view into the owner index
  // (no allocation), valid as long as the zone and its index.
  std::span<const std::uint32_t> records_at(NameView name, std::uint16_t type) const;
  // Indices of records owned by `name` (any type), ordered by type, then file order: a view
  // into the owner index (no allocation). Empty when the name owns no record.
  std::span<const std::uint32_t> owner_records(NameView name) const;
  bool has(NameView name, std::uint16_t type) const;
  bool name_exists(NameView name) const;  // owns records, or is an empty non-terminal
  // Indices of all records of `type` (in zone or not), in file order: a rule that wants the
  // CNAMEs reads only those instead of scanning every record. A view (no allocation), valid
  // as long as the zone and its index.
  TypeRecords records_of_type(std::uint16_t type) const;
  // Is `name` at or below this zone's origin?
  bool contains(NameView name) const { return name.is_subdomain_of(origin); }
  // The closest delegation point (NS owner other than the origin) at or above `name`
  // within this zone, if any.
  std::optional<Name> delegation_above(NameView name) const;
  // The closest DNAME owner strictly above `name`, at or below the origin, if any.
  std::optional<Name> dname_above(NameView name) const;
  // Delegation points (NS owners below the origin) and DNAME owners, in canonical order.
  const std::vector<Name>& delegation_points() const { return cuts_; }
  const std::vector<Name>& dname_owners() const { return dnames_; }
  // Record index order by (canonical owner, type, file order).
  const std::vector<std::uint32_t>& sorted() const { return by_owner_; }
  // The owners of the zone, one run of sorted() each: the records of the k-th owner (in
  // canonical order) are sorted()[owner_start(k) .. owner_start(k + 1)), for k <= owner_count()
  // (owner_start(owner_count()) is sorted().size()). A pass over the owners of a zone walks
  // these instead of comparing the owner names of neighbouring records.
  std::uint32_t owner_start(std::size_t k) const { return owner_starts_[k]; }
  // The records of the k-th owner (k < owner_count()), as owner_records gives them.
  std::size_t owner_count() const { return owner_starts_.empty() ? 0 : owner_starts_.size() - 1; }
  std::span<const std::uint32_t> owner_run(std::size_t k) const {
    return std::span<const std::uint32_t>(by_owner_).subspan(
        owner_starts_[k], owner_starts_[k + 1] - owner_starts_[k]);
  }
  // Those of them of `type`, in file order.
  std::span<const std::uint32_t> owner_run(std::size_t k, std::uint16_t type) const {
    return of_type(owner_starts_[k], owner_starts_[k + 1], type);
  }
  // The owners at or below the origin (whose records are in zone, see in_zone in
  // lint/rule_support.hpp) are the owner numbers [first, second): canonical order keeps a
  // name and the names below it together.
  std::pair<std::size_t, std::size_t> in_zone_owners() const;

 private:
  // The first `max` of `r`'s lexed fields (model/entry_tokens.hpp).
  FieldList lexed_fields(const Record& r, const SourceSet& src, std::size_t max) const;
  Record::FarTokens far_tokens(const Record& r) const {  // memcpy: the store does not align them
    Record::FarTokens t;
    std::memcpy(&t, owner_names.data() + r.owner_ - sizeof t, sizeof t);
    return t;
  }
  // The byte before a record's rdata (see Record): its length, unless it is this mark, which
  // follows the 2-byte length of a longer rdata.
  static constexpr unsigned char kLongRdata = 0xff;
  // The length of every rdata of `type` that is well formed: 4 for A, 16 for AAAA; else 0
  // (none: the length is kept).
  static std::uint16_t fixed_rdata_length(std::uint16_t type) {
    return type == rrtype::A ? 4 : type == rrtype::AAAA ? 16 : 0;
  }
  // The length of `r`'s rdata: its type's (fixed_rdata_), or from the byte (or 3 bytes) before
  // it (host order, unaligned).
  std::uint16_t rdata_length(const Record& r) const {
    if (r.fixed_rdata_ != 0) return fixed_rdata_length(r.type);
    const auto* at = reinterpret_cast<const unsigned char*>(rdata_arena.data()) + r.rdata_off;
    if (at[-1] != kLongRdata) return at[-1];
    std::uint16_t n = 0;
    std::memcpy(&n, at - 1 - sizeof n, sizeof n);
    return n;
  }
  // The files of the records' entries. The records of one file follow each other (a zone file's
  // records, then an $INCLUDEd file's, then the zone file's again), and a record's owner handle
  // grows with its place in `records` (set_entry gives the first record of each run a copy of
  // its owner of its own): so a run is known by the owner handle of its first record, and a
  // record's file is the file of the last run whose first handle is at or below its own.
  // set_entry starts a run when the file changes, take_records appends another zone's.
  struct FileRun {
    NameStore::Handle first = 0;  // the owner handle of the run's first record
    FileId file = kNoFile;
  };
  // The runs, in order, the first one kept in place: most zones have one (no $INCLUDE), and a
  // vector of one run was a heap block a zone (with --jobs, allocated by the thread that parsed
  // the zone, under malloc's arena lock) and a pointer to follow for the file of every record
  // asked about (where the loader's thread appends a zone another thread parsed, and shifts
  // its files: a cache miss, 40% of FileLoader::append over 10,000 small zones).
  class FileRuns {
   public:
    FileRuns() = default;
    FileRuns(const FileRuns&) = default;
    FileRuns& operator=(const FileRuns&) = default;
    FileRuns(FileRuns&& o) noexcept
        : first_(o.first_), more_(std::move(o.more_)), size_(std::exchange(o.size_, 0)) {}
    FileRuns& operator=(FileRuns&& o) noexcept {
      first_ = o.first_;
      more_ = std::move(o.more_);
      size_ = std::exchange(o.size_, 0);
      return *this;
    }
    ~FileRuns() = default;
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // [begin, end): the first run in place while it is the only one, else all of them in more_.
    FileRun* begin() { return size_ <= 1 ? &first_ : more_.data(); }
    FileRun* end() { return begin() + size_; }
    const FileRun* begin() const { return size_ <= 1 ? &first_ : more_.data(); }
    const FileRun* end() const { return begin() + size_; }
    const FileRun& front() const { return *begin(); }
    const FileRun& back() const { return begin()[size_ - 1]; }
    void push_back(FileRun run) {
      if (size_ == 0) {
        first_ = run;
      } else {
        if (size_ == 1) more_.assign(1, first_);
        more_.push_back(run);
      }
      ++size_;
    }
    void clear() {
      more_.clear();
      size_ = 0;
    }

   private:
    FileRun first_;
    std::vector<FileRun> more_;  // every run, once there are two or more
    std::uint32_t size_ = 0;
  };
  FileRuns file_runs_;
  FileId file_of_run(NameStore::Handle owner) const;
  // The part of sorted()[begin, end) (one owner's run, ordered by type) that holds `type`.
  std::span<const std::uint32_t> of_type(std::size_t begin, std::size_t end,
                                         std::uint16_t type) const;
  std::vector<std::uint32_t> by_owner_;
  // Owners of NS records below the origin (delegation points) and of DNAME records, in
  // canonical order, built with the index: the ancestor walks of delegation_above and
  // dname_above search these short lists instead of the whole index.
  std::vector<Name> cuts_, dnames_;
  struct CiWireHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view w) const { return Name::hash_ci(w); }
  };
  struct CiWireEq {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return Name::equal_ci(a, b); }
  };
  std::unordered_set<std::string, CiWireHash, CiWireEq> cut_set_, dname_set_;  // their wires

  // Where each owner's run of by_owner_ starts (see owner_start), built with the index.
  OwnerStarts owner_starts_;
  // The records' types as codes (see TypeCodes), built with the index.
  TypeCodes type_codes_;
  // The type of record i: from its code, or the record when it has none (records added since
  // build_index included).
  std::uint16_t type_at(std::size_t i) const {
    if (i < type_codes_.size()) {
      const std::uint8_t c = type_codes_.code(i);
      if (c != TypeCodes::kOther) return type_codes_.type_of_code(c);
    }
    return records[i].type;
  }

  // The lookup side's indexes, built from the owner index on first use (the rules phase; a
  // parse-only run never pays for them) and exactly once, even when rules run in parallel
  // threads. A copy of the zone builds its own.
  //
  // The rules phase looks names up millions of times, mostly in a zone far larger than the
  // CPU caches, so these are laid out for few cache misses rather than for few instructions:
  // a lookup that misses touches only the slot table, a hit reads its slot and then the owner's
  // name (to compare it), and a question about types reads the type codes, not records.
  struct ReadIndex {
    // Exact-owner lookups: open addressing (linear probing) from an owner name (case
    // insensitive) to its owner number k, whose run of by_owner_ is owner_starts_[k] ..
    // owner_starts_[k + 1] and whose name is that of the run's first record. A slot is 4 bytes:
    // 0 when empty, else k + 1 in its low `owner_bits` bits and the top bits of the owner's hash
    // above them (a tag: most lookups that miss stop at a slot without reading a name). A hit
    // reads its slot, then owner_starts_[k] (from arrays that stay in the caches), the run's
    // first record number in by_owner_, that record and its name: as many steps as 12-byte slots
    // that kept a record of the owner took (10.9 MB for the 604k owners of a 1M-record zone),
    // in these 3.0 MB (four fifths full). An array of each owner's name handle (2.4 MB) saved
    // the loads of by_owner_ and of the record: about 2% of the CPU time of that zone's run.
    std::span<std::uint32_t> slots;
    unsigned owner_bits = 0;  // of a slot: for k + 1 (bit_width(owners))
    // The records of each type (records_of_type), sorted by type: a list of their indices in
    // file order in `by_type`, or, when that is more bytes than a bit a record (a type that
    // more than one record in 32 has), a bit a record (TypeRecords): found from the type codes
    // when the type has one (type_codes_, kept for every zone of 1,024 records or more),
    // else in `type_bits`. In the 1M-record bench zone every type but NS and SOA is one of the
    // former: no bytes where their bits took 0.9 MB (and a list of all records 4 MB).
    // Laid out by build_index, which counts the types (lay_out_types); made again here when
    // they do not add up to the records (a copy of the zone, or records added since).
    struct TypeRange {
      std::uint16_t type = 0;
      std::uint16_t form = kList;
      std::uint32_t count = 0;
      // The list's first index in by_type, the bits' first word in type_bits, or the code.
      std::uint32_t at = 0;
      static constexpr std::uint16_t kList = 0, kBits = 1, kCodes = 2;
    };
    static_assert(sizeof(TypeRange) == 12, "a zone has one per type");
    std::span<std::uint32_t> by_type;
    std::span<std::uint64_t> type_bits;
    std::size_t type_words = 0;  // of each bit type's bits: a word for 64 records
    std::vector<TypeRange> type_ranges;
    // `type_bits`, `slots` and `by_type`, in one allocation: with the temporary
    // arrays, building the index of a zone of 20 records took ten, which over 10,000 small zones
    // were most of its cost, more so with --jobs, where malloc takes locks.
    std::unique_ptr<std::byte[]> block;
    // Bit d: a delegation point (cut_depths) or DNAME owner (dname_depths) has d labels (d <
    // 128): the ancestor walks look a suffix up only when one of that length exists.
    std::uint64_t cut_depths[2] = {0, 0}, dname_depths[2] = {0, 0};
    std::size_t in_zone_lo = 0, in_zone_hi = 0;  // in_zone_owners(), found with the table
  };
  struct LazyReadIndex {
    ReadIndex index;
    std::atomic<bool> built{false};
    std::mutex mutex;
    LazyReadIndex() = default;
    LazyReadIndex(const LazyReadIndex&) noexcept {}
    LazyReadIndex(LazyReadIndex&& o) noexcept : index(std::move(o.index)), built(o.built.load()) {}
    LazyReadIndex& operator=(const LazyReadIndex&) noexcept {
      reset();
      return *this;
    }
    LazyReadIndex& operator=(LazyReadIndex&& o) noexcept {
      index = std::move(o.index);
      built.store(o.built.load());
      return *this;
    }
    void reset() {
      index = ReadIndex{};
      built.store(false);
    }
  };
  mutable LazyReadIndex read_index_;
  // The threads build_index was given: a large zone's read index is built on as many.
  unsigned index_threads_ = 1;
  // The read index; the check is inline because every lookup makes it.
  const ReadIndex& read_index() const {
    if (read_index_.built.load(std::memory_order_acquire)) return read_index_.index;
    return build_read_index();
  }
  const ReadIndex& build_read_index() const;
  // `name`'s owner run of by_owner_, [begin, end); end 0 when it owns no record.
  struct OwnerRun {
    std::uint32_t begin = 0, end = 0;
  };
  OwnerRun find_owner(NameView name) const;
};

inline FieldList Zone::fields_of(const Record& r, const SourceSet& src) const {
  if (r.lexed_fields_ != 0) return lexed_fields(r, src, std::numeric_limits<std::size_t>::max());
  if (r.rdata_off == Record::kNoData) return {};
  const auto* p =
      reinterpret_cast<const unsigned char*>(rdata_arena.data()) + r.rdata_off + rdata_length(r);
  const std::uint8_t head = *p++;
  std::size_t count = head & kCountFollows;
  if (count == kCountFollows) {
    std::uint32_t n = 0;
    std::memcpy(&n, p, sizeof n);
    p += sizeof n;
    count = n;
  }
  return FieldList(p, count, (head & kWideFields) != 0, span(r), field_extras.data());
}

// Typed decoders.
std::optional<AData> as_a(const Zone&, const Record&);
std::optional<AaaaData> as_aaaa(const Zone&, const Record&);
std::optional<NameData> as_name_target(const Zone&, const Record&);  // NS/CNAME/DNAME/PTR
std::optional<SoaData> as_soa(const Zone&, const Record&);
std::optional<MxData> as_mx(const Zone&, const Record&);
std::optional<TxtData> as_txt(const Zone&, const Record&);
std::optional<SrvData> as_srv(const Zone&, const Record&);
std::optional<CaaData> as_caa(const Zone&, const Record&);

// Reads an uncompressed wire name at `pos` of `wire`; advances pos.
std::optional<Name> read_wire_name(std::string_view wire, std::size_t& pos);

// All zones of one run, with cross-zone lookups.
class ZoneSet {
 public:
  SourceSet sources;
  std::vector<Zone> zones;
  Diagnostics diagnostics;  // load and parse diagnostics

  // The loaded zone authoritative for `name`: the one with the longest origin that `name`
  // is at or below. nullptr when no loaded zone contains it.
  const Zone* authoritative_for(NameView name) const;
};

// For a pass over every zone of a set, in order (zones[i] now): asks the cache for the zone a
// few places ahead. A Zone is ~850 bytes, so over many small zones each is a cache miss or two
// that the hardware does not prefetch across pages; asked for ahead, they overlap (the passes on
// the main thread between the load and the rules, and after them, over 10,000 small zones:
// ~0.1 ms less each).
inline void prefetch_zone_ahead(const std::vector<Zone>& zones, std::size_t i) {
  constexpr std::size_t kAhead = 8;
  if (i + kAhead >= zones.size()) return;
  __builtin_prefetch(&zones[i + kAhead].file);
  __builtin_prefetch(&zones[i + kAhead].records);
}

}  // namespace zl
